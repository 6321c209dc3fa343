"""Emitters of the matrix units and their frame banks (DESIGN.md §8.7: one per unit kind).

Each turns design units into an HLS layer: the kernel family, its sizes and folding (all read
from the design units), its types, and its constants quantized exactly as ``bcdsim.hw.interpret``
does. Where the design places a memory decides how it is realised: a ROM hls4ml writes (LUTRAM,
BRAM), a global loaded from DDR at start-up (URAM weights), or a DDR region (streamed weights,
the tile schedule's output bank). The per-channel units are in ``emitters_channel``.
"""
from __future__ import annotations

import numpy as np
from hls4ml.model.types import IntegerPrecisionType

from bcdsim.backends.hls import pack
from bcdsim.backends.hls.plan import Array, Context, Ddr, Layer, Weight, emits
from bcdsim.backends.hls.types import Bound, Const, const, cpp_type, sum_type
from bcdsim.design import units as k
from bcdsim.design.units import Memory, Unit
from bcdsim.hw import fixed
from bcdsim.hw.ops import XnorConv2d, XnorShiftMLP, popcount_bits
from bcdsim.ir import ops
from bcdsim.ir.dtypes import Fixed

PLACEHOLDER = np.zeros(1)


def memory(u: Unit, name: str) -> Memory:
    for m in u.memories:
        if m.name == name:
            return m
    raise KeyError(f"unit '{u.name}' has no memory '{name}'")


def placeholder(attr: str) -> Weight:
    """An argument the kernel never reads (one element)."""
    return Weight(attr, PLACEHOLDER, IntegerPrecisionType(1, False))


def weight(attr: str, c: Const, u: Unit, name: str, reshape: int = 1) -> Weight:
    return Weight(attr, c.values, c.precision, u.name, name, memory(u, name).style, reshape)


def recip(n: int) -> dict:
    r, rf = fixed.reciprocal(n)
    return {"recip_mantissa": r, "recip_frac": rf}


