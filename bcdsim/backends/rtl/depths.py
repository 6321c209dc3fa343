"""Pipeline depths of the RTL units: the table lives in ``bcdsim.design.timing`` (one place for
the cost model's replay and the RTL benches); this module names the RTL-side helpers."""
from __future__ import annotations

from bcdsim.design.timing import DEPTH, FIFO_LATENCY, STAGE_DEPTH, xnor_core_depth

__all__ = ["DEPTH", "FIFO_LATENCY", "xnor_mvau_depth"]


def xnor_mvau_depth(simd: int, stage: str) -> int:
    """bcd_xnor_mvau (3 + tree registers) plus its output stage: affine 4, threshold 2, none 0."""
    return xnor_core_depth(simd) + STAGE_DEPTH["identity" if stage == "none" else stage]
