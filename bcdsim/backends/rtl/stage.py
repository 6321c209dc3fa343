"""Output stages of an XNOR layer in the integer form the RTL computes (bcd_threshold, bcd_affine).

Affine (bcdsim.hw.interpret's Affine kernel): with scale mantissas s (fraction sf, type from
``fixed.param_type`` at the node's width), shift constant c (fraction cf) and output type
Fixed(W, I) (fraction of = W - I), hw mode computes acc = sum_g x_g s_g, aligns acc and c to
f = max(sf, cf), and rounds once to of bits (half up), saturating. The RTL gets that as
  y = sat_W(((acc << A) + C) >> RSH),  A = f - sf + L,  C = (c << (f - cf + L)) + half,
with L = max(0, of - f) (a left shift instead of a rounding one), RSH = max(0, f - of) and
half = 2^(RSH-1) when RSH > 0: the floor of the arithmetic shift then rounds half up.
``affine_values`` evaluates this integer form; generation checks it against hw mode.
"""
from __future__ import annotations

import numpy as np

from bcdsim.backends.rtl.spec import AffineStage, ThresholdStage
from bcdsim.hw import fixed
from bcdsim.hw.ops import Affine, IntThreshold, threshold_bits
from bcdsim.hw.passes import _threshold_op
from bcdsim.ir.dtypes import Fixed
from bcdsim.ir.graph import Node


def signed_bits(values: np.ndarray) -> int:
    """Two's-complement width holding every value."""
    v = np.asarray(values, dtype=object).ravel()
    lo, hi = (min(v), max(v)) if v.size else (0, 0)
    return max(int(hi).bit_length(), int(-lo - 1).bit_length() if lo < 0 else 0) + 1


def affine_stage(node: Node) -> AffineStage:
    """The Affine node of a typed hardware graph as RTL constants."""
    op: Affine = node.op
    out: Fixed = node.dtype
    if not isinstance(out, Fixed):
        raise ValueError(f"{node.name}: an Affine needs a typed (fixed-point) output")
    st = fixed.param_type(np.asarray(op.scale, np.float64), out.bits)
    s, _ = fixed.quantize(op.scale, st)
    ct = fixed.param_type(np.asarray(op.shift, np.float64), out.bits)
    c, _ = fixed.quantize(op.shift, ct)
    sf, cf, of = st.frac_bits, ct.frac_bits, out.frac_bits
    f = max(sf, cf)
    left = max(0, of - f)
    rsh = max(0, f - of)
    const = np.array([(int(v) << (f - cf + left)) + ((1 << (rsh - 1)) if rsh else 0) for v in c], dtype=object)
    return AffineStage(s.astype(np.int64), const.astype(np.int64), st.bits, f - sf + left, signed_bits(const),
                       rsh, out.bits, of)


def affine_values(stage: AffineStage, p: np.ndarray) -> np.ndarray:
    """(..., G*O) integer results -> (..., O) output mantissas, as bcd_affine computes them."""
    g, o = stage.scale.shape
    x = p.reshape(*p.shape[:-1], g, o).astype(object)
    acc = (x * stage.scale.astype(object)).sum(axis=-2)
    y = ((acc * (1 << stage.a)) + stage.const.astype(object)) // (1 << stage.rsh)  # floor = arithmetic shift
    lo, hi = -(1 << (stage.ow - 1)), (1 << (stage.ow - 1)) - 1
    return np.clip(y, lo, hi).astype(np.int64)


def threshold_stage(node: Node) -> ThresholdStage:
    op: IntThreshold = node.op
    return ThresholdStage(op.threshold.astype(np.int64), op.flip.astype(bool))


def sign_of_affine(node: Node, rw: int) -> ThresholdStage:
    """The threshold a sign after this (single-branch) Affine would fold into (as
    bcdsim.hw.passes.fold_threshold does): exercises the threshold unit on real BN constants."""
    op: Affine = node.op
    if op.scale.shape[0] != 1:
        raise ValueError(f"{node.name}: a threshold stage needs a single-branch affine")
    n = (1 << (rw - 1)) - 1
    t = _threshold_op(op.scale[0].astype(np.float64), op.shift.astype(np.float64), np.zeros(op.shift.shape), n)
    return ThresholdStage(t.threshold.astype(np.int64), t.flip.astype(bool))


def threshold_values(stage: ThresholdStage, p: np.ndarray) -> np.ndarray:
    """(..., O) integer results -> (..., O) bits (1 encodes +1)."""
    op = IntThreshold(stage.threshold, stage.flip)
    flat = p.reshape(-1, p.shape[-1])
    return threshold_bits(op, flat).reshape(p.shape).astype(np.int64)


def stage_values(stage: AffineStage | ThresholdStage | None, p: np.ndarray) -> np.ndarray | None:
    if stage is None:
        return None
    return affine_values(stage, p) if isinstance(stage, AffineStage) else threshold_values(stage, p)
