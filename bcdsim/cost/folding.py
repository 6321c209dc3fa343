"""Folding optimizer: SIMD / PE per unit for a frames/s target or a resource budget.

For a target initiation interval T (cycles per frame) every unit independently takes its
*cheapest* folding whose cycles (the slowest of its processes: its window, gather or scan
included) are <= T. Cost is a scalar: LUT, FF and DSP of the unit's logic plus its memories in
their preferred style, each as a fraction of the device, so a folding whose weight tiles waste
block RAM (a wide, shallow SIMD x PE word) loses to one of equal speed that packs them. Options
are tabulated once per distinct unit shape, so a design point costs one bisection per unit, the
placement of its memories and one schedule replay.

- ``--fps N``: T = floor(f_clk / N); fails naming the unit that cannot reach T, the resource
  over budget, or the DDR bandwidth bound.
- ``--budget``: the smallest T whose placed design fits the budget (a coarse scan of the
  achievable cycle counts, then bisection), then relaxed while DDR bandwidth binds, since extra
  lanes buy nothing there.
"""
from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass

from bcdsim.cost.devices import Device
from bcdsim.cost.memory import memory_cost, preferred_style
from bcdsim.cost.placement import fit
from bcdsim.cost.price import DesignPoint, price
from bcdsim.cost.units import logic, unit_cycles
from bcdsim.design import units as k
from bcdsim.design.build import EXPANDERS, Assembler, ddr_capable
from bcdsim.design.folding import pe_options, simd_options
from bcdsim.design.plan import Planned
from bcdsim.design.units import Design, Fold
from bcdsim.errors import UserError
from bcdsim.ir.graph import Graph

log = logging.getLogger(__name__)
SCAN_POINTS = 24  # coarse scan of the budget search


def _prefix_best(costs: list[float]) -> tuple[int, ...]:
    best, current = [], 0
    for i, c in enumerate(costs):
        if c < costs[current]:
            current = i
        best.append(current)
    return tuple(best)


@dataclass(frozen=True)
class Options:
    """A unit's foldings sorted by cycles, their costs with the weights on chip and (units that
    may stream them) in DDR, and for each prefix the cheapest one (``best[i]``: index of the
    cheapest among ``cycles[:i+1]``)."""

    cycles: tuple[int, ...]
    folds: tuple[Fold, ...]
    costs: tuple[float, ...]
    ddr_costs: tuple[float, ...] | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "best", _prefix_best(list(self.costs)))
        object.__setattr__(self, "ddr_best", _prefix_best(list(self.ddr_costs)) if self.ddr_costs else None)

    def cheapest_within(self, target: int, ddr: bool = False) -> Fold | None:
        i = bisect.bisect_right(self.cycles, target) - 1
        best = self.ddr_best if ddr and self.ddr_best else self.best
        return self.folds[best[i]] if i >= 0 else None


def members(hw: Graph, p: Planned, fold: Fold, ddr: bool = False):
    """The units a primary unit and its folding make (before wiring)."""
    a = Assembler(hw)
    EXPANDERS[p.kind](a, p, fold, ddr)
    return a.units


def _shape_key(hw: Graph, p: Planned) -> tuple:
    dtypes = tuple(str(hw.node(t).dtype) for t in p.inputs + p.outputs)
    ops = tuple(type(hw.node(n).op).__name__ for n in p.nodes)
    return p.kind, p.geometry, dtypes, ops


def option_table(hw: Graph, planned: list[Planned], device: Device) -> dict[str, Options]:
    caps = {r: max(1.0, device.capacity(r)) for r in ("lut", "ff", "dsp", "bram36", "uram")}
    has_uram = device.uram > 0

    def cost(units) -> float:
        total = sum(x.lut / caps["lut"] + x.ff / caps["ff"] + x.dsp / caps["dsp"] for x in map(logic, units))
        for u in units:
            for m in u.memories:
                if m.style != "ddr":
                    luts, bram, uram = memory_cost(m, preferred_style(m, has_uram))
                    total += luts / caps["lut"] + bram / caps["bram36"] + uram / caps["uram"]
        return total

    cache: dict[tuple, Options] = {}
    table: dict[str, Options] = {}
    for p in planned:
        if p.kind == k.INPUT:
            continue
        key = _shape_key(hw, p)
        if key not in cache:
            value_bits = max(hw.node(t).dtype.bits for t in p.inputs) if p.inputs else 16
            out_bits = hw.node(p.outputs[0]).dtype.bits
            streams = ddr_capable(p.kind, p.geometry)
            rows = []
            for s in simd_options(p.kind, p.geometry, value_bits):
                for pe in pe_options(p.kind, p.geometry, out_bits):
                    units = members(hw, p, Fold(s, pe))
                    in_ddr = cost(members(hw, p, Fold(s, pe), True)) if streams else 0.0
                    rows.append((max(unit_cycles(u) for u in units), cost(units), in_ddr, s, pe))
            rows.sort()
            cache[key] = Options(tuple(r[0] for r in rows), tuple(Fold(r[3], r[4]) for r in rows),
                                 tuple(r[1] for r in rows), tuple(r[2] for r in rows) if streams else None)
        table[p.name] = cache[key]
    return table


