"""Canonical IR graph -> hardware units of the dataflow design (cached per graph).

Mapping (one or more units per op; unit names derive from IR node names, which are unique):

| IR                                   | unit(s)                                                     |
|--------------------------------------|-------------------------------------------------------------|
| BinaryConv2d k>1 or stride>1         | ``<node>__swu`` (sliding window, valid mask) + ``<node>`` mvau |
| BinaryConv2d 1x1 / BinaryLinear      | ``<node>`` mvau (XNOR-popcount)                              |
| ShiftBlock (see below)               | ``<conv>__gather`` (frame buffer) + ``<conv>`` shift_mvau    |
| Conv2d / Linear (real)               | ``<node>__swu`` when windowed + ``<node>`` dsp_mvau          |
| ContextEmbed + its Linears + DynamicSign | ``<ContextEmbed node>`` context (frame buffer, GAP, small FCs) |
| BatchNorm / RPReLU, PReLU / Bias / Scale / AddChannelOffset | affine / prelu / bias / scale / offset_add |
| Sign (static threshold)              | threshold                                                   |
| Add                                  | add, plus ``<node>__fifo``: shortcut FIFO on its earlier input |
| Concat / AvgPool2d / MaxPool2d / GlobalAvgPool | concat / avgpool / maxpool / gap                  |
| a tensor read by several units       | ``<tensor node>__dup`` (stream duplicator)                    |
| Input, Flatten, ChannelShift         | no unit (wiring)                                            |

A ShiftBlock is one Sign feeding three 1x1 BinaryConv2d (direct, via ChannelShift(global_=False),
via ChannelShift(global_=True)) whose outputs are added: one MVAU over MW = 3C inputs gathered
per pixel from (a, Shift(a), GlobalShift(a)), named after the direct conv (``<conv>``).
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

from bcdsim.cost.units import HwConfig, UnitSpec, acc_bits
from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, Node

_ELEMENTWISE = {ops.BatchNorm: "affine", ops.RPReLU: "prelu", ops.PReLU: "prelu", ops.Bias: "bias",
                ops.Scale: "scale", ops.Sign: "threshold", ops.AddChannelOffset: "offset_add",
                ops.Add: "add", ops.Concat: "concat"}


@dataclass(frozen=True, eq=False)
class UnitGraph:
    name: str
    units: tuple[UnitSpec, ...]  # topological order
    inputs: dict[str, tuple[str, ...]]  # unit -> producer units (stream order)
    fifos: dict[str, str]  # fifo unit -> the add unit whose earlier input it delays
    node_unit: dict[str, str]  # IR node -> unit implementing it
    bops: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {u.name: u for u in self.units})


def _map_dims(shape: tuple[int, ...]) -> tuple[int, int, int]:
    """(C, H, W) of a map or (F, 1, 1) of a vector."""
    return (shape[1], shape[2], shape[3]) if len(shape) == 4 else (shape[1], 1, 1)


class _Builder:
    def __init__(self, graph: Graph, cfg: HwConfig):
        self.g, self.cfg = graph, cfg
        self.units: list[UnitSpec] = []
        self.inputs: dict[str, list[str]] = {}
        self.producer: dict[str, str] = {}  # IR node -> unit emitting its value ("" = external input)
        self.bits: dict[str, int] = {}  # IR node -> stream width of its value
        self.node_unit: dict[str, str] = {}
        self.fifos: dict[str, str] = {}
        self.absorbed: dict[str, str] = {}  # IR node -> group key node
        self.unsupported: list[str] = []
        self.shift_out: dict[str, str] = {}  # shift group key -> node whose value the matrix unit emits
        self.side: set[tuple[str, str]] = set()  # (unit, producer) per-frame side inputs (context offsets)
        self.users = {n.name: [] for n in graph}
        for n in graph:
            for i in n.inputs:
                self.users[i].append(n)

    def add(self, spec: UnitSpec, inputs: list[str]) -> str:
        self.units.append(spec)
        self.inputs[spec.name] = list(inputs)
        for n in spec.nodes:
            self.node_unit.setdefault(n, spec.name)
        return spec.name

    # --- groups --------------------------------------------------------------------------
    def find_groups(self) -> None:
        g = self.g
        self.shift_groups: dict[str, list[Node]] = {}  # sign node -> [direct conv, shifted convs...]
        for n in g.ops_of(ops.BinaryConv2d, ops.Conv2d):  # Conv2d: step-1 models (real weights)
            src = g.node(n.inputs[0])
            if isinstance(src.op, ops.ChannelShift):
                self.shift_groups.setdefault(src.inputs[0], [])
        for sign, members in self.shift_groups.items():
            direct = [u for u in self.users[sign] if isinstance(u.op, (ops.BinaryConv2d, ops.Conv2d))]
            shifted = sorted((u for u in self.users[sign] if isinstance(u.op, ops.ChannelShift)),
                             key=lambda u: u.op.global_)
            members.extend(direct + [c for sh in shifted for c in self.users[sh.name]])
            key = members[0].name
            terms = {m.name for m in members}
            for sh in shifted:
                self.absorbed[sh.name] = key
            for m in members:
                self.absorbed[m.name] = key
            self.shift_out[key] = key
            for n in g.ops_of(ops.Add):  # the Adds summing the branches join the matrix unit
                if all(i in terms for i in n.inputs):
                    terms.add(n.name)
                    self.absorbed[n.name] = key
                    self.shift_out[key] = n.name
        self.context_of: dict[str, str] = {}
        for e in g.ops_of(ops.ContextEmbed):
            for lin in self.users[e.name]:
                self.absorbed[lin.name] = e.name
                for u in self.users[lin.name]:
                    if isinstance(u.op, ops.DynamicSign):
                        self.absorbed[u.name] = e.name

    # --- units ---------------------------------------------------------------------------
    def stream(self, node: str) -> str:
        return self.producer[node]

    def build(self) -> UnitGraph:
        self.find_groups()
        cfg = self.cfg
        for n in self.g:
            op = n.op
            if any(i not in self.producer for i in n.inputs):  # downstream of an unmappable node
                if isinstance(op, (ops.Opaque, ops.ChannelShift, ops.DynamicSign)):
                    self.unsupported.append(f"{n.name} ({type(op).__name__})")
                continue
            if isinstance(op, ops.Input):
                self.producer[n.name], self.bits[n.name] = "", cfg.input_bits
            elif isinstance(op, (ops.Flatten,)):
                self.producer[n.name], self.bits[n.name] = self.producer[n.inputs[0]], self.bits[n.inputs[0]]
            elif n.name in self.absorbed:
                self.absorbed_node(n)
            elif isinstance(op, (ops.BinaryConv2d, ops.Conv2d, ops.BinaryLinear, ops.Linear)):
                self.matrix(n)
            elif isinstance(op, ops.ContextEmbed):
                self.context(n)
            elif type(op) in _ELEMENTWISE:
                self.elementwise(n, _ELEMENTWISE[type(op)])
            elif isinstance(op, (ops.AvgPool2d, ops.GlobalAvgPool)):
                self.pool(n)
            else:
                self.unsupported.append(f"{n.name} ({type(op).__name__})")
        if self.unsupported:
            raise UserError(f"{self.g.name}: the hardware cost model cannot map {len(self.unsupported)} node(s): "
                            + ", ".join(self.unsupported))
        self.insert_duplicators()
        bops = sum(u.bops for u in self.units)
        return UnitGraph(self.g.name, tuple(self.units), {k: tuple(v) for k, v in self.inputs.items()},
                         self.fifos, self.node_unit, bops)

    def absorbed_node(self, n: Node) -> None:
        key = self.absorbed[n.name]
        if key in self.shift_out:
            if n.name == key:
                self.shift_matrix(key)
            self.producer[n.name] = key
            self.bits[n.name] = self.bits.get(key, 1)
            self.node_unit[n.name] = key
            return
        self.producer[n.name] = key  # inside a context unit
        self.bits[n.name] = 1 if isinstance(n.op, ops.DynamicSign) else self.cfg.act_bits
        self.node_unit[n.name] = key

    def shift_matrix(self, key: str) -> None:
        sign = next(s for s, m in self.shift_groups.items() if m[0].name == key)
        members = self.shift_groups[sign]
        first = self.g.node(key)
        c, h, w = _map_dims(self.g.node(sign).shape)
        mw = c * len(members)
        nodes = tuple(m.name for m in members) + tuple(k for k, v in self.absorbed.items()
                                                         if v == key and k not in {m.name for m in members})
        gather = self.add(UnitSpec(f"{key}__gather", "gather", (), first.source, c, mw, c, h, w, h, w,
                                   in_bits=1, out_bits=1, tied_to=key), [self.stream(sign)])
        out_c = first.shape[1]
        macs = h * w * mw * out_c
        if isinstance(first.op, ops.BinaryConv2d):
            spec = UnitSpec(key, "shift_mvau", nodes, first.source, c, mw, out_c, h, w, h, w, in_bits=1,
                            out_bits=acc_bits(mw), weight_bits=1, bops=macs)
        else:  # real weights on +-1 inputs (step-1 checkpoints): the same gather, a DSP matrix unit
            spec = UnitSpec(key, "dsp_mvau", nodes, first.source, c, mw, out_c, h, w, h, w, in_bits=1,
                            out_bits=self.cfg.act_bits, weight_bits=self.cfg.real_weight_bits, macs=macs)
        self.add(spec, [gather])
        for n in (key, self.shift_out[key]):
            self.producer[n], self.bits[n] = key, spec.out_bits

    def matrix(self, n: Node) -> None:
        op, cfg = n.op, self.cfg
        src = n.inputs[0]
        binary = isinstance(op, (ops.BinaryConv2d, ops.BinaryLinear))
        in_shape = self.g.node(src).shape
        if isinstance(op, (ops.Conv2d, ops.BinaryConv2d)):
            c, ih, iw = _map_dims(in_shape)
            k, stride, pad, groups = op.kernel_size, op.stride, op.padding, op.groups
            oh, ow = n.shape[2], n.shape[3]
        else:
            c, ih, iw, k, stride, pad, groups, oh, ow = in_shape[1], 1, 1, 1, 1, 0, 1, 1, 1
        mh = n.shape[1]
        mw = k * k * c // groups
        in_bits = self.bits[src]
        inp = self.stream(src)
        kind = "mvau" if binary else "dsp_mvau"
        common = dict(channels=c, mw=mw, mh=mh, oh=oh, ow=ow, ih=ih, iw=iw, k=k, stride=stride, pad=pad,
                      in_bits=in_bits)
        if k > 1 or stride > 1:
            inp = self.add(UnitSpec(f"{n.name}__swu", "swu", (), n.source, out_bits=in_bits, tied_to=n.name,
                                    extra={"groups": groups}, **common), [inp])
        out_bits = acc_bits(mw) if binary else cfg.act_bits
        macs = oh * ow * mw * mh
        self.add(UnitSpec(n.name, kind, (n.name,), n.source, out_bits=out_bits,
                          weight_bits=1 if binary else cfg.real_weight_bits, bops=macs if binary else 0,
                          macs=0 if binary else macs,
                          extra={"groups": groups, "bias": getattr(op, "bias", None) is not None}, **common), [inp])
        self.producer[n.name], self.bits[n.name] = n.name, out_bits

    def context(self, n: Node) -> None:
        c, h, w = _map_dims(self.g.node(n.inputs[0]).shape)
        lins = [u for u in self.users[n.name] if isinstance(u.op, ops.Linear)]
        macs = int(n.op.weight.size) + sum(int(u.op.weight.size) for u in lins)
        offsets = sum(1 for u in lins if not any(isinstance(x.op, ops.DynamicSign) for x in self.users[u.name]))
        nodes = (n.name,) + tuple(k for k, v in self.absorbed.items() if v == n.name)
        self.add(UnitSpec(n.name, "context", nodes, n.source, c, 1, c, h, w, h, w, in_bits=self.bits[n.inputs[0]],
                          out_bits=1, macs=macs, extra={"offsets": offsets, "hidden": int(n.op.weight.shape[0])}),
                 [self.stream(n.inputs[0])])
        self.producer[n.name], self.bits[n.name] = n.name, self.cfg.act_bits

    def elementwise(self, n: Node, kind: str) -> None:
        c, h, w = _map_dims(n.shape)
        in_bits = max(self.bits[i] for i in n.inputs)
        out_bits = 1 if kind == "threshold" else self.cfg.act_bits
        extra = {"first": self.g.node(n.inputs[0]).shape[1]} if kind == "concat" else {}
        producers = [self.stream(i) for i in n.inputs]
        self.add(UnitSpec(n.name, kind, (n.name,), n.source, c, 1, c, h, w, h, w, in_bits=in_bits,
                          out_bits=out_bits, extra=extra), producers)
        if kind == "offset_add":
            self.side.add((n.name, producers[1]))
        if kind == "add":
            fifo = f"{n.name}__fifo"
            self.units.append(UnitSpec(fifo, "fifo", (), n.source, c, 1, c, h, w, h, w, in_bits=self.cfg.act_bits,
                                       out_bits=self.cfg.act_bits))
            self.inputs[fifo] = []
            self.fifos[fifo] = n.name
        self.producer[n.name], self.bits[n.name] = n.name, out_bits

    def pool(self, n: Node) -> None:
        c, ih, iw = _map_dims(self.g.node(n.inputs[0]).shape)
        _, oh, ow = _map_dims(n.shape)
        if isinstance(n.op, ops.GlobalAvgPool):
            kind, k, stride, pad = "gap", ih, 1, 0
        else:
            kind = "maxpool" if isinstance(n.op, ops.MaxPool2d) else "avgpool"
            k, stride, pad = n.op.kernel, n.op.stride, n.op.padding
        bits = self.bits[n.inputs[0]]
        self.add(UnitSpec(n.name, kind, (n.name,), n.source, c, 1, c, oh, ow, ih, iw, k, stride, pad,
                          in_bits=bits, out_bits=bits), [self.stream(n.inputs[0])])
        self.producer[n.name], self.bits[n.name] = n.name, bits

    def insert_duplicators(self) -> None:
        """A stream read by several units passes a duplicator (one per producer, placed after it)."""
        readers: dict[str, list[str]] = {}
        for unit, prods in self.inputs.items():
            for p in dict.fromkeys(prods):
                if p and (unit, p) not in self.side:
                    readers.setdefault(p, []).append(unit)
        ordered: list[UnitSpec] = []
        for u in self.units:
            ordered.append(u)
            if len(readers.get(u.name, ())) < 2:
                continue
            name = f"{u.name}__dup"
            c = u.mh
            dup = UnitSpec(name, "dup", (), u.source, c, 1, c, u.oh, u.ow, u.oh, u.ow,
                           in_bits=u.out_bits, out_bits=u.out_bits)
            ordered.append(dup)
            self.inputs[name] = [u.name]
            for r in readers[u.name]:
                self.inputs[r] = [name if p == u.name and (r, p) not in self.side else p for p in self.inputs[r]]
        self.units = ordered


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def unit_graph(graph: Graph, cfg: HwConfig | None = None) -> UnitGraph:
    """The units of ``graph`` (cached: a design point only re-evaluates formulas)."""
    cfg = cfg or HwConfig()
    per_graph = _CACHE.setdefault(graph, {})
    if cfg not in per_graph:
        per_graph[cfg] = _Builder(graph, cfg).build()
    return per_graph[cfg]
