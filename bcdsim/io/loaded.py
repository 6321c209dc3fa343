"""A model as the commands see it: the module, what the user called it, its input shape.

``load_model`` resolves a command's MODEL argument (a checkpoint, a zoo name, or nothing: the
shipped default model) through ``bcdsim.io.checkpoint.load``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from torch import nn

from bcdsim.io.pt2 import ProgramModule
from bcdsim.ir.frontend import parse_shape
from bcdsim.models.zoo import IMAGENET_SHAPE, ZOO

# The model every command uses when none is named: the shipped, trained BCDNet-B-style tiny model
# (`bcdsim train --arch bcdnet-tiny-b --dataset digits --seed 0`).
DEFAULT_MODEL = str(Path(__file__).resolve().parents[1] / "models" / "weights" / "bcdnet-tiny-b.pth")


@dataclass(frozen=True)
class LoadedModel:
    module: nn.Module
    label: str  # what the user named (file name or zoo name)
    arch: str | None  # zoo architecture, None for a foreign model
    input_shape: tuple[int, ...]
    identified: bool  # the architecture came from the checkpoint's keys, not from the user

    def note_identity(self) -> None:
        """Say on stderr what the keys told us (stdout stays clean for JSON/CSV)."""
        if self.identified:
            print(f"bcdsim: {self.label}: identified as {self.arch}" if self.arch else
                  f"bcdsim: {self.label}: foreign model (no zoo architecture)", file=sys.stderr)


def load_model(spec: str | None, arch: str | None = None, input_shape: str | None = None, *,
               trust_code: bool = False) -> LoadedModel:
    """``trust_code``: see ``bcdsim.io.checkpoint.load`` (the CLI's ``--trust-code``)."""
    from bcdsim.io.checkpoint import load

    spec = spec or DEFAULT_MODEL
    module = load(spec, arch, trust_code=trust_code)
    found = getattr(module, "bcdsim_arch", None)
    recorded = module.bcdsim_input_shape if isinstance(module, ProgramModule) else None
    if input_shape:
        shape = parse_shape(input_shape)
    elif found in ZOO:
        default = ZOO[found].input_shape
        shape = (default[0], _in_channels(module, default[1]), default[2], default[3])
    elif recorded and len(recorded) == 4:  # a .pt2 program's example input
        shape = tuple(recorded)
    else:
        shape = IMAGENET_SHAPE
    is_file = Path(spec).exists()
    return LoadedModel(module, Path(spec).name if is_file else spec, found, shape, is_file and arch is None)


def _in_channels(module: nn.Module, default: int) -> int:
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            return m.in_channels
    return default

