"""Fixed-point types of the generated C++, bit-exact with hw mode (``bcdsim.hw.fixed``).

Stream types come from the typed hardware graph (``ap_fixed<W, I, AP_RND, AP_SAT>``, ``ap_int<B>``,
packed bits). Constants are quantized exactly as hw mode does (``param_type`` with the node's
width, round half up) and written as exact decimals. Intermediate results (accumulators, sums)
get types wide enough to hold every reachable value exactly (``Bound``), so the only rounding is
the final assignment to the output type: the one rounding hw mode performs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hls4ml.model.types import FixedPrecisionType, IntegerPrecisionType, RoundingMode, SaturationMode

from bcdsim.hw import fixed
from bcdsim.ir.dtypes import Bipolar, DataType, Fixed, Int


@dataclass(frozen=True)
class Bound:
    """Values that are multiples of 2**-frac with |mantissa| <= mant."""

    mant: int
    frac: int

    @staticmethod
    def of(t: DataType) -> Bound:
        if isinstance(t, Fixed):
            return Bound(1 << (t.bits - 1), t.frac_bits)
        if isinstance(t, Int):
            return Bound(1 << (t.bits - 1), 0)
        if isinstance(t, Bipolar):
            return Bound(1, 0)
        raise TypeError(f"no fixed-point bound for {t}")

    @staticmethod
    def of_mantissas(m: np.ndarray, frac: int) -> Bound:
        return Bound(int(np.abs(m).max()) if m.size else 0, frac)

    def __add__(self, other: Bound) -> Bound:
        f = max(self.frac, other.frac)
        return Bound((self.mant << (f - self.frac)) + (other.mant << (f - other.frac)), f)

    def __mul__(self, other: Bound) -> Bound:
        return Bound(self.mant * other.mant, self.frac + other.frac)

    def times(self, n: int) -> Bound:
        return Bound(self.mant * n, self.frac)

    def union(self, other: Bound) -> Bound:
        """Holds either value (a select between two results)."""
        f = max(self.frac, other.frac)
        return Bound(max(self.mant << (f - self.frac), other.mant << (f - other.frac)), f)

    def cpp(self) -> str:
        """An ap_fixed that holds every value exactly (TRN/WRAP: it never rounds or wraps)."""
        bits = max(self.mant.bit_length() + 1, 2)
        return f"ap_fixed<{bits + self.frac},{bits}>"


def precision(t: DataType) -> FixedPrecisionType | IntegerPrecisionType:
    """hls4ml precision of a stream element (bits are packed by the stream, not here)."""
    if isinstance(t, Fixed):
        return FixedPrecisionType(t.bits, t.int_bits, True, RoundingMode.RND, SaturationMode.SAT)
    if isinstance(t, Int):
        return IntegerPrecisionType(t.bits, True)
    raise TypeError(f"no element precision for {t}")


def cpp_type(t: DataType) -> str:
    if isinstance(t, Fixed):
        return f"ap_fixed<{t.bits},{t.int_bits},AP_RND,AP_SAT>"
    if isinstance(t, Int):
        return f"ap_int<{t.bits}>"
    raise TypeError(f"no C++ element type for {t}")


def frac_of(t: DataType) -> int:
    return t.frac_bits if isinstance(t, Fixed) else 0


@dataclass(frozen=True)
class Const:
    """A constant tensor as hw mode quantizes it: mantissas, their type and its hls4ml precision."""

    mantissas: np.ndarray
    type: Fixed

    @property
    def frac(self) -> int:
        return self.type.frac_bits

    @property
    def bound(self) -> Bound:
        return Bound.of_mantissas(self.mantissas, self.frac)

    @property
    def values(self) -> np.ndarray:
        """Exact real values (float64 holds these mantissas exactly) for hls4ml's weight writer."""
        return self.mantissas.astype(np.float64) / 2.0 ** self.frac

    @property
    def precision(self) -> FixedPrecisionType:
        return FixedPrecisionType(self.type.bits, self.type.int_bits, True)


def const(values: np.ndarray, width: int) -> Const:
    """``bcdsim.hw.interpret._param``: the constant's own type at the node's width, rounded half up."""
    values = np.asarray(values, dtype=np.float64)
    t = fixed.param_type(values, width)
    return Const(fixed.quantize(values, t)[0], t)


def exact_const(mantissas: np.ndarray, frac: int) -> Const:
    """Given mantissas (thresholds: frac 0 on popcounts, x's fraction on fixed point) in the
    narrowest type that holds them exactly, with at least 2 integer bits."""
    m = np.asarray(mantissas, dtype=np.int64)
    width = max(int(np.abs(m).max()).bit_length() + 1 if m.size else 2, frac + 2)
    return Const(m, Fixed(width, width - frac))


def sum_type(t: DataType, count: int) -> str:
    """An exact sum of ``count`` values of type t, as wide as the design's memory holding it
    (``bcdsim.design.memories.sum_bits``)."""
    from bcdsim.design.memories import sum_bits

    bits = sum_bits(t.bits, count)
    return f"ap_fixed<{bits},{bits - frac_of(t)}>"
