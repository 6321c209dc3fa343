"""The ECP5 bitstream flow in a build folder: board top + PLL + pins, yosys ``synth_ecp5``,
nextpnr-ecp5 against the clock, ecppack, and ecpunpack reading the bitstream back.

Every step runs with the build folder as its working directory (the yowasp tools see only that
tree): the network's sources and ``.mem`` files are copied there at their relative paths.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bcdsim.backends.ecp5 import dsp, nextpnr, tools
from bcdsim.backends.ecp5.boards import Ecp5Board
from bcdsim.backends.ecp5.network import Network
from bcdsim.backends.ecp5.top import BOARD_SOURCES, baud_error, board_top_verilog, board_verilog, lpf
from bcdsim.errors import UserError
from bcdsim.libraries import rtl_library

Progress = Callable[[str], None]


def stderr_progress(line: str) -> None:
    print(f"bcdsim: {line}", file=sys.stderr, flush=True)


@dataclass
class FlowResult:
    report: dict
    failure: str | None = None  # one line: the resource that does not fit, or the Fmax reached
    seconds: dict[str, float] = field(default_factory=dict)


_PLL_OUT = re.compile(r"clkout0 frequency:\s*([0-9.]+)\s*MHz")


def _copy_network(network: Network, build: Path) -> list[str]:
    for name in network.files:
        target = build / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(network.folder / name, target)
    for name in BOARD_SOURCES:
        shutil.copyfile(rtl_library() / name, build / name)
    network_sources = [s for s in network.info["sources"] if s.endswith((".v", ".sv"))]
    return list(dict.fromkeys(network_sources + list(BOARD_SOURCES)))  # both use bcd_fifo.v


def _pll(board: Ecp5Board, clock_mhz: float, build: Path, seconds: dict) -> float:
    """ecppll's configuration for the clock; returns the frequency it reaches (its own figure)."""
    if abs(clock_mhz - board.osc_mhz) < 1e-6:
        return board.osc_mhz
    seconds["ecppll"] = tools.run("ecppll", ["-n", "bcd_pll", "-i", f"{board.osc_mhz:g}", "-o", f"{clock_mhz:g}",
                                             "-f", "bcd_pll.v"], build, build / "ecppll.log")
    found = _PLL_OUT.search((build / "ecppll.log").read_text(encoding="utf-8", errors="replace"))
    if not found:
        raise UserError(f"ecppll gave no output frequency for {clock_mhz:g} MHz (see ecppll.log)")
    return float(found.group(1))


def _yosys_cells(stat_path: Path) -> dict[str, int]:
    data = json.loads(stat_path.read_text(encoding="utf-8"))
    design = data.get("design") or {}
    return {k: int(v) for k, v in design.get("num_cells_by_type", {}).items()}


def synth_fit(cells: dict[str, int], board: Ecp5Board) -> str | None:
    """Check yosys' cells against the device before place and route (nextpnr's TRELLIS_COMB counts a
    LUT4 as one and a CCU2C carry cell as two; a DPR16X4 LUT RAM takes two LUTs plus a RAMW)."""
    need = {"lut4": cells.get("LUT4", 0) + 2 * cells.get("CCU2C", 0) + 2 * cells.get("TRELLIS_DPR16X4", 0),
            "ff": cells.get("TRELLIS_FF", 0), "ebr": cells.get("DP16KD", 0), "dsp": cells.get("MULT18X18D", 0)}
    return _over(need, board, "yosys")


def _over(used: dict[str, int], board: Ecp5Board, source: str) -> str | None:
    for name, total in board.device.totals().items():
        if used[name] > total:
            return (f"the design does not fit the {board.device.name} of {board.name}: {name.upper()} "
                    f"{used[name]:,} of {total:,} ({source})")
    return None


