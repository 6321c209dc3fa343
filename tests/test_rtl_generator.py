"""The RTL generator (bcdsim.backends.rtl, `bcdsim rtl`, `bcdsim synth`) without simulators:
golden files, memory layouts, folding files, output-stage arithmetic, CLI behaviour."""
from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from bcdsim.backends.rtl import build_units, write_design
from bcdsim.backends.rtl.spec import Folding, weight_words
from bcdsim.backends.rtl.stage import affine_stage, affine_values
from bcdsim.cli import rtl, synth
from bcdsim.errors import UserError

ROOT = Path(__file__).resolve().parents[1]
TINY = str(ROOT / "bcdsim" / "models" / "weights" / "bcdnet-tiny.pth")
GOLDEN = ROOT / "rtl_tests" / "golden"
GOLDEN_LAYER = "feature_2_binary_pw_down1_popcount"  # MW 32, MH 32: SIMD 32 x PE 16, affine stage


def cli(argv: list[str]) -> int:
    """`bcdsim rtl|synth ...` as bcdsim.cli.main runs it (one-line errors, exit codes)."""
    parser = argparse.ArgumentParser(prog="bcdsim")
    sub = parser.add_subparsers()
    rtl.add_parser(sub)
    synth.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UserError as e:
        print(f"bcdsim: error: {e}")
        return e.exit_code


@pytest.fixture(scope="module")
def tiny_units():
    return build_units(TINY, None)


