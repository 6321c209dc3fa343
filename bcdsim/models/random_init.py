"""Realistic random weights for tests and examples (no trained checkpoint needed).

PyTorch's default init of the binary convs (uniform [0, 0.001)) makes every sign(W) = +1, which
hides sign and padding bugs; these weights have both signs, non-trivial BN statistics and
small learned shifts, like a trained BNN.
"""
from __future__ import annotations

import torch
from torch import nn

SMALL = ("bias", "move", "threshold", "offset")


def randomize(model: nn.Module, seed: int = 0) -> nn.Module:
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            fan_in = p[0].numel() if p.dim() >= 2 else 1
            scale = 0.1 if any(s in name for s in SMALL) else 1.0
            if "prelu" in name:
                p.copy_(0.25 + 0.05 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) * scale / fan_in ** 0.5)
                p.masked_fill_(p == 0, 1e-6)  # sign(0) = 0 has no binary code: keep weights off zero
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.running_mean.copy_(0.1 * torch.randn(m.num_features, generator=g))
                m.running_var.copy_(0.5 + torch.rand(m.num_features, generator=g))
    return model.eval()
