"""The cost model prices the one design: memories, logic fits, placement, optimizer, must-shows."""
from __future__ import annotations

import json

import pytest
from design_graphs import typed

from bcdsim.cost.devices import get_device
from bcdsim.cost.estimate import estimate
from bcdsim.cost.folding import Search, fold_for_cycles, option_table
from bcdsim.cost.memory import bram36_count, lutram_luts, memory_cost, uram_count
from bcdsim.cost.price import DEFAULT_BUDGET, parse_budget
from bcdsim.cost.units import xnor_luts
from bcdsim.design.plan import plan
from bcdsim.design.units import Memory
from bcdsim.errors import UserError
from bcdsim.libraries import rtl_library

ZCU104, KV260 = get_device("zcu104"), get_device("kv260")


def test_memory_primitives_follow_ug573():
    assert bram36_count(72, 512) == 1
    assert bram36_count(1, 32768) == 1
    assert bram36_count(18, 1024) == 0.5  # one RAMB18
    assert bram36_count(73, 512) == 1.5  # 72 wide plus a half
    assert uram_count(72, 4096) == 1 and uram_count(73, 4096) == 2 and uram_count(72, 4097) == 2
    assert lutram_luts(8, 64) == 8 and lutram_luts(8, 65) == 16
    # a 1-bit weight stream packs into 72-bit words: 294,912 bits = exactly one URAM
    assert memory_cost(Memory("w", "weights", 1, 294_912, sequential=True), "uram") == (0, 0.0, 1)
    assert memory_cost(Memory("b", "buffer", 1, 294_912), "uram") == (0, 0.0, 72)  # random access: no packing


def test_xnor_lut_fit_within_10_percent_of_yosys():
    """Every synthesised XNOR unit (yosys 0.23 synth_xilinx, bcdsim/rtllib/calibration/xnor_area.json)."""
    data = json.loads((rtl_library() / "calibration" / "xnor_area.json").read_text())
    rows = data["synth_xilinx mask0"]["rows"]
    assert len(rows) >= 8
    for row in rows:
        assert abs(xnor_luts(row["simd"], row["pe"]) - row["lut"]) <= 0.10 * row["lut"], row


def test_budgets():
    assert DEFAULT_BUDGET == {"lut": 0.7, "bram36": 0.8, "uram": 0.8}  # DESIGN.md §6
    assert parse_budget(None) == DEFAULT_BUDGET
    assert parse_budget("lut=0.5, dsp=1") == {"lut": 0.5, "bram36": 0.8, "uram": 0.8, "dsp": 1.0}
    for bad in ("lut", "lut=abc", "lut=1.5", "luts=0.5", "lut=0", "", "lut=nan"):
        with pytest.raises(UserError, match="bad budget"):
            parse_budget(bad)


def test_devices_carry_lutram_share_and_ddr_efficiency():
    assert ZCU104.lutram_luts == 101_760 and ZCU104.ddr_efficiency < 1
    u250 = get_device("u250")
    assert u250.lut < 1_728_000 and u250.uram < 1_280  # the shell's user region, not the whole device


def test_optimizer_takes_the_cheapest_folding_per_unit():
    """For a target, no unit has an option that also meets it and costs less (the issue's defect:
    the slowest option that met the target was taken, whatever it cost)."""
    hw, _ = typed("default")
    table = option_table(hw, plan(hw), ZCU104)
    for target in (200, 1000, 5000):
        folding, _ = fold_for_cycles(table, target)
        for name, fold in folding.items():
            opt = table[name]
            within = [c for c, cyc in zip(opt.costs, opt.cycles) if cyc <= target]
            if within:
                chosen = opt.costs[opt.folds.index(fold)]
                assert chosen == min(within), name


def test_fps_target_is_met_and_priced_exactly():
    hw, bops = typed("default")
    e = estimate(hw, ZCU104, 200, fps=100_000, bops=bops, name="tiny-b")
    p = e.point
    assert p.fps >= 100_000 and p.cycles <= 2000 and p.fits
    assert p.latency_cycles > p.cycles  # the replay ran: a frame's latency exceeds its interval
    assert all(s.depth >= 2 for s in p.design.streams)
    with pytest.raises(UserError, match="even fully unfolded"):
        estimate(hw, ZCU104, 200, fps=1e9, bops=bops)


def test_every_weight_memory_is_placed_and_ddr_bounds_the_rate():
    hw, bops = typed("default")
    search = Search(hw, plan(hw), get_device("pynq-z2"), 100.0, {"lut": 0.7, "bram36": 0.02, "uram": 0.8}, bops,
                    "tiny-b")
    point = search.final(search.at(2000))
    styles = {m["style"] for m in point.memory_placement()}
    assert "" not in styles and styles <= {"lutram", "bram", "uram", "ddr"}
    if point.ddr_bytes:
        assert point.fps_ddr == pytest.approx(point.device.ddr_sustained_gbps * 1e9 / point.ddr_bytes)


@pytest.mark.slow
def test_must_show_bcdnet_a_on_zcu104_within_budget():
    hw, bops = typed("bcdnet-a")
    e = estimate(hw, ZCU104, 200, bops=bops, name="bcdnet-a")
    d = e.point.hardware_dict()
    assert d["fits_budget"] and d["utilisation"]["lut"] <= 0.7
    assert d["utilisation"]["bram36"] <= 0.8 and d["utilisation"]["uram"] <= 0.8
    placed = e.point.memory_placement()
    weights = {m["unit"] for m in placed if m["role"] == "weights"}
    assert weights == {u.name for u in e.design.units if u.kind in ("xnor_mvau", "dsp_mvau", "context_scan")}


@pytest.mark.slow
def test_must_show_reactnet_a_300_fps_on_kv260():
    """The issue's case: the slowest folding meeting 300 fps blew the block RAM; the cheapest one,
    with the largest weight matrices streamed from DDR, fits the device."""
    hw, bops = typed("reactnet-a")
    e = estimate(hw, KV260, fps=300, bops=bops, name="reactnet-a")
    d = e.point.hardware_dict()
    assert d["fps"] >= 300 and d["fits_device"], d["utilisation"]
    assert all(u <= 1.0 for u in d["utilisation"].values())
    assert d["fps_ddr"] is None or d["fps_ddr"] >= 300
