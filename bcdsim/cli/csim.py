"""`bcdsim csim`: compile a generated project's C++ and check it bit for bit against hw mode."""
from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bcdsim.cli.common import add_trust_code
from bcdsim.errors import UserError

EXAMPLES = """examples:
  bcdsim csim hls_tiny                    # every testbench image (the digits test split: 450)
  bcdsim csim hls_a --images 1 --format json
  bcdsim csim hls_tiny --cycles           # counted cycles per unit next to the cost model's
  bcdsim csim hls_tiny --bounded-fifos    # threaded, every FIFO at the design's depth
  bcdsim csim hls_tiny --bounded-fifos --fifo-depth feature_0_bn1__fork__to__feature_1_add=100

exit codes: 0 bit-exact, 1 outputs differ, 2 bad input, 3 g++ missing, 4 dataflow deadlock
(bounded FIFOs: one line naming the full and the empty FIFOs)
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
    p.add_argument("--cycles", action="store_true",
                   help="counted cycles per frame of every unit next to the cost model's, the design's II and fps")
    p.add_argument("--bounded-fifos", action="store_true",
                   help="threaded build: every dataflow process a thread, every stream blocking at the design's "
                        "FIFO depth (a deadlock: exit 4)")
    p.add_argument("--fifo-depth", action="append", default=[], metavar="STREAM=DEPTH",
                   help="with --bounded-fifos: give one stream another depth (repeatable)")
    add_trust_code(p)
    p.set_defaults(run=run)


def _depths(items: list[str]) -> dict[str, int]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name or not value.isdigit() or int(value) < 1:
            raise UserError(f"--fifo-depth {item!r}: expected STREAM=DEPTH with a positive depth")
        out[name] = int(value)
    return out


def run(args: argparse.Namespace) -> int:
    from bcdsim.backends.hls import csim

    depths = _depths(args.fifo_depth)
    err = Console(stderr=True)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("compiling (g++)", total=None)
        result = csim.run(args.project, args.images, progress=lambda n: bar.advance(task, n),
                          on_start=lambda n: bar.update(task, description="C simulation", total=n, completed=0),
                          trust_code=args.trust_code, cycles=args.cycles, bounded=args.bounded_fifos,
                          fifo_depths=depths)
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
    build = " (bounded FIFOs: no deadlock)" if r.deadlock is False else ""
    out.print(f"[bold]{r.model}[/]: C simulation of {r.project} vs hw mode on {r.images} images ({r.data}){build}: "
              f"{verdict}")
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
    if r.cycles:
        _print_cycles(out, r.cycles)


def _print_cycles(out: Console, c: dict) -> None:
    t = Table(title="cycles per frame: counted in C simulation vs the cost model", title_justify="left")
    for col in ("unit", "kind", "counted", "cost model", "counted / model"):
        t.add_column(col, justify="left" if col in ("unit", "kind") else "right")
    for u in c["units"]:
        counted = u["counted_cycles"]
        ratio = "" if counted is None else f"{counted / u['predicted_cycles']:.3f}"
        style = "bold" if u["name"] == c["bottleneck"] else None
        t.add_row(u["name"], u["kind"], "missing" if counted is None else f"{counted:,}", f"{u['predicted_cycles']:,}",
                  ratio, style=style)
    for e in c["extra_processes"]:
        t.add_row(e["name"], "(no unit)", f"{e['counted_cycles']:,}", "", "")
    out.print(t)
    fps = "n/a" if c["counted_fps"] is None else f"{c['counted_fps']:,.1f}"
    out.print(f"  initiation interval: counted {c['counted_ii']:,} cycles ({c['bottleneck']}), cost model "
              f"{c['predicted_ii']:,} ({c['predicted_bottleneck']}); at {c['clock_mhz']:g} MHz: {fps} fps counted, "
              f"{c['predicted_fps']:,.1f} fps predicted ({c['predicted_fps_with_ddr']:,.1f} with the DDR bound)",
              highlight=False)
    out.print(f"  {c['note']}", highlight=False)
