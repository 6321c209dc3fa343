"""Emitters of the streaming units: input, forks, converters, sliding windows, the per-channel
fixed-point units, pooling, and FIFOs the design places in DDR (one per unit kind, DESIGN.md §8.7).
Constants are quantized exactly as ``bcdsim.hw.interpret`` does; sizes and lanes come from the
design units."""
from __future__ import annotations

import numpy as np
from hls4ml.model.types import IntegerPrecisionType

from bcdsim.backends.hls.emitters import int_threshold_const, memory, placeholder, recip, threshold_of_sign, weight
from bcdsim.backends.hls.plan import Array, Context, Ddr, Layer, Weight, emits
from bcdsim.backends.hls.types import Bound, const, cpp_type, sum_type
from bcdsim.design import units as k
from bcdsim.design.memories import channel_constants
from bcdsim.design.units import Stream, Unit
from bcdsim.hw.ops import IntThreshold
from bcdsim.ir import ops


@emits((k.INPUT,))
def _input(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    return Layer(members[0].name, "InputLayer", members, [], [])


@emits((k.FORK,))
def _fork(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    return Layer(u.name, "BcdDup", members, [], [], {"words": u.inputs[0].words})


@emits((k.CONVERT,))
def _convert(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    s = u.inputs[0]
    return Layer(u.name, "BcdConvert", members, [], [],
                 {"channels": s.channels, "pixels": s.height * s.width, "in_lanes": s.lanes,
                  "out_lanes": u.outputs[0].lanes, "bits": s.bipolar})


@emits((k.WINDOW,))
def _window(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    g, f, src = u.geometry, u.fold, u.inputs[0]
    ch = min(f.simd, g.channels)
    slots = min(g.height, g.kernel + g.stride)
    chunk = f"ap_uint<{ch}>" if src.bipolar else f"nnet::array<{cpp_type(src.dtype)}, {ch}>"
    pragmas = ()
    if f.simd > g.channels:  # d kernel positions per word: distinct banks for the d reads
        pragmas = ("ARRAY_PARTITION variable={var} complete dim=1",
                   f"ARRAY_PARTITION variable={{var}} cyclic factor={min(g.kernel, g.width)} dim=2")
    lines = Array("lines", u.name, "lines", chunk, (slots, g.width, g.channels // ch), memory(u, "lines").style,
                  "buffer", pragmas=pragmas)
    attrs = {"channels": g.channels, "height": g.height, "width": g.width, "kernel": g.kernel, "stride": g.stride,
             "pad": g.pad, "simd": f.simd, "groups": g.groups, "in_lanes": src.lanes,
             "element": "bcd::bit_t" if src.bipolar else cpp_type(src.dtype)}
    return Layer(u.name, "BcdWindow", members, [], [], attrs, arrays=[lines])


# --- per-channel units ---------------------------------------------------------------------------

def _vector(values, channels: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(values, dtype=np.float64), (channels,))


def _eltwise_params(ctx: Context, u: Unit):
    """(kernel op, [(memory name, constant)], accum, v) of an elementwise unit, from its op's
    channel form: the constants ``channel_constants`` names, quantized as hw mode does."""
    node = ctx.hw.node(u.nodes[0])
    c, width = u.geometry.channels, node.dtype.bits
    x = Bound.of(ctx.hw.node(node.inputs[0]).dtype)
    params = [(name, const(_vector(values, c), width)) for name, values in channel_constants(node.op)]
    mode = node.op.channel_form().mode
    if mode == "scale":
        (_, s), (_, t) = params
        return "op_affine", params, x * s.bound + t.bound, None
    if mode == "bias":
        return "op_bias", params, x + params[0][1].bound, None
    (_, bi), (_, s), (_, bo) = params
    v = x + bi.bound
    return "op_rprelu", params, v.union(v * s.bound) + bo.bound, v


@emits((k.ELTWISE,))
def _eltwise(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    node = ctx.hw.node(u.nodes[0])
    kind, params, accum, v = _eltwise_params(ctx, u)
    pe = u.fold.pe
    ws = [weight(f"p{i}", c, u, name, pe) for i, (name, c) in enumerate(params)]
    ws += [placeholder(f"p{i}") for i in range(len(ws), 3)]
    attrs = {"channels": u.geometry.channels, "pixels": u.geometry.pixels, "lanes": pe, "op": kind,
             "accum_t": accum.cpp(), "v_t": (v or accum).cpp(), "out_t": cpp_type(node.dtype)}
    return Layer(u.name, "BcdEltwise", members, [], [], attrs, ws)


@emits((k.THRESHOLD,))
def _threshold(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    node = ctx.hw.node(u.nodes[0])
    x_type = ctx.hw.node(node.inputs[0]).dtype
    pe = u.fold.pe
    attrs = {"channels": u.geometry.channels, "pixels": u.geometry.pixels, "lanes": pe}
    if isinstance(node.op, IntThreshold):
        flip = Weight("p1", node.op.flip.astype(np.float64), IntegerPrecisionType(1, False), u.name, "flip",
                      memory(u, "flip").style, pe)
        attrs["mode"] = "int_threshold"
        return Layer(u.name, "BcdSign", members, [], [], attrs,
                     [weight("p0", int_threshold_const(node, x_type), u, "threshold", pe), flip])
    attrs["mode"] = "sign"
    return Layer(u.name, "BcdSign", members, [], [], attrs,
                 [weight("p0", threshold_of_sign(node, x_type), u, "threshold", pe), placeholder("p1")])


def _types(ctx: Context, u: Unit) -> tuple:
    node = ctx.hw.node(u.nodes[0])
    return node, [ctx.hw.node(i).dtype for i in node.inputs]


@emits((k.ADD,), (k.OFFSET_ADD,))
def _add(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    node, (a, b) = _types(ctx, u)
    g, pe = u.geometry, u.fold.pe
    attrs = {"channels": g.channels, "pixels": g.pixels, "lanes": pe, "a_t": cpp_type(a), "b_t": cpp_type(b),
             "out_t": cpp_type(node.dtype), "accum_t": (Bound.of(a) + Bound.of(b)).cpp()}
    if u.kind == k.ADD:
        return Layer(u.name, "BcdAdd", members, [], [], attrs)
    offsets = Array("offsets", u.name, "offsets", f"nnet::array<{cpp_type(b)}, {pe}>", (g.channels // pe,),
                    memory(u, "offsets").style, "buffer")
    return Layer(u.name, "BcdOffsetAdd", members, [], [], attrs, arrays=[offsets])


@emits((k.CONCAT,))
def _concat(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    node, (a, b) = _types(ctx, u)
    g = u.geometry
    attrs = {"channels_a": g.first, "channels_b": g.channels - g.first, "pixels": g.pixels, "lanes": u.fold.pe,
             "a_t": cpp_type(a), "b_t": cpp_type(b), "out_t": cpp_type(node.dtype)}
    return Layer(u.name, "BcdConcat", members, [], [], attrs)


@emits((k.POOL,))
def _pool(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    node, (x_t,) = _types(ctx, u)
    g, pe = u.geometry, u.fold.pe
    is_max = isinstance(node.op, ops.MaxPool2d)
    attrs = {"channels": g.channels, "height": g.height, "width": g.width, "kernel": g.kernel, "stride": g.stride,
             "pad": g.pad, "lanes": pe, "max": is_max,
             "sum_t": cpp_type(x_t) if is_max else Bound.of(x_t).times(g.kernel ** 2).cpp(),
             "out_t": cpp_type(node.dtype), **recip(g.kernel ** 2)}
    pragmas = ["ARRAY_PARTITION variable={var} complete dim=1"]
    if min(g.kernel, g.width) > 1:
        pragmas.append(f"ARRAY_PARTITION variable={{var}} cyclic factor={min(g.kernel, g.width)} dim=2")
    if pe > 1:
        pragmas.append(f"ARRAY_RESHAPE variable={{var}} cyclic factor={pe} dim=3")
    lines = Array("lines", u.name, "lines", cpp_type(x_t), (g.kernel, g.width, g.channels), memory(u, "lines").style,
                  "buffer", pragmas=tuple(pragmas))
    return Layer(u.name, "BcdPool", members, [], [], attrs, arrays=[lines])


@emits((k.GAP,))
def _gap(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    node, (x_t,) = _types(ctx, u)
    g, pe = u.geometry, u.fold.pe
    attrs = {"channels": g.channels, "pixels": g.pixels, "lanes": pe, "sum_t": sum_type(x_t, g.pixels),
             "out_t": cpp_type(node.dtype), **recip(g.pixels)}
    sums = Array("sums", u.name, "sums", sum_type(x_t, g.pixels), (g.channels,), memory(u, "sums").style, "buffer",
                 pragmas=(f"ARRAY_RESHAPE variable={{var}} cyclic factor={pe} dim=1",) if pe > 1 else ())
    return Layer(u.name, "BcdGap", members, [], [], attrs, arrays=[sums])


def ddr_fifo(ctx: Context, s: Stream) -> Layer:
    """A FIFO the design places in DDR: a ring buffer there, written and read back by two
    processes (hlslib/bcd_ddr.h), between the stream's two units."""
    name = f"{s.name}__ddr"
    bits = s.word_bits
    ring = max(s.words, s.depth + 2)  # plain C simulation holds a whole frame (bcd_ddr.h)
    region = Ddr(s.name, "fifo", bits, ring)
    attrs = {"depth": s.depth, "words": s.words, "stream": s.name}
    layer = Layer(name, "BcdDdrFifo", (), [], [s], attrs, ddr=[region])
    layer.out_names = [name]
    return layer
