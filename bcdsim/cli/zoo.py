"""`bcdsim zoo`: the architectures bcdsim knows by name."""
from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from bcdsim.models.zoo import ZOO


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("zoo", help="list the zoo's architectures",
                       description="List the architectures bcdsim builds by name (usable as MODEL).")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    table = Table(title="bcdsim zoo")
    for col in ("name", "input", "classes", "description"):
        table.add_column(col)
    for e in ZOO.values():
        table.add_row(e.name, "x".join(map(str, e.input_shape[1:])), str(e.num_classes), e.description)
    Console().print(table)
    return 0
