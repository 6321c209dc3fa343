"""L2 of the verification ladder: C simulation of generated projects, bit for bit against hw mode."""
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


@pytest.fixture(scope="module")
def tiny_b_project(tmp_path_factory) -> Path:
    return hls_cli.tiny_b(tmp_path_factory)



def _csim_json(project, *extra) -> dict:
    code, out, err = bcdsim("csim", project, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def shipped_results(tiny_b_project, tmp_path_factory) -> dict[str, dict]:
    """Both shipped models through C simulation on the whole digits test split; the two g++ builds
    run concurrently."""
    tiny = tmp_path_factory.mktemp("csim") / "tiny"
    code, _, err = bcdsim("generate", WEIGHTS / "bcdnet-tiny.pth", "--out", tiny)
    assert code == 0, err
    with ThreadPoolExecutor(2) as pool:
        jobs = {name: pool.submit(csim.run, path) for name, path in (("tiny-b", tiny_b_project), ("tiny", tiny))}
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


def test_csim_command_prints_json_and_table(tiny_b_project, monkeypatch):
    """The CLI's output shapes (the simulation itself replaced by hw mode: see the tests above)."""
    monkeypatch.setattr(csim, "compile_project", _hw_simulator())
    r = _csim_json(tiny_b_project, "--images", "4")
    assert {"images", "bit_exact", "mismatches", "csim_accuracy", "pytorch_accuracy"} <= r.keys()
    code, out, _ = bcdsim("csim", tiny_b_project, "--images", "4")
    assert code == 0 and "bit-exact" in out and "PyTorch" in out


def _hw_simulator(bad: dict[int, int] | None = None, silent: int | None = None):
    """A stand-in for the compiled library: hw mode, plus one LSB on output bad[i] of image i, and
    image ``silent`` left unwritten (its poisoned NaNs stay)."""
    def fake_compile(project_dir, design):
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
        return run
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


@pytest.mark.slow
def test_bcdnet_a_generates_in_a_minute_and_simulates_bit_exact(tmp_path):
    """bcdnet-a at 224x224 (random weights, random input): project in < 60 s, one image bit-exact."""
    out = tmp_path / "bcdnet_a"
    start = time.perf_counter()
    code, _, err = bcdsim("generate", "bcdnet-a", "--out", out)
    generate_s = time.perf_counter() - start
    assert code == 0, err
    assert generate_s < 60, f"generation took {generate_s:.1f} s"
    r = _csim_json(out, "--images", "1")
    assert r["images"] == 1 and r["bit_exact"] and r["mismatches"] == 0
