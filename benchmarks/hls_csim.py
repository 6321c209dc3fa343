"""HLS backend benchmark: generation and C simulation times, and bit-exactness, per model.

    python benchmarks/hls_csim.py                      # the two shipped models (whole digits test split)
    python benchmarks/hls_csim.py bcdnet-a --images 1  # a 224x224 zoo model (random weights and input)

Each model: ``bcdsim generate`` (folding from the cost model) into a temporary directory, then
``bcdsim csim`` (g++ build of the project through hls4ml, then the simulation against hw mode).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHIPPED = [str(ROOT / "bcdsim" / "models" / "weights" / f) for f in ("bcdnet-tiny-b.pth", "bcdnet-tiny.pth")]


def bench(model: str, images: int | None, out: Path) -> dict:
    from bcdsim.backends.hls import csim, flow
    start = time.perf_counter()
    loaded = flow.load(model)
    design = flow.prepare(loaded, model, flow.resolve_device(None, None), None, "auto")
    flow.write(design, out, force=False)
    generate_s = time.perf_counter() - start
    r = csim.run(out, images)
    return {"model": loaded.label, "units": len(design.design.units), "generate_s": round(generate_s, 1),
            "compile_s": r.compile_s, "csim_s": r.run_s, "images": r.images, "bit_exact": r.bit_exact,
            "csim_accuracy": r.csim_accuracy, "pytorch_accuracy": r.pytorch_accuracy, "agreement": r.agreement}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("models", nargs="*", default=SHIPPED)
    p.add_argument("--images", type=int, help="images per model (default: the project's testbench)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    args = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, model in enumerate(args.models):
            rows.append(bench(model, args.images, Path(tmp) / f"p{i}"))
    if args.format == "json":
        print(json.dumps(rows, indent=1))
    else:
        import pandas as pd

        print(pd.DataFrame(rows).to_markdown(index=False))
    return 0 if all(r["bit_exact"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
