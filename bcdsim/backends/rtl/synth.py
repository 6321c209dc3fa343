"""Area of generated units with yosys (DESIGN.md §6: resource formulas are calibrated on this).

``synth_xilinx`` (7-series cells: LUT1..6, FD*, CARRY4, RAMB*/RAM32M/RAM64M..., DSP48E1) or
``synth_ice40`` (SB_LUT4, SB_DFF*, SB_CARRY, SB_RAM40_4K); counts come from ``stat -json``.
The ``.mem`` files are read relative to the unit's directory, as the Verilog names them.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bcdsim.errors import ToolMissing, UserError

TARGETS = ("xilinx", "ice40")


@dataclass(frozen=True)
class Area:
    lut: int
    ff: int
    carry: int
    memory: dict[str, int]  # memory cell type -> count
    dsp: int
    cells: dict[str, int]

    def as_dict(self) -> dict:
        return {"lut": self.lut, "ff": self.ff, "carry": self.carry, "memory": self.memory, "dsp": self.dsp,
                "cells": self.cells}


def yosys() -> str:
    exe = shutil.which("yosys")
    if exe is None:
        raise ToolMissing("yosys not found (apt-get install yosys)")
    return exe


def classify(cells: dict[str, int]) -> Area:
    lut = ff = carry = dsp = 0
    memory: dict[str, int] = {}
    for name, n in cells.items():
        if name.startswith("LUT") or name == "SB_LUT4":
            lut += n
        elif name.startswith(("FD", "SB_DFF")):
            ff += n
        elif name in ("CARRY4", "CARRY8", "SB_CARRY"):
            carry += n
        elif name.startswith(("RAMB", "RAM32", "RAM64", "RAM128", "RAM256", "SB_RAM", "SB_SPRAM")):
            memory[name] = memory.get(name, 0) + n
        elif name.startswith(("DSP48", "SB_MAC16")):
            dsp += n
    return Area(lut, ff, carry, memory, dsp, dict(sorted(cells.items())))


def synthesize(sources: list[Path], top: str, target: str = "xilinx", parameters: dict[str, int] | None = None,
               cwd: Path | None = None, abc9: bool = False, timeout: float = 3600) -> Area:
    """Run yosys on ``sources`` with top ``top``; returns the cell counts."""
    if target not in TARGETS:
        raise UserError(f"--target must be one of {', '.join(TARGETS)}")
    exe = yosys()
    with tempfile.TemporaryDirectory() as tmp:
        stat = Path(tmp) / "stat.json"
        chparam = "".join(f" -set {k} {v}" for k, v in (parameters or {}).items())
        script = ["read_verilog -defer " + " ".join(str(Path(s).resolve()) for s in sources)]
        if chparam:
            script.append(f"chparam{chparam} {top}")
        flags = " -abc9" if abc9 and target == "xilinx" else ""
        script += [f"synth_{target} -flatten{flags} -top {top}", f"tee -q -o {stat} stat -json"]
        proc = subprocess.run([exe, "-q", "-p", "; ".join(script)], cwd=cwd, capture_output=True, text=True,
                              timeout=timeout)
        if proc.returncode != 0 or not stat.exists():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise UserError(f"yosys failed on {top}: {' | '.join(tail)}")
        data = json.loads(stat.read_text())
    design = data.get("design") or next(iter(data.get("modules", {}).values()), {})
    return classify({k: int(v) for k, v in design.get("num_cells_by_type", {}).items()})


def synthesize_unit(directory: Path, module: str, target: str = "xilinx", abc9: bool = False) -> Area:
    """A unit of a generated design directory (library in ``lib/``)."""
    sources = sorted((directory / "lib").glob("*.v")) + [directory / f"{module}.v"]
    return synthesize(sources, module, target, cwd=directory, abc9=abc9)