def fold_for_cycles(table: Mapping[str, Options], target: int, ddr: frozenset[str] = frozenset()
                    ) -> tuple[dict[str, Fold], list[str]]:
    """Cheapest folding with every unit at <= ``target`` cycles (units in ``ddr`` priced with their
    weights streamed); units that cannot get there take their fastest option and are returned as
    the second value."""
    folding, too_slow = {}, []
    for name, opt in table.items():
        fold = opt.cheapest_within(target, name in ddr)
        if fold is None:
            too_slow.append(name)
            fold = opt.folds[0]
        folding[name] = fold
    return folding, too_slow


def candidate_cycles(table: Mapping[str, Options]) -> list[int]:
    """Every cycle count some unit can reach, from the fastest feasible pipeline upwards."""
    floor = max(opt.cycles[0] for opt in table.values())  # the slowest unit fully unfolded
    ceiling = max(opt.cycles[-1] for opt in table.values())
    return sorted({c for opt in table.values() for c in opt.cycles if floor <= c <= ceiling} | {floor, ceiling})


@dataclass
class Search:
    """What every design point of one model on one device shares."""

    hw: Graph
    planned: list[Planned]
    device: Device
    clock_mhz: float
    budget: dict[str, float]
    bops: int
    name: str
    table: dict[str, Options] | None = None

    def options(self) -> dict[str, Options]:
        if self.table is None:
            self.table = option_table(self.hw, self.planned, self.device)
        return self.table

    def point(self, folding: Mapping[str, Fold], mem: Mapping[str, str] | None = None, source: str = "optimizer",
              exact: bool = True) -> DesignPoint:
        """The priced design; ``exact=False`` (the search's probes) estimates FIFO depths and
        latency instead of replaying the schedules."""
        design, _ = fit(self.hw, self.planned, folding, self.device, self.budget, mem, self.name, source, exact)
        return price(design, self.device, self.clock_mhz, self.budget, self.bops, estimated=not exact)

    def at(self, target: int, exact: bool = False) -> DesignPoint:
        """The cheapest balanced folding for ``target``; where the placement streamed weights from
        DDR, those units are folded again for what they then cost (no weights on chip, the tile
        schedule's banks) and placed again."""
        table = self.options()
        folding, _ = fold_for_cycles(table, target)
        point = self.point(folding, exact=exact)
        streamed = frozenset(u.name for u in point.design.units if u.ddr or (u.primary and u.memories
                                                                              and u.memories[0].style == "ddr"))
        if streamed:
            refolded, _ = fold_for_cycles(table, target, streamed)
            if refolded != folding:
                point = self.point(refolded, {n: "ddr" for n in streamed}, exact=exact)
        return point

    def final(self, probe: DesignPoint) -> DesignPoint:
        """A probe again, with exact FIFO depths and latency (if it no longer fits, the caller's
        search steps back)."""
        streamed = {u.name: "ddr" for u in probe.design.units if u.primary and u.memories
                    and u.memories[0].role == "weights" and u.memories[0].style == "ddr"}
        return self.point(probe.design.folding(), streamed, source=probe.design.folding_source)


def _top(point: DesignPoint, resource: str, n: int = 3) -> str:
    rows = sorted(point.rows, key=lambda r: getattr(r, resource), reverse=True)[:n]
    return ", ".join(f"{r.name} {getattr(r, resource):,.0f}" for r in rows if getattr(r, resource))


def explain_over(point: DesignPoint, budget: dict[str, float]) -> str:
    return "; ".join(f"{r} {point.totals[r]:,.0f} = {100 * point.utilisation(r):.0f}% of {point.device.name} "
                     f"> {100 * budget.get(r, 1.0):.0f}% (largest: {_top(point, r)})" for r in point.over(budget))


