"""Integer forms of hw mode's fixed-point rounding for the RTL units (bcdsim.hw.fixed, DESIGN.md §5).

hw mode computes every op exactly (an accumulator m with f_m fraction bits, plus, for most ops, a
per-channel constant c quantized with its own type, fraction f_c), aligns both to
f = max(f_m, f_c) and rounds once to the output type Fixed(W, I) (fraction o = W - I): round
half up, saturate. The RTL (bcd_requant) computes the same value as

    y = sat_W(((m << A) + C) >> RSH)       (>> is the arithmetic shift: floor)

with L = max(0, o - f), A = f - f_m + L, C = (c << (f - f_c + L)) + half, RSH = max(0, f - o)
and half = 2^(RSH-1) when RSH > 0. Constants are quantized by hw mode's own function
(``bcdsim.hw.interpret._param``), so RTL, HLS and hw mode share one rounding of every constant.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bcdsim.hw.interpret import _param, frac
from bcdsim.ir.dtypes import DataType, Fixed
from bcdsim.ir.graph import Node


@dataclass(frozen=True)
class Requant:
    a: int  # left shift of the accumulator
    const: np.ndarray  # int64 (channels,) or (1,): aligned constant + rounding half
    rsh: int  # arithmetic right shift

    @property
    def const_bits(self) -> int:
        return signed_bits(self.const)


def signed_bits(values) -> int:
    """Two's-complement width holding every value (at least 2)."""
    v = [int(x) for x in np.asarray(values, dtype=object).ravel()] or [0]
    lo, hi = min(v), max(v)
    return max(2, hi.bit_length() + 1, (-lo - 1).bit_length() + 1 if lo < 0 else 0)


def requant(acc_frac: int, out: DataType, const: np.ndarray | None = None, const_frac: int = 0) -> Requant:
    """The (A, C, RSH) of rescaling an exact accumulator (plus a constant) to ``out``."""
    o = frac(out)
    cf = const_frac if const is not None else acc_frac
    f = max(acc_frac, cf)
    left = max(0, o - f)
    rsh = max(0, f - o)
    half = (1 << (rsh - 1)) if rsh else 0
    c = np.zeros(1, dtype=object) if const is None else np.asarray(const, dtype=np.int64).astype(object)
    aligned = np.array([(int(v) << (f - cf + left)) + half for v in np.atleast_1d(c)], dtype=object)
    if any(abs(int(v)) >= 1 << 62 for v in aligned):
        raise ValueError("a requantization constant does not fit 63 bits")
    return Requant(f - acc_frac + left, aligned.astype(np.int64), rsh)


def apply(r: Requant, acc: np.ndarray, out: Fixed) -> np.ndarray:
    """The RTL's integer form evaluated in Python (for generation-time checks, not for tests)."""
    y = (np.asarray(acc, dtype=object) * (1 << r.a) + r.const.astype(object)) // (1 << r.rsh)
    lo, hi = -(1 << (out.bits - 1)), (1 << (out.bits - 1)) - 1
    return np.clip(y, lo, hi).astype(np.int64)


def param(values: np.ndarray, node: Node) -> tuple[np.ndarray, int]:
    """A constant as hw mode quantizes it for ``node``: (mantissas, fraction bits)."""
    return _param(np.asarray(values, dtype=np.float64), node)


def width_of(t: DataType) -> int:
    return t.bits
