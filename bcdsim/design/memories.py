"""The memories of each unit (docs/hardware_units.md §4): what the backends bind and the cost
model places and counts. Widths are bits read per cycle, depths words; element widths come from
the typed hardware graph (constants are quantized to their node's width, as ``bcdsim.hw`` does).
"""
from __future__ import annotations

import math

import numpy as np

from bcdsim.design.plan import Planned
from bcdsim.design.units import XNOR_MVAU, Fold, Geometry, Memory
from bcdsim.hw import fixed
from bcdsim.hw.ops import IntThreshold, popcount_bits
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph


def channel_constants(op: ops.ChannelOp) -> list[tuple[str, np.ndarray]]:
    """The per-channel constants of an elementwise unit, as both backends store them, by the form's
    mode (absent ones as a single zero)."""
    form = op.channel_form()
    zero = np.zeros(1)
    if form.mode == "scale":
        return [("scale", form.gain), ("shift", zero if form.post is None else form.post)]
    if form.mode == "bias":
        return [("bias", form.post)]
    return [("bias_in", zero if form.pre is None else form.pre), ("slope", form.gain),
            ("bias_out", zero if form.post is None else form.post)]


def sum_bits(value_bits: int, count: int) -> int:
    """An exact sum of ``count`` values."""
    return value_bits + math.ceil(math.log2(max(2, count)))


def param_bits(values, width: int) -> int:
    """Bits of a constant as the backends store it: its own type at the node's width (hw mode's
    ``param_type``: more integer bits where a value needs them)."""
    return fixed.param_type(np.asarray(values, dtype=np.float64), width).bits


