"""`bcdsim explore`: sweep folding targets, draw the frames/s-vs-LUT Pareto front, save the best folding."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bcdsim.backends.output import check_output_file
from bcdsim.cli.common import add_trust_code
from bcdsim.cost.counts import count_ops
from bcdsim.cost.devices import get_device
from bcdsim.cost.estimate import typed_hardware
from bcdsim.cost.folding import Search, pareto, sweep_cycles
from bcdsim.cost.limits import check_clock
from bcdsim.cost.price import parse_budget
from bcdsim.design.folding_file import save_folding
from bcdsim.design.plan import plan
from bcdsim.errors import UserError
from bcdsim.io.loaded import load_model
from bcdsim.ir.frontend import to_ir
from bcdsim.report.hw_report import plot_front, summary_lines

log = logging.getLogger(__name__)

EXAMPLES = """examples:
  bcdsim explore bcdnet-a --device zcu104                      # 50 points, front.png + front.folding.json
  bcdsim explore reactnet-a --device kv260 --points 200 --out kv260.png
  bcdsim explore bcdnet-tiny --device pynq-z2 --budget lut=0.5,bram=0.8 --clock 125
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explore", help="sweep foldings: frames/s vs LUT Pareto front (PNG) and the best folding",
                       description="Evaluate design points from the fastest to the slowest balanced pipeline, plot "
                                   "frames/s against LUTs with the Pareto front, and save the fastest folding that "
                                   "fits the budget next to the plot (OUT stem + .folding.json, points in .csv).",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", nargs="?", default=None, help="checkpoint or zoo name (default: the shipped model)")
    p.add_argument("--arch", help="zoo architecture of the checkpoint")
    p.add_argument("--input-shape", help="NxCxHxW (default: the architecture's)")
    p.add_argument("--device", required=True, help="preset name or a .toml file (see 'bcdsim devices')")
    p.add_argument("--clock", type=float, metavar="MHZ", help="clock frequency (default: the device's)")
    p.add_argument("--points", type=int, default=50, help="design points to evaluate (default: 50)")
    p.add_argument("--budget", help="budget of the saved folding, fractions of the device "
                                    "(default: lut=0.7,bram=0.8,uram=0.8)")
    p.add_argument("--out", default="front.png", help="PNG of the front (default: front.png)")
    add_trust_code(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 2 <= args.points <= 10_000:
        raise UserError(f"--points must be between 2 and 10000, got {args.points}")
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UserError(f"--out must be a .png file, got {out}")
    check_output_file(out, "--out")  # before the sweep
    device = get_device(args.device)
    budget = parse_budget(args.budget)
    clock = check_clock(args.clock) or device.clock_mhz
    loaded = load_model(args.model, args.arch, args.input_shape, trust_code=args.trust_code)
    graph = to_ir(loaded.module, loaded.input_shape, loaded.arch or "model")
    hw = typed_hardware(graph, loaded.input_shape)
    name = loaded.arch or loaded.label
    search = Search(hw, plan(hw), device, clock, budget, count_ops(graph).totals.bops, name)
    targets = sweep_cycles(search.options(), args.points)
    console = Console(stderr=True)
    points = []
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(f"exploring {loaded.label} on {device.name}", total=len(targets))
        for target in targets:
            points.append(search.at(target))
            progress.advance(task)
    front = pareto([p for p in points if p.fits])
    within = [p for p in points if not p.over(budget)]
    title = (f"{loaded.label} on {device.name} at {clock:g} MHz: {len(points)} design points "
             f"(cost model; FIFO depths estimated)")
    plot_front(points, front or points[:1], out, title, budget.get("lut"))
    frame_path, fold_path = out.with_suffix(".csv"), out.with_suffix(".folding.json")
    import pandas as pd

    pd.DataFrame([{"cycles": p.cycles, "fps": p.fps, "lut": p.totals["lut"], "ff": p.totals["ff"],
                   "bram36": p.totals["bram36"], "uram": p.totals["uram"], "dsp": p.totals["dsp"],
                   "lanes": p.lanes, "bound": p.bound, "fits_device": p.fits, "within_budget": not p.over(budget),
                   "pareto": p in front, "source": p.source} for p in points]).to_csv(frame_path, index=False)
    _print_front(front, device)
    best = max(within, key=lambda p: p.fps) if within else None
    if best is not None:
        best = search.final(best)  # exact FIFO depths and latency for the saved design
    if best is not None and not best.over(budget):
        save_folding(fold_path, best, name)
        shown = args.budget or "lut=0.7,bram=0.8,uram=0.8"
        print("\n".join(summary_lines(best, f"fastest explored point within {shown}")))
        print(f"wrote {out}, {frame_path} and {fold_path}")
    else:
        print(f"wrote {out} and {frame_path}; no explored point fits the budget, so no folding file")
    return 0


def _print_front(front, device) -> None:
    table = Table(title=f"Pareto front on {device.name} (frames/s vs LUTs, cost model)", title_justify="left")
    for col in ("fps", "LUT", "BRAM36", "URAM", "DSP", "lanes", "bound", "bottleneck"):
        table.add_column(col, justify="left" if col in ("bound", "bottleneck") else "right")
    for p in front:
        table.add_row(f"{p.fps:,.1f}", f"{p.totals['lut']:,.0f}", f"{p.totals['bram36']:,.1f}",
                      f"{p.totals['uram']:,.0f}", f"{p.totals['dsp']:,.0f}", f"{p.lanes:,}", p.bound, p.bottleneck)
    Console().print(table)
