"""ECP5 area of the RTL XNOR units (yosys synth_ecp5 + nextpnr-ecp5 out of context) and a fit of
nextpnr's LUT4 (TRELLIS_COMB) and FF counts per unit, for the ECP5 cost model.

Every binary layer of the default model is generated (`bcdsim rtl --all-binary`, the design's
folding), then synthesised and placed out of context on the LFE5U-85F at 100 MHz:

  python benchmarks/ecp5_area.py                 # table
  python benchmarks/ecp5_area.py --calibrate     # also write bcdsim/rtllib/calibration/ecp5_area.json

Fit (least squares): LUT4 = a*SIMD*PE + b*MW*MH/16 + c*PE + d (the XNOR/popcount lanes, the weight
memory as LUT ROM, the per-lane accumulator and output stage, a constant), the same for FF.
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
TERMS = ("simd*pe", "mw*mh/16", "pe", "1")


def features(row: dict) -> list[float]:
    return [row["simd"] * row["pe"], row["mw"] * row["mh"] / 16, row["pe"], 1.0]


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
               "stage": info["stage"], "lut4": r["lut4"], "ff": r["ff"], "ebr": r["ebr"], "dsp": r["dsp"],
               "fmax_mhz": r["fmax_mhz"], "yosys_cells": r["yosys_cells"], "seconds": round(time.time() - t, 1),
               "source": "nextpnr-ecp5 --85k --out-of-context (yowasp 0.11.1), yosys synth_ecp5 (yowasp 0.70)"}
        print(json.dumps({k: v for k, v in row.items() if k != "yosys_cells"}), flush=True)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--design", help="a folder of 'bcdsim rtl --all-binary' (default: generate it)")
    parser.add_argument("--clock", type=float, default=100.0)
    parser.add_argument("--calibrate", action="store_true")
    args = parser.parse_args()
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
        CALIBRATION.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
