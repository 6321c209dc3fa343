"""Speed of the FPGA cost model on bcdnet-a: the typed hardware graph, the option tables, one
estimated probe, one exactly priced design (schedule replay), the optimizer, and explore.

Machines here are noisy: best of N repeats; compare the rows with each other in one run.

    .venv/bin/python benchmarks/cost_speed.py [--repeats 3] [--model bcdnet-a] [--device zcu104]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bcdsim.cost.counts import count_ops
from bcdsim.cost.devices import get_device
from bcdsim.cost.estimate import typed_hardware
from bcdsim.cost.folding import Search, candidate_cycles, within_budget
from bcdsim.cost.price import parse_budget
from bcdsim.design.plan import plan
from bcdsim.ir.frontend import to_ir
from bcdsim.models import ZOO, build, randomize


def best_of(repeats: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model", default="bcdnet-a")
    parser.add_argument("--device", default="zcu104")
    args = parser.parse_args()
    dev = get_device(args.device)
    shape = ZOO[args.model].input_shape
    t_ir, graph = best_of(1, lambda: to_ir(randomize(build(args.model), seed=0), shape, args.model))
    t_hw, hw = best_of(1, lambda: typed_hardware(graph, shape))
    t_plan, planned = best_of(args.repeats, lambda: plan(hw))
    search = Search(hw, planned, dev, 200.0, parse_budget(None), count_ops(graph).totals.bops, args.model)
    t_tab, table = best_of(1, search.options)
    mid = candidate_cycles(table)[len(candidate_cycles(table)) // 4]
    t_probe, probe = best_of(args.repeats, lambda: search.at(mid))
    t_exact, _ = best_of(1, lambda: search.final(probe))
    t_opt, best = best_of(1, lambda: within_budget(search))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "bcdsim.cli.main", "explore", args.model, "--device", args.device, "--points",
               "50", "--out", str(Path(tmp) / "f.png")]
        t_cli, proc = best_of(1, lambda: subprocess.run(cmd, capture_output=True, text=True))
    units = len(probe.design.units)
    print(f"{args.model} on {args.device}: {len(planned)} primary units, {units} units in the design")
    print(f"  lowering to the IR (once)               {t_ir:8.2f} s")
    print(f"  hardware passes + fixed-point typing    {t_hw:8.2f} s")
    print(f"  planning the units                      {t_plan * 1e3:8.1f} ms")
    print(f"  folding option tables (once)            {t_tab:8.2f} s")
    print(f"  one probe (fold, wire, place, price)    {t_probe * 1e3:8.1f} ms")
    print(f"  the same design exactly (replay)        {t_exact:8.2f} s   ratio to a probe {t_exact / t_probe:6.1f}x")
    print(f"  optimizer, fastest within the budget    {t_opt:8.2f} s   ({best.fps:,.0f} fps)")
    status = "ok" if proc.returncode == 0 else f"FAILED ({proc.stderr.strip()[-200:]})"
    print(f"  bcdsim explore --points 50 (CLI)        {t_cli:8.2f} s   {status}")


if __name__ == "__main__":
    main()
