"""cocotb bench of the XNOR layer family (bcd_xnor_layer and the generated tops around it).

One TB class for the family; the pytest side (test_xnor_*.py) picks the DUT, its parameters and
the stimulus; sizes are read back from the DUT's parameters. Two cocotb tests per run:
  test_cycles  no input gaps, no back-pressure, the stimulus frames back to back twice:
               every output checked, cycles per frame (II) = mvau_cycles, latency = mvau_latency;
  test_flow    random input gaps (TVALID low) and output back-pressure (TREADY low): every output
               checked against poisoned result arrays.
Inputs: BCD_UNIT (the unit's JSON), BCD_STIMULUS (npz: bits, valid, pixels, expected[, stage]),
BCD_SEED, BCD_RESULTS (JSON file the measurements are appended to). Driven on the falling
edge, sampled after ReadOnly; a handshake is TVALID & TREADY seen then, taken at the next edge.
"""
from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge

POISON = -(1 << 62)


def _signed(v: int, bits: int) -> int:
    return v - (1 << bits) if v >> (bits - 1) & 1 else v


def _lanes(word: int, n: int, bits: int, signed: bool = True) -> list[int]:
    mask = (1 << bits) - 1
    return [(_signed if signed else (lambda x, b: x))((word >> (p * bits)) & mask, bits) for p in range(n)]


@dataclass
class Stream:
    """An output stream watched at handshakes: results land in a poisoned (P, channels) array."""

    name: str
    data: object
    valid: object
    ready: object
    lane_bits: int
    signed: bool
    order: list[tuple[int, list[int]]]  # per beat of a pixel: the channels of its lanes
    got: np.ndarray = field(default=None)
    beats: int = 0
    cycles: list[int] = field(default_factory=list)

    def reset(self, pixels: int, channels: int) -> None:
        self.got = np.full((pixels, channels), POISON, dtype=np.int64)
        self.beats = 0
        self.cycles = []

    def take(self, cycle: int) -> None:
        per_pixel = len(self.order)
        pix, k = divmod(self.beats, per_pixel)
        lanes = _lanes(int(self.data.value), len(self.order[k][1]), self.lane_bits, self.signed)
        if pix < len(self.got):
            self.got[pix, self.order[k][1]] = lanes
        self.beats += 1
        self.cycles.append(cycle)


class XnorLayerTB:
    def __init__(self, dut):
        self.dut = dut
        self.info = json.loads(open(os.environ["BCD_UNIT"]).read())
        stim = np.load(os.environ["BCD_STIMULUS"])
        self.top = self._layer_root(dut)
        p = self.top  # parameters read back from the DUT
        self.mw, self.mh = int(p.MW.value), int(p.MH.value)
        self.simd, self.pe, self.segs = int(p.SIMD.value), int(p.PE.value), int(p.SEGS.value)
        self.out_mode, self.rw = int(p.OUT_MODE.value), int(p.RW.value)
        for key, value in (("mw", self.mw), ("mh", self.mh), ("simd", self.simd), ("pe", self.pe),
                           ("segs", self.segs), ("rw", self.rw)):
            assert self.info[key] == value, f"DUT parameter {key}={value}, unit file says {self.info[key]}"
        self.bits, self.valid = stim["bits"], stim["valid"]
        self.pixels, self.expected = stim["pixels"], stim["expected"]
        self.stage = stim["stage"] if "stage" in stim.files else None
        self.rng = random.Random(int(os.environ.get("BCD_SEED", "1")))
        self.beats = self._beats()
        nf, o = self.mh // self.pe, self.mh
        raw_order = [(0, [g * o + n * self.pe + p for p in range(self.pe)])
                     for n in range(nf) for g in range(self.segs)]
        # the unit's integer stream: the top's output in OUT_MODE 0, else watched inside (the
        # generic top is built without internal visibility, generated tops with it)
        src = (dut.out_TDATA, dut.out_TVALID, dut.out_TREADY) if self.out_mode == 0 else \
            (self.top.mvau.out_data, self.top.mvau.out_valid, self.top.mvau.out_ready)
        self.raw = Stream("mvau", *src, self.rw, True, raw_order)
        self.out = None
        if self.out_mode:
            lane = 1 if self.out_mode == 1 else int(p.OW.value)
            order = [(0, [n * self.pe + p for p in range(self.pe)]) for n in range(nf)]
            self.out = Stream("out", dut.out_TDATA, dut.out_TVALID, dut.out_TREADY, lane, self.out_mode == 2, order)

    @staticmethod
    def _layer_root(dut):
        try:
            return dut.layer  # a generated top: bcd_xnor_layer inside
        except AttributeError:
            return dut

    def _beats(self) -> list[int]:
        n, mw = self.bits.shape
        sf = mw // self.simd
        b = np.packbits(self.bits.reshape(n, sf, self.simd), axis=2, bitorder="little")
        v = np.packbits(self.valid.reshape(n, sf, self.simd), axis=2, bitorder="little")
        return [(int.from_bytes(v[i, f].tobytes(), "little") << self.simd) | int.from_bytes(b[i, f].tobytes(), "little")
                for i in range(n) for f in range(sf)]

    async def reset(self) -> None:
        d = self.dut
        d.ap_rst_n.value = 0
        d.in_TVALID.value = 0
        d.in_TDATA.value = 0
        d.out_TREADY.value = 0
        for _ in range(3):
            await RisingEdge(d.ap_clk)
        await FallingEdge(d.ap_clk)
        d.ap_rst_n.value = 1

    async def run(self, repeats: int, gap: float, stall: float, limit: int) -> dict:
        """Stream the stimulus ``repeats`` times; returns handshake cycles of inputs and outputs."""
        d = self.dut
        beats = self.beats * repeats
        pixels = len(self.bits) * repeats
        self.raw.reset(pixels, self.expected.shape[1])
        if self.out:
            self.out.reset(pixels, self.stage.shape[1])
        streams = [s for s in (self.raw, self.out) if s]
        want = {s.name: pixels * len(s.order) for s in streams}
        sent, in_cycles, cycle = 0, [], 0
        while any(s.beats < want[s.name] for s in streams):
            assert cycle < limit, f"timeout after {cycle} cycles: {sent}/{len(beats)} beats in, " + \
                ", ".join(f"{s.name} {s.beats}/{want[s.name]}" for s in streams)
            show = sent < len(beats) and self.rng.random() >= gap
            d.in_TVALID.value = int(show)
            if show:
                d.in_TDATA.value = beats[sent]
            d.out_TREADY.value = int(self.rng.random() >= stall)
            await ReadOnly()
            if show and int(d.in_TREADY.value):
                in_cycles.append(cycle)
                sent += 1
            for s in streams:
                if int(s.valid.value) and int(s.ready.value):
                    s.take(cycle)
            await FallingEdge(d.ap_clk)
            cycle += 1
        return {"in": in_cycles, "cycles": cycle}

    def check(self, repeats: int) -> None:
        exp = np.tile(self.expected, (repeats, 1))
        self._compare(self.raw, exp, "popcount (hw mode = PyTorch)")
        if self.out:
            self._compare(self.out, np.tile(self.stage, (repeats, 1)), f"{self.info['stage']} stage (hw mode)")

    def _compare(self, s: Stream, exp: np.ndarray, what: str) -> None:
        bad = np.argwhere(s.got != exp)
        if len(bad):
            i, ch = bad[0]
            frame, y, x = (int(v) for v in self.pixels[i % len(self.pixels)])
            got = "never written (poison)" if s.got[i, ch] == POISON else int(s.got[i, ch])
            raise AssertionError(f"{self.info['module']} {s.name}: {len(bad)} mismatches; first at output pixel "
                                 f"#{i} (frame {frame}, y {y}, x {x}), channel {ch}: got {got}, expected "
                                 f"{int(exp[i, ch])} ({what})")


