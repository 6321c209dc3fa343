"""What the RTL generator knows about one binary layer, independent of where it came from.

A ``LayerSpec`` is an XNOR matrix-vector unit: MW = C*k*k (or 3C for a shift-MLP) window bits per
output pixel, MH output channels, the +-1 weights as bits in *stream order*, and the output stage
that follows it. Stream order (the order the input beats carry a pixel's window, shared with the
future RTL sliding-window unit): kernel position major, channel innermost, element
``(ky*k + kx)*C + c``, as FINN's sliding window emits it; a shift-MLP carries its three sources one
after the other (a, Shift(a), GlobalShift(a)), C channels each. With that order the valid bits of
a beat are all equal whenever SIMD divides C, which lets the unit mask whole folds (MASK 1).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from bcdsim.errors import UserError

OUT_INT, OUT_THRESHOLD, OUT_AFFINE = 0, 1, 2


@dataclass(frozen=True)
class Folding:
    simd: int
    pe: int


@dataclass(frozen=True)
class ThresholdStage:
    threshold: np.ndarray  # int64 (O,)
    flip: np.ndarray  # bool (O,)


@dataclass(frozen=True)
class AffineStage:
    """Integer form of bcdsim.hw's Affine: y = sat_ow(((sum_g x_g * scale[g]) << a + const) >> rsh)."""

    scale: np.ndarray  # int64 (G, O) mantissas of sw bits
    const: np.ndarray  # int64 (O,) aligned shift constant with the rounding half added, cb bits
    sw: int
    a: int
    cb: int
    rsh: int
    ow: int
    out_frac: int  # fraction bits of the output type (for reports)


@dataclass(frozen=True, eq=False)
class LayerSpec:
    node: str  # hardware-graph node (XnorConv2d / XnorShiftMLP)
    unit: str  # the canonical graph's conv node behind it (also accepted by --layer)
    kind: str  # "conv" or "shift_mlp"
    channels: int  # C
    out_channels: int  # O (MH)
    k: int = 1
    stride: int = 1
    padding: int = 0
    segments: int = 1  # 3 for a shift-MLP: one result per source
    weight: np.ndarray = field(default_factory=lambda: np.zeros((1, 1), np.uint8))  # (O, MW) bits, stream order
    source: str = ""
    stage: ThresholdStage | AffineStage | None = None
    stage_node: str = ""
    conv_sources: tuple[str, ...] = ()  # module paths of the torch convs behind it (three for a shift-MLP)

    @property
    def mw(self) -> int:
        return self.weight.shape[1]

    @property
    def mh(self) -> int:
        return self.out_channels

    @property
    def rw(self) -> int:
        """Signed width of one result 2*popcount - n over MW/segments inputs."""
        return math.ceil(math.log2(self.mw // self.segments + 1)) + 1

    @property
    def module(self) -> str:
        return verilog_name(self.node)

    @property
    def out_mode(self) -> int:
        if isinstance(self.stage, ThresholdStage):
            return OUT_THRESHOLD
        return OUT_AFFINE if isinstance(self.stage, AffineStage) else OUT_INT


def verilog_name(name: str) -> str:
    clean = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name)
    return clean if clean[:1].isalpha() else "m_" + clean


def conv_weight_bits(weight: np.ndarray) -> np.ndarray:
    """+-1 (O, C, k, k) -> (O, k*k*C) bits in stream order (kernel position major)."""
    return (weight > 0).transpose(0, 2, 3, 1).reshape(weight.shape[0], -1).astype(np.uint8)


def shift_weight_bits(weight: np.ndarray) -> np.ndarray:
    """+-1 (3, O, C) -> (O, 3C) bits, source-major."""
    return (weight > 0).transpose(1, 0, 2).reshape(weight.shape[1], -1).astype(np.uint8)


def divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def check_folding(spec: LayerSpec, fold: Folding, where: str = "") -> Folding:
    prefix = f"{where}: " if where else ""
    if fold.simd < 1 or spec.mw % fold.simd:
        raise UserError(f"{prefix}{spec.node}: SIMD {fold.simd} does not divide MW={spec.mw}")
    if spec.kind == "shift_mlp" and spec.channels % fold.simd:
        raise UserError(f"{prefix}{spec.node}: a shift-MLP needs SIMD dividing C={spec.channels} "
                        f"(source-major gather), got {fold.simd}")
    if fold.pe < 1 or spec.mh % fold.pe:
        raise UserError(f"{prefix}{spec.node}: PE {fold.pe} does not divide MH={spec.mh}")
    return fold


def mask_mode(spec: LayerSpec, fold: Folding) -> int:
    """0: no padding (valid bits ignored); 1: one valid bit per beat (SIMD | C, SIMD even);
    2: a valid bit per lane (any mask)."""
    if spec.padding == 0 or spec.kind == "shift_mlp":
        return 0
    return 1 if spec.channels % fold.simd == 0 and fold.simd % 2 == 0 else 2


def tree_stages(simd: int) -> int:
    """Pipeline registers in the compressor tree: a register every two adder levels."""
    return math.ceil(math.log2(simd) / 2) if simd > 1 else 0


# ---- memory images ----------------------------------------------------------------------------

def pack_words(lanes: np.ndarray, lane_bits: int) -> list[str]:
    """(words, lanes) integers -> hex lines, lane p at bits [p*lane_bits, (p+1)*lane_bits) in two's
    complement (the layout the Verilog reads with ``$readmemh``)."""
    lanes = np.asarray(lanes, dtype=np.int64)
    mask = (1 << lane_bits) - 1
    digits = math.ceil(lanes.shape[1] * lane_bits / 4)
    out = []
    for row in lanes:
        word = 0
        for p, v in enumerate(row.tolist()):
            word |= (int(v) & mask) << (p * lane_bits)
        out.append(f"{word:0{digits}x}")
    return out


def weight_words(spec: LayerSpec, fold: Folding) -> list[str]:
    """Word nf*SF + sf, bit p*SIMD + i: weight of element sf*SIMD + i for channel nf*PE + p."""
    nf, sf = spec.mh // fold.pe, spec.mw // fold.simd
    w = spec.weight.reshape(nf, fold.pe, sf, fold.simd).transpose(0, 2, 1, 3).reshape(nf * sf, -1)
    packed = np.packbits(w, axis=1, bitorder="little")  # byte j holds bits 8j..8j+7
    digits = math.ceil(w.shape[1] / 4)
    return [int.from_bytes(row.tobytes(), "little").__format__(f"0{digits}x") for row in packed]


def threshold_words(stage: ThresholdStage, pe: int, rw: int) -> list[str]:
    """NF words; lane p = {flip, T} with T on rw + 1 bits."""
    tw = rw + 1
    t = stage.threshold.astype(np.int64) & ((1 << tw) - 1)
    lanes = t | (stage.flip.astype(np.int64) << tw)
    return pack_words(lanes.reshape(-1, pe), tw + 1)


def affine_words(stage: AffineStage, pe: int) -> tuple[list[str], list[str]]:
    """(scales: word nf*G + g, lane p = scale[g, nf*PE + p]; constants: word nf, lane p)."""
    g, o = stage.scale.shape
    scales = stage.scale.reshape(g, o // pe, pe).transpose(1, 0, 2).reshape(-1, pe)
    return pack_words(scales, stage.sw), pack_words(stage.const.reshape(-1, pe), stage.cb)
