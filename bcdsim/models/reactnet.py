"""ReActNet-A/B/C (Liu et al., ECCV 2020) as DESIGN.md §3 describes them."""
from __future__ import annotations

import torch
from torch import nn

from bcdsim.nn import BasicBlock, BinaryConv2d, FirstConv, FlatBinaryConv2d

REACTNET_CHANNELS = [32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024]


def imagenet_stride(inp: int, oup: int) -> int:
    """The official rule: stride 2 iff the width changes, except into the 64-channel block."""
    return 2 if inp != oup and oup != 64 else 1


def basic_blocks(channels: list[int], strides: list[int] | None = None, **block_kwargs) -> list[nn.Module]:
    strides = strides or [imagenet_stride(i, o) for i, o in zip(channels, channels[1:])]
    return [BasicBlock(i, o, s, **block_kwargs) for i, o, s in zip(channels, channels[1:], strides)]


class ReActNet(nn.Module):
    """Stem, 13 BasicBlocks, global average pool, one real FC.

    ``real_down_groups``: None for ReActNet-A (binary 1x1 downsampling), 4 for -B, 1 for -C.
    The binary convs keep ReActNet's flat ``weights`` (N, 1) layout so official checkpoints load.
    """

    def __init__(self, num_classes: int = 1000, in_channels: int = 3,
                 channels: list[int] | None = None, real_down_groups: int | None = None,
                 conv: type[BinaryConv2d] = FlatBinaryConv2d):
        super().__init__()
        channels = channels or REACTNET_CHANNELS
        self.feature = nn.ModuleList([FirstConv(in_channels, channels[0], 2)])
        self.feature.extend(basic_blocks(channels, conv=conv, real_down_groups=real_down_groups))
        self.pool1 = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels[-1], num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.feature:
            x = layer(x)
        return self.fc(torch.flatten(self.pool1(x), 1))
