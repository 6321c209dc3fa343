"""What nextpnr-ecp5 reached: Fmax and cell use from its ``--report`` JSON, and the same figures
from its log (the report must equal the log: both are nextpnr's own numbers)."""
from __future__ import annotations

import json
import re
from pathlib import Path

# nextpnr-ecp5 cell types -> bcdsim's resource names
CELLS = {"lut4": "TRELLIS_COMB", "ff": "TRELLIS_FF", "ebr": "DP16KD", "dsp": "MULT18X18D"}


def read_report(path: Path) -> dict:
    """{'fmax_mhz': worst achieved over the clocks, 'constraint_mhz', 'used': {...}, 'available': {...}}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    clocks = data.get("fmax", {})
    if not clocks:
        raise ValueError(f"{path}: no clock in nextpnr's report")
    worst = min(clocks.values(), key=lambda c: c["achieved"] / c["constraint"])
    util = data.get("utilization", {})
    return {"fmax_mhz": worst["achieved"], "constraint_mhz": worst["constraint"], "clocks": clocks,
            "used": {k: util.get(cell, {}).get("used", 0) for k, cell in CELLS.items()},
            "available": {k: util.get(cell, {}).get("available", 0) for k, cell in CELLS.items()}}


_FMAX = re.compile(r"Max frequency for clock '([^']+)': ([0-9.]+) MHz")
_UTIL = re.compile(r"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%", re.MULTILINE)


def read_log(path: Path) -> dict:
    """The last 'Max frequency' per clock (after routing) and the device utilisation table."""
    text = path.read_text(encoding="utf-8", errors="replace")
    fmax: dict[str, float] = {}
    for name, mhz in _FMAX.findall(text):
        fmax[name] = float(mhz)
    used = {}
    for cell, n, _total in _UTIL.findall(text):
        used[cell] = int(n)
    return {"fmax_mhz": fmax, "used": {k: used.get(cell, 0) for k, cell in CELLS.items()}}
