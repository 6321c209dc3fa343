"""One entry point for the commands: model graph + device + target -> the priced design.

The design is built from the typed hardware graph (``bcdsim verify``'s hw mode: hardware passes
and fixed-point types profiled on the model's calibration inputs), so the cost model prices
exactly the units, folding, memories and FIFOs that ``bcdsim generate`` and ``bcdsim rtl`` emit.
"""
from __future__ import annotations

from dataclasses import dataclass

from bcdsim.cost.devices import Device, get_device
from bcdsim.cost.folding import Search, for_fps, within_budget
from bcdsim.cost.limits import check_clock
from bcdsim.cost.price import DesignPoint, parse_budget
from bcdsim.design.folding import default_fold
from bcdsim.design.folding_file import load_folding
from bcdsim.design.plan import plan
from bcdsim.design.units import Design
from bcdsim.errors import UserError
from bcdsim.ir.graph import Graph


@dataclass
class Estimate:
    point: DesignPoint
    how: str  # what chose the folding, for reports
    search: Search

    @property
    def design(self) -> Design:
        return self.point.design


def typed_hardware(graph: Graph, input_shape: tuple[int, ...]) -> Graph:
    """The typed hardware graph every backend builds from (profiled on the model's calibration inputs)."""
    from bcdsim.hw.samples import samples_for
    from bcdsim.hw.verify import hardware_graph

    return hardware_graph(graph, samples_for(input_shape).calibration)


def estimate(hw: Graph, device: str | Device, clock_mhz: float | None = None, fps: float | None = None,
             budget: str | None = None, folding: str | None = None, bops: int = 0, name: str = "model") -> Estimate:
    """Price a folding file, the default folding (``folding='default'``), or the optimizer's choice:
    the cheapest folding reaching ``fps`` (within the device, or ``budget`` when given), else the
    fastest folding within ``budget`` (default: 70% of the LUTs, 80% of the block and ultra RAMs)."""
    dev = device if isinstance(device, Device) else get_device(device)
    clock = check_clock(clock_mhz)
    if fps is not None and folding is not None:
        raise UserError("give either --fps or --folding, not both")
    planned = plan(hw)
    # A frames/s target is held to the device itself unless a budget is given.
    limits = parse_budget(budget) if budget is not None or fps is None else {}
    if folding not in (None, "auto", "default"):
        f = load_folding(folding, hw, planned)
        clock = clock or f.header.get("clock_mhz")
        search = Search(hw, planned, dev, float(clock or dev.clock_mhz), limits, bops, name)
        return Estimate(search.point(f.folding, f.mem, f"folding file {f.path}"), f"folding file {f.path}", search)
    search = Search(hw, planned, dev, float(clock or dev.clock_mhz), limits, bops, name)
    if folding == "default":
        values = {p.name: default_fold(p) for p in planned}
        return Estimate(search.point(values, source="default folding"), "bcdsim's default folding", search)
    if fps is not None:
        return Estimate(for_fps(search, fps), f"cheapest folding for {fps:g} fps", search)
    shown = ", ".join(f"{r}={v:g}" for r, v in limits.items())
    return Estimate(within_budget(search), f"fastest folding within {shown}", search)
