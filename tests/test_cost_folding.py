"""The folding file: round trip, and every way a file can fail to match the model."""
from __future__ import annotations

import json

import pytest
from zoo_graphs import zoo_graph

from bcdsim.cost.devices import get_device
from bcdsim.cost.folding import optimize
from bcdsim.cost.folding_file import FORMAT, load_folding, save_folding
from bcdsim.cost.mapping import unit_graph
from bcdsim.cost.network import evaluate
from bcdsim.errors import UserError

ZCU104 = get_device("zcu104")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    ug = unit_graph(zoo_graph("bcdnet-tiny")[2])
    point, folding = optimize(ug, ZCU104, 200, fps=5000)
    path = tmp_path_factory.mktemp("fold") / "fold.json"
    save_folding(path, ug, folding, point, "bcdnet-tiny", ZCU104)
    return ug, point, path


def test_round_trip(saved):
    ug, point, path = saved
    data = json.loads(path.read_text())
    assert data["format"] == FORMAT and data["model"] == "bcdnet-tiny" and data["clock_mhz"] == 200
    conv = data["units"]["feature_1_binary_3x3"]
    assert {"kind", "simd", "pe", "mw", "mh", "mem", "nodes"} <= set(conv) and conv["mw"] == 144
    assert data["units"]["feature_1_binary_3x3__swu"]["simd"] == conv["simd"]
    assert data["units"]["feature_1_add__fifo"]["depth"] >= 2
    assert data["units"]["mlp_layer_0_mlp_layer_0_binary_conv__gather"]["gather"] in (
        "channel-interleaved", "source-major")
    assert data["predicted"]["source"] == "analytical"
    folding, header = load_folding(path, ug)
    again = evaluate(ug, folding, ZCU104, header["clock_mhz"])
    assert again.fps == pytest.approx(point.fps) and again.totals == pytest.approx(point.totals)


def _edited(saved, tmp_path, edit) -> str:
    _, _, path = saved
    data = json.loads(path.read_text())
    edit(data["units"])
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(data))
    return str(out)


@pytest.mark.parametrize("edit, message", [
    (lambda u: u.update(nosuch={"kind": "mvau"}), "unknown unit\\(s\\) for this model: nosuch"),
    (lambda u: u.pop("head"), "missing unit\\(s\\): head"),
    (lambda u: u["feature_1_binary_3x3"].update(simd=7), "SIMD 7 does not divide MW=144"),
    (lambda u: u["feature_1_binary_3x3"].update(pe=3), "PE 3 does not divide 16"),
    (lambda u: u["feature_1_binary_3x3"].update(kind="dsp_mvau"), "is a mvau in this model"),
    (lambda u: u["feature_1_binary_3x3"].update(mw=99), "MW=99 does not match the model's 144"),
    (lambda u: u["feature_1_binary_3x3__swu"].update(simd=1), "must have the SIMD of 'feature_1_binary_3x3'"),
    (lambda u: u["feature_1_binary_3x3"].update(mem="flash"), "mem 'flash' is not one of"),
])
def test_validation_errors(saved, tmp_path, edit, message):
    ug = saved[0]
    with pytest.raises(UserError, match=message):
        load_folding(_edited(saved, tmp_path, edit), ug)


def test_not_a_folding_file(saved, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(UserError, match="not valid JSON"):
        load_folding(bad, saved[0])
    bad.write_text("[]")
    with pytest.raises(UserError, match="not a folding file"):
        load_folding(bad, saved[0])
    other = unit_graph(zoo_graph("bcdnet-tiny-b")[2])
    with pytest.raises(UserError, match="unknown unit|missing unit"):
        load_folding(saved[2], other)
