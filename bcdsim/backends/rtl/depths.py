"""Pipeline depths of the RTL units (docs/hardware_units.md §2, §6), measured by rtl_tests/test_units.py.

``depth``: an output word is offered (valid high) ``depth`` cycles after the cycle in which the
iteration that writes it issued (for an iteration that reads, the cycle of its input handshake).
Every unit stalls as a whole on output back-pressure (global enable !out_valid | out_ready) and
lets bubbles through, so the depth holds word by word. The lead moves this table into
``bcdsim.design.timing``; matrix units' depths depend on SIMD (functions below).
"""
from __future__ import annotations

import math

DEPTH: dict[str, int] = {
    "eltwise": 4,      # s1 input + parameter word, s2 pre-add (RPReLU bias_in), s3 product, output
    "threshold": 2,    # s1 input + threshold word, output bit register (bcd_threshold)
    "add": 3,          # s1 operands, s2 aligned sum, output (requantized)
    "offset_add": 3,   # as add (bcd_add OFFSET=1)
    "concat": 2,       # s1 operand, output (requantized)
    "pool": 5,         # s1 input + line buffer read, s2 column, s3 window, s4 product / copy, output
    "gap": 4,          # s1 input, s2 final sum, s3 product, output (word j of the frame's last pixel)
    "fork": 1,         # the shared output register
    "convert": 1,      # the output register
    "window": 2,       # s1 line-buffer read (one per segment), output register
    "gather_out": 2,   # s1 chunk-memory reads, output register (gather_out starts the cycle after gather_in's
                       # last iteration; gather_in of frame f+2 the cycle after gather_out finished f)
    "dsp_mvau": 5,     # s1 input + weight word, s2 products, s3 sum of SIMD products, s4 accumulator, output
}
FIFO_LATENCY = 1  # bcd_fifo: a word handed over in cycle t is offered in cycle t + 1


def popcount_stages(simd: int) -> int:
    """Registers in the XNOR compressor tree: one every two adder levels (bcd_popcount)."""
    return math.ceil(math.log2(simd) / 2) if simd > 1 else 0


def xnor_mvau_depth(simd: int, stage: str) -> int:
    """bcd_xnor_mvau (3 + tree registers) plus its output stage: affine 4, threshold 2, none 0."""
    return 3 + popcount_stages(simd) + {"affine": 4, "threshold": 2, "none": 0}[stage]
