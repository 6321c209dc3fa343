"""BCDNet's token-shift operators (DESIGN.md §3).

Channels split into 4 equal chunks: chunk0 roll(+s, H), chunk1 roll(-s, H), chunk2 roll(+s, W),
chunk3 roll(-s, W), circular as ``torch.roll`` (out[i] = in[i - s]). ``Shift`` uses s = 1,
``GlobalShift`` s = floor(size / 2) per axis (3 at BCDNet's 7x7 maps).
"""
from __future__ import annotations

import torch
from torch import nn

from bcdsim.ir.ops import shift_amounts


def channel_shift(x: torch.Tensor, shift_h: int, shift_w: int) -> torch.Tensor:
    c = x.shape[1]
    if c % 4:
        raise ValueError(f"shift needs channels divisible by 4, got {c}")
    q = c // 4
    return torch.cat([
        torch.roll(x[:, :q], shift_h, dims=2),
        torch.roll(x[:, q:2 * q], -shift_h, dims=2),
        torch.roll(x[:, 2 * q:3 * q], shift_w, dims=3),
        torch.roll(x[:, 3 * q:], -shift_w, dims=3),
    ], dim=1)


class Shift(nn.Module):
    global_ = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return channel_shift(x, *shift_amounts(x.shape[2], x.shape[3], self.global_))


class GlobalShift(Shift):
    global_ = True
