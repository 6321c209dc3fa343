"""Random XNOR units (sizes, SIMD/PE, masks, stages) against a direct numpy reference.

A few small seeds run by default on both simulators (corner cases: SIMD 1, odd MW, per-lane
masks, one fold, one group, thresholds, three-branch affines); ``-m slow`` adds a wider sweep.
BCDSIM_RTL_SEED changes the sweep's base seed (printed on failure: rerun with it).
"""
from __future__ import annotations

import os

import numpy as np
import pytest
import rtl_sim as sim
from rtl_benches import env, prepare, require
from rtl_synthetic import random_unit

BASE = int(os.environ.get("BCDSIM_RTL_SEED", "2024"))
QUICK = list(range(4))
SLOW = list(range(4, 28))


def _run(simulator: str, seed: int, big: bool) -> None:
    from bcdsim.backends.rtl import write_design

    require(simulator)
    rng = np.random.default_rng(BASE + seed)
    name = f"sweep_{BASE + seed}"
    unit = random_unit(rng, name, big)
    out = sim.BUILD / "gen" / "sweep" / name
    write_design(out, [unit], "synthetic", force=True)
    built = sim.build(simulator, name, sim.library_sources() + [out / f"{name}.v"])
    test_dir = sim.BUILD / "runs" / simulator / "sweep" / name
    prepare(out, name, test_dir, generic=False)
    s, f = unit.spec, unit.fold
    where = (f"seed {BASE + seed}: MW={s.mw} MH={s.mh} C={s.channels} k={s.k} pad={s.padding} segs={s.segments} "
             f"SIMD={f.simd} PE={f.pe} stage={type(s.stage).__name__}")
    try:
        sim.run(built, test_dir, env(out, name, simulator, seed=BASE + seed))
    except AssertionError as e:
        raise AssertionError(f"{where}: {e}") from None


@pytest.mark.parametrize("simulator", sim.SIMULATORS)
@pytest.mark.parametrize("seed", QUICK)
def test_sweep_quick(simulator, seed):
    _run(simulator, seed, big=False)


@pytest.mark.slow
@pytest.mark.parametrize("simulator", sim.SIMULATORS)
@pytest.mark.parametrize("seed", SLOW)
def test_sweep(simulator, seed):
    _run(simulator, seed, big=True)