def run_flow(network: Network, board: Ecp5Board, clock_mhz: float, build: Path, seed: int = 1,
             progress: Progress = stderr_progress) -> FlowResult:
    """Run every step in ``build`` (created); the result carries the report and, when the design
    does not fit or misses timing, the one-line reason."""
    build.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    sources = _copy_network(network, build)
    steps = 6
    progress(f"[1/{steps}] ecppll: {board.osc_mhz:g} MHz oscillator -> {clock_mhz:g} MHz")
    achieved_clock = _pll(board, clock_mhz, build, seconds)
    with_pll = "ecppll" in seconds
    (build / "bcd_board.v").write_text(board_verilog(network.ports, achieved_clock, board.baud,
                                                     len(board.led_pins)), encoding="utf-8")
    (build / "bcd_board_top.v").write_text(board_top_verilog(board, with_pll), encoding="utf-8")
    (build / "board.lpf").write_text(lpf(board), encoding="utf-8")
    sources += ["bcd_board.v", "bcd_board_top.v"] + (["bcd_pll.v"] if with_pll else [])

    progress(f"[2/{steps}] yosys synth_ecp5 ({len(sources)} sources)")
    dsp.write_files(build)
    script = [dsp.read_sources(sources), "hierarchy -top bcd_board_top", "synth_ecp5 -top bcd_board_top",
              *dsp.POST_SYNTH, "write_json design.json", "tee -q -o synth_stat.json stat -json"]
    (build / "synth.ys").write_text("\n".join(script) + "\n", encoding="utf-8")
    seconds["yosys"] = tools.run("yosys", ["-q", "-l", "yosys.log", "synth.ys"], build, build / "yosys.out")
    cells = _yosys_cells(build / "synth_stat.json")
    unfit = synth_fit(cells, board)
    report = _report_base(network, board, clock_mhz, achieved_clock, cells, seconds)
    report["predicted"] = predicted_area(network, board)
    if unfit:
        return FlowResult(report, unfit, seconds)

    progress(f"[3/{steps}] nextpnr-ecp5 {board.device.pnr_flag} --package {board.package} --freq {achieved_clock:g}")
    args = [board.device.pnr_flag, "--package", board.package, "--json", "design.json", "--lpf", "board.lpf",
            "--freq", f"{achieved_clock:g}", "--textcfg", "design.config", "--report", "pnr_report.json",
            "--timing-allow-fail", "--seed", str(seed)]
    try:
        seconds["nextpnr"] = tools.run("nextpnr-ecp5", args, build, build / "nextpnr.log")
    except tools.ToolFailed as e:
        text = (build / "nextpnr.log").read_text(encoding="utf-8", errors="replace")
        if "Unable to place" in text or "utilisation" in str(e).lower() or "exceeds" in str(e).lower():
            raise UserError(f"the design does not fit the {board.device.name}: {e} (nextpnr)") from None
        raise
    pnr = nextpnr.read_report(build / "pnr_report.json")
    log = nextpnr.read_log(build / "nextpnr.log")
    report.update(_pnr_figures(pnr, log, board))
    pred = report["predicted"]
    if pred:
        pred["error_pct"] = {k: round(100 * (pred[k] - pnr["used"][k]) / pnr["used"][k], 1)
                             for k in ("lut4", "ff", "ebr", "dsp") if pnr["used"][k]}
    report["timing_met"] = pnr["fmax_mhz"] >= achieved_clock
    report["throughput"] = throughput(network, achieved_clock, pnr["fmax_mhz"], board.baud)
    unfit = _over(pnr["used"], board, "nextpnr")
    if unfit:
        return FlowResult(report, unfit, seconds)

    progress(f"[4/{steps}] ecppack -> design.bit")
    seconds["ecppack"] = tools.run("ecppack", ["design.config", "design.bit"], build, build / "ecppack.log")
    progress(f"[5/{steps}] ecpunpack: reading the bitstream back")
    seconds["ecpunpack"] = tools.run("ecpunpack", ["design.bit", "unpacked.config"], build, build / "ecpunpack.log")
    report["bitstream_device"] = unpacked_device(build / "unpacked.config")
    if report["bitstream_device"] != board.device.name:
        raise UserError(f"ecpunpack reads design.bit as {report['bitstream_device']}, not {board.device.name}")
    report["bitstream"] = str(build / "design.bit")
    progress(f"[6/{steps}] nextpnr: Fmax {pnr['fmax_mhz']:.1f} MHz at {achieved_clock:g} MHz, "
             f"LUT4 {pnr['used']['lut4']:,}, FF {pnr['used']['ff']:,}, EBR {pnr['used']['ebr']}, "
             f"DSP {pnr['used']['dsp']}")
    failure = None
    if not report["timing_met"]:
        failure = (f"timing not met: nextpnr reached {pnr['fmax_mhz']:.1f} MHz, the clock is {achieved_clock:g} MHz "
                   f"(give --clock {int(pnr['fmax_mhz'])} or --keep-failed)")
    return FlowResult(report, failure, seconds)


