"""Lowering: a PyTorch module of the zoo's building blocks -> IR Graph (DESIGN.md §2, §8.3).

torch.fx traces the model with bcdsim's binary primitives and torch.nn layers as leaves; each leaf
module type and each function has one handler, registered by decorator. Every unsupported node is
collected first and reported in one error.
"""
from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.fx as fx
from torch import nn

from bcdsim import nn as bnn
from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, GraphBuilder, GraphError
from bcdsim.registry import registrar

Handler = Callable[["LowerContext", Any, list[Any], dict[str, Any], str], str]
MODULE_HANDLERS: dict[type, Handler] = {}
FUNCTION_HANDLERS: dict[Any, Handler] = {}


class UnsupportedOps(UserError):
    """The model uses operations the IR has no handler for (all of them are listed)."""


lowers_module = registrar(MODULE_HANDLERS)  # by module type
lowers_function = registrar(FUNCTION_HANDLERS)  # by function, or ("method", name)


@dataclass(frozen=True)
class Value:
    """A reference to an IR node inside handler arguments (constants stay plain Python)."""

    name: str


class LowerContext:
    def __init__(self, builder: GraphBuilder):
        self.builder = builder

    def add(self, op: ops.Op, inputs: list[Any], name: str, source: str = "") -> str:
        names = [v.name if isinstance(v, Value) else v for v in inputs]
        return self.builder.add(op, names, name, source or name)

    def shape(self, value: Value) -> tuple[int, ...]:
        return self.builder.node(value.name).shape


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().to(torch.float32).numpy().copy()


def _channels(t: torch.Tensor) -> np.ndarray:
    return _np(t).reshape(-1)


class _Tracer(fx.Tracer):
    def is_leaf_module(self, m: nn.Module, qualname: str) -> bool:
        return type(m) in MODULE_HANDLERS or super().is_leaf_module(m, qualname)


def lower(module: nn.Module, input_shape: tuple[int, ...], name: str = "model") -> Graph:
    """Trace ``module`` (eval semantics) into an IR Graph for inputs of ``input_shape``."""
    try:
        traced = _Tracer().trace(module)
    except Exception as e:  # fx raises many kinds when forward is data-dependent
        raise UnsupportedOps(f"cannot trace {type(module).__name__} with torch.fx: {e}") from None
    _check_supported(module, traced)
    builder = GraphBuilder(name)
    ctx = LowerContext(builder)
    env: dict[str, Any] = {}
    outputs: list[str] = []

    def resolve(a: Any) -> Any:
        return fx.node.map_arg(a, lambda n: env[n.name])

    for node in traced.nodes:
        if node.op == "placeholder":
            env[node.name] = Value(builder.add(ops.Input(tuple(input_shape)), (), node.name, "input"))
        elif node.op == "output":
            out = resolve(node.args[0])
            outputs = [v.name for v in (out if isinstance(out, (tuple, list)) else [out])]
        else:
            args, kwargs = list(resolve(node.args)), dict(resolve(node.kwargs))
            if node.op == "call_module":
                mod = module.get_submodule(node.target)
                handler, subject, source = MODULE_HANDLERS[type(mod)], mod, node.target
            else:
                key = _function_key(node)
                handler, subject, source = FUNCTION_HANDLERS[key], key, _scoped_name(node)
            try:
                env[node.name] = Value(handler(ctx, subject, args, kwargs, source))
            except GraphError as e:
                raise UserError(str(e)) from None
    return builder.build(outputs)


def _scoped_name(node: fx.Node) -> str:
    """``feature.1.add`` for an addition written in feature.1's forward (fx's name is just ``add``)."""
    stack = node.meta.get("nn_module_stack") or {}
    scope = next(reversed(stack.values()))[0] if stack else ""
    op = str(node.target if node.op == "call_method" else getattr(node.target, "__name__", node.name))
    return f"{scope}.{op}" if scope else op


def _function_key(node: fx.Node) -> Any:
    return ("method", node.target) if node.op == "call_method" else node.target


