"""BCDNet-B's contextual dynamic embedding (a reconstruction; see DESIGN.md §3).

The official BCDNet code does not release this part. Following the paper's figure, one
embedding serves one binary-conv sub-block:

    e      = W1 . GAP(x)          (C_in -> C_in / reduction, real, no bias)
    alpha  = W2 . e               (per input channel: the activation is sign(x - alpha))
    offset = W3 . e               (per output channel: added to the binary conv output before BN)

With reduction 4 on the conv sub-blocks of BCDNet-A's BasicBlocks this adds 1,913,600 MACs,
which reproduces the paper's BCDNet-B row (0.14e8 FLOPs, 0.89e8 OPs).
"""
from __future__ import annotations

import torch
from torch import nn

from bcdsim.nn.binary import binary_sign


class ContextualEmbedding(nn.Module):
    """``e = W1 . GAP(x)`` (C_in -> C_in / reduction). The block owns W2 and W3 as plain
    ``nn.Linear`` layers so every IR op stays single-output."""

    def __init__(self, in_channels: int, reduction: int = 4):
        super().__init__()
        self.in_channels, self.hidden = in_channels, max(1, in_channels // reduction)
        self.embed = nn.Linear(in_channels, self.hidden, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.embed(x.mean(dim=(2, 3)))


def context_head(hidden: int, channels: int) -> nn.Linear:
    """W2 or W3: starts at zero so an untrained BCDNet-B behaves like a static-threshold one."""
    head = nn.Linear(hidden, channels, bias=False)
    nn.init.zeros_(head.weight)
    return head


class DynamicSign(nn.Module):
    """``sign(x - alpha)`` with alpha (N, C) from W2 (replaces RSign's static bias)."""

    def forward(self, x: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
        return binary_sign(x - alpha[:, :, None, None])


class ChannelOffset(nn.Module):
    """Adds W3's per-(image, output channel) offset (N, C) to a conv output (N, C, H, W)."""

    def forward(self, y: torch.Tensor, offset: torch.Tensor) -> torch.Tensor:
        return y + offset[:, :, None, None]
