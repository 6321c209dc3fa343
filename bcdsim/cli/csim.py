"""`bcdsim csim`: compile a generated project's C++ and check it bit for bit against hw mode."""
from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bcdsim.cli.common import add_trust_code

EXAMPLES = """examples:
  bcdsim csim hls_tiny                    # every testbench image (the digits test split: 450)
  bcdsim csim hls_a --images 1 --format json
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("csim", help="C simulation of a generated HLS project, bit for bit against hw mode",
                       description="L2 of the verification ladder: build the project's C++ with hls4ml (g++ and the "
                                   "ap_types it ships), run it on the testbench images and compare every output "
                                   "with bcdsim's hw mode; top-1 is also compared with PyTorch. Exit 1 on any "
                                   "mismatch.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project", help="directory written by 'bcdsim generate'")
    p.add_argument("--images", type=int, help="the first N images (default: the project's testbench images)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_trust_code(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bcdsim.backends.hls import csim

    err = Console(stderr=True)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("compiling (g++, hls4ml)", total=None)
        result = csim.run(args.project, args.images, progress=lambda n: bar.advance(task, n),
                          on_start=lambda n: bar.update(task, description="C simulation", total=n, completed=0),
                          trust_code=args.trust_code)
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=1))
    else:
        _print(result)
    return 0 if result.bit_exact else 1


def _pct(v: float | None) -> str:
    return "n/a (no labels)" if v is None else f"{100 * v:.2f}%"


def _print(r) -> None:
    out = Console(width=160 if not sys.stdout.isatty() else None)
    verdict = "[green]bit-exact[/]" if r.bit_exact else f"[red]{r.mismatches} of {r.images} images differ[/]"
    out.print(f"[bold]{r.model}[/]: C simulation of {r.project} vs hw mode on {r.images} images ({r.data}): {verdict}")
    if r.first_mismatch:
        f = r.first_mismatch
        out.print(f"  first mismatch: image {f['image']}, output {f['output']}: C sim mantissa {f['csim']}, "
                  f"hw mode {f['hw']}")
    t = Table(title_justify="left")
    for col in ("", "top-1 accuracy"):
        t.add_column(col)
    t.add_row("C simulation", _pct(r.csim_accuracy))
    t.add_row("hw mode", _pct(r.hw_accuracy))
    t.add_row("PyTorch", _pct(r.pytorch_accuracy))
    out.print(t)
    out.print(f"  C simulation / PyTorch top-1 agreement {100 * r.agreement:.2f}%   "
              f"(compile {r.compile_s:.1f} s, simulation {r.run_s:.1f} s)")
