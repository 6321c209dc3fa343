"""`bcdsim rtl`: the whole network in Verilog (the default), or the binary (XNOR-popcount) layers
alone (--layer / --all-binary), with stimulus from the model."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.table import Table

from bcdsim.cli.common import add_trust_code, console, input_file
from bcdsim.errors import UserError
from bcdsim.io.loaded import DEFAULT_MODEL

EXAMPLES = """examples:
  bcdsim rtl --out net                                      # the shipped model, whole network
  bcdsim rtl bcdnet-a --input-shape 1x3x32x32 --out net_a   # zoo name: seeded random weights
  bcdsim rtlsim net --images 20                              # simulate it (cocotb + Verilator)
  bcdsim rtl --all-binary --out rtl_out                     # the shipped model, default folding
  bcdsim rtl bcdnet-tiny.pth --layer feature_1_binary_3x3_popcount --out l1
  bcdsim rtl bcdnet-a --layer mlp_layer_0_mlp_layer_0_bn1_popcount --pixels 4 --out mlp
  bcdsim rtl bcdnet-a --all-binary --folding folding.json --out accel --force

Whole network (default): bcd_network.v (AXI-Stream s_axis_* pixels in, m_axis_* logits out), the
library sources and .mem files it uses, network.json (widths, frame sizes, predicted cycles,
streams and FIFO depths), stimulus.npz (input words, hw mode's logits, PyTorch's top-1, labels).
With --layer / --all-binary, per layer: <node>.v (top: bcd_xnor_layer with AXI-Stream ports in_*/out_*, ap_clk,
ap_rst_n), <node>_weights.mem (+ _scales/_shifts or _thresholds.mem for the output stage),
<node>_stimulus.npz (input bits and valid bits per output pixel in stream order, expected
popcounts from hw mode = PyTorch, expected output-stage values), <node>.json; lib/ holds the
Verilog library and manifest.json lists the units. Layers are hardware-graph nodes
(XnorConv2d / XnorShiftMLP), also accepted under their cost-model unit name.
Folding file: the cost model's (bcdsim-folding/1, its 'units') or {"unit": {"simd": S, "pe": P}};
layers it does not name get the default (SIMD: largest divisor of MW up to 64, PE: up to 16).
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rtl", help="generate Verilog for the binary layers, with stimulus and expected outputs",
                       description="Generate the RTL XNOR-popcount units of a model's binary layers (Verilog "
                                   "library in bcdsim/rtllib/), their weights and folding, and stimulus/expected files "
                                   "from the model on real inputs (checked against PyTorch at generation).",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", nargs="?", default=None, help=f"checkpoint or zoo name (default: {DEFAULT_MODEL})")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--layer", action="append", metavar="NAME", help="a binary layer (repeatable)")
    which.add_argument("--all-binary", action="store_true", help="every binary layer")
    p.add_argument("--out", required=True, help="output directory (must be empty unless --force)")
    p.add_argument("--folding", help="folding file (SIMD/PE per unit); whole network: also 'default' or 'auto' "
                                     "(as analyze; default: bcdsim's default folding)")
    p.add_argument("--device", help="whole network: device preset or .toml the design is priced for (default zcu104)")
    p.add_argument("--clock", type=float, metavar="MHZ", help="whole network: clock (default: the device's)")
    p.add_argument("--fps", type=float, help="whole network: cheapest folding reaching N frames/s")
    p.add_argument("--budget", help="whole network: fractions of the device, e.g. lut=0.6,bram=0.8")
    p.add_argument("--input-shape", help="NxCxHxW for zoo names, e.g. 1x3x32x32")
    p.add_argument("--force", action="store_true", help="replace a non-empty output directory")
    p.add_argument("--images", type=int, help="input images (default: 2 digits test images, or 1 random image; whole "
                                              "network: the 450 digits test images, or 2 random images)")
    p.add_argument("--pixels", type=int, help="output pixels per image in the stimulus (default: all; corners and "
                                              "edges first)")
    p.add_argument("--seed", type=int, default=0, help="random inputs and zoo-model weights (default 0)")
    p.add_argument("--stage", choices=["auto", "int", "threshold"], default="auto",
                   help="output stage: the graph's affine/threshold (auto), none (int: raw popcounts), or the "
                        "threshold of sign(affine) (to exercise the threshold unit; shift-MLPs keep their "
                        "three-branch affine)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_trust_code(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bcdsim.backends.output import check_output_dir
    from bcdsim.backends.rtl import build_units, write_design

    if args.images is not None and args.images < 1:
        raise UserError("--images must be at least 1")
    if not args.all_binary and not args.layer:
        return run_network(args)
    input_file(args.folding, "--folding")
    check_output_dir(Path(args.out), args.force, (args.model, args.folding))  # before the work
    label, units = build_units(args.model, None if args.all_binary else args.layer, args.folding, args.images,
                               args.pixels, args.seed, args.stage, trust_code=args.trust_code)
    manifest = write_design(args.out, units, label, args.force)
    if args.format == "json":
        print(json.dumps(manifest, indent=1))
        return 0
    table = Table(title=f"{label}: {len(units)} unit(s) in {args.out}", title_justify="left")
    for col in ("module", "kind", "MW", "MH", "SIMD", "PE", "mask", "stage", "cycles/frame", "latency", "pixels"):
        table.add_column(col, justify="left" if col in ("module", "kind", "stage") else "right")
    for info in manifest["units"].values():
        table.add_row(info["module"], info["kind"], str(info["mw"]), str(info["mh"]), str(info["simd"]),
                      str(info["pe"]), str(info["mask"]), info["stage"], f"{info['full_frame_cycles']:,}",
                      str(info["latency"]),
                      f"{info['pixels_per_frame']}/{info['full_frame_pixels']} x {info['frames']}")
    console().print(table)
    return 0


def run_network(args: argparse.Namespace) -> int:
    from bcdsim.backends.output import check_output_dir
    from bcdsim.backends.rtl import whole
    from bcdsim.cost.limits import check_clock, check_fps

    input_file(args.folding, "--folding", ("default", "auto"))
    check_clock(args.clock)
    check_fps(args.fps)
    folding = args.folding or ("auto" if args.fps or args.budget else "default")
    check_output_dir(Path(args.out), args.force, (args.model, args.folding))  # before the work
    g = whole.build(args.model, args.device, args.clock, args.fps, args.budget, None if folding == "auto" else folding,
                    args.input_shape, args.images, args.seed, trust_code=args.trust_code)
    info = whole.write(args.out, g, args.force)
    if args.format == "json":
        print(json.dumps({k: v for k, v in info.items() if k not in ("streams", "units")}, indent=1))
        return 0
    print(f"{g.label}: whole network in {args.out}: {len(g.net.instances)} unit instances, {len(g.net.streams)} FIFOs, "
          f"{info['images']} stimulus frame(s) ({info['inputs']})")
    print(f"predicted (analytical, {info['chosen_by']}): {info['cycles_per_frame']:,} cycles/frame, latency "
          f"{info['latency_cycles']:,} cycles at {info['clock_mhz']:g} MHz on {info['device']}")
    return 0