def unpacked_device(config: Path) -> str:
    """The device ecpunpack names in the text configuration ('.device LFE5U-85F')."""
    with open(config, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith(".device"):
                return line.split()[1]
    raise UserError(f"ecpunpack's {config.name} names no device")


def throughput(network: Network, clock_mhz: float, fmax_mhz: float | None, baud: int) -> dict:
    """Frames/s of the core (analytical: network.json's cycles per frame at the clock and at
    nextpnr's Fmax) and of the UART link (analytical: 10 bits per byte, frames and answers one
    after the other as board-run sends them)."""
    cycles = network.info.get("cycles_per_frame")
    ports = network.ports
    uart = baud / (10 * (1 + ports.frame_bytes + ports.result_bytes))
    out = {"uart_frames_per_s": round(uart, 1), "source": "analytical"}
    if isinstance(cycles, int | float) and cycles > 0:
        out["core_frames_per_s_at_clock"] = round(clock_mhz * 1e6 / cycles, 1)
        if fmax_mhz:
            out["core_frames_per_s_at_fmax"] = round(fmax_mhz * 1e6 / cycles, 1)
    return out


def predicted_area(network: Network, board: Ecp5Board) -> dict | None:
    """The ECP5 cost model's figures for this design (bcdsim.cost.ecp5.design_area), beside nextpnr's;
    None for a folder that is not a whole network of 'bcdsim rtl' (no unit kinds in network.json)."""
    from bcdsim.backends.ecp5.instances import network_instances
    from bcdsim.cost.ecp5 import design_area
    from bcdsim.cost.ecp5_units import TERMS

    if not network.info.get("units"):
        return None
    instances = network_instances(network.folder, network.info)
    if any(i.kind not in TERMS for i in instances):
        return None
    ports = network.ports
    area = design_area(instances, ports.in_width, ports.out_width, ports.frame_bytes)
    totals = board.device.totals()
    return {**area, "percent": {k: round(100 * area[k] / totals[k], 2) for k in totals},
            "source": "ecp5 area model (per-unit fits to yosys, LUT4 scaled to nextpnr; calibration ecp5_area.json)"}


def _report_base(network: Network, board: Ecp5Board, clock_mhz: float, achieved: float, cells: dict,
                 seconds: dict) -> dict:
    return {"board": board.name, "device": board.device.name, "package": board.package,
            "model": network.info.get("model"), "requested_clock_mhz": clock_mhz, "clock_mhz": achieved,
            "uart_baud": board.baud, "uart_baud_error": round(baud_error(achieved, board.baud), 5),
            "yosys_cells": dict(sorted(cells.items())), "device_totals": board.device.totals(),
            "seconds": seconds, "source": {"fmax_mhz": "nextpnr", "lut4": "nextpnr", "yosys_cells": "yosys"}}


def _pnr_figures(pnr: dict, log: dict, board: Ecp5Board) -> dict:
    totals = board.device.totals()
    figures = {"fmax_mhz": round(pnr["fmax_mhz"], 2), **pnr["used"],
               "percent": {k: round(100 * pnr["used"][k] / totals[k], 2) for k in totals},
               "nextpnr_available": pnr["available"], "clocks": pnr["clocks"],
               "nextpnr_log": {"fmax_mhz": log["fmax_mhz"], "used": log["used"]}}
    return figures


def place_unit(sources: list[Path], top: str, board: Ecp5Board, clock_mhz: float, build: Path,
               parameters: dict[str, int | str] | None = None, seed: int = 1) -> dict:
    """Out-of-context synthesis and place and route of one unit (no pins, no bitstream): nextpnr's
    Fmax and cells, and yosys' cells, for calibration and quick checks. ``parameters``: Verilog
    literals (a string parameter with its quotes); nextpnr's report stays in unit_report.json."""
    build.mkdir(parents=True, exist_ok=True)
    for src in sources:
        shutil.copyfile(src, build / src.name)
    chparam = "".join(f" -set {k} {v}" for k, v in (parameters or {}).items())
    dsp.write_files(build)
    script = [dsp.read_sources([s.name for s in sources])]
    if chparam:
        script.append(f"chparam{chparam} {top}")
    script += [f"hierarchy -top {top}", f"synth_ecp5 -top {top}", *dsp.POST_SYNTH, "write_json unit.json",
               "tee -q -o unit_stat.json stat -json"]
    (build / "unit.ys").write_text("\n".join(script) + "\n", encoding="utf-8")
    seconds = {"yosys": tools.run("yosys", ["-q", "unit.ys"], build, build / "yosys.log")}
    seconds["nextpnr"] = tools.run("nextpnr-ecp5", [board.device.pnr_flag, "--package", board.package, "--json",
                                                    "unit.json", "--out-of-context", "--freq", f"{clock_mhz:g}",
                                                    "--report", "unit_report.json", "--timing-allow-fail",
                                                    "--seed", str(seed)], build, build / "nextpnr.log")
    pnr = nextpnr.read_report(build / "unit_report.json")
    log = nextpnr.read_log(build / "nextpnr.log")
    return {"top": top, "fmax_mhz": round(pnr["fmax_mhz"], 2), **pnr["used"], "yosys_cells": _yosys_cells(
        build / "unit_stat.json"), "nextpnr_log": log, "seconds": seconds}
