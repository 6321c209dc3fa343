"""Weight layouts the kernels read (see the comments at the top of hlslib/bcd_mvau.h, bcd_dense.h).

A matrix row is one output's inputs in window order (ky, kx, c); a tile is SIMD inputs of PE
outputs, stored at ((nf * SF + sf) * PE + p): the memory word a kernel reads in one cycle.
On-chip binary tiles are split into pieces of WB bits, WB the largest divisor of SIMD up to 32:
hls4ml writes integer weights through a float format, exact below 2**53 only, and a divisor
makes the reshaped memory word exactly SIMD*PE bits (the design's weight memory). Weights
streamed from DDR are whole (nf, sf) words of SIMD*PE bits, lane p at bits [p*SIMD, (p+1)*SIMD).
"""
from __future__ import annotations

import numpy as np
from hls4ml.model.types import IntegerPrecisionType

MAX_WORD_BITS = 32


def word_bits(simd: int) -> int:
    """Bits per weight piece: the largest divisor of SIMD up to 32."""
    return max(d for d in range(1, min(simd, MAX_WORD_BITS) + 1) if simd % d == 0)


def word_precision(simd: int) -> IntegerPrecisionType:
    return IntegerPrecisionType(word_bits(simd), False)


def conv_rows(weight: np.ndarray) -> np.ndarray:
    """(O, C, k, k) -> (O, k*k*C) in (ky, kx, c) order."""
    return np.ascontiguousarray(weight.transpose(0, 2, 3, 1).reshape(weight.shape[0], -1))


def shift_rows(weight: np.ndarray) -> np.ndarray:
    """(3, O, C) branch weights -> (O, 3C), source-major: all of branch 0, then 1, then 2."""
    branches, o, c = weight.shape
    return np.ascontiguousarray(weight.transpose(1, 0, 2).reshape(o, branches * c))


def _tile_order(rows: np.ndarray, simd: int, pe: int) -> np.ndarray:
    """(MH, MW) -> (NF, SF, PE, SIMD)."""
    mh, mw = rows.shape
    return rows.reshape(mh // pe, pe, mw // simd, simd).transpose(0, 2, 1, 3)


def binary_tiles(rows: np.ndarray, simd: int, pe: int) -> np.ndarray:
    """+-1 rows -> WB-bit pieces, bit i of a tile = input i (1 for +1), low piece first."""
    wb = word_bits(simd)
    tiles = (_tile_order(rows, simd, pe) > 0).astype(np.int64)  # (NF, SF, PE, SIMD)
    pieces = tiles.reshape(tiles.shape[:3] + (simd // wb, wb))
    return (pieces << np.arange(wb, dtype=np.int64)).sum(axis=-1).reshape(-1).astype(np.float64)


def binary_words(rows: np.ndarray, simd: int, pe: int) -> list[int]:
    """+-1 rows -> one SIMD*PE-bit integer per (nf, sf), lane p at bits [p*SIMD, (p+1)*SIMD)."""
    tiles = (_tile_order(rows, simd, pe) > 0).reshape(-1, pe * simd)  # (NF*SF, PE*SIMD), bit k = p*SIMD + s
    packed = np.packbits(tiles, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


def fixed_tiles(rows: np.ndarray, simd: int, pe: int) -> np.ndarray:
    """Real rows (or mantissas) -> the flat array weights[((nf * SF + sf) * PE + p) * SIMD + s]."""
    return np.ascontiguousarray(_tile_order(rows, simd, pe)).reshape(-1)
