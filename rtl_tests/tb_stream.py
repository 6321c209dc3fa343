"""cocotb bench of the stream units (bcdsim/rtllib: eltwise, threshold, add, concat, pool, GAP,
window, fixed-point MVAU, gather, context, fork, converter, FIFO): one TB class for the family.

Every unit has valid/ready stream ports ``<port>_data/_valid/_ready``; cocotbext-axi's
AxiStreamSource/AxiStreamSink drive them (one word per beat, no TLAST). The pytest side
(test_units.py) writes a case file (BCD_CASE, JSON): the DUT parameters to read back, the words
of every input port, and for every output port the expected words (from bcdsim's hw-mode
kernels) and the cycle of each word relative to the first input handshake (from the unit's
schedule in docs/hardware_units.md plus its pipeline depth). Two cocotb tests:
  test_timing  inputs back to back, no back-pressure: every word and every cycle checked;
  test_flow    random input gaps and output back-pressure (pause generators): every word checked.
Outputs are compared with poisoned arrays (a word never written shows as such); the first
mismatch names the port, the word index and its expected and received values.
"""
from __future__ import annotations

import json
import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge
from cocotbext.axi import AxiStreamBus, AxiStreamFrame, AxiStreamSink, AxiStreamSource

POISON = None


class UnitBus(AxiStreamBus):
    """<prefix>_data / _valid / _ready, the library's names for TDATA / TVALID / TREADY."""

    _signals = {"tdata": "data"}
    _optional_signals = {"tvalid": "valid", "tready": "ready"}


def _pauses(rng: random.Random, rate: float):
    while True:
        yield rng.random() < rate


class StreamUnitTB:
    def __init__(self, dut):
        self.dut = dut
        with open(os.environ["BCD_CASE"]) as f:
            self.case = json.load(f)
        for name, value in self.case["params"].items():  # parameters read back from the DUT
            got = int(getattr(dut, name).value)
            assert got == value, f"DUT parameter {name} = {got}, the case expects {value}"
        self.rng = random.Random(int(os.environ.get("BCD_SEED", "1")))
        self.cycle = 0
        self.handshakes: dict[str, list[int]] = {}
        self.sources = {p: AxiStreamSource(UnitBus.from_prefix(dut, p), dut.clk, dut.rst_n, reset_active_level=False,
                                           byte_lanes=1) for p in self.case["inputs"]}
        self.sinks = {p: AxiStreamSink(UnitBus.from_prefix(dut, p), dut.clk, dut.rst_n, reset_active_level=False,
                                       byte_lanes=1) for p in self.case["outputs"]}

    async def _count(self) -> None:
        while True:
            await RisingEdge(self.dut.clk)
            self.cycle += 1

    async def _watch(self, port: str) -> None:
        """Cycle of every handshake on ``port`` (values sampled at the rising edge that takes it)."""
        valid, ready = getattr(self.dut, f"{port}_valid"), getattr(self.dut, f"{port}_ready")
        seen = self.handshakes.setdefault(port, [])
        while True:
            await RisingEdge(self.dut.clk)
            if int(valid.value) and int(ready.value):
                seen.append(self.cycle)

    async def start(self) -> None:
        cocotb.start_soon(Clock(self.dut.clk, 10, unit="ns").start())
        self.dut.rst_n.value = 0
        await ClockCycles(self.dut.clk, 3)
        self.dut.rst_n.value = 1
        cocotb.start_soon(self._count())
        for port in [*self.case["inputs"], *self.case["outputs"]]:
            cocotb.start_soon(self._watch(port))

    async def run(self, gap: float, stall: float, limit: int) -> dict[str, list[int]]:
        for port, src in self.sources.items():
            if gap:
                src.set_pause_generator(_pauses(self.rng, gap))
            for w in self.case["inputs"][port]:
                await src.send(AxiStreamFrame([int(w, 16)]))
        for sink in self.sinks.values():
            if stall:
                sink.set_pause_generator(_pauses(self.rng, stall))
        got = {p: [] for p in self.sinks}
        want = {p: len(o["words"]) for p, o in self.case["outputs"].items()}
        waited = 0
        while any(len(got[p]) < want[p] for p in got):
            assert waited < limit, f"timeout after {waited} cycles: " + ", ".join(
                f"{p} {len(got[p])}/{want[p]} words" for p in got) + "; inputs taken: " + ", ".join(
                f"{p} {len(self.handshakes.get(p, []))}/{len(w)}" for p, w in self.case["inputs"].items())
            await RisingEdge(self.dut.clk)
            waited += 1
            for p, sink in self.sinks.items():
                while not sink.empty():
                    got[p].append(sink.recv_nowait().tdata[0])
        await ClockCycles(self.dut.clk, 4)
        for p, sink in self.sinks.items():  # nothing beyond the expected words
            extra = []
            while not sink.empty():
                extra.append(sink.recv_nowait().tdata[0])
            assert not extra, f"{p}: {len(extra)} words beyond the expected {want[p]}"
        return got

    def check(self, got: dict[str, list[int]]) -> None:
        for p, out in self.case["outputs"].items():
            exp = [int(w, 16) for w in out["words"]]
            recv = got[p] + [POISON] * (len(exp) - len(got[p]))
            bad = [i for i, (a, b) in enumerate(zip(recv, exp)) if a != b]
            if bad:
                i = bad[0]
                shown = "never written" if recv[i] is POISON else hex(recv[i])
                raise AssertionError(f"{p}: {len(bad)} of {len(exp)} words differ; first word #{i} "
                                     f"({out.get('where', [''] * len(exp))[i]}): got {shown}, expected {hex(exp[i])}")

    def check_times(self) -> dict:
        origin = min(self.handshakes[p][0] for p in self.case["inputs"])
        report = {}
        for p, out in self.case["outputs"].items():
            seen = [c - origin for c in self.handshakes[p]]
            exp = out["times"]
            bad = [i for i, (a, b) in enumerate(zip(seen, exp)) if a != b]
            report[p] = {"first": seen[0], "last": seen[-1]}
            assert len(seen) == len(exp) and not bad, (
                f"{p}: word #{bad[0] if bad else len(seen)} left in cycle "
                f"{seen[bad[0]] if bad else '-'} after the first input, the schedule says "
                f"{exp[bad[0]] if bad else '-'} ({len(bad)} of {len(exp)} differ)")
        return report


def _record(entry: dict) -> None:
    path = os.environ.get("BCD_RESULTS")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(entry) + "\n")


@cocotb.test()
async def test_timing(dut):
    """Back to back, no stalls: every word and the cycle it leaves (schedule + depth)."""
    tb = StreamUnitTB(dut)
    await tb.start()
    got = await tb.run(0.0, 0.0, limit=int(tb.case["limit"]))
    tb.check(got)
    report = tb.check_times()
    _record({"case": tb.case["name"], "sim": cocotb.SIM_NAME, **report})


@cocotb.test()
async def test_flow(dut):
    """Random input gaps and output back-pressure: every word still right."""
    tb = StreamUnitTB(dut)
    await tb.start()
    got = await tb.run(0.3, 0.3, limit=8 * int(tb.case["limit"]) + 200)
    tb.check(got)
