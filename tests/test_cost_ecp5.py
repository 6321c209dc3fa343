"""The ECP5 cost model: device presets as nextpnr reports them, and the XNOR-unit area fit against
the place-and-route measurements it was fitted to (rtllib/calibration/ecp5_area.json)."""
from __future__ import annotations

import pytest

from bcdsim.cost.ecp5 import DEVICES, calibration, xnor_unit_area


def test_device_presets():
    # nextpnr-ecp5 --report 'available' (yowasp 0.11.1), measured for each device option
    assert DEVICES["LFE5U-85F"].totals() == {"lut4": 83640, "ff": 83640, "ebr": 208, "dsp": 156}
    assert DEVICES["LFE5U-45F"].totals() == {"lut4": 43848, "ff": 43848, "ebr": 108, "dsp": 72}
    assert DEVICES["LFE5U-25F"].totals() == {"lut4": 24288, "ff": 24288, "ebr": 56, "dsp": 28}
    assert DEVICES["LFE5U-12F"].ebr == 32  # Lattice's licensed figure, below the 25F die nextpnr uses


def test_fit_reproduces_the_measurements():
    data = calibration()
    assert len(data["rows"]) >= 8
    for key in ("lut4", "ff"):
        bound = data["fit"][key]["max_abs_error_pct"]
        assert bound < 25, f"{key} fit error {bound}%"
        for row in data["rows"]:
            predicted = xnor_unit_area(row["simd"], row["pe"], row["mw"], row["mh"], row["segs"])[key]
            assert predicted == pytest.approx(row[key], rel=bound / 100 + 0.005), (key, row["unit"])
    for row in data["rows"]:
        assert xnor_unit_area(row["simd"], row["pe"], row["mw"], row["mh"], row["segs"])["dsp"] == row["dsp"]


def test_board_top_fit():
    data = calibration()["board_top"]
    assert data["fit"]["lut4"]["max_abs_error_pct"] < 10
    from bcdsim.cost.ecp5 import board_top_area

    for row in data["rows"]:
        assert board_top_area(row["in_w"], row["out_w"])["lut4"] == pytest.approx(row["lut4"], rel=0.1)


def _instances(pairs):
    from types import SimpleNamespace

    return [SimpleNamespace(kind=kind, params=params) for kind, params in pairs]


def test_whole_design_lut4_within_10pct_of_nextpnr():
    """The model's whole-design prediction against nextpnr's own count of placed designs (stored
    measurements: command and tool versions in the calibration's 'whole_designs'; the first is the
    default model at --fps 20000, the design 'make bitstream' places)."""
    from bcdsim.cost.ecp5 import design_area

    facts = calibration()["whole_designs"]
    assert facts[0]["network"] == "n20k" and len(facts) >= 1
    for fact in facts:
        board = fact["board"]
        predicted = design_area(_instances(fact["instances"]), board["in_width"], board["out_width"],
                                board["frame_bytes"])
        measured = fact["nextpnr"]
        assert predicted["lut4"] == pytest.approx(measured["lut4"], rel=0.10), fact["network"]
        assert predicted["ff"] == pytest.approx(measured["ff"], rel=0.10), fact["network"]
        assert predicted["ebr"] == pytest.approx(measured["ebr"], rel=0.10), fact["network"]
        assert abs(predicted["dsp"] - measured["dsp"]) <= 1, fact["network"]


def test_each_unit_kind_fit_within_its_recorded_error():
    from bcdsim.cost.ecp5_units import RESOURCES, unit_area

    units = calibration()["units"]
    kinds = {row["kind"] for row in units["rows"]}
    assert {"fifo", "xnor_mvau", "dsp_mvau", "window", "convert", "context_replay"} <= kinds
    for row in units["rows"]:
        predicted = unit_area(row["kind"], row["params"], units["fit"])
        for key in RESOURCES:
            bound = units["fit"][row["kind"]][key]["max_abs_error"]
            assert abs(predicted[key] - row[key]) <= bound + 0.5, (row["design"], row["instance"], key)


def test_network_instances_reads_kinds_and_parameters(tmp_path):
    from bcdsim.backends.ecp5.instances import network_instances

    (tmp_path / "bcd_network.v").write_text(
        "    bcd_fifo #(.DEPTH(96), .W(16)) f0 (.clk(clk), .rst_n(rst_n));\n"
        "    bcd_context #(.C(16), .PIX(64), .W1(\"u_a_w1.mem\"), .XS(3)) u_a (\n")
    info = {"units": {"a__scan": {"kind": "context_scan", "instance": "u_a"},
                      "a": {"kind": "context_replay", "instance": "u_a"}}}
    fifo, context = network_instances(tmp_path, info)
    assert (fifo.kind, fifo.params) == ("fifo", {"DEPTH": 96, "W": 16})
    assert (context.kind, context.module, context.params) == ("context_replay", "bcd_context",
                                                              {"C": 16, "PIX": 64, "XS": 3})


def test_fifo_storage_follows_yosys_choice():
    from bcdsim.cost.ecp5_units import ebr_blocks, unit_terms

    # DP16KD shapes (Lattice TN1264): 96 x 96 bits -> three 512x36 blocks; 1359 x 16 -> two 1024x18
    assert ebr_blocks(96, 96) == 3 and ebr_blocks(1359, 16) == 2
    assert unit_terms("fifo", {"DEPTH": 73, "W": 16})["ebr_blocks"] == 0  # yosys: 20 DPR16X4
    assert unit_terms("fifo", {"DEPTH": 73, "W": 16})["lutram_cells"] == 20
    assert unit_terms("fifo", {"DEPTH": 86, "W": 16})["ebr_blocks"] == 1  # yosys: one DP16KD
    assert unit_terms("fifo", {"DEPTH": 240, "W": 2})["ebr_blocks"] == 0  # yosys: 15 DPR16X4
    assert unit_terms("fifo", {"DEPTH": 9, "W": 192})["ebr_blocks"] == 0  # yosys: 48 DPR16X4


def test_fifo_storage_rule_is_bcd_fifos_own():
    """bcd_fifo chooses LUT RAM or DP16KD itself; the cost model prices the same split, so their
    bounds must be the same numbers (the RTL's macro defaults, read from the library source)."""
    import re

    from bcdsim.cost.ecp5_units import FIFO_LUTRAM_CELLS, FIFO_LUTRAM_DEPTH
    from bcdsim.libraries import rtl_library

    text = (rtl_library() / "bcd_fifo.v").read_text()
    rtl = {name: int(value) for name, value in re.findall(r"`define BCD_FIFO_LUTRAM_(\w+) (\d+)", text)}
    assert rtl == {"DEPTH": FIFO_LUTRAM_DEPTH, "CELLS": FIFO_LUTRAM_CELLS}
