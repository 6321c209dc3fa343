"""Each zoo architecture as data: its state_dict signature and its lowered IR, without torch.

``bcdsim/models/data/<arch>.json`` (written by ``python -m bcdsim.models.make_templates`` from the
torch models, and checked against them by tests/test_templates.py) holds

- ``state``: every state_dict key in order, with its shape (a dimension is an int, ``"classes"``
  or ``"in"``: the head size and input channels the architecture is built with), its dtype and
  the value a freshly built model holds when that value is a constant (BatchNorm, biases, PReLU,
  zero-initialised heads) or, for randomly initialised weights, the mean of torch's init
  distribution (0 for real convs/linears, 0.0005 for binary convs, whose signs are then all +1
  as in torch's init);
- ``graph``: the canonical lowering's nodes before the canonical passes (name, op class, inputs,
  source module, scalar attributes), which ``bcdsim.ir.template`` fills with a state_dict's arrays.

Zoo names are analysed from these constant "initialised" weights: counts depend on shapes only.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np

from bcdsim.models.zoo import ZOO

Shape = tuple[int, ...]
Dim = int | str  # an int, "classes" or "in"


@dataclass(frozen=True)
class StateEntry:
    key: str
    dims: tuple[Dim, ...]
    dtype: str  # numpy dtype name: float32 or int64
    init: float  # the initialised value (see the module docstring)

    def shape(self, num_classes: int, in_channels: int) -> Shape:
        sizes = {"classes": num_classes, "in": in_channels}
        return tuple(sizes[d] if isinstance(d, str) else d for d in self.dims)


@dataclass(frozen=True)
class NodeTemplate:
    name: str
    op: str  # class name in bcdsim.ir.ops
    inputs: tuple[str, ...]
    source: str  # module path for module nodes (parameters are <source>.<name>)
    attrs: Mapping[str, Any]


@dataclass(frozen=True)
class Template:
    arch: str
    state: tuple[StateEntry, ...]
    nodes: tuple[NodeTemplate, ...]
    outputs: tuple[str, ...]


def data_file(arch: str) -> Any:
    return resources.files("bcdsim.models") / "data" / f"{arch}.json"


@cache
def template(arch: str) -> Template:
    """The stored template of a zoo architecture (cached; raises KeyError for unknown names)."""
    if arch not in ZOO:
        raise KeyError(arch)
    doc = json.loads(data_file(arch).read_text())
    state = tuple(StateEntry(k, tuple(d), t, float(v)) for k, d, t, v in doc["state"])
    nodes = tuple(NodeTemplate(n, op, tuple(i), s, MappingProxyType(a)) for n, op, i, s, a in doc["graph"]["nodes"])
    return Template(arch, state, nodes, tuple(doc["graph"]["outputs"]))


def signature(arch: str, num_classes: int | None = None, in_channels: int | None = None) -> dict[str, Shape]:
    """Key -> shape of a zoo model's state_dict in its order, at a head size and input channels."""
    entry = ZOO[arch]
    n = num_classes or entry.num_classes
    c = in_channels or entry.input_shape[1]
    return {e.key: e.shape(n, c) for e in template(arch).state}


def dtypes(arch: str) -> dict[str, str]:
    return {e.key: e.dtype for e in template(arch).state}


def initial_state(arch: str, num_classes: int | None = None, in_channels: int | None = None) -> dict[str, np.ndarray]:
    """Read-only constant arrays in place of a freshly built model's state_dict (no memory per element)."""
    entry = ZOO[arch]
    n = num_classes or entry.num_classes
    c = in_channels or entry.input_shape[1]
    return {e.key: np.broadcast_to(np.array(e.init, dtype=e.dtype), e.shape(n, c)) for e in template(arch).state}
