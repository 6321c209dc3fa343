"""One entry point for the CLI: graph + device + target -> (units, design point, folding)."""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from bcdsim.cost.devices import Device, get_device
from bcdsim.cost.folding import optimize
from bcdsim.cost.folding_file import load_folding
from bcdsim.cost.mapping import UnitGraph, unit_graph
from bcdsim.cost.network import DesignPoint, UnitFold, evaluate, parse_budget
from bcdsim.cost.units import HwConfig
from bcdsim.errors import UserError
from bcdsim.ir.graph import Graph

log = logging.getLogger(__name__)

# Without --fps or --budget: the fastest folding within 70% of the LUTs (routing headroom) and
# every other resource of the device.
DEFAULT_BUDGET = "lut=0.7"


@dataclass(frozen=True)
class Design:
    units: UnitGraph
    point: DesignPoint
    folding: dict[str, UnitFold]
    how: str  # what chose the folding, for reports


def check_clock(clock_mhz: float | None) -> float | None:
    if clock_mhz is not None and not 0 < clock_mhz <= 1000:
        raise UserError(f"--clock must be in (0, 1000] MHz, got {clock_mhz:g}")
    return clock_mhz


def check_fps(fps: float | None) -> float | None:
    if fps is not None and not (math.isfinite(fps) and fps > 0):
        raise UserError(f"--fps must be a positive, finite number of frames/s, got {fps:g}")
    return fps


def design(graph: Graph, device: str | Device, clock_mhz: float | None = None, fps: float | None = None,
           budget: str | None = None, folding_path: str | None = None, cfg: HwConfig | None = None) -> Design:
    """Evaluate a folding file, or optimise for ``fps`` or ``budget`` (default ``DEFAULT_BUDGET``)."""
    dev = device if isinstance(device, Device) else get_device(device)
    clock = check_clock(clock_mhz)
    check_fps(fps)
    if sum(x is not None for x in (fps, budget, folding_path)) > 1:
        raise UserError("give only one of --fps, --budget and --folding")
    ug = unit_graph(graph, cfg)
    if folding_path:
        folding, header = load_folding(folding_path, ug)
        clock = clock or header.get("clock_mhz")
        point = evaluate(ug, folding, dev, clock, cfg)
        return Design(ug, point, folding, f"folding file {folding_path}")
    parsed = parse_budget(budget or DEFAULT_BUDGET) if fps is None else {}
    point, folding = optimize(ug, dev, clock, fps=fps, budget=parsed, cfg=cfg)
    how = f"cheapest folding for {fps:g} fps" if fps is not None else \
        f"fastest folding within {budget or DEFAULT_BUDGET}"
    return Design(ug, point, folding, how)
