"""FPGA devices the cost model targets: resources, a default clock and external-memory bandwidth.

Every preset figure cites its public source. The resource counts were checked (where the
``search`` tool found the page) or taken from the cited AMD/Xilinx tables from memory: each
comment says which. Bandwidths are theoretical peaks (bus width x transfer rate): sustained AXI
throughput is lower, so a DDR-bound FPS is an upper bound.

A custom device comes from a small TOML file with the same fields::

    name = "my-board"          # optional, default: the file name
    part = "xczu9eg-ffvb1156-2-e"  # optional
    lut = 274080
    ff = 548160
    bram36 = 912
    uram = 0
    dsp = 2520
    clock_mhz = 200
    ddr_gbps = 19.2

``name`` and ``part`` reach the generated Tcl and shell scripts, so they must be plain tokens (see
``TEXT_FIELDS``); numbers must be finite and within ``_RANGES``.
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bcdsim.errors import UserError

RESOURCES = ("lut", "ff", "bram36", "uram", "dsp")
# Sustained DDR throughput as a fraction of the peak: "the DDR controller was designed to have a
# maximum efficiency of approximately 75%" (Zynq-7000 TRM UG585 §22.3.2, DDR Efficiency). bcdsim
# applies it to every preset: the ZynqMP PS and the Alveo DDR4/HBM controllers publish no single
# figure of their own (an assumption, stated as one).
DDR_EFFICIENCY = 0.75
# Alveo cards: the shell's static region keeps part of the device. UG1702 (Vitis Reference Guide,
# 2025.2, "Resource Availability") lists the dynamic region of a 3-SLR platform as 979,040 LUTs,
# 1,860 BRAM, 800 URAM and 5,880 DSP of an XCU200-class device (1,182,240 / 2,160 / 960 / 6,840):
# 82.8% / 86.1% / 83.3% / 86.0%. The presets apply those shares to the U250 and U280 (an estimate:
# `platforminfo` on the installed platform gives the exact figures).
_USER = {"lut": 0.828, "ff": 0.828, "bram36": 0.861, "uram": 0.833, "dsp": 0.860}


def _user_region(**full: int) -> dict[str, int]:
    return {r: int(v * _USER[r]) for r, v in full.items()}


_NUMERIC = {"lut": int, "ff": int, "bram36": int, "uram": int, "dsp": int, "clock_mhz": float, "ddr_gbps": float}
_OPTIONAL = {"lutram": int, "ddr_efficiency": float}  # defaults: half of the LUTs; DDR_EFFICIENCY
# Sane ranges, about 10x above the largest FPGAs (under 10M LUTs and 20k DSPs, HBM cards around
# 1 TB/s, from memory) and the --clock range: a typo such as 1e12 or nan is refused instead of
# reaching the optimiser and the scripts (``set clock_period nan``).
_RANGES: dict[str, tuple[float, float]] = {
    "lut": (1, 100_000_000), "ff": (0, 200_000_000), "bram36": (0, 1_000_000), "uram": (0, 1_000_000),
    "dsp": (0, 1_000_000), "clock_mhz": (0, 1000), "ddr_gbps": (0, 10_000), "lutram": (0, 100_000_000),
    "ddr_efficiency": (0, 1)}
# The text fields and the shapes they must have. name and part reach generated Tcl and shell
# scripts as bare words, never as quoted text, so they hold no quote, bracket, $, ;, # or space:
# a part as Vivado spells it (xc7z020clg400-1, xczu7ev-ffvc1156-2-e, xcu280-fsvh2892-2L-e,
# xcvc1902-vsva2197-2MP-e-S), a name as a plain word. The description (README, 'bcdsim devices')
# is words and light punctuation.
TEXT_FIELDS: dict[str, tuple[re.Pattern, int, str]] = {
    "name": (re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*"), 64,
             "a word of letters, digits and . _ + - (e.g. my-board)"),
    "part": (re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+){0,7}"), 64,
             "a part name such as xczu7ev-ffvc1156-2-e (letters and digits in hyphen-separated groups)"),
    "description": (re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,:()/+_-]*"), 200,
                    "words of letters and digits with spaces and . , : ( ) / + _ -"),
}
_TEXT = tuple(TEXT_FIELDS)


def check_text(field: str, value: object, where: str = "") -> str:
    """``value`` if it has the shape of ``TEXT_FIELDS[field]``, else a UserError naming the field."""
    pattern, longest, shape = TEXT_FIELDS[field]
    if not isinstance(value, str) or len(value) > longest or not pattern.fullmatch(value):
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        raise UserError(f"{where}field '{field}' must be {shape}, at most {longest} characters; got {shown}")
    return value


def _check_number(key: str, v: object, where: str) -> int | float:
    kind = {**_NUMERIC, **_OPTIONAL}[key]
    lo, hi = _RANGES[key]
    ok = isinstance(v, int) if kind is int else isinstance(v, (int, float))
    if (isinstance(v, bool) or not ok or (isinstance(v, float) and not math.isfinite(v)) or not lo <= v <= hi
            or (kind is float and v == lo)):
        if kind is float:
            want = f"a positive number up to {hi:,}"
        else:
            want = f"{'a positive' if lo else 'a non-negative'} integer up to {hi:,}"
        raise UserError(f"{where}field '{key}' must be {want}, got {v!r}")
    return kind(v)


@dataclass(frozen=True)
class Device:
    name: str
    part: str
    lut: int
    ff: int
    bram36: int
    uram: int
    dsp: int
    clock_mhz: float  # default clock of a dataflow design on this board (overridden by --clock)
    ddr_gbps: float  # peak external-memory bandwidth, GB/s (1e9 bytes/s)
    description: str = ""
    lutram: int = 0  # LUTs that can be memory (SLICEM); 0: half of the LUTs
    ddr_efficiency: float = DDR_EFFICIENCY  # sustained fraction of the peak bandwidth

    @property
    def lutram_luts(self) -> int:
        return self.lutram or self.lut // 2

    @property
    def ddr_sustained_gbps(self) -> float:
        return self.ddr_gbps * self.ddr_efficiency

    def __post_init__(self) -> None:
        # every Device (preset, file or code) is safe to write into generated scripts
        for field in TEXT_FIELDS:
            check_text(field, getattr(self, field), "device: ")
        for key in _NUMERIC:
            _check_number(key, getattr(self, key), "device: ")
        if self.lutram:
            _check_number("lutram", self.lutram, "device: ")
        _check_number("ddr_efficiency", self.ddr_efficiency, "device: ")

    @property
    def onchip_mbit(self) -> float:
        """Block RAM (36 Kib each) plus UltraRAM (288 Kib each), in Mbit (1e6 bits)."""
        return (self.bram36 * 36 * 1024 + self.uram * 288 * 1024) / 1e6

    def capacity(self, resource: str) -> float:
        return float(getattr(self, resource))


# Sources:
#  [DS190]  Zynq-7000 SoC Data Sheet: Overview (DS190), Table "Zynq-7000 SoC Device Resources".
#  [DS891]  Zynq UltraScale+ MPSoC Data Sheet: Overview (DS891), device feature tables.
#  [DS987]  Kria K26 SOM Data Sheet (DS987 v1.1): "4 GB 64-bit wide, 2400 Mb/s memory" (checked
#           with the search tool); the XCK26 fabric matches the ZU5EV column of DS891.
#  [DS962]  Alveo U250 Data Center Accelerator Card Data Sheet (DS962).
#  [DS963]  Alveo U280 Data Center Accelerator Card Data Sheet (DS963).
#  [UG1393] Vitis Application Acceleration guide: "77 GB/s bandwidth available on DDR-based Alveo
#           cards", HBM "460 GB/s max theoretical" (checked with the search tool).
PRESETS: dict[str, Device] = {d.name: d for d in (
    Device(
        "pynq-z2", "xc7z020clg400-1",
        # [DS190] XC7Z020: 53,200 LUTs, 106,400 FFs, 140 BRAM36 (4.9 Mb), 220 DSP48E1, no URAM
        # (LUT/BRAM/DSP counts checked with the search tool; FFs from DS190, from memory).
        lut=53_200, ff=106_400, bram36=140, uram=0, dsp=220,
        lutram=17_400,  # SLICEM LUTs (DS190 distributed RAM 1,090 Kb / 64; Vivado's "LUT as Memory")
        # PYNQ's default PL clock FCLK0 is 100 MHz (PYNQ docs, from memory).
        clock_mhz=100.0,
        # TUL PYNQ-Z2 board: 512 MB DDR3, 16-bit bus at 1050 Mb/s -> 2.1 GB/s (TUL spec, from memory).
        ddr_gbps=2.1, description="TUL PYNQ-Z2, Zynq-7020"),
    Device(
        "ultra96-v2", "xczu3eg-sbva484-1-i",
        # [DS891] ZU3EG: 70,560 LUTs, 141,120 FFs, 216 BRAM36 (7.6 Mb), 0 URAM, 360 DSP48E2 (from memory).
        lut=70_560, ff=141_120, bram36=216, uram=0, dsp=360,
        lutram=28_800,  # [DS891] distributed RAM 1.8 Mb / 64 bits per LUT
        clock_mhz=200.0,  # a typical dataflow clock on -1 UltraScale+ fabric (assumption, not a datasheet figure)
        # Avnet Ultra96-V2 hardware user guide: 2 GB LPDDR4, 32-bit; at 2133 Mb/s -> 8.5 GB/s
        # (rate from memory of the board's PS configuration: verify before relying on it).
        ddr_gbps=8.5, description="Avnet Ultra96-V2, Zynq UltraScale+ ZU3EG"),
    Device(
        "kv260", "xck26-sfvc784-2lv-c",
        # [DS987]/[DS891 ZU5EV]: 117,120 LUTs, 234,240 FFs, 144 BRAM36, 64 URAM, 1,248 DSP48E2
        # (BRAM/URAM/DSP checked with the search tool; LUT/FF from DS891 ZU5EV, from memory).
        lut=117_120, ff=234_240, bram36=144, uram=64, dsp=1_248,
        lutram=57_600,  # [DS891 ZU5EV] distributed RAM 3.5 Mb / 64
        clock_mhz=200.0,  # assumption (see ultra96-v2)
        ddr_gbps=19.2,  # [DS987] 64 bit x 2400 Mb/s = 19.2 GB/s (checked)
        description="AMD Kria KV260 (K26 SOM)"),
    Device(
        "zcu104", "xczu7ev-ffvc1156-2-e",
        # [DS891] ZU7EV: 230,400 LUTs, 460,800 FFs, 312 BRAM36 (11 Mb), 96 URAM (27 Mb), 1,728 DSP48E2
        # (from memory).
        lut=230_400, ff=460_800, bram36=312, uram=96, dsp=1_728,
        lutram=101_760,  # [DS891 ZU7EV] distributed RAM 6.2 Mb / 64
        clock_mhz=200.0,  # assumption (see ultra96-v2)
        # ZCU104 user guide (UG1267): PS DDR4, 64-bit; at 2400 Mb/s (the PS controller's DDR4 maximum
        # for this speed grade) -> 19.2 GB/s (from memory: verify).
        ddr_gbps=19.2, description="AMD ZCU104 evaluation kit, Zynq UltraScale+ ZU7EV"),
    Device(
        "u250", "xcu250-figd2104-2l-e",
        # [DS962] U250: 1,728K LUTs, 3,456K registers, 2,688 BRAM36 (54 MB incl. URAM), 1,280 URAM,
        # 12,288 DSP slices (from memory).
        # The user (dynamic) region's share of them (see _USER):
        **_user_region(lut=1_728_000, ff=3_456_000, bram36=2_688, uram=1_280, dsp=12_288),
        lutram=int(791_040 * _USER["lut"]),  # [DS962] distributed RAM 24.6 Mb / 64, user share
        clock_mhz=300.0,  # the Vitis platform's default kernel clock (UG1120, from memory)
        ddr_gbps=77.0,  # [UG1393] 4 x DDR4-2400 64-bit channels, 77 GB/s (checked)
        description="AMD Alveo U250 (DDR4)"),
    Device(
        "u280", "xcu280-fsvh2892-2l-e",
        # [DS963] U280: 1,304K LUTs, 2,607K registers, 2,016 BRAM36, 960 URAM, 9,024 DSP slices (from memory).
        **_user_region(lut=1_304_000, ff=2_607_000, bram36=2_016, uram=960, dsp=9_024),
        lutram=int(591_840 * _USER["lut"]),  # [DS963] distributed RAM 18.1 Mb / 64, user share
        clock_mhz=300.0,  # as u250
        ddr_gbps=460.0,  # [UG1393] HBM2, 460 GB/s max theoretical (checked); weights stream from HBM
        description="AMD Alveo U280 (HBM2)"),
)}

def device_from_toml(path: str | Path) -> Device:
    """Read a custom device; any missing, unknown, ill-typed or out-of-range field is a one-line UserError."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise UserError(f"device file not found: {path}") from None
    except IsADirectoryError:
        raise UserError(f"device file {path} is a folder, not a file") from None
    except OSError as e:
        raise UserError(f"cannot read device file {path}: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise UserError(f"{path}: not valid TOML ({e})") from None
    unknown = sorted(set(data) - set(_NUMERIC) - set(_OPTIONAL) - set(_TEXT))
    if unknown:
        raise UserError(f"{path}: unknown field(s) {', '.join(unknown)} "
                        f"(allowed: {', '.join(list(_TEXT) + list(_NUMERIC) + list(_OPTIONAL))})")
    missing = [k for k in _NUMERIC if k not in data]
    if missing:
        raise UserError(f"{path}: missing field(s) {', '.join(missing)}")
    where = f"{path}: "
    values = {key: _check_number(key, data[key], where) for key in _NUMERIC}
    values.update({key: _check_number(key, data[key], where) for key in _OPTIONAL if key in data})
    # the default name comes from the file name: made a valid word rather than refused
    stem = re.sub(r"[^A-Za-z0-9._+-]", "-", path.stem).lstrip("._+-")[:64] or "custom"
    name = check_text("name", data.get("name", stem), where)
    part = check_text("part", data.get("part", "custom"), where)
    description = check_text("description", data.get("description", f"custom device from {name}"), where)
    return Device(name=name, part=part, description=description, **values)


# Board names people also use (and `bcdsim generate --board` takes).
ALIASES = {"ultra96": "ultra96-v2", "pynqz2": "pynq-z2", "alveo-u250": "u250", "alveo-u280": "u280"}


def get_device(spec: str) -> Device:
    """A preset by name or alias (case-insensitive) or a custom device from a ``.toml`` path."""
    key = ALIASES.get(spec.lower(), spec.lower())
    if key in PRESETS:
        return PRESETS[key]
    if spec.endswith(".toml") or Path(spec).exists():
        return device_from_toml(spec)
    raise UserError(f"unknown device '{spec}' (presets: {', '.join(PRESETS)}; or a .toml file)")
