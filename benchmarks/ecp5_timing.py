"""Which units of a whole network miss the clock on the ECP5: every distinct library instance of a
generated network, synthesised (yosys synth_ecp5) and placed out of context (nextpnr-ecp5 --85k) at
the target clock, with nextpnr's Fmax and its critical path.

A whole design's nextpnr log names only its single worst path; this survey names the worst path of
every unit, so one pass of pipelining can address them all. Paths between units go through the
stream FIFOs' registers, so a unit that meets the clock out of context is not the limit (routing
across a full device adds delay: aim for some margin).

  bcdsim rtl --fps 20000 --device ulx3s-85f --out n20k
  python benchmarks/ecp5_timing.py n20k --clock 100 --jobs 2 [--only bcd_dsp_mvau]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bcdsim.backends.ecp5.boards import board
from bcdsim.backends.ecp5.flow import place_unit
from bcdsim.libraries import rtl_library

_INSTANCE = re.compile(r"^\s*(bcd_\w+)\s+#\((.*?)\)\s+(\w+)\s*\(", re.MULTILINE)
_PARAM = re.compile(r'\.(\w+)\(("[^"]*"|-?\d+)\)')


def instances(folder: Path) -> list[tuple[str, str, dict[str, str]]]:
    """(instance name, module, parameters as Verilog literals) of bcd_network.v, one per distinct
    module + integer parameters (instances that differ only in their memory files time alike)."""
    text = (folder / "bcd_network.v").read_text(encoding="utf-8")
    seen, out = set(), []
    for module, params, name in _INSTANCE.findall(text):
        values = dict(_PARAM.findall(params))
        key = (module, tuple(sorted((k, v) for k, v in values.items() if not v.startswith('"'))))
        if key not in seen:
            seen.add(key)
            out.append((name, module, values))
    return out


def place(folder: Path, name: str, module: str, params: dict[str, str], clock: float, root: Path) -> dict:
    """One instance through bcdsim's out-of-context flow (place_unit), its memory files beside it."""
    build = root / name
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    for mem in folder.glob(f"{name}_*.mem"):
        shutil.copyfile(mem, build / mem.name)
    unit = place_unit(sorted(rtl_library().glob("bcd_*.v")), module, board("ulx3s-85f"), clock, build, params)
    data = json.loads((build / "unit_report.json").read_text(encoding="utf-8"))
    path = []
    for crit in data.get("critical_paths", []):
        if crit.get("from", "").startswith("posedge") and crit.get("to", "").startswith("posedge"):
            path = [(step["type"], step["to"]["cell"], step["to"]["port"], round(step["delay"], 2))
                    for step in crit["path"]]
    return {"instance": name, "module": module, "fmax_mhz": round(unit["fmax_mhz"], 1), "lut4": unit["lut4"],
            "seconds": round(sum(unit["seconds"].values()), 1), "path": path}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="a 'bcdsim rtl' output folder (bcd_network.v and .mem files)")
    parser.add_argument("--clock", type=float, default=100.0, help="target clock in MHz (default 100)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated module names to survey")
    parser.add_argument("--work", type=Path, default=Path("build/ecp5_timing"))
    parser.add_argument("--json", type=Path, help="write the rows here")
    args = parser.parse_args()
    todo = instances(args.folder)
    if args.only:
        todo = [t for t in todo if t[1] in args.only.split(",")]
    print(f"{len(todo)} distinct instances, {args.jobs} at a time", file=sys.stderr)
    with ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda t: place(args.folder, *t, args.clock, args.work), todo))
    rows.sort(key=lambda r: r["fmax_mhz"])
    for row in rows:
        flag = "FAIL" if row["fmax_mhz"] < args.clock else "ok"
        head = " -> ".join(f"{cell.split('.')[-1][:40]}.{port}({d})" for _t, cell, port, d in row["path"][:1])
        tail = " -> ".join(f"{cell[:60]}.{port}" for _t, cell, port, _d in row["path"][-1:])
        print(f"{row['fmax_mhz']:7.1f} MHz {flag:4} {row['module']:16} {row['instance']:44} "
              f"{row['lut4']:6} LUT4  {head} ... {tail}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
