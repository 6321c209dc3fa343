"""L2 of the verification ladder: C simulation of generated projects, bit for bit against hw mode,
with counted cycles per unit against the cost model, and the threaded bounded-FIFO build."""
from __future__ import annotations

import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("hls4ml")
if shutil.which("g++") is None:
    pytest.skip("g++ not found", allow_module_level=True)

import hls_cli  # noqa: E402
from hls_cli import WEIGHTS, bcdsim  # noqa: E402

from bcdsim.backends.hls import csim  # noqa: E402
from bcdsim.hw.interpret import run_hw  # noqa: E402

SHORTCUT = "feature_0_bn1__fork__to__feature_1_add"  # the default model's first shortcut, around a frame barrier


@pytest.fixture(scope="module")
def tiny_b_project(tmp_path_factory) -> Path:
    return hls_cli.tiny_b(tmp_path_factory)


def _csim_json(project, *extra, code_expected: int = 0) -> dict:
    code, out, err = bcdsim("csim", project, "--format", "json", *extra)
    assert code == code_expected, err
    return json.loads(out)


@pytest.fixture(scope="module")
def shipped_results(tiny_b_project, tmp_path_factory) -> dict[str, dict]:
    """Both shipped models through C simulation on the whole digits test split; the two g++ builds
    run concurrently."""
    tiny = tmp_path_factory.mktemp("csim") / "tiny"
    code, _, err = bcdsim("generate", WEIGHTS / "bcdnet-tiny.pth", "--out", tiny)
    assert code == 0, err
    with ThreadPoolExecutor(2) as pool:
        jobs = {name: pool.submit(csim.run, path, cycles=True)
                for name, path in (("tiny-b", tiny_b_project), ("tiny", tiny))}
        return {name: job.result().as_dict() for name, job in jobs.items()}


def test_default_model_is_bit_exact_on_the_whole_test_split(shipped_results):
    r = shipped_results["tiny-b"]
    assert r["images"] == 450 and r["bit_exact"] and r["mismatches"] == 0 and r["first_mismatch"] is None
    assert r["csim_accuracy"] == r["hw_accuracy"] == pytest.approx(0.9778, abs=1e-4)
    assert r["pytorch_accuracy"] == pytest.approx(0.9822, abs=1e-4) and r["agreement"] > 0.99


def test_bcdnet_tiny_is_bit_exact_on_the_whole_test_split(shipped_results):
    r = shipped_results["tiny"]
    assert r["images"] == 450 and r["bit_exact"] and r["mismatches"] == 0
    assert r["csim_accuracy"] == pytest.approx(0.9733, abs=1e-4)
    assert r["pytorch_accuracy"] == pytest.approx(0.9756, abs=1e-4)


def check_cycles(c: dict, images: int) -> None:
    """Every unit's counted cycles per frame within 1% of the cost model's (the same every frame),
    and the design's initiation interval within 1%."""
    assert c["units"] and not c["missing"]
    for u in c["units"]:
        assert u["frames"] == images and u["counted_min"] == u["counted_cycles"], u
        assert u["counted_cycles"] == pytest.approx(u["predicted_cycles"], rel=0.01), u
    assert c["counted_ii"] == pytest.approx(c["predicted_ii"], rel=0.01)
    assert c["counted_fps"] == pytest.approx(c["clock_mhz"] * 1e6 / c["counted_ii"], rel=1e-6)
    assert "lower bound" in c["note"]


@pytest.mark.parametrize("model", ["tiny-b", "tiny"])
def test_counted_cycles_equal_the_cost_model(shipped_results, model):
    check_cycles(shipped_results[model]["cycles"], 450)


def test_bounded_fifos_default_model_whole_split_no_deadlock(tiny_b_project):
    """Every process a thread, every FIFO at the design's depth: 450 images bit-exact, no deadlock."""
    r = _csim_json(tiny_b_project, "--bounded-fifos", "--cycles")
    assert r["build"] == "bounded FIFOs" and r["deadlock"] is False
    assert r["images"] == 450 and r["bit_exact"] and r["mismatches"] == 0
    check_cycles(r["cycles"], 450)


def test_a_shortcut_fifo_too_shallow_deadlocks_naming_it(tiny_b_project):
    """The shortcut around the first contextual unit (a frame barrier) must hold almost a frame.
    The design gives it one word more than the threads need (the replay counts a word's slot in the
    cycle it is read): at that depth minus one the run still completes, one below that it
    deadlocks, and the one-line error names it as the full FIFO (exit 4)."""
    depth = json.loads((tiny_b_project / "folding.json").read_text())["streams"][SHORTCUT]["depth"]
    assert depth > 100  # a frame barrier's shortcut
    ok = _csim_json(tiny_b_project, "--bounded-fifos", "--images", "1", "--fifo-depth", f"{SHORTCUT}={depth - 1}")
    assert ok["bit_exact"] and ok["deadlock"] is False
    code, out, err = bcdsim("csim", tiny_b_project, "--bounded-fifos", "--images", "1", "--fifo-depth",
                            f"{SHORTCUT}={depth - 2}")
    lines = err.strip().splitlines()
    assert code == 4 and out == "" and len(lines) == 1, err
    assert lines[0].startswith("bcdsim: error: dataflow deadlock (every process blocked): full FIFOs: ")
    full = lines[0].split("full FIFOs: ")[1].split("; empty FIFOs: ")[0]
    assert f"{SHORTCUT} (depth {depth - 2})" in full


