"""Folding of the generated design: SIMD / PE per unit, from the cost model's folding file.

The file (``bcdsim.cost.folding_file``) names units after nodes of the canonical IR graph; the
HLS plan works on the hardware graph, whose nodes keep those names or derive from them
(``X_popcount`` for the XNOR unit of conv ``X``, a ShiftBlock's unit after its direct conv, the
stem conv under the name of the BatchNorm folded into it, an output-offset FC as ``X_bn``).

``auto`` asks the cost model's optimizer (the fastest folding within 70% of the device's LUTs);
without it, or where a unit is missing, the default folding applies:
  XNOR units: SIMD = the largest value the kernel accepts up to 64, PE = the largest divisor of
  the outputs up to 8; fixed-point matrix units: SIMD up to 8, PE up to 4; per-channel units:
  PE = the largest divisor of the channels up to 8; the contextual FCs run one MAC per cycle.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from bcdsim.backends.hls.plan import Fold
from bcdsim.hw.ops import XnorConv2d, XnorShiftMLP
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, Node

log = logging.getLogger(__name__)
MATRIX_KINDS = ("mvau", "shift_mvau", "dsp_mvau")


def _largest_divisor(n: int, limit: int, ok=lambda d: True) -> int:
    return max(d for d in range(1, min(n, limit) + 1) if n % d == 0 and ok(d))


def default_fold(node: Node) -> Fold:
    op = node.op
    if isinstance(op, XnorConv2d):
        o, c, k, _ = op.weight.shape
        windowed = k > 1 or op.stride > 1 or op.padding > 0
        options = [d for d in range(1, c + 1) if c % d == 0]
        if windowed:
            options += [c * d for d in range(1, k * k + 1) if (k * k) % d == 0]
        return Fold(max(s for s in options if s <= 64 or s == min(options)), _largest_divisor(o, 8))
    if isinstance(op, XnorShiftMLP):
        _, o, c = op.weight.shape
        return Fold(_largest_divisor(c, 64), _largest_divisor(o, 8))
    if isinstance(op, (ops.Conv2d, ops.Linear)):
        w = op.weight if op.weight.ndim == 4 else op.weight[:, :, None, None]
        groups = getattr(op, "groups", 1)
        return Fold(_largest_divisor(w[0].size, 8), _largest_divisor(w.shape[0] // groups, 4))
    channels = node.shape[1]
    return Fold(1, _largest_divisor(channels, 8))


def matrix_width(node: Node) -> int:
    """MW: inputs per output of a matrix node."""
    op = node.op
    if isinstance(op, XnorShiftMLP):
        return 3 * int(op.weight.shape[2])
    return int(op.weight[0].size)


@dataclass
class Folding:
    """Unit entries of a folding file (or none: the default folding everywhere)."""

    units: dict[str, dict] = field(default_factory=dict)
    canonical: Graph | None = None
    node_unit: dict[str, str] = field(default_factory=dict)
    source: str = "default"
    document: dict | None = None  # the folding file's content, saved into the project

    def unit_for(self, node: Node) -> dict | None:
        name = node.name
        candidates = [name]
        if isinstance(node.op, XnorConv2d) and name.endswith("_popcount"):
            candidates.insert(0, name[: -len("_popcount")])
        if isinstance(node.op, XnorShiftMLP) and self.canonical is not None:
            bn = name[: -len("_popcount")]
            try:
                candidates.insert(0, self.canonical.node(bn).inputs[0])
            except Exception:  # noqa: BLE001 - not the usual ShiftBlock naming: fall back
                pass
        if isinstance(node.op, ops.Conv2d) and self.canonical is not None:
            try:
                same = self.canonical.node(name)
                if isinstance(same.op, ops.BatchNorm):  # BN folded into the conv before it
                    candidates.insert(0, same.inputs[0])
            except Exception:  # noqa: BLE001
                pass
        if isinstance(node.op, ops.Linear) and name.endswith("_bn"):
            candidates.append(name[: -len("_bn")])
        for c in candidates:
            unit = self.node_unit.get(c, c)
            if unit in self.units:
                return {"name": unit, **self.units[unit]}
        return None

    def fold(self, node: Node) -> Fold:
        entry = self.unit_for(node)
        if entry is None:
            return default_fold(node)
        matrix_node = isinstance(node.op, (XnorConv2d, XnorShiftMLP, ops.Conv2d, ops.Linear))
        if matrix_node and entry.get("kind") not in MATRIX_KINDS:
            return Fold(1, 1) if entry.get("kind") == "context" else default_fold(node)
        if matrix_node and entry.get("mw", matrix_width(node)) != matrix_width(node):
            return default_fold(node)  # the unit groups this node differently (e.g. a step-1 ShiftBlock)
        return Fold(int(entry.get("simd", 1)), int(entry.get("pe", 1)))

    def fifo_depth(self, node: Node) -> int | None:
        entry = self.units.get(f"{node.name}__fifo")
        return int(entry["depth"]) if entry and entry.get("depth") else None


def load(path: str | Path, hw: Graph) -> Folding:
    """A folding file, checked against the model's design units (``bcdsim.design.folding_file``)."""
    from bcdsim.design.folding_file import load_folding, read_document
    from bcdsim.design.plan import plan

    load_folding(path, hw, plan(hw))  # raises UserError on any mismatch
    data = read_document(path)
    return Folding(data["units"], None, {}, f"folding file {Path(path).name}", data)


def auto(hw: Graph, device, model_label: str) -> Folding:
    """The cost model's optimizer on the design of ``hw``."""
    from bcdsim.cost.estimate import estimate
    from bcdsim.design.folding_file import folding_document

    e = estimate(hw, device, name=model_label)
    doc = folding_document(e.point, model_label)
    return Folding(doc["units"], None, {}, f"auto ({e.how}, cost model)", doc)
