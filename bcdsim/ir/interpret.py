"""numpy interpreter of the IR (DESIGN.md §2, §7 L0): the executable specification.

``float`` mode must equal PyTorch (max abs error <= 1e-4 x max |output|). Kernels are registered
per op class (a visitor); the ``hw`` mode of the hardware issue adds its own table.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, Node
from bcdsim.registry import ByClass, registrar

Kernel = Callable[[ops.Op, list[np.ndarray], Node], np.ndarray]
FLOAT_KERNELS: dict[type, Kernel] = ByClass()


kernel = registrar(FLOAT_KERNELS)  # by op class


class InterpreterError(UserError):
    """The graph holds ops the interpreter cannot execute (all of them are listed)."""


def run(graph: Graph, inputs: np.ndarray | Mapping[str, np.ndarray], keep: bool = False,
        kernels: Mapping[type, Kernel] = FLOAT_KERNELS,
        observe: Callable[[Node, np.ndarray], np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Execute ``graph``; returns the outputs by name (every tensor when ``keep``).

    ``observe(node, value)`` sees every computed tensor and returns the one to carry on with
    (verification uses it to compare each node against a reference and continue from the reference).
    """
    missing = sorted({type(n.op).__name__ for n in graph if type(n.op) not in kernels and
                      not isinstance(n.op, ops.Input)})
    if missing:
        raise InterpreterError(f"{graph.name}: cannot execute {', '.join(missing)}")
    if not isinstance(inputs, Mapping):
        inputs = {graph.inputs[0]: inputs}
    values: dict[str, np.ndarray] = {}
    last_use = {i: k for k, n in enumerate(graph) for i in n.inputs}
    for k, node in enumerate(graph):
        if isinstance(node.op, ops.Input):
            x = np.asarray(inputs[node.name], dtype=np.float32)
            if tuple(x.shape[1:]) != tuple(node.shape[1:]):
                raise UserError(f"input '{node.name}' expects shape {list(node.shape)}, got {list(x.shape)}")
            values[node.name] = observe(node, x) if observe else x
            continue
        value = kernels[type(node.op)](node.op, [values[i] for i in node.inputs], node)
        values[node.name] = observe(node, value) if observe else value
        if not keep:  # free tensors nobody reads any more: bcdnet-a at 224 holds ~100 MB otherwise
            for i in node.inputs:
                if last_use.get(i) == k and i not in graph.outputs:
                    values.pop(i, None)
    return values if keep else {o: values[o] for o in graph.outputs}


