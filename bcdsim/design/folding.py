"""Which foldings each unit takes, and the one default folding (docs/hardware_units.md §3).

The kernels and RTL modules accept exactly these options; the folding file, the optimizer and
the default all draw from them, so a folding the design accepts is one every backend can build.
No stream or memory word is wider than 4096 bits (Vitis HLS's limit, DESIGN.md §9).
"""
from __future__ import annotations

from bcdsim.design import units as k
from bcdsim.design.plan import Planned
from bcdsim.design.units import MAX_WORD_BITS, Fold, Geometry

# The default folding (no folding file, no optimizer): modest parallelism every board can hold.
DEFAULT_SIMD, DEFAULT_PE, DEFAULT_DSP_SIMD, DEFAULT_LANES, DEFAULT_MACS = 64, 16, 8, 8, 4


def divisors(n: int) -> tuple[int, ...]:
    return tuple(d for d in range(1, n + 1) if n % d == 0)


def simd_options(kind: str, geo: Geometry, value_bits: int = 16) -> tuple[int, ...]:
    """SIMD values a unit takes (all divide MW; 1 for units without SIMD)."""
    if kind == k.CONTEXT_REPLAY:  # MAC lanes of the small FCs: they divide both C and the hidden width
        from math import gcd

        return divisors(gcd(geo.channels, geo.hidden))
    if kind not in k.MATRIX_KINDS:
        return (1,)
    c = geo.channels // geo.groups
    if geo.branches == 3:  # source-major gather words, each within one shift chunk (C/4 channels)
        opts = set(divisors(geo.channels // 4))
    elif geo.windowed:  # a window word covers SIMD channels of one position, or d whole positions
        opts = set(divisors(c)) | {c * d for d in divisors(geo.kernel * geo.kernel)}
    else:
        opts = set(divisors(c))
    element = 1 if kind == k.XNOR_MVAU else value_bits
    per_element = 2 if kind == k.XNOR_MVAU and geo.windowed else element  # window bits + valid bits
    return tuple(sorted(s for s in opts if geo.mw % s == 0 and s * per_element <= MAX_WORD_BITS))


def pe_options(kind: str, geo: Geometry, out_bits: int = 16) -> tuple[int, ...]:
    """PE values a unit takes: divisors of its outputs (of one group), no output word over 4096 bits."""
    if kind in k.MATRIX_KINDS:
        n = geo.mh // geo.groups
    elif kind == k.CONCAT:
        from math import gcd

        n = gcd(geo.first, geo.channels - geo.first)
    elif kind == k.INPUT:
        return (geo.channels,)
    else:
        n = geo.channels
    return tuple(p for p in divisors(n) if p * out_bits <= MAX_WORD_BITS)


def default_fold(p: Planned, value_bits: int = 16, out_bits: int = 16) -> Fold:
    """The largest option up to the default lanes of its kind."""
    simd = simd_options(p.kind, p.geometry, value_bits)
    pe = pe_options(p.kind, p.geometry, out_bits)
    limit_simd = {k.XNOR_MVAU: DEFAULT_SIMD, k.DSP_MVAU: DEFAULT_DSP_SIMD, k.CONTEXT_REPLAY: DEFAULT_MACS}
    limit_pe = DEFAULT_PE if p.kind == k.XNOR_MVAU else DEFAULT_LANES
    if p.kind == k.INPUT:
        return Fold(1, p.geometry.channels)
    return Fold(max(s for s in simd if s <= limit_simd.get(p.kind, 1) or s == simd[0]),
                max(x for x in pe if x <= limit_pe or x == pe[0]))
