"""`bcdsim rtlsim`: simulate a generated whole network (cocotb + Verilator or Icarus) on its stimulus."""
from __future__ import annotations

import argparse
import json

from bcdsim.errors import UserError

EXAMPLES = """examples:
  bcdsim rtl --out net && bcdsim rtlsim net --images 20
  bcdsim rtlsim net --format json                  # all stimulus frames (450 digits test images)
  bcdsim rtlsim net --images 4 --gaps              # random input gaps and output back-pressure
  bcdsim rtlsim net --images 8 --units             # also each unit's busy cycles per frame

Reports bit-exactness against hw mode (every logit), top-1 accuracy of the RTL, hw mode and PyTorch
against the labels, and the measured (rtl-sim) cycles per frame and latency next to the predicted
(analytical) ones of the same design, and (JSON, or the table with --units) every unit's busy cycles
per frame (the cycles it waits neither for an input nor for its output to be taken, averaged over
the frames) next to the cost model's cycles per frame for it.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rtlsim", help="simulate a whole-network RTL folder made by 'bcdsim rtl'",
                       description="Run the generated bcd_network on its stimulus frames back to back in a cocotb "
                                   "bench and compare every logit with hw mode.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="folder written by 'bcdsim rtl MODEL --out DIR'")
    p.add_argument("--images", type=int, help="frames to simulate (default: every stimulus frame)")
    p.add_argument("--simulator", choices=["verilator", "icarus"], default="verilator")
    p.add_argument("--gaps", action="store_true", help="random input gaps and output back-pressure")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--units", action="store_true", help="table: every unit's busy cycles next to the model's")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from bcdsim.backends.rtl import network_sim
    from bcdsim.backends.rtl.whole import read_network

    info = read_network(args.dir)
    n = args.images or info["images"]
    if n < 1:
        raise UserError("--images must be at least 1")
    if n > info["images"]:
        raise UserError(f"--images {n}: {args.dir} has {info['images']} stimulus frames")
    with Progress(TextColumn("rtl-sim"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True, disable=args.format == "json") as bar:
        task = bar.add_task("frames", total=n)
        res = network_sim.run(args.dir, n, args.simulator, args.gaps,
                              progress=lambda done: bar.update(task, completed=done))
    report = network_sim.summary(res, args.dir, args.simulator)
    if args.format == "json":
        print(json.dumps(report, indent=1))
    else:
        for key, value in report.items():
            if key != "unit_busy_cycles":
                print(f"{key:28} {value}")
        if args.units:
            print(f"\n{'unit':60} {'kind':14} {'busy/frame':>10} {'predicted':>10}")
            for row in report["unit_busy_cycles"]:
                print(f"{row['unit']:60} {row['kind']:14} {row['busy_cycles']:>10} {row['predicted_cycles']:>10}")
    return 0 if report["bit_exact"] else 1
