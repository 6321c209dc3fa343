"""Binarization primitives shared by every model of the zoo (DESIGN.md §3).

Each primitive is its own ``nn.Module`` so that lowering (torch.fx with these as
leaves) sees one module per IR op.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class SignSTE(torch.autograd.Function):
    """sign(x) with sign(0) = 0; gradient is ReActNet's piecewise-polynomial STE.

    d/dx = 2 + 2x on [-1, 0), 2 - 2x on [0, 1), 0 elsewhere (ReActNet, ECCV 2020, eq. 6 /
    Bi-Real Net's ApproxSign).
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x)
        return torch.sign(x)

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        slope = torch.zeros_like(x)
        neg = (x >= -1) & (x < 0)
        pos = (x >= 0) & (x < 1)
        slope = torch.where(neg, 2 + 2 * x, slope)
        slope = torch.where(pos, 2 - 2 * x, slope)
        return grad * slope


def binary_sign(x: torch.Tensor) -> torch.Tensor:
    return SignSTE.apply(x)


class BinaryActivation(nn.Module):
    """Plain sign activation (no learnable threshold)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return binary_sign(x)


class LearnableBias(nn.Module):
    """Per-channel learnable shift, the ``move*`` modules of ReActNet/BCDNet."""

    def __init__(self, channels: int):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(1, channels, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.bias


class RSign(LearnableBias):
    """ReAct-Sign: ``sign(x + bias)`` with a learnable per-channel bias (param ``bias``)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return binary_sign(x + self.bias)


class RPReLU(nn.Module):
    """ReAct-PReLU: bias -> PReLU(C) -> bias.

    The zoo blocks keep the three parts as separate attributes so their state_dict keys match
    the official checkpoints; this module is the same function for users' own models.
    """

    def __init__(self, channels: int):
        super().__init__()
        self.move0 = LearnableBias(channels)
        self.prelu = nn.PReLU(channels)
        self.move1 = LearnableBias(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.move1(self.prelu(self.move0(x)))


def binarize_weight(weight: torch.Tensor) -> torch.Tensor:
    """alpha_o * sign(W) with alpha_o = mean |W_o| (detached), gradient through clamp(W)."""
    dims = tuple(range(1, weight.dim()))
    alpha = weight.abs().mean(dim=dims, keepdim=True).detach()
    binary = alpha * torch.sign(weight)
    clipped = torch.clamp(weight, -1.0, 1.0)
    return binary.detach() - clipped.detach() + clipped


class BinaryConv2d(nn.Module):
    """Binary-weight conv: per-output-channel alpha times sign(W); no bias.

    With ``binary_weights=False`` it is the BNN papers' "step 1" conv: same parameter, real
    weights (binary activations still come from the preceding sign).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int = 3,
                 stride: int = 1, padding: int = 0, groups: int = 1, binary_weights: bool = True):
        super().__init__()
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding, self.groups = kernel_size, stride, padding, groups
        self.binary_weights = binary_weights
        self.shape = (out_channels, in_channels // groups, kernel_size, kernel_size)
        self._init_weight()

    def _init_weight(self) -> None:
        self.weight = nn.Parameter(torch.empty(self.shape).uniform_(0, 0.001))

    def effective_weight(self) -> torch.Tensor:
        return binarize_weight(self.weight) if self.binary_weights else self.weight

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x, self.effective_weight(), None, self.stride, self.padding, 1, self.groups)

    def extra_repr(self) -> str:
        return (f"{self.in_channels}, {self.out_channels}, k={self.kernel_size}, s={self.stride}, "
                f"p={self.padding}, binary_weights={self.binary_weights}")


class FlatBinaryConv2d(BinaryConv2d):
    """ReActNet's HardBinaryConv layout: the weight is stored flat as ``weights`` (N, 1)."""

    def _init_weight(self) -> None:
        self.weights = nn.Parameter(torch.empty(torch.Size(self.shape).numel(), 1).uniform_(0, 0.001))

    @property
    def weight(self) -> torch.Tensor:  # the (out, in, k, k) view every consumer reads
        return self.weights.view(self.shape)