def for_fps(search: Search, fps: float) -> DesignPoint:
    if not math.isfinite(fps) or fps <= 0:
        raise UserError(f"the frames/s target must be a positive number, got {fps}")
    target = math.floor(search.clock_mhz * 1e6 / fps)
    table = search.options()
    folding, too_slow = fold_for_cycles(table, target)
    if too_slow:
        worst = max(too_slow, key=lambda n: table[n].cycles[0])
        floor = table[worst].cycles[0]
        raise UserError(f"{fps:,.0f} fps needs <= {target:,} cycles/frame at {search.clock_mhz:g} MHz, but unit "
                        f"'{worst}' needs >= {floor:,} even fully unfolded (at most "
                        f"{search.clock_mhz * 1e6 / floor:,.0f} fps; {len(too_slow)} unit(s) too slow)")
    point = search.at(target, exact=True)  # exact FIFO depths
    if point.over():
        raise UserError(f"{fps:,.0f} fps does not fit {search.device.name}: {explain_over(point, search.budget)}")
    if point.fps_ddr < fps:
        streamed = sum(1 for r in point.rows for m in r.unit.memories if m.style == "ddr")
        raise UserError(f"{fps:,.0f} fps is out of reach on {search.device.name}: the weights of {streamed} unit(s) "
                        f"stream from DDR ({point.ddr_bytes / 1e6:.2f} MB/frame), and "
                        f"{search.device.ddr_sustained_gbps:g} GB/s sustained bounds the rate at "
                        f"{point.fps_ddr:,.0f} fps")
    return point


def within_budget(search: Search) -> DesignPoint:
    """The fastest balanced folding whose placed design fits the budget."""
    cands = candidate_cycles(search.options())
    # Feasibility is not monotone in T (memory packing changes with the word widths), so scan a
    # log-spaced subset from the fastest end, then bisect between the last misfit and the first fit.
    step = max(1, len(cands) // SCAN_POINTS)
    scan = list(range(0, len(cands), step)) + [len(cands) - 1]
    best, lo, hi, last = None, 0, 0, None
    for i in scan:
        last = search.at(cands[i])
        if not last.over():
            best, hi = last, i
            break
        lo = i + 1
    if best is None:
        raise UserError(f"{search.name} does not fit {search.device.name} at any folding (at the slowest, "
                        f"{last.fps:,.1f} fps, even with weights in DDR): {explain_over(last, search.budget)}")
    while lo < hi:
        mid = (lo + hi) // 2
        p = search.at(cands[mid])
        if p.over():
            lo = mid + 1
        else:
            hi, best = mid, p
    f_clk = search.clock_mhz * 1e6
    for _ in range(4):  # DDR-bound: relax the pipeline to the bandwidth, which frees resources
        if best.bound != "ddr":
            break
        i = bisect.bisect_left(cands, math.ceil(f_clk / best.fps_ddr))
        if i >= len(cands) or cands[i] <= best.cycles:
            break
        relaxed = search.at(cands[i])
        if relaxed.over() or relaxed.fps < best.fps * 0.999:
            break
        best, hi = relaxed, i
    final = search.final(best)  # exact FIFO depths: if they no longer fit, the next slower target
    while final.over() and hi + 1 < len(cands):
        hi += 1
        final = search.final(search.at(cands[hi]))
    if final.over():
        raise UserError(f"{search.name} does not fit {search.device.name} with exact FIFO depths: "
                        f"{explain_over(final, search.budget)}")
    best = final
    log.info("%s on %s: %d cycles/frame, %.1f fps", search.name, search.device.name, best.cycles, best.fps)
    return best


def sweep_cycles(table: Mapping[str, Options], points: int) -> list[int]:
    """Up to ``points`` achievable targets, log-spaced from the fastest to the slowest pipeline."""
    cands = candidate_cycles(table)
    lo, hi = math.log(cands[0]), math.log(cands[-1])
    picks = {cands[min(len(cands) - 1, bisect.bisect_left(cands, math.exp(lo + (hi - lo) * i / max(1, points - 1))))]
             for i in range(points)}
    for c in cands:  # few distinct log-spaced picks: fill from the fast end, where the front bends
        if len(picks) >= points:
            break
        picks.add(c)
    return sorted(picks)


def pareto(points: list[DesignPoint]) -> list[DesignPoint]:
    """Points no other point beats on both frames/s (higher) and LUTs (lower), by LUTs ascending."""
    front, best = [], -1.0
    for p in sorted(points, key=lambda p: (p.totals["lut"], -p.fps)):
        if p.fps > best:
            front.append(p)
            best = p.fps
    return front


def design_of(point: DesignPoint) -> Design:
    return point.design
