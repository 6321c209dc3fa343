"""Verilog parameters and memory images of the RTL units (docs/hardware_units.md), from the typed
hardware graph: one packer per hardware op class (DESIGN.md §8.7), plus the auxiliary units
(window, gather, fork, converter, FIFO) in ``bcdsim.backends.rtl.aux_units``.

A packer quantizes every constant with hw mode's own function and turns hw mode's single rounding
into the integer form the library computes (``bcdsim.backends.rtl.quant``). Memory images are
``$readmemh`` lines, one word per line, lane p of a word at bits [p*w, (p+1)*w) in two's
complement; a unit names its memory files by Verilog parameter (FILE, WEIGHTS, ...).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from bcdsim.backends.rtl.quant import param, requant, signed_bits
from bcdsim.hw import fixed
from bcdsim.hw.interpret import frac
from bcdsim.hw.ops import IntThreshold
from bcdsim.ir import ops
from bcdsim.ir.dtypes import DataType, Fixed, Int
from bcdsim.ir.graph import Graph, Node
from bcdsim.registry import ByClass, registrar

RECIP_BITS = 18  # bcdsim.hw.fixed.reciprocal's default: one DSP48 input


@dataclass(frozen=True)
class RtlUnit:
    module: str  # the library module
    params: dict[str, int]  # integer Verilog parameters
    memories: dict[str, list[str]] = field(default_factory=dict)  # file parameter -> $readmemh lines


@dataclass(frozen=True)
class Fold:
    simd: int = 1
    pe: int = 1


Packer = Callable[[Graph, Node, Fold], RtlUnit]
PACKERS: dict[type, Packer] = ByClass()
packs = registrar(PACKERS)


def pack_unit(graph: Graph, name: str, fold: Fold) -> RtlUnit:
    """The RTL unit of hardware node ``name`` (the main node of a primary unit)."""
    node = graph.node(name)
    try:
        packer = PACKERS[type(node.op)]
    except KeyError:
        raise ValueError(f"{name}: no RTL unit for {type(node.op).__name__}") from None
    return packer(graph, node, fold)


def dims(node: Node) -> tuple[int, int, int]:
    """(C, H, W) of a map, (F, 1, 1) of a vector."""
    s = node.shape
    return (s[1], s[2], s[3]) if len(s) == 4 else (s[1], 1, 1)


def value_type(t: DataType, what: str) -> DataType:
    if not isinstance(t, (Fixed, Int)):
        raise ValueError(f"{what}: expects fixed-point or integer values, got {t}")
    return t


def lanes_of(c: int, pe: int, what: str) -> int:
    if pe < 1 or c % pe:
        raise ValueError(f"{what}: PE {pe} must divide {c} channels")
    return c // pe


def composite(fields: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, int]:
    """Per-channel fields packed into one lane value, the first field at the lowest bits."""
    value = np.zeros(len(fields[0][0]), dtype=object)
    shift = 0
    for v, bits in fields:
        value += (np.asarray(v, dtype=np.int64).astype(object) & ((1 << bits) - 1)) << shift
        shift += bits
    return value, shift


def lane_words(values: np.ndarray, lanes: int, bits: int) -> list[str]:
    """(channels,) lane values -> words of ``lanes`` values (word k = channels k*lanes ...)."""
    v = np.asarray(values, dtype=object).reshape(-1, lanes)
    mask = (1 << bits) - 1
    digits = -(-lanes * bits // 4)
    out = []
    for row in v:
        word = 0
        for p, x in enumerate(row):
            word |= (int(x) & mask) << (p * bits)
        out.append(f"{word:0{digits}x}")
    return out


# --- per-channel units -------------------------------------------------------------------------

def _chan(values, c: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(values, dtype=np.float64), (c,))


@packs(ops.ChannelOp)
def eltwise(graph: Graph, node: Node, fold: Fold) -> RtlUnit:
    """bcd_eltwise from the op's channel form: OP 0 p = x*s (scale), OP 1 p = x (bias),
    OP 2 p = prelu((x << A1) + b), v >= 0 ? v << SH : v*s (prelu); then one rounding that adds
    the form's post constant."""
    src = graph.node(node.inputs[0])
    t = value_type(src.dtype, node.name)
    c, _, _ = dims(node)
    nf = lanes_of(c, fold.pe, node.name)
    try:
        form = node.op.channel_form()
    except ValueError as e:
        raise ValueError(f"{node.name}: {e}") from None
    xf = frac(t)
    zeros = np.zeros(c, dtype=np.int64)
    a1, b, s, sh, f = 0, zeros, zeros, 0, xf
    if form.pre is not None:
        bi, bf = param(_chan(form.pre, c), node)
        f = max(xf, bf)
        a1, b = f - xf, bi.astype(np.int64) << (f - bf)
    if form.gain is not None:
        s, sf = param(_chan(form.gain, c), node)
        f += sf
        sh = sf if form.mode == "prelu" else 0
    r = requant(f, node.dtype, *(param(_chan(form.post, c), node) if form.post is not None else (None, 0)))
    kind = {"scale": 0, "bias": 1, "prelu": 2}[form.mode]
    const = np.broadcast_to(r.const, (c,))
    bw, sw, cb = signed_bits(b), signed_bits(s), signed_bits(const)
    lanes, pw = composite([(b, bw), (s, sw), (const, cb)])
    params = {"PE": fold.pe, "NF": nf, "OP": kind, "XW": t.bits, "A1": a1, "BW": bw, "SW": sw, "SH": sh,
              "A": r.a, "CB": cb, "RSH": r.rsh, "OW": node.dtype.bits}
    return RtlUnit("bcd_eltwise", params, {"FILE": lane_words(lanes, fold.pe, pw)})


