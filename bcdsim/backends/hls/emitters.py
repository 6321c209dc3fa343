"""One emitter per hardware op class (DESIGN.md §8.7): each turns a node of the typed hardware
graph into a unit of the dataflow plan: the kernel family, its sizes, folding and types, and its
constants quantized exactly as ``bcdsim.hw.interpret`` does. Fusions follow the hardware: an XNOR
unit takes the Affine or IntThreshold that is its sole user as its output stage, and the context
unit takes the GAP, Flatten and the two FCs that produce a DynamicSign's threshold.
"""
from __future__ import annotations

import numpy as np
from hls4ml.model.types import IntegerPrecisionType

from bcdsim.backends.hls import pack
from bcdsim.backends.hls.plan import Fold, Planner, Port, Stream, Unit, Unsupported, Weight, emits, shortcut_lag
from bcdsim.backends.hls.types import Bound, Const, const, cpp_type, exact_const, frac_of
from bcdsim.errors import UserError
from bcdsim.hw import fixed
from bcdsim.hw.ops import Affine, IntThreshold, XnorConv2d, XnorShiftMLP, popcount_bits
from bcdsim.ir import ops
from bcdsim.ir.dtypes import Bipolar, Fixed, Int
from bcdsim.ir.graph import Node

UNUSED = Weight("unused", np.zeros(1), IntegerPrecisionType(1, False))


def dims(node: Node) -> tuple[int, int, int]:
    """(C, H, W) of a map, (F, 1, 1) of a vector."""
    s = node.shape
    return (s[1], s[2], s[3]) if len(s) == 4 else (s[1], 1, 1)


def stream(node: Node, lanes: int, dtype=None) -> Stream:
    c, h, w = dims(node)
    return Stream(node.name, dtype or node.dtype, c, h, w, lanes)


def values_in(p: Planner, node: Node) -> None:
    """Fixed-point kernels read values: a bipolar input (e.g. a step-1 model's real-weight conv on
    sign activations) has no unit here."""
    for i in node.inputs:
        if isinstance(p.node(i).dtype, Bipolar):
            raise Unsupported(f"reads the bipolar map '{p.tensor(i)}' as real values")


def check(ok: bool, node: Node, what: str) -> None:
    if not ok:
        raise UserError(f"folding does not match the model: '{node.name}': {what}")


def weight(attr: str, c: Const) -> Weight:
    return Weight(attr, c.values, c.precision)


def per_channel(values, channels: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(values, dtype=np.float64), (channels,))


@emits(ops.Input)
def _input(p: Planner, node: Node) -> None:
    c, _, _ = dims(node)
    p.add(Unit(node.name, "InputLayer", [], [stream(node, c)], nodes=(node.name,)))


# --- XNOR units ---------------------------------------------------------------------------------

def _output_stage(p: Planner, pop: Node, branches: int, pe: int):
    """(stage, output stream, p0, p1, accum type, nodes) of an XNOR unit, fusing its sole user."""
    user = p.sole_user(pop.name)
    acc = Bound.of(pop.dtype)
    if user is not None and isinstance(user.op, Affine) and user.op.scale.shape[0] == branches:
        width = user.dtype.bits
        scale, shift = const(user.op.scale.reshape(-1), width), const(user.op.shift, width)
        accum = (acc * scale.bound).times(branches) + shift.bound
        return ("stage_affine", stream(user, pe), weight("p0", scale), weight("p1", shift), accum.cpp(),
                (user.name,))
    if branches == 1 and user is not None and isinstance(user.op, IntThreshold):
        thr = exact_const(user.op.threshold, 0)
        flip = Weight("p1", user.op.flip.astype(np.float64), IntegerPrecisionType(1, False))
        return "stage_threshold", stream(user, pe), weight("p0", thr), flip, "ap_int<2>", (user.name,)
    if branches != 1:
        raise Unsupported("its sole user must be the 3-branch Affine of the ShiftBlock")
    return "stage_identity", stream(pop, pe), replace_attr(UNUSED, "p0"), replace_attr(UNUSED, "p1"), "ap_int<2>", ()


def replace_attr(w: Weight, attr: str) -> Weight:
    return Weight(attr, w.data, w.precision)


