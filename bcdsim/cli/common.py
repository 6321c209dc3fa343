"""What several commands share: the terminal console, checks of file arguments, the --trust-code
option."""
from __future__ import annotations

import argparse
from pathlib import Path

from bcdsim.errors import UserError


def add_trust_code(parser: argparse.ArgumentParser) -> None:
    """``--trust-code``: every command that loads a model has it (README, "Loading models")."""
    parser.add_argument("--trust-code", action="store_true",
                        help="load a TorchScript or .pt2 file that fails bcdsim's safety checks with torch's own "
                             "loader, which can run code from the file and write files (off by default)")


def console():
    """A rich console that does not squeeze tables into 80 columns when output is piped."""
    from rich.console import Console

    c = Console()
    if not c.is_terminal:
        c.width = 160
    return c


def input_file(value: str | None, option: str, keywords: tuple[str, ...] = ()) -> None:
    """Refuse a folder given where a file is read (before any work); ``keywords``: values that are
    not paths (e.g. ``--folding auto``)."""
    if value is not None and value not in keywords and Path(value).is_dir():
        raise UserError(f"{option} {value} is a folder, not a file")
