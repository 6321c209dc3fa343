"""Network model: a folded unit graph on a device -> frames/s, latency, resources, bottleneck.

- Throughput: every unit works concurrently, so frames/s = f_clk / max(unit cycles per frame)
  (FINN-R §4; DESIGN.md §6), unless weights stream from external memory: then also
  frames/s <= bandwidth / (streamed weight bytes per frame), and the smaller bound wins.
- Latency: first-output times along the unit DAG, t(u) = max t(inputs) + latency(u), where a unit
  that needs a whole frame first (GAP, the shift-MLP gather, the contextual threshold unit, a
  DDR-streamed matrix unit) waits for its input frame at the rate of the slowest unit upstream;
  frame latency = t(output) + the cycles the output stream takes (critical path plus fill).
- Shortcut FIFOs: an Add's earlier input is delayed by the latency difference of its two
  branches, i.e. ceil(diff x elements / stream cycles) elements, at most one frame.
- Memories: weights first go on chip (URAM or BRAM, whichever packs them better, LUTRAM when
  shallow); when they do not fit the budget, the matrix units whose weights save the most on-chip
  bits stream from DDR with a weight-tile schedule (output-channel folds outermost: each weight is
  read once per frame into a double-buffered tile, and the unit's input frame is buffered and
  replayed MH/PE times, so cycles keep the MVAU contract and latency grows by a frame). If that
  is not enough, the largest shortcut FIFOs and context frame buffers are parked in DDR (written
  and read once per frame: twice their size in traffic).
- Roofline: frames/s <= f_clk x lanes / BOPs with lanes = sum over XNOR units of SIMD x PE.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from bcdsim.cost.devices import RESOURCES, Device
from bcdsim.cost.mapping import UnitGraph
from bcdsim.cost.memory import Memory
from bcdsim.cost.units import (
    BARRIER_KINDS,
    DDR_READER_FF,
    DDR_READER_LUT,
    SOURCES,
    XNOR_KINDS,
    HwConfig,
    UnitCost,
    unit_cost,
)
from bcdsim.errors import UserError

BUDGET_KEYS = {"lut": "lut", "ff": "ff", "bram": "bram36", "bram36": "bram36", "uram": "uram", "dsp": "dsp"}


def parse_budget(text: str) -> dict[str, float]:
    """'lut=0.7,bram=0.8' -> {'lut': 0.7, 'bram36': 0.8}; fractions of the device in (0, 1]."""
    budget: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in BUDGET_KEYS:
            raise UserError(f"bad budget '{part}': use RESOURCE=FRACTION with RESOURCE in "
                            f"{', '.join(sorted(set(BUDGET_KEYS) - {'bram36'}))}, e.g. lut=0.7,bram=0.8")
        try:
            frac = float(value)
        except ValueError:
            raise UserError(f"bad budget '{part}': '{value.strip()}' is not a number") from None
        if not 0 < frac <= 1:
            raise UserError(f"bad budget '{part}': the fraction must be in (0, 1]")
        budget[BUDGET_KEYS[key]] = frac
    if not budget:
        raise UserError(f"bad budget '{text}': empty (e.g. lut=0.7,bram=0.8)")
    return budget


@dataclass(frozen=True)
class UnitFold:
    simd: int
    pe: int
    mem: str | None = None  # weight memory style, None = placed by the model


@dataclass
class UnitRow:
    cost: UnitCost
    spec_source: str
    start: int = 0  # first-output time (cycles from the first input of the frame)
    lut: int = 0
    ff: int = 0
    bram36: float = 0.0
    uram: int = 0
    lutram: int = 0
    mem: str = ""  # weight memory style
    weight_bits: int = 0
    buffer_bits: int = 0


@dataclass
class DesignPoint:
    model: str
    device: Device
    clock_mhz: float
    rows: list[UnitRow]
    totals: dict[str, float]
    cycles: int  # initiation interval: max unit cycles
    bottleneck: str
    fps_compute: float
    fps_ddr: float  # inf when no weights stream
    latency_cycles: int
    lanes: int
    bops: int
    ddr_bytes: int
    budget: dict[str, float] = field(default_factory=dict)
    source: str = "analytical"

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
    def roofline_fps(self) -> float:
        return self.clock_mhz * 1e6 * self.lanes / self.bops if self.bops else math.inf

    def utilisation(self, resource: str) -> float:
        cap = self.device.capacity(resource)
        return self.totals[resource] / cap if cap else (0.0 if not self.totals[resource] else math.inf)

    def over(self, budget: dict[str, float] | None = None) -> list[str]:
        """Resources above ``budget`` (fractions; default: this point's budget, else the device)."""
        budget = self.budget if budget is None else budget
        return [r for r in RESOURCES if self.utilisation(r) > budget.get(r, 1.0) + 1e-9]

    @property
    def fits(self) -> bool:
        return not self.over({})

    def hardware_dict(self) -> dict:
        t = self.totals
        return {"device": self.device.name, "clock_mhz": self.clock_mhz, "fps": round(self.fps, 3),
                "fps_compute": round(self.fps_compute, 3),
                "fps_ddr": None if math.isinf(self.fps_ddr) else round(self.fps_ddr, 3), "bound": self.bound,
                "latency_ms": round(self.latency_ms, 6), "cycles_per_frame": self.cycles,
                "bottleneck": self.bottleneck, "lut": int(t["lut"]), "ff": int(t["ff"]),
                "bram36": t["bram36"], "uram": int(t["uram"]), "dsp": int(t["dsp"]),
                "lutram": int(t["lutram"]), "lanes": self.lanes,
                "roofline_fps": None if math.isinf(self.roofline_fps) else round(self.roofline_fps, 3),
                "ddr_bytes_per_frame": self.ddr_bytes,
                "utilisation": {r: None if math.isinf(u) else round(u, 4)
                                for r, u in ((r, self.utilisation(r)) for r in RESOURCES)},
                "fits_device": self.fits, "source": self.source, "sources": dict(SOURCES)}


def _timing(ug: UnitGraph, costs: dict[str, UnitCost], ddr: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """First-output time t and stream span s (slowest cycles since the last frame barrier) per unit."""
    t: dict[str, int] = {}
    s: dict[str, int] = {}
    for spec in ug.units:
        c = costs.get(spec.name)
        if c is None:  # fifos sit beside the stream
            continue
        prods = [p for p in ug.inputs[spec.name] if p]
        t_in = max((t[p] for p in prods), default=0)
        s_in = max((s[p] for p in prods), default=0)
        if spec.kind in BARRIER_KINDS or spec.name in ddr:
            lat = max(c.latency, s_in + 2) if spec.name not in ddr else s_in + c.latency
            s[spec.name] = c.cycles
        else:
            lat = c.latency
            s[spec.name] = max(c.cycles, s_in)
        t[spec.name] = t_in + lat
    return t, s


def _fifo_elems(ug: UnitGraph, t: dict[str, int], s: dict[str, int], fifo: str) -> int:
    add = ug.by_name[ug.fifos[fifo]]
    a, b = ug.inputs[add.name]
    ta, tb = t.get(a, 0), t.get(b, 0)
    early = a if ta < tb else b
    elems = add.pixels * add.mh
    diff = abs(ta - tb)
    return max(2, min(elems, math.ceil(diff * elems / max(1, s.get(early, 1)))))


def _streaming_memories(spec, c: UnitCost) -> tuple[Memory, ...]:
    """On-chip buffers of a DDR-streamed matrix unit: its input frame and a double-buffered weight tile."""
    in_lanes = min(c.simd, spec.channels)
    frame = Memory("buffer", in_lanes * spec.in_bits, math.ceil(spec.ih * spec.iw * spec.channels / in_lanes),
                   sequential=True)
    tile = Memory("buffer", c.simd * c.pe * spec.weight_bits, 2 * spec.mw // c.simd)
    return frame, tile


def _place(items: list[tuple[str, Memory, str | None]], caps: dict[str, float], lut_free: float):
    """Every memory first takes its preferred style (LUTRAM when shallow or tiny, else the better
    packing of BRAM and URAM); then memories move between BRAM and URAM, best packing first, until
    both fit, and buffers fall back to LUTRAM. Weights never go to LUTRAM unless shallow."""
    styles: list[str] = []
    cost: list[tuple[int, float, int]] = []
    for _, mem, fixed in items:
        if fixed:
            style = fixed
        elif mem.depth <= 64 or mem.bits <= 2048:
            style = "lutram"
        else:
            b, u = mem.cost("bram")[1], mem.cost("uram")[2]
            style = "uram" if u and mem.bits / (u * 294912) > mem.bits / (b * 36864) else "bram"
        styles.append(style)
        cost.append(mem.cost(style))
    used = {"bram": sum(c[1] for c in cost), "uram": sum(c[2] for c in cost), "lut": sum(c[0] for c in cost)}

    def move(src: str, dst: str, idx: list[int]) -> None:
        cap_src, cap_dst = caps["bram36" if src == "bram" else src], caps["bram36" if dst == "bram" else dst]
        for i in idx:
            if used[src] <= cap_src:
                return
            new = items[i][1].cost("lutram" if dst == "lut" else dst)
            gain = {"bram": new[1], "uram": new[2], "lut": new[0]}[dst]
            if used[dst] + gain > (lut_free if dst == "lut" else cap_dst):
                continue
            old = cost[i]
            used["lut"] += new[0] - old[0]
            used["bram"] += new[1] - old[1]
            used["uram"] += new[2] - old[2]
            styles[i], cost[i] = ("lutram" if dst == "lut" else dst), new

    movable = [i for i, (_, m, fixed) in enumerate(items) if not fixed and styles[i] in ("bram", "uram")]
    ratio = {i: items[i][1].cost("bram")[1] / max(1, items[i][1].cost("uram")[2]) for i in movable}
    move("bram", "uram", sorted((i for i in movable if styles[i] == "bram"), key=lambda i: -ratio[i]))
    move("uram", "bram", sorted((i for i in movable if styles[i] == "uram"), key=lambda i: ratio[i]))
    move("bram", "lut", sorted((i for i in movable if styles[i] == "bram" and items[i][1].role != "weights"),
                               key=lambda i: items[i][1].bits))
    overflow = used["bram"] > caps["bram36"] + 1e-9 or used["uram"] > caps["uram"] or used["lut"] > lut_free
    return styles, used, overflow


def evaluate(ug: UnitGraph, folding: dict[str, UnitFold], device: Device, clock_mhz: float | None = None,
             cfg: HwConfig | None = None, budget: dict[str, float] | None = None) -> DesignPoint:
    """Cost of one design point (folding for every non-FIFO unit) on ``device``."""
    cfg, budget = cfg or HwConfig(), dict(budget or {})
    clock = float(clock_mhz or device.clock_mhz)
    costs = {u.name: unit_cost(u, folding[u.name].simd, folding[u.name].pe, cfg)
             for u in ug.units if u.kind != "fifo"}
    caps = {r: device.capacity(r) * budget.get(r, 1.0) for r in RESOURCES}
    logic_lut = sum(c.lut for c in costs.values())
    fixed_ddr = {n for n, f in folding.items() if f.mem == "ddr"}
    # On-chip bits saved by streaming a unit's weights, minus its tile and input-frame buffers; the
    # first choice also counts the frame-deep shortcut FIFO it forces (unless a frame barrier, the
    # shift-MLP gather, precedes it anyway).
    saved = {u.name: costs[u.name].memories[0].bits - sum(m.bits for m in _streaming_memories(u, costs[u.name]))
             for u in ug.units if u.kind in ("mvau", "shift_mvau", "dsp_mvau") and folding[u.name].mem is None}
    penalty = {n: 0 if ug.by_name[n].kind == "shift_mvau" else ug.by_name[n].pixels * ug.by_name[n].mh * cfg.act_bits
               for n in saved}
    candidates = sorted((n for n, b in saved.items() if b > penalty[n]), key=lambda n: penalty[n] - saved[n])
    candidates += sorted((n for n, b in saved.items() if penalty[n] >= b > 0), key=lambda n: -saved[n])
    first = sum(1 for n, b in saved.items() if b > penalty[n])

    def attempt(ddr: set[str], dbuf: set[str] = frozenset()):
        t, s = _timing(ug, costs, ddr)
        fifo_costs = {f: unit_cost(ug.by_name[f], 1, folding[ug.fifos[f]].pe, cfg, _fifo_elems(ug, t, s, f))
                      for f in ug.fifos}
        allc = {**costs, **fifo_costs}
        items: list[tuple[str, Memory, str | None]] = []
        weights: list[tuple[str, Memory, str | None]] = []
        for name, c in allc.items():
            for m in c.memories:
                fixed = folding[name].mem if name in folding and m.role == "weights" else None
                if (m.role == "weights" and name in ddr) or (m.sequential and name in dbuf):
                    fixed = "ddr"
                (weights if m.role == "weights" and not fixed else items).append((name, m, fixed))
            if name in ddr:
                items += [(name, m, None) for m in _streaming_memories(ug.by_name[name], c)]
        weights.sort(key=lambda it: -it[1].bits)
        order = items + weights
        readers = DDR_READER_LUT * (len(ddr) + len(dbuf))
        styles, used, overflow = _place(order, caps, caps["lut"] - logic_lut - readers)
        return t, s, allc, order, styles, overflow, ddr, dbuf

    def fewest(n: int, fits) -> int:
        """Smallest k in [0, n] with fits(k) (assumed monotone), n when none fits."""
        lo, hi = 0, n
        while lo < hi:
            mid = (lo + hi) // 2
            if fits(mid):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def spill(k: int) -> set[str]:
        return fixed_ddr | set(candidates[:k])

    def park(ddr: set[str]):
        """The fewest FIFOs / context frames parked in DDR that make ``ddr`` fit."""
        allc = attempt(ddr)[2]
        seq = sorted((n for n, c in allc.items() if c.kind in ("fifo", "context")),
                     key=lambda n: -sum(m.bits for m in allc[n].memories if m.sequential))
        k = fewest(len(seq), lambda k: not attempt(ddr, set(seq[:k]))[5])
        return attempt(ddr, set(seq[:k]))

    result = attempt(spill(0))
    if result[5]:  # does not fit: stream the fewest weights that make it fit
        k = fewest(first, lambda k: not attempt(spill(k))[5])
        result = attempt(spill(k))
    if result[5]:  # still not: park the largest FIFOs / context frames in DDR (written and read once)
        result = park(spill(first))
    if result[5] and len(candidates) > first:  # and stream the other weights too
        parked_all = set(ug.fifos) | {u.name for u in ug.units if u.kind == "context"}
        k = fewest(len(candidates) - first, lambda k: not attempt(spill(first + k), parked_all)[5])
        result = park(spill(first + k))
    t, s, allc, order, styles, _, ddr, dbuf = result
    return _collect(ug, device, clock, budget, allc, order, styles, ddr | dbuf, t, s)


def _collect(ug, device, clock, budget, allc, order, styles, streams, t, s) -> DesignPoint:
    rows = {name: UnitRow(c, ug.by_name[name].source, t.get(name, 0), c.lut, c.ff) for name, c in allc.items()}
    ddr_bits = 0
    for (name, mem, _), style in zip(order, styles):
        row = rows[name]
        luts, bram, uram = mem.cost(style)
        row.lut += luts
        row.lutram += luts
        row.bram36 += bram
        row.uram += uram
        if mem.role == "weights":
            row.mem, row.weight_bits = style, row.weight_bits + mem.bits
        else:
            row.buffer_bits += mem.bits
        if style == "ddr":  # weights are read once per frame, parked buffers written and read once
            ddr_bits += mem.bits if mem.role == "weights" else 2 * mem.bits
            if mem.role != "weights":
                row.mem = "ddr"
    for name in streams:
        rows[name].lut += DDR_READER_LUT
        rows[name].ff += DDR_READER_FF
    ordered = [rows[u.name] for u in ug.units]
    totals = {"lut": sum(r.lut for r in ordered), "ff": sum(r.ff for r in ordered),
              "bram36": sum(r.bram36 for r in ordered), "uram": sum(r.uram for r in ordered),
              "dsp": sum(r.cost.dsp for r in ordered), "lutram": sum(r.lutram for r in ordered)}
    bottleneck = max(ordered, key=lambda r: r.cost.cycles)
    ii = bottleneck.cost.cycles
    ddr_bytes = ddr_bits // 8
    fps_ddr = device.ddr_gbps * 1e9 / ddr_bytes if ddr_bytes else math.inf
    out = next(u.name for u in reversed(ug.units) if u.kind != "fifo")
    lanes = sum(r.cost.simd * r.cost.pe for r in ordered if r.cost.kind in XNOR_KINDS)
    return DesignPoint(ug.name, device, clock, ordered, totals, ii, bottleneck.cost.name, clock * 1e6 / ii,
                       fps_ddr, t[out] + s[out], lanes, ug.bops, ddr_bytes, budget)