def _mvau_attrs(mw: int, mh: int, fold: Fold, pixels: int, stage: str, out: Stream, accum: str) -> dict:
    return {"mw": mw, "mh": mh, "simd": fold.simd, "pe": fold.pe, "pixels": pixels, "stage": stage,
            "acc_t": f"ap_int<{popcount_bits(mw) + 1}>", "out_t": "ap_uint<1>" if out.bits else cpp_type(out.dtype),
            "accum_t": accum, "weight_word_bits": pack.word_bits(fold.simd)}


@emits(XnorConv2d)
def _xnor_conv(p: Planner, node: Node) -> None:
    op: XnorConv2d = node.op
    o, c, k, _ = op.weight.shape
    src = p.node(node.inputs[0])
    _, h, w = dims(src)
    fold = p.fold(node)
    windowed = k > 1 or op.stride > 1 or op.padding > 0
    simd_ok = c % fold.simd == 0 or (windowed and fold.simd % c == 0 and (k * k) % (fold.simd // c) == 0)
    check(simd_ok, node, f"SIMD {fold.simd} must divide C={c}" + (" or be C x a divisor of K*K" if windowed else ""))
    check(o % fold.pe == 0, node, f"PE {fold.pe} must divide {o} outputs")
    stage, out, p0, p1, accum, fused = _output_stage(p, node, 1, fold.pe)
    _, oh, ow = dims(node)
    attrs = _mvau_attrs(c * k * k, o, fold, oh * ow, stage, out, accum)
    attrs.update(windowed=windowed, has_valid=windowed, branches=1, interleaved=False, channels=c, height=h,
                 width=w, kernel=k, stride=op.stride, pad=op.padding)
    bits = pack.conv_rows(op.weight)
    wbits = Weight("wbits", pack.binary_tiles(bits, fold.simd, fold.pe), pack.word_precision(fold.simd))
    p.add(Unit(out.tensor, "BcdXnorConv", [Port(node.inputs[0], None if windowed else fold.simd)], [out], attrs,
               [wbits, p0, p1], (node.name, *fused)))


@emits(XnorShiftMLP)
def _shift_mlp(p: Planner, node: Node) -> None:
    op: XnorShiftMLP = node.op
    branches, o, c = op.weight.shape
    if branches != 3 or op.shifts[0] != (0, 0):
        raise Unsupported("expects the (direct, local, global) branches of a ShiftBlock")
    _, h, w = dims(node)
    fold = p.fold(node)
    interleaved = fold.simd % 3 == 0 and c % (fold.simd // 3) == 0 and c % fold.simd != 0
    check(c % fold.simd == 0 or interleaved, node, f"SIMD {fold.simd} must divide C={c} or be 3 x a divisor of it")
    check(o % fold.pe == 0, node, f"PE {fold.pe} must divide {o} outputs")
    stage, out, p0, p1, accum, fused = _output_stage(p, node, 3, fold.pe)
    attrs = _mvau_attrs(3 * c, o, fold, h * w, stage, out, accum)
    (sh, sw), (gh, gw) = op.shifts[1], op.shifts[2]
    attrs.update(has_valid=False, branches=3, interleaved=interleaved, channels=c, height=h, width=w,
                 shift_h=sh, shift_w=sw, global_h=gh, global_w=gw)
    bits = pack.shift_rows(op.weight, fold.simd // 3 if interleaved else 0)
    wbits = Weight("wbits", pack.binary_tiles(bits, fold.simd, fold.pe), pack.word_precision(fold.simd))
    p.add(Unit(out.tensor, "BcdShiftMlp", [Port(node.inputs[0])], [out], attrs, [wbits, p0, p1],
               (node.name, *fused)))


# --- fixed-point matrix units (stem conv, real 1x1 convs, FC) -------------------------------------

def _matrix(p: Planner, node: Node, weight4: np.ndarray, bias, stride: int, pad: int, groups: int) -> None:
    values_in(p, node)
    src = p.node(node.inputs[0])
    c, h, w = dims(src)
    o, cg, k, _ = weight4.shape
    fold = p.fold(node)
    mw = cg * k * k
    check(mw % fold.simd == 0, node, f"SIMD {fold.simd} must divide the window of {mw} inputs")
    check((o // groups) % fold.pe == 0, node, f"PE {fold.pe} must divide the {o // groups} outputs of a group")
    width = node.dtype.bits
    wq = const(weight4, width)
    x = Bound.of(src.dtype)
    sums = np.abs(wq.mantissas.reshape(o, -1)).sum(axis=1)
    accum = Bound(int(sums.max()), wq.frac) * x
    if bias is not None:
        bq = const(bias, width)
        accum = accum + bq.bound
    else:
        bq = Const(np.zeros(o, np.int64), Fixed(2, 2))
    out = stream(node, fold.pe)
    attrs = {"channels": c, "height": h, "width": w, "kernel": k, "stride": stride, "pad": pad, "groups": groups,
             "out_channels": o, "simd": fold.simd, "pe": fold.pe, "accum_t": accum.cpp(),
             "out_t": cpp_type(node.dtype)}
    tiles = pack.fixed_tiles(pack.conv_rows(wq.values), fold.simd, fold.pe)
    p.add(Unit(node.name, "BcdConvFixed", [Port(node.inputs[0])], [out], attrs,
               [Weight("wfix", tiles, wq.precision), weight("bias", bq)], (node.name,)))


@emits(ops.Conv2d)
def _conv(p: Planner, node: Node) -> None:
    op: ops.Conv2d = node.op
    _matrix(p, node, op.weight, op.bias, op.stride, op.padding, op.groups)


@emits(ops.Linear)
def _linear(p: Planner, node: Node) -> None:
    op: ops.Linear = node.op
    _matrix(p, node, op.weight[:, :, None, None], op.bias, 1, 0, 1)


# --- per-channel units --------------------------------------------------------------------------

def _eltwise(p: Planner, node: Node, kind: str, p0: Const, p1: Const | None, p2: Const | None,
             accum: Bound, v: Bound | None = None) -> None:
    values_in(p, node)
    c, _, _ = dims(node)
    pe = p.fold(node).pe
    check(c % pe == 0, node, f"PE {pe} must divide {c} channels")
    out = stream(node, pe)
    ws = [weight("p0", p0), weight("p1", p1) if p1 else replace_attr(UNUSED, "p1"),
          weight("p2", p2) if p2 else replace_attr(UNUSED, "p2")]
    attrs = {"channels": c, "pixels": out.pixels, "lanes": pe, "op": kind, "accum_t": accum.cpp(),
             "v_t": (v or accum).cpp(), "out_t": cpp_type(node.dtype)}
    p.add(Unit(node.name, "BcdEltwise", [Port(node.inputs[0], pe)], [out], attrs, ws, (node.name,)))


def _affine_like(p: Planner, node: Node, scale: np.ndarray, shift: np.ndarray) -> None:
    c, _, _ = dims(node)
    width = node.dtype.bits
    s, t = const(per_channel(scale, c), width), const(per_channel(shift, c), width)
    x = Bound.of(p.node(node.inputs[0]).dtype)
    _eltwise(p, node, "op_affine", s, t, None, x * s.bound + t.bound)


@emits(ops.BatchNorm)
def _batchnorm(p: Planner, node: Node) -> None:
    _affine_like(p, node, *node.op.affine())


@emits(ops.Scale)
def _scale(p: Planner, node: Node) -> None:
    _affine_like(p, node, np.array([node.op.factor]), np.zeros(1))


@emits(Affine)
def _affine(p: Planner, node: Node) -> None:
    if node.op.scale.shape[0] != 1:
        raise Unsupported("a multi-branch Affine must follow its XnorShiftMLP")
    _affine_like(p, node, node.op.scale[0], node.op.shift)


@emits(ops.Bias)
def _bias(p: Planner, node: Node) -> None:
    c, _, _ = dims(node)
    b = const(per_channel(node.op.bias, c), node.dtype.bits)
    _eltwise(p, node, "op_bias", b, None, None, Bound.of(p.node(node.inputs[0]).dtype) + b.bound)


def _rprelu(p: Planner, node: Node, bias_in, slope, bias_out) -> None:
    c, _, _ = dims(node)
    width = node.dtype.bits
    bi, s, bo = (const(per_channel(v, c), width) for v in (bias_in, slope, bias_out))
    v = Bound.of(p.node(node.inputs[0]).dtype) + bi.bound
    _eltwise(p, node, "op_rprelu", bi, s, bo, v.union(v * s.bound) + bo.bound, v)


@emits(ops.RPReLU)
def _rprelu_op(p: Planner, node: Node) -> None:
    op: ops.RPReLU = node.op
    _rprelu(p, node, op.bias_in, op.slope, op.bias_out)


@emits(ops.PReLU)
def _prelu(p: Planner, node: Node) -> None:
    _rprelu(p, node, np.zeros(1), node.op.slope, np.zeros(1))  # zero biases add nothing


def _bits_unit(p: Planner, node: Node, mode: str, p0: Const, p1: Weight) -> None:
    values_in(p, node)
    c, _, _ = dims(node)
    pe = p.fold(node).pe
    check(c % pe == 0, node, f"PE {pe} must divide {c} channels")
    out = stream(node, pe)
    p.add(Unit(node.name, "BcdSign", [Port(node.inputs[0], pe)], [out],
               {"channels": c, "pixels": out.pixels, "lanes": pe, "mode": mode}, [weight("p0", p0), p1], (node.name,)))


@emits(ops.Sign)
def _sign(p: Planner, node: Node) -> None:
    c, _, _ = dims(node)
    f = frac_of(p.node(node.inputs[0]).dtype)
    t = np.zeros(c) if node.op.threshold is None else per_channel(node.op.threshold, c)
    limit = np.ceil(t * 2.0 ** f).astype(np.int64)  # x >= t  <=>  mantissa >= ceil(t 2^f)
    _bits_unit(p, node, "sign", exact_const(limit, f), replace_attr(UNUSED, "p1"))


@emits(IntThreshold)
def _int_threshold(p: Planner, node: Node) -> None:
    flip = Weight("p1", node.op.flip.astype(np.float64), IntegerPrecisionType(1, False))
    _bits_unit(p, node, "int_threshold", exact_const(node.op.threshold, 0), flip)


@emits(ops.Add, ops.AddChannelOffset)
def _add(p: Planner, node: Node) -> None:
    values_in(p, node)
    c, _, _ = dims(node)
    pe = p.fold(node).pe
    check(c % pe == 0, node, f"PE {pe} must divide {c} channels")
    a, b = (p.node(i) for i in node.inputs)
    offset = isinstance(node.op, ops.AddChannelOffset)
    ports = [Port(node.inputs[0], pe), Port(node.inputs[1], None if offset else pe)]
    if not offset:  # the input produced earlier waits for the other branch: a shortcut FIFO
        order = {n.name: k for k, n in enumerate(p.hw)}
        early = 0 if order[a.name] < order[b.name] else 1
        late = node.inputs[1 - early]
        ports[early].depth = max(p.fifo_depth_of(node) or 0, shortcut_lag(p.hw, late, node.inputs[early], node))
    attrs = {"channels": c, "pixels": dims(node)[1] * dims(node)[2], "lanes": pe, "offset": offset,
             "a_t": cpp_type(a.dtype), "b_t": cpp_type(b.dtype), "out_t": cpp_type(node.dtype),
             "accum_t": (Bound.of(a.dtype) + Bound.of(b.dtype)).cpp()}
    p.add(Unit(node.name, "BcdAdd", ports, [stream(node, pe)], attrs, nodes=(node.name,)))


@emits(ops.Concat)
def _concat(p: Planner, node: Node) -> None:
    if node.op.axis != 1 or len(node.inputs) != 2 or not isinstance(node.dtype, (Fixed, Int)):
        raise Unsupported("only two fixed-point maps along channels")
    a, b = (p.node(i) for i in node.inputs)
    ca, cb = dims(a)[0], dims(b)[0]
    lanes = int(np.gcd.reduce([p.fold(node).pe, ca, cb]))  # lanes must divide both parts
    out = stream(node, lanes)
    attrs = {"channels_a": ca, "channels_b": cb, "pixels": out.pixels, "lanes": lanes,
             "a_t": cpp_type(a.dtype), "b_t": cpp_type(b.dtype), "out_t": cpp_type(node.dtype)}
    p.add(Unit(node.name, "BcdConcat", [Port(a.name, lanes), Port(b.name, lanes)], [out], attrs, nodes=(node.name,)))


# --- pooling and the contextual unit -------------------------------------------------------------

def _recip(n: int) -> dict:
    r, rf = fixed.reciprocal(n)
    return {"recip_mantissa": r, "recip_frac": rf}


@emits(ops.AvgPool2d, ops.MaxPool2d)
def _pool(p: Planner, node: Node) -> None:
    values_in(p, node)
    op = node.op
    src = p.node(node.inputs[0])
    c, h, w = dims(src)
    pe = p.fold(node).pe
    check(c % pe == 0, node, f"PE {pe} must divide {c} channels")
    is_max = isinstance(op, ops.MaxPool2d)
    x = Bound.of(src.dtype)
    attrs = {"channels": c, "height": h, "width": w, "kernel": op.kernel, "stride": op.stride, "pad": op.padding,
             "lanes": pe, "max": is_max, "sum_t": cpp_type(src.dtype) if is_max else x.times(op.kernel ** 2).cpp(),
             "out_t": cpp_type(node.dtype), **_recip(op.kernel * op.kernel)}
    p.add(Unit(node.name, "BcdPool", [Port(src.name, pe)], [stream(node, pe)], attrs, nodes=(node.name,)))


@emits(ops.GlobalAvgPool)
def _gap(p: Planner, node: Node) -> None:
    values_in(p, node)
    sign = _context_sign(p, node)
    if sign is not None:  # the first node of a contextual threshold: the whole unit goes here
        return _context(p, sign)
    src = p.node(node.inputs[0])
    c, h, w = dims(src)
    pe = p.fold(node).pe
    check(c % pe == 0, node, f"PE {pe} must divide {c} channels")
    attrs = {"channels": c, "pixels": h * w, "lanes": pe, "sum_t": Bound.of(src.dtype).times(h * w).cpp(),
             "out_t": cpp_type(node.dtype), **_recip(h * w)}
    p.add(Unit(node.name, "BcdGap", [Port(src.name, pe)], [stream(node, pe)], attrs, nodes=(node.name,)))


def _context_sign(p: Planner, gap: Node) -> Node | None:
    """The DynamicSign(x, W2 . W1 . Flatten(GAP(x))) that ``gap`` starts, if any."""
    for flat in p.users(gap.name):
        for ctx in p.users(flat.name) if isinstance(flat.op, ops.Flatten) else ():
            for thr in p.users(ctx.name) if isinstance(ctx.op, ops.Linear) else ():
                for sign in p.users(thr.name) if isinstance(thr.op, ops.Linear) else ():
                    if isinstance(sign.op, ops.DynamicSign) and sign.inputs == (gap.inputs[0], thr.name):
                        return sign
    return None


@emits(ops.DynamicSign)
def _context(p: Planner, node: Node) -> None:
    """BCDNet-B's contextual threshold unit, emitted where its GAP is (reached here directly only
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
    pe = p.fold(node).pe
    check(c % pe == 0, node, f"PE {pe} must divide {c} channels")
    hidden = ctx.shape[1]
    w1, w2 = const(ctx.op.weight, ctx.dtype.bits), const(thr.op.weight, thr.dtype.bits)
    g_b = Bound.of(gap.dtype)
    e_acc = (g_b * w1.bound).times(c)
    a_acc = (Bound.of(ctx.dtype) * w2.bound).times(hidden)
    others = [u for u in p.users(ctx.name) if u.name != thr.name]
    outputs = [stream(node, pe)] + ([stream(ctx, 1)] if others else [])
    attrs = {"channels": c, "height": h, "width": w, "lanes": pe, "hidden": hidden, "e_lanes": 1,
             "has_e": bool(others), "sum_t": Bound.of(x.dtype).times(h * w).cpp(), "gap_t": cpp_type(gap.dtype),
             "e_acc_t": e_acc.cpp(), "e_t": cpp_type(ctx.dtype), "alpha_acc_t": a_acc.cpp(),
             "alpha_t": cpp_type(thr.dtype), **_recip(h * w)}
    p.add(Unit(node.name, "BcdContext", [Port(x.name, pe)], outputs, attrs, [weight("w1", w1), weight("w2", w2)],
               (node.name, thr.name, ctx.name, gap.name, flat.name)))
