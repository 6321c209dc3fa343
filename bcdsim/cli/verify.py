"""`bcdsim verify`: the verification ladder, from the float IR down to the hardware semantics."""
from __future__ import annotations

import argparse
import json

import numpy as np
from rich.progress import Progress
from rich.table import Table

from bcdsim.cli.common import add_trust_code, console
from bcdsim.errors import UserError
from bcdsim.hw.typing import DEFAULT_MARGIN_BITS, DEFAULT_WIDTH
from bcdsim.hw.verify import Agreement, Samples, compare, hardware_graph
from bcdsim.io.loaded import DEFAULT_MODEL, load_model
from bcdsim.ir.frontend import to_ir
from bcdsim.train.data import DATASETS, load_dataset

EXAMPLES = """examples:
  bcdsim verify                                   # the shipped model on the digits test split
  bcdsim verify bcdnet-tiny-b.pth --format json
  bcdsim verify bcdnet-a --images 4               # no labelled data: random inputs, agreement only
  bcdsim verify --width 12                        # narrower fixed point
  bcdsim verify --int-bits 2                      # force overflow: saturating tensors are named
"""
SHOWN = 15  # tensors listed in the table (all of them in JSON)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="compare the float model with the hardware's fixed-point semantics",
                       description="L1 of the verification ladder: IR float vs IR hw (bit-exact fixed point). "
                                   "Prints top-1 accuracy of both, their agreement and per-tensor errors.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", nargs="?", default=None, help=f"checkpoint or zoo name (default: {DEFAULT_MODEL})")
    p.add_argument("--arch", help="zoo architecture of the checkpoint (default: identified from its keys)")
    p.add_argument("--input-shape", help="NxCxHxW (default: the architecture's, 1x3x224x224 for foreign models)")
    p.add_argument("--level", choices=["hw"], default="hw", help="ladder level (hw: IR float vs IR hw)")
    p.add_argument("--dataset", help=f"labelled data ({', '.join(DATASETS)}); default: digits for 1x8x8 "
                                     "models, random inputs otherwise")
    p.add_argument("--images", type=int, help="evaluate on the first N images (default: the whole test split, "
                                              "or 8 random inputs)")
    p.add_argument("--width", type=int, default=DEFAULT_WIDTH, help=f"fixed-point width (default {DEFAULT_WIDTH})")
    p.add_argument("--int-bits", type=int, help="force this many integer bits on every tensor (default: profiled)")
    p.add_argument("--margin-bits", type=int, default=DEFAULT_MARGIN_BITS,
                   help=f"headroom over the profiled range (default {DEFAULT_MARGIN_BITS})")
    p.add_argument("--min-agreement", type=float, default=0.99,
                   help="exit 1 when top-1 agreement is below this (default 0.99)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_trust_code(p)
    p.set_defaults(run=run)


def _samples(args: argparse.Namespace, shape: tuple[int, ...]) -> tuple[Samples, str]:
    dataset = args.dataset or ("digits" if tuple(shape[1:]) == (1, 8, 8) else None)
    if args.images is not None and args.images < 1:
        raise UserError("--images must be at least 1")
    if dataset:
        data = load_dataset(dataset)
        if tuple(data.x_test.shape[1:]) != tuple(shape[1:]):
            raise UserError(f"dataset {dataset} has {list(data.x_test.shape[1:])} inputs; the model takes "
                            f"{list(shape[1:])}")
        n = args.images or len(data.x_test)
        return Samples(data.x_train, data.x_test[:n], data.y_test[:n]), f"{dataset} test split"
    rng = np.random.default_rng(0)
    n = args.images or 8
    calibration = rng.standard_normal((2, *shape[1:])).astype(np.float32)
    return Samples(calibration, rng.standard_normal((n, *shape[1:])).astype(np.float32), None), "random inputs"


def run(args: argparse.Namespace) -> int:
    loaded = load_model(args.model, args.arch, args.input_shape, trust_code=args.trust_code)
    samples, source = _samples(args, loaded.input_shape)
    graph = to_ir(loaded.module, loaded.input_shape, loaded.arch or "model")
    hw = hardware_graph(graph, samples.calibration, args.width, args.int_bits, args.margin_bits)
    with Progress(transient=True) as bar:
        task = bar.add_task("float vs hw", total=len(samples.evaluation))
        batch = 32 if np.prod(loaded.input_shape[1:]) < 10_000 else 1
        result = compare(graph, hw, samples, batch, lambda n: bar.advance(task, n))
    loaded.note_identity()
    passed = result.agreement >= args.min_agreement
    if args.format == "json":
        print(json.dumps(_as_json(result, loaded.label, source, args.min_agreement, passed), indent=1))
    else:
        _print(result, loaded.label, source, args.min_agreement, passed)
    return 0 if passed else 1


def _as_json(r: Agreement, label: str, source: str, threshold: float, passed: bool) -> dict:
    return {"model": label, "level": "hw", "data": source, "images": r.images, "width": r.width,
            "float_accuracy": r.float_accuracy, "hw_accuracy": r.hw_accuracy, "agreement": r.agreement,
            "min_agreement": threshold, "passed": passed,
            "saturating_tensors": [t.name for t in r.saturating],
            "tensors": [t.as_dict() for t in r.tensors]}


def _pct(v: float | None) -> str:
    return "n/a (no labels)" if v is None else f"{100 * v:.2f}%"


def _print(r: Agreement, label: str, source: str, threshold: float, passed: bool) -> None:
    out = console()
    out.print(f"[bold]{label}[/]: IR float vs IR hw (fixed point, width {r.width}) on {r.images} images "
                  f"({source})")
    out.print(f"  float top-1 {_pct(r.float_accuracy)}   hw top-1 {_pct(r.hw_accuracy)}   "
                  f"agreement {100 * r.agreement:.2f}% (threshold {100 * threshold:.0f}%: "
                  f"{'[green]pass[/]' if passed else '[red]FAIL[/]'})")
    worst = sorted(r.tensors, key=lambda t: (t.saturated > 0, t.max_abs_error), reverse=True)[:SHOWN]
    table = Table(title=f"tensors (worst {len(worst)} of {len(r.tensors)}; all with --format json)",
                  title_justify="left")
    for col in ("tensor", "type", "max |err|", "mean |err|", "saturated"):
        table.add_column(col, justify="left" if col in ("tensor", "type") else "right")
    for t in worst:
        table.add_row(t.name, t.dtype, f"{t.max_abs_error:.4g}", f"{t.mean_abs_error:.3g}",
                      f"[red]{t.saturated}[/]" if t.saturated else "0")
    out.print(table)
    if r.saturating:
        out.print(f"[red]overflow[/]: {len(r.saturating)} tensors saturated: "
                      + ", ".join(t.name for t in r.saturating[:10]) + (" ..." if len(r.saturating) > 10 else ""))
