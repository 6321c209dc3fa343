"""The BNN zoo (DESIGN.md §3). The model classes (torch) are imported on first use."""
from __future__ import annotations

from importlib import import_module
from typing import Any

from bcdsim.models.zoo import ZOO, ZooEntry, build, zoo_entry

_LAZY = {"BCDNet": "bcdsim.models.bcdnet", "BiReal": "bcdsim.models.bireal",
         "ReActNet": "bcdsim.models.reactnet", "randomize": "bcdsim.models.random_init"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'bcdsim.models' has no attribute {name!r}")


__all__ = ["BCDNet", "BiReal", "ReActNet", "ZOO", "ZooEntry", "build", "randomize", "zoo_entry"]