def matrix(hw: Graph, p: Planned, fold: Fold, ddr: bool) -> list[Memory]:
    geo = p.geometry
    sf, nf = geo.mw // fold.simd, geo.mh // fold.pe
    main = hw.node(p.nodes[0])
    wbits = 1 if p.kind == XNOR_MVAU else param_bits(main.op.weight, main.dtype.bits)
    mems = [Memory("weights", "weights", fold.simd * fold.pe * wbits, sf * nf, sequential=True,
                   style="ddr" if ddr else "")]
    if ddr and geo.out_pixels > 1:  # the tile schedule: a partial sum per pixel and output lane
        bits = popcount_bits(geo.mw // geo.branches) + 1
        mems.append(Memory("partials", "buffer", fold.pe * geo.branches * bits, geo.out_pixels))
    if len(p.nodes) > 1:  # the fused output stage
        stage = hw.node(p.nodes[1])
        if isinstance(stage.op, IntThreshold):  # thresholds one bit wider than the popcount, and flips
            mems += [Memory("threshold", "params", fold.pe * (popcount_bits(geo.mw) + 1), nf),
                     Memory("flip", "params", fold.pe, nf)]
        else:  # one scale per branch and lane (output-major), and the shift
            width = stage.dtype.bits
            mems += [Memory("scale", "params", fold.pe * geo.branches * param_bits(stage.op.scale, width), nf),
                     Memory("shift", "params", fold.pe * param_bits(stage.op.shift, width), nf)]
    elif getattr(main.op, "bias", None) is not None:
        mems.append(Memory("bias", "params", fold.pe * param_bits(main.op.bias, main.dtype.bits), nf))
    return mems


def window(geo: Geometry, fold: Fold, element_bits: int) -> list[Memory]:
    """K+S input rows (all rows when the map has fewer) in SIMD-element words; a parallel window
    (SIMD = C x d) reads d kernel positions per cycle: its rows and its columns (cyclically, by
    K) are separate banks of C-element words (hlslib/bcd_window.h)."""
    rows = min(geo.height, geo.kernel + geo.stride)
    c = geo.channels // geo.groups
    if fold.simd <= c:
        return [Memory("lines", "buffer", fold.simd * element_bits, rows * geo.width * geo.channels // fold.simd)]
    banks = min(geo.kernel, geo.width)
    return [Memory("lines", "buffer", c * element_bits, -(-geo.width // banks), copies=rows * banks)]


def gather(geo: Geometry, fold: Fold) -> list[Memory]:
    """Two banks of the binary map in SIMD-bit words (source-major: one source word per read; a
    word lies within one shift chunk, so it comes from one pixel)."""
    return [Memory("bank", "buffer", fold.simd, 2 * geo.pixels * geo.channels // fold.simd)]


def tile_bank(geo: Geometry, fold: Fold) -> list[Memory]:
    """The tile schedule's input frame, two banks of bits read by address as window words: SIMD
    channels of a pixel per read, or (SIMD = C x d) d pixels from d copies."""
    if fold.simd <= geo.channels:
        return [Memory("bank", "buffer", fold.simd, 2 * geo.pixels * geo.channels // fold.simd)]
    return [Memory("bank", "buffer", geo.channels, 2 * geo.pixels, copies=fold.simd // geo.channels)]


def frame_bank(elements: int, lanes: int, bits: int, style: str = "") -> list[Memory]:
    """Two banks of a frame, written and read in order."""
    return [Memory("bank", "buffer", lanes * bits, 2 * elements // lanes, sequential=True, style=style)]


def per_channel(hw: Graph, p: Planned, fold: Fold) -> list[Memory]:
    """Per-channel constants (one memory each, PE lanes per word, in the kernels' order) and
    buffers."""
    node = hw.node(p.nodes[0])
    op, geo, pe = node.op, p.geometry, fold.pe
    c = geo.channels
    x_bits = hw.node(node.inputs[0]).dtype.bits
    if isinstance(op, IntThreshold):  # thresholds one bit wider than x (clipped), and flips
        return [Memory("threshold", "params", pe * (x_bits + 1), c // pe), Memory("flip", "params", pe, c // pe)]
    if isinstance(op, ops.Sign):  # the threshold in x's type, one bit wider (clipped)
        return [Memory("threshold", "params", pe * (x_bits + 1), c // pe)]
    if isinstance(op, ops.ChannelOp):
        width = node.dtype.bits
        return [Memory(name, "params", pe * param_bits(values, width), c // pe)
                for name, values in channel_constants(op)]
    if isinstance(op, ops.AddChannelOffset):  # the frame's offsets, kept while the map passes
        return [Memory("offsets", "buffer", pe * hw.node(node.inputs[1]).dtype.bits, c // pe)]
    if isinstance(op, ops.GlobalAvgPool):
        return [Memory("sums", "buffer", pe * sum_bits(x_bits, geo.pixels), c // pe)]
    if isinstance(op, (ops.AvgPool2d, ops.MaxPool2d)):  # the last K rows; the window's columns in banks
        banks = min(geo.kernel, geo.width)
        return [Memory("lines", "buffer", pe * x_bits, -(-geo.width // banks) * (c // pe),
                       copies=geo.kernel * banks)]
    return []


def context(hw: Graph, p: Planned, fold: Fold) -> list[Memory]:
    """The contextual unit: two frame banks, the channel sums, the means g (in banks written PE and
    read SIMD values per cycle), e (SIMD banks), W1, W2 and two banks of thresholds (a replay held
    up by back-pressure still reads its frame's while the next frame's are stored)."""
    geo, pe, q = p.geometry, fold.pe, fold.simd
    x = hw.node(hw.node(p.nodes[0]).inputs[0])
    thr, ctx, gap = hw.node(p.nodes[1]), hw.node(p.nodes[2]), hw.node(p.nodes[3])
    c, hidden = geo.channels, geo.hidden
    banks = pe if pe % q == 0 else (q if q % pe == 0 else c)  # hlslib/bcd_context.h G_BANKS
    w1_bits = param_bits(ctx.op.weight, ctx.dtype.bits)
    w2_bits = param_bits(thr.op.weight, thr.dtype.bits)
    return [*frame_bank(geo.pixels * c, pe, x.dtype.bits),
            Memory("sums", "buffer", pe * sum_bits(x.dtype.bits, geo.pixels), c // pe),
            Memory("means", "buffer", gap.dtype.bits, c // banks, copies=banks),
            Memory("e", "buffer", ctx.dtype.bits, hidden // q, copies=q),
            Memory("w1", "weights", q * w1_bits, hidden * c // q, sequential=True),
            Memory("w2", "weights", q * w2_bits, hidden * c // q, sequential=True),
            Memory("alpha", "buffer", pe * thr.dtype.bits, 2 * c // pe)]  # double: the replay reads one
