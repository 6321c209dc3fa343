"""``hw`` mode: the typed hardware graph executed exactly as the accelerator computes it.

Tensors are integers: bipolar maps as bits (uint8, 1 for +1), popcounts as int64, real values
as fixed-point mantissas (see ``bcdsim.hw.fixed`` for the arithmetic rules). C simulation and
RTL simulation are compared with these values using ``==``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from bcdsim.errors import UserError
from bcdsim.hw import fixed
from bcdsim.hw.ops import Affine, IntThreshold, XnorConv2d, XnorShiftMLP, threshold_bits
from bcdsim.hw.xnor import xnor_conv2d
from bcdsim.ir import ops
from bcdsim.ir.dtypes import Bipolar, DataType, Fixed, Int
from bcdsim.ir.graph import Graph, Node
from bcdsim.ir.interpret import channel_shift, conv2d, im2col
from bcdsim.registry import ByClass, registrar

Result = tuple[np.ndarray, int]  # (value, number of saturated elements)
HwKernel = Callable[[ops.Op, list[np.ndarray], list[DataType], Node], Result]
HW_KERNELS: dict[type, HwKernel] = ByClass()


hw_kernel = registrar(HW_KERNELS)  # by op class


@dataclass
class HwRun:
    values: dict[str, np.ndarray]
    saturated: dict[str, int] = field(default_factory=dict)

    def real(self, graph: Graph, name: str) -> np.ndarray:
        """A tensor as real numbers (bits as +-1, mantissas scaled by their type)."""
        return to_real(self.values[name], graph.node(name).dtype)


def frac(t: DataType) -> int:
    return t.frac_bits if isinstance(t, Fixed) else 0


def as_int(value: np.ndarray, t: DataType) -> np.ndarray:
    """Bits -> +-1; integers and mantissas as they are (int64)."""
    return value.astype(np.int64) * 2 - 1 if isinstance(t, Bipolar) else value.astype(np.int64)


def to_real(value: np.ndarray, t: DataType) -> np.ndarray:
    return fixed.to_real(as_int(value, t), frac(t))


def unsupported_ops(graph: Graph) -> list[str]:
    return sorted({f"{type(n.op).__name__} ({n.name})" for n in graph
                   if type(n.op) not in HW_KERNELS and not isinstance(n.op, ops.Input)})


def run_hw(graph: Graph, x: np.ndarray, keep: bool = False) -> HwRun:
    """Execute a typed hardware graph on real inputs ``x`` (quantized to the input's type)."""
    missing = unsupported_ops(graph)
    if missing:
        raise UserError(f"hw mode cannot express: {', '.join(missing)}")
    result = HwRun({})
    last_use = {i: k for k, n in enumerate(graph) for i in n.inputs}
    for k, node in enumerate(graph):
        if isinstance(node.op, ops.Input):
            value, sat = fixed.quantize(x, node.dtype)
        else:
            args = [result.values[i] for i in node.inputs]
            types = [graph.node(i).dtype for i in node.inputs]
            value, sat = HW_KERNELS[type(node.op)](node.op, args, types, node)
        result.values[node.name] = value
        if sat:
            result.saturated[node.name] = sat
        if not keep:
            for i in node.inputs:
                if last_use.get(i) == k and i not in graph.outputs:
                    result.values.pop(i)
    return result


def _param(values: np.ndarray, node: Node) -> tuple[np.ndarray, int]:
    """A constant quantized with its own type (width of the node's output); (mantissas, frac)."""
    t = fixed.param_type(np.asarray(values, dtype=np.float64), node.dtype.bits)
    return fixed.quantize(values, t)[0], t.frac_bits


def _out(acc: np.ndarray, acc_frac: int, node: Node) -> Result:
    return fixed.rescale(acc, acc_frac, node.dtype)


def _chan(v: np.ndarray, ndim: int) -> np.ndarray:
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def _add_const(acc: np.ndarray, acc_frac: int, const: np.ndarray, node: Node, ndim: int) -> tuple[np.ndarray, int]:
    """acc + a per-channel constant, aligned exactly to the finer of the two fractions."""
    c, cf = _param(const, node)
    f = max(acc_frac, cf)
    return fixed.align(acc, acc_frac, f) + _chan(fixed.align(c, cf, f), ndim), f


@hw_kernel(XnorConv2d)
def _xnor(op: XnorConv2d, a, t, node) -> Result:
    return xnor_conv2d(a[0], op.weight, op.stride, op.padding), 0


@hw_kernel(XnorShiftMLP)
def _shift_mlp(op: XnorShiftMLP, a, t, node) -> Result:
    parts = [xnor_conv2d(a[0] if s == (0, 0) else channel_shift(a[0], *s), w[:, :, None, None], 1, 0)
             for w, s in zip(op.weight, op.shifts)]
    return np.concatenate(parts, axis=1), 0


@hw_kernel(Affine)
def _affine(op: Affine, a, t, node) -> Result:
    g, o = op.scale.shape
    s, sf = _param(op.scale, node)
    p = as_int(a[0], t[0]).reshape(a[0].shape[0], g, o, *a[0].shape[2:])
    acc = (p * s.reshape((1, g, o) + (1,) * (p.ndim - 3))).sum(axis=1)
    acc, f = _add_const(acc, sf + frac(t[0]), op.shift, node, acc.ndim)
    return _out(acc, f, node)


@hw_kernel(IntThreshold)
def _threshold(op: IntThreshold, a, t, node) -> Result:
    return threshold_bits(op, as_int(a[0], t[0])).astype(np.uint8), 0


@hw_kernel(ops.Sign)
def _sign(op: ops.Sign, a, t, node) -> Result:
    x = as_int(a[0], t[0])
    if op.threshold is None:
        return (x >= 0).astype(np.uint8), 0
    # x >= t  <=>  mantissa >= ceil(t * 2^frac): the exact comparison with the real threshold
    limit = np.ceil(op.threshold.astype(np.float64) * 2.0 ** frac(t[0])).astype(np.int64)
    return (x >= _chan(limit, x.ndim)).astype(np.uint8), 0


@hw_kernel(ops.DynamicSign)
def _dynamic_sign(op: ops.DynamicSign, a, t, node) -> Result:
    f = max(frac(t[0]), frac(t[1]))
    x = fixed.align(as_int(a[0], t[0]), frac(t[0]), f)
    alpha = fixed.align(as_int(a[1], t[1]), frac(t[1]), f)
    return (x >= alpha[:, :, None, None]).astype(np.uint8), 0


def _int_conv(x: np.ndarray, w: np.ndarray, stride: int, padding: int, groups: int) -> np.ndarray:
    """Exact integer convolution (int64), grouped."""
    o, ig, k, _ = w.shape
    cols = im2col(x, k, stride, padding)
    n, oh, ow = cols.shape[:3]
    og = o // groups
    outs = [np.ascontiguousarray(cols[:, :, :, g * ig:(g + 1) * ig]).reshape(n * oh * ow, -1)
            @ w[g * og:(g + 1) * og].reshape(og, -1).T for g in range(groups)]
    return np.concatenate(outs, axis=1).reshape(n, oh, ow, o).transpose(0, 3, 1, 2)


@hw_kernel(ops.Conv2d)
def _conv(op: ops.Conv2d, a, t, node) -> Result:
    w, wf = _param(op.weight, node)
    acc = _int_conv(as_int(a[0], t[0]), w, op.stride, op.padding, op.groups)
    f = wf + frac(t[0])
    if op.bias is not None:
        acc, f = _add_const(acc, f, op.bias, node, acc.ndim)
    return _out(acc, f, node)


@hw_kernel(ops.Linear)
def _linear(op: ops.Linear, a, t, node) -> Result:
    w, wf = _param(op.weight, node)
    acc = as_int(a[0], t[0]) @ w.T
    f = wf + frac(t[0])
    if op.bias is not None:
        acc, f = _add_const(acc, f, op.bias, node, acc.ndim)
    return _out(acc, f, node)


@hw_kernel(ops.ChannelOp)
def _channel_op(op: ops.ChannelOp, a, t, node) -> Result:
    """Every per-channel op through its form (``ops.ChannelForm``), each constant quantized with
    its own type and added aligned to the finer fraction; one rounding at the end. A PReLU's
    positive side is multiplied by exactly 1 (a shift to the slope's fraction)."""
    form = op.channel_form()
    x = as_int(a[0], t[0])
    v, f = (x, frac(t[0])) if form.pre is None else _add_const(x, frac(t[0]), form.pre, node, x.ndim)
    if form.gain is not None:
        s, sf = _param(np.broadcast_to(form.gain, (x.shape[1],)), node)
        v = v * _chan(s, x.ndim) if form.mode == "scale" else np.where(v >= 0, v << sf, v * _chan(s, x.ndim))
        f += sf
    if form.post is not None:
        v, f = _add_const(v, f, form.post, node, x.ndim)
    return _out(v, f, node)


def _mean(total: np.ndarray, count: int, total_frac: int, node: Node) -> Result:
    r, rf = fixed.reciprocal(count)
    return _out(total * r, total_frac + rf, node)


@hw_kernel(ops.AvgPool2d)
def _avgpool(op: ops.AvgPool2d, a, t, node) -> Result:
    x = as_int(a[0], t[0])
    total = im2col(x, op.kernel, op.stride, op.padding).sum(axis=(4, 5)).transpose(0, 3, 1, 2)
    return _mean(total, op.kernel * op.kernel, frac(t[0]), node)


@hw_kernel(ops.GlobalAvgPool)
def _gap(op: ops.GlobalAvgPool, a, t, node) -> Result:
    x = as_int(a[0], t[0])
    return _mean(x.sum(axis=(2, 3), keepdims=True), x.shape[2] * x.shape[3], frac(t[0]), node)


@hw_kernel(ops.MaxPool2d)
def _maxpool(op: ops.MaxPool2d, a, t, node) -> Result:
    x = as_int(a[0], t[0])
    if op.padding:
        p = op.padding
        x = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=np.iinfo(np.int64).min)
    return im2col(x, op.kernel, op.stride, 0).max(axis=(4, 5)).transpose(0, 3, 1, 2).copy(), 0


