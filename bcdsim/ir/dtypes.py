"""Datatypes of IR tensors (DESIGN.md §8.6): objects with a bit width and an HLS type name."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataType:
    bits: int

    @property
    def hls_name(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class Float(DataType):
    bits: int = 32

    @property
    def hls_name(self) -> str:
        return "float"

    def __str__(self) -> str:
        return f"float{self.bits}"


@dataclass(frozen=True)
class Bipolar(DataType):
    """+-1 values stored as one bit (1 for +1)."""

    bits: int = 1

    @property
    def hls_name(self) -> str:
        return "ap_uint<1>"

    def __str__(self) -> str:
        return "bipolar"


@dataclass(frozen=True)
class Int(DataType):
    signed: bool = True

    @property
    def hls_name(self) -> str:
        return f"ap_{'' if self.signed else 'u'}int<{self.bits}>"

    def __str__(self) -> str:
        return f"{'' if self.signed else 'u'}int{self.bits}"


@dataclass(frozen=True)
class Fixed(DataType):
    """Signed fixed point, ap_fixed<bits, int_bits> (int_bits includes the sign bit)."""

    int_bits: int = 0

    @property
    def frac_bits(self) -> int:
        return self.bits - self.int_bits

    @property
    def hls_name(self) -> str:
        return f"ap_fixed<{self.bits},{self.int_bits}>"

    def __str__(self) -> str:
        return f"fixed<{self.bits},{self.int_bits}>"


FLOAT32 = Float()
BIPOLAR = Bipolar()


def INT(bits: int, signed: bool = True) -> Int:  # noqa: N802 - reads like the type it names
    return Int(bits, signed)


def FIXED(bits: int, int_bits: int) -> Fixed:  # noqa: N802
    return Fixed(bits, int_bits)
