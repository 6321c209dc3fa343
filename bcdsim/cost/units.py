"""What one unit of the design costs: cycles per frame and logic (LUT, FF, DSP) by unit kind.

Cycles are the contract's (``bcdsim.design.cycles``, docs/hardware_units.md): the C-simulation
counters and the RTL benches are checked against them. Memories are not here: every unit lists its
memories in the design and ``bcdsim.design.placement`` prices them where they are placed.

Logic sources, per figure (``SOURCES``): the XNOR MVAU's LUTs are a least-squares fit to yosys
synth_xilinx of our RTL (bcdsim/rtllib/calibration/xnor_area.json, max error 5.2%); every other
LUT, FF and DSP figure is analytical (counted from the unit's datapath, to be calibrated like the
XNOR unit). FINN's published MVAU LUT model (~6.6 LUT per binary lane) is kept for comparison in
``benchmarks/cost_vs_finn.py``.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from bcdsim.design import cycles
from bcdsim.design import units as k
from bcdsim.design.units import Unit
from bcdsim.registry import registrar

# XNOR MVAU LUTs, least-squares fit to yosys 0.23 synth_xilinx of bcdsim/rtllib/bcd_xnor_mvau.v at 8
# SIMD x PE points from 16x4 to 128x32 (bcdsim/rtllib/calibration/xnor_area.json): max error 5.2%.
XNOR_LUT_PER_LANE, XNOR_LUT_PER_PE_LOG2_SIMD, XNOR_LUT_BASE = 1.3219, 1.771, 7.5
UNIT_BASE_LUT = 24  # handshake + counters of a small streaming unit
MATRIX_BASE_LUT = 48  # fold counters and control of a matrix unit
# DDR access: one AXI4 master shared by every DDR stream (an HLS m_axi bundle: its adapter and
# interconnect), and per stream a burst address generator with a small data FIFO (estimates).
AXI_MASTER_LUT, AXI_MASTER_FF = 2000, 3000
DDR_STREAM_LUT, DDR_STREAM_FF = 150, 250

# Source level of each figure of a unit kind; "analytical" until something independent checks it.
LUT_SOURCE = {k.XNOR_MVAU: "yosys-fitted"}
# Unit kinds whose schedules the whole-network RTL simulation measured equal: bcd_network of both
# shipped models, frames back to back, cycles per frame and latency exactly the schedule replay's
# (rtl_tests/test_network.py). The tile schedule's frame banks have no RTL yet.
NETWORK_VERIFIED = frozenset({k.INPUT, k.XNOR_MVAU, k.DSP_MVAU, k.WINDOW, k.GATHER_IN, k.GATHER_OUT, k.ELTWISE,
                              k.THRESHOLD, k.ADD, k.OFFSET_ADD, k.CONCAT, k.POOL, k.GAP, k.CONTEXT_SCAN,
                              k.CONTEXT_REPLAY, k.FORK, k.CONVERT})
CYCLE_SOURCE = {kind: "rtl-sim" for kind in NETWORK_VERIFIED if kind != k.INPUT}  # XNOR also per layer


@dataclass(frozen=True)
class Logic:
    cycles: int
    lut: int
    ff: int
    dsp: int = 0


LOGIC: dict[str, Callable[[Unit], Logic]] = {}
costs = registrar(LOGIC)  # by unit kind


def _bits(u: Unit) -> int:
    """Element width of the unit's (first) output stream."""
    return u.outputs[0].element_bits if u.outputs else 16


def _in_bits(u: Unit) -> int:
    return u.inputs[0].element_bits if u.inputs else 16


def acc_bits(mw: int) -> int:
    """Signed width of an XNOR dot product 2*popcount - n over ``mw`` bits (range [-mw, mw])."""
    return math.ceil(math.log2(mw + 1)) + 1


def xnor_luts(simd: int, pe: int) -> float:
    return XNOR_LUT_PER_LANE * simd * pe + XNOR_LUT_PER_PE_LOG2_SIMD * pe * math.log2(simd) + XNOR_LUT_BASE


def unit_cycles(u: Unit) -> int:
    """Cycles per frame of ``u`` (docs/hardware_units.md §4)."""
    g, f = u.geometry, u.fold
    if u.kind in k.MATRIX_KINDS:
        return cycles.matrix_cycles(g.out_pixels, g.mw, g.mh, f.simd, f.pe)
    if u.kind == k.WINDOW:
        return u.repeats * cycles.window_cycles(g.channels, g.height, g.width, g.kernel, g.stride,
                                                g.pad, u.inputs[0].lanes, f.simd)
    if u.kind == k.CONCAT:
        return cycles.concat_cycles(g.pixels, g.first, g.channels - g.first, f.pe)
    if u.kind == k.CONVERT:
        return cycles.convert_cycles(g.pixels, g.channels, u.inputs[0].lanes, u.outputs[0].lanes)
    if u.kind == k.CONTEXT_SCAN:
        return cycles.context_scan_cycles(g.pixels, g.channels, f.pe, g.hidden, f.simd)
    if u.kind in (k.GATHER_IN, k.FRAME_IN):
        s = u.inputs[0]
        return cycles.stream_cycles(s.height * s.width, s.channels, s.lanes)
    if u.kind in (k.GATHER_OUT, k.FRAME_REPLAY, k.FRAME_OUT):
        return u.outputs[0].words
    s = u.inputs[0] if u.inputs else u.outputs[0]  # per-channel units, forks, the input
    return cycles.stream_cycles(s.height * s.width, s.channels, s.lanes)


