"""``bcdsim build``: run a project's vendor flow and read its reports into the cost model's shape.

Timing comes from Vitis HLS's csynth report (the dataflow interval and worst-case latency of the
top, in cycles at the project's clock); resources from Vivado's post-route utilization report when
the board flow made one, else from the csynth estimate. Every figure says so in ``report``.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from bcdsim.backends.hls import boards, project
from bcdsim.errors import ToolMissing, UserError


def required_tools(manifest: dict) -> list[str]:
    b = boards.board(manifest["board"]) if manifest.get("board") else None
    if b is None:
        return ["vitis_hls"]
    return ["vitis_hls", "v++" if b.family == "alveo" else "vivado"]


def check_tools(manifest: dict) -> None:
    for tool in required_tools(manifest):
        if shutil.which(tool) is None:
            raise ToolMissing(f"{tool} not found")


def run_build(project_dir: Path, log_name: str = "build.log", design=None) -> dict:
    m = project.read_manifest(project_dir)
    check_tools(m)
    with open(project_dir / log_name, "w") as log:
        done = subprocess.run(["sh", "build.sh"], cwd=project_dir, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise UserError(f"the vendor flow failed (exit {done.returncode}); see {project_dir / log_name}")
    return read_reports(project_dir, m, design)


def read_reports(project_dir: Path, m: dict, design=None) -> dict:
    """The vendor reports in the cost model's shape; with ``design`` (the project's, rebuilt from
    its folding.json) also csynth's figures per design unit next to the cost model's."""
    top = boards.top_name(boards.board(m["board"]) if m.get("board") else None)
    found = sorted(project_dir.glob(f"*_prj/solution1/syn/report/{top}_csynth.xml"))
    if not found:
        raise UserError(f"no Vitis HLS synthesis report ({top}_csynth.xml) under {project_dir}")
    timing, resources = csynth(found[0])
    source = "csynth estimate"
    util = project_dir / "reports" / "utilization.rpt"
    if util.is_file():
        resources, source = utilization(util.read_text()), "post-route utilization, csynth timing"
    clock = float(m["clock_mhz"])
    interval, latency = timing["interval"], timing["latency"]
    out = {"device": m["device"], "board": m.get("board"), "clock_mhz": clock,
           "fps": round(clock * 1e6 / interval, 3) if interval else None,
           "latency_ms": round(latency / (clock * 1e3), 6) if latency is not None else None,
           "cycles_per_frame": interval, **resources, "source": "vendor report", "report": source}
    if design is not None:
        from bcdsim.backends.hls.csynth_units import unit_rows

        out["predicted"] = {"fps": round(design.point.fps, 3), "cycles_per_frame": design.point.cycles,
                            "source": "cost model (bcdsim analyze)"}
        out["units"] = unit_rows(found[0].parent, design)
    return out


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text not in (None, "", "undef") else None
    except ValueError:
        return None


def csynth(path: Path) -> tuple[dict, dict]:
    """({interval, latency} cycles, resources) of a Vitis HLS ``*_csynth.xml``."""
    root = ET.parse(path).getroot()
    lat = root.find("./PerformanceEstimates/SummaryOfOverallLatency")
    timing = {"interval": _int(lat.findtext("Interval-max")) if lat is not None else None,
              "latency": _int(lat.findtext("Worst-caseLatency")) if lat is not None else None}
    res = root.find("./AreaEstimates/Resources")

    def get(tag: str) -> int | None:
        return _int(res.findtext(tag)) if res is not None else None

    bram18 = get("BRAM_18K")
    return timing, {"lut": get("LUT"), "ff": get("FF"), "bram36": None if bram18 is None else bram18 / 2,
                    "uram": get("URAM") or 0, "dsp": get("DSP") if get("DSP") is not None else get("DSP48E")}


ROWS = {"lut": ("CLB LUTs", "Slice LUTs"), "ff": ("CLB Registers", "Slice Registers"),
        "bram36": ("Block RAM Tile",), "uram": ("URAM",), "dsp": ("DSPs",)}


def utilization(text: str) -> dict:
    """LUT, FF, BRAM36, URAM, DSP used, from Vivado's ``report_utilization`` tables."""
    out: dict = {k: None for k in ROWS}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 3:
            continue
        name = re.sub(r"\*+$", "", cells[1]).strip()
        for key, labels in ROWS.items():
            if out[key] is None and name in labels:
                try:
                    value = float(cells[2])
                except ValueError:
                    continue
                out[key] = value if key == "bram36" else int(value)
    out["uram"] = out["uram"] or 0
    return out
