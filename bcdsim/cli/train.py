"""`bcdsim train`: train a small BCDNet on a shipped data set with the two-step BNN recipe."""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import torch
from rich.progress import Progress

from bcdsim.backends.output import check_output_file
from bcdsim.errors import UserError
from bcdsim.train.data import DATASETS, load_dataset
from bcdsim.train.trainer import TRAINABLE, train_two_step

EXAMPLES = """examples:
  bcdsim train --arch bcdnet-tiny-b --dataset digits --out tiny_b.pth
  bcdsim train --arch bcdnet-tiny --epochs 10 --seed 3 --out quick.pth
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train bcdnet-tiny(-b) on 8x8 digits (two-step BNN recipe)",
                       description="Train a small BCDNet: step 1 binary activations with real weights, "
                                   "step 2 binary weights too. Deterministic for a given seed.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", choices=sorted(TRAINABLE), default="bcdnet-tiny-b")
    p.add_argument("--dataset", default="digits", help=f"one of: {', '.join(DATASETS)} (default: digits)")
    p.add_argument("--epochs", type=int, default=40, help="epochs per step (default: 40)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, type=Path, help="checkpoint to write (.pth)")
    p.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.epochs < 1:
        raise UserError("--epochs must be at least 1")
    if args.out.exists() and (args.out.is_dir() or not args.force):
        raise UserError(f"{args.out} exists; pass --force to overwrite it" if not args.out.is_dir()
                        else f"{args.out} is a folder; give a file name")
    check_output_file(args.out, "--out")  # before the training
    data = load_dataset(args.dataset)
    with Progress(transient=True) as bar:
        task = bar.add_task(f"training {args.arch}", total=2 * args.epochs)
        model, results = train_two_step(args.arch, data, args.epochs, args.seed, lambda: bar.advance(task))
    checkpoint = {"state_dict": model.state_dict(), "arch": args.arch, "dataset": args.dataset,
                  "seed": args.seed, "epochs_per_step": args.epochs,
                  "test_accuracy": results[-1].test_accuracy}
    fd, tmp = tempfile.mkstemp(dir=args.out.parent, suffix=".tmp")  # never a half-written checkpoint
    os.close(fd)
    try:
        torch.save(checkpoint, tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a checkpoint is an ordinary file
        os.replace(tmp, args.out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    for r in results:
        print(f"step {r.step}: {r.epochs} epochs, float test accuracy {100 * r.test_accuracy:.2f}% "
              f"({len(data.y_test)} images)")
    print(f"wrote {args.out}")
    return 0
