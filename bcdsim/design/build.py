"""Planned units + a folding -> the wired design (docs/hardware_units.md §1, §4).

Each primary unit becomes its process(es) with the lanes its folding gives: a windowed matrix
unit gets its sliding window, a shift-MLP its two gather processes, the contextual unit its scan
and replay, a DDR-streamed matrix unit its frame banks. Wiring then makes every stream
point-to-point, FINN-style: a tensor read by several units passes a fork right after its
producer, and a stream whose lanes differ from what its reader takes passes a converter right
before the reader (through the gcd when neither lane count divides the other). Units stay in
dataflow order, which is also the call order of the HLS top function.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bcdsim.design import memories
from bcdsim.design import units as k
from bcdsim.design.plan import Planned, dims
from bcdsim.design.units import Design, Fold, Geometry, Stream, Unit
from bcdsim.errors import UserError
from bcdsim.hw.ops import IntThreshold
from bcdsim.ir.dtypes import BIPOLAR
from bcdsim.ir.graph import Graph
from bcdsim.registry import registrar


@dataclass
class Read:
    """An input of a unit that another unit produces: a placeholder stream at the lanes the unit
    takes (so that a unit can be costed before wiring), connected by ``_wire``."""

    unit: Unit
    stream: Stream

    @property
    def tensor(self) -> str:
        return self.stream.tensor


Expander = Callable[["Assembler", Planned, Fold, bool], None]
EXPANDERS: dict[str, Expander] = {}
expands = registrar(EXPANDERS)  # by primary unit kind


class Assembler:
    def __init__(self, hw: Graph):
        self.hw = hw
        self.units: list[Unit] = []
        self.reads: list[Read] = []
        self.internal: list[Stream] = []

    def stream(self, tensor: str, lanes: int, dtype=None, **kw) -> Stream:
        node = self.hw.node(tensor)
        c, h, w = dims(node)
        return Stream(tensor, tensor, dtype or node.dtype, c, h, w, lanes, **kw)

    def unit(self, p: Planned, kind: str, name: str, fold: Fold, owner: str = "") -> Unit:
        op = self.hw.node(p.nodes[0]).op
        stage = op.channel_form().mode if kind == k.ELTWISE else ""
        u = Unit(name, kind, p.nodes if not owner else (), p.geometry, fold, owner=owner, source=p.source,
                 op="" if owner else type(op).__name__, stage=stage)
        self.units.append(u)
        return u

    def read(self, u: Unit, tensor: str, lanes: int) -> None:
        s = self.stream(tensor, lanes, consumer=u.name)
        u.inputs.append(s)
        self.reads.append(Read(u, s))

    def write(self, u: Unit, s: Stream) -> Stream:
        s.producer = u.name
        u.outputs.append(s)
        return s

    def link(self, src: Unit, dst: Unit, s: Stream) -> None:
        """A stream inside one primary unit's processes (window -> MVAU, scan -> replay, ...)."""
        s.producer, s.consumer = src.name, dst.name
        src.outputs.append(s)
        dst.inputs.append(s)
        self.internal.append(s)


def assemble(hw: Graph, planned: list[Planned], folding: Mapping[str, Fold], ddr: frozenset[str] = frozenset(),
             name: str = "design", folding_source: str = "default") -> Design:
    """The wired design of ``planned`` (``bcdsim.design.plan``) at ``folding`` (one Fold per
    primary unit; input units need none); ``ddr``: matrix units whose weights stream from DDR."""
    a = Assembler(hw)
    for p in planned:
        fold = folding.get(p.name, Fold()) if p.kind == k.INPUT else folding[p.name]
        EXPANDERS[p.kind](a, p, fold, p.name in ddr)
    return _wire(a, name, folding_source)


# --- expanders -----------------------------------------------------------------------------------

@expands(k.INPUT)
def _input(a: Assembler, p: Planned, fold: Fold, ddr: bool) -> None:
    u = a.unit(p, k.INPUT, p.name, Fold(1, p.geometry.channels))
    a.write(u, a.stream(p.name, p.geometry.channels))


def _stage_kind(hw: Graph, p: Planned) -> str:
    if len(p.nodes) < 2:
        return "identity"
    return "threshold" if isinstance(hw.node(p.nodes[1]).op, IntThreshold) else "affine"


def ddr_capable(kind: str, geo: Geometry) -> bool:
    """Matrix units whose weights can stream from DDR: a vector unit (one pixel: each weight is
    read once per frame, in order) or any XNOR unit (the tile schedule)."""
    return kind == k.XNOR_MVAU or (kind == k.DSP_MVAU and geo.out_pixels == 1)


