"""bcdsim analyze vs fvcore's FlopCountAnalysis on the same bcdnet-a, in the same run.

Prints wall times and their ratio (machines here are noisy: compare ratios, not seconds), and
both tools' answers: fvcore merges binary and real MACs into one number.

    .venv/bin/python benchmarks/analyze_speed.py [--repeats 3]
"""
from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import time
from pathlib import Path

import torch

from bcdsim.cost import count_ops
from bcdsim.ir.frontend import to_ir
from bcdsim.models import build

BIN = Path(sys.executable).parent / "bcdsim"


def best_of(repeats: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("fvcore").setLevel(logging.ERROR)
    from fvcore.nn import FlopCountAnalysis

    model = build("bcdnet-a")
    x = torch.randn(1, 3, 224, 224)

    def ours():
        return count_ops(to_ir(model, tuple(x.shape), "bcdnet-a")).totals

    def fvcore():
        analysis = FlopCountAnalysis(model, x)
        analysis.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
        return analysis.total()

    c_ours, _ = best_of(1, ours)  # first call in the process: what a user's one analysis costs
    c_fv, _ = best_of(1, fvcore)
    t_ours, totals = best_of(args.repeats, ours)
    t_fv, fv_total = best_of(args.repeats, fvcore)
    t_cli, _ = best_of(args.repeats, lambda: subprocess.run(
        [str(BIN), "analyze", "bcdnet-a", "--format", "json"], check=True, capture_output=True))
    t_fv_cli, _ = best_of(args.repeats, lambda: subprocess.run(
        [sys.executable, "-c", "import torch, logging; logging.disable(logging.WARNING);"
         "from fvcore.nn import FlopCountAnalysis; from bcdsim.models import build;"
         "print(FlopCountAnalysis(build('bcdnet-a'), torch.randn(1,3,224,224)).total())"],
        check=True, capture_output=True))

    print(f"{'':34s}{'bcdsim':>12s}{'fvcore':>12s}{'ratio':>8s}")
    print(f"{'analysis of a built model, 1st (s)':34s}{c_ours:12.3f}{c_fv:12.3f}{c_ours / c_fv:8.2f}")
    print(f"{'analysis of a built model, warm (s)':34s}{t_ours:12.3f}{t_fv:12.3f}{t_ours / t_fv:8.2f}")
    print(f"{'whole command incl. start-up (s)':34s}{t_cli:12.3f}{t_fv_cli:12.3f}{t_cli / t_fv_cli:8.2f}")
    print(f"best of {args.repeats}; target: bcdsim at most half of fvcore's time (ratio <= 0.5).")
    print("Both commands spend ~1.5 s importing torch; that shared start-up bounds the last ratio.")
    print()
    print(f"bcdsim : BOPs {totals.bops:,}  FLOPs {totals.flops:,}  OPs {totals.ops_x1e8:.4f}e8 (paper: 0.87e8)")
    print(f"fvcore : one merged count {fv_total:,} = {fv_total / 1e8:.2f}e8 "
          f"({fv_total / totals.ops:.1f}x the paper's OPs): binary and real MACs are not told apart")


if __name__ == "__main__":
    main()
