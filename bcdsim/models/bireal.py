"""Bi-Real Net 18/34 (Liu et al., ECCV 2018): ResNet with binary 3x3 convs, a shortcut around
every conv, real stem, real 1x1 downsampling shortcuts and a real FC."""
from __future__ import annotations

import torch
from torch import nn

from bcdsim.nn import BiRealBlock

BIREAL_LAYERS = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3]}


class BiReal(nn.Module):
    def __init__(self, depth: int = 18, num_classes: int = 1000, in_channels: int = 3):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        blocks: list[nn.Module] = []
        inp = 64
        for stage, count in enumerate(BIREAL_LAYERS[depth]):
            oup = 64 * 2 ** stage
            for i in range(2 * count):  # a ResNet basic block is two Bi-Real sub-blocks
                stride = 2 if stage > 0 and i == 0 else 1
                blocks.append(BiRealBlock(inp, oup, stride))
                inp = oup
        self.layers = nn.Sequential(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(inp, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.layers(self.maxpool(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(self.pool(x), 1))