@packs(ops.Sign, IntThreshold)
def threshold(graph: Graph, node: Node, fold: Fold) -> RtlUnit:
    """bcd_threshold: bit = flip ? x <= T : x >= T. A static Sign compares the mantissa with
    ceil(t * 2^frac) (hw mode's exact comparison), clamped to one past the input's range."""
    src = graph.node(node.inputs[0])
    t = value_type(src.dtype, node.name)
    c, _, _ = dims(node)
    nf = lanes_of(c, fold.pe, node.name)
    if isinstance(node.op, IntThreshold):
        limit, flip = node.op.threshold.astype(np.int64), node.op.flip.astype(np.int64)
    else:
        th = np.zeros(c) if node.op.threshold is None else _chan(node.op.threshold, c)
        limit = np.ceil(th * 2.0 ** frac(t)).astype(np.int64)
        flip = np.zeros(c, dtype=np.int64)
    bound = 1 << (t.bits - 1)  # x >= 2^(W-1) never holds, x >= -2^(W-1) always: same bits as beyond
    limit = np.clip(limit, -bound - 1, bound)
    tw = t.bits + 1
    lanes, pw = composite([(limit, tw), (flip, 1)])
    return RtlUnit("bcd_threshold", {"PE": fold.pe, "NF": nf, "RW": t.bits}, {"FILE": lane_words(lanes, fold.pe, pw)})


@packs(ops.Add, ops.AddChannelOffset)
def add(graph: Graph, node: Node, fold: Fold) -> RtlUnit:
    """bcd_add: y = sat(((a << AA) + (b << AB) + half) >> RSH), operands aligned to the finer fraction."""
    ta, tb = (value_type(graph.node(i).dtype, node.name) for i in node.inputs)
    c, h, w = dims(node)
    nf = lanes_of(c, fold.pe, node.name)
    f = max(frac(ta), frac(tb))
    r = requant(f, node.dtype)
    params = {"PE": fold.pe, "NF": nf, "PIX": h * w, "OFFSET": int(isinstance(node.op, ops.AddChannelOffset)),
              "AWID": ta.bits, "BWID": tb.bits, "AA": f - frac(ta) + r.a, "AB": f - frac(tb) + r.a, "RSH": r.rsh,
              "OW": node.dtype.bits}
    return RtlUnit("bcd_add", params)


