"""A model as the commands see it: the module (or only its IR), what the user called it, its input shape.

``load_model`` resolves a command's MODEL argument (a checkpoint, a zoo name, or nothing: the
shipped default model) through ``bcdsim.io.checkpoint.load`` into a torch module. ``load_graph``
gives only the canonical IR, and for zoo names and ``torch.save`` checkpoints of zoo
architectures builds it without importing torch (``bcdsim.ir.template``); TorchScript and
torch.export archives take the torch path.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bcdsim.ir.frontend import parse_shape
from bcdsim.ir.graph import Graph
from bcdsim.models.zoo import IMAGENET_SHAPE, ZOO

if TYPE_CHECKING:
    from torch import nn

# The model every command uses when none is named: the shipped, trained BCDNet-B-style tiny model
# (`bcdsim train --arch bcdnet-tiny-b --dataset digits --seed 0`).
DEFAULT_MODEL = str(Path(__file__).resolve().parents[1] / "models" / "weights" / "bcdnet-tiny-b.pth")


def _note(label: str, arch: str | None, identified: bool) -> None:
    """Say on stderr what the keys told us (stdout stays clean for JSON/CSV)."""
    if identified:
        print(f"bcdsim: {label}: identified as {arch}" if arch else
              f"bcdsim: {label}: foreign model (no zoo architecture)", file=sys.stderr)


@dataclass(frozen=True)
class LoadedModel:
    module: nn.Module
    label: str  # what the user named (file name or zoo name)
    arch: str | None  # zoo architecture, None for a foreign model
    input_shape: tuple[int, ...]
    identified: bool  # the architecture came from the checkpoint's keys, not from the user

    def note_identity(self) -> None:
        _note(self.label, self.arch, self.identified)


@dataclass(frozen=True)
class LoadedGraph:
    """The canonical IR of a command's model, with the same labels as ``LoadedModel``."""

    graph: Graph
    label: str
    arch: str | None
    input_shape: tuple[int, ...]
    identified: bool

    def note_identity(self) -> None:
        _note(self.label, self.arch, self.identified)


def _label(spec: str, arch: str | None) -> tuple[str, bool]:
    is_file = Path(spec).exists()
    return (Path(spec).name if is_file else spec), is_file and arch is None


def load_model(spec: str | None, arch: str | None = None, input_shape: str | None = None, *,
               trust_code: bool = False) -> LoadedModel:
    """``trust_code``: see ``bcdsim.io.checkpoint.load`` (the CLI's ``--trust-code``)."""
    from bcdsim.io.checkpoint import load

    spec = spec or DEFAULT_MODEL
    module = load(spec, arch, trust_code=trust_code)
    found = getattr(module, "bcdsim_arch", None)
    recorded = getattr(module, "bcdsim_input_shape", None)  # a .pt2 program's (bcdsim.io.pt2.ProgramModule)
    if input_shape:
        shape = parse_shape(input_shape)
    elif found in ZOO:
        default = ZOO[found].input_shape
        shape = (default[0], _in_channels(module, default[1]), default[2], default[3])
    elif recorded and len(recorded) == 4:  # a .pt2 program's example input
        shape = tuple(recorded)
    else:
        shape = IMAGENET_SHAPE
    label, identified = _label(spec, arch)
    return LoadedModel(module, label, found, shape, identified)


def load_graph(spec: str | None, arch: str | None = None, input_shape: str | None = None,
               values: bool = False, *, trust_code: bool = False) -> LoadedGraph:
    """The canonical IR of a command's MODEL (same shapes, names and weights as ``to_ir`` of
    ``load_model``'s module); torch is imported only for TorchScript and torch.export archives.

    A zoo name's IR carries constant placeholder weights (``bcdsim.models.template``), enough for
    counts and shapes; ``values=True`` (the caller computes with the weights) builds the torch
    model with torch's own initialisation instead.
    """
    from bcdsim.io.weights import load_weights
    from bcdsim.ir.passes import canonicalize
    from bcdsim.ir.template import template_graph

    spec = spec or DEFAULT_MODEL
    weights = load_weights(spec, arch)
    label, identified = _label(spec, arch)
    if weights is None or (values and weights.initialised):
        from bcdsim.ir.frontend import to_ir

        loaded = load_model(spec, arch, input_shape, trust_code=trust_code)
        graph = to_ir(loaded.module, loaded.input_shape, loaded.arch or "model")
        return LoadedGraph(graph, loaded.label, loaded.arch, loaded.input_shape, loaded.identified)
    ident = weights.ident
    default = ZOO[ident.arch].input_shape
    shape = parse_shape(input_shape) if input_shape else (default[0], ident.in_channels, *default[2:])
    graph = canonicalize(template_graph(ident.arch, weights.arrays, shape, ident.arch))
    return LoadedGraph(graph, label, ident.arch, shape, identified)


def _in_channels(module: nn.Module, default: int) -> int:
    from torch import nn

    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            return m.in_channels
    return default
