"""Cycles per frame of every unit kind: the iteration counts of docs/hardware_units.md §4.

These closed forms are the contract: the HLS kernels' counted loop iterations and the RTL
modules' measured cycles per frame must equal them (tests compare both against these), and the
cost model's throughput is f_clk / the largest of them. The per-word schedules behind them are in
``bcdsim.design.timing``; a test checks that each schedule has exactly these many iterations.
"""
from __future__ import annotations


def _div(a: int, b: int, what: str) -> int:
    if b <= 0 or a % b:
        raise ValueError(f"{what}: {b} must divide {a}")
    return a // b


def matrix_cycles(pixels: int, mw: int, mh: int, simd: int, pe: int) -> int:
    """XNOR or fixed-point MVAU: P * (MW/SIMD) * (MH/PE) (FINN-R §4, FINN's MVAU ``get_exp_cycles``)."""
    return pixels * _div(mw, simd, "SIMD | MW") * _div(mh, pe, "PE | MH")


def window_rows_needed(oy: int, height: int, kernel: int, stride: int, pad: int) -> int:
    """Input rows that must have been read before output row ``oy`` can be emitted."""
    return min(height, oy * stride - pad + kernel)


def window_cycles(channels: int, height: int, width: int, kernel: int, stride: int, pad: int,
                  in_lanes: int, simd: int) -> int:
    """Fill of need(0) rows, then per output row max(window words, input words of the next rows)."""
    out_h = (height + 2 * pad - kernel) // stride + 1
    out_w = (width + 2 * pad - kernel) // stride + 1
    reads = _div(width * channels, in_lanes, "input lanes | W*C")
    writes = out_w * _div(kernel * kernel * channels, simd, "SIMD | K*K*C")
    need = [window_rows_needed(oy, height, kernel, stride, pad) for oy in range(out_h)] + [height]
    return need[0] * reads + sum(max(writes, (need[oy + 1] - need[oy]) * reads) for oy in range(out_h))


def stream_cycles(pixels: int, channels: int, lanes: int) -> int:
    """Per-channel units, forks, pools, GAP, threshold, the gather's and frame buffers' sides: one
    word per cycle."""
    return pixels * _div(channels, lanes, "lanes | C")


def concat_cycles(pixels: int, first: int, second: int, lanes: int) -> int:
    return pixels * (_div(first, lanes, "lanes | C1") + _div(second, lanes, "lanes | C2"))


def convert_cycles(pixels: int, channels: int, in_lanes: int, out_lanes: int) -> int:
    """A width converter moves one narrow word per cycle."""
    narrow = min(in_lanes, out_lanes)
    if max(in_lanes, out_lanes) % narrow:
        raise ValueError(f"a converter changes lanes by an integer factor, not {in_lanes} -> {out_lanes}")
    return stream_cycles(pixels, channels, narrow)


def context_scan_cycles(pixels: int, channels: int, lanes: int, hidden: int, mac_lanes: int) -> int:
    """Read the frame (summing every channel), then e = W1 g and alpha = W2 e with SIMD MACs each."""
    macs = _div(hidden * channels, mac_lanes, "MAC lanes | hidden*C")
    return stream_cycles(pixels, channels, lanes) + 2 * macs