def _check_supported(module: nn.Module, traced: fx.Graph) -> None:
    missing: dict[str, list[str]] = {}
    for node in traced.nodes:
        if node.op == "call_module":
            kind = type(module.get_submodule(node.target))
            if kind not in MODULE_HANDLERS:
                missing.setdefault(f"module {kind.__name__}", []).append(str(node.target))
        elif node.op in ("call_function", "call_method") and _function_key(node) not in FUNCTION_HANDLERS:
            label = node.target if node.op == "call_method" else getattr(node.target, "__name__", node.target)
            missing.setdefault(f"{node.op.replace('call_', '')} {label}", []).append(node.name)
        elif node.op == "get_attr":
            missing.setdefault("parameter access outside a layer", []).append(str(node.target))
    if missing:
        parts = [f"{kind} (at {', '.join(where[:3])}{', ...' if len(where) > 3 else ''})"
                 for kind, where in missing.items()]
        raise UnsupportedOps(f"unsupported operations: {'; '.join(parts)}")


# --- module handlers -------------------------------------------------------------------------

@lowers_module(nn.Conv2d)
def _conv(ctx: LowerContext, m: nn.Conv2d, args, kwargs, src) -> str:
    if m.dilation != (1, 1) or m.padding_mode != "zeros" or len(set(m.stride)) > 1 or \
            isinstance(m.padding, str) or len(set(m.padding)) > 1 or m.kernel_size[0] != m.kernel_size[1]:
        raise UnsupportedOps(f"{src}: only square, undilated, zero-padded convs are supported")
    op = ops.Conv2d(stride=m.stride[0], padding=m.padding[0], groups=m.groups, weight=_np(m.weight),
                    bias=None if m.bias is None else _np(m.bias))
    return ctx.add(op, args[:1], src)


@lowers_module(bnn.BinaryConv2d, bnn.FlatBinaryConv2d)
def _binary_conv(ctx: LowerContext, m: bnn.BinaryConv2d, args, kwargs, src) -> str:
    w = _np(m.weight)
    if not m.binary_weights:  # step-1 conv: binary activations, real weights
        op: ops.Op = ops.Conv2d(stride=m.stride, padding=m.padding, groups=m.groups, weight=w)
    else:  # alpha_o = mean |W_o| as in bcdsim.nn.binarize_weight (numpy: 3x faster than torch here)
        op = ops.BinaryConv2d.from_latent(w, m.stride, m.padding, m.groups)
    return ctx.add(op, args[:1], src)


@lowers_module(nn.Linear)
def _linear(ctx: LowerContext, m: nn.Linear, args, kwargs, src) -> str:
    return ctx.add(ops.Linear(_np(m.weight), None if m.bias is None else _np(m.bias)), args, src)


@lowers_module(nn.BatchNorm2d, nn.BatchNorm1d)
def _batchnorm(ctx: LowerContext, m: nn.BatchNorm2d, args, kwargs, src) -> str:
    c = m.num_features
    gamma = _np(m.weight) if m.affine else np.ones(c, np.float32)
    beta = _np(m.bias) if m.affine else np.zeros(c, np.float32)
    op = ops.BatchNorm(gamma, beta, _np(m.running_mean), _np(m.running_var), float(m.eps))
    return ctx.add(op, args, src)


@lowers_module(bnn.RSign)
def _rsign(ctx: LowerContext, m: bnn.RSign, args, kwargs, src) -> str:
    return ctx.add(ops.Sign(threshold=-_channels(m.bias)), args, src)


@lowers_module(bnn.BinaryActivation)
def _sign(ctx: LowerContext, m: nn.Module, args, kwargs, src) -> str:
    return ctx.add(ops.Sign(), args, src)


@lowers_module(bnn.LearnableBias)
def _bias(ctx: LowerContext, m: bnn.LearnableBias, args, kwargs, src) -> str:
    return ctx.add(ops.Bias(_channels(m.bias)), args, src)


@lowers_module(nn.PReLU)
def _prelu(ctx: LowerContext, m: nn.PReLU, args, kwargs, src) -> str:
    return ctx.add(ops.PReLU(_channels(m.weight)), args, src)


@lowers_module(nn.LeakyReLU)
def _leaky_relu(ctx: LowerContext, m: nn.LeakyReLU, args, kwargs, src) -> str:
    return ctx.add(ops.LeakyReLU(float(m.negative_slope)), args, src)