def logic(u: Unit) -> Logic:
    return LOGIC[u.kind](u)


@costs(k.XNOR_MVAU)
def _xnor(u: Unit) -> Logic:
    simd, pe, mw = u.fold.simd, u.fold.pe, u.geometry.mw
    acc = acc_bits(mw)
    lut = xnor_luts(simd, pe)
    dsp = 0
    if u.stage == "affine":  # one multiply-add per branch and lane, rounded once
        lut += pe * (_bits(u) + 4)
        dsp = pe * u.geometry.branches
    elif u.stage == "threshold":
        lut += pe * (acc + 1)
    ff = MATRIX_BASE_LUT + simd + pe * (simd // 2 + 2 * acc)
    return Logic(unit_cycles(u), int(lut), int(ff), dsp)


@costs(k.DSP_MVAU)
def _dsp(u: Unit) -> Logic:
    """Fixed-point dot products on DSP48s: one multiplier per SIMD x PE lane (products <= 27x18
    bits, AMD UG579), an exact accumulator per PE."""
    simd, pe = u.fold.simd, u.fold.pe
    acc = _in_bits(u) + _bits(u) + math.ceil(math.log2(max(2, u.geometry.mw)))
    return Logic(unit_cycles(u), MATRIX_BASE_LUT + pe * acc, MATRIX_BASE_LUT + simd * _in_bits(u) + 2 * pe * acc,
                 simd * pe)


@costs(k.WINDOW)
def _window(u: Unit) -> Logic:
    e = _in_bits(u)
    mask = u.geometry.kernel ** 2 if u.geometry.pad else 0
    return Logic(unit_cycles(u), 2 * UNIT_BASE_LUT + u.fold.simd * e // 4 + mask,
                 2 * UNIT_BASE_LUT + 2 * u.fold.simd * e)


@costs(k.GATHER_IN, k.GATHER_OUT, k.FRAME_IN, k.FRAME_REPLAY, k.FRAME_OUT)
def _bank_side(u: Unit) -> Logic:
    width = max(s.word_bits for s in u.inputs + u.outputs)
    return Logic(unit_cycles(u), UNIT_BASE_LUT + width // 2, UNIT_BASE_LUT + width)


# Elementwise datapaths by the form's mode (ops.ChannelForm): LUTs per lane as a function of the
# value width, DSPs per lane.
_PER_LANE: dict[str, tuple[Callable[[int], int], int]] = {
    "scale": (lambda b: b + 4, 1), "bias": (lambda b: b, 0), "prelu": (lambda b: 2 * b + 4, 1),
}


@costs(k.ELTWISE)
def _eltwise(u: Unit) -> Logic:
    per_lane, dsp = _PER_LANE[u.stage]
    b = _bits(u)
    return Logic(unit_cycles(u), UNIT_BASE_LUT + u.fold.pe * per_lane(b), UNIT_BASE_LUT + 2 * u.fold.pe * b,
                 u.fold.pe * dsp)


@costs(k.THRESHOLD)
def _threshold(u: Unit) -> Logic:
    return Logic(unit_cycles(u), UNIT_BASE_LUT + u.fold.pe * (_in_bits(u) + 1), UNIT_BASE_LUT + u.fold.pe)


@costs(k.ADD, k.OFFSET_ADD)
def _add(u: Unit) -> Logic:
    b = _bits(u)
    return Logic(unit_cycles(u), UNIT_BASE_LUT + u.fold.pe * (b + 2), UNIT_BASE_LUT + u.fold.pe * b)


@costs(k.CONCAT)
def _concat(u: Unit) -> Logic:
    b = _bits(u)
    return Logic(unit_cycles(u), UNIT_BASE_LUT + u.fold.pe * b // 2, UNIT_BASE_LUT + u.fold.pe * b)


@costs(k.POOL, k.GAP)
def _pool(u: Unit) -> Logic:
    b = _in_bits(u) + math.ceil(math.log2(max(2, u.geometry.kernel ** 2 if u.kind == k.POOL else u.geometry.pixels)))
    return Logic(unit_cycles(u), UNIT_BASE_LUT + u.fold.pe * 2 * b, UNIT_BASE_LUT + 2 * u.fold.pe * b,
                 u.fold.pe)  # one multiply by the reciprocal per lane


@costs(k.CONTEXT_SCAN)
def _context_scan(u: Unit) -> Logic:
    pe, q, b = u.fold.pe, u.fold.simd, _in_bits(u)
    gap_w = b + math.ceil(math.log2(max(2, u.geometry.pixels)))
    acc = 2 * b + math.ceil(math.log2(max(2, u.geometry.channels)))
    return Logic(unit_cycles(u), 5 * UNIT_BASE_LUT + pe * gap_w + q * acc, 5 * UNIT_BASE_LUT + pe * gap_w + 2 * q * acc,
                 q + pe)


@costs(k.CONTEXT_REPLAY)
def _context_replay(u: Unit) -> Logic:
    return Logic(unit_cycles(u), UNIT_BASE_LUT + u.fold.pe * (_in_bits(u) + 1), UNIT_BASE_LUT + u.fold.pe)


@costs(k.FORK, k.INPUT)
def _wiring(u: Unit) -> Logic:
    return Logic(unit_cycles(u), 4 * max(1, len(u.outputs)), 2)


@costs(k.CONVERT)
def _convert(u: Unit) -> Logic:
    wide = max(u.inputs[0].word_bits, u.outputs[0].word_bits)
    return Logic(unit_cycles(u), UNIT_BASE_LUT + wide // 2, UNIT_BASE_LUT + wide)
