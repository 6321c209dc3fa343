"""Write ``bcdsim/models/data/<arch>.json`` from the torch zoo models (see ``bcdsim.models.template``).

    .venv/bin/python -m bcdsim.models.make_templates      # after changing a zoo model

tests/test_templates.py fails when a stored template differs from what this produces.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

import numpy as np
import torch
from torch import nn

from bcdsim.ir.lower import lower
from bcdsim.models.template import data_file
from bcdsim.models.zoo import ZOO
from bcdsim.nn import BinaryConv2d, FlatBinaryConv2d

# Two builds at unusual sizes tell which dimensions are the head size and the input channels.
PROBES = ((1009, 5), (1013, 7))
# Op fields that follow from the input shape, recomputed when the template is instantiated.
SHAPE_DERIVED = {"Input": ("shape",), "ChannelShift": ("shift_h", "shift_w")}


def _dims(shapes: list[tuple[int, ...]], key: str) -> list[int | str]:
    (c1, i1), (c2, i2) = PROBES
    dims: list[int | str] = []
    for a, b in zip(*shapes):
        if a == b:
            dims.append(a)
        elif (a, b) == (c1, c2):
            dims.append("classes")
        elif (a, b) == (i1, i2):
            dims.append("in")
        else:
            raise ValueError(f"{key}: dimension {a}/{b} is neither fixed, the head size nor the input channels")
    return dims


def _init(model: nn.Module, key: str, tensor: torch.Tensor) -> float:
    """The value a fresh model holds (constant), or the mean of its random init distribution."""
    flat = tensor.detach().flatten()
    if flat.numel() == 0 or bool((flat == flat[0]).all()):
        return float(flat[0]) if flat.numel() else 0.0
    module = model.get_submodule(key.rsplit(".", 1)[0])
    if isinstance(module, (BinaryConv2d, FlatBinaryConv2d)):
        return 0.0005  # uniform(0, 0.001), see BinaryConv2d._init_weight
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        return 0.0  # torch's kaiming-uniform / bias init is symmetric around 0
    raise ValueError(f"{key}: no known init for a random {type(module).__name__} parameter")


def state_entries(arch: str) -> list[list[Any]]:
    builds = [ZOO[arch].build(n, c) for n, c in PROBES]
    states = [b.state_dict() for b in builds]
    if list(states[0]) != list(states[1]):
        raise ValueError(f"{arch}: the keys depend on the head size or input channels")
    fresh = ZOO[arch].build().state_dict()
    return [[key, _dims([tuple(s[key].shape) for s in states], key), str(t.dtype).removeprefix("torch."),
             _init(builds[0], key, fresh[key])]
            for key, t in fresh.items()]


def _attrs(op: Any, module: nn.Module | None) -> dict[str, Any]:
    skip = SHAPE_DERIVED.get(type(op).__name__, ())
    attrs = {f.name: getattr(op, f.name) for f in dataclasses.fields(op)
             if f.name not in skip and not isinstance(getattr(op, f.name), (np.ndarray, type(None)))}
    if isinstance(module, FlatBinaryConv2d):  # the state holds it flat: say how to view it
        attrs["weight_shape"] = list(module.shape)
    return attrs


def graph_nodes(arch: str) -> dict[str, Any]:
    model = ZOO[arch].build().eval()
    graph = lower(model, ZOO[arch].input_shape, arch)
    modules = dict(model.named_modules())
    nodes = [[n.name, type(n.op).__name__, list(n.inputs), n.source, _attrs(n.op, modules.get(n.source))]
             for n in graph]
    return {"nodes": nodes, "outputs": list(graph.outputs)}


def document(arch: str) -> dict[str, Any]:
    return {"arch": arch, "state": state_entries(arch), "graph": graph_nodes(arch)}


def render(arch: str) -> str:
    """The file's text: one state entry / node per line, so diffs stay readable."""
    doc = document(arch)
    lines = ['{"arch": ' + json.dumps(arch) + ',', ' "state": [']
    lines += ["  " + json.dumps(e) + ("," if i < len(doc["state"]) - 1 else "") for i, e in enumerate(doc["state"])]
    lines += [" ],", ' "graph": {"outputs": ' + json.dumps(doc["graph"]["outputs"]) + ', "nodes": [']
    nodes = doc["graph"]["nodes"]
    lines += ["  " + json.dumps(n) + ("," if i < len(nodes) - 1 else "") for i, n in enumerate(nodes)]
    lines += [" ]}", "}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    for arch in ZOO:
        path = data_file(arch)
        text = render(arch)
        with open(str(path), "w") as f:
            f.write(text)
        print(f"wrote {path} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
