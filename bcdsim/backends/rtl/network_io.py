"""Frames to stream words and back, exactly as hw mode quantises (NETWORK_TOP.md).

Input words: the image quantised to the graph input's fixed-point type (``bcdsim.hw.fixed.quantize``,
round half up, saturating, as ``run_hw`` does), pixels in raster order (HWC), ``lanes`` channels per
word, lane p at bits [p*bits, (p+1)*bits) in two's complement. Output words: ``lanes`` logits per
word, two's complement, the first ``classes`` values of a frame are its logits.
"""
from __future__ import annotations

import numpy as np

from bcdsim.hw import fixed
from bcdsim.ir.dtypes import Fixed


def pack(values: np.ndarray, lanes: int, bits: int) -> list[int]:
    """(values in stream order) -> words of ``lanes`` values."""
    v = np.asarray(values, dtype=np.int64).reshape(-1, lanes)
    mask = (1 << bits) - 1
    out = []
    for row in v.tolist():
        word = 0
        for p, x in enumerate(row):
            word |= (int(x) & mask) << (p * bits)
        out.append(word)
    return out


def unpack(words: list[int], lanes: int, bits: int) -> np.ndarray:
    """Words -> signed lane values in stream order."""
    mask, sign = (1 << bits) - 1, 1 << (bits - 1)
    vals = [((w >> (p * bits)) & mask) for w in words for p in range(lanes)]
    return np.array([v - (1 << bits) if v & sign else v for v in vals], dtype=np.int64)


def stream_order(m: np.ndarray) -> np.ndarray:
    """(C, H, W) or (F,) mantissas -> stream order (pixels row-major, channels inside)."""
    return (m.transpose(1, 2, 0) if m.ndim == 3 else m).reshape(-1)


def image_words(image: np.ndarray, dtype: Fixed, lanes: int) -> list[int]:
    """One image (C, H, W) floats -> the input words of its frame."""
    m, _ = fixed.quantize(image, dtype)
    return pack(stream_order(np.asarray(m)), lanes, dtype.bits)


def logits(words: list[int], lanes: int, bits: int, classes: int) -> np.ndarray:
    """A frame's output words -> its logits (mantissas)."""
    return unpack(words, lanes, bits)[:classes]
