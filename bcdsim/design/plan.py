"""Typed hardware graph -> the primary units of the design, independent of folding.

One planner per hardware op class (DESIGN.md §8.7) decides what a unit fuses and what it reads:
an XNOR unit takes the Affine or IntThreshold that is its sole reader as its output stage; a
shift-MLP takes its three-branch Affine; the contextual unit takes the GAP, Flatten and the two
FCs that produce a DynamicSign's threshold. Nothing else groups nodes into units. ``assemble``
(``bcdsim.design.build``) then gives the units their lanes from a folding and wires them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bcdsim.design import units as k
from bcdsim.design.units import Geometry
from bcdsim.errors import UserError
from bcdsim.hw.ops import Affine, IntThreshold, XnorConv2d, XnorShiftMLP
from bcdsim.ir import ops
from bcdsim.ir.dtypes import Bipolar
from bcdsim.ir.graph import Graph, Node
from bcdsim.registry import ByClass, registrar


@dataclass(frozen=True)
class Planned:
    """A primary unit before folding: what it implements, reads and writes."""

    name: str
    kind: str
    nodes: tuple[str, ...]
    geometry: Geometry
    inputs: tuple[str, ...]  # tensors read, in port order
    outputs: tuple[str, ...]  # tensors written (the main result first)
    source: str = ""


class Unsupported(Exception):
    """A planner cannot express this node (the message says why)."""


PLANNERS: dict[type, Callable[[Planner, Node], None]] = ByClass()
plans = registrar(PLANNERS)  # by hardware op class


def dims(node: Node) -> tuple[int, int, int]:
    """(C, H, W) of a map, (F, 1, 1) of a vector."""
    s = node.shape
    return (s[1], s[2], s[3]) if len(s) == 4 else (s[1], 1, 1)


class Planner:
    def __init__(self, hw: Graph):
        self.hw = hw
        self.readers: dict[str, list[Node]] = {n.name: [] for n in hw}
        for n in hw:
            for i in n.inputs:
                self.readers[i].append(n)
        self.planned: list[Planned] = []
        self.claimed: set[str] = set()
        self.alias: dict[str, str] = {}  # wiring-only nodes (Flatten) -> the tensor they pass on

    # --- used by planners ------------------------------------------------------------------------
    def tensor(self, name: str) -> str:
        return self.alias.get(name, name)

    def node(self, name: str) -> Node:
        return self.hw.node(self.tensor(name))

    def users(self, name: str) -> list[Node]:
        return self.readers[name]

    def sole_user(self, name: str) -> Node | None:
        users = self.readers[name]
        return users[0] if len(users) == 1 and name not in self.hw.outputs else None

    def add(self, kind: str, node: Node, geometry: Geometry, inputs: list[str], outputs: list[str],
            fused: tuple[str, ...] = ()) -> None:
        nodes = (node.name, *fused)
        self.planned.append(Planned(node.name, kind, nodes, geometry, tuple(self.tensor(i) for i in inputs),
                                    tuple(outputs), node.source))
        self.claimed.update(nodes)

    # --- the visitor -----------------------------------------------------------------------------
    def run(self) -> list[Planned]:
        problems: list[str] = []
        for node in self.hw:
            if node.name in self.claimed:
                continue
            if isinstance(node.op, ops.Flatten):
                src = self.node(node.inputs[0])
                if len(src.shape) == 4 and src.shape[2] * src.shape[3] != 1:
                    problems.append(f"Flatten ({node.name}: of a {src.shape[2]}x{src.shape[3]} map)")
                self.alias[node.name] = self.tensor(node.inputs[0])
                continue
            try:
                planner = PLANNERS.get(type(node.op))
                if planner is None:
                    raise Unsupported("")
                planner(self, node)
            except Unsupported as e:
                problems.append(f"{type(node.op).__name__} ({node.name}{': ' + str(e) if str(e) else ''})")
        if problems:
            raise UserError(f"the hardware design cannot express {len(problems)} op(s): {', '.join(problems)}")
        if len(self.hw.outputs) != 1:
            raise UserError(f"the hardware design needs a graph with one output, got {len(self.hw.outputs)}")
        return self.planned


def plan(hw: Graph) -> list[Planned]:
    """The primary units of ``hw`` (the typed hardware graph), in dataflow order."""
    return Planner(hw).run()


def values_in(p: Planner, node: Node) -> None:
    """Fixed-point units read values: a bipolar input (a step-1 model's real-weight conv on sign
    activations) has no unit."""
    for i in node.inputs:
        if isinstance(p.node(i).dtype, Bipolar):
            raise Unsupported(f"reads the bipolar map '{p.tensor(i)}' as real values")


@plans(ops.Input)
def _input(p: Planner, node: Node) -> None:
    c, h, w = dims(node)
    p.add(k.INPUT, node, Geometry(c, h, w), [], [node.name])


# --- matrix units ----------------------------------------------------------------------------------

def _stage(p: Planner, pop: Node, branches: int) -> Node | None:
    """The output stage an XNOR unit fuses: its sole reader when that is an Affine of the same
    branch count, or (one branch) an IntThreshold."""
    user = p.sole_user(pop.name)
    if user is not None and isinstance(user.op, Affine) and user.op.scale.shape[0] == branches:
        return user
    if branches == 1 and user is not None and isinstance(user.op, IntThreshold):
        return user
    if branches != 1:
        raise Unsupported("its sole user must be the 3-branch Affine of the ShiftBlock")
    return None


@plans(XnorConv2d)
def _xnor_conv(p: Planner, node: Node) -> None:
    op: XnorConv2d = node.op
    o, c, kk, _ = op.weight.shape
    _, h, w = dims(p.node(node.inputs[0]))
    _, oh, ow = dims(node)
    stage = _stage(p, node, 1)
    geo = Geometry(c, h, w, o, oh, ow, kk, op.stride, op.padding)
    out = stage.name if stage is not None else node.name
    p.add(k.XNOR_MVAU, node, geo, [node.inputs[0]], [out], (stage.name,) if stage is not None else ())


@plans(XnorShiftMLP)
def _shift_mlp(p: Planner, node: Node) -> None:
    op: XnorShiftMLP = node.op
    branches, o, c = op.weight.shape
    if branches != 3 or op.shifts[0] != (0, 0):
        raise Unsupported("expects the (direct, local, global) branches of a ShiftBlock")
    _, h, w = dims(node)
    stage = _stage(p, node, 3)
    geo = Geometry(c, h, w, o, h, w, branches=3)
    p.add(k.XNOR_MVAU, node, geo, [node.inputs[0]], [stage.name], (stage.name,))


def _fixed_matrix(p: Planner, node: Node, o: int, cg: int, kk: int, stride: int, pad: int, groups: int) -> None:
    values_in(p, node)
    c, h, w = dims(p.node(node.inputs[0]))
    _, oh, ow = dims(node)
    if cg * groups != c:
        raise Unsupported(f"{cg} x {groups} groups != {c} input channels")
    p.add(k.DSP_MVAU, node, Geometry(c, h, w, o, oh, ow, kk, stride, pad, groups), [node.inputs[0]], [node.name])


@plans(ops.Conv2d)
def _conv(p: Planner, node: Node) -> None:
    op: ops.Conv2d = node.op
    o, cg, kk, _ = op.weight.shape
    _fixed_matrix(p, node, o, cg, kk, op.stride, op.padding, op.groups)


@plans(ops.Linear)
def _linear(p: Planner, node: Node) -> None:
    o, c = node.op.weight.shape
    _fixed_matrix(p, node, o, c, 1, 1, 0, 1)


# --- per-channel units -----------------------------------------------------------------------------

def _per_channel(kind: str):
    def planner(p: Planner, node: Node) -> None:
        values_in(p, node)
        if isinstance(node.op, ops.ChannelOp):
            try:
                node.op.channel_form()
            except ValueError as e:  # e.g. a multi-branch Affine away from its XnorShiftMLP
                raise Unsupported(str(e)) from None
        c, h, w = dims(node)
        p.add(kind, node, Geometry(c, h, w), [node.inputs[0]], [node.name])
    return planner


plans(ops.ChannelOp)(_per_channel(k.ELTWISE))
plans(ops.Sign, IntThreshold)(_per_channel(k.THRESHOLD))


@plans(ops.Add, ops.AddChannelOffset)
def _add(p: Planner, node: Node) -> None:
    values_in(p, node)
    c, h, w = dims(node)
    kind = k.OFFSET_ADD if isinstance(node.op, ops.AddChannelOffset) else k.ADD
    p.add(kind, node, Geometry(c, h, w), list(node.inputs), [node.name])


@plans(ops.Concat)
def _concat(p: Planner, node: Node) -> None:
    if node.op.axis != 1 or len(node.inputs) != 2 or isinstance(node.dtype, Bipolar):
        raise Unsupported("only two fixed-point maps along channels")
    c, h, w = dims(node)
    first = dims(p.node(node.inputs[0]))[0]
    p.add(k.CONCAT, node, Geometry(c, h, w, first=first), list(node.inputs), [node.name])


@plans(ops.AvgPool2d, ops.MaxPool2d)
def _pool(p: Planner, node: Node) -> None:
    values_in(p, node)
    op = node.op
    c, h, w = dims(p.node(node.inputs[0]))
    _, oh, ow = dims(node)
    last = [min(h - 1, oy * op.stride - op.padding + op.kernel - 1) for oy in range(oh)]
    last_x = [min(w - 1, ox * op.stride - op.padding + op.kernel - 1) for ox in range(ow)]
    if len(set(last)) != oh or len(set(last_x)) != ow:
        raise Unsupported("two pooling windows end on the same input pixel")
    p.add(k.POOL, node, Geometry(c, h, w, c, oh, ow, op.kernel, op.stride, op.padding), [node.inputs[0]],
          [node.name])


@plans(ops.GlobalAvgPool)
def _gap(p: Planner, node: Node) -> None:
    values_in(p, node)
    sign = context_sign(p, node)
    if sign is not None:  # the first node of a contextual threshold: the whole unit goes here
        return _context(p, sign)
    c, h, w = dims(p.node(node.inputs[0]))
    p.add(k.GAP, node, Geometry(c, h, w, c), [node.inputs[0]], [node.name])


def context_sign(p: Planner, gap: Node) -> Node | None:
    """The DynamicSign(x, W2 . W1 . Flatten(GAP(x))) that ``gap`` starts, if any."""
    for flat in p.users(gap.name):
        for ctx in p.users(flat.name) if isinstance(flat.op, ops.Flatten) else ():
            for thr in p.users(ctx.name) if isinstance(ctx.op, ops.Linear) else ():
                for sign in p.users(thr.name) if isinstance(thr.op, ops.Linear) else ():
                    if isinstance(sign.op, ops.DynamicSign) and sign.inputs == (gap.inputs[0], thr.name):
                        return sign
    return None


@plans(ops.DynamicSign)
def _context(p: Planner, node: Node) -> None:
    """BCDNet-B's contextual threshold unit, planned where its GAP is (reached here directly only
    when the threshold is not W2 . W1 . GAP(x) of the same map)."""
    x, thr = p.node(node.inputs[0]), p.node(node.inputs[1])
    ctx = p.node(thr.inputs[0]) if isinstance(thr.op, ops.Linear) else None
    flat = p.node(ctx.inputs[0]) if ctx is not None and isinstance(ctx.op, ops.Linear) else None
    gap = p.hw.node(flat.inputs[0]) if flat is not None and isinstance(flat.op, ops.Flatten) else None
    if gap is None or not isinstance(gap.op, ops.GlobalAvgPool) or gap.inputs[0] != x.name or gap.name in p.claimed:
        raise Unsupported("its threshold must be W2 . W1 . GAP(x) of the same map x")
    if thr.op.bias is not None or ctx.op.bias is not None or p.sole_user(thr.name) is None:
        raise Unsupported("the contextual FCs have no bias and the threshold has no other reader")
    c, h, w = dims(x)
    others = [u for u in p.users(ctx.name) if u.name != thr.name]
    outputs = [node.name] + ([ctx.name] if others else [])
    p.add(k.CONTEXT_REPLAY, node, Geometry(c, h, w, c, h, w, hidden=ctx.shape[1]), [x.name], outputs,
          (thr.name, ctx.name, gap.name, flat.name))
