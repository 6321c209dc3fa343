"""Weight layouts the kernels read (see the comments at the top of hls/bcd_mvau.h, bcd_dense.h).

A matrix row is one output's inputs in window order (ky, kx, c); a tile is SIMD inputs of PE
outputs, stored at ((nf * SF + sf) * PE + p): the memory word a kernel reads in one cycle.
Binary tiles are split into words of at most 32 bits: hls4ml writes integer weights through a
float format, exact below 2**53 only.
"""
from __future__ import annotations

import numpy as np
from hls4ml.model.types import IntegerPrecisionType

MAX_WORD_BITS = 32


def word_bits(simd: int) -> int:
    return min(simd, MAX_WORD_BITS)


def word_precision(simd: int) -> IntegerPrecisionType:
    return IntegerPrecisionType(word_bits(simd), False)


def conv_rows(weight: np.ndarray) -> np.ndarray:
    """(O, C, k, k) -> (O, k*k*C) in (ky, kx, c) order."""
    return np.ascontiguousarray(weight.transpose(0, 2, 3, 1).reshape(weight.shape[0], -1))


def shift_rows(weight: np.ndarray, interleave: int) -> np.ndarray:
    """(3, O, C) branch weights -> (O, 3C): source-major (all of branch 0, then 1, then 2), or with
    ``interleave`` = s > 0: s channels of each branch per group, as the gather emits them."""
    branches, o, c = weight.shape
    if not interleave:
        return np.ascontiguousarray(weight.transpose(1, 0, 2).reshape(o, branches * c))
    w = weight.reshape(branches, o, c // interleave, interleave)  # (b, o, group, s)
    return np.ascontiguousarray(w.transpose(1, 2, 0, 3).reshape(o, branches * c))


def _tile_order(rows: np.ndarray, simd: int, pe: int) -> np.ndarray:
    """(MH, MW) -> (NF, SF, PE, SIMD)."""
    mh, mw = rows.shape
    return rows.reshape(mh // pe, pe, mw // simd, simd).transpose(0, 2, 1, 3)


def binary_tiles(rows: np.ndarray, simd: int, pe: int) -> np.ndarray:
    """+-1 rows -> ap_uint words, bit i of a tile = input i (1 for +1), low word first."""
    wb = word_bits(simd)
    nw = -(-simd // wb)
    tiles = (_tile_order(rows, simd, pe) > 0).astype(np.int64)  # (NF, SF, PE, SIMD)
    padded = np.zeros(tiles.shape[:3] + (nw * wb,), np.int64)
    padded[..., :simd] = tiles
    words = (padded.reshape(tiles.shape[:3] + (nw, wb)) << np.arange(wb, dtype=np.int64)).sum(axis=-1)
    return words.reshape(-1).astype(np.float64)


def fixed_tiles(rows: np.ndarray, simd: int, pe: int) -> np.ndarray:
    """Real rows -> the flat array weights[((nf * SF + sf) * PE + p) * SIMD + s]."""
    return np.ascontiguousarray(_tile_order(rows, simd, pe)).reshape(-1)
