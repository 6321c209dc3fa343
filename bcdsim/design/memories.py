"""The memories of each unit (docs/hardware_units.md §4): what the backends bind and the cost
model places and counts. Widths are bits read per cycle, depths words; element widths come from
the typed hardware graph (constants are quantized to their node's width, as ``bcdsim.hw`` does).
"""
from __future__ import annotations

import math

from bcdsim.design.plan import Planned
from bcdsim.design.units import XNOR_MVAU, Fold, Geometry, Memory
from bcdsim.hw.ops import Affine, IntThreshold, popcount_bits
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph

# Per-channel constants of each elementwise op class, as the kernels store them.
_PARAMS = {ops.BatchNorm: 2, Affine: 2, ops.Scale: 2, ops.Bias: 1, ops.RPReLU: 3, ops.PReLU: 3, ops.Sign: 1}


def sum_bits(value_bits: int, count: int) -> int:
    """An exact sum of ``count`` values."""
    return value_bits + math.ceil(math.log2(max(2, count)))


def matrix(hw: Graph, p: Planned, fold: Fold, ddr: bool) -> list[Memory]:
    geo = p.geometry
    sf, nf = geo.mw // fold.simd, geo.mh // fold.pe
    main = hw.node(p.nodes[0])
    wbits = 1 if p.kind == XNOR_MVAU else main.dtype.bits
    mems = [Memory("weights", "weights", fold.simd * fold.pe * wbits, sf * nf, sequential=True,
                   style="ddr" if ddr else "")]
    if ddr and geo.out_pixels > 1:  # the tile schedule: a partial sum per pixel and output lane
        bits = popcount_bits(geo.mw // geo.branches) + 1
        mems.append(Memory("partials", "buffer", fold.pe * geo.branches * bits, geo.out_pixels))
    if len(p.nodes) > 1:  # the fused output stage
        stage = hw.node(p.nodes[1])
        if isinstance(stage.op, IntThreshold):
            lane = popcount_bits(geo.mw) + 2  # threshold (one bit wider than the popcount) + flip
        else:
            lane = (geo.branches + 1) * stage.dtype.bits  # one scale per branch + the shift
        mems.append(Memory("params", "params", fold.pe * lane, nf))
    elif getattr(main.op, "bias", None) is not None:
        mems.append(Memory("params", "params", fold.pe * wbits, nf))
    return mems


def window(geo: Geometry, fold: Fold, element_bits: int) -> list[Memory]:
    """K+S input rows (fewer when the map has fewer); a parallel window (SIMD = C x d) reads d
    kernel positions per cycle from d copies."""
    rows = min(geo.height, geo.kernel + geo.stride)
    c = geo.channels // geo.groups
    if fold.simd <= c:
        return [Memory("lines", "buffer", fold.simd * element_bits, rows * geo.width * c // fold.simd)]
    return [Memory("lines", "buffer", c * element_bits, rows * geo.width, copies=fold.simd // c)]


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
    node = hw.node(p.nodes[0])
    geo, pe = p.geometry, fold.pe
    c = geo.channels
    x_bits = hw.node(node.inputs[0]).dtype.bits
    if isinstance(node.op, IntThreshold):  # threshold (one bit wider than the popcount) + flip
        lane = x_bits + 2
        return [Memory("params", "params", pe * lane, c // pe)]
    if type(node.op) in _PARAMS:
        return [Memory("params", "params", pe * _PARAMS[type(node.op)] * node.dtype.bits, c // pe)]
    if isinstance(node.op, ops.AddChannelOffset):  # the frame's offsets, kept while the map passes
        return [Memory("offsets", "buffer", pe * hw.node(node.inputs[1]).dtype.bits, c // pe)]
    if isinstance(node.op, ops.GlobalAvgPool):
        return [Memory("sums", "buffer", pe * sum_bits(x_bits, geo.pixels), c // pe)]
    if isinstance(node.op, (ops.AvgPool2d, ops.MaxPool2d)):  # partial windows of the rows in flight
        bits = x_bits if isinstance(node.op, ops.MaxPool2d) else sum_bits(x_bits, geo.kernel ** 2)
        rows = math.ceil(geo.kernel / geo.stride)
        return [Memory("partial", "buffer", pe * bits, rows * geo.out_width * c // pe)]
    return []


def context(hw: Graph, p: Planned, fold: Fold) -> list[Memory]:
    """The contextual unit: two frame banks, the channel sums, W1, W2 and two banks of thresholds
    (a replay held up by back-pressure still reads its frame's while the next frame's are stored)."""
    geo, pe, q = p.geometry, fold.pe, fold.simd
    x = hw.node(hw.node(p.nodes[0]).inputs[0])
    thr, ctx = hw.node(p.nodes[1]), hw.node(p.nodes[2])
    c, hidden = geo.channels, geo.hidden
    return [*frame_bank(geo.pixels * c, pe, x.dtype.bits),
            Memory("sums", "buffer", pe * sum_bits(x.dtype.bits, geo.pixels), c // pe),
            Memory("w1", "weights", q * ctx.dtype.bits, hidden * c // q, sequential=True),
            Memory("w2", "weights", q * thr.dtype.bits, hidden * c // q, sequential=True),
            Memory("alpha", "buffer", pe * thr.dtype.bits, 2 * c // pe)]  # double: the replay reads one