def test_fifo_depth_needs_bounded_fifos_and_a_known_stream(tiny_b_project):
    code, _, err = bcdsim("csim", tiny_b_project, "--fifo-depth", f"{SHORTCUT}=3")
    assert code == 2 and "needs --bounded-fifos" in err
    code, _, err = bcdsim("csim", tiny_b_project, "--bounded-fifos", "--fifo-depth", "nope=3")
    assert code == 2 and "no stream named 'nope'" in err
    code, _, err = bcdsim("csim", tiny_b_project, "--bounded-fifos", "--fifo-depth", f"{SHORTCUT}=x")
    assert code == 2 and "STREAM=DEPTH" in err


def test_csim_command_prints_json_and_table(tiny_b_project, monkeypatch):
    """The CLI's output shapes (the simulation itself replaced by hw mode: see the tests above)."""
    monkeypatch.setattr(csim, "compile_project", _hw_simulator())
    r = _csim_json(tiny_b_project, "--images", "4", "--cycles")
    assert {"images", "bit_exact", "mismatches", "csim_accuracy", "pytorch_accuracy"} <= r.keys()
    assert {"units", "counted_ii", "predicted_ii", "clock_mhz", "counted_fps", "predicted_fps"} <= r["cycles"].keys()
    assert {"name", "counted_cycles", "predicted_cycles"} <= r["cycles"]["units"][0].keys()
    code, out, _ = bcdsim("csim", tiny_b_project, "--images", "4", "--cycles")
    assert code == 0 and "bit-exact" in out and "PyTorch" in out and "lower bound" in out


def _hw_simulator(bad: dict[int, int] | None = None, silent: int | None = None):
    """A stand-in for the compiled library: hw mode, plus one LSB on output bad[i] of image i, and
    image ``silent`` left unwritten (its poisoned NaNs stay); every unit 'counts' its prediction."""
    def fake_compile(project_dir, design):
        from bcdsim.cost.units import unit_cycles

        frac = design.hw.node(design.hw.outputs[0]).dtype.frac_bits
        calls = {"n": 0}

        def run(x_stream):
            i = calls["n"]
            calls["n"] += 1
            c, h, w = design.input_shape[1:]
            x = x_stream.reshape(1, h, w, c).transpose(0, 3, 1, 2)
            y = run_hw(design.hw, x).values[design.hw.outputs[0]][0] / 2.0 ** frac
            if bad and i in bad:
                y[bad[i]] += 2.0 ** -frac
            return np.full_like(y, np.nan) if i == silent else y

        def cycles():
            n = calls["n"]
            return {u.name: {"frames": n, "total": n * unit_cycles(u), "min": unit_cycles(u), "max": unit_cycles(u)}
                    for u in design.design.units if u.kind != "input"}
        return csim.Simulator(run, cycles)
    return fake_compile


def test_a_mismatch_names_its_image_and_output(tiny_b_project, monkeypatch):
    monkeypatch.setattr(csim, "compile_project", _hw_simulator({3: 7}, silent=5))
    code, out, err = bcdsim("csim", tiny_b_project, "--images", "8", "--format", "json")
    r = json.loads(out)
    assert code == 1 and not r["bit_exact"] and r["mismatches"] == 2
    assert r["first_mismatch"]["image"] == 3 and r["first_mismatch"]["output"] == 7
    assert r["first_mismatch"]["csim"] == r["first_mismatch"]["hw"] + 1
    code, out, _ = bcdsim("csim", tiny_b_project, "--images", "8")
    assert code == 1 and "first mismatch: image 3, output 7" in out


def test_a_stale_project_is_refused(tiny_b_project, tmp_path):
    copy = tmp_path / "stale"
    shutil.copytree(tiny_b_project, copy)
    m = json.loads((copy / "bcdsim.json").read_text())
    m["stamp"] = "00000000"
    (copy / "bcdsim.json").write_text(json.dumps(m))
    code, _, err = bcdsim("csim", copy)
    assert code == 2 and "no longer matches" in err


def test_csim_of_a_directory_that_is_no_project(tmp_path):
    code, _, err = bcdsim("csim", tmp_path)
    assert code == 2 and "not a bcdsim HLS project" in err


# --- ImageNet models (slow) ------------------------------------------------------------------------

@pytest.mark.slow
def test_bcdnet_a_one_image_bit_exact_cycles_and_bounded(tmp_path):
    """bcdnet-a at 224x224 on ZCU104 (random weights, random input; weights, output banks and FIFOs
    in DDR, URAM weights loaded at run time): project in < 60 s, one image bit-exact with every
    unit's counted cycles equal to the cost model's, and bit-exact in the bounded-FIFO build."""
    out = tmp_path / "bcdnet_a"
    start = time.perf_counter()
    code, _, err = bcdsim("generate", "bcdnet-a", "--out", out)
    generate_s = time.perf_counter() - start
    assert code == 0, err
    assert generate_s < 60, f"generation took {generate_s:.1f} s"
    assert json.loads((out / "bcdsim.json").read_text())["ddr"] is True
    r = _csim_json(out, "--images", "1", "--cycles")
    assert r["images"] == 1 and r["bit_exact"] and r["mismatches"] == 0
    check_cycles(r["cycles"], 1)
    b = _csim_json(out, "--images", "1", "--bounded-fifos")
    assert b["bit_exact"] and b["deadlock"] is False


@pytest.mark.slow
def test_bcdnet_b_counted_cycles_equal_the_cost_model(tmp_path):
    """bcdnet-b (contextual units at 112x112) on the U250, the device it fits: one image."""
    out = tmp_path / "bcdnet_b"
    code, _, err = bcdsim("generate", "bcdnet-b", "--board", "u250", "--out", out)
    assert code == 0, err
    r = _csim_json(out, "--images", "1", "--cycles")
    assert r["bit_exact"]
    check_cycles(r["cycles"], 1)
