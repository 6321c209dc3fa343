"""Whole-network RTL simulation speed: frames per second of the default model's bcd_network in
the cocotb bench on Verilator (the build is timed apart from the run).

    .venv/bin/python benchmarks/rtl_sim_speed.py [--images 20] [--out build/rtl_sim_speed]
"""
from __future__ import annotations

import argparse
import time

from bcdsim.backends.rtl import network_sim, whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--out", default="build/rtl_sim_speed")
    args = parser.parse_args()
    if not network_sim.available("verilator"):
        print("skipped: verilator or cocotb not found")
        return
    whole.write(args.out, whole.build(None, images=args.images), force=True)
    start = time.perf_counter()
    network_sim.run(args.out, 1)  # builds the simulator (cached for the timed run)
    build_s = time.perf_counter() - start
    res = network_sim.run(args.out, args.images)
    r = network_sim.summary(res, args.out, "verilator")
    cycles = res.raw["out_beats"][-1] if res.raw["out_beats"] else 0
    print(f"default model, {args.images} frames on Verilator (rtl-sim): {args.images / res.seconds:.2f} frames/s, "
          f"{cycles / res.seconds:,.0f} cycles/s (run {res.seconds:.1f} s incl. start-up; first build and one "
          f"frame {build_s:.1f} s); bit-exact {r['bit_exact']}, {r['cycles_per_frame']} cycles/frame")


if __name__ == "__main__":
    main()
