"""The HLS plan: the design (``bcdsim.design``) as hls4ml layers, one per design unit.

The design decides everything: units, their folding, every stream's lanes, FIFO depth and
memory, every memory's placement. This module only maps it: each design unit becomes one
hls4ml layer (a kernel call in the dataflow top), except that units handing a frame bank to each
other (``Stream.bank``: gather_in/gather_out, frame_in/frame_replay, context_scan/context_replay,
a tile-schedule MVAU and its frame_out) share one layer, since the bank is a ping-pong channel
between their two processes; every process still counts its cycles under its own unit's name. A
FIFO the design places in DDR becomes a layer of its own between its two units.

Emitters (``bcdsim.backends.hls.emitters``, one per unit kind) fill in a layer's kernel family,
sizes, types and constants; this module holds the nouns and the grouping.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from hls4ml.model.types import IntegerPrecisionType

from bcdsim.backends.hls import types
from bcdsim.design.units import Design, Stream, Unit
from bcdsim.errors import UserError
from bcdsim.ir.graph import Graph
from bcdsim.registry import registrar


@dataclass
class Weight:
    """A constant array hls4ml writes (a ROM: weights/*.h, .txt for C simulation), bound where the
    design places the memory it realises."""

    attr: str  # the template's name for it
    data: np.ndarray  # exact values (float64) or integers
    precision: object  # hls4ml precision type
    unit: str = ""  # the design unit and memory it realises ("": a placeholder the kernel never reads)
    memory: str = ""
    style: str = ""
    reshape: int = 1  # elements per memory word (ARRAY_RESHAPE cyclic factor)


@dataclass
class Array:
    """A memory bcdsim declares in the dataflow top (buffers, banks; weights loaded at run time
    are globals), with its BIND_STORAGE and partitioning pragmas."""

    attr: str  # base of its C name (suffixed with the layer index)
    unit: str
    memory: str
    ctype: str  # element type
    dims: tuple[int, ...]
    style: str
    role: str  # weights | params | buffer
    pipo: bool = False  # a ping-pong channel between two processes (two banks)
    pragmas: tuple[str, ...] = ()  # ARRAY_PARTITION / ARRAY_RESHAPE options, "{var}" for the name
    glob: bool = False  # a global (weights loaded from DDR at start-up): declared with the configs
    load: Ddr | None = None  # where its start-up contents come from

    @property
    def ram_type(self) -> str:
        return "rom_1p" if self.role in ("weights", "params") and self.load is None else "ram_2p"


@dataclass
class Ddr:
    """A region of the DDR buffer: streamed weights, start-up contents of URAM weights (both in
    the DDR image file), an output bank or a FIFO (zeroed)."""

    unit: str
    memory: str
    word_bits: int  # bits per word (a word takes ceil(word_bits/512) beats; loaded pieces pack)
    words: int  # words in the region
    data: bytes | None = None  # the region's initial contents, little-endian beats
    offset: int = 0  # first beat, set by ``layout``
    packed: bool = False  # pieces packed floor(512/word_bits) to a beat (start-up loads)

    @property
    def beats(self) -> int:
        if self.packed:
            return -(-self.words // (512 // self.word_bits))
        return self.words * -(-self.word_bits // 512)


@dataclass
class Layer:
    name: str
    family: str  # hls4ml layer class (bcdsim.backends.hls.layers.FAMILIES)
    units: tuple[Unit, ...]  # the design units it implements
    inputs: list[str]  # hls4ml tensor names read, in port order
    outputs: list[Stream]  # design streams written (their hls4ml names: ``tensor_name``)
    attrs: dict = field(default_factory=dict)
    weights: list[Weight] = field(default_factory=list)
    arrays: list[Array] = field(default_factory=list)
    ddr: list[Ddr] = field(default_factory=list)
    in_streams: list[Stream] = field(default_factory=list)  # the design streams behind ``inputs``
    out_names: list[str] = field(default_factory=list)  # hls4ml tensor names of ``outputs``
    index: int = -1  # hls4ml's layer index (names its variables), set when the model is built

    @property
    def unit(self) -> Unit:
        return self.units[0]


@dataclass
class Context:
    """What emitters read: the typed hardware graph and the design."""

    hw: Graph
    design: Design


Emitter = Callable[[Context, tuple[Unit, ...]], Layer]
EMITTERS: dict[tuple[str, ...], Emitter] = {}
emits = registrar(EMITTERS)  # by the kinds of a layer's units, in dataflow order


def stream_shape(s: Stream) -> list[int]:
    """hls4ml variable shape: its last dimension is the stream word (nnet::array size)."""
    return [s.words, 1 if s.bipolar else s.lanes]


def stream_precision(s: Stream):
    if s.bipolar:
        return IntegerPrecisionType(2 * s.lanes if s.window else s.lanes, False)
    return types.precision(s.dtype)


def element_type(s: Stream) -> str:
    """The stream word's element type: packed bits, or the value type."""
    if s.bipolar:
        return f"ap_uint<{2 * s.lanes if s.window else s.lanes}>"
    return types.cpp_type(s.dtype)


def word_type(s: Stream) -> str:
    return f"nnet::array<{element_type(s)}, {1 if s.bipolar else s.lanes}>"


def groups(design: Design) -> list[tuple[Unit, ...]]:
    """Design units joined by frame-bank hand-overs, in dataflow order (a group sits where its
    first unit does)."""
    root = {u.name: u.name for u in design.units}

    def find(n: str) -> str:
        while root[n] != n:
            n = root[n]
        return n

    for s in design.streams:
        if s.bank:
            root[find(s.consumer)] = find(s.producer)
    members: dict[str, list[Unit]] = {}
    for u in design.units:
        members.setdefault(find(u.name), []).append(u)
    seen, out = set(), []
    for u in design.units:
        r = find(u.name)
        if r not in seen:
            seen.add(r)
            out.append(tuple(members[r]))
    return out


def build(hw: Graph, design: Design) -> list[Layer]:
    """The layers of ``design`` in dataflow order (the first is the input)."""
    from bcdsim.backends.hls import emitters, emitters_channel  # noqa: F401 - they register the emitters

    ctx = Context(hw, design)
    names: dict[str, str] = {design.input.name: design.input.producer}  # design stream -> hls4ml tensor
    layers: list[Layer] = []
    for members in groups(design):
        key = tuple(u.kind for u in members)
        emitter = EMITTERS.get(key)
        if emitter is None:
            raise UserError(f"the HLS backend has no kernel for the units {', '.join(u.name for u in members)} "
                            f"({', '.join(key)})")
        layer = emitter(ctx, members)
        layer.in_streams = [s for u in members for s in u.inputs if not s.bank]
        layer.inputs = [names[s.name] for s in layer.in_streams]
        layer.outputs = [s for u in members for s in u.outputs if not s.bank]
        if layer.family == "BcdContext":  # the bits first, then e (the kernel's port order)
            layer.outputs.sort(key=lambda s: s.producer != members[-1].name)
        layer.out_names = []
        for s in layer.outputs:
            names.setdefault(s.name, s.name)
            layer.out_names.append(names[s.name])
        layers.append(layer)
        for s in layer.outputs:
            if s.style == "ddr":  # a FIFO in DDR: its own layer between the two units
                fifo = emitters_channel.ddr_fifo(ctx, s)
                fifo.in_streams, fifo.inputs = [s], [names[s.name]]
                names[s.name] = fifo.out_names[0]
                layers.append(fifo)
    for i, layer in enumerate(layers):  # hls4ml numbers layers from 1 in this order (config<i>, layer<i>_out)
        layer.index = i + 1
    return layers


def layout(layers: list[Layer]) -> int:
    """Give every DDR region its first beat (in layer order); returns the beats in all."""
    at = 0
    for layer in layers:
        for region in layer.ddr:
            region.offset = at
            at += region.beats
    return at


def initialised_beats(layers: list[Layer]) -> int:
    """Beats from the start of the buffer up to the end of the last region with contents."""
    end = 0
    for layer in layers:
        for region in layer.ddr:
            if region.data is not None:
                end = max(end, region.offset + region.beats)
    return end


def ddr_image(layers: list[Layer]) -> bytes:
    """The DDR image file: every region with contents at its offset (512-bit little-endian beats)."""
    out = bytearray(64 * initialised_beats(layers))
    for layer in layers:
        for region in layer.ddr:
            if region.data is not None:
                out[64 * region.offset:64 * region.offset + len(region.data)] = region.data
    return bytes(out)


def uses_ddr(layers: list[Layer]) -> bool:
    return any(layer.ddr for layer in layers)

