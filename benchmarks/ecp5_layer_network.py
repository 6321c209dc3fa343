"""One XNOR layer of the default model behind the network ports, for the ECP5 board flow before the
whole-network generator exists (bcdsim.backends.ecp5.layer_network):

  python benchmarks/ecp5_layer_network.py --out build/layer_network
  bcdsim bitstream --rtl build/layer_network --board ulx3s-85f --out build/bit_layer
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from bcdsim.backends.ecp5.layer_network import wrap_layer
from bcdsim.backends.rtl import build_units, write_design


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layer", default="feature_2_binary_3x3_popcount")
    parser.add_argument("--images", type=int, default=2, help="images of stimulus (all their output pixels)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    with tempfile.TemporaryDirectory() as tmp:
        design = Path(tmp) / "design"
        label, units = build_units(None, [args.layer], None, args.images, None, 0, "auto")
        write_design(design, units, label, False)
        wrap_layer(design, args.layer, out)
    print(f"wrote {out}: bcdsim bitstream --rtl {out} --board ulx3s-85f --out BIT")


if __name__ == "__main__":
    main()
