"""cocotb bench of a whole network's stream ports (bcd_network, the NETWORK_TOP contract), for the
RTL and for its synth_ecp5 netlist: the case file (BCD_CASE, JSON) gives the input words of each
image (integers, lane p at [p*IN_BITS +: IN_BITS]) and the output words expected (from hw mode or
the network's reference, never from this RTL). Inputs go in back to back, the output is always
ready; every output word of every image is compared, and tlast on each image's last word."""
from __future__ import annotations

import json
import os

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, RisingEdge


async def _feed(dut, images: list[list[int]]) -> None:
    for words in images:
        for j, word in enumerate(words):
            dut.s_axis_tdata.value = word
            dut.s_axis_tvalid.value = 1
            dut.s_axis_tlast.value = int(j == len(words) - 1)
            await RisingEdge(dut.clk)
            while not dut.s_axis_tready.value:
                await RisingEdge(dut.clk)
    dut.s_axis_tvalid.value = 0


@cocotb.test()
async def test_stream(dut):
    with open(os.environ["BCD_CASE"]) as f:
        case = json.load(f)
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.s_axis_tvalid.value = 0
    dut.s_axis_tlast.value = 0
    dut.s_axis_tdata.value = 0
    dut.m_axis_tready.value = 1
    dut.rst_n.value = 0
    await ClockCycles(dut.clk, 5)
    dut.rst_n.value = 1
    cocotb.start_soon(_feed(dut, case["inputs"]))
    limit = case.get("max_cycles", 10_000_000)
    for i, expected in enumerate(case["outputs"]):
        for j, word in enumerate(expected):
            cycles = 0
            while True:
                await FallingEdge(dut.clk)  # sample between edges: the values the next edge takes
                if dut.m_axis_tvalid.value and dut.m_axis_tready.value:
                    break
                cycles += 1
                assert cycles < limit, f"image {i}: no output word {j} within {limit} cycles"
            got = int(dut.m_axis_tdata.value)
            assert got == word, f"image {i} word {j}: {got:#x}, expected {word:#x}"
            assert int(dut.m_axis_tlast.value) == int(j == len(expected) - 1), f"image {i} word {j}: tlast"
            await RisingEdge(dut.clk)
