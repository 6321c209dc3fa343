"""The same RTL for the Xilinx boards: a Vivado non-project script that implements bcd_network (out
of context, the board's part, a clock constraint at the design clock) and writes utilisation and
timing reports. ``bcdsim build`` runs it where Vivado exists and says why it skipped where it
does not. The AXI DMA block design around it (as the HLS projects have) is not written here."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from bcdsim.errors import ToolMissing

KIND = "bcdsim-vivado-rtl/1"
MANIFEST = "vivado_rtl.json"


def write_project(network_folder: Path, files: list[str], part: str, clock_mhz: float, board: str,
                  out: Path) -> dict:
    rtl = out / "rtl"
    rtl.mkdir(parents=True)
    for name in files:
        (rtl / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(network_folder / name, rtl / name)
    sources = [f for f in files if f.endswith((".v", ".sv"))]
    (out / "clock.xdc").write_text(f"create_clock -period {1000 / clock_mhz:.3f} -name clk [get_ports clk]\n")
    tcl = ["# bcdsim: bcd_network implemented out of context with Vivado (non-project mode)",
           "set here [file dirname [file normalize [info script]]]",
           "file mkdir $here/reports",
           "cd $here/rtl  ;# $readmemh paths are relative to the RTL folder",
           *[f"read_verilog {s}" for s in sources],
           "read_xdc $here/clock.xdc",
           f"synth_design -top bcd_network -part {part} -mode out_of_context",
           "opt_design", "place_design", "route_design",
           "report_utilization -file $here/reports/utilization.rpt",
           "report_timing_summary -file $here/reports/timing.rpt",
           "write_checkpoint -force $here/bcd_network_routed.dcp"]
    (out / "build.tcl").write_text("\n".join(tcl) + "\n")
    (out / "build.sh").write_text('#!/bin/sh\nset -e\ncd "$(dirname "$0")"\n'
                                  "vivado -mode batch -nojournal -log vivado.log -source build.tcl\n")
    manifest = {"format": KIND, "board": board, "part": part, "clock_mhz": clock_mhz, "top": "bcd_network"}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def is_project(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def check_vivado() -> None:
    if shutil.which("vivado") is None:
        raise ToolMissing("skipped: vivado not found (the RTL project's build.sh needs Vivado on PATH)")