def _aligned_sum(a: np.ndarray, ta: DataType, b: np.ndarray, tb: DataType) -> tuple[np.ndarray, int]:
    f = max(frac(ta), frac(tb))
    return fixed.align(as_int(a, ta), frac(ta), f) + fixed.align(as_int(b, tb), frac(tb), f), f


@hw_kernel(ops.Add)
def _add(op: ops.Add, a, t, node) -> Result:
    return _out(*_aligned_sum(a[0], t[0], a[1], t[1]), node)


@hw_kernel(ops.AddChannelOffset)
def _offset(op: ops.AddChannelOffset, a, t, node) -> Result:
    return _out(*_aligned_sum(a[0], t[0], a[1][:, :, None, None], t[1]), node)


@hw_kernel(ops.Concat)
def _concat(op: ops.Concat, a, t, node) -> Result:
    parts = [fixed.rescale(as_int(v, tv), frac(tv), node.dtype) if isinstance(node.dtype, Fixed) else (v, 0)
             for v, tv in zip(a, t)]
    return np.concatenate([p for p, _ in parts], axis=op.axis), sum(s for _, s in parts)


@hw_kernel(ops.Flatten)
def _flatten(op: ops.Flatten, a, t, node) -> Result:
    return a[0].reshape(a[0].shape[0], -1), 0


@hw_kernel(ops.ChannelShift)
def _shift(op: ops.ChannelShift, a, t, node) -> Result:
    return channel_shift(a[0], op.shift_h, op.shift_w), 0


def popcount_reference(bits: np.ndarray, weight: np.ndarray, stride: int, padding: int) -> np.ndarray:
    """conv(+-1 input, +-1 weight) with zero padding, via a float product (for cross-checks)."""
    return np.rint(conv2d((bits.astype(np.float32) * 2 - 1), weight, stride, padding, 1)).astype(np.int64)


__all__ = ["HW_KERNELS", "HwRun", "Int", "popcount_reference", "run_hw", "to_real", "unsupported_ops"]