def _le_bytes(words: list[int], bits: int, packed: bool = False) -> bytes:
    """Words as 512-bit little-endian beats: a word of W bits in ceil(W/512) beats, or (packed)
    floor(512/W) words to a beat."""
    out = bytearray()
    if packed:
        per = 512 // bits
        for i in range(0, len(words), per):
            beat = 0
            for j, w in enumerate(words[i:i + per]):
                beat |= (w & ((1 << bits) - 1)) << (j * bits)
            out += beat.to_bytes(64, "little")
        return bytes(out)
    beats = -(-bits // 512)
    for w in words:
        out += (w & ((1 << bits) - 1)).to_bytes(64 * beats, "little")
    return bytes(out)


def _join(values: np.ndarray, bits: int, per: int) -> list[int]:
    """Groups of ``per`` integers (two's complement, ``bits`` each) as one integer, first lowest."""
    v = [int(x) & ((1 << bits) - 1) for x in np.asarray(values, dtype=np.int64).reshape(-1)]
    return [sum(x << (j * bits) for j, x in enumerate(v[i:i + per])) for i in range(0, len(v), per)]


def on_chip_weights(layer: Layer, u: Unit, attr: str, data: np.ndarray, precision, ctype: str, bits: int,
                    mantissas: np.ndarray, reshape: int) -> None:
    """A weight memory on chip: a ROM hls4ml writes, or (URAM: not initialised by the bitstream) a
    global loaded from the DDR image at start-up."""
    style = memory(u, "weights").style if attr in ("wbits", "wfix") else memory(u, attr).style
    name = "weights" if attr in ("wbits", "wfix") else attr
    if style != "uram":
        layer.weights.append(Weight(attr, data, precision, u.name, name, style, reshape))
        return
    load = Ddr(u.name, f"{name} (start-up)", bits, mantissas.size, _le_bytes(_join(mantissas, bits, 1), bits, True),
               packed=True)
    layer.ddr.append(load)
    layer.arrays.append(Array(attr, u.name, name, ctype, (mantissas.size,), style, "weights",
                              pragmas=(f"ARRAY_RESHAPE variable={{var}} cyclic factor={reshape} dim=1",) if reshape > 1
                              else (), glob=True, load=load))


# --- output stages of XNOR units -------------------------------------------------------------------

def _stage(ctx: Context, u: Unit) -> tuple[str, list[Weight], str, str]:
    """(stage, [p0, p1], accum type, output element type) of an XNOR unit's fused output stage."""
    hw, g = ctx.hw, u.geometry
    pop = hw.node(u.nodes[0])
    if u.stage == "affine":
        st = hw.node(u.nodes[1])
        width = st.dtype.bits
        scale = st.op.scale  # (G, O): laid out output-major, o * G + g
        sc, sh = const(scale.T.reshape(-1), width), const(st.op.shift, width)
        accum = (Bound.of(pop.dtype) * sc.bound).times(g.branches) + sh.bound
        return "stage_affine", [weight("p0", sc, u, "scale", u.fold.pe * g.branches),
                                weight("p1", sh, u, "shift", u.fold.pe)], accum.cpp(), cpp_type(st.dtype)
    if u.stage == "threshold":
        st = hw.node(u.nodes[1])
        thr = threshold_const(st.op.threshold, g.mw)
        flip = Weight("p1", st.op.flip.astype(np.float64), IntegerPrecisionType(1, False), u.name, "flip",
                      memory(u, "flip").style, u.fold.pe)
        return "stage_threshold", [weight("p0", thr, u, "threshold", u.fold.pe), flip], "ap_int<2>", "ap_uint<1>"
    return "stage_identity", [placeholder("p0"), placeholder("p1")], "ap_int<2>", cpp_type(pop.dtype)


def threshold_const(threshold: np.ndarray, n: int) -> Const:
    """Integer thresholds on values in [-n, n], clipped to [-n-1, n+1] (the comparisons do not
    change) in popcount_bits(n) + 1 bits (bcdsim.design.memories)."""
    m = np.clip(np.asarray(threshold, dtype=np.int64), -n - 1, n + 1)
    bits = popcount_bits(n) + 1
    return Const(m, Fixed(bits, bits))


def _xnor_rows(ctx: Context, u: Unit) -> np.ndarray:
    op = ctx.hw.node(u.nodes[0]).op
    return pack.conv_rows(op.weight) if isinstance(op, XnorConv2d) else pack.shift_rows(op.weight)


def _mvau_attrs(u: Unit, stage: str, accum: str, out_t: str) -> dict:
    g, f = u.geometry, u.fold
    return {"mw": g.mw, "mh": g.mh, "simd": f.simd, "pe": f.pe, "pixels": g.out_pixels, "branches": g.branches,
            "stage": stage, "acc_t": f"ap_int<{popcount_bits(g.mw) + 1}>", "out_t": out_t, "accum_t": accum,
            "weight_word_bits": pack.word_bits(f.simd), "has_valid": u.inputs[0].window}


def _streamed(u: Unit, words: list[int], bits: int) -> Ddr:
    return Ddr(u.name, "weights", bits, len(words), _le_bytes(words, bits))


@emits((k.XNOR_MVAU,))
def _xnor(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    f = u.fold
    stage, params, accum, out_t = _stage(ctx, u)
    layer = Layer(u.name, "BcdXnorMvau", members, [], [], _mvau_attrs(u, stage, accum, out_t))
    rows = _xnor_rows(ctx, u)
    if memory(u, "weights").style == "ddr":  # a vector unit: one weight word per iteration
        layer.ddr.append(_streamed(u, pack.binary_words(rows, f.simd, f.pe), f.simd * f.pe))
        layer.attrs["streamed"] = True
    else:
        wb = pack.word_bits(f.simd)
        pieces = pack.binary_tiles(rows, f.simd, f.pe)
        on_chip_weights(layer, u, "wbits", pieces, pack.word_precision(f.simd), f"ap_uint<{wb}>", wb,
                        pieces.astype(np.int64), f.pe * (f.simd // wb))
        layer.attrs["streamed"] = False
    layer.weights += params
    return layer


@emits((k.XNOR_MVAU, k.FRAME_OUT))
def _xnor_tile(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    """The tile schedule's MVAU: weights from DDR, partial sums per pixel, an output bank in DDR."""
    u, out = members
    g, f = u.geometry, u.fold
    stage, params, accum, out_t = _stage(ctx, u)
    attrs = _mvau_attrs(u, stage, accum, out_t)
    part_bits = popcount_bits(g.mw // g.branches) + 1
    attrs.update(part_t=f"ap_int<{part_bits}>", out_name=out.name)
    layer = Layer(u.name, "BcdXnorTile", members, [], [], attrs)
    layer.ddr.append(_streamed(u, pack.binary_words(_xnor_rows(ctx, u), f.simd, f.pe), f.simd * f.pe))
    out_bits = f.pe * (1 if stage == "stage_threshold" else u.outputs[0].element_bits)
    nf = g.mh // f.pe
    layer.ddr.append(Ddr(out.name, "bank", out_bits, 3 * g.out_pixels * nf))  # three banks (bcd_tile.h)
    layer.arrays.append(Array("partials", u.name, "partials", f"nnet::array<ap_int<{part_bits}>, {f.pe * g.branches}>",
                              (g.out_pixels,), memory(u, "partials").style, "buffer"))
    layer.weights += params
    return layer


@emits((k.FRAME_IN, k.FRAME_REPLAY))
def _tile_in(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    fin, rep = members
    g, f = fin.geometry, fin.fold
    ch = min(f.simd, g.channels)
    d = f.simd // ch
    attrs = {"channels": g.channels, "height": g.height, "width": g.width, "kernel": g.kernel, "stride": g.stride,
             "pad": g.pad, "simd": f.simd, "repeats": rep.repeats, "windowed": rep.outputs[0].window,
             "in_name": fin.name}
    bank = Array("bank", fin.name, "bank", f"ap_uint<{ch}>", (d, g.pixels * g.channels // ch),
                 memory(fin, "bank").style, "buffer", pipo=True,
                 pragmas=("ARRAY_PARTITION variable={var} complete dim=1",) if d > 1 else ())
    return Layer(fin.name, "BcdTileIn", members, [], [], attrs, arrays=[bank])


@emits((k.GATHER_IN, k.GATHER_OUT))
def _gather(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    gin, gout = members
    g, f = gin.geometry, gin.fold
    op: XnorShiftMLP = ctx.hw.node(gin.owner).op
    (sh, sw), (gh, gw) = op.shifts[1], op.shifts[2]
    owner = ctx.design.unit(gin.owner)
    attrs = {"channels": g.channels, "height": g.height, "width": g.width, "simd": f.simd, "shift_h": sh,
             "shift_w": sw, "global_h": gh, "global_w": gw, "repeats": gout.repeats,
             "tile": owner.ddr and g.out_pixels > 1, "in_name": gin.name}
    bank = Array("bank", gin.name, "bank", f"ap_uint<{f.simd}>", (g.pixels * g.channels // f.simd,),
                 memory(gin, "bank").style, "buffer", pipo=True)
    return Layer(gin.name, "BcdGather", members, [], [], attrs, arrays=[bank])


# --- fixed-point matrix units (stem conv, real 1x1 convs, FC) -------------------------------------

@emits((k.DSP_MVAU,))
def _dsp(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    (u,) = members
    node = ctx.hw.node(u.nodes[0])
    op = node.op
    w4 = op.weight if isinstance(op, ops.Conv2d) else op.weight[:, :, None, None]
    g, f = u.geometry, u.fold
    width = node.dtype.bits
    wq = const(w4, width)
    x = Bound.of(ctx.hw.node(node.inputs[0]).dtype)
    sums = np.abs(wq.mantissas.reshape(w4.shape[0], -1)).sum(axis=1)
    accum = Bound(int(sums.max()), wq.frac) * x
    has_bias = op.bias is not None
    if has_bias:
        bq = const(op.bias, width)
        accum = accum + bq.bound
    attrs = {"channels": g.channels, "height": g.height, "width": g.width, "kernel": g.kernel, "stride": g.stride,
             "pad": g.pad, "groups": g.groups, "out_channels": g.mh, "simd": f.simd, "pe": f.pe,
             "accum_t": accum.cpp(), "out_t": cpp_type(node.dtype), "has_bias": has_bias,
             "weight_t": f"ap_fixed<{wq.type.bits},{wq.type.int_bits}>"}
    layer = Layer(u.name, "BcdDspMvau", members, [], [], attrs)
    rows = pack.conv_rows(wq.mantissas)
    tiles = pack.fixed_tiles(rows, f.simd, f.pe)  # mantissas in the kernel's order
    if memory(u, "weights").style == "ddr":
        words = _join(tiles, wq.type.bits, f.simd * f.pe)
        layer.ddr.append(_streamed(u, words, f.simd * f.pe * wq.type.bits))
        attrs["streamed"] = True
    else:
        on_chip_weights(layer, u, "wfix", tiles.astype(np.float64) / 2.0 ** wq.frac, wq.precision, attrs["weight_t"],
                        wq.type.bits, tiles, f.simd * f.pe)
        attrs["streamed"] = False
    layer.weights.append(weight("bias", bq, u, "bias", f.pe) if has_bias else placeholder("bias"))
    return layer


# --- the contextual threshold unit -----------------------------------------------------------------

@emits((k.CONTEXT_SCAN, k.CONTEXT_REPLAY))
def _context(ctx: Context, members: tuple[Unit, ...]) -> Layer:
    scan, replay = members
    hw, g, f = ctx.hw, replay.geometry, replay.fold
    sign, thr, ectx, gap = (hw.node(n) for n in replay.nodes[:4])
    x = hw.node(sign.inputs[0])
    c, hidden, pe, q = g.channels, g.hidden, f.pe, f.simd
    w1, w2 = const(ectx.op.weight, ectx.dtype.bits), const(thr.op.weight, thr.dtype.bits)
    e_acc = (Bound.of(gap.dtype) * w1.bound).times(c)
    a_acc = (Bound.of(ectx.dtype) * w2.bound).times(hidden)
    banks = pe if pe % q == 0 else (q if q % pe == 0 else c)  # bcd_context.h G_BANKS
    attrs = {"channels": c, "height": g.height, "width": g.width, "lanes": pe, "hidden": hidden, "e_lanes": 1,
             "simd": q, "has_e": len(scan.outputs) > 1, "sum_t": sum_type(x.dtype, g.pixels),
             "gap_t": cpp_type(gap.dtype), "e_acc_t": e_acc.cpp(), "e_t": cpp_type(ectx.dtype),
             "alpha_acc_t": a_acc.cpp(), "alpha_t": cpp_type(thr.dtype), "scan_name": scan.name, **recip(g.pixels)}
    layer = Layer(scan.name, "BcdContext", members, [], [], attrs)
    frame_t = f"nnet::array<{cpp_type(x.dtype)}, {pe}>"
    reshape = (f"ARRAY_RESHAPE variable={{var}} cyclic factor={pe} dim=1",) if pe > 1 else ()
    layer.arrays += [
        Array("bank", scan.name, "bank", frame_t, (g.pixels * c // pe,), memory(scan, "bank").style, "buffer",
              pipo=True),
        Array("alpha", scan.name, "alpha", cpp_type(thr.dtype), (c,), memory(scan, "alpha").style, "buffer",
              pipo=True, pragmas=reshape),
        Array("sums", scan.name, "sums", sum_type(x.dtype, g.pixels), (c,), memory(scan, "sums").style, "buffer",
              pragmas=reshape),
        Array("means", scan.name, "means", cpp_type(gap.dtype), (c,), memory(scan, "means").style, "buffer",
              pragmas=(f"ARRAY_PARTITION variable={{var}} cyclic factor={banks} dim=1",) if banks > 1 else ()),
        Array("e", scan.name, "e", cpp_type(ectx.dtype), (hidden,), memory(scan, "e").style, "buffer",
              pragmas=(f"ARRAY_PARTITION variable={{var}} cyclic factor={q} dim=1",) if q > 1 else ())]
    for attr, c_ in (("w1", w1), ("w2", w2)):
        on_chip_weights(layer, scan, attr, c_.values, c_.precision, f"ap_fixed<{c_.type.bits},{c_.type.int_bits}>",
                        c_.type.bits, c_.mantissas, q)
    return layer


def threshold_of_sign(node, x_type) -> Const:
    """Sign's threshold in x's type: x >= t <=> mantissa >= ceil(t 2^f), clipped to one past x's range
    (the comparisons do not change), in x's width + 1 bits (bcdsim.design.memories)."""
    f = x_type.frac_bits if isinstance(x_type, Fixed) else 0
    c = node.shape[1]
    t = np.zeros(c) if node.op.threshold is None else np.broadcast_to(np.asarray(node.op.threshold, np.float64), (c,))
    lo, hi = -(1 << (x_type.bits - 1)), (1 << (x_type.bits - 1))
    limit = np.clip(np.ceil(t * 2.0 ** f).astype(np.int64), lo, hi)
    return Const(limit, Fixed(x_type.bits + 1, x_type.bits + 1 - f))


def int_threshold_const(node, x_type) -> Const:
    """IntThreshold's threshold on integers of x's width, clipped to one past x's range."""
    lo, hi = -(1 << (x_type.bits - 1)), (1 << (x_type.bits - 1))
    m = np.clip(np.asarray(node.op.threshold, dtype=np.int64), lo - 1, hi)
    return Const(m, Fixed(x_type.bits + 1, x_type.bits + 1))

