"""cocotb bench of a generated ``bcd_network`` (run by ``bcdsim.backends.rtl.network_sim``).

Frames back to back through cocotbext-axi's AxiStreamSource / AxiStreamSink (optionally with
random input gaps and output back-pressure from pause generators); every logit compared with hw
mode's; the cycle of every input and output handshake recorded, from which the runner takes the
latency (first input beat to last output beat of the first frame) and the cycles per frame in
steady state. A watchdog fails the run when no output word leaves for too long, naming the
streams whose FIFO is full (the producer waits) at that moment. At every frame's last output beat
the per-unit busy counters (``BCD_BUSY_COUNTERS``, bcdsim.backends.rtl.top) are read.

Environment: NETWORK_DIR (the generated folder, also the working directory), NETWORK_IMAGES,
NETWORK_GAPS (0/1), NETWORK_SEED, NETWORK_RESULT (JSON written at the end, pass or fail),
NETWORK_PROGRESS (optional: frames received so far, for a progress bar), NETWORK_DEPTHS (FIFO
depths the runner overrode, JSON, for the watchdog's message), NETWORK_TRACE (1: the first and
last cycle of frame 0's words into every FIFO).
"""
from __future__ import annotations

import json
import os
import random
from pathlib import Path

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, First, RisingEdge
from cocotbext.axi import AxiStreamBus, AxiStreamFrame, AxiStreamSink, AxiStreamSource

from bcdsim.backends.rtl.whole import from_u64


def _pauses(rng: random.Random, busy: float):
    while True:
        yield rng.random() < busy


class NetworkBench:
    def __init__(self, dut):
        self.dut = dut
        root = Path(os.environ["NETWORK_DIR"])
        self.info = json.loads((root / "network.json").read_text())
        stim = np.load(root / "stimulus.npz")
        n = min(int(os.environ.get("NETWORK_IMAGES", "2")), len(stim["input"]))
        self.inputs = from_u64(stim["input"][:n])
        self.expected = from_u64(stim["expected"][:n])
        self.images = n
        self.gaps = os.environ.get("NETWORK_GAPS", "0") == "1"
        self.progress = Path(os.environ["NETWORK_PROGRESS"]) if os.environ.get("NETWORK_PROGRESS") else None
        self.rng = random.Random(int(os.environ.get("NETWORK_SEED", "1")))
        self.cycle = 0
        self.in_beats: list[int] = []
        self.out_beats: list[int] = []
        self.stalled: list[str] = []
        self.counters = sorted({u["busy_counter"] for u in self.info["units"].values() if u.get("busy_counter")})
        self.busy: list[dict[str, int]] = []  # the counters at each frame's last output beat
        self.words: dict[str, list[int]] = {}  # NETWORK_TRACE: frame 0's words per stream
        self.tracing = os.environ.get("NETWORK_TRACE", "0") == "1"
        self.source = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis"), dut.clk, dut.rst_n,
                                      reset_active_level=False, byte_lanes=1)
        self.sink = AxiStreamSink(AxiStreamBus.from_prefix(dut, "m_axis"), dut.clk, dut.rst_n,
                                  reset_active_level=False, byte_lanes=1)
        if self.gaps:
            self.source.set_pause_generator(_pauses(self.rng, 0.3))
            self.sink.set_pause_generator(_pauses(self.rng, 0.3))

    async def reset(self) -> None:
        self.dut.rst_n.value = 0
        await ClockCycles(self.dut.clk, 4)
        self.dut.rst_n.value = 1
        await RisingEdge(self.dut.clk)

    async def monitor(self, limit: int) -> None:
        """Handshake cycles of both ports, counted from the end of reset; returns (the watchdog)
        when no output word has left for ``limit`` cycles, with the full FIFOs of that moment.
        One coroutine for both: a wake-up per cycle is most of the bench's run time."""
        d = self.dut
        idle = 0
        while True:
            await RisingEdge(d.clk)
            self.cycle += 1
            if d.s_axis_tvalid.value == 1 and d.s_axis_tready.value == 1:
                self.in_beats.append(self.cycle)
            if d.m_axis_tvalid.value == 1 and d.m_axis_tready.value == 1:
                self.out_beats.append(self.cycle)
                idle = 0
                if d.m_axis_tlast.value == 1:
                    self.busy.append({n: int(getattr(d, n).value) for n in self.counters})
            else:
                idle += 1
                if idle > limit:
                    self.stalled = self.full_streams()
                    return

    def full_streams(self) -> list[str]:
        """Streams whose producer offers a word its FIFO cannot take."""
        out = []
        depths = json.loads(os.environ.get("NETWORK_DEPTHS") or "{}")  # overridden ones (experiments)
        for s in self.info["streams"]:
            fifo = getattr(self.dut, s["fifo"])
            if fifo.in_valid.value == 1 and fifo.in_ready.value == 0:
                out.append(f"{s['name']} (depth {depths.get(s['name'], s['depth'])})")
        return out

    async def trace(self, cycles: int) -> None:
        """Frame 0's words into every FIFO: the cycle of the first and of the last one (the
        replay's ``written`` times, from the first input beat), sampled for ``cycles`` cycles."""
        fifos = [(s["name"], getattr(self.dut, s["fifo"]), s["words_per_frame"]) for s in self.info["streams"]]
        for _ in range(cycles):
            await RisingEdge(self.dut.clk)
            for name, f, words in fifos:
                if f.in_valid.value == 1 and f.in_ready.value == 1:
                    seen = self.words.setdefault(name, [])
                    if len(seen) < words:
                        seen.append(self.cycle)

    async def run(self) -> dict:
        d = self.dut
        cocotb.start_soon(Clock(d.clk, 10, unit="ns").start())
        d.s_axis_tvalid.value = 0
        d.m_axis_tready.value = 0
        await self.reset()
        limit = 4 * (self.info["latency_cycles"] + self.info["cycles_per_frame"]) + 1000
        dog = cocotb.start_soon(self.monitor(limit))
        if self.tracing:
            cocotb.start_soon(self.trace(self.info["latency_cycles"] + 64))
        for words in self.inputs:
            await self.source.send(AxiStreamFrame(words))
        got, mismatches = [], []
        for f in range(self.images):
            recv = cocotb.start_soon(self.sink.recv())
            await First(recv, dog)
            if dog.done():
                recv.cancel()
                break
            frame = recv.result()
            words = [int(w) for w in frame.tdata]
            got.append(words)
            if self.progress:
                self.progress.write_text(str(len(got)))
            if words != self.expected[f]:
                mismatches.append(f)
        dog.cancel()
        return {"images": self.images, "received": len(got), "outputs": got, "mismatches": mismatches,
                "in_beats": self.in_beats, "out_beats": self.out_beats, "stalled": self.stalled, "busy": self.busy,
                "gaps": self.gaps, "trace": {n: [w[0], w[-1], len(w)] for n, w in self.words.items()}}


@cocotb.test()
async def network(dut):
    bench = NetworkBench(dut)
    result = await bench.run()
    Path(os.environ["NETWORK_RESULT"]).write_text(json.dumps(result))
    assert not result["stalled"] and result["received"] == bench.images, (
        f"watchdog: no output for too long after {result['received']} of {bench.images} frames; full FIFOs: "
        f"{', '.join(result['stalled']) or 'none'}")
    assert not result["mismatches"], f"logits differ from hw mode in frames {result['mismatches'][:10]}"
