"""Counted cycles per frame of every unit (the C simulation's BCD_COUNT) next to the cost model's
(``bcdsim.cost.units.unit_cycles`` of the same design unit), and what they give for the design."""
from __future__ import annotations

from bcdsim.cost.units import unit_cycles
from bcdsim.design import units as k

NOTE = ("counted cycles are a lower bound: one cycle per pipelined loop iteration, i.e. every loop reaches the "
        "II = 1 it requests; stalls on FIFOs and DDR and pipeline fill are not counted")


def report(d, counted: dict[str, dict]) -> dict:
    """``counted``: the counters' registry ({process: {frames, total, min, max}})."""
    units, names = [], set()
    for u in d.design.units:
        if u.kind == k.INPUT:  # the input port, no process
            continue
        names.add(u.name)
        c = counted.get(u.name)
        units.append({"name": u.name, "kind": u.kind, "predicted_cycles": unit_cycles(u),
                      "counted_cycles": None if c is None else c["max"],
                      "counted_min": None if c is None else c["min"], "frames": 0 if c is None else c["frames"]})
    extra = [{"name": n, "counted_cycles": c["max"], "frames": c["frames"]} for n, c in sorted(counted.items())
             if n not in names]
    seen = [u for u in units if u["counted_cycles"] is not None]
    counted_ii = max((u["counted_cycles"] for u in seen), default=0)
    predicted_ii = max(u["predicted_cycles"] for u in units)
    clock = d.clock_mhz
    slowest = max(seen, key=lambda u: u["counted_cycles"])["name"] if seen else None
    return {"units": units, "extra_processes": extra, "missing": [u["name"] for u in units if u not in seen],
            "counted_ii": counted_ii, "predicted_ii": predicted_ii, "bottleneck": slowest,
            "predicted_bottleneck": d.point.bottleneck, "clock_mhz": clock,
            "counted_fps": round(clock * 1e6 / counted_ii, 3) if counted_ii else None,
            "predicted_fps": round(clock * 1e6 / predicted_ii, 3),
            "predicted_fps_with_ddr": round(d.point.fps, 3), "note": NOTE}
