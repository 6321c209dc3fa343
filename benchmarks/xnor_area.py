"""LUTs per XNOR lane of the RTL XNOR matrix-vector unit against a behavioural popcount (yosys).

For each SIMD x PE the unit bcd_xnor_mvau (weights from a port: the weight memory is the cost
model's separate memory item) is synthesised twice with yosys, once with bcdsim's LUT6 compressor
trees (TREE=1) and once with a plain behavioural popcount (TREE=0, the baseline), both through
the same flow: `synth_xilinx` (yosys' default abc mapping; `--abc9` for the abc9 flow). Sizes:
MW = 4*SIMD (four folds), MH = 2*PE, no padding (MASK 0), unless --mask.

  python benchmarks/xnor_area.py                      # table
  python benchmarks/xnor_area.py --format json        # one JSON object per line
  python benchmarks/xnor_area.py --calibrate          # also write bcdsim/rtllib/calibration/xnor_area.json

The calibration file holds every measurement and least-squares fits of
LUT (and FF) = a*SIMD*PE + b*PE*log2(SIMD) + c, for bcdsim.cost's resource formulas.
"""
from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time

import numpy as np

from bcdsim.backends.rtl.emit import LIBRARY, LIBRARY_DIR
from bcdsim.backends.rtl.synth import synthesize

log = logging.getLogger("xnor_area")
SIZES = ((16, 4), (32, 8), (32, 16), (64, 8), (64, 16), (128, 16), (64, 32), (128, 32))
CALIBRATION = LIBRARY_DIR / "calibration" / "xnor_area.json"


def measure(simd: int, pe: int, tree: int, abc9: bool, mask: int) -> dict:
    params = {"MW": 4 * simd, "MH": 2 * pe, "SIMD": simd, "PE": pe, "MASK": mask, "TREE": tree}
    t = time.time()
    area = synthesize([LIBRARY_DIR / f for f in LIBRARY], "bcd_xnor_mvau", "xilinx", params, abc9=abc9)
    return {"lut": area.lut, "ff": area.ff, "carry": area.carry, "lutram": sum(area.memory.values()),
            "seconds": round(time.time() - t, 1)}


def fit(rows: list[dict], key: str) -> dict:
    """key = a*SIMD*PE + b*PE*log2(SIMD) + c by least squares; errors in percent of the value."""
    x = np.array([[r["simd"] * r["pe"], r["pe"] * math.log2(r["simd"]), 1.0] for r in rows])
    y = np.array([r[key] for r in rows], dtype=float)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    err = 100 * (x @ coef - y) / y
    return {"form": f"{key} = a*SIMD*PE + b*PE*log2(SIMD) + c", "a": round(float(coef[0]), 4),
            "b": round(float(coef[1]), 3), "c": round(float(coef[2]), 1),
            "max_abs_error_pct": round(float(np.abs(err).max()), 2),
            "rms_error_pct": round(float(np.sqrt((err ** 2).mean())), 2)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--abc9", action="store_true", help="synth_xilinx -abc9 for both designs")
    p.add_argument("--mask", type=int, default=0, choices=[0, 1, 2], help="valid-mask mode of the unit")
    p.add_argument("--sizes", help="SIMDxPE list, e.g. 64x16,128x16 (default: 8 sizes up to 128x32)")
    p.add_argument("--calibrate", action="store_true", help=f"write {CALIBRATION.relative_to(LIBRARY_DIR.parent)}")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    sizes = SIZES if not args.sizes else tuple(tuple(int(v) for v in s.split("x")) for s in args.sizes.split(","))
    rows = []
    for simd, pe in sizes:
        mine = measure(simd, pe, 1, args.abc9, args.mask)
        base = measure(simd, pe, 0, args.abc9, args.mask)
        lanes = simd * pe
        row = {"simd": simd, "pe": pe, "lut": mine["lut"], "ff": mine["ff"], "carry": mine["carry"],
               "lutram": mine["lutram"], "lut_per_lane": round(mine["lut"] / lanes, 3),
               "baseline_lut": base["lut"], "baseline_ff": base["ff"],
               "baseline_lut_per_lane": round(base["lut"] / lanes, 3),
               "saving_pct": round(100 * (1 - mine["lut"] / base["lut"]), 1),
               "flow": "synth_xilinx" + (" -abc9" if args.abc9 else ""), "mask": args.mask, "source": "yosys 0.23"}
        rows.append(row)
        log.info("%dx%d: %d LUT (%.2f/lane) vs baseline %d (%.2f/lane) [%.0f s + %.0f s]", simd, pe, row["lut"],
                 row["lut_per_lane"], row["baseline_lut"], row["baseline_lut_per_lane"], mine["seconds"],
                 base["seconds"])
        if args.format == "json":
            print(json.dumps(row), flush=True)
    if args.format == "table":
        print(f"{'SIMDxPE':>8} {'LUT':>6} {'LUT/lane':>8} {'FF':>6} {'baseline LUT':>12} {'LUT/lane':>8} {'saving':>7}")
        for r in rows:
            print(f"{r['simd']:>4}x{r['pe']:<3} {r['lut']:>6} {r['lut_per_lane']:>8.2f} {r['ff']:>6} "
                  f"{r['baseline_lut']:>12} {r['baseline_lut_per_lane']:>8.2f} {r['saving_pct']:>6.1f}%")
    if args.calibrate:
        data = json.loads(CALIBRATION.read_text()) if CALIBRATION.exists() else {}
        key = rows[0]["flow"] + f" mask{args.mask}"
        data[key] = {"unit": "bcd_xnor_mvau (weights from a port), MW = 4*SIMD, MH = 2*PE", "rows": rows,
                     "fit_lut": fit(rows, "lut") if len(rows) >= 3 else None,
                     "fit_ff": fit(rows, "ff") if len(rows) >= 3 else None}
        CALIBRATION.write_text(json.dumps(data, indent=1) + "\n")
        log.info("wrote %s", CALIBRATION)
    return 0


if __name__ == "__main__":
    sys.exit(main())
