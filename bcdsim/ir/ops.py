"""IR ops: one frozen, typed dataclass per operation, with shape and dtype inference (DESIGN.md §8.1).

Shapes include the batch dimension: (N, C, H, W) for maps, (N, F) for vectors. Parameters are
numpy arrays (float32 for real values, int8 +-1 for binary weights). Ops compare by identity
(``eq=False``) because numpy arrays have no total equality.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from bcdsim.ir.dtypes import BIPOLAR, FLOAT32, DataType

Shape = tuple[int, ...]


class ShapeError(ValueError):
    """An op cannot take the shapes it is given (the graph names the node)."""


def _window(size: int, kernel: int, stride: int, padding: int) -> int:
    out = (size + 2 * padding - kernel) // stride + 1
    if out < 1:
        raise ShapeError(f"a {kernel}x{kernel} window (stride {stride}, padding {padding}) "
                         f"does not fit a map of size {size}")
    return out


def _expect_rank(shape: Shape, rank: int, what: str) -> None:
    if len(shape) != rank:
        raise ShapeError(f"{what} needs a rank-{rank} input, got shape {shape}")


def _expect_channels(shape: Shape, channels: int, what: str) -> None:
    if len(shape) < 2 or shape[1] != channels:
        raise ShapeError(f"{what} expects {channels} channels, got shape {shape}")


@dataclass(frozen=True, eq=False)
class Op:
    arity: ClassVar[int] = 1  # number of inputs; -1 for variadic
    # Tensors derived from others or kept as buffers (BN statistics, alpha = mean|W|): stored,
    # but not trained parameters in PyTorch's sense, so parameter counts skip them.
    derived: ClassVar[tuple[str, ...]] = ()

    def infer_shape(self, *shapes: Shape) -> Shape:
        return shapes[0]

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return FLOAT32

    def params(self) -> dict[str, np.ndarray]:
        """Trained tensors of this op, by name (for parameter and memory counts)."""
        return {k: v for k, v in vars(self).items() if isinstance(v, np.ndarray) and k not in self.derived}

    def describe(self) -> str:
        """Short attribute summary for ``Graph.format()``."""
        parts = []
        for k, v in vars(self).items():
            if isinstance(v, np.ndarray):
                parts.append(f"{k}{list(v.shape)}")
            elif v is not None:
                parts.append(f"{k}={v}")
        return ", ".join(parts)


@dataclass(frozen=True, eq=False)
class Input(Op):
    shape: Shape
    arity: ClassVar[int] = 0

    def infer_shape(self) -> Shape:
        return tuple(self.shape)


@dataclass(frozen=True, eq=False)
class _ConvBase(Op):
    stride: int
    padding: int
    groups: int

    def infer_shape(self, x: Shape) -> Shape:
        w = self.weight  # type: ignore[attr-defined]
        _expect_rank(x, 4, type(self).__name__)
        _expect_channels(x, w.shape[1] * self.groups, type(self).__name__)
        k = w.shape[2]
        return (x[0], w.shape[0], _window(x[2], k, self.stride, self.padding),
                _window(x[3], w.shape[3], self.stride, self.padding))

    @property
    def out_channels(self) -> int:
        return int(self.weight.shape[0])  # type: ignore[attr-defined]

    @property
    def kernel_size(self) -> int:
        return int(self.weight.shape[2])  # type: ignore[attr-defined]


@dataclass(frozen=True, eq=False)
class Conv2d(_ConvBase):
    """Real-valued convolution, weight (O, I/groups, k, k); zero padding."""

    weight: np.ndarray
    bias: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class BinaryConv2d(_ConvBase):
    """alpha_o * (sign-input conv sign(W)): weight is int8 +-1 (O, I/groups, k, k), alpha (O,).

    The input is a +-1 map; zero padding adds zeros in the +-1 domain (contributes nothing).
    """

    weight: np.ndarray
    alpha: np.ndarray
    derived: ClassVar[tuple[str, ...]] = ("alpha",)

    @classmethod
    def from_latent(cls, latent: np.ndarray, stride: int, padding: int, groups: int) -> BinaryConv2d:
        """The op of a binary conv with latent (real) weights: sign(W), alpha_o = mean |W_o| (DESIGN.md §3)."""
        alpha = np.abs(latent).mean(axis=(1, 2, 3), dtype=np.float64).astype(np.float32)
        return cls(stride=stride, padding=padding, groups=groups, weight=np.sign(latent).astype(np.int8), alpha=alpha)


@dataclass(frozen=True, eq=False)
class _LinearBase(Op):
    def infer_shape(self, x: Shape) -> Shape:
        w = self.weight  # type: ignore[attr-defined]
        _expect_rank(x, 2, type(self).__name__)
        if x[1] != w.shape[1]:
            raise ShapeError(f"{type(self).__name__} expects {w.shape[1]} features, got {x}")
        return (x[0], int(w.shape[0]))


@dataclass(frozen=True, eq=False)
class Linear(_LinearBase):
    weight: np.ndarray  # (O, I)
    bias: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class BinaryLinear(_LinearBase):
    """alpha_o * (x . sign(W)^T) for a +-1 input vector; weight int8 +-1 (O, I), alpha (O,)."""

    weight: np.ndarray
    alpha: np.ndarray
    bias: np.ndarray | None = None
    derived: ClassVar[tuple[str, ...]] = ("alpha",)


@dataclass(frozen=True, eq=False)
class Sign(Op):
    """sign(x - threshold) per channel (threshold None means 0); output is +-1 (0 maps to 0)."""

    threshold: np.ndarray | None = None

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return BIPOLAR


@dataclass(frozen=True, eq=False)
class DynamicSign(Op):
    """sign(x - alpha) with alpha (N, C) computed from the input (BCDNet-B's contextual threshold)."""

    arity: ClassVar[int] = 2

    def infer_shape(self, x: Shape, alpha: Shape) -> Shape:
        if tuple(alpha) != tuple(x[:2]):
            raise ShapeError(f"DynamicSign threshold {alpha} does not match input {x}")
        return x

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return BIPOLAR


@dataclass(frozen=True)
class ChannelForm:
    """What a per-channel elementwise op computes, in the one form every backend implements
    (DESIGN.md §5, the eltwise unit): with v = x + pre,

    - ``mode == "scale"``: y = x * gain + post (pre unused);
    - ``mode == "bias"``:  y = x + post;
    - ``mode == "prelu"``: y = (v >= 0 ? v : v * gain) + post.

    Absent constants (None) cost nothing; hw mode quantizes each present one with its own type.
    """

    mode: str
    gain: np.ndarray | None = None
    pre: np.ndarray | None = None
    post: np.ndarray | None = None

    def __post_init__(self) -> None:
        needs_gain = self.mode in ("scale", "prelu")
        if self.mode not in ("scale", "bias", "prelu") or needs_gain != (self.gain is not None) \
                or (self.pre is not None and self.mode != "prelu") or (self.mode == "bias" and self.post is None):
            raise ValueError(f"no channel form: mode {self.mode!r} with gain={self.gain is not None}, "
                             f"pre={self.pre is not None}, post={self.post is not None}")


@dataclass(frozen=True, eq=False)
class ChannelOp(Op):
    """A per-channel fixed-point elementwise op. A subclass says what it computes in
    ``channel_form()``; hw mode, the design, the cost model and both backends handle every
    ChannelOp through that form, so a new op of this family needs only its class and its lowering."""

    # FLOPs per output element in the ``extended`` count profile (DESIGN.md §4)
    extended_flops: ClassVar[int] = 0

    def channel_form(self) -> ChannelForm:
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class BatchNorm(ChannelOp):
    gamma: np.ndarray
    beta: np.ndarray
    mean: np.ndarray
    var: np.ndarray
    eps: float = 1e-5
    derived: ClassVar[tuple[str, ...]] = ("mean", "var")
    extended_flops: ClassVar[int] = 1

    def affine(self) -> tuple[np.ndarray, np.ndarray]:
        """(scale, shift) such that BN(x) = scale * x + shift (float64)."""
        scale = self.gamma.astype(np.float64) / np.sqrt(self.var.astype(np.float64) + self.eps)
        return scale, self.beta - scale * self.mean

    def channel_form(self) -> ChannelForm:
        scale, shift = self.affine()
        return ChannelForm("scale", gain=scale, post=shift)


@dataclass(frozen=True, eq=False)
class Bias(ChannelOp):
    """Per-channel learnable shift (the ``move*`` modules)."""

    bias: np.ndarray

    def channel_form(self) -> ChannelForm:
        return ChannelForm("bias", post=self.bias)


@dataclass(frozen=True, eq=False)
class PReLU(ChannelOp):
    slope: np.ndarray  # (C,) or (1,)

    def channel_form(self) -> ChannelForm:
        return ChannelForm("prelu", gain=self.slope)


@dataclass(frozen=True, eq=False)
class RPReLU(ChannelOp):
    """bias_in -> PReLU(slope) -> bias_out (ReActNet's RPReLU)."""

    bias_in: np.ndarray
    slope: np.ndarray
    bias_out: np.ndarray
    extended_flops: ClassVar[int] = 1

    def channel_form(self) -> ChannelForm:
        return ChannelForm("prelu", gain=self.slope, pre=self.bias_in, post=self.bias_out)


@dataclass(frozen=True, eq=False)
class LeakyReLU(ChannelOp):
    """x >= 0 ? x : slope * x with one constant slope (torch.nn.LeakyReLU)."""

    slope: float

    def channel_form(self) -> ChannelForm:
        return ChannelForm("prelu", gain=np.array([self.slope]))


def shift_amounts(height: int, width: int, global_: bool) -> tuple[int, int]:
    """BCDNet's roll distances: 1 for Shift, floor(size / 2) per axis for GlobalShift (3 at 7x7)."""
    return (height // 2, width // 2) if global_ else (1, 1)


@dataclass(frozen=True, eq=False)
class ChannelShift(Op):
    """BCDNet's Shift / GlobalShift: 4 channel chunks rolled +h, -h (rows), +w, -w (columns)."""

    shift_h: int
    shift_w: int
    global_: bool = False

    def infer_shape(self, x: Shape) -> Shape:
        _expect_rank(x, 4, "ChannelShift")
        if x[1] % 4:
            raise ShapeError(f"ChannelShift needs channels divisible by 4, got {x[1]}")
        return x

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return dtypes[0]


@dataclass(frozen=True, eq=False)
class AvgPool2d(Op):
    kernel: int
    stride: int
    padding: int = 0

    def infer_shape(self, x: Shape) -> Shape:
        _expect_rank(x, 4, type(self).__name__)
        return (x[0], x[1], _window(x[2], self.kernel, self.stride, self.padding),
                _window(x[3], self.kernel, self.stride, self.padding))


@dataclass(frozen=True, eq=False)
class MaxPool2d(AvgPool2d):
    pass


@dataclass(frozen=True, eq=False)
class GlobalAvgPool(Op):
    """Mean over H and W, keeping (N, C, 1, 1)."""

    def infer_shape(self, x: Shape) -> Shape:
        _expect_rank(x, 4, "GlobalAvgPool")
        return (x[0], x[1], 1, 1)


@dataclass(frozen=True, eq=False)
class Add(Op):
    arity: ClassVar[int] = 2

    def infer_shape(self, a: Shape, b: Shape) -> Shape:
        if tuple(a) != tuple(b):
            raise ShapeError(f"Add needs equal shapes, got {a} and {b}")
        return a


@dataclass(frozen=True, eq=False)
class AddChannelOffset(Op):
    """y (N, C, H, W) + offset (N, C) broadcast over the map (BCDNet-B's output offset)."""

    arity: ClassVar[int] = 2

    def infer_shape(self, y: Shape, offset: Shape) -> Shape:
        if tuple(offset) != tuple(y[:2]):
            raise ShapeError(f"AddChannelOffset offset {offset} does not match {y}")
        return y


@dataclass(frozen=True, eq=False)
class Concat(Op):
    axis: int = 1
    arity: ClassVar[int] = -1

    def infer_shape(self, *shapes: Shape) -> Shape:
        first = list(shapes[0])
        for s in shapes[1:]:
            if len(s) != len(first) or any(a != b for i, (a, b) in enumerate(zip(first, s)) if i != self.axis):
                raise ShapeError(f"Concat on axis {self.axis} cannot join {shapes}")
        first[self.axis] = sum(s[self.axis] for s in shapes)
        return tuple(first)

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return dtypes[0]


@dataclass(frozen=True, eq=False)
class Flatten(Op):
    def infer_shape(self, x: Shape) -> Shape:
        return (x[0], int(np.prod(x[1:])))

    def infer_dtype(self, *dtypes: DataType) -> DataType:
        return dtypes[0]


@dataclass(frozen=True, eq=False)
class Scale(ChannelOp):
    """Multiplication by a constant (e.g. the 1/2 of BCDNet's averaged heads)."""

    factor: float

    def channel_form(self) -> ChannelForm:
        return ChannelForm("scale", gain=np.array([self.factor]))


@dataclass(frozen=True, eq=False)
class ContextEmbed(Op):
    """e = W1 . GAP(x): (N, C, H, W) -> (N, hidden) (BCDNet-B's contextual embedding)."""

    weight: np.ndarray  # (hidden, C)

    def infer_shape(self, x: Shape) -> Shape:
        _expect_rank(x, 4, "ContextEmbed")
        _expect_channels(x, self.weight.shape[1], "ContextEmbed")
        return (x[0], int(self.weight.shape[0]))


@dataclass(frozen=True, eq=False)
class Opaque(Op):
    """An operation of a foreign model that bcdsim records but cannot execute (aten name)."""

    target: str
    out_shape: Shape = ()
    arity: ClassVar[int] = -1

    def infer_shape(self, *shapes: Shape) -> Shape:
        return tuple(self.out_shape)


BINARY_MAC_OPS = (BinaryConv2d, BinaryLinear)
REAL_MAC_OPS = (Conv2d, Linear)
