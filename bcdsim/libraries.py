"""Where bcdsim's hardware libraries are: package data read through ``importlib.resources``.

``hlslib/`` holds the header-only HLS kernels, ``rtllib/`` the Verilog library and its calibration
data. Both ship inside the wheel, so the generators work from an installed package as well as
from a checkout. The vendor and open tools read these files from disk, hence real paths.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(name: str) -> Path:
    path = Path(str(files("bcdsim") / name))
    if not path.is_dir():
        raise FileNotFoundError(f"bcdsim's {name} is missing from the installed package ({path})")
    return path


def hls_library() -> Path:
    """The HLS kernel headers (``bcd_*.h``)."""
    return _folder("hlslib")


def rtl_library() -> Path:
    """The Verilog library (``bcd_*.v``) and its ``calibration/`` data."""
    return _folder("rtllib")
