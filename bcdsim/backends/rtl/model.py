"""Binary layers of a model, and their stimulus from real inputs (DESIGN.md §7, L3).

Layers are the XnorConv2d / XnorShiftMLP nodes of ``to_hardware(to_ir(model))``. Their input
bits come from PyTorch: forward hooks on the binary conv modules capture the +-1 maps PyTorch
feeds them (a ShiftBlock's three convs give a, Shift(a) and GlobalShift(a)). Expected outputs
come twice, independently: bcdsim's hw mode (the packed-bit XNOR kernel) and PyTorch's
``F.conv2d(sign(x), sign(W))`` in float64; generation stops if they differ anywhere.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from bcdsim.backends.rtl.spec import AffineStage, LayerSpec, conv_weight_bits, shift_weight_bits
from bcdsim.backends.rtl.stage import stage_values
from bcdsim.errors import UserError
from bcdsim.hw.interpret import HW_KERNELS
from bcdsim.hw.ops import Affine, IntThreshold, XnorConv2d, XnorShiftMLP
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, Node
from bcdsim.ir.interpret import im2col

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Stimulus:
    """Per output pixel (frame, y, x): MW window bits and valid bits in stream order, and the
    expected integer results in hw channel order (channel g*O + o for a shift-MLP)."""

    bits: np.ndarray  # (P, MW) uint8
    valid: np.ndarray  # (P, MW) uint8
    pixels: np.ndarray  # (P, 3) int: frame, y, x
    expected: np.ndarray  # (P, G*O) int64
    stage: np.ndarray | None = None  # (P, O) output-stage values (bits or fixed-point mantissas)
    frames: int = 1
    full_pixels: int = 0  # output pixels of the whole layer (OH*OW), for the cycle prediction


def binary_nodes(hw: Graph) -> list[Node]:
    return [n for n in hw if isinstance(n.op, (XnorConv2d, XnorShiftMLP))]


def layer_spec(canonical: Graph, hw: Graph, node: Node) -> LayerSpec:
    op = node.op
    if isinstance(op, XnorConv2d):
        o, c, k, _ = op.weight.shape
        conv = canonical.node(node.name.removesuffix("_popcount"))
        return LayerSpec(node.name, conv.name, "conv", c, o, k, op.stride, op.padding, 1,
                         conv_weight_bits(op.weight), node.source, conv_sources=(conv.source,))
    _, o, c = op.weight.shape
    return LayerSpec(node.name, _conv_node(canonical, op.branch_sources[0]), "shift_mlp", c, o, 1, 1, 0, 3,
                     shift_weight_bits(op.weight), node.source,
                     conv_sources=op.branch_sources)


def select(canonical: Graph, hw: Graph, names: list[str] | None) -> list[LayerSpec]:
    """Binary layers by hardware node, cost-model unit or Verilog module name (all when None)."""
    specs = [layer_spec(canonical, hw, n) for n in binary_nodes(hw)]
    if not specs:
        raise UserError("the model has no binary (XNOR) layer")
    if names is None:
        return specs
    out = []
    for name in names:
        found = [s for s in specs if name in (s.node, s.unit, s.module)]
        if not found:
            known = ", ".join(s.node for s in specs[:6]) + (" ..." if len(specs) > 6 else "")
            raise UserError(f"no binary layer named '{name}' (layers: {known}; --all-binary for all)")
        out.extend(found)
    return out


def conv_modules(spec: LayerSpec) -> list[str]:
    """Module paths of the torch convs behind a layer (one, or three for a shift-MLP)."""
    return list(spec.conv_sources)


def _conv_node(canonical: Graph, path: str) -> str:
    return next(n.name for n in canonical if n.source == path and isinstance(n.op, ops.BinaryConv2d))


def torch_inputs(model: nn.Module, x: np.ndarray, paths: list[str]) -> dict[str, torch.Tensor]:
    """The +-1 maps PyTorch feeds the given conv modules on inputs ``x``."""
    seen: dict[str, torch.Tensor] = {}
    hooks = [model.get_submodule(p).register_forward_hook(
        lambda m, i, o, key=p: seen.__setitem__(key, i[0].detach())) for p in paths]
    try:
        with torch.no_grad():
            model(torch.from_numpy(x))
    finally:
        for h in hooks:
            h.remove()
    return seen


def _torch_conv(model: nn.Module, path: str, a: torch.Tensor) -> np.ndarray:
    conv = model.get_submodule(path)
    w = torch.sign(conv.weight.detach()).double()
    zeros = int((w == 0).sum())
    if zeros:  # the hardware stores one bit per weight: +1 (bcdsim.hw.passes.weight_bits)
        log.warning("%s: %d weights are exactly 0; PyTorch's reference uses +1 for them as the hardware does",
                    path, zeros)
        w = torch.where(w == 0, torch.ones_like(w), w)
    return F.conv2d(a.double(), w, None, conv.stride, conv.padding).numpy()


def pixel_subset(oh: int, ow: int, count: int | None) -> np.ndarray:
    """(y, x) of ``count`` output pixels: corners and edge middles first (where zero padding
    matters), then evenly spread interior pixels; all of them when count is None."""
    every = [(y, x) for y in range(oh) for x in range(ow)]
    if count is None or count >= len(every):
        return np.array(every, dtype=np.int64)
    first = [(0, 0), (0, ow - 1), (oh - 1, 0), (oh - 1, ow - 1), (0, ow // 2), (oh // 2, 0),
             (oh - 1, ow // 2), (oh // 2, ow - 1), (oh // 2, ow // 2)]
    chosen = list(dict.fromkeys(first))[:count]
    rest = [p for p in every if p not in chosen]
    step = max(1, len(rest) // max(1, count - len(chosen)))
    chosen += rest[::step][:count - len(chosen)]
    return np.array(sorted(chosen), dtype=np.int64)


def stimulus(model: nn.Module, canonical: Graph, hw: Graph, spec: LayerSpec, maps: dict[str, torch.Tensor],
             pixels: int | None = None, typed: Graph | None = None) -> Stimulus:
    """Input bits and expected results of one layer, from the +-1 maps PyTorch fed its convs
    (``torch_inputs`` on the model's inputs, all layers in one forward pass)."""
    paths = conv_modules(spec)
    a = maps[paths[0]]
    if not set(np.unique(a.numpy())) <= {-1.0, 1.0}:
        raise UserError(f"{spec.node}: PyTorch's input has exact zeros (sign(0) = 0), which no bit encodes")
    bits = (a.numpy() > 0).astype(np.uint8)
    node = hw.node(spec.node)
    hw_out, _ = HW_KERNELS[type(node.op)](node.op, [bits], [None], node)
    ref = np.concatenate([_torch_conv(model, p, maps[p]) for p in paths], axis=1)
    if ref.shape != hw_out.shape or not np.array_equal(np.rint(ref).astype(np.int64), hw_out):
        bad = np.argwhere(np.rint(ref).astype(np.int64) != hw_out)[0] if ref.shape == hw_out.shape else None
        raise UserError(f"{spec.node}: hw mode and PyTorch disagree (first at {bad}); not generating")
    n, _, oh, ow = hw_out.shape
    yx = pixel_subset(oh, ow, pixels)
    if spec.kind == "conv":
        cols = im2col(bits, spec.k, spec.stride, spec.padding)  # N, OH, OW, C, k, k
        ones = im2col(np.ones((1, 1) + bits.shape[2:], np.uint8), spec.k, spec.stride, spec.padding)
        win = cols[:, yx[:, 0], yx[:, 1]].transpose(0, 1, 3, 4, 2)  # N, P, k, k, C: stream order
        val = np.broadcast_to(ones[0, yx[:, 0], yx[:, 1]].transpose(0, 2, 3, 1), (len(yx), spec.k, spec.k, 1))
        val = np.broadcast_to(val[None], (n, len(yx), spec.k, spec.k, spec.channels))
    else:
        srcs = [maps[p].numpy() > 0 for p in paths]  # a, Shift(a), GlobalShift(a) from PyTorch
        win = np.stack([s[:, :, yx[:, 0], yx[:, 1]] for s in srcs], axis=1).transpose(0, 3, 1, 2)  # N, P, 3, C
        val = np.ones_like(win)
    mw = spec.mw
    frame = np.repeat(np.arange(n), len(yx))
    where = np.column_stack([frame, np.tile(yx, (n, 1))])
    expected = hw_out[:, :, yx[:, 0], yx[:, 1]].transpose(0, 2, 1).reshape(n * len(yx), -1)
    stage = stage_values(spec.stage, expected)
    if stage is not None and typed is not None and spec.stage_node:
        _check_stage(typed, spec, node, hw_out, yx, stage)
    return Stimulus(np.ascontiguousarray(win, dtype=np.uint8).reshape(-1, mw),
                    np.ascontiguousarray(val, dtype=np.uint8).reshape(-1, mw), where, expected, stage, n, oh * ow)


def _check_stage(typed: Graph, spec: LayerSpec, node: Node, hw_out: np.ndarray, yx: np.ndarray,
                 stage: np.ndarray) -> None:
    """The RTL's integer form of the output stage must equal hw mode's kernel, bit for bit."""
    op = typed.node(spec.stage_node)
    synthetic = isinstance(op.op, Affine) != isinstance(spec.stage, AffineStage)
    if not isinstance(op.op, (Affine, IntThreshold)) or synthetic:
        return  # a synthetic stage (a threshold derived from an affine): no hw-mode op to compare with
    full = HW_KERNELS[type(op.op)](op.op, [hw_out], [node.dtype], op)[0]
    ref = full[:, :, yx[:, 0], yx[:, 1]].transpose(0, 2, 1).reshape(stage.shape).astype(np.int64)
    if not np.array_equal(ref, stage):
        i = tuple(np.argwhere(ref != stage)[0])
        raise UserError(f"{spec.node}: the RTL output stage's integer form differs from hw mode at {i}: "
                        f"{stage[i]} vs {ref[i]}")


def stage_consumer(hw: Graph, node: str) -> Node | None:
    """The Affine or IntThreshold that reads the layer's popcounts (its sole user), if any."""
    users = hw.users(node)
    if len(users) == 1 and isinstance(users[0].op, (Affine, IntThreshold)):
        return users[0]
    return None


