"""The folding file (bcdsim-folding/2): round trip, and every way a file can fail to match the model."""
from __future__ import annotations

import json

import pytest
from design_graphs import typed

from bcdsim.cost.devices import get_device
from bcdsim.cost.estimate import estimate
from bcdsim.design.folding_file import FORMAT, load_folding, save_folding
from bcdsim.design.plan import plan
from bcdsim.errors import UserError

ZCU104 = get_device("zcu104")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    hw, bops = typed("default")
    e = estimate(hw, ZCU104, 200, fps=200_000, bops=bops, name="bcdnet-tiny-b")
    path = tmp_path_factory.mktemp("fold") / "fold.json"
    save_folding(path, e.point, "bcdnet-tiny-b")
    return hw, e, path


def test_round_trip(saved):
    hw, e, path = saved
    data = json.loads(path.read_text())
    assert data["format"] == FORMAT and data["model"] == "bcdnet-tiny-b" and data["clock_mhz"] == 200
    conv = data["units"]["feature_1_binary_3x3_popcount"]  # keyed by hardware-graph node names
    assert conv["kind"] == "xnor_mvau" and conv["mw"] == 144 and conv["nodes"][1] == "feature_1_bn1_affine"
    assert {s: v["depth"] for s, v in data["streams"].items()} == {s.name: s.depth for s in e.design.streams}
    f = load_folding(path, hw, plan(hw))
    assert f.folding == e.design.folding()
    again = estimate(hw, ZCU104, folding=str(path), bops=e.search.bops)
    assert again.point.fps == pytest.approx(e.point.fps) and again.point.totals == pytest.approx(e.point.totals)
    assert again.point.latency_cycles == e.point.latency_cycles


def _edited(saved, tmp_path, edit) -> str:
    _, _, path = saved
    data = json.loads(path.read_text())
    edit(data)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(data))
    return str(out)


UNIT = "feature_1_binary_3x3_popcount"


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["units"].update(nosuch={"kind": "eltwise"}), "entry 'nosuch' names no unit of this model"),
    (lambda d: d["units"].pop("head"), "missing unit\\(s\\): 'head'"),
    (lambda d: d["units"][UNIT].update(simd=7), "SIMD 7 does not divide MW=144"),
    (lambda d: d["units"][UNIT].update(pe=3), "PE 3 is not one the unit takes"),
    (lambda d: d["units"][UNIT].update(simd=True), "simd and pe must be integers"),
    (lambda d: d["units"][UNIT].update(kind="dsp_mvau"), "is a xnor_mvau in this model"),
    (lambda d: d["units"][UNIT].update(mw=99), "MW=99 does not match the model's 144"),
    (lambda d: d["units"][UNIT].update(mem="flash"), "mem 'flash' is not one of"),
    (lambda d: d["units"]["feature_1_add"].update(mem="bram"), "mem 'bram' is not one of"),
    (lambda d: d["units"].__setitem__(UNIT, [32, 16]), "expected an object"),
    (lambda d: d.update(format="bcdsim-folding/1"), "bcdsim reads bcdsim-folding/2"),
    (lambda d: d.update(clock_mhz=float("inf")), "clock_mhz must be a number"),
    (lambda d: d.pop("units"), "not a folding file"),
])
def test_validation_errors(saved, tmp_path, edit, message):
    hw = saved[0]
    with pytest.raises(UserError, match=message):
        load_folding(_edited(saved, tmp_path, edit), hw, plan(hw))


def test_not_a_folding_file(saved, tmp_path):
    hw = saved[0]
    for text in ("[1, 2]", "{not json", ""):
        bad = tmp_path / "bad.json"
        bad.write_text(text)
        with pytest.raises(UserError):
            load_folding(bad, hw, plan(hw))
    with pytest.raises(UserError, match="is a directory"):
        load_folding(tmp_path, hw, plan(hw))
