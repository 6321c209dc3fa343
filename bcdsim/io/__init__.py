"""Loading models safely: checkpoints, zoo names, TorchScript and torch.export archives.

``load(path, arch=None)`` returns an eval-mode module (imports torch on first use);
``identify(state_dict)`` names the zoo architecture a state_dict belongs to;
``load_weights(path)`` reads a checkpoint's arrays without torch. Nothing read from a file is
ever executed as code.
"""
from __future__ import annotations

from typing import Any

from bcdsim.io.identify import SAME_KEYS_AS, Identification, identify
from bcdsim.io.weights import Weights, load_weights


def __getattr__(name: str) -> Any:
    if name == "load":
        from bcdsim.io.checkpoint import load

        return load
    raise AttributeError(f"module 'bcdsim.io' has no attribute {name!r}")


__all__ = ["SAME_KEYS_AS", "Identification", "Weights", "identify", "load", "load_weights"]
