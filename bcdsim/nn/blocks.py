"""ReActNet BasicBlock, BCDNet ShiftBlock / PointBlock / MLP Block, Bi-Real block (DESIGN.md §3).

Attribute names follow the official model definitions so that their checkpoints load as they are.
"""
from __future__ import annotations

import torch
from torch import nn

from bcdsim.nn.binary import BinaryConv2d, LearnableBias, RSign
from bcdsim.nn.context import ChannelOffset, ContextualEmbedding, DynamicSign, context_head
from bcdsim.nn.shift import GlobalShift, Shift


class FirstConv(nn.Module):
    """Real-valued stem: conv3x3 (no bias) + BN, no activation (keys ``conv1``, ``bn1``)."""

    def __init__(self, in_channels: int, out_channels: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.bn1(self.conv1(x))


class BasicBlock(nn.Module):
    """ReActNet-A BasicBlock(inp, oup, stride).

    ``conv`` is the binary conv class (BCDNet stores ``weight`` (o,i,k,k), ReActNet a flat
    ``weights``); ``binary_weights=False`` gives the step-1 model; ``real_down_groups`` makes
    the two 1x1 downsampling convs real-valued on the real stream (ReActNet-B: 4, -C: 1);
    ``contextual`` swaps each RSign bias for BCDNet-B's dynamic threshold and offset.
    """

    def __init__(self, inp: int, oup: int, stride: int, conv: type[BinaryConv2d] = BinaryConv2d,
                 binary_weights: bool = True, real_down_groups: int | None = None,
                 contextual: bool = False):
        super().__init__()
        self.inp, self.oup, self.stride = inp, oup, stride
        self.contextual = contextual
        self.real_down = real_down_groups is not None and inp != oup
        if contextual:
            self.context1 = ContextualEmbedding(inp)
            self.threshold1 = context_head(self.context1.hidden, inp)
            self.offset1 = context_head(self.context1.hidden, inp)
            self.sign1 = DynamicSign()
            self.add_offset = ChannelOffset()
        else:
            self.move11 = RSign(inp)
        self.binary_3x3 = conv(inp, inp, 3, stride, 1, binary_weights=binary_weights)
        self.bn1 = nn.BatchNorm2d(inp)
        if stride == 2:
            self.pooling = nn.AvgPool2d(2, 2)
        self.move12 = LearnableBias(inp)
        self.prelu1 = nn.PReLU(inp)
        self.move13 = LearnableBias(inp)
        if contextual and not self.real_down:
            self.context2 = ContextualEmbedding(inp)
            self.threshold2 = context_head(self.context2.hidden, inp)
            if inp == oup:
                self.offset2 = context_head(self.context2.hidden, oup)
            else:
                self.offset2_1 = context_head(self.context2.hidden, inp)
                self.offset2_2 = context_head(self.context2.hidden, inp)
            self.sign2 = DynamicSign()
        elif not self.real_down:
            self.move21 = RSign(inp)
        if inp == oup:
            self.binary_pw = conv(inp, oup, 1, 1, 0, binary_weights=binary_weights)
            self.bn2 = nn.BatchNorm2d(oup)
        else:
            if oup != 2 * inp:
                raise ValueError(f"BasicBlock needs oup == inp or oup == 2*inp, got {inp}->{oup}")
            if self.real_down:
                self.pw_down1 = nn.Conv2d(inp, inp, 1, bias=False, groups=real_down_groups)
                self.pw_down2 = nn.Conv2d(inp, inp, 1, bias=False, groups=real_down_groups)
            else:
                self.binary_pw_down1 = conv(inp, inp, 1, 1, 0, binary_weights=binary_weights)
                self.binary_pw_down2 = conv(inp, inp, 1, 1, 0, binary_weights=binary_weights)
            self.bn2_1 = nn.BatchNorm2d(inp)
            self.bn2_2 = nn.BatchNorm2d(inp)
        self.move22 = LearnableBias(oup)
        self.prelu2 = nn.PReLU(oup)
        self.move23 = LearnableBias(oup)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.contextual:
            e1 = self.context1(x)
            out1 = self.binary_3x3(self.sign1(x, self.threshold1(e1)))
            out1 = self.add_offset(out1, self.offset1(e1))
        else:
            out1 = self.binary_3x3(self.move11(x))
        shortcut = self.pooling(x) if self.stride == 2 else x
        out1 = self.move13(self.prelu1(self.move12(self.bn1(out1) + shortcut)))

        if self.real_down:
            return self._join(self.pw_down1(out1), self.pw_down2(out1), out1)
        if self.contextual:
            e2 = self.context2(out1)
            a2 = self.sign2(out1, self.threshold2(e2))
        else:
            a2 = self.move21(out1)
        if self.inp == self.oup:
            out2 = self.binary_pw(a2)
            if self.contextual:
                out2 = self.add_offset(out2, self.offset2(e2))
            return self.move23(self.prelu2(self.move22(self.bn2(out2) + out1)))
        out2_1, out2_2 = self.binary_pw_down1(a2), self.binary_pw_down2(a2)
        if self.contextual:
            out2_1 = self.add_offset(out2_1, self.offset2_1(e2))
            out2_2 = self.add_offset(out2_2, self.offset2_2(e2))
        return self._join(out2_1, out2_2, out1)

    def _join(self, out2_1: torch.Tensor, out2_2: torch.Tensor, out1: torch.Tensor) -> torch.Tensor:
        out2 = torch.cat([self.bn2_1(out2_1) + out1, self.bn2_2(out2_2) + out1], dim=1)
        return self.move23(self.prelu2(self.move22(out2)))


class ShiftBlock(nn.Module):
    """BCDNet's binary MLP ("TW-BiMLP"):
    ``y = BN(fc(a) + fc1(Shift(a)) + fc2(GlobalShift(a))) + x``, ``out = RPReLU(y)``, a = sign(x + b0).
    ``shifts=False`` gives the PointBlock (only the unshifted branch).
    """

    def __init__(self, channels: int, shifts: bool = True, binary_weights: bool = True):
        super().__init__()
        self.channels, self.shifts = channels, shifts
        self.move0 = RSign(channels)
        self.binary_conv = BinaryConv2d(channels, channels, 1, binary_weights=binary_weights)
        if shifts:
            self.shift = Shift()
            self.global_shift = GlobalShift()
            self.binary_conv1 = BinaryConv2d(channels, channels, 1, binary_weights=binary_weights)
            self.binary_conv2 = BinaryConv2d(channels, channels, 1, binary_weights=binary_weights)
        self.bn1 = nn.BatchNorm2d(channels)
        self.move1 = LearnableBias(channels)
        self.prelu = nn.PReLU(channels)
        self.move2 = LearnableBias(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.move0(x)
        y = self.binary_conv(a)
        if self.shifts:
            y = y + self.binary_conv1(self.shift(a)) + self.binary_conv2(self.global_shift(a))
        y = self.bn1(y) + x
        return self.move2(self.prelu(self.move1(y)))


def PointBlock(channels: int, binary_weights: bool = True) -> ShiftBlock:  # noqa: N802 (a block name)
    return ShiftBlock(channels, shifts=False, binary_weights=binary_weights)


class MLPBlock(nn.Module):
    """A BCDNet MLP ``Block``: [ShiftBlock, ShiftBlock, ShiftBlock, PointBlock] (key ``mlp_layer``)."""

    def __init__(self, channels: int, binary_weights: bool = True):
        super().__init__()
        self.mlp_layer = nn.Sequential(
            *[ShiftBlock(channels, binary_weights=binary_weights) for _ in range(3)],
            PointBlock(channels, binary_weights=binary_weights),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.mlp_layer(x)


class BiRealBlock(nn.Module):
    """One Bi-Real sub-block: ``BN(bconv3x3(sign(x), stride)) + shortcut(x)``.

    The shortcut is identity, or AvgPool2d(2) -> real 1x1 conv -> BN when the shape changes
    (Bi-Real Net, ECCV 2018; its downsampling runs at the output resolution).
    """

    def __init__(self, inp: int, oup: int, stride: int):
        super().__init__()
        self.sign = RSign(inp)
        self.binary_conv = BinaryConv2d(inp, oup, 3, stride, 1)
        self.bn = nn.BatchNorm2d(oup)
        self.downsample = None
        if stride != 1 or inp != oup:
            layers: list[nn.Module] = [nn.AvgPool2d(2, 2)] if stride == 2 else []
            layers += [nn.Conv2d(inp, oup, 1, bias=False), nn.BatchNorm2d(oup)]
            self.downsample = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        return self.bn(self.binary_conv(self.sign(x))) + shortcut
