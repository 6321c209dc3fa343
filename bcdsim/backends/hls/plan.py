"""The dataflow plan: hardware graph -> units (one hls4ml layer each) connected by streams.

Emitters (``bcdsim.backends.hls.emitters``, one per hw op class) add units that read tensors at
the lane count their kernel needs (``Port.lanes``, None: any). Wiring then makes every stream
point-to-point, FINN-style: a tensor read by several units passes a duplicator placed right after
its producer, and a stream whose lanes differ from what its reader needs passes a converter
placed right before the reader. Units stay in topological order, which is also the call order of
the dataflow top function.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from hls4ml.model.types import IntegerPrecisionType

from bcdsim.backends.hls import types
from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.dtypes import Bipolar, DataType
from bcdsim.ir.graph import Graph, Node


@dataclass
class Stream:
    """A tensor on a stream: pixels in row-major order, ``lanes`` channels per word."""

    tensor: str
    dtype: DataType
    channels: int
    height: int = 1
    width: int = 1
    lanes: int = 1
    depth: int = 0  # FIFO depth in words; 0: one pixel's words (at least 2)

    @property
    def bits(self) -> bool:
        return isinstance(self.dtype, Bipolar)

    @property
    def pixels(self) -> int:
        return self.height * self.width

    @property
    def words(self) -> int:
        return self.pixels * self.channels // self.lanes

    @property
    def fifo_depth(self) -> int:
        return self.depth or max(2, self.channels // self.lanes)

    def shape(self) -> list[int]:
        """hls4ml variable shape: its last dimension is the stream word (nnet::array size)."""
        return [self.height, self.width, self.channels // self.lanes, 1 if self.bits else self.lanes]

    def precision(self):
        return IntegerPrecisionType(self.lanes, False) if self.bits else types.precision(self.dtype)

    def element(self) -> str:
        return f"ap_uint<{self.lanes}>" if self.bits else types.cpp_type(self.dtype)


@dataclass
class Weight:
    attr: str  # the template's name for it
    data: np.ndarray  # exact values (float64) or integers
    precision: object  # hls4ml precision type


@dataclass
class Port:
    tensor: str
    lanes: int | None = None  # None: the kernel takes the producer's lanes
    depth: int = 0  # elements this input must be able to buffer (shortcut FIFOs)


@dataclass
class Unit:
    name: str
    family: str  # hls4ml layer class (see bcdsim.backends.hls.layers)
    inputs: list[Port]
    outputs: list[Stream]
    attrs: dict = field(default_factory=dict)
    weights: list[Weight] = field(default_factory=list)
    nodes: tuple[str, ...] = ()  # hw nodes it implements
    streams_in: list[Stream] = field(default_factory=list)  # filled by wiring


class Unsupported(Exception):
    """An emitter cannot express this node (the message says why)."""


@dataclass(frozen=True)
class Fold:
    simd: int
    pe: int


Emitter = Callable[["Planner", Node], None]
EMITTERS: dict[type, Emitter] = {}


def emits(*op_types: type) -> Callable[[Emitter], Emitter]:
    def register(fn: Emitter) -> Emitter:
        for t in op_types:
            EMITTERS[t] = fn
        return fn
    return register


class Planner:
    def __init__(self, hw: Graph, fold: Callable[[Node], Fold], fifo_depth: Callable[[Node], int | None]):
        self.hw = hw
        self.fold_of = fold
        self.fifo_depth_of = fifo_depth
        self.units: list[Unit] = []
        self.claimed: set[str] = set()
        self.alias: dict[str, str] = {}
        self.produced: dict[str, Stream] = {}

    # --- used by emitters -------------------------------------------------------------------
    def node(self, name: str) -> Node:
        return self.hw.node(self.alias.get(name, name))

    def tensor(self, name: str) -> str:
        return self.alias.get(name, name)

    def users(self, name: str) -> list[Node]:
        return self.hw.users(name)

    def sole_user(self, name: str) -> Node | None:
        users = self.users(name)
        return users[0] if len(users) == 1 and name not in self.hw.outputs else None

    def stream_of(self, name: str) -> Stream:
        return self.produced[self.tensor(name)]

    def fold(self, node: Node) -> Fold:
        return self.fold_of(node)

    def add(self, unit: Unit) -> None:
        for port in unit.inputs:
            port.tensor = self.tensor(port.tensor)
        self.units.append(unit)
        self.claimed.update(unit.nodes)
        for s in unit.outputs:
            self.produced[s.tensor] = s

    # --- the visitor -------------------------------------------------------------------------
    def run(self) -> list[Unit]:
        problems = []
        for node in self.hw:
            if node.name in self.claimed:
                continue
            if isinstance(node.op, ops.Flatten):
                src = self.node(node.inputs[0])
                if len(src.shape) == 4 and src.shape[2] * src.shape[3] != 1:
                    problems.append(f"Flatten ({node.name}: of a {src.shape[2]}x{src.shape[3]} map)")
                self.alias[node.name] = self.tensor(node.inputs[0])
                continue
            emitter = EMITTERS.get(type(node.op))
            try:
                if emitter is None:
                    raise Unsupported("")
                emitter(self, node)
            except Unsupported as e:
                problems.append(f"{type(node.op).__name__} ({node.name}{': ' + str(e) if str(e) else ''})")
            except KeyError as e:  # an input of an op we could not emit
                if not problems:
                    raise UserError(f"HLS backend: '{node.name}' reads {e}, which has no stream") from None
        if problems:
            raise UserError(f"the HLS backend cannot emit {len(problems)} op(s): {', '.join(problems)}")
        if len(self.hw.outputs) != 1:
            raise UserError(f"the HLS backend needs a graph with one output, got {len(self.hw.outputs)}")
        return wire(self.units, self.tensor(self.hw.outputs[0]))


def shortcut_lag(hw: Graph, late: str, early: str, add: Node) -> int:
    """Elements an Add's shortcut input must buffer while its other branch fills (DESIGN.md §5):
    walking the late branch back to where it leaves the shortcut's chain, each windowed unit holds
    up to K - P + S + 1 input rows (it reads rows, then emits), a frame buffer (contextual unit,
    shift-MLP gather, GAP) a whole frame, anything else a pixel or two."""
    from bcdsim.hw.ops import XnorConv2d, XnorShiftMLP

    full = int(np.prod(add.shape[1:]))
    chain, name = {early}, early
    for _ in range(8):  # the shortcut's own chain back to the common source (e.g. an AvgPool)
        n = hw.node(name)
        if not n.inputs:
            break
        name = n.inputs[0]
        chain.add(name)
    frac, name = 0.0, late
    for _ in range(len(hw)):
        if name in chain:
            return min(full, math.ceil(frac * full) + 2 * add.shape[1])
        n = hw.node(name)
        if not n.inputs:
            break
        op, h = n.op, hw.node(n.inputs[0]).shape[2] if len(hw.node(n.inputs[0]).shape) == 4 else 1
        if isinstance(op, (XnorShiftMLP, ops.DynamicSign, ops.GlobalAvgPool)):
            frac += 1.0
        elif isinstance(op, (XnorConv2d, ops.Conv2d, ops.AvgPool2d)):
            k = op.weight.shape[2] if hasattr(op, "weight") else op.kernel
            frac += (k - op.padding + op.stride + 1) / h
        else:
            frac += 2.0 / max(1, int(np.prod(n.shape[2:])))
        name = n.inputs[0]
    return full  # the branches do not meet as expected: a whole frame is always enough


def wire(units: list[Unit], output: str) -> list[Unit]:
    """Insert duplicators and lane converters; set each unit's input streams and FIFO depths."""
    readers: dict[str, int] = {}
    for u in units:
        for port in u.inputs:
            readers[port.tensor] = readers.get(port.tensor, 0) + 1
    if readers.get(output):
        raise UserError(f"the HLS backend cannot also read the graph output '{output}' inside the graph")
    current: dict[str, list[Stream]] = {}  # tensor -> streams not yet taken by a reader
    wired: list[Unit] = []
    for u in units:
        for port in u.inputs:
            src = current[port.tensor].pop(0)
            want = port.lanes or src.lanes
            if want != src.lanes:
                out = replace(src, tensor=f"{src.tensor}__{u.name}__cvt", lanes=want, depth=0)
                wired.append(_converter(src, out))
                src = out
            if port.depth:
                src.depth = max(src.fifo_depth, math.ceil(port.depth / src.lanes))
            u.streams_in.append(src)
        wired.append(u)
        for s in u.outputs:
            n = readers.get(s.tensor, 0)
            if n > 1:
                copies = [replace(s, tensor=f"{s.tensor}__dup{i}") for i in range(n)]
                wired.append(Unit(f"{s.tensor}__dup", "BcdDup", [Port(s.tensor)], copies,
                                  {"words": s.words}, streams_in=[s]))
                current[s.tensor] = list(copies)
            else:
                current[s.tensor] = [s]
    return wired


def _converter(src: Stream, out: Stream) -> Unit:
    return Unit(out.tensor, "BcdConvert", [Port(src.tensor)], [out],
                {"channels": src.channels, "pixels": src.pixels, "bits": src.bits}, streams_in=[src])
