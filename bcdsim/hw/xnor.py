"""Packed-bit XNOR-popcount convolution: what the XNOR matrix-vector units compute (DESIGN.md §5).

For each output pixel the sliding window gives MW = C*k*k input bits a and a valid mask (0 where
the window hangs over the zero padding); with weight bits w the result is
``2 * popcount(~(w ^ a) & valid) - popcount(valid)``. Bits are packed into 64-bit words.
"""
from __future__ import annotations

import numpy as np

from bcdsim.ir.interpret import im2col

WORD = 64
CHUNK_BYTES = 1 << 26  # bound the (pixels, outputs, words) temporary to ~64 MB


def pack_rows(bits: np.ndarray) -> np.ndarray:
    """(R, MW) of 0/1 -> (R, ceil(MW/64)) uint64, zero-filled past MW."""
    packed = np.packbits(bits.astype(np.uint8), axis=1, bitorder="little")
    pad = (-packed.shape[1]) % 8
    if pad:
        packed = np.pad(packed, ((0, 0), (0, pad)))
    return np.ascontiguousarray(packed).view(np.uint64)


def window_bits(bits: np.ndarray, k: int, stride: int, padding: int) -> tuple[np.ndarray, np.ndarray, tuple]:
    """Packed window bits and valid masks per output pixel: ((P, words), (P, words), (N, OH, OW))."""
    cols = im2col(bits.astype(np.uint8), k, stride, padding)
    valid = im2col(np.ones((1, 1) + bits.shape[2:], np.uint8), k, stride, padding)
    n, oh, ow = cols.shape[:3]
    valid = np.broadcast_to(valid, (1, oh, ow, bits.shape[1], k, k))
    a = pack_rows(cols.reshape(n * oh * ow, -1))
    v = pack_rows(np.ascontiguousarray(valid).reshape(oh * ow, -1))
    return a, np.tile(v, (n, 1)), (n, oh, ow)


def xnor_conv2d(bits: np.ndarray, weight: np.ndarray, stride: int, padding: int) -> np.ndarray:
    """Integer conv(sign input, sign W) of a bit map (N, C, H, W) with +-1 weights (O, C, k, k)."""
    o, _, k, _ = weight.shape
    a, valid, (n, oh, ow) = window_bits(bits, k, stride, padding)
    w = pack_rows((weight > 0).reshape(o, -1))
    n_valid = np.bitwise_count(valid).sum(axis=1, dtype=np.int64)
    out = np.empty((a.shape[0], o), np.int64)
    step = max(1, CHUNK_BYTES // (8 * o * a.shape[1]))
    for i in range(0, a.shape[0], step):
        agree = ~(a[i:i + step, None, :] ^ w[None]) & valid[i:i + step, None, :]
        out[i:i + step] = 2 * np.bitwise_count(agree).sum(axis=2, dtype=np.int64) - n_valid[i:i + step, None]
    return out.reshape(n, oh, ow, o).transpose(0, 3, 1, 2)
