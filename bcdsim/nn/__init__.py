"""Building blocks of the BNN zoo (DESIGN.md §3)."""
from bcdsim.nn.binary import (
                              BinaryActivation,
                              BinaryConv2d,
                              FlatBinaryConv2d,
                              LearnableBias,
                              RPReLU,
                              RSign,
                              SignSTE,
                              binarize_weight,
                              binary_sign,
)
from bcdsim.nn.blocks import BasicBlock, BiRealBlock, FirstConv, MLPBlock, PointBlock, ShiftBlock
from bcdsim.nn.context import ChannelOffset, ContextualEmbedding, DynamicSign
from bcdsim.nn.shift import GlobalShift, Shift

__all__ = ["BasicBlock", "BiRealBlock", "BinaryActivation", "BinaryConv2d", "ChannelOffset",
           "ContextualEmbedding", "DynamicSign", "FirstConv", "FlatBinaryConv2d", "GlobalShift",
           "LearnableBias", "MLPBlock", "PointBlock", "RPReLU", "RSign", "Shift", "ShiftBlock",
           "SignSTE", "binarize_weight", "binary_sign"]
