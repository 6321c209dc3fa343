"""`bcdsim devices`: the FPGA devices the cost model knows (or a custom one from a TOML file)."""
from __future__ import annotations

import argparse
import dataclasses
import json

from rich.console import Console
from rich.table import Table

from bcdsim.cost.devices import PRESETS, device_from_toml

EXAMPLES = """examples:
  bcdsim devices                       # the presets, with datasheet figures
  bcdsim devices --format json
  bcdsim devices --file my_board.toml  # check a custom device (fields: lut ff bram36 uram dsp clock_mhz ddr_gbps)
  bcdsim analyze bcdnet-a --device my_board.toml
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("devices", help="list the FPGA devices of the cost model",
                       description="FPGA devices: LUTs, FFs, BRAM36, URAM, DSPs, default clock and peak "
                                   "DDR bandwidth (public datasheet figures, cited in bcdsim/cost/devices.py).",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--file", metavar="TOML", help="show (and validate) a custom device file instead")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    devices = [device_from_toml(args.file)] if args.file else list(PRESETS.values())
    if args.format == "json":
        print(json.dumps([{**dataclasses.asdict(d), "onchip_mbit": round(d.onchip_mbit, 3)} for d in devices],
                         indent=1))
        return 0
    table = Table(title="bcdsim devices", title_justify="left")
    for col in ("name", "part", "LUT", "FF", "BRAM36", "URAM", "DSP", "on-chip Mbit", "clock MHz", "DDR GB/s"):
        table.add_column(col, justify="left" if col in ("name", "part") else "right")
    for d in devices:
        table.add_row(d.name, d.part, f"{d.lut:,}", f"{d.ff:,}", f"{d.bram36:,}", f"{d.uram:,}", f"{d.dsp:,}",
                      f"{d.onchip_mbit:.1f}", f"{d.clock_mhz:g}", f"{d.ddr_gbps:g}")
    console = Console()
    if not console.is_terminal:  # piped: do not squeeze the table into 80 columns
        console.width = 140
    console.print(table)
    console.print("Peak DDR bandwidth (bus width x transfer rate): a DDR-bound frame rate is an upper bound.",
                  highlight=False)
    return 0
