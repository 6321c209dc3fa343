"""The csynth report per design unit: Vitis HLS writes one ``<module>_csynth.xml`` per synthesized
function (``syn/report/``; newer versions also list them under ``ModuleInformation`` in the top's
report), each with its latency, interval and resources. A kernel instantiated for a unit is named
after its function and its config struct (``mvau_config8_stage_affine_..._s``), so the function
name and config index lead back to the layer and, within it, to the design unit it runs.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from bcdsim.design import units as k

# Kernel function -> the kind of the unit it runs, where a layer holds several units.
FUNCTION_KIND = {"gather_in": k.GATHER_IN, "gather_out": k.GATHER_OUT, "frame_in": k.FRAME_IN,
                 "frame_replay": k.FRAME_REPLAY, "context_scan": k.CONTEXT_SCAN, "context_replay": k.CONTEXT_REPLAY,
                 "tile_mvau": k.XNOR_MVAU, "frame_out": k.FRAME_OUT}
MODULE = re.compile(r"^(?P<fn>[A-Za-z_]+?)_config(?P<index>\d+)(?:_|$)")


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text not in (None, "", "undef") else None
    except ValueError:
        return None


def module_figures(node: ET.Element) -> dict:
    """Latency, interval and resources of one module's report (or ModuleInformation entry)."""
    lat = node.find("./PerformanceEstimates/SummaryOfOverallLatency")
    res = node.find("./AreaEstimates/Resources")

    def get(tag: str) -> int | None:
        return _int(res.findtext(tag)) if res is not None else None

    bram18 = get("BRAM_18K")
    return {"latency": _int(lat.findtext("Worst-caseLatency")) if lat is not None else None,
            "interval": _int(lat.findtext("Interval-max")) if lat is not None else None,
            "lut": get("LUT"), "ff": get("FF"), "bram36": None if bram18 is None else bram18 / 2,
            "uram": get("URAM"), "dsp": get("DSP") if get("DSP") is not None else get("DSP48E")}


def modules(report_dir: Path) -> dict[str, dict]:
    """Every module's figures: from the per-module reports and the top's ModuleInformation."""
    out: dict[str, dict] = {}
    for path in sorted(report_dir.glob("*_csynth.xml")):
        root = ET.parse(path).getroot()
        for mod in root.findall("./ModuleInformation/Module"):
            name = mod.findtext("Name")
            if name:
                out.setdefault(name, module_figures(mod))
        out[path.name[: -len("_csynth.xml")]] = module_figures(root)
    return out


def unit_of(layers, module: str) -> str | None:
    """The design unit a module runs (None: a module of no unit, e.g. a DDR streamer)."""
    m = MODULE.match(module)
    if m is None:
        return None
    layer = next((lay for lay in layers if lay.index == int(m.group("index"))), None)
    if layer is None or not layer.units:
        return None
    if len(layer.units) == 1:
        return layer.units[0].name if m.group("fn") not in ("ddr_stream",) else None
    kind = FUNCTION_KIND.get(m.group("fn"))
    return next((u.name for u in layer.units if u.kind == kind), None)


def unit_rows(report_dir: Path, d) -> list[dict]:
    """Per design unit: csynth's latency, interval and resources next to the cost model's."""
    from bcdsim.cost.units import unit_cycles

    found: dict[str, dict] = {}
    for name, figures in modules(report_dir).items():
        unit = unit_of(d.layers, name)
        if unit is not None:
            found[unit] = {"module": name, **figures}
    rows = {r.name: r for r in d.point.rows}
    out = []
    for u in d.design.units:
        if u.kind == k.INPUT:
            continue
        r = rows[u.name]
        c = found.get(u.name, {})
        out.append({"name": u.name, "kind": u.kind, "module": c.get("module"),
                    "csynth_interval": c.get("interval"), "csynth_latency": c.get("latency"),
                    "predicted_cycles": unit_cycles(u), "csynth_lut": c.get("lut"), "predicted_lut": r.lut,
                    "csynth_ff": c.get("ff"), "predicted_ff": r.ff, "csynth_bram36": c.get("bram36"),
                    "predicted_bram36": r.bram36, "csynth_uram": c.get("uram"), "predicted_uram": r.uram,
                    "csynth_dsp": c.get("dsp"), "predicted_dsp": r.dsp})
    return out
