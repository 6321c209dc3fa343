"""Folding optimizer: SIMD / PE per unit for a frames/s target or a resource budget.

For a target initiation interval T (cycles per frame) every unit independently takes its cheapest
folding whose cycles are <= T, so no unit is needlessly faster than the slowest one (balanced
pipeline). Matrix units choose together with the units tied to their SIMD (sliding window,
shift-MLP gather). Per unit, the options are precomputed once, sorted by cycles and a scalar
cost (LUT, FF, DSP and an on-chip memory estimate, each as a fraction of the
device, as a tie-break between options of equal cycles), so a design point costs one bisection
per unit plus the network evaluation.

- ``--fps N``: T = floor(f_clk / N); fails with the unit that cannot reach T, the resource that
  overflows the device, or the DDR bandwidth bound.
- ``--budget lut=0.7,bram=0.8``: the smallest T whose design fits the budget (a coarse scan of the
  achievable cycle counts, then bisection), then relaxed while DDR bandwidth binds, since extra
  lanes buy nothing.

The chosen folding is saved with ``bcdsim.cost.folding_file``.
"""
from __future__ import annotations

import bisect
import logging
import math
import weakref
from dataclasses import dataclass

from bcdsim.cost.devices import RESOURCES, Device
from bcdsim.cost.mapping import UnitGraph
from bcdsim.cost.memory import default_style
from bcdsim.cost.network import DesignPoint, UnitFold, evaluate
from bcdsim.cost.units import MATRIX_KINDS, TIED_KINDS, HwConfig, pe_options, simd_options, unit_cost
from bcdsim.errors import UserError

log = logging.getLogger(__name__)
SCAN_POINTS = 24  # coarse scan of the budget search


@dataclass(frozen=True)
class _Options:
    cycles: tuple[int, ...]  # ascending
    folds: tuple[tuple[int, int], ...]  # (simd, pe), same order; equal cycles cheapest first


def _option_table(ug: UnitGraph, device: Device, cfg: HwConfig) -> dict[str, _Options]:
    followers: dict[str, list] = {}
    for u in ug.units:
        if u.kind in TIED_KINDS:
            followers.setdefault(u.tied_to, []).append(u)
    caps = {r: max(1.0, device.capacity(r)) for r in RESOURCES}

    def scalar(costs) -> float:
        lut = sum(c.lut for c in costs)
        bram = 0.0
        for c in costs:
            for m in c.memories:
                luts, b, _ = m.cost(default_style(m))
                lut, bram = lut + luts, bram + b
        return (lut / caps["lut"] + sum(c.ff for c in costs) / caps["ff"] + sum(c.dsp for c in costs) / caps["dsp"]
                + bram / caps["bram36"])

    table: dict[str, _Options] = {}
    for u in ug.units:
        if u.kind in TIED_KINDS or u.kind == "fifo":
            continue
        rows = []
        for s in simd_options(u):
            for p in pe_options(u):
                costs = [unit_cost(u, s, p, cfg)] + [unit_cost(f, s, 1, cfg) for f in followers.get(u.name, ())]
                rows.append((max(c.cycles for c in costs), scalar(costs), s, p))
        rows.sort()
        table[u.name] = _Options(tuple(r[0] for r in rows), tuple((r[2], r[3]) for r in rows))
    return table


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def option_table(ug: UnitGraph, device: Device, cfg: HwConfig | None = None) -> dict[str, _Options]:
    cfg = cfg or HwConfig()
    per = _TABLES.setdefault(ug, {})
    key = (device, cfg)
    if key not in per:
        per[key] = _option_table(ug, device, cfg)
    return per[key]


