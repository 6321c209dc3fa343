"""LUT/FF/DSP of the stream units (bcdsim/rtllib) with yosys synth_xilinx at a few sizes, for the
cost model's fit (DESIGN.md §6). Parameter ROMs are filled with random words of their full width
(yosys folds constant ROMs into logic, so the figures are for generic contents). One CSV row per point.

    .venv/bin/python benchmarks/unit_area.py [--out FILE.csv] [--unit bcd_context]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

from bcdsim.backends.rtl.synth import synthesize
from bcdsim.libraries import rtl_library

POINTS = [  # (unit, parameters, memory files: name -> (words, bits))
    ("bcd_eltwise", dict(OP=2, PE=4, NF=8, A1=2, BW=18, SW=16, SH=14, CB=24, RSH=12), {"params.mem": (8, 4 * 58)}),
    ("bcd_eltwise", dict(OP=2, PE=16, NF=4, A1=2, BW=18, SW=16, SH=14, CB=24, RSH=12), {"params.mem": (4, 16 * 58)}),
    ("bcd_eltwise", dict(OP=0, PE=16, NF=4, SW=16, CB=24, RSH=12), {"params.mem": (4, 16 * 42)}),
    ("bcd_add", dict(PE=4, NF=8, AA=1, RSH=1), {}),
    ("bcd_add", dict(PE=16, NF=4, AA=1, RSH=1), {}),
    ("bcd_add", dict(PE=16, NF=4, OFFSET=1, PIX=16, RSH=1), {}),
    ("bcd_concat", dict(L=16, NA=2, NB=2, RSHA=1), {}),
    ("bcd_threshold", dict(PE=16, NF=4, RW=16), {"thresholds.mem": (4, 16 * 18)}),
    ("bcd_pool", dict(PE=8, NF=4, H=8, W=8, K=2, S=2), {}),
    ("bcd_pool", dict(PE=16, NF=4, H=16, W=16, K=2, S=2), {}),
    ("bcd_gap", dict(PE=16, NF=4, PIX=16, R=16384, RSH=14), {}),
    ("bcd_window", dict(C=16, H=8, W=8, K=3, S=1, P=1, SIMD=16), {}),
    ("bcd_window", dict(C=32, H=8, W=8, K=3, S=2, P=1, SIMD=8), {}),
    ("bcd_window", dict(C=64, H=16, W=16, K=3, S=1, P=1, SIMD=64), {}),
    ("bcd_window", dict(C=1, H=8, W=8, K=3, S=1, P=1, SIMD=9, EW=16, VALID=0), {}),
    ("bcd_dsp_mvau", dict(MW=9, MH=16, SIMD=9, PE=4, WW=12, AW=34, CB=30), {"weights.mem": (4, 36 * 12),
                                                                           "consts.mem": (4, 4 * 30)}),
    ("bcd_dsp_mvau", dict(MW=64, MH=10, SIMD=16, PE=5, WW=12, AW=34, CB=30), {"weights.mem": (8, 80 * 12),
                                                                             "consts.mem": (2, 5 * 30)}),
    ("bcd_gather", dict(C=64, H=4, W=4, SIMD=16), {}),
    ("bcd_gather", dict(C=64, H=4, W=4, SIMD=64), {}),
    ("bcd_gather", dict(C=64, H=4, W=4, SIMD=48, ILV=1), {}),
    ("bcd_fork", dict(N=2, W=64), {}),
    ("bcd_convert", dict(IN_L=16, OUT_L=4, EW=16), {}),
    ("bcd_fifo", dict(DEPTH=2, W=64), {}),
    ("bcd_fifo", dict(DEPTH=64, W=64), {}),
    # bcdnet-tiny-b's feature_2_sign1 at the default folding (its packer's parameters), and a
    # 14x14x128 map with hidden 32 (GAP reciprocal not a power of two: a real multiplier)
    ("bcd_context", dict(C=32, PIX=64, PE=8, SIMD=4, HID=8, R=131072, G_RSH=20, W1W=15, EAW=34, E_RSH=15, W2W=14,
                         AAW=32, AL_RSH=14, XS=4), {"w1.mem": (64, 4 * 15), "w2.mem": (64, 4 * 14)}),
    ("bcd_context", dict(C=128, PIX=196, PE=16, SIMD=8, HID=32, R=85598, G_RSH=21, EAW=40, E_RSH=16, AAW=40,
                         AL_RSH=16, XS=3), {"w1.mem": (512, 8 * 16), "w2.mem": (512, 8 * 16)}),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="CSV file (default: stdout)")
    parser.add_argument("--unit", help="only this library module (e.g. bcd_context)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    rows = ["unit,params,lut,ff,carry,dsp,memory"]
    sources = sorted(rtl_library().glob("bcd_*.v"))
    for unit, params, mems in POINTS:
        if args.unit and unit != args.unit:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for name, (words, bits) in mems.items():
                digits = -(-bits // 4)  # random words of the full width (zeros would fold the logic away)
                lines = ["".join(f"{d:x}" for d in rng.integers(0, 16, digits)) for _ in range(words)]
                (Path(tmp) / name).write_text("\n".join(lines) + "\n")
            area = synthesize(sources, unit, "xilinx", params, cwd=Path(tmp))
        desc = " ".join(f"{k}={v}" for k, v in params.items())
        mem = " ".join(f"{k}:{v}" for k, v in area.memory.items())
        rows.append(f"{unit},{desc},{area.lut},{area.ff},{area.carry},{area.dsp},{mem}")
        print(rows[-1], file=sys.stderr, flush=True)
    text = "\n".join(rows) + "\n"
    if args.out:
        Path(args.out).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
