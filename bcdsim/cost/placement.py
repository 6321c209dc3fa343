"""Where every memory of the design lives: LUTRAM, BRAM, URAM or DDR (docs/hardware_units.md §7).

Every memory first takes its preferred style (LUTRAM when shallow or tiny, else the better packing
of BRAM and URAM); then memories move between BRAM and URAM, best packing first, until both fit
their budget, and buffers fall back to LUTRAM within the LUT-as-memory share of the device (the
SLICEM LUTs, itself within the LUT budget left by the logic). When the weights still do not fit,
``fit`` streams the largest 1x1 / shift-MLP weight matrices from DDR (the tile schedule) and plans
again. FIFOs are memories too (SRLs when shallow). The styles are written into the design, which
the HLS and RTL backends bind as they are.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bcdsim.cost.devices import Device
from bcdsim.cost.memory import memory_cost, preferred_style
from bcdsim.design.build import assemble, ddr_capable
from bcdsim.design.fifos import estimate_fifos, size_fifos
from bcdsim.design.plan import Planned
from bcdsim.design.units import Design, Fold, Memory, Stream
from bcdsim.ir.graph import Graph


def fifo_memory(s: Stream) -> Memory:
    return Memory(s.name, "fifo", s.word_bits, s.depth, sequential=True, style=s.style)


@dataclass
class Usage:
    lut: float = 0.0  # LUTs used as memory
    bram36: float = 0.0
    uram: float = 0.0

    def add(self, cost: tuple[int, float, int], sign: int = 1) -> None:
        self.lut += sign * cost[0]
        self.bram36 += sign * cost[1]
        self.uram += sign * cost[2]


def _caps(device: Device, budget: Mapping[str, float]) -> dict[str, float]:
    """Memory capacities within the budget; the LUTs used as memory must also fit the SLICEM share
    (the total LUT budget, logic included, is the price's check)."""
    return {"bram36": device.bram36 * budget.get("bram36", 1.0), "uram": device.uram * budget.get("uram", 1.0),
            "lut": device.lutram_luts * budget.get("lut", 1.0)}


def place(design: Design, device: Device, budget: Mapping[str, float]) -> dict[str, float]:
    """Set every memory's and FIFO's style in place; returns what is over its budget (empty: fits)."""
    items: list[tuple[object, int, Memory]] = []  # (owner: unit or stream, index, memory)
    for u in design.units:
        items += [(u, i, m) for i, m in enumerate(u.memories)]
    items += [(s, -1, fifo_memory(s)) for s in design.streams if not s.bank]  # a bank hand-over is no FIFO
    has_uram = device.uram > 0
    styles = [m.style or preferred_style(m, has_uram) for _, _, m in items]
    fixed = [bool(m.style) for _, _, m in items]
    usage = Usage()
    for (_, _, m), st in zip(items, styles):
        usage.add(memory_cost(m, st))
    caps = _caps(device, budget)

    def move(src: str, dst: str, order: list[int]) -> None:
        key = {"bram": "bram36", "uram": "uram", "lutram": "lut"}
        for i in order:
            if getattr(usage, key[src]) <= caps[key[src]] + 1e-9:
                return
            m = items[i][2]
            new = memory_cost(m, dst)
            gain = {"bram": new[1], "uram": new[2], "lutram": new[0]}[dst]
            if getattr(usage, key[dst]) + gain > caps[key[dst]] + 1e-9:
                continue
            usage.add(memory_cost(m, styles[i]), -1)
            usage.add(new)
            styles[i] = dst

    movable = [i for i, (_, _, m) in enumerate(items) if not fixed[i] and styles[i] in ("bram", "uram")]
    ratio = {i: memory_cost(items[i][2], "bram")[1] / max(1, memory_cost(items[i][2], "uram")[2]) for i in movable}
    if has_uram:
        move("bram", "uram", sorted((i for i in movable if styles[i] == "bram"), key=lambda i: -ratio[i]))
        move("uram", "bram", sorted((i for i in movable if styles[i] == "uram"), key=lambda i: ratio[i]))
    shallow = [i for i in range(len(items)) if not fixed[i] and styles[i] == "lutram"]
    lut_cost = {i: memory_cost(items[i][2], "lutram")[0] for i in shallow}
    for dst in ("bram", "uram") if has_uram else ("bram",):  # too many LUTs as memory: the widest go to RAMs
        move("lutram", dst, sorted((i for i in shallow if styles[i] == "lutram"), key=lambda i: -lut_cost[i]))
    move("bram", "lutram", sorted((i for i in movable if styles[i] == "bram" and items[i][2].role != "weights"),
                                  key=lambda i: items[i][2].bits))
    for (owner, idx, m), st in zip(items, styles):
        if idx < 0:
            owner.style = st
        else:
            owner.memories[idx] = replace(m, style=st)
    return {r: round(getattr(usage, a) - caps[a], 3) for r, a in (("bram36", "bram36"), ("uram", "uram"),
                                                                   ("lutram", "lut"))
            if getattr(usage, a) > caps[a] + 1e-9}


DDR_FIFO_MIN_BITS = 65536  # FIFOs smaller than this stay on chip


def ddr_candidates(design: Design, chosen: set[str]) -> list[tuple[str, int]]:
    """(unit or stream, on-chip bits it frees) that may move to DDR, largest first: the weights of
    XNOR units and vector units (``bcdsim.design.build.ddr_capable``; the tile schedule's input
    bank and weight tile stay on chip, so a unit frees its weights minus those), and deep FIFOs
    (written and read once per frame)."""
    out = []
    for u in design.units:
        if not (u.primary and ddr_capable(u.kind, u.geometry)) or u.name in chosen:
            continue
        g, f = u.geometry, u.fold
        extra = 0
        if g.out_pixels > 1:  # the tile schedule's partial sums and (without a gather) its input bank
            extra = g.out_pixels * f.pe * 16 + (0 if g.branches == 3 else 2 * g.pixels * g.channels)
        freed = u.memories[0].bits - extra
        if freed > 0:
            out.append((u.name, freed))
    out += [(s.name, fifo_memory(s).bits) for s in design.streams
            if not s.bank and s.name not in chosen and fifo_memory(s).bits >= DDR_FIFO_MIN_BITS]
    return sorted(out, key=lambda x: -x[1])


def fit(hw: Graph, planned: list[Planned], folding: Mapping[str, Fold], device: Device,
        budget: Mapping[str, float], mem: Mapping[str, str] | None = None, name: str = "design",
        source: str = "default", exact: bool = True) -> tuple[Design, dict[str, float]]:
    """The design at ``folding`` with FIFO depths and memory styles, moving the fewest (largest)
    weight matrices and FIFOs to DDR that make the on-chip memories fit; ``mem`` fixes the style
    of some units' weights (``ddr`` streams them). ``exact``: FIFO depths from the schedule replay
    (kept in ``design.timing``), else the optimizer's quick estimate. Returns the design with what
    is still over budget (empty when it fits)."""
    mem = dict(mem or {})
    chosen = {n for n, style in mem.items() if style == "ddr"}
    while True:
        units = frozenset(n for n in chosen if n in {p.name for p in planned})
        design = assemble(hw, planned, folding, units, name, source)
        for unit, style in mem.items():
            if style != "ddr":
                u = design.unit(unit)
                u.memories[0] = replace(u.memories[0], style=style)
        if exact:
            design.timing = size_fifos(design)
        else:
            estimate_fifos(design)
        for st in design.streams:
            if st.name in chosen:
                st.style = "ddr"
        over = place(design, device, budget)
        if not over:
            return design, over
        need = over.get("bram36", 0) * 36864 + over.get("uram", 0) * 294912  # DDR frees block RAM only
        more = ddr_candidates(design, chosen)
        if not more or not need:
            return design, over
        saved = 0
        for item, bits in more:
            chosen.add(item)
            saved += bits
            if saved >= need:
                break