@packs(ops.Concat)
def concat(graph: Graph, node: Node, fold: Fold) -> RtlUnit:
    """bcd_concat on L = gcd(PE, C1, C2) lanes; each part rounded once to the output type."""
    if node.op.axis != 1 or len(node.inputs) != 2:
        raise ValueError(f"{node.name}: the RTL concatenates two maps along channels")
    a, b = (graph.node(i) for i in node.inputs)
    ta, tb = value_type(a.dtype, node.name), value_type(b.dtype, node.name)
    ca, cb = dims(a)[0], dims(b)[0]
    lanes = int(np.gcd.reduce([fold.pe, ca, cb]))
    ra, rb = requant(frac(ta), node.dtype), requant(frac(tb), node.dtype)
    params = {"L": lanes, "NA": ca // lanes, "NB": cb // lanes, "AWID": ta.bits, "BWID": tb.bits, "LA": ra.a,
              "RSHA": ra.rsh, "LB": rb.a, "RSHB": rb.rsh, "OW": node.dtype.bits}
    return RtlUnit("bcd_concat", params)


@packs(ops.AvgPool2d, ops.MaxPool2d)
def pool(graph: Graph, node: Node, fold: Fold) -> RtlUnit:
    op = node.op
    src = graph.node(node.inputs[0])
    t = value_type(src.dtype, node.name)
    c, h, w = dims(src)
    nf = lanes_of(c, fold.pe, node.name)
    k, s, p = op.kernel, op.stride, op.padding
    for size in (h, w):  # an input pixel ends at most one window (docs/hardware_units.md §4)
        ends = [min(size - 1, o * s - p + k - 1) for o in range((size + 2 * p - k) // s + 1)]
        if len(set(ends)) != len(ends):
            raise ValueError(f"{node.name}: two pooling windows end at one input pixel")
    params = {"PE": fold.pe, "NF": nf, "H": h, "W": w, "K": k, "S": s, "P": p, "XW": t.bits}
    if isinstance(op, ops.MaxPool2d):
        params.update(MAX=1, OW=t.bits)
    else:
        rm, rf = fixed.reciprocal(k * k)
        r = requant(frac(t) + rf, node.dtype)
        params.update(MAX=0, R=rm, RB=RECIP_BITS, A=r.a, RSH=r.rsh, OW=node.dtype.bits)
    return RtlUnit("bcd_pool", params)


@packs(ops.GlobalAvgPool)
def gap(graph: Graph, node: Node, fold: Fold) -> RtlUnit:
    src = graph.node(node.inputs[0])
    t = value_type(src.dtype, node.name)
    c, h, w = dims(src)
    rm, rf = fixed.reciprocal(h * w)
    r = requant(frac(t) + rf, node.dtype)
    params = {"PE": fold.pe, "NF": lanes_of(c, fold.pe, node.name), "PIX": h * w, "XW": t.bits, "R": rm,
              "RB": RECIP_BITS, "A": r.a, "RSH": r.rsh, "OW": node.dtype.bits}
    return RtlUnit("bcd_gap", params)


__all__ = ["PACKERS", "Fold", "RtlUnit", "lane_words", "pack_unit"]


# --- fixed-point matrix units ------------------------------------------------------------------

def _tiles(rows: np.ndarray, simd: int, pe: int) -> np.ndarray:
    """(MH, MW) -> (NF*SF words, PE*SIMD lanes): word nf*SF + sf, lane p*SIMD + i."""
    mh, mw = rows.shape
    t = rows.reshape(mh // pe, pe, mw // simd, simd).transpose(0, 2, 1, 3)
    return t.reshape(-1, pe * simd)


@packs(ops.Conv2d, ops.Linear)
def dsp_mvau(graph: Graph, node: Node, fold: Fold) -> RtlUnit:
    """bcd_dsp_mvau: weights and bias quantized as hw mode does (_param at the node's width)."""
    op = node.op
    src = graph.node(node.inputs[0])
    t = value_type(src.dtype, node.name)
    w, wf = param(op.weight, node)
    groups = getattr(op, "groups", 1)
    if w.ndim == 4:
        if groups > 1 and w.shape[2] > 1:
            raise ValueError(f"{node.name}: grouped convs are supported as 1x1 only")
        rows = w.transpose(0, 2, 3, 1).reshape(w.shape[0], -1)  # window order (ky, kx, c)
    else:
        rows = w
    mh, mw = rows.shape
    if mw % fold.simd or (mh // groups) % fold.pe:
        raise ValueError(f"{node.name}: SIMD {fold.simd} must divide MW={mw} and PE {fold.pe} the "
                         f"{mh // groups} outputs of a group")
    acc_frac = wf + frac(t)
    r = (requant(acc_frac, node.dtype, *param(op.bias, node)) if op.bias is not None
         else requant(acc_frac, node.dtype))
    const = np.broadcast_to(r.const, (mh,))
    bound = int(np.abs(rows).sum(axis=1).max()) << (t.bits - 1)
    ww, cb = signed_bits(rows), signed_bits(const)
    params = {"MW": mw, "MH": mh, "SIMD": fold.simd, "PE": fold.pe, "GROUPS": groups, "XW": t.bits, "WW": ww,
              "AW": signed_bits([bound, -bound]) + 1, "A": r.a, "CB": cb, "RSH": r.rsh, "OW": node.dtype.bits}
    weights = _tiles(rows, fold.simd, fold.pe).reshape(-1)
    return RtlUnit("bcd_dsp_mvau", params, {"WEIGHTS": lane_words(weights, fold.simd * fold.pe, ww),
                                            "CONSTS": lane_words(const, fold.pe, cb)})


# --- auxiliary units (their sizes come from the unit they serve) ---------------------------------

def window_unit(channels: int, height: int, width: int, kernel: int, stride: int, pad: int, simd: int,
                element_bits: int, bipolar: bool) -> RtlUnit:
    """bcd_window: input lanes min(SIMD, C); SIMD divides C, or is C times a divisor of K*K."""
    c, kk = channels, kernel * kernel
    if not (c % simd == 0 or (simd % c == 0 and kk % (simd // c) == 0)):
        raise ValueError(f"window: SIMD {simd} must divide C={c} or be C times a divisor of K*K={kk}")
    if bipolar and element_bits != 1:
        raise ValueError("window: a bipolar map has 1-bit elements")
    params = {"C": c, "H": height, "W": width, "K": kernel, "S": stride, "P": pad, "SIMD": simd,
              "IL": min(simd, c), "EW": element_bits, "VALID": int(bipolar)}
    return RtlUnit("bcd_window", params)


def fork_unit(readers: int, word_bits: int) -> RtlUnit:
    return RtlUnit("bcd_fork", {"N": readers, "W": word_bits})


def convert_unit(in_lanes: int, out_lanes: int, element_bits: int) -> RtlUnit:
    if max(in_lanes, out_lanes) % min(in_lanes, out_lanes):
        raise ValueError(f"convert: lanes change by an integer factor, not {in_lanes} -> {out_lanes}")
    return RtlUnit("bcd_convert", {"IN_L": in_lanes, "OUT_L": out_lanes, "EW": element_bits})


def fifo_unit(depth: int, word_bits: int) -> RtlUnit:
    return RtlUnit("bcd_fifo", {"DEPTH": depth, "W": word_bits})


def gather_unit(graph: Graph, name: str, simd: int) -> RtlUnit:
    """bcd_gather of the XnorShiftMLP ``name``: source-major when SIMD | C, else interleaved
    (SIMD = 3s, s | C), as docs/hardware_units.md §4 orders the 3C inputs."""
    node = graph.node(name)
    _, _, c = node.op.weight.shape
    _, _, h, w = node.shape
    if tuple(node.op.shifts[0]) != (0, 0) or len(node.op.shifts) != 3:
        raise ValueError(f"{name}: a gather serves the (direct, local, global) branches of a ShiftBlock")
    interleaved = c % simd != 0
    if interleaved and (simd % 3 or c % (simd // 3)):
        raise ValueError(f"{name}: SIMD {simd} must divide C={c} or be 3 x a divisor of it")
    (sh, sw), (gh, gw) = node.op.shifts[1], node.op.shifts[2]
    params = {"C": c, "H": h, "W": w, "SIMD": simd, "ILV": int(interleaved), "IL": simd // 3 if interleaved else simd,
              "SH": sh, "SWD": sw, "GH": gh, "GWD": gw}
    return RtlUnit("bcd_gather", params)


# --- the contextual threshold unit ---------------------------------------------------------------

def _context_chain(graph: Graph, node: Node) -> tuple[Node, Node, Node, Node, Node]:
    """(x, GAP, Flatten, W1 Linear, W2 Linear) of DynamicSign(x, W2 . W1 . Flatten(GAP(x)))."""
    x, thr = graph.node(node.inputs[0]), graph.node(node.inputs[1])
    ctx = graph.node(thr.inputs[0]) if isinstance(thr.op, ops.Linear) else None
    flat = graph.node(ctx.inputs[0]) if ctx is not None and isinstance(ctx.op, ops.Linear) else None
    gap = graph.node(flat.inputs[0]) if flat is not None and isinstance(flat.op, ops.Flatten) else None
    if gap is None or not isinstance(gap.op, ops.GlobalAvgPool) or gap.inputs[0] != x.name:
        raise ValueError(f"{node.name}: the threshold must be W2 . W1 . GAP(x) of the same map x")
    if thr.op.bias is not None or ctx.op.bias is not None:
        raise ValueError(f"{node.name}: the contextual FCs have no bias")
    if flat.dtype != gap.dtype:
        raise ValueError(f"{node.name}: Flatten passes GAP's values on, so it keeps GAP's type")
    return x, gap, flat, ctx, thr


def _acc_bits(rows: np.ndarray, in_bits: int, product_bits: int) -> int:
    """Accumulator width holding every dot product of these weight rows (inputs of ``in_bits``)."""
    bound = int(np.abs(rows).sum(axis=1).max()) << (in_bits - 1)
    return max(signed_bits([bound, -bound]) + 1, product_bits + 1)


@packs(ops.DynamicSign)
def context(graph: Graph, node: Node, fold: Fold) -> RtlUnit:
    """bcd_context: the design's context_scan and context_replay (the DynamicSign node names the
    unit) in one module. Ports `in` (PE map values), `out` (PE bits), `e` (one e value per word;
    tie e_ready high where nothing reads e); the design's bank stream between the two is inside.
    Every constant is quantized as hw mode does: the GAP reciprocal (bcdsim.hw.fixed.reciprocal),
    W1 and W2 with _param at their Linear's width; the three roundings are requant's."""
    x, gap, flat, ctx, thr = _context_chain(graph, node)
    tx = value_type(x.dtype, node.name)
    tg, te, ta = (value_type(n.dtype, n.name) for n in (flat, ctx, thr))
    c, h, w = dims(x)
    hidden = ctx.shape[1]
    lanes_of(c, fold.pe, node.name)
    if fold.simd < 1 or c % fold.simd:
        raise ValueError(f"{node.name}: SIMD {fold.simd} (MAC lanes) must divide {c} channels")
    rm, rf = fixed.reciprocal(h * w)
    rg = requant(frac(tx) + rf, gap.dtype)
    w1, w1f = param(ctx.op.weight, ctx)  # (hidden, C)
    re = requant(w1f + frac(tg), te)
    w2, w2f = param(thr.op.weight, thr)  # (C, hidden)
    ra = requant(w2f + frac(te), ta)
    if max(rg.rsh, re.rsh, ra.rsh) > 30:
        raise ValueError(f"{node.name}: a rounding shift beyond 30 bits")
    f = max(frac(tx), frac(ta))  # DynamicSign compares both at the finer fraction
    w1w, w2w = signed_bits(w1), signed_bits(w2)
    params = {"C": c, "PIX": h * w, "PE": fold.pe, "SIMD": fold.simd, "HID": hidden, "XW": tx.bits, "R": rm,
              "RB": RECIP_BITS, "G_A": rg.a, "G_RSH": rg.rsh, "GW": tg.bits,
              "W1W": w1w, "EAW": _acc_bits(w1, tg.bits, tg.bits + w1w), "E_A": re.a, "E_RSH": re.rsh, "EW": te.bits,
              "W2W": w2w, "AAW": _acc_bits(w2, te.bits, te.bits + w2w), "AL_A": ra.a, "AL_RSH": ra.rsh,
              "ALW": ta.bits, "XS": f - frac(tx), "AS": f - frac(ta)}
    cs = c // fold.simd
    w1_words = w1.reshape(-1)  # word j*CS + cc, lane i = W1[j, cc*SIMD + i]
    w2_words = w2.reshape(cs, fold.simd, hidden).transpose(0, 2, 1).reshape(-1)  # word cc*hidden + j
    return RtlUnit("bcd_context", params, {"W1": lane_words(w1_words, fold.simd, w1w),
                                           "W2": lane_words(w2_words, fold.simd, w2w)})
