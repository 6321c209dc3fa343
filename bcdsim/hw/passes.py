"""Hardware passes: canonical IR -> the graph the accelerator implements (DESIGN.md §5).

Each pass is a pure function Graph -> Graph. ``HARDWARE_PIPELINE`` lists them in order. Naming
rule: a node that computes the same value as a node of the float graph keeps that node's name,
so hw and float tensors can be compared by name; new integer tensors get a ``_popcount`` suffix.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from bcdsim.hw.ops import Affine, IntThreshold, XnorConv2d, XnorShiftMLP
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, GraphBuilder, Node
from bcdsim.ir.passes import eliminate_dead, rebuild, run_pipeline, sole_user

log = logging.getLogger(__name__)


def weight_bits(weight: np.ndarray) -> np.ndarray:
    """+-1 weights as the hardware stores them: one bit each, so sign(0) = 0 becomes +1 (the same
    rule as activations, x >= t -> +1)."""
    return np.where(weight == 0, 1, weight).astype(np.int8)


def _warn_zero_weights(convs: list[Node]) -> None:
    """Exactly-zero weights are rare in trained models (PyTorch's init can make a few): say so once."""
    zeros = {c.name: int(np.count_nonzero(c.op.weight == 0)) for c in convs}
    if any(zeros.values()):
        where = [n for n, z in zeros.items() if z]
        log.warning("%d binary weights in %d layers (first: %s) are exactly 0; the hardware uses +1 for them",
                    sum(zeros.values()), len(where), where[0])


def split_context_embed(graph: Graph) -> Graph:
    """ContextEmbed -> GlobalAvgPool, Flatten, Linear(W1): the contextual unit is GAP + a small FC."""
    def rewrite(node: Node, b: GraphBuilder, alias: dict[str, str]) -> bool:
        if not isinstance(node.op, ops.ContextEmbed):
            return False
        gap = b.add(ops.GlobalAvgPool(), [alias[node.inputs[0]]], node.name + "_gap", node.source)
        flat = b.add(ops.Flatten(), [gap], node.name + "_flat", node.source)
        alias[node.name] = b.add(ops.Linear(node.op.weight), [flat], node.name, node.source)
        return True

    return rebuild(graph, rewrite)


def fold_bn_into_conv(graph: Graph) -> Graph:
    """Real Conv2d -> BatchNorm becomes one Conv2d with scaled weights and a bias (the stem)."""
    folds: dict[str, Node] = {}
    for bn in graph.ops_of(ops.BatchNorm):
        conv = graph.node(bn.inputs[0])
        if isinstance(conv.op, ops.Conv2d) and sole_user(graph, conv.name) is not None:
            folds[bn.name] = conv

    def rewrite(node: Node, b: GraphBuilder, alias: dict[str, str]) -> bool:
        if any(node.name == c.name for c in folds.values()):
            return True
        if node.name not in folds:
            return False
        conv = folds[node.name].op
        scale, shift = node.op.affine()
        bias = shift + scale * (conv.bias if conv.bias is not None else 0.0)
        weight = (conv.weight * scale[:, None, None, None]).astype(np.float32)
        op = ops.Conv2d(stride=conv.stride, padding=conv.padding, groups=conv.groups, weight=weight,
                        bias=bias.astype(np.float32))
        alias[node.name] = b.add(op, [alias[folds[node.name].inputs[0]]], node.name, node.source)
        return True

    return rebuild(graph, rewrite)


def _bn_after(graph: Graph, name: str) -> tuple[Node | None, Node | None]:
    """(AddChannelOffset or None, BatchNorm or None) consuming ``name`` as sole user chain."""
    user = sole_user(graph, name)
    offset = None
    if user is not None and isinstance(user.op, ops.AddChannelOffset) and user.inputs[0] == name:
        offset, user = user, sole_user(graph, user.name)
    return offset, (user if user is not None and isinstance(user.op, ops.BatchNorm) else None)


def _shift_branches(graph: Graph, add: Node) -> list[Node] | None:
    """The three 1x1 BinaryConv2d of a ShiftBlock summed by ``add`` = Add(Add(c0, c1), c2), ordered
    (direct, local shift, global shift), all reading one sign map; None if ``add`` is not one."""
    first = graph.node(add.inputs[0])
    if not isinstance(first.op, ops.Add) or sole_user(graph, first.name) is None:
        return None
    convs = [graph.node(i) for i in (*first.inputs, add.inputs[1])]
    if not all(isinstance(c.op, ops.BinaryConv2d) and c.op.kernel_size == 1 and c.op.stride == 1
               and c.op.groups == 1 and sole_user(graph, c.name) is not None for c in convs):
        return None
    sources = [graph.node(c.inputs[0]) for c in convs]
    direct = [c for c, s in zip(convs, sources) if not isinstance(s.op, ops.ChannelShift)]
    shifted = {s.op.global_: c for c, s in zip(convs, sources) if isinstance(s.op, ops.ChannelShift)}
    if len(direct) != 1 or set(shifted) != {False, True}:
        return None
    sign = direct[0].inputs[0]
    if any(graph.node(shifted[g].inputs[0]).inputs[0] != sign for g in (False, True)):
        return None
    return [direct[0], shifted[False], shifted[True]]


def binary_to_xnor(graph: Graph) -> Graph:
    """BinaryConv2d (+ offset) + BN -> XnorConv2d (integer) + Affine (alpha and BN folded);
    a ShiftBlock's three convs + adds + BN -> one XnorShiftMLP + a 3-term Affine."""
    plans: dict[str, Callable[[GraphBuilder, dict[str, str]], str]] = {}
    consumed: set[str] = set()
    _warn_zero_weights(graph.ops_of(ops.BinaryConv2d))

    for conv in graph.ops_of(ops.BinaryConv2d):
        if conv.op.groups != 1:
            continue
        offset, bn = _bn_after(graph, conv.name)
        anchor = bn or offset or conv
        consumed.update(n.name for n in (conv, offset) if n is not None and n is not anchor)
        plans[anchor.name] = _conv_plan(conv, offset, bn)

    for bn in graph.ops_of(ops.BatchNorm):
        add = graph.node(bn.inputs[0])
        branches = _shift_branches(graph, add) if isinstance(add.op, ops.Add) else None
        if branches is None:
            continue
        for c in branches:
            plans.pop(c.name, None)
            consumed.add(c.name)
        consumed.update({add.name, add.inputs[0]} | {c.inputs[0] for c in branches[1:]})
        plans[bn.name] = _shift_plan(graph, branches, bn)

    def rewrite(node: Node, b: GraphBuilder, alias: dict[str, str]) -> bool:
        if node.name in plans:
            alias[node.name] = plans[node.name](b, alias)
            return True
        return node.name in consumed

    return eliminate_dead(rebuild(graph, rewrite))


def _conv_plan(conv: Node, offset: Node | None, bn: Node | None):
    def emit(b: GraphBuilder, alias: dict[str, str]) -> str:
        op = conv.op
        pop = b.add(XnorConv2d(weight_bits(op.weight), op.stride, op.padding), [alias[conv.inputs[0]]],
                    conv.name + "_popcount", conv.source)
        scale, shift = bn.op.affine() if bn is not None else (np.ones(op.out_channels), np.zeros(op.out_channels))
        affine = Affine((scale * op.alpha)[None].astype(np.float32), shift.astype(np.float32))
        if offset is None:
            return b.add(affine, [pop], (bn or conv).name, (bn or conv).source)
        # BN(alpha p + off) = (s alpha) p + shift + s off: the offset head's rows scale by s.
        y = b.add(affine, [pop], (bn or offset).name + "_affine", conv.source)
        return _scaled_offset(b, alias, offset, scale, y, bn)
    return emit


def _scaled_offset(b: GraphBuilder, alias: dict[str, str], offset: Node, scale: np.ndarray,
                   y: str, bn: Node | None) -> str:
    head = b.node(alias[offset.inputs[1]])
    if not isinstance(head.op, ops.Linear):
        raise ValueError(f"{offset.name}: the offset must come from a Linear head")
    w = (head.op.weight * scale[:, None]).astype(np.float32)
    scaled = b.add(ops.Linear(w), list(head.inputs), head.name + "_bn", head.source)
    target = bn or offset
    return b.add(ops.AddChannelOffset(), [y, scaled], target.name, target.source)


def _shift_plan(graph: Graph, branches: list[Node], bn: Node):
    def emit(b: GraphBuilder, alias: dict[str, str]) -> str:
        sign = branches[0].inputs[0]
        shifts = [(0, 0)] + [(s.op.shift_h, s.op.shift_w) for s in (graph.node(c.inputs[0]) for c in branches[1:])]
        weight = np.stack([weight_bits(c.op.weight[:, :, 0, 0]) for c in branches])
        op = XnorShiftMLP(weight, tuple(shifts), tuple(c.source for c in branches))
        pop = b.add(op, [alias[sign]], bn.name + "_popcount", bn.source)
        scale, shift = bn.op.affine()
        scales = np.stack([scale * c.op.alpha for c in branches]).astype(np.float32)
        return b.add(Affine(scales, shift.astype(np.float32)), [pop], bn.name, bn.source)
    return emit


def fold_threshold(graph: Graph) -> Graph:
    """Affine -> Sign (sole user) becomes an integer threshold on the popcount, decided in float64
    for every reachable popcount value, so it agrees with the float model's comparison exactly."""
    folds: dict[str, Node] = {}
    for sign in graph.ops_of(ops.Sign):
        aff = graph.node(sign.inputs[0])
        if isinstance(aff.op, Affine) and aff.op.scale.shape[0] == 1 and sole_user(graph, aff.name) is not None:
            folds[sign.name] = aff

    def rewrite(node: Node, b: GraphBuilder, alias: dict[str, str]) -> bool:
        if any(node.name == a.name for a in folds.values()):
            return True
        if node.name not in folds:
            return False
        aff = folds[node.name]
        pop = b.node(alias[aff.inputs[0]])
        n = (1 << (pop.dtype.bits - 1)) - 1
        t = node.op.threshold if node.op.threshold is not None else np.zeros(aff.shape[1])
        op = _threshold_op(aff.op.scale[0].astype(np.float64), aff.op.shift.astype(np.float64), t, n)
        alias[node.name] = b.add(op, [pop.name], node.name, node.source)
        return True

    return rebuild(graph, rewrite)


def _threshold_op(scale: np.ndarray, shift: np.ndarray, t: np.ndarray, n: int) -> IntThreshold:
    p = np.arange(-n, n + 1, dtype=np.float64)[:, None]
    on = scale * p + shift - t >= 0  # (values, channels): the hardware's sign(0) = +1 rule
    flip = scale < 0
    # increasing in p for scale >= 0: first p that is on; decreasing: last p that is on
    first_on = np.where(on.any(0), on.argmax(0) - n, n + 1)
    last_on = np.where(on.any(0), n - on[::-1].argmax(0), -n - 1)
    return IntThreshold(np.where(flip, last_on, first_on).astype(np.int64), flip)


HARDWARE_PIPELINE: list[Callable[[Graph], Graph]] = [
    split_context_embed,
    fold_bn_into_conv,
    binary_to_xnor,
    fold_threshold,
    eliminate_dead,
]


def to_hardware(graph: Graph) -> Graph:
    """The structural hardware graph (float-typed; ``bcdsim.hw.typing`` assigns fixed point)."""
    return run_pipeline(graph, HARDWARE_PIPELINE)
