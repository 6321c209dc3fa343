"""BNNs written the way other projects write them, for the foreign-lowering tests.

Nothing here uses bcdsim's building blocks or names: binarization happens inside ``forward`` with
``detach`` STEs, the 3x3 binary convs are ``F.conv2d`` on a bare parameter, the 1x1 ones are a
plain ``nn.Conv2d`` subclass that binarizes ``self.weight``, and the head is a plain ``nn.Linear``.
Every module is TorchScript-compatible.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

ARCH = [32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024]


def poly_sign(x: Tensor) -> Tensor:
    """ReActNet's piecewise-polynomial STE written out with masks, as the official code does."""
    hard = torch.sign(x)
    m1 = (x < -1).float()
    m2 = (x < 0).float()
    m3 = (x < 1).float()
    o1 = -1 * m1 + (x * x + 2 * x) * (1 - m1)
    o2 = o1 * m2 + (-x * x + 2 * x) * (1 - m2)
    o3 = o2 * m3 + 1 * (1 - m3)
    return hard.detach() - o3.detach() + o3


def plain_sign(x: Tensor) -> Tensor:
    return (x.sign() - x).detach() + x


def react_binarize(w: Tensor) -> Tensor:
    """alpha_o * sign(W) with ReActNet's clipped-weight STE."""
    scale = w.abs().mean(dim=(1, 2, 3), keepdim=True).detach()
    binary = scale * torch.sign(w)
    clipped = torch.clamp(w, -1.0, 1.0)
    return binary.detach() - clipped.detach() + clipped


class SignedConv(nn.Conv2d):
    """A stock ``nn.Conv2d`` whose forward silently binarizes its weight (what thop/ptflops miss)."""

    def forward(self, x: Tensor) -> Tensor:
        w = self.weight
        wb = w.abs().mean(dim=(1, 2, 3), keepdim=True) * w.sign()
        return F.conv2d(x, wb, self.bias, self.stride, self.padding, self.dilation, self.groups)


class Unit(nn.Module):
    """One ReActNet-A BasicBlock in someone else's words (DESIGN.md §3)."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.step = 2 if cin != cout and cout != 64 else 1
        self.shift_a = nn.Parameter(torch.zeros(1, cin, 1, 1))
        self.kernel = nn.Parameter(torch.zeros(cin, cin, 3, 3))
        self.norm_a = nn.BatchNorm2d(cin)
        self.skip = nn.AvgPool2d(2, 2) if self.step == 2 else nn.Identity()
        self.pre_a, self.act_a, self.post_a = (nn.Parameter(torch.zeros(1, cin, 1, 1)), nn.PReLU(cin),
                                               nn.Parameter(torch.zeros(1, cin, 1, 1)))
        self.shift_b = nn.Parameter(torch.zeros(1, cin, 1, 1))
        self.pre_b, self.act_b, self.post_b = (nn.Parameter(torch.zeros(1, cout, 1, 1)), nn.PReLU(cout),
                                               nn.Parameter(torch.zeros(1, cout, 1, 1)))

    def first_half(self, x: Tensor) -> Tensor:
        a = poly_sign(x + self.shift_a)
        y = self.norm_a(F.conv2d(a, react_binarize(self.kernel), None, self.step, 1)) + self.skip(x)
        return self.act_a(y + self.pre_a) + self.post_a

    def finish(self, z: Tensor) -> Tensor:
        return self.act_b(z + self.pre_b) + self.post_b


class KeepUnit(Unit):
    def __init__(self, c: int):
        super().__init__(c, c)
        self.mix = SignedConv(c, c, 1, bias=False)
        self.norm_b = nn.BatchNorm2d(c)

    def forward(self, x: Tensor) -> Tensor:
        y = self.first_half(x)
        return self.finish(self.norm_b(self.mix(plain_sign(y + self.shift_b))) + y)


class WidenUnit(Unit):
    def __init__(self, cin: int, cout: int):
        super().__init__(cin, cout)
        self.left, self.right = SignedConv(cin, cin, 1, bias=False), SignedConv(cin, cin, 1, bias=False)
        self.norm_l, self.norm_r = nn.BatchNorm2d(cin), nn.BatchNorm2d(cin)

    def forward(self, x: Tensor) -> Tensor:
        y = self.first_half(x)
        b = plain_sign(y + self.shift_b)
        return self.finish(torch.cat([self.norm_l(self.left(b)) + y, self.norm_r(self.right(b)) + y], dim=1))


class ForeignReActNet(nn.Module):
    """ReActNet-A: real stem conv3x3/2 + BN, 13 units, global pool, real FC."""

    def __init__(self, arch: list[int] | None = None, classes: int = 1000, in_ch: int = 3):
        super().__init__()
        arch = arch or ARCH
        self.head_conv = nn.Conv2d(in_ch, arch[0], 3, 2, 1, bias=False)
        self.head_norm = nn.BatchNorm2d(arch[0])
        self.body = nn.Sequential(*[KeepUnit(i) if i == o else WidenUnit(i, o) for i, o in zip(arch, arch[1:])])
        self.classifier = nn.Linear(arch[-1], classes)

    def forward(self, img: Tensor) -> Tensor:
        x = self.body(self.head_norm(self.head_conv(img)))
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def scramble(model: nn.Module, seed: int = 0) -> nn.Module:
    """Trained-looking random weights: both signs everywhere, non-trivial BN statistics."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(0.1 * torch.randn(m.num_features, generator=g))
                m.running_var.copy_(0.5 + torch.rand(m.num_features, generator=g))
            if isinstance(m, nn.PReLU):
                m.weight.copy_(0.25 + 0.05 * torch.randn(m.weight.shape, generator=g))
        for name, p in model.named_parameters():
            if p.dim() >= 2 and p.shape[0] > 1:  # conv / linear weights
                p.copy_(torch.randn(p.shape, generator=g) / p[0].numel() ** 0.5)
            elif "act_" not in name:  # shifts and BN affine (BN scales around 1)
                base = 1.0 if "norm" in name and name.endswith("weight") else 0.0
                p.copy_(base + 0.1 * torch.randn(p.shape, generator=g))
    return model.eval()
