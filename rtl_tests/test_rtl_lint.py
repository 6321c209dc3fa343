"""The Verilog library is lint-clean under `verilator --lint-only -Wall`, for parameter sets that
reach every generate branch (masks, stages, segments, SIMD 1, one fold, one group, baseline tree)."""
from __future__ import annotations

import subprocess

import pytest
import rtl_sim as sim
from rtl_benches import require

CASES = {
    "padded-3x3-lane-mask-affine": dict(MW=144, MH=16, SIMD=48, PE=16, MASK=2, OUT_MODE=2),
    "padded-3x3-fold-mask-threshold": dict(MW=288, MH=32, SIMD=32, PE=16, MASK=1, OUT_MODE=1),
    "shift-mlp-affine": dict(MW=192, MH=64, SIMD=64, PE=16, SEGS=3, MASK=0, OUT_MODE=2),
    "simd1-pe1-int": dict(MW=3, MH=1, SIMD=1, PE=1, MASK=0, OUT_MODE=0),
    "one-fold-one-group": dict(MW=16, MH=16, SIMD=16, PE=16, MASK=0, OUT_MODE=0),
    "odd-lane-mask": dict(MW=39, MH=6, SIMD=13, PE=3, MASK=2, OUT_MODE=1),
}


@pytest.mark.parametrize("case", CASES)
def test_library_lint(case):
    require("verilator")
    params = [f"-G{k}={v}" for k, v in CASES[case].items()]
    cmd = ["verilator", "--lint-only", "-Wall", "--top-module", "bcd_xnor_layer", *params,
           *map(str, sim.library_sources())]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("n", [1, 2, 5, 32, 64, 100])
@pytest.mark.parametrize("tree", [1, 0])
def test_popcount_lint(n, tree):
    require("verilator")
    stages = max(0, (n - 1).bit_length() + 1) // 2
    cmd = ["verilator", "--lint-only", "-Wall", "--top-module", "bcd_popcount", f"-GN={n}", f"-GSTAGES={stages}",
           f"-GTREE={tree}", f"-GMASKED={n % 2}", *map(str, sim.library_sources())]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
