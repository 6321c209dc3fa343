"""hw mode (bit-exact fixed point) on one 224x224 image of bcdnet-a, next to float mode.

Target (issue: hardware semantics): hw mode for one image under 60 s on a 2-core machine.
The baseline is the float interpreter on the same image in the same run; the ratio is what to
compare across (noisy) machines.

    .venv/bin/python benchmarks/hw_speed.py [--model bcdnet-a]
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from bcdsim.hw.interpret import run_hw
from bcdsim.hw.verify import hardware_graph
from bcdsim.ir.frontend import to_ir
from bcdsim.ir.interpret import run
from bcdsim.models import build, randomize


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="bcdnet-a")
    args = parser.parse_args()
    shape = (1, 3, 224, 224)
    graph = to_ir(randomize(build(args.model), seed=1), shape, args.model)
    rng = np.random.default_rng(0)
    calibration = rng.standard_normal((2, *shape[1:])).astype(np.float32)
    x = rng.standard_normal(shape).astype(np.float32)
    t_prep, hw = timed(lambda: hardware_graph(graph, calibration))
    t_float, _ = timed(lambda: run(graph, x))
    t_hw, _ = timed(lambda: run_hw(hw, x))
    print(f"{args.model}, one 224x224 image")
    print(f"  hardware passes + fixed-point typing (2 calibration images): {t_prep:7.2f} s")
    print(f"  float mode (baseline):                                      {t_float:7.2f} s")
    print(f"  hw mode (packed XNOR popcounts, fixed point):               {t_hw:7.2f} s  "
          f"({t_hw / t_float:.1f}x float; target < 60 s)")


if __name__ == "__main__":
    main()
