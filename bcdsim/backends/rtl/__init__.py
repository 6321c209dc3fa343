"""RTL backend: XNOR-popcount layers as Verilog units (library in the repository's ``rtl/``),
generated with their weights, folding, stimulus and expected outputs (DESIGN.md §5, §7 L3)."""
from bcdsim.backends.rtl.emit import LIBRARY, LIBRARY_DIR, Unit, read_manifest, write_design
from bcdsim.backends.rtl.generate import build_units
from bcdsim.backends.rtl.spec import Folding, LayerSpec

__all__ = ["LIBRARY", "LIBRARY_DIR", "Folding", "LayerSpec", "Unit", "build_units",
           "read_manifest", "write_design"]