def fold_for_cycles(ug: UnitGraph, target: int, device: Device, cfg: HwConfig | None = None
                    ) -> tuple[dict[str, UnitFold], list[str]]:
    """Cheapest folding with every unit at <= ``target`` cycles; units that cannot get there run
    fully unfolded and are returned as the second value."""
    table = option_table(ug, device, cfg)
    folding: dict[str, UnitFold] = {}
    too_slow = []
    for name, opt in table.items():
        i = bisect.bisect_right(opt.cycles, target) - 1
        if i < 0:
            too_slow.append(name)
            i = 0
        # Balance first: the slowest option still meeting the target; among equal cycles the cheapest
        # (options are sorted by cycles, then cost).
        s, p = opt.folds[bisect.bisect_left(opt.cycles, opt.cycles[i])]
        folding[name] = UnitFold(s, p)
    for u in ug.units:
        if u.kind in TIED_KINDS:
            folding[u.name] = UnitFold(folding[u.tied_to].simd, 1)
    return folding, too_slow


def candidate_cycles(ug: UnitGraph, device: Device, cfg: HwConfig | None = None) -> list[int]:
    """Every cycle count some unit can reach, from the fastest feasible pipeline upwards."""
    table = option_table(ug, device, cfg)
    floor = max(opt.cycles[0] for opt in table.values())  # the slowest unit fully unfolded
    ceiling = max(opt.cycles[-1] for opt in table.values())
    return sorted({c for opt in table.values() for c in opt.cycles if floor <= c <= ceiling} | {floor, ceiling})


def _top(point: DesignPoint, resource: str, n: int = 3) -> str:
    key = {"bram36": lambda r: r.bram36, "uram": lambda r: r.uram, "dsp": lambda r: r.cost.dsp,
           "ff": lambda r: r.ff, "lut": lambda r: r.lut}[resource]
    rows = sorted(point.rows, key=key, reverse=True)[:n]
    return ", ".join(f"{r.cost.name} {key(r):,.0f}" for r in rows if key(r))


def explain_over(point: DesignPoint, budget: dict[str, float]) -> str:
    parts = []
    for r in point.over(budget):
        parts.append(f"{r} {point.totals[r]:,.0f} = {100 * point.utilisation(r):.0f}% of {point.device.name} "
                     f"> {100 * budget.get(r, 1.0):.0f}% (largest: {_top(point, r)})")
    return "; ".join(parts)


