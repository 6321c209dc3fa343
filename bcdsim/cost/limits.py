"""Checks of the cost model's command-line numbers, light enough for any command's start."""
from __future__ import annotations

import math

from bcdsim.errors import UserError


def check_clock(clock_mhz: float | None) -> float | None:
    if clock_mhz is not None and not 0 < clock_mhz <= 1000:  # also refuses nan
        raise UserError(f"--clock must be in (0, 1000] MHz, got {clock_mhz:g}")
    return clock_mhz


def check_fps(fps: float | None) -> float | None:
    if fps is not None and not (math.isfinite(fps) and fps > 0):
        raise UserError(f"--fps must be a positive, finite number of frames/s, got {fps:g}")
    return fps
