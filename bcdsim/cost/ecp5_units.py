"""ECP5 area of every unit of the whole network, and of the whole design (yosys-fitted).

Each unit kind has a few terms of its RTL instance's parameters (the folding and the widths:
``TERMS``, one function per kind through the registrar); LUT4 / FF / EBR / DSP of a unit are a
non-negative least-squares fit of those terms to yosys ``synth_ecp5 -noflatten`` cell counts of
every instance of several generated networks (benchmarks/ecp5_area.py --networks ->
rtllib/calibration/ecp5_area.json 'units', with each fit's error). LUT4 counts as nextpnr's
TRELLIS_COMB does: a LUT4 one, a CCU2C carry cell two, a DPR16X4 LUT RAM two (bcdsim.backends.ecp5.
flow.synth_fit). nextpnr packs a few more LUT4 than yosys maps (route-through and packing LUTs):
the whole-design LUT4 is scaled by the ratio measured on the out-of-context units ('pnr_over_yosys').
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from bcdsim.registry import registrar

RESOURCES = ("lut4", "ff", "ebr", "dsp")
Terms = Callable[[dict[str, int]], dict[str, float]]
TERMS: dict[str, Terms] = {}
terms_of = registrar(TERMS)  # by unit kind (bcdsim.design.units), plus 'fifo' for the streams


def _log2(n: int) -> int:
    return max(1, math.ceil(math.log2(max(2, n))))


# DP16KD shapes (depth, width): 16K x 1 to 1K x 18 true dual port and 512 x 36 pseudo dual port
# (PDPW16KD), Lattice TN1264 "ECP5 and ECP5-5G Memory Usage Guide", sysMEM EBR; a memory takes the
# fewest blocks over these shapes.
EBR_SHAPES = ((512, 36), (1024, 18), (2048, 9), (4096, 4), (8192, 2), (16384, 1))
# bcd_fifo's memory is in DP16KD when it would take more than 21 DPR16X4 cells and is deeper than
# 32 words, else in LUT RAM: bcd_fifo's own rule (BCD_FIFO_LUTRAM_CELLS / _DEPTH), the choice yosys
# 0.70 had made by itself on every FIFO of the calibration networks (EBR: 86x16, 448x2, 168x16; LUT
# RAM: 73x16, 240x2, 9x192, 2x128). Weight ROMs are LUTs up to 64 words and EBR from 96
# (XNOR: 48 LUT, 96 EBR; DSP MVAU: 64 LUT, 256 and 640 EBR); 80 splits them.
FIFO_LUTRAM_CELLS, FIFO_LUTRAM_DEPTH, ROM_EBR_DEPTH = 21, 32, 80


def fifo_in_ebr(depth: int, width: int) -> bool:
    return depth > FIFO_LUTRAM_DEPTH and math.ceil(depth / 16) * math.ceil(width / 4) > FIFO_LUTRAM_CELLS


def ebr_blocks(depth: int, width: int) -> int:
    return min(math.ceil(depth / d) * math.ceil(width / w) for d, w in EBR_SHAPES)


@terms_of("fifo")
def _fifo(p: dict[str, int]) -> dict[str, float]:
    """bcd_fifo: DPR16X4 cells (16 words x 4 bits) and a DEPTH/16-way read mux per bit, or DP16KD
    blocks when deep; pointers and count of log2(DEPTH) bits."""
    depth, w = p["DEPTH"], p["W"]
    ebr = fifo_in_ebr(depth, w)
    ways = math.ceil(depth / 16)
    return {"1": 1, "log2_depth": _log2(depth), "lutram_cells": 0 if ebr else ways * math.ceil(w / 4),
            "lutram_mux": 0 if ebr else w * (ways - 1), "ebr_blocks": ebr_blocks(depth, w) if ebr else 0,
            "ebr_width": w if ebr else 0}


def _rom(depth: int, width: int) -> dict[str, float]:
    """A weight memory of ``depth`` words: LUT ROM (16 bits per LUT4) up to ROM_EBR_DEPTH words,
    DP16KD above."""
    ebr = depth > ROM_EBR_DEPTH
    return {"lut_rom_bits/16": 0 if ebr else depth * width / 16, "rom_ebr": ebr_blocks(depth, width) if ebr else 0}


@terms_of("xnor_mvau")
def _xnor(p: dict[str, int]) -> dict[str, float]:
    """bcd_xnor_layer: the terms of the out-of-context fit (bcdsim.cost.ecp5): XNOR/popcount lanes,
    the weight ROM (MW/SIMD * MH/PE words of SIMD*PE bits), per-lane accumulator and affine stage,
    the shift-MLP's branches."""
    simd, pe = p["SIMD"], p["PE"]
    return {"1": 1, "simd*pe": simd * pe, "pe": pe, "segs*pe": p["SEGS"] * pe,
            **_rom(-(-p["MW"] // simd) * -(-p["MH"] // pe), simd * pe)}


@terms_of("dsp_mvau")
def _dsp(p: dict[str, int]) -> dict[str, float]:
    """bcd_dsp_mvau: SIMD*PE multipliers (MULT18X18D up to 18x18 bits), a PE accumulator of AW
    bits, the weight ROM (MW/SIMD * MH/PE words of SIMD*PE*WW bits)."""
    simd, pe = p["SIMD"], p["PE"]
    return {"1": 1, "simd*pe": simd * pe, "pe*aw": pe * p["AW"], "simd*xw": simd * p["XW"],
            **_rom(-(-p["MW"] // simd) * -(-p["MH"] // pe), simd * pe * p["WW"])}


@terms_of("window")
def _window(p: dict[str, int]) -> dict[str, float]:
    """bcd_window: K line buffers of W*C elements (LUT RAM or EBR) and a SIMD-element output."""
    bits = p["K"] * p["W"] * p["C"] * p["EW"]
    return {"1": 1, "simd*ew": p["SIMD"] * p["EW"], "buffer_bits/16": bits / 16, "il*ew": p["IL"] * p["EW"]}


@terms_of("convert")
def _convert(p: dict[str, int]) -> dict[str, float]:
    """bcd_convert: a width converter; its register holds the wider side; narrowing selects one of
    IN_L/OUT_L parts per output bit."""
    in_l, out_l, ew = p["IN_L"], p["OUT_L"], p["EW"]
    return {"1": 1, "wide_bits": max(in_l, out_l) * ew, "narrow_bits": min(in_l, out_l) * ew,
            "select_bits": out_l * ew * (in_l // out_l - 1) if in_l > out_l else 0}


@terms_of("fork")
def _fork(p: dict[str, int]) -> dict[str, float]:
    """bcd_fork: per output a taken flag."""
    return {"1": 1, "n": p["N"], "n*w": p["N"] * p["W"]}


@terms_of("add", "offset_add")
def _add(p: dict[str, int]) -> dict[str, float]:
    """bcd_add: PE aligned adds with rounding; the offset form (OFFSET 1) adds a per-channel value."""
    return {"1": 1, "pe*ow": p["PE"] * p["OW"], "pe*in": p["PE"] * (p["AWID"] + p["BWID"]),
            "offset*nf": p["OFFSET"] * p["NF"]}


@terms_of("eltwise")
def _eltwise(p: dict[str, int]) -> dict[str, float]:
    """bcd_eltwise: per lane a multiply (MULT18X18D) and round; the per-channel constants file."""
    return {"1": 1, "pe": p["PE"], "pe*xw": p["PE"] * p["XW"], "nf*consts/16": p["NF"] * (p["BW"] + p["SW"]) / 16}


@terms_of("threshold")
def _threshold(p: dict[str, int]) -> dict[str, float]:
    """bcd_threshold: per lane one comparison against a per-channel threshold."""
    return {"1": 1, "pe*rw": p["PE"] * p["RW"], "nf*rw/16": p["NF"] * p["RW"] / 16}


@terms_of("context_replay", "context_scan")
def _context(p: dict[str, int]) -> dict[str, float]:
    """bcd_context: the frame buffer (C*PIX elements), the hidden MLP (C*HID weights) on PE lanes."""
    pe = p["PE"]
    return {"1": 1, "pe": pe, "simd": p["SIMD"], "c*hid": p["C"] * p["HID"],
            "frame_ebr": ebr_blocks(p["C"] * p["PIX"] // pe, pe * p["XW"])}


@terms_of("gather_in", "gather_out")
def _gather(p: dict[str, int]) -> dict[str, float]:
    """bcd_gather: a bank of the frame's bits and a SIMD-wide read side."""
    return {"1": 1, "simd": p["SIMD"], "bank_bits/16": p["C"] * p["H"] * p["W"] / 16}


@terms_of("concat")
def _concat(p: dict[str, int]) -> dict[str, float]:
    return {"1": 1, "l*ow": p["L"] * p["OW"]}


@terms_of("pool")
def _pool(p: dict[str, int]) -> dict[str, float]:
    """bcd_pool: a line of NF*W partial results, PE lanes."""
    return {"1": 1, "pe*xw": p["PE"] * p["XW"], "line_bits/16": p["NF"] * p["W"] * p["XW"] / 16,
            "line_ebr": ebr_blocks(p["NF"] * p["W"] // p["PE"], p["PE"] * p["XW"])}


@terms_of("gap")
def _gap(p: dict[str, int]) -> dict[str, float]:
    """bcd_gap: NF accumulators, PE lanes."""
    return {"1": 1, "pe*xw": p["PE"] * p["XW"], "nf": p["NF"]}


def unit_terms(kind: str, params: dict[str, int]) -> dict[str, float]:
    return TERMS[kind](params)


def unit_area(kind: str, params: dict[str, int], fit: dict) -> dict[str, float]:
    """Predicted yosys cells (LUT4 as TRELLIS_COMB) of one instance from the kind's fit."""
    terms = unit_terms(kind, params)
    coef = fit[kind]
    return {r: max(0.0, sum(coef[r]["coef"].get(t, 0.0) * v for t, v in terms.items())) for r in RESOURCES}


def network_area(instances: Iterable, fit: dict) -> dict[str, float]:
    """Sum over the network's instances (objects with ``kind`` and ``params``)."""
    total = dict.fromkeys(RESOURCES, 0.0)
    for inst in instances:
        for r, v in unit_area(inst.kind, inst.params, fit).items():
            total[r] += v
    return total
