"""BCDNet-A/B (Xing et al., ECCV 2022) and the small bcdnet-tiny, as DESIGN.md §3 describes them."""
from __future__ import annotations

import torch
from torch import nn

from bcdsim.models.reactnet import basic_blocks
from bcdsim.nn import FirstConv, MLPBlock

BCDNET_CHANNELS = [32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 1024]


class BCDNet(nn.Module):
    """Stem, BasicBlocks (``feature``), binary MLP Blocks (``mlp_layer``), GAP, two heads.

    The eval output is the mean of the two heads ``fc`` and ``fc_dist`` (the official model
    averages its classification and distillation heads).
    ``binary_weights=False`` is the step-1 model (binary activations, real weights);
    ``contextual=True`` adds BCDNet-B's dynamic thresholds to every BasicBlock conv sub-block.
    """

    def __init__(self, num_classes: int = 1000, in_channels: int = 3,
                 channels: list[int] | None = None, strides: list[int] | None = None,
                 stem_stride: int = 2, mlp_blocks: int = 3, binary_weights: bool = True,
                 contextual: bool = False):
        super().__init__()
        channels = channels or BCDNET_CHANNELS
        self.feature = nn.ModuleList([FirstConv(in_channels, channels[0], stem_stride)])
        self.feature.extend(basic_blocks(channels, strides, binary_weights=binary_weights,
                                         contextual=contextual))
        self.mlp_layer = nn.ModuleList(
            MLPBlock(channels[-1], binary_weights=binary_weights) for _ in range(mlp_blocks))
        self.pool1 = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels[-1], num_classes)
        self.fc_dist = nn.Linear(channels[-1], num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.feature:
            x = layer(x)
        for block in self.mlp_layer:
            x = block(x)
        x = torch.flatten(self.pool1(x), 1)
        return (self.fc(x) + self.fc_dist(x)) / 2
