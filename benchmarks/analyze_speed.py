"""Whole-process `bcdsim analyze` against fvcore's FlopCountAnalysis on bcdnet-a, in the same run.

Three commands, each run --repeats times (median wall time, and the largest peak RSS):

- ``bcdsim analyze bcdnet-a --format json`` (a zoo name);
- ``bcdsim analyze CHECKPOINT.pth --format json`` (a bcdnet-a state_dict this script saves);
- fvcore: ``import torch, fvcore``, build bcdnet-a, ``FlopCountAnalysis(...).total()``.

Target (issue 14): each bcdsim command at most 0.25x fvcore's time and under 1 s. Machines here
are shared and noisy: the ratio within one run is what to compare. fvcore also answers wrong:
binary and real MACs merged into one number.

    .venv/bin/python benchmarks/analyze_speed.py [--repeats 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent / "bcdsim"
# Runs a command and prints its wall time, its peak RSS (KB) and its stdout, measured from outside.
_MEASURE = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); dt = time.perf_counter() - t; "
            "print(json.dumps([dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode, p.stdout]))")
_FVCORE = ("import logging, torch; logging.disable(logging.WARNING); from fvcore.nn import FlopCountAnalysis; "
           "from bcdsim.models import build; print(FlopCountAnalysis(build('bcdnet-a'), torch.randn(1, 3, 224, 224))"
           ".unsupported_ops_warnings(False).uncalled_modules_warnings(False).total())")


def measure(argv: list[str], repeats: int) -> tuple[float, int, str]:
    """Median seconds, peak KB over the runs, and the last stdout."""
    times, peaks, out = [], [], ""
    for _ in range(repeats):
        result = subprocess.run([sys.executable, "-c", _MEASURE, *argv], capture_output=True, text=True, check=True)
        seconds, peak, code, out = json.loads(result.stdout)
        if code != 0:
            raise SystemExit(f"{' '.join(argv)} failed (exit {code})")
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    import torch

    from bcdsim.models import build, randomize

    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = Path(tmp) / "bcdnet_a.pth"
        torch.save(randomize(build("bcdnet-a"), seed=0).state_dict(), checkpoint)
        size_mb = checkpoint.stat().st_size / 1e6
        runs = {
            "bcdsim analyze bcdnet-a --format json": [str(BIN), "analyze", "bcdnet-a", "--format", "json"],
            f"bcdsim analyze CHECKPOINT.pth ({size_mb:.0f} MB)": [str(BIN), "analyze", str(checkpoint), "--format",
                                                                 "json"],
            "fvcore FlopCountAnalysis (bcdnet-a)": [sys.executable, "-c", _FVCORE],
        }
        results = {name: measure(argv, args.repeats) for name, argv in runs.items()}
    fv_time = results["fvcore FlopCountAnalysis (bcdnet-a)"][0]
    print(f"{'whole process, median of ' + str(args.repeats):48s}{'seconds':>9s}{'peak MB':>9s}{'x fvcore':>10s}")
    met = True
    for name, (seconds, peak_kb, _) in results.items():
        ratio = seconds / fv_time
        print(f"{name:48s}{seconds:9.3f}{peak_kb / 1024:9.0f}{ratio:10.2f}")
        if name.startswith("bcdsim"):
            met &= ratio <= 0.25 and seconds < 1.0
    print(f"target: each bcdsim command <= 0.25x fvcore and < 1 s: {'met' if met else 'NOT met'}")
    totals = json.loads(results["bcdsim analyze bcdnet-a --format json"][2])["totals"]
    fv_total = float(results["fvcore FlopCountAnalysis (bcdnet-a)"][2])
    print()
    print(f"bcdsim : BOPs {totals['bops']:,}  FLOPs {totals['flops']:,}  "
          f"OPs {totals['ops_x1e8']:.4f}e8 (paper: 0.87e8)")
    print(f"fvcore : one merged count {fv_total:,.0f} = {fv_total / 1e8:.2f}e8 "
          f"({fv_total / totals['ops']:.1f}x the paper's OPs): binary and real MACs are not told apart")


if __name__ == "__main__":
    main()
