"""On-chip memory mapping: how many BRAM36 / URAM / LUTs a (width x depth) memory takes.

Primitive geometries (AMD UG573, UltraScale Architecture Memory Resources; the 7-series UG473
has the same block RAM aspect ratios):

- block RAM 36 Kb in simple dual-port mode: 32Kx1, 16Kx2, 8Kx4, 4Kx9, 2Kx18, 1Kx36, 512x72;
  it can be split into two 18 Kb halves (16Kx1 ... 512x36), counted here as 0.5 BRAM36;
- UltraRAM 288 Kb: 4Kx72 only (no other aspect ratio);
- LUTRAM: a SLICEM LUT6 is a 64x1 RAM/ROM (UG574), so width x ceil(depth/64) LUTs;
- SRL: a LUT6 is a 32-deep shift register (SRL32), used for shallow FIFOs.

The counts take the best aspect ratio (FINN's ``bram_estimation`` in the FINN-R paper's
resource model does the same with RAMB18 modes). Everything here is analytical.
"""
from __future__ import annotations

import functools
import math

from bcdsim.design.units import Memory

_BRAM36_MODES = ((32768, 1), (16384, 2), (8192, 4), (4096, 9), (2048, 18), (1024, 36), (512, 72))
_BRAM18_MODES = ((16384, 1), (8192, 2), (4096, 4), (2048, 9), (1024, 18), (512, 36))



@functools.lru_cache(maxsize=65536)
def bram36_count(width: int, depth: int) -> float:
    """Block RAMs (in 36 Kb units, halves allowed) for a width x depth memory."""
    if width <= 0 or depth <= 0:
        return 0.0
    best = min(math.ceil(width / w) * math.ceil(depth / d) for d, w in _BRAM36_MODES)
    half = min(math.ceil(width / w) * math.ceil(depth / d) for d, w in _BRAM18_MODES)
    return min(float(best), half / 2)


def uram_count(width: int, depth: int) -> int:
    if width <= 0 or depth <= 0:
        return 0
    return math.ceil(width / 72) * math.ceil(depth / 4096)


def lutram_luts(width: int, depth: int) -> int:
    if width <= 0 or depth <= 0:
        return 0
    return width * math.ceil(depth / 64)


def srl_luts(width: int, depth: int) -> int:
    if width <= 0 or depth <= 0:
        return 0
    return width * math.ceil(depth / 32)


def memory_cost(mem: Memory, style: str) -> tuple[int, float, int]:
    """(LUTs, BRAM36, URAM) of a design memory in ``style`` (DDR: nothing on chip; its tile buffers
    are memories of their own)."""
    if style == "lutram":
        luts = srl_luts(mem.width, mem.depth) if mem.role == "fifo" and mem.depth <= 64 \
            else lutram_luts(mem.width, mem.depth)
        return luts * mem.copies, 0.0, 0
    # Memories read in order can be packed into 72-bit words and unpacked by a small gearbox
    # (FINN's memstream does the same): what makes URAM usable for narrow weight streams.
    packed = mem.sequential and mem.width < 72
    if style == "bram":
        n = bram36_count(mem.width, mem.depth)
        if packed:
            n = min(n, bram36_count(72, math.ceil(mem.width * mem.depth / 72)))
        return 0, n * mem.copies, 0
    if style == "uram":
        width, depth = (72, math.ceil(mem.width * mem.depth / 72)) if packed else (mem.width, mem.depth)
        return 0, 0.0, uram_count(width, depth) * mem.copies
    return 0, 0.0, 0


def preferred_style(mem: Memory, has_uram: bool) -> str:
    """Shallow or tiny memories in LUTs, others in whichever of BRAM and URAM packs them better."""
    if mem.depth <= 64 or mem.bits <= 2048:
        return "lutram"
    if not has_uram:
        return "bram"
    b, u = memory_cost(mem, "bram")[1], memory_cost(mem, "uram")[2]
    return "uram" if u and mem.bits / (u * 294912) > mem.bits / (b * 36864) else "bram"
