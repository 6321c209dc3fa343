"""`bcdsim build`: run a generated project's vendor flow and print its reports as JSON."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

EXAMPLES = """examples:
  bcdsim build hls_zcu104        # Vitis HLS + Vivado up to the bitstream; reports as JSON
  bcdsim build hls_tiny --reports-only   # read the reports of an earlier run
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="run a generated project's vendor flow (Vitis HLS, Vivado) and read its reports",
                       description="Runs the project's build.sh (Vitis HLS synthesis and IP export; with a board, "
                                   "the Vivado or v++ integration up to a bitstream) and prints fps, latency and "
                                   "resources from the vendor reports in the cost model's JSON shape, and csynth's "
                                   "latency, interval and resources per design unit next to the cost model's "
                                   "('units'). Exit 3 when a vendor tool is not installed.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project", help="directory written by 'bcdsim generate'")
    p.add_argument("--reports-only", action="store_true", help="do not run the tools, only read their reports")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bcdsim.backends.hls import csim, project, reports
    from bcdsim.backends.rtl import vivado

    path = Path(args.project)
    if vivado.is_project(path):  # the RTL's Vivado project of 'bcdsim bitstream --board <xilinx board>'
        return _run_rtl(path, args.reports_only)
    m = project.read_manifest(path)
    if not args.reports_only:
        reports.check_tools(m)  # before the (slow) rebuild of the design
    _, design = csim.load_design(path)  # the cost model's figures per unit, next to csynth's
    if args.reports_only:
        result = reports.read_reports(path, m, design)
    else:
        result = reports.run_build(path, design=design)
    print(json.dumps(result, indent=1))
    return 0


def _run_rtl(path: Path, reports_only: bool) -> int:
    import subprocess

    from bcdsim.backends.rtl import vivado
    from bcdsim.errors import UserError

    if not reports_only:
        vivado.check_vivado()
        with open(path / "build.log", "w") as log:
            done = subprocess.run(["sh", "build.sh"], cwd=path, stdout=log, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            raise UserError(f"Vivado failed (exit {done.returncode}); see {path / 'build.log'}")
    found = {name: (path / "reports" / name) for name in ("utilization.rpt", "timing.rpt")}
    missing = [n for n, p in found.items() if not p.is_file()]
    if missing:
        raise UserError(f"no Vivado reports ({', '.join(missing)}) under {path}/reports: run 'bcdsim build {path}'")
    print(json.dumps({"project": str(path), "reports": {n: str(p) for n, p in found.items()},
                      "source": "vivado"}, indent=1))
    return 0
