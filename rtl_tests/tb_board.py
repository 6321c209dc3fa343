"""cocotb bench of the ECP5 board top (bcd_board: UART -> byte FIFO -> framer -> bcd_network ->
result sender -> UART, LEDs): cocotbext-uart drives uart_rx and reads uart_tx at the board's bit
time. The pytest side (test_ecp5_board.py) writes a case file (BCD_CASE, JSON): the clock period,
the baud rate, the byte strings to send and the answers expected (from the network's reference,
never from this RTL). The same bench runs on the RTL and on yosys' synth_ecp5 netlist.
"""
from __future__ import annotations

import json
import os

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, with_timeout
from cocotbext.uart import UartSink, UartSource


@cocotb.test()
async def test_uart_frames(dut):
    with open(os.environ["BCD_CASE"]) as f:
        case = json.load(f)
    cocotb.start_soon(Clock(dut.clk, case["period_ns"], unit="ns").start())
    source = UartSource(dut.uart_rx, baud=case["baud"])
    sink = UartSink(dut.uart_tx, baud=case["baud"])
    dut.rst_n.value = 0
    await ClockCycles(dut.clk, 5)
    dut.rst_n.value = 1
    await ClockCycles(dut.clk, 5)
    bit_ns = 1e9 / case["baud"]
    for i, (sent, expected) in enumerate(zip(case["send"], case["expect"])):
        await source.write(bytes(sent))
        got = bytearray()
        timeout_ns = int(20 * bit_ns * (len(sent) + len(expected)) + 1_000_000)  # bytes both ways + the core
        while len(got) < len(expected):  # one byte per read: cocotbext-uart's read(n) wants n queued
            got += await with_timeout(sink.read(1), timeout_ns, "ns")
        assert bytes(got) == bytes(expected), f"frame {i}: board answered {got.hex()}, expected {bytes(expected).hex()}"
        if "leds" in case:
            await ClockCycles(dut.clk, 2)
            assert int(dut.led.value) == case["leds"][i], f"frame {i}: LEDs {int(dut.led.value)}, " \
                                                          f"expected class {case['leds'][i]}"
