"""Per-unit formulas against hand-computed small cases (integers derived by hand, not by the code)."""
from __future__ import annotations

import json

import pytest

from bcdsim.cost.memory import Memory, bram36_count, lutram_luts, uram_count
from bcdsim.cost.units import (
    HwConfig,
    UnitSpec,
    acc_bits,
    gather_lanes,
    mvau_cycles,
    mvau_depth,
    mvau_latency,
    simd_options,
    swu_cycles,
    unit_cost,
)
from bcdsim.libraries import rtl_library


def test_mvau_cycles_contract():
    # 3x3 conv 32->32 on 8x8: MW = 9*32 = 288, MH = 32; SIMD 32, PE 8: 64 pixels * 9 * 4 folds
    assert mvau_cycles(8, 8, 288, 32, 32, 8) == 2304
    assert mvau_cycles(8, 8, 288, 32, 1, 1) == 589_824  # 64 * 288 * 32: fully folded
    assert mvau_cycles(7, 7, 3072, 1024, 384, 64) == 6272  # shift-MLP, MW = 3C: 49 * 8 * 16
    with pytest.raises(ValueError):
        mvau_cycles(8, 8, 288, 32, 7, 8)
    with pytest.raises(ValueError):
        mvau_cycles(8, 8, 288, 32, 32, 5)


def test_mvau_depth_and_latency():
    assert [mvau_depth(s) for s in (1, 2, 4, 32, 64, 256)] == [3, 4, 4, 6, 6, 7]
    assert mvau_latency(288, 32) == 14  # 9 folds enter, the last leaves 6 stages later: 8 + 6
    assert mvau_latency(32, 32) == 6


def test_swu_cycles_finn_formula():
    # 8x8x32, K3 S1 pad 1, SIMD 32: padded width 10; fill 10*3 + 8 rows of max(8*9, 10)
    assert swu_cycles(8, 8, 32, 3, 1, 8, 8, 32, pad=1) == 606
    # stride 2 on 224x224x3 (the stem) with a parallel window of SIMD 27: read side dominates
    assert swu_cycles(224, 224, 3, 3, 2, 112, 112, 27, pad=1) == 226 * 3 + 112 * 452


def test_accumulator_width():
    assert acc_bits(288) == 10  # [-288, 288] needs 10 signed bits
    assert acc_bits(4608) == 14


def test_memory_mapping():
    assert bram36_count(72, 512) == 1
    assert bram36_count(1, 32768) == 1
    assert bram36_count(18, 1024) == 0.5  # one RAMB18
    assert bram36_count(73, 512) == 1.5  # 72 wide plus a half
    assert uram_count(72, 4096) == 1 and uram_count(73, 4096) == 2 and uram_count(72, 4097) == 2
    assert lutram_luts(8, 64) == 8 and lutram_luts(8, 65) == 16
    # a 1-bit weight stream packs into 72-bit words: 294,912 bits = exactly one URAM
    assert Memory("weights", 1, 294_912).cost("uram") == (0, 0.0, 1)
    assert Memory("buffer", 1, 294_912).cost("uram") == (0, 0.0, 72)  # random-access buffers do not pack


def _conv_spec(**kw) -> UnitSpec:
    base = dict(name="c", kind="mvau", nodes=("c",), source="c", channels=32, mw=288, mh=32, oh=8, ow=8, ih=8,
                iw=8, k=3, stride=1, pad=1, in_bits=1, out_bits=10, weight_bits=1)
    return UnitSpec(**{**base, **kw})


def test_xnor_mvau_unit():
    c = unit_cost(_conv_spec(), 32, 8, HwConfig())
    assert c.cycles == 2304 and c.latency == 14 and c.dsp == 0
    assert c.lut == int(1.3219 * 32 * 8 + 1.771 * 8 * 5 + 7.5)  # 416: the yosys fit (rtllib/calibration)
    assert c.ff == 48 + 32 + 8 * (16 + 20)  # 368
    (weights,) = c.memories
    assert (weights.width, weights.depth, weights.bits) == (256, 36, 288 * 32)


def test_simd_options():
    assert simd_options(_conv_spec()) == (1, 2, 4, 8, 16, 32, 96, 288)  # C divisors + parallel window
    shift = _conv_spec(kind="shift_mvau", channels=64, mw=192, mh=64, k=1, pad=0)
    opts = simd_options(shift)
    assert 64 in opts and 192 in opts and 3 in opts and all(192 % s == 0 for s in opts)
    assert gather_lanes(shift, 192) == (64, 3)  # channel-interleaved: three sources per cycle
    assert gather_lanes(shift, 32) == (32, 1)  # source-major


def test_xnor_lut_estimate_within_10_percent_of_yosys():
    """Every synthesised XNOR unit (yosys 0.23 synth_xilinx, bcdsim/rtllib/calibration/xnor_area.json)."""
    data = json.loads((rtl_library() / "calibration" / "xnor_area.json").read_text())
    rows = data["synth_xilinx mask0"]["rows"]
    assert len(rows) >= 8
    for row in rows:
        simd, pe = row["simd"], row["pe"]
        spec = _conv_spec(channels=4 * simd, mw=4 * simd, mh=2 * pe, k=1, pad=0)
        estimate = unit_cost(spec, simd, pe, HwConfig()).lut
        assert abs(estimate - row["lut"]) <= 0.10 * row["lut"], (simd, pe, estimate, row["lut"])
