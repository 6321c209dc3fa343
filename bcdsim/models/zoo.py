"""The zoo: every architecture bcdsim knows by name, buildable at any class count.

Importing this module does not import torch (``bcdsim analyze`` reads the zoo without it); the
model classes are imported when a model is built.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bcdsim.errors import UserError

if TYPE_CHECKING:
    from torch import nn

IMAGENET_SHAPE = (1, 3, 224, 224)
DIGITS_SHAPE = (1, 1, 8, 8)

# bcdnet-tiny: stem 1->16 at 8x8, BasicBlocks 16->32 (8x8) and 32->64 (stride 2, 4x4),
# one MLP Block at 64x4x4 (GlobalShift 2 = floor(4/2)), two heads.
TINY = dict(channels=[16, 32, 64], strides=[1, 2], stem_stride=1, mlp_blocks=1)


@dataclass(frozen=True)
class ZooEntry:
    name: str
    description: str
    build_fn: Callable[[int, int], nn.Module]  # (num_classes, in_channels) -> module
    input_shape: tuple[int, int, int, int]
    num_classes: int

    def build(self, num_classes: int | None = None, in_channels: int | None = None) -> nn.Module:
        return self.build_fn(num_classes or self.num_classes, in_channels or self.input_shape[1])


def BCDNet(*args, **kwargs) -> nn.Module:  # noqa: N802 - the class it builds
    from bcdsim.models.bcdnet import BCDNet

    return BCDNet(*args, **kwargs)


def ReActNet(*args, **kwargs) -> nn.Module:  # noqa: N802
    from bcdsim.models.reactnet import ReActNet

    return ReActNet(*args, **kwargs)


def BiReal(*args, **kwargs) -> nn.Module:  # noqa: N802
    from bcdsim.models.bireal import BiReal

    return BiReal(*args, **kwargs)


def _entries() -> list[ZooEntry]:
    return [
        ZooEntry("bcdnet-a", "BCDNet-A: ReActNet-A trunk, 3 binary MLP Blocks at 7x7, two heads",
                 lambda n, c: BCDNet(n, c), IMAGENET_SHAPE, 1000),
        ZooEntry("bcdnet-a-step1", "BCDNet-A step 1: binary activations, real weights",
                 lambda n, c: BCDNet(n, c, binary_weights=False), IMAGENET_SHAPE, 1000),
        ZooEntry("bcdnet-b", "BCDNet-B: BCDNet-A plus contextual dynamic thresholds (reconstruction)",
                 lambda n, c: BCDNet(n, c, contextual=True), IMAGENET_SHAPE, 1000),
        ZooEntry("reactnet-a", "ReActNet-A: MobileNet-V1-like binary net, 13 BasicBlocks",
                 lambda n, c: ReActNet(n, c), IMAGENET_SHAPE, 1000),
        ZooEntry("reactnet-b", "ReActNet-B: ReActNet-A with real 1x1 downsampling convs (groups=4)",
                 lambda n, c: ReActNet(n, c, real_down_groups=4), IMAGENET_SHAPE, 1000),
        ZooEntry("reactnet-c", "ReActNet-C: ReActNet-A with real 1x1 downsampling convs (groups=1)",
                 lambda n, c: ReActNet(n, c, real_down_groups=1), IMAGENET_SHAPE, 1000),
        ZooEntry("bireal-18", "Bi-Real Net 18: ResNet-18 with binary 3x3 convs",
                 lambda n, c: BiReal(18, n, c), IMAGENET_SHAPE, 1000),
        ZooEntry("bireal-34", "Bi-Real Net 34: ResNet-34 with binary 3x3 convs",
                 lambda n, c: BiReal(34, n, c), IMAGENET_SHAPE, 1000),
        ZooEntry("bcdnet-tiny", "Small BCDNet for 8x8 digits: 2 BasicBlocks, 1 MLP Block at 4x4",
                 lambda n, c: BCDNet(n, c, **TINY), DIGITS_SHAPE, 10),
        ZooEntry("bcdnet-tiny-b", "bcdnet-tiny with BCDNet-B's contextual dynamic thresholds",
                 lambda n, c: BCDNet(n, c, contextual=True, **TINY), DIGITS_SHAPE, 10),
    ]


ZOO: dict[str, ZooEntry] = {e.name: e for e in _entries()}


def zoo_entry(name: str) -> ZooEntry:
    try:
        return ZOO[name]
    except KeyError:
        raise UserError(f"unknown model '{name}'; known: {', '.join(ZOO)}") from None


def build(name: str, num_classes: int | None = None, in_channels: int | None = None) -> nn.Module:
    """A zoo model with initialised weights, in eval mode."""
    return zoo_entry(name).build(num_classes, in_channels).eval()