def optimize(ug: UnitGraph, device: Device, clock_mhz: float | None = None, fps: float | None = None,
             budget: dict[str, float] | None = None, cfg: HwConfig | None = None
             ) -> tuple[DesignPoint, dict[str, UnitFold]]:
    """The cheapest balanced folding reaching ``fps``, or the fastest one within ``budget``."""
    clock = float(clock_mhz or device.clock_mhz)
    f_clk = clock * 1e6
    if fps is not None:
        return _for_fps(ug, device, clock, fps, budget or {}, cfg)
    budget = budget or {}
    cands = candidate_cycles(ug, device, cfg)

    def point_at(c: int) -> tuple[DesignPoint, dict[str, UnitFold]]:
        folding, _ = fold_for_cycles(ug, c, device, cfg)
        return evaluate(ug, folding, device, clock, cfg, budget), folding

    # Feasibility is not monotone in T (memory packing changes with the word widths), so scan a
    # log-spaced subset from the fastest end, then bisect between the last misfit and the first fit.
    step = max(1, len(cands) // SCAN_POINTS)
    scan = list(range(0, len(cands), step)) + [len(cands) - 1]
    best, lo = None, 0
    for i in scan:
        p = point_at(cands[i])
        if not p[0].over(budget):
            best, hi = p, i
            break
        lo = i + 1
    if best is None:
        last = p[0]
        raise UserError(f"{ug.name} does not fit {device.name} at any folding (at the slowest, "
                        f"{last.fps:,.1f} fps, even with weights and FIFOs in DDR): {explain_over(last, budget)}")
    while lo < hi:
        mid = (lo + hi) // 2
        p = point_at(cands[mid])
        if p[0].over(budget):
            lo = mid + 1
        else:
            hi, best = mid, p
    for _ in range(4):  # DDR-bound: relax the pipeline to the bandwidth, which frees resources
        point = best[0]
        if point.bound != "ddr":
            break
        i = bisect.bisect_left(cands, math.ceil(f_clk / point.fps_ddr))
        if i >= len(cands) or cands[i] <= point.cycles:
            break
        relaxed = point_at(cands[i])
        if relaxed[0].over(budget) or relaxed[0].fps < point.fps * 0.999:
            break
        best = relaxed
    log.info("%s on %s: %d cycles/frame, %.1f fps", ug.name, device.name, best[0].cycles, best[0].fps)
    return best


def _for_fps(ug: UnitGraph, device: Device, clock: float, fps: float, budget: dict[str, float],
             cfg: HwConfig | None) -> tuple[DesignPoint, dict[str, UnitFold]]:
    if fps <= 0:
        raise UserError(f"the frames/s target must be positive, got {fps}")
    target = math.floor(clock * 1e6 / fps)
    folding, too_slow = fold_for_cycles(ug, target, device, cfg)
    if too_slow:
        table = option_table(ug, device, cfg)
        worst = max(too_slow, key=lambda n: table[n].cycles[0])
        floor = table[worst].cycles[0]
        raise UserError(f"{fps:,.0f} fps needs <= {target:,} cycles/frame at {clock:g} MHz, but unit '{worst}' "
                        f"needs >= {floor:,} even fully unfolded (at most {clock * 1e6 / floor:,.0f} fps; "
                        f"{len(too_slow)} unit(s) too slow)")
    point = evaluate(ug, folding, device, clock, cfg, budget)
    if point.over(budget):
        raise UserError(f"{fps:,.0f} fps does not fit {device.name}: {explain_over(point, budget)}")
    if point.fps_ddr < fps:
        raise UserError(f"{fps:,.0f} fps is out of reach on {device.name}: weights of "
                        f"{sum(1 for r in point.rows if r.mem == 'ddr')} unit(s) stream from DDR "
                        f"({point.ddr_bytes / 1e6:.2f} MB/frame), and {device.ddr_gbps:g} GB/s bounds the "
                        f"rate at {point.fps_ddr:,.0f} fps")
    return point, folding


def sweep_cycles(ug: UnitGraph, device: Device, points: int, cfg: HwConfig | None = None) -> list[int]:
    """Up to ``points`` achievable targets, log-spaced from the fastest to the slowest pipeline."""
    cands = candidate_cycles(ug, device, cfg)
    lo, hi = math.log(cands[0]), math.log(cands[-1])
    picks = {cands[min(len(cands) - 1, bisect.bisect_left(cands, math.exp(lo + (hi - lo) * i / max(1, points - 1))))]
             for i in range(points)}
    for c in cands:  # few distinct log-spaced picks: fill from the fast end, where the front bends
        if len(picks) >= points:
            break
        picks.add(c)
    return sorted(picks)


def explore(ug: UnitGraph, device: Device, clock_mhz: float | None, targets: list[int],
            cfg: HwConfig | None = None, budget: dict[str, float] | None = None, progress=None
            ) -> list[tuple[DesignPoint, dict[str, UnitFold]]]:
    """One balanced design point per target cycle count (``sweep_cycles``)."""
    out = []
    for c in targets:
        folding, _ = fold_for_cycles(ug, c, device, cfg)
        out.append((evaluate(ug, folding, device, clock_mhz, cfg, budget), folding))
        if progress:
            progress()
    return out


def pareto(points: list[DesignPoint]) -> list[DesignPoint]:
    """Points no other point beats on both frames/s (higher) and LUTs (lower), by LUTs ascending."""
    front, best = [], -1.0
    for p in sorted(points, key=lambda p: (p.totals["lut"], -p.fps)):
        if p.fps > best:
            front.append(p)
            best = p.fps
    return front


def matrix_units(ug: UnitGraph) -> list[str]:
    return [u.name for u in ug.units if u.kind in MATRIX_KINDS]