def _per_channel(v: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Broadcast a (C,) vector over axis 1 of x."""
    return v.reshape((1, -1) + (1,) * (x.ndim - 2)).astype(np.float32)


def im2col(x: np.ndarray, k: int, stride: int, padding: int) -> np.ndarray:
    """(N, C, H, W) -> (N, OH, OW, C, k, k) windows over the zero-padded map (a view when possible)."""
    if padding:
        x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))  # N, C, OH', OW', k, k
    return win[:, :, ::stride, ::stride].transpose(0, 2, 3, 1, 4, 5)


def conv2d(x: np.ndarray, weight: np.ndarray, stride: int, padding: int, groups: int) -> np.ndarray:
    """Grouped 2-D convolution as one matrix product per group (float32 BLAS)."""
    o, ig, k, _ = weight.shape
    cols = im2col(x.astype(np.float32, copy=False), k, stride, padding)
    n, oh, ow = cols.shape[:3]
    og = o // groups
    outs = []
    for g in range(groups):
        c = np.ascontiguousarray(cols[:, :, :, g * ig:(g + 1) * ig]).reshape(n * oh * ow, ig * k * k)
        w = weight[g * og:(g + 1) * og].reshape(og, ig * k * k).astype(np.float32)
        outs.append(c @ w.T)
    y = np.concatenate(outs, axis=1) if groups > 1 else outs[0]
    return y.reshape(n, oh, ow, o).transpose(0, 3, 1, 2).copy()


@kernel(ops.Conv2d)
def _conv(op: ops.Conv2d, a: list[np.ndarray], node: Node) -> np.ndarray:
    y = conv2d(a[0], op.weight, op.stride, op.padding, op.groups)
    return y if op.bias is None else y + _per_channel(op.bias, y)


@kernel(ops.BinaryConv2d)
def _binary_conv(op: ops.BinaryConv2d, a: list[np.ndarray], node: Node) -> np.ndarray:
    # +-1 x +-1 sums are integers below 2^24, so this float32 product is exact; alpha comes last.
    y = conv2d(a[0], op.weight, op.stride, op.padding, op.groups)
    return y * _per_channel(op.alpha, y)


@kernel(ops.Linear)
def _linear(op: ops.Linear, a: list[np.ndarray], node: Node) -> np.ndarray:
    y = a[0].astype(np.float32) @ op.weight.T
    return y if op.bias is None else y + op.bias


@kernel(ops.BinaryLinear)
def _binary_linear(op: ops.BinaryLinear, a: list[np.ndarray], node: Node) -> np.ndarray:
    y = (a[0].astype(np.float32) @ op.weight.T.astype(np.float32)) * op.alpha
    return y if op.bias is None else y + op.bias


@kernel(ops.Sign)
def _sign(op: ops.Sign, a: list[np.ndarray], node: Node) -> np.ndarray:
    x = a[0]
    return np.sign(x if op.threshold is None else x - _per_channel(op.threshold, x)).astype(np.float32)


@kernel(ops.DynamicSign)
def _dynamic_sign(op: ops.DynamicSign, a: list[np.ndarray], node: Node) -> np.ndarray:
    x, alpha = a
    return np.sign(x - alpha[:, :, None, None]).astype(np.float32)


@kernel(ops.BatchNorm)
def _batchnorm(op: ops.BatchNorm, a: list[np.ndarray], node: Node) -> np.ndarray:
    x = a[0]
    inv = 1.0 / np.sqrt(op.var.astype(np.float32) + np.float32(op.eps))
    return (x - _per_channel(op.mean, x)) * _per_channel(inv, x) * _per_channel(op.gamma, x) + \
        _per_channel(op.beta, x)


@kernel(ops.Bias)
def _bias(op: ops.Bias, a: list[np.ndarray], node: Node) -> np.ndarray:
    return a[0] + _per_channel(op.bias, a[0])


def prelu(x: np.ndarray, slope: np.ndarray) -> np.ndarray:
    return np.where(x >= 0, x, x * _per_channel(slope, x)).astype(np.float32)


@kernel(ops.PReLU)
def _prelu(op: ops.PReLU, a: list[np.ndarray], node: Node) -> np.ndarray:
    return prelu(a[0], op.slope)


@kernel(ops.RPReLU)
def _rprelu(op: ops.RPReLU, a: list[np.ndarray], node: Node) -> np.ndarray:
    x = a[0]
    return prelu(x + _per_channel(op.bias_in, x), op.slope) + _per_channel(op.bias_out, x)


@kernel(ops.ChannelOp)
def _channel_op(op: ops.ChannelOp, a: list[np.ndarray], node: Node) -> np.ndarray:
    """Any per-channel op through its form (the ops above keep PyTorch's own order of operations)."""
    form, x = op.channel_form(), a[0]
    if form.mode == "scale":
        x = x * _per_channel(form.gain.astype(np.float32), x)
    elif form.mode == "prelu":
        x = prelu(x if form.pre is None else x + _per_channel(form.pre, x), form.gain)
    return (x if form.post is None else x + _per_channel(form.post.astype(np.float32), x)).astype(np.float32)


def channel_shift(x: np.ndarray, shift_h: int, shift_w: int) -> np.ndarray:
    q = x.shape[1] // 4
    return np.concatenate([
        np.roll(x[:, :q], shift_h, axis=2), np.roll(x[:, q:2 * q], -shift_h, axis=2),
        np.roll(x[:, 2 * q:3 * q], shift_w, axis=3), np.roll(x[:, 3 * q:], -shift_w, axis=3),
    ], axis=1)


@kernel(ops.ChannelShift)
def _shift(op: ops.ChannelShift, a: list[np.ndarray], node: Node) -> np.ndarray:
    return channel_shift(a[0], op.shift_h, op.shift_w)


@kernel(ops.AvgPool2d)
def _avgpool(op: ops.AvgPool2d, a: list[np.ndarray], node: Node) -> np.ndarray:
    # count_include_pad=True (PyTorch's default): padded zeros count in the mean.
    return im2col(a[0], op.kernel, op.stride, op.padding).mean(axis=(4, 5)).transpose(0, 3, 1, 2)


@kernel(ops.MaxPool2d)
def _maxpool(op: ops.MaxPool2d, a: list[np.ndarray], node: Node) -> np.ndarray:
    x = a[0]
    if op.padding:  # max pooling pads with -inf
        p = op.padding
        x = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=-np.inf)
    return im2col(x, op.kernel, op.stride, 0).max(axis=(4, 5)).transpose(0, 3, 1, 2).copy()


@kernel(ops.GlobalAvgPool)
def _gap(op: ops.GlobalAvgPool, a: list[np.ndarray], node: Node) -> np.ndarray:
    return a[0].mean(axis=(2, 3), keepdims=True)


@kernel(ops.Add)
def _add(op: ops.Add, a: list[np.ndarray], node: Node) -> np.ndarray:
    return a[0] + a[1]


@kernel(ops.AddChannelOffset)
def _offset(op: ops.AddChannelOffset, a: list[np.ndarray], node: Node) -> np.ndarray:
    return a[0] + a[1][:, :, None, None]


@kernel(ops.Concat)
def _concat(op: ops.Concat, a: list[np.ndarray], node: Node) -> np.ndarray:
    return np.concatenate(a, axis=op.axis)


@kernel(ops.Flatten)
def _flatten(op: ops.Flatten, a: list[np.ndarray], node: Node) -> np.ndarray:
    return a[0].reshape(a[0].shape[0], -1)


@kernel(ops.Scale)
def _scale(op: ops.Scale, a: list[np.ndarray], node: Node) -> np.ndarray:
    return a[0] * np.float32(op.factor)


@kernel(ops.ContextEmbed)
def _context(op: ops.ContextEmbed, a: list[np.ndarray], node: Node) -> np.ndarray:
    return a[0].mean(axis=(2, 3)) @ op.weight.T
