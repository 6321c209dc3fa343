"""What several commands share: the terminal console, the --trust-code option."""
from __future__ import annotations

import argparse

from rich.console import Console


def add_trust_code(parser: argparse.ArgumentParser) -> None:
    """``--trust-code``: every command that loads a model has it (README, "Loading models")."""
    parser.add_argument("--trust-code", action="store_true",
                        help="load a TorchScript or .pt2 file that fails bcdsim's safety checks with torch's own "
                             "loader, which can run code from the file and write files (off by default)")


def console() -> Console:
    """A rich console that does not squeeze tables into 80 columns when output is piped."""
    c = Console()
    if not c.is_terminal:
        c.width = 160
    return c