def _record(entry: dict) -> None:
    path = os.environ.get("BCD_RESULTS")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(entry) + "\n")


async def _start(dut) -> XnorLayerTB:
    cocotb.start_soon(Clock(dut.ap_clk, 10, unit="ns").start())
    tb = XnorLayerTB(dut)
    await tb.reset()
    return tb


@cocotb.test()
async def test_cycles(dut):
    """Back to back, no stalls: values, cycles per frame and latency against the cost model."""
    tb = await _start(dut)
    info = tb.info
    frames = max(1, len(tb.bits) // info["pixels_per_frame"])
    repeats = 1 if frames > 1 else 2  # at least two frames to measure the interval between them
    cycles, depth = info["cycles_per_frame"], info["depth"]
    result = await tb.run(repeats, 0.0, 0.0, limit=2 * repeats * cycles * frames + 200)
    tb.check(repeats)
    frame_start = result["in"][::len(tb.beats) // frames]
    ii = [b - a for a, b in zip(frame_start, frame_start[1:])]
    raw = tb.raw.cycles
    latency_group = raw[tb.segs - 1] - result["in"][0]  # a whole output group (all SEGS beats)
    total = raw[-1] - result["in"][0]
    entry = {"module": info["module"], "model": info["model"], "sim": cocotb.SIM_NAME, "simd": tb.simd, "pe": tb.pe,
             "mw": tb.mw, "mh": tb.mh, "segs": tb.segs, "mask": info["mask"], "pixels": info["pixels_per_frame"],
             "frames": repeats * frames, "cycles_per_frame": ii, "predicted_cycles_per_frame": cycles,
             "latency": latency_group, "latency_first_beat": raw[0] - result["in"][0],
             "predicted_latency": info["latency"], "depth": depth, "first_to_last": total,
             "full_frame_cycles": info.get("full_frame_cycles")}
    if tb.out:
        entry["stage_latency"] = tb.out.cycles[0] - raw[tb.segs - 1]
    _record(entry)
    assert all(v == cycles for v in ii), f"cycles per frame {ii}, predicted {cycles}"
    assert latency_group == info["latency"], f"latency {latency_group}, predicted {info['latency']}"
    assert total == repeats * frames * cycles - 1 + depth, f"first input to last output {total} cycles"


@cocotb.test()
async def test_flow(dut):
    """Random input gaps and output back-pressure: every output still right."""
    tb = await _start(dut)
    cycles = tb.info["cycles_per_frame"] * max(1, len(tb.bits) // tb.info["pixels_per_frame"])
    await tb.run(1, 0.25, 0.25, limit=12 * cycles + 500)
    tb.check(1)
