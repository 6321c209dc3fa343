"""`bcdsim generate`: a Vitis HLS project of the model's XNOR-popcount dataflow accelerator."""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from bcdsim.cli.common import add_trust_code
from bcdsim.io.loaded import DEFAULT_MODEL

EXAMPLES = """examples:
  bcdsim generate --out hls_tiny                          # the shipped model, folding from the cost model
  bcdsim generate bcdnet-a --out hls_a --device kv260 --folding fold.json
  bcdsim generate --out hls_zcu104 --board zcu104         # plus the scripts to a bitstream
  bcdsim csim hls_tiny                                    # then: C simulation, bit for bit vs hw mode
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from bcdsim.backends.hls.boards import BOARDS

    p = sub.add_parser("generate", help="write a Vitis HLS project (through hls4ml) of the model's accelerator",
                       description="Lower the model to its hardware graph (bcdsim verify's hw mode), plan one dataflow "
                                   "unit per op (XNOR-popcount arrays, fixed-point residual units) and write the "
                                   "hls4ml project with bcdsim's kernels, testbench data from the model and, for "
                                   "--board, the scripts from C++ to a bitstream.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", nargs="?", default=None, help=f"checkpoint or zoo name (default: {DEFAULT_MODEL})")
    p.add_argument("--arch", help="zoo architecture of the checkpoint (default: identified from its keys)")
    p.add_argument("--input-shape", help="NxCxHxW, e.g. 1x3x32x32 (default: the architecture's)")
    p.add_argument("--out", required=True, help="project directory (must be empty or absent, unless --force)")
    p.add_argument("--device", help="device preset or .toml (default: the board's, else zcu104)")
    p.add_argument("--folding", default="auto",
                   help="folding file (bcdsim analyze/explore --save-folding), 'auto': the cost model's optimizer "
                        "for the device (the default), or 'default': bcdsim's default folding; either way the "
                        "design 'bcdsim analyze --device' prices, memories placed and FIFOs sized")
    p.add_argument("--board", metavar="BOARD", help=f"add the bitstream flow for a board ({', '.join(BOARDS)})")
    p.add_argument("--force", action="store_true", help="replace a non-empty --out")
    add_trust_code(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bcdsim.backends.hls import flow
    from bcdsim.backends.output import check_output_dir
    from bcdsim.cli.common import input_file

    start = time.perf_counter()
    out = Path(args.out)
    input_file(args.folding, "--folding", ("auto", "default"))
    device = flow.resolve_device(args.device, args.board)  # bad names fail before any work
    check_output_dir(out, args.force, (args.model, args.folding, args.device))
    spec = args.model or DEFAULT_MODEL
    loaded = flow.load(spec, args.arch, args.trust_code, args.input_shape)
    loaded.note_identity()
    design = flow.prepare(loaded, spec, device, args.board, args.folding)
    flow.write(design, out, args.force)
    kinds = Counter(u.kind for u in design.design.units)
    in_ddr = sum(1 for layer in design.layers for r in layer.ddr)
    print(f"wrote {out}: {design.label}, {len(design.design.units)} units ({kinds['xnor_mvau']} XNOR-popcount "
          f"arrays, {in_ddr} DDR regions), {design.device.name} at {design.clock_mhz:g} MHz"
          f"{', board ' + args.board if args.board else ''}; folding: {design.how}; cost model: "
          f"{design.point.fps:,.1f} fps [{time.perf_counter() - start:.1f} s]")
    over = design.point.over({})
    if over:  # a folding file or the default folding may not fit: say so, the project is still the design
        print(f"note: this design does not fit {design.device.name} ({', '.join(over)} over the device); "
              f"'bcdsim analyze --device {design.device.name}' shows by how much")
    print(f"next: bcdsim csim {out}   (then {out}/build.sh where the vendor tools are)")
    return 0
