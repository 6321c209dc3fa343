"""The cost model prices the one design: frames/s, latency and resources on a device.

- Throughput: every unit works concurrently on consecutive frames, so the initiation interval is
  the largest cycles per frame of any unit and frames/s = f_clk / II (FINN-R §4; DESIGN.md §6),
  unless weights stream from DDR: then also frames/s <= sustained bandwidth / weight bytes per
  frame (each streamed weight is read once per frame), and the smaller bound wins.
- Latency: the schedule replay of ``bcdsim.design.timing`` (first input word to last output word
  of one frame through the empty pipeline).
- Resources: the units' logic (``bcdsim.cost.units``) plus their memories and FIFOs where
  ``bcdsim.cost.placement`` put them, plus one AXI reader per DDR weight stream and one loader for
  URAM weights (URAM is not initialised by the bitstream: its weights are loaded at run time).
- Lane utilisation: frames/s x BOPs / (f_clk x XNOR lanes), the share of the XNOR lanes' cycles
  spent on useful work. The roofline bounds: compute (every LUT of the budget spent on XNOR lanes)
  and memory (the DDR bound).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from bcdsim.cost.devices import RESOURCES, Device
from bcdsim.cost.memory import memory_cost
from bcdsim.cost.placement import fifo_memory
from bcdsim.cost.units import (
    AXI_MASTER_FF,
    AXI_MASTER_LUT,
    CYCLE_SOURCE,
    DDR_STREAM_FF,
    DDR_STREAM_LUT,
    LUT_SOURCE,
    NETWORK_VERIFIED,
    logic,
    xnor_luts,
)
from bcdsim.design import units as k
from bcdsim.design.timing import replay
from bcdsim.design.units import Design, Unit
from bcdsim.errors import UserError

BUDGET_KEYS = {"lut": "lut", "ff": "ff", "bram": "bram36", "bram36": "bram36", "uram": "uram", "dsp": "dsp"}
# Without --fps or --budget: the fastest folding within 70% of the LUTs (routing headroom) and 80% of
# the block and ultra RAMs (FINN's default memory limit), DESIGN.md §6.
DEFAULT_BUDGET = {"lut": 0.7, "bram36": 0.8, "uram": 0.8}


def parse_budget(text: str | None) -> dict[str, float]:
    """'lut=0.7,bram=0.8' -> the default budget updated with those fractions of the device, in (0, 1]."""
    budget = dict(DEFAULT_BUDGET)
    if text is None:
        return budget
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise UserError(f"bad budget '{text}': empty (e.g. lut=0.7,bram=0.8)")
    for part in parts:
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in BUDGET_KEYS:
            raise UserError(f"bad budget '{part}': use RESOURCE=FRACTION with RESOURCE in "
                            f"{', '.join(sorted(set(BUDGET_KEYS) - {'bram36'}))}, e.g. lut=0.7,bram=0.8")
        try:
            frac = float(value)
        except ValueError:
            raise UserError(f"bad budget '{part}': '{value.strip()}' is not a number") from None
        if not 0 < frac <= 1:  # also refuses nan
            raise UserError(f"bad budget '{part}': the fraction must be in (0, 1]")
        budget[BUDGET_KEYS[key]] = frac
    return budget


@dataclass
class UnitRow:
    unit: Unit
    cycles: int
    lut: int
    ff: int
    dsp: int
    bram36: float = 0.0
    uram: int = 0
    lutram: int = 0
    first: int = 0  # cycle its first iteration issues in the replay

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def sources(self) -> dict[str, str]:
        kind = self.unit.kind
        return {"cycles": CYCLE_SOURCE.get(kind, "analytical"), "lut": LUT_SOURCE.get(kind, "analytical")}


@dataclass
class DesignPoint:
    design: Design
    device: Device
    clock_mhz: float
    rows: list[UnitRow]
    totals: dict[str, float]
    cycles: int  # initiation interval
    bottleneck: str
    latency_cycles: int
    ddr_bytes: int
    bops: int
    budget: dict[str, float] = field(default_factory=dict)
    source: str = "analytical"

    @property
    def fps_compute(self) -> float:
        return self.clock_mhz * 1e6 / self.cycles

    @property
    def fps_ddr(self) -> float:
        return self.device.ddr_sustained_gbps * 1e9 / self.ddr_bytes if self.ddr_bytes else math.inf

    @property
    def fps(self) -> float:
        return min(self.fps_compute, self.fps_ddr)

    @property
    def bound(self) -> str:
        return "ddr" if self.fps_ddr < self.fps_compute else "compute"

    @property
    def latency_ms(self) -> float:
        return self.latency_cycles / (self.clock_mhz * 1e3)

    @property
    def lanes(self) -> int:
        return sum(r.unit.fold.simd * r.unit.fold.pe for r in self.rows if r.unit.kind == k.XNOR_MVAU)

    @property
    def lane_utilisation(self) -> float:
        return self.fps * self.bops / (self.clock_mhz * 1e6 * self.lanes) if self.lanes else 0.0

    def roofline(self) -> dict[str, float | None]:
        """Frames/s bounds: every LUT of the budget spent on 64x64-lane XNOR tiles, and DDR."""
        lut_budget = self.device.lut * self.budget.get("lut", 1.0)
        lanes = lut_budget / (xnor_luts(64, 64) / (64 * 64))
        compute = self.clock_mhz * 1e6 * lanes / self.bops if self.bops else None
        return {"compute_fps": None if compute is None else round(compute, 3),
                "memory_fps": None if math.isinf(self.fps_ddr) else round(self.fps_ddr, 3)}

    def utilisation(self, resource: str) -> float:
        cap = self.device.capacity(resource)
        return self.totals[resource] / cap if cap else (0.0 if not self.totals[resource] else math.inf)

    def over(self, budget: dict[str, float] | None = None) -> list[str]:
        """Resources above ``budget`` (fractions; default: this point's budget)."""
        budget = self.budget if budget is None else budget
        return [r for r in RESOURCES if self.utilisation(r) > budget.get(r, 1.0) + 1e-9]

    @property
    def fits(self) -> bool:
        return not self.over({})

    def memory_placement(self) -> list[dict]:
        out = []
        for r in self.rows:
            for m in r.unit.memories:
                out.append({"unit": r.name, "memory": m.name, "role": m.role, "style": m.style, "width": m.width,
                            "depth": m.depth, "copies": m.copies, "bits": m.bits,
                            "loaded_at_runtime": m.role == "weights" and m.style in ("uram", "ddr")})
        return out

    def hardware_dict(self) -> dict:
        t = self.totals
        return {"device": self.device.name, "clock_mhz": self.clock_mhz, "fps": round(self.fps, 3),
                "fps_compute": round(self.fps_compute, 3),
                "fps_ddr": None if math.isinf(self.fps_ddr) else round(self.fps_ddr, 3), "bound": self.bound,
                "latency_ms": round(self.latency_ms, 6), "latency_cycles": self.latency_cycles,
                "cycles_per_frame": self.cycles, "bottleneck": self.bottleneck,
                "lut": int(t["lut"]), "ff": int(t["ff"]), "bram36": t["bram36"], "uram": int(t["uram"]),
                "dsp": int(t["dsp"]), "lutram": int(t["lutram"]), "lanes": self.lanes,
                "lane_utilisation": round(self.lane_utilisation, 4), "roofline": self.roofline(),
                "ddr_bytes_per_frame": self.ddr_bytes, "ddr_efficiency": self.device.ddr_efficiency,
                "utilisation": {r: None if math.isinf(u) else round(u, 4)
                                for r, u in ((r, self.utilisation(r)) for r in RESOURCES)},
                "budget": self.budget, "fits_budget": not self.over(), "fits_device": self.fits,
                "source": self.source, "sources": sources(self.rows)}


def sources(rows: list[UnitRow]) -> dict[str, str]:
    """Which unit kinds' figures come from which level (the rest: analytical)."""
    out: dict[str, str] = {}
    for what in ("cycles", "lut"):
        checked = sorted({r.unit.kind for r in rows if r.sources[what] != "analytical"})
        level = {r.sources[what] for r in rows if r.sources[what] != "analytical"}
        out[what] = (f"{'/'.join(sorted(level))} ({', '.join(checked)}), analytical (other units)"
                     if checked else "analytical")
    simulated = all(r.unit.kind in NETWORK_VERIFIED for r in rows)
    out.update(ff="analytical", dsp="analytical", memory="analytical (placement of the design's memories)",
               latency="rtl-sim (schedule replay of unit kinds the whole-network RTL measured equal)" if simulated
               else "analytical (schedule replay)")
    return out


def price(design: Design, device: Device, clock_mhz: float | None = None, budget: dict[str, float] | None = None,
          bops: int = 0, estimated: bool = False) -> DesignPoint:
    """Cost of a placed design (memory styles set by ``bcdsim.cost.placement``). ``estimated``: the
    optimizer's probes, whose FIFO depths are estimates and whose latency is not computed (0)."""
    clock = float(clock_mhz or device.clock_mhz)
    timing = None if estimated else design.timing or replay(design)
    rows: dict[str, UnitRow] = {}
    for u in design.units:
        lg = logic(u)
        row = UnitRow(u, lg.cycles, lg.lut, lg.ff, lg.dsp, first=timing.first[u.name] if timing else 0)
        for m in u.memories:
            _charge(row, memory_cost(m, m.style))
        rows[u.name] = row
    for s in design.streams:  # a FIFO counts with the unit that reads it (a bank hand-over is no FIFO)
        if not s.bank:
            _charge(rows[s.consumer] if s.consumer else rows[s.producer], memory_cost(fifo_memory(s), s.style))
    ddr_bits = 0  # per frame: streamed weights once, DDR banks and FIFOs written and read once
    ports = 0  # DDR streams (a bank or FIFO in DDR is two: written and read back)
    for u in design.units:
        for m in u.memories:
            if m.style == "ddr":
                ddr_bits += m.bits  # weights: read once; a bank of two frames: one written, one read
                n = 1 if m.role == "weights" else 2
                ports += n
                rows[u.name].lut += n * DDR_STREAM_LUT
                rows[u.name].ff += n * DDR_STREAM_FF
            ports += m.role == "weights" and m.style == "uram"  # URAM weights are loaded at run time
    for s in design.streams:
        if s.style == "ddr":
            ddr_bits += 2 * s.words * s.word_bits
            ports += 2
            row = rows[s.consumer or s.producer]
            row.lut += 2 * DDR_STREAM_LUT
            row.ff += 2 * DDR_STREAM_FF
    ordered = [rows[u.name] for u in design.units]
    if ports:  # the AXI master every DDR stream and the URAM loader share
        ordered[0].lut += AXI_MASTER_LUT
        ordered[0].ff += AXI_MASTER_FF
    totals = {r: float(sum(getattr(row, r) for row in ordered)) for r in ("lut", "ff", "bram36", "uram", "dsp",
                                                                         "lutram")}
    worst = max(ordered, key=lambda r: r.cycles)
    return DesignPoint(design, device, clock, ordered, totals, worst.cycles, worst.name,
                       timing.latency if timing else 0, ddr_bits // 8, bops, dict(budget or {}))


def _charge(row: UnitRow, cost: tuple[int, float, int]) -> None:
    row.lut += cost[0]
    row.lutram += cost[0]
    row.bram36 += cost[1]
    row.uram += cost[2]
