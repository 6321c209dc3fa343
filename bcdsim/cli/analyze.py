"""`bcdsim analyze`: BOPs / FLOPs / OPs, parameters and weight memory, per layer and in total."""
from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table

from bcdsim.cli.common import DEFAULT_MODEL, load_model
from bcdsim.cost.counts import PROFILES, count_ops
from bcdsim.ir.frontend import to_ir
from bcdsim.report.ops_table import blocks_frame, layers_frame, totals_dict

EXAMPLES = """examples:
  bcdsim analyze                                  # the shipped default model
  bcdsim analyze bcdnet-a --per-layer             # a zoo architecture, every layer
  bcdsim analyze model.pth --format json          # a checkpoint (architecture identified from its keys)
  bcdsim analyze step1.pth --arch bcdnet-a-step1  # name the architecture explicitly
  bcdsim analyze reactnet-a --input-shape 1x3x160x160 --profile extended
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="count BOPs, FLOPs, OPs, parameters and weight memory",
                       description="Count operations exactly as the BNN papers do (DESIGN.md §4): "
                                   "BOPs (binary MACs), FLOPs (real MACs), OPs = BOPs/64 + FLOPs.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", nargs="?", default=None,
                   help=f"checkpoint (.pth/.pt/.pt2, TorchScript) or zoo name (default: {DEFAULT_MODEL})")
    p.add_argument("--arch", help="zoo architecture of the checkpoint (default: identified from its keys)")
    p.add_argument("--input-shape", help="NxCxHxW, e.g. 1x3x224x224 (default: the architecture's)")
    p.add_argument("--profile", choices=PROFILES, default="paper",
                   help="paper: MACs only (default); extended: plus BN/RSign/RPReLU/alpha elementwise work")
    p.add_argument("--per-layer", action="store_true", help="one row per layer instead of per block")
    p.add_argument("--format", choices=["table", "json", "csv", "markdown"], default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    loaded = load_model(args.model, args.arch, args.input_shape)
    graph = to_ir(loaded.module, loaded.input_shape, loaded.arch or "model")
    counts = count_ops(graph, args.profile)
    loaded.note_identity()
    sources = {n.name: n.source for n in graph}
    layers = layers_frame(counts, sources)
    totals = counts.totals
    header = {"model": loaded.label, "arch": loaded.arch, "input_shape": list(loaded.input_shape),
              "profile": args.profile}
    if args.format == "json":
        print(json.dumps({**header, "totals": totals_dict(totals),
                          "layers": json.loads(layers.to_json(orient="records"))}, indent=1))
    elif args.format == "csv":
        print(layers.to_csv(index=False), end="")
    elif args.format == "markdown":
        print((layers if args.per_layer else blocks_frame(layers)).to_markdown(index=False))
    else:
        _print_table(loaded, args, layers if args.per_layer else blocks_frame(layers), totals)
    return 0


def _print_table(loaded, args, frame, totals) -> None:
    console = Console()
    if not console.is_terminal:  # piped output: do not squeeze the table into 80 columns
        console.width = 160
    title = (f"{loaded.label} ({loaded.arch or 'foreign model'}), input {'x'.join(map(str, loaded.input_shape))}, "
             f"profile {args.profile}")
    table = Table(title=title, title_justify="left")
    first = frame.columns[0]
    for col in frame.columns:
        table.add_column(col, justify="left" if col in (first, "op", "output") else "right")
    for row in frame.itertuples(index=False):
        table.add_row(*(_fmt(v) for v in row))
    table.add_section()
    table.add_row("total", *(_fmt(getattr(totals, c)) if hasattr(totals, c) else "" for c in frame.columns[1:]),
                  style="bold")
    console.print(table)
    console.print(f"OPs = BOPs/64 + FLOPs = {totals.ops_x1e8:.4f} x 1e8   weights {totals.weight_mb:.2f} MB   "
                  f"binary MACs {100 * totals.binary_mac_ratio:.2f}%   (counted from the IR)")


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)