@expands(k.XNOR_MVAU, k.DSP_MVAU)
def _matrix(a: Assembler, p: Planned, fold: Fold, ddr: bool) -> None:
    """The matrix unit and its input processes. With weights in DDR and several pixels (the tile
    schedule, docs/hardware_units.md §7) the input frame is banked and read back as window words
    in (nf, sf, p) order, so that each weight word is read once per frame and used for every
    pixel in a row, and the outputs are banked in DDR."""
    geo = p.geometry
    if ddr and not ddr_capable(p.kind, geo):
        raise UserError(f"'{p.name}': only XNOR units and vector units stream their weights from DDR")
    src = a.hw.node(p.inputs[0])
    mvau = Unit(p.name, p.kind, p.nodes, geo, fold, source=p.source, ddr=ddr, stage=_stage_kind(a.hw, p),
                op=type(a.hw.node(p.nodes[0]).op).__name__)
    element = BIPOLAR if p.kind == k.XNOR_MVAU else src.dtype
    tile = ddr and geo.out_pixels > 1
    replays = geo.mh // fold.pe if tile else 1
    if geo.branches == 3:
        gin = a.unit(p, k.GATHER_IN, f"{p.name}__gather_in", fold, owner=p.name)
        gout = Unit(f"{p.name}__gather_out", k.GATHER_OUT, (), geo, fold, owner=p.name, source=p.source,
                    repeats=replays)
        a.read(gin, p.inputs[0], fold.simd)
        a.link(gin, gout, a.stream(p.inputs[0], fold.simd, bank=True))
        a.units.append(gout)
        words = replays * geo.pixels * geo.mw // fold.simd
        a.link(gout, mvau, a.stream(p.inputs[0], fold.simd, window_words=words))
        gin.memories.extend(memories.gather(geo, fold))
    elif tile:  # the banked frame is read back as window words by address (im2col), fold-major
        lanes = min(fold.simd, geo.channels)
        fin = a.unit(p, k.FRAME_IN, f"{p.name}__frame_in", fold, owner=p.name)
        replay = Unit(f"{p.name}__frame_replay", k.FRAME_REPLAY, (), geo, fold, owner=p.name, source=p.source,
                      repeats=replays)
        a.read(fin, p.inputs[0], lanes)
        a.link(fin, replay, a.stream(p.inputs[0], lanes, bank=True))
        a.units.append(replay)
        words = replays * geo.out_pixels * geo.mw // fold.simd
        a.link(replay, mvau, a.stream(p.inputs[0], fold.simd, element, window=geo.windowed, window_words=words))
        fin.memories.extend(memories.tile_bank(geo, fold))
    elif geo.windowed:
        win = a.unit(p, k.WINDOW, f"{p.name}__window", fold, owner=p.name)
        lanes = min(fold.simd, geo.channels // geo.groups)
        a.read(win, p.inputs[0], lanes)
        words = geo.out_pixels * geo.mw * geo.groups // fold.simd  # every group's window, group-major
        a.link(win, mvau, a.stream(p.inputs[0], fold.simd, element, window=True, window_words=words))
        win.memories.extend(memories.window(geo, fold, element.bits))
    else:
        a.read(mvau, p.inputs[0], fold.simd)
    a.units.append(mvau)
    out = a.stream(p.outputs[0], fold.pe)
    mvau.memories.extend(memories.matrix(a.hw, p, fold, ddr))
    if tile:  # outputs arrive fold-major: an output bank in DDR gives them back pixel-major
        fout = Unit(f"{p.name}__frame_out", k.FRAME_OUT, (), geo, fold, owner=p.name, source=p.source)
        a.link(mvau, fout, a.stream(p.outputs[0], fold.pe, bank=True))
        a.units.append(fout)
        fout.memories.extend(memories.frame_bank(geo.out_pixels * geo.mh, fold.pe, out.element_bits, style="ddr"))
        a.write(fout, out)
    else:
        a.write(mvau, out)


@expands(k.ELTWISE, k.THRESHOLD, k.ADD, k.OFFSET_ADD, k.POOL, k.GAP)
def _per_channel(a: Assembler, p: Planned, fold: Fold, ddr: bool) -> None:
    u = a.unit(p, p.kind, p.name, fold)
    for t in p.inputs:
        a.read(u, t, fold.pe)
    a.write(u, a.stream(p.outputs[0], fold.pe))
    u.memories.extend(memories.per_channel(a.hw, p, fold))


@expands(k.CONCAT)
def _concat(a: Assembler, p: Planned, fold: Fold, ddr: bool) -> None:
    u = a.unit(p, k.CONCAT, p.name, fold)
    for t in p.inputs:
        a.read(u, t, fold.pe)
    a.write(u, a.stream(p.outputs[0], fold.pe))


@expands(k.CONTEXT_REPLAY)
def _context(a: Assembler, p: Planned, fold: Fold, ddr: bool) -> None:
    scan = a.unit(p, k.CONTEXT_SCAN, f"{p.name}__scan", fold, owner=p.name)
    replay = Unit(p.name, k.CONTEXT_REPLAY, p.nodes, p.geometry, fold, source=p.source, op="DynamicSign")
    a.read(scan, p.inputs[0], fold.pe)
    a.link(scan, replay, a.stream(p.inputs[0], fold.pe, bank=True))  # the banked frame, replayed
    a.units.append(replay)
    a.write(replay, a.stream(p.outputs[0], fold.pe))
    if len(p.outputs) > 1:  # e, for the output-offset FCs
        a.write(scan, a.stream(p.outputs[1], 1))
    scan.memories.extend(memories.context(a.hw, p, fold))


# --- wiring --------------------------------------------------------------------------------------

def _converters(src: Stream, lanes: int) -> list[tuple[int, int]]:
    """(in, out) lanes of the converters from ``src.lanes`` to ``lanes``: one step when one divides
    the other, else through the gcd."""
    a, b = src.lanes, lanes
    if a == b:
        return []
    if max(a, b) % min(a, b) == 0:
        return [(a, b)]
    g = math.gcd(a, b)
    return [(a, g), (g, b)]


def _wire(a: Assembler, name: str, folding_source: str) -> Design:
    readers: dict[str, int] = {}
    for r in a.reads:
        readers[r.tensor] = readers.get(r.tensor, 0) + 1
    output = a.hw.outputs[0]
    produced = {s.tensor: s for u in a.units for s in u.outputs if s not in a.internal}
    if output not in produced:
        raise UserError(f"the design produces no stream for the graph output '{output}'")
    if readers.get(output):
        raise UserError(f"the hardware design cannot also read the graph output '{output}' inside the graph")
    pending: dict[str, list[Stream]] = {}  # tensor -> streams not yet taken by a reader
    reads_of: dict[str, list[Read]] = {}
    for r in a.reads:
        reads_of.setdefault(r.unit.name, []).append(r)
    ordered: list[Unit] = []
    streams: list[Stream] = list(a.internal)
    for u in a.units:
        for r in reads_of.get(u.name, ()):
            if r.tensor not in pending:
                raise UserError(f"the hardware design: '{u.name}' reads '{r.tensor}' before it is produced")
            src = pending[r.tensor].pop(0)
            steps = _converters(src, r.stream.lanes)
            for step, (_, lanes_out) in enumerate(steps):
                cvt = Unit(f"{src.tensor}__cvt{step or ''}__{u.name}", k.CONVERT, (), _map_geometry(src),
                           Fold(1, lanes_out), owner=u.name, source=u.source)
                src.consumer = cvt.name
                cvt.inputs.append(src)
                streams.append(src)
                src = r.stream if step == len(steps) - 1 else Stream(
                    src.tensor, src.tensor, src.dtype, src.channels, src.height, src.width, lanes_out)
                src.producer = cvt.name
                cvt.outputs.append(src)
                ordered.append(cvt)
            if not steps:  # the producer's stream itself replaces the placeholder
                src.consumer = u.name
                u.inputs[next(i for i, x in enumerate(u.inputs) if x is r.stream)] = src
            streams.append(src)
        ordered.append(u)
        for s in u.outputs:
            if s in a.internal:
                continue
            n = readers.get(s.tensor, 0)
            if s.tensor == output:
                streams.append(s)
                continue
            if n == 0:
                raise UserError(f"the hardware design: nothing reads '{s.tensor}' (produced by '{u.name}')")
            if n > 1:
                fork = Unit(f"{s.tensor}__fork", k.FORK, (), _map_geometry(s), Fold(1, s.lanes), owner=u.name,
                            source=u.source)
                s.consumer = fork.name
                fork.inputs.append(s)
                streams.append(s)
                copies = [Stream(s.tensor, s.tensor, s.dtype, s.channels, s.height, s.width,
                                 s.lanes, producer=fork.name) for i in range(n)]
                fork.outputs.extend(copies)
                ordered.append(fork)
                pending[s.tensor] = copies
            else:
                pending[s.tensor] = [s]
    _name_streams(ordered)
    inp = next(u for u in ordered if u.kind == k.INPUT).outputs[0]
    return Design(name, ordered, streams, inp, produced[output], folding_source)


def _name_streams(ordered: list[Unit]) -> None:
    """Every stream is named by its ends: ``<producer>__to__<consumer>`` (the graph output
    ``<producer>__to__out``), numbered where two streams share both ends."""
    seen: dict[str, int] = {}
    for u in ordered:
        for s in u.outputs:
            base = f"{s.producer}__to__{s.consumer or 'out'}"
            seen[base] = seen.get(base, 0) + 1
            s.name = base if seen[base] == 1 else f"{base}__{seen[base] - 1}"


def _map_geometry(s: Stream) -> Geometry:
    return Geometry(s.channels, s.height, s.width)
