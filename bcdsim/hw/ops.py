"""IR ops of the hardware graph (after ``bcdsim.hw.passes``): integer XNOR-popcount units and
the per-channel stages that follow them. Their float kernels (for profiling and for comparing
with the model) are registered here too; hw-mode kernels live in ``bcdsim.hw.interpret``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from bcdsim.ir import ops
from bcdsim.ir.dtypes import BIPOLAR, INT, DataType
from bcdsim.ir.graph import Node
from bcdsim.ir.interpret import channel_shift, conv2d, kernel
from bcdsim.ir.ops import Shape, ShapeError


def popcount_bits(n_inputs: int) -> int:
    """Signed bits of 2*popcount - n for up to n inputs: values in [-n, n]."""
    return math.ceil(math.log2(n_inputs + 1)) + 1


@dataclass(frozen=True, eq=False)
class XnorConv2d(ops.Op):
    """Integer ``2*popcount(~(w ^ a) & valid) - n_valid`` = conv(sign(x), sign(W)) with zero padding.

    weight: int8 +-1 (O, C, k, k). Input: a bipolar map; output: integers, no scale.
    """

    weight: np.ndarray
    stride: int
    padding: int

    def infer_shape(self, x: Shape) -> Shape:
        o, c, k, _ = self.weight.shape
        if len(x) != 4 or x[1] != c:
            raise ShapeError(f"XnorConv2d expects (N, {c}, H, W), got {x}")
        size = [(d + 2 * self.padding - k) // self.stride + 1 for d in x[2:]]
        if min(size) < 1:
            raise ShapeError(f"a {k}x{k} window does not fit a {x[2]}x{x[3]} map")
        return (x[0], o, size[0], size[1])

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return INT(popcount_bits(int(np.prod(self.weight.shape[1:]))))


@dataclass(frozen=True, eq=False)
class XnorShiftMLP(ops.Op):
    """BCDNet's ShiftBlock as one XNOR matrix-vector unit over 3C inputs per pixel, gathered from
    (a, Shift(a), GlobalShift(a)). weight: int8 +-1 (3, O, C); output (N, 3*O, H, W): the three
    branches' integer popcounts, branch-major (channel k*O + o), because each branch has its own alpha.
    """

    weight: np.ndarray
    shifts: tuple[tuple[int, int], ...]  # (rows, cols) per branch: (0, 0), local, global
    branch_sources: tuple[str, ...] = ()  # module paths of the three torch convs fused here, in branch order

    def infer_shape(self, x: Shape) -> Shape:
        branches, o, c = self.weight.shape
        if len(x) != 4 or x[1] != c or c % 4:
            raise ShapeError(f"XnorShiftMLP expects (N, {c}, H, W) with C divisible by 4, got {x}")
        return (x[0], branches * o, x[2], x[3])

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return INT(popcount_bits(int(self.weight.shape[2])))


@dataclass(frozen=True, eq=False)
class Affine(ops.ChannelOp):
    """y[o] = sum_g scale[g, o] * x[g*O + o] + shift[o]: alpha and BN folded onto integer popcounts.
    With one group (G = 1) a per-channel op; with three it belongs to its XnorShiftMLP."""

    scale: np.ndarray  # (G, O)
    shift: np.ndarray  # (O,)

    def channel_form(self) -> ops.ChannelForm:
        if self.scale.shape[0] != 1:
            raise ValueError("a multi-branch Affine must follow its XnorShiftMLP")
        return ops.ChannelForm("scale", gain=self.scale[0], post=self.shift)

    def infer_shape(self, x: Shape) -> Shape:
        g, o = self.scale.shape
        if len(x) < 2 or x[1] != g * o:
            raise ShapeError(f"Affine expects {g * o} channels, got {x}")
        return (x[0], o, *x[2:])


@dataclass(frozen=True, eq=False)
class IntThreshold(ops.Op):
    """Affine + sign folded: bit = (p >= threshold) per channel, or (p <= threshold) where ``flip``
    (negative scale). Thresholds are integers on the popcount."""

    threshold: np.ndarray  # int64 (O,)
    flip: np.ndarray  # bool (O,)
    arity: ClassVar[int] = 1

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return BIPOLAR


# --- float kernels: the hardware graph computes the model's function -------------------------

def xnor_shift_gather(x: np.ndarray, shifts: tuple[tuple[int, int], ...]) -> list[np.ndarray]:
    return [x if (sh, sw) == (0, 0) else channel_shift(x, sh, sw) for sh, sw in shifts]


@kernel(XnorConv2d)
def _xnor_float(op: XnorConv2d, a: list[np.ndarray], node: Node) -> np.ndarray:
    return conv2d(a[0], op.weight, op.stride, op.padding, 1)


@kernel(XnorShiftMLP)
def _shift_mlp_float(op: XnorShiftMLP, a: list[np.ndarray], node: Node) -> np.ndarray:
    parts = [conv2d(x, w[:, :, None, None], 1, 0, 1) for x, w in zip(xnor_shift_gather(a[0], op.shifts), op.weight)]
    return np.concatenate(parts, axis=1)


@kernel(Affine)
def _affine_float(op: Affine, a: list[np.ndarray], node: Node) -> np.ndarray:
    g, o = op.scale.shape
    x = a[0].reshape(a[0].shape[0], g, o, *a[0].shape[2:]).astype(np.float64)
    expand = (1, g, o) + (1,) * (x.ndim - 3)
    y = (x * op.scale.reshape(expand)).sum(axis=1) + op.shift.reshape((1, o) + (1,) * (x.ndim - 3))
    return y.astype(np.float32)


@kernel(IntThreshold)
def _threshold_float(op: IntThreshold, a: list[np.ndarray], node: Node) -> np.ndarray:
    return threshold_bits(op, a[0]).astype(np.float32) * 2 - 1


def threshold_bits(op: IntThreshold, p: np.ndarray) -> np.ndarray:
    shape = (1, -1) + (1,) * (p.ndim - 2)
    t, flip = op.threshold.reshape(shape), op.flip.reshape(shape)
    return np.where(flip, p <= t, p >= t)
