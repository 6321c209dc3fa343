"""What several commands share: the terminal console."""
from __future__ import annotations

from rich.console import Console


def console() -> Console:
    """A rich console that does not squeeze tables into 80 columns when output is piped."""
    c = Console()
    if not c.is_terminal:
        c.width = 160
    return c
