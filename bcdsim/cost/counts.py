"""Operation counts as the BNN papers report them (DESIGN.md §4).

- BOPs: MACs of convs/linears whose input and weights are both binary.
- FLOPs: MACs of real-valued convs/linears (and BCDNet-B's embedding FCs). One multiply-add is one.
- OPs = BOPs / 64 + FLOPs (ReActNet / Bi-Real Net convention).

Profiles:
- ``paper`` (default): only MACs, as in the ReActNet and BCDNet tables.
- ``extended``: adds one FLOP per output element of every BatchNorm, RSign (sign with a learned
  threshold, static or BCDNet-B's dynamic one), RPReLU and binary-conv alpha scaling. This one rule
  lands every row of BCDNet's recount column (ECCV 2022) within 0.01e8 FLOPs: ReActNet-A/B/C
  0.3118/0.6096/1.5730 (paper 0.31/0.61/1.57), BCDNet-A/B 0.3248/0.3440 (paper 0.32/0.34).

All counts are per image (the batch dimension of the graph is divided out).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, Node

PROFILES = ("paper", "extended")


@dataclass(frozen=True)
class NodeCount:
    name: str
    op: str
    shape: tuple[int, ...]
    bops: int = 0
    flops: int = 0
    params_binary: int = 0
    params_real: int = 0

    @property
    def weight_bits(self) -> int:
        return self.params_binary + 32 * self.params_real


@dataclass(frozen=True)
class Totals:
    bops: int
    flops: int
    params_binary: int
    params_real: int

    @property
    def ops(self) -> float:
        return self.bops / 64 + self.flops

    @property
    def ops_x1e8(self) -> float:
        return self.ops / 1e8

    @property
    def weight_bits(self) -> int:
        return self.params_binary + 32 * self.params_real

    @property
    def weight_mb(self) -> float:
        return self.weight_bits / 8 / 1e6

    @property
    def binary_mac_ratio(self) -> float:
        """Share of all MACs that run on binary operands."""
        macs = self.bops + self.flops
        return self.bops / macs if macs else 0.0


@dataclass(frozen=True)
class OpCounts:
    profile: str
    nodes: list[NodeCount] = field(default_factory=list)

    @property
    def totals(self) -> Totals:
        return Totals(sum(n.bops for n in self.nodes), sum(n.flops for n in self.nodes),
                      sum(n.params_binary for n in self.nodes), sum(n.params_real for n in self.nodes))


def _per_image(node: Node) -> int:
    return int(np.prod(node.shape[1:]))


def _conv_macs(node: Node) -> int:
    op = node.op
    w = op.weight
    return _per_image(node) * int(w.shape[1] * w.shape[2] * w.shape[3])


def _linear_macs(node: Node) -> int:
    return node.shape[1] * int(node.op.weight.shape[1])


def _macs(node: Node) -> int:
    op = node.op
    if isinstance(op, (ops.Conv2d, ops.BinaryConv2d)):
        return _conv_macs(node)
    if isinstance(op, (ops.Linear, ops.BinaryLinear)):
        return _linear_macs(node)
    if isinstance(op, ops.ContextEmbed):
        return int(op.weight.size)
    return 0


def _elementwise_flops(node: Node) -> int:
    """The ``extended`` profile's extra work of one node."""
    op = node.op
    if isinstance(op, ops.ChannelOp):
        return op.extended_flops * _per_image(node)
    if isinstance(op, (ops.BinaryConv2d, ops.DynamicSign)):
        return _per_image(node)
    if isinstance(op, ops.Sign) and op.threshold is not None:
        return _per_image(node)
    return 0


def _params(op: ops.Op) -> tuple[int, int]:
    binary = real = 0
    for name, value in op.params().items():
        if isinstance(op, (ops.BinaryConv2d, ops.BinaryLinear)) and name == "weight":
            binary += int(value.size)
        else:
            real += int(value.size)
    return binary, real


def count_node(node: Node, profile: str = "paper") -> NodeCount:
    macs = _macs(node)
    binary = isinstance(node.op, ops.BINARY_MAC_OPS)
    flops = 0 if binary else macs
    if profile == "extended":
        flops += _elementwise_flops(node)
    pb, pr = _params(node.op)
    return NodeCount(node.name, type(node.op).__name__, node.shape, macs if binary else 0, flops, pb, pr)


def count_ops(graph: Graph, profile: str = "paper") -> OpCounts:
    """Per-node counts of ``graph`` (pure: reads the graph only)."""
    if profile not in PROFILES:
        raise UserError(f"unknown count profile '{profile}' (choose from {', '.join(PROFILES)})")
    return OpCounts(profile, [count_node(n, profile) for n in graph])