@lowers_module(bnn.Shift, bnn.GlobalShift)
def _shift(ctx: LowerContext, m: bnn.Shift, args, kwargs, src) -> str:
    _, _, h, w = ctx.shape(args[0])
    sh, sw = bnn.shift.shift_amounts(h, w, m.global_)
    return ctx.add(ops.ChannelShift(sh, sw, m.global_), args, src)


@lowers_module(nn.AvgPool2d, nn.MaxPool2d)
def _pool(ctx: LowerContext, m: nn.Module, args, kwargs, src) -> str:
    k, s, p = (v if isinstance(v, int) else v[0] for v in (m.kernel_size, m.stride, m.padding))
    if getattr(m, "ceil_mode", False) or (isinstance(m, nn.AvgPool2d) and p and not m.count_include_pad):
        raise UnsupportedOps(f"{src}: ceil_mode / count_include_pad=False pooling is not supported")
    kind = ops.MaxPool2d if isinstance(m, nn.MaxPool2d) else ops.AvgPool2d
    return ctx.add(kind(kernel=k, stride=s, padding=p), args, src)


@lowers_module(nn.AdaptiveAvgPool2d)
def _gap(ctx: LowerContext, m: nn.AdaptiveAvgPool2d, args, kwargs, src) -> str:
    if m.output_size not in (1, (1, 1)):
        raise UnsupportedOps(f"{src}: AdaptiveAvgPool2d is supported for output size 1 only")
    return ctx.add(ops.GlobalAvgPool(), args, src)


@lowers_module(bnn.ContextualEmbedding)
def _context(ctx: LowerContext, m: bnn.ContextualEmbedding, args, kwargs, src) -> str:
    return ctx.add(ops.ContextEmbed(_np(m.embed.weight)), args, src)


@lowers_module(bnn.DynamicSign)
def _dynamic_sign(ctx: LowerContext, m: nn.Module, args, kwargs, src) -> str:
    return ctx.add(ops.DynamicSign(), args, src)


@lowers_module(bnn.ChannelOffset)
def _offset(ctx: LowerContext, m: nn.Module, args, kwargs, src) -> str:
    return ctx.add(ops.AddChannelOffset(), args, src)


@lowers_module(nn.Identity)
def _identity(ctx: LowerContext, m: nn.Module, args, kwargs, src) -> Any:
    return args[0].name


# --- function handlers -----------------------------------------------------------------------

@lowers_function(operator.add, torch.add, ("method", "add"))
def _add(ctx: LowerContext, fn, args, kwargs, src) -> str:
    if not all(isinstance(a, Value) for a in args[:2]) or kwargs:
        raise UnsupportedOps(f"{src}: only tensor + tensor additions are supported")
    return ctx.add(ops.Add(), args[:2], src)


DIVISIONS = (operator.truediv, torch.div, ("method", "div"))


@lowers_function(operator.mul, torch.mul, ("method", "mul"), *DIVISIONS)
def _scale(ctx: LowerContext, fn, args, kwargs, src) -> str:
    tensors = [a for a in args if isinstance(a, Value)]
    consts = [a for a in args if isinstance(a, (int, float))]
    if len(tensors) != 1 or len(consts) != 1:
        raise UnsupportedOps(f"{src}: only multiplication/division by a constant is supported")
    if fn in DIVISIONS and args[0] is not tensors[0]:
        raise UnsupportedOps(f"{src}: only division of a tensor by a constant is supported")
    factor = 1.0 / consts[0] if fn in DIVISIONS else float(consts[0])
    return ctx.add(ops.Scale(float(factor)), tensors, src)


@lowers_function(torch.cat)
def _cat(ctx: LowerContext, fn, args, kwargs, src) -> str:
    axis = kwargs.get("dim", args[1] if len(args) > 1 else 0)
    return ctx.add(ops.Concat(axis=int(axis)), list(args[0]), src)


@lowers_function(torch.flatten, ("method", "flatten"))
def _flatten(ctx: LowerContext, fn, args, kwargs, src) -> str:
    start = kwargs.get("start_dim", args[1] if len(args) > 1 else 0)
    if start != 1:
        raise UnsupportedOps(f"{src}: only flatten(x, 1) is supported")
    return ctx.add(ops.Flatten(), args[:1], src)
