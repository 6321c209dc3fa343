"""Fixed-point arithmetic of the generated hardware, defined bit for bit (DESIGN.md §5).

A value of type ``Fixed(w, i)`` is an integer mantissa m with value m / 2**(w - i), stored in w
bits (two's complement). Rules, identical in hw mode, HLS (ap_fixed<w, i, AP_RND, AP_SAT>) and RTL:

- every op computes its result exactly in wide integers, then rounds once to its output type;
- rounding is round-half-up: floor(x + 1/2) in units of the output's last bit (AP_RND);
- results outside the output range saturate to its ends (AP_SAT) and are counted.

Constants (weights, BN-folded scales, biases) get a type per tensor from ``param_type``.
"""
from __future__ import annotations

import math

import numpy as np

from bcdsim.ir.dtypes import Fixed


def int_bits_for(max_abs: float, margin_bits: int = 0) -> int:
    """Integer bits (sign included) that hold values up to ``max_abs`` (exclusive), plus margin."""
    if max_abs <= 0:
        return 1 + margin_bits
    return max(1, math.floor(math.log2(max_abs)) + 2) + margin_bits


def param_type(values: np.ndarray, width: int) -> Fixed:
    """The type of a constant tensor: enough integer bits for its largest magnitude, the rest fraction."""
    ib = int_bits_for(float(np.abs(values).max()) if values.size else 0.0)
    return Fixed(max(width, ib + 1), ib)


def limits(t: Fixed) -> tuple[int, int]:
    return -(1 << (t.bits - 1)), (1 << (t.bits - 1)) - 1


def quantize(values: np.ndarray, t: Fixed) -> tuple[np.ndarray, int]:
    """Real values -> saturated mantissas of type t (round half up); returns (mantissas, #saturated)."""
    scaled = np.floor(np.asarray(values, dtype=np.float64) * 2.0 ** t.frac_bits + 0.5)
    lo, hi = limits(t)
    saturated = int(np.count_nonzero((scaled < lo) | (scaled > hi)))
    return np.clip(scaled, lo, hi).astype(np.int64), saturated


def rescale(m: np.ndarray, frac: int, t: Fixed) -> tuple[np.ndarray, int]:
    """Exact mantissas with ``frac`` fraction bits -> type t: round half up, saturate."""
    shift = frac - t.frac_bits
    if shift > 0:
        m = (m + (np.int64(1) << (shift - 1))) >> shift  # arithmetic shift = floor
    elif shift < 0:
        m = m << (-shift)
    lo, hi = limits(t)
    saturated = int(np.count_nonzero((m < lo) | (m > hi)))
    return np.clip(m, lo, hi), saturated


def align(m: np.ndarray, frac: int, to_frac: int) -> np.ndarray:
    """Exact re-expression with more fraction bits (to_frac >= frac)."""
    return m << (to_frac - frac)


def to_real(m: np.ndarray, frac: int) -> np.ndarray:
    return m.astype(np.float64) / 2.0 ** frac


def reciprocal(n: int, bits: int = 18) -> tuple[int, int]:
    """1/n as an unsigned mantissa below 2**bits and its fraction bits (for GAP's mean):
    mean = round(sum * r / 2**frac). ``bits`` = 18 fits one DSP48 multiplier input."""
    frac = bits - 1 + math.floor(math.log2(n))
    return int(math.floor(2.0 ** frac / n + 0.5)), frac