def test_golden_files(tmp_path, tiny_units):
    """The generated top, its description and memory images of a small layer, byte for byte.
    BCDSIM_UPDATE_GOLDEN=1 rewrites them (review the diff)."""
    label, units = tiny_units
    unit = next(u for u in units if u.spec.node == GOLDEN_LAYER)
    write_design(tmp_path / "out", [unit], label)
    names = [f"{GOLDEN_LAYER}{s}" for s in (".v", ".json", "_weights.mem", "_scales.mem", "_shifts.mem")]
    if os.environ.get("BCDSIM_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for n in names:
            shutil.copyfile(tmp_path / "out" / n, GOLDEN / n)
    for n in names:
        assert (tmp_path / "out" / n).read_text() == (GOLDEN / n).read_text(), f"{n} differs from rtl_tests/golden"


def test_every_layer_generates_and_agrees(tiny_units):
    """Generation itself checks hw mode against PyTorch and the RTL stage arithmetic against hw
    mode; here: shapes, the design's default folding and the stimulus size."""
    _, units = tiny_units
    assert len(units) == 10
    folds = {u.spec.node: (u.fold.simd, u.fold.pe) for u in units}
    assert folds["feature_1_binary_3x3_popcount"] == (48, 16)  # MW 144; C 16 too small for a per-fold mask
    assert folds["feature_2_binary_3x3_popcount"] == (32, 16)  # MW 288, SIMD = C: one valid bit per fold
    # the design's shift gather emits words within one shift chunk (C/4 = 16 channels)
    assert folds["mlp_layer_0_mlp_layer_0_bn1_popcount"] == (16, 16)
    for u in units:
        assert u.stim.bits.shape == (2 * u.stim.full_pixels, u.spec.mw)
        assert u.stim.expected.shape[1] == u.spec.segments * u.spec.mh


def test_weight_words_layout(tiny_units):
    """Word nf*SF + sf, bit p*SIMD + i = weight of element sf*SIMD + i for channel nf*PE + p."""
    unit = next(u for u in tiny_units[1] if u.spec.node == "feature_2_binary_3x3_popcount")
    spec, fold = unit.spec, Folding(16, 8)
    words = [int(w, 16) for w in weight_words(spec, fold)]
    sf, nf = spec.mw // fold.simd, spec.mh // fold.pe
    assert len(words) == sf * nf
    for o in (0, 9, spec.mh - 1):
        for m in (0, 17, spec.mw - 1):
            word = words[(o // fold.pe) * sf + m // fold.simd]
            assert (word >> ((o % fold.pe) * fold.simd + m % fold.simd)) & 1 == spec.weight[o, m]


def test_affine_integer_form_matches_hw_mode():
    """bcd_affine's arithmetic (shift, round half up by the constant, saturate) equals hw mode on
    every reachable popcount, for every layer's Affine of the shipped model."""
    from bcdsim.hw.interpret import HW_KERNELS
    from bcdsim.hw.ops import Affine
    from bcdsim.hw.verify import hardware_graph
    from bcdsim.io.loaded import load_model
    from bcdsim.ir.frontend import to_ir
    from bcdsim.train.data import load_dataset

    loaded = load_model(TINY)
    typed = hardware_graph(to_ir(loaded.module, loaded.input_shape), load_dataset("digits").x_train[:64])
    checked = 0
    for node in typed:
        if isinstance(node.op, Affine) and node.inputs[0].endswith("_popcount"):
            pop = typed.node(node.inputs[0])
            n = (1 << (pop.dtype.bits - 1)) - 1
            g, o = node.op.scale.shape
            p = np.random.default_rng(0).integers(-n, n + 1, (1, g * o, 7, 9))
            ref = HW_KERNELS[Affine](node.op, [p], [pop.dtype], node)[0]
            got = affine_values(affine_stage(node), p.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
            assert np.array_equal(ref, got), node.name
            checked += 1
    assert checked == 10


def test_refuses_non_empty_out_and_keeps_it(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(out), "--stage", "int"]) == 2
    assert "--force" in capsys.readouterr().out
    assert (out / "mine.txt").read_text() == "keep"
    # --force replaces only a folder bcdsim wrote, never someone's other files
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(out), "--force", "--stage", "int"]) == 2
    assert "not written by bcdsim" in capsys.readouterr().out and (out / "mine.txt").read_text() == "keep"
    (out / "mine.txt").unlink()
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(out), "--stage", "int"]) == 0  # empty: fine
    first = (out / "manifest.json").read_text()
    assert cli(["rtl", TINY, "--layer", "no_such_layer", "--out", str(out), "--force"]) == 2
    assert (out / "manifest.json").read_text() == first  # a failed run leaves the directory as it was
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(out), "--force", "--stage", "int"]) == 0
    assert (out / "manifest.json").exists() and (out / ".bcdsim-output.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary directories left


def _folding(tmp_path: Path, **entries: tuple[int, int]) -> Path:
    """The model's design folding file (analyze --save-folding, the default folding) with some
    XNOR units refolded (SIMD, PE)."""
    f = tmp_path / "fold.json"
    from bcdsim.cli.main import main

    assert main(["analyze", TINY, "--device", "zcu104", "--folding", "default", "--save-folding", str(f)]) == 0
    doc = json.loads(f.read_text())
    for name, (simd, pe) in entries.items():
        doc["units"][name].update(simd=simd, pe=pe)
    f.write_text(json.dumps(doc))
    return f


def test_folding_files(tmp_path, capsys):
    """The RTL generator reads the design's folding file with analyze's and generate's checks."""
    f = _folding(tmp_path, **{GOLDEN_LAYER: (16, 8)})
    capsys.readouterr()
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(tmp_path / "a"), "--folding", str(f),
                "--format", "json", "--stage", "int"]) == 0
    info = json.loads(capsys.readouterr().out)["units"][GOLDEN_LAYER]
    assert (info["simd"], info["pe"]) == (16, 8)
    doc = json.loads(f.read_text())
    doc["units"][GOLDEN_LAYER]["simd"] = 5
    f.write_text(json.dumps(doc))
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(tmp_path / "b"), "--folding", str(f)]) == 2
    assert GOLDEN_LAYER in capsys.readouterr().out
    doc["units"][GOLDEN_LAYER]["simd"] = 16
    doc["units"]["no_such_unit"] = {"simd": 1, "pe": 1}
    f.write_text(json.dumps(doc))
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(tmp_path / "c"), "--folding", str(f)]) == 2
    assert "'no_such_unit' names no unit" in capsys.readouterr().out
    f.write_text(json.dumps({"format": "bcdsim-folding/1", "units": {GOLDEN_LAYER: {"simd": 16, "pe": 8}}}))
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(tmp_path / "d"), "--folding", str(f)]) == 2
    assert "bcdsim reads bcdsim-folding/2" in capsys.readouterr().out
    assert not any((tmp_path / n).exists() for n in "bcd")


def test_synth_needs_yosys(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert cli(["synth", str(tmp_path / "d")]) == 3  # before reading the directory
    assert "yosys not found" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("yosys") is None, reason="yosys not installed")
def test_synth_counts_cells(tmp_path, capsys):
    fold = _folding(tmp_path, **{GOLDEN_LAYER: (8, 2)})  # small: yosys in seconds
    assert cli(["rtl", TINY, "--layer", GOLDEN_LAYER, "--out", str(tmp_path / "e"), "--stage", "int",
                "--folding", str(fold)]) == 0
    capsys.readouterr()
    assert cli(["synth", str(tmp_path / "e"), "--format", "json"]) == 0
    area = json.loads(capsys.readouterr().out)["units"][GOLDEN_LAYER]
    assert area["lut"] > 0 and area["ff"] > 0 and area["carry"] > 0
    assert cli(["synth", str(tmp_path / "nothing")]) == 2
