"""aten-level handlers of the foreign-model trace (``bcdsim.ir.foreign``): one per aten op name,
turning a recorded call into IR nodes through the ``Recorder``."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.operands import binary_operands, per_channel, to_numpy, uniform_int
from bcdsim.registry import registrar

if TYPE_CHECKING:
    from bcdsim.ir.foreign import Recorder

log = logging.getLogger(__name__)


class ForeignLoweringError(UserError):
    """The aten trace of a foreign model cannot be turned into an IR graph (the node is named)."""


@dataclass
class Call:
    """One recorded aten call with its concrete arguments and result."""

    func: Any  # torch._ops.OpOverload
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    result: torch.Tensor  # first tensor output

    @property
    def kind(self) -> str:
        return self.func._overloadpacket.__name__

    def get(self, i: int, name: str, default: Any = None) -> Any:
        return self.args[i] if len(self.args) > i else self.kwargs.get(name, default)


Handler = Callable[["Recorder", Call], "str | None"]
HANDLERS: dict[str, Handler] = {}


# Register a handler for aten ops by overload-packet name (``convolution``, ``addmm``...).
lowers_aten = registrar(HANDLERS)


# --- handlers ---------------------------------------------------------------------------------

@lowers_aten("convolution", "_convolution")
def _conv(rec: Recorder, call: Call) -> str | None:
    x, w, b = call.args[:3]
    stride, padding, dilation, transposed, _, groups = call.args[3:9]
    s, p = uniform_int(stride), uniform_int(padding)
    if (not rec.live(x) or rec.live(w) or rec.live(b) or x.dim() != 4 or transposed or s is None or p is None
            or any(int(d) != 1 for d in dilation) or w.shape[2] != w.shape[3]):
        return None
    bw = binary_operands(x, w)
    if bw is None:
        op = ops.Conv2d(s, p, int(groups), weight=to_numpy(w), bias=None if b is None else to_numpy(b))
        return rec.emit(call, op, [rec.node_of[x]], param=w, short="conv")
    op = ops.BinaryConv2d(s, p, int(groups), weight=bw.sign, alpha=bw.alpha)
    if b is None:
        return rec.emit(call, op, [rec.node_of[x]], param=w, short="binary_conv")
    conv = rec.emit(call, op, [rec.node_of[x]], param=w, value=call.result - b.view(1, -1, 1, 1), short="binary_conv")
    return rec.emit(call, ops.Bias(to_numpy(b).reshape(-1)), [conv], param=b, short="conv_bias")


@lowers_aten("addmm", "mm", "linear")
def _linear(rec: Recorder, call: Call) -> str | None:
    if call.kind == "addmm":  # bias + x @ W.t(): the weight arrives transposed
        bias, x, wt = call.args[:3]
        if call.kwargs.get("beta", 1) != 1 or call.kwargs.get("alpha", 1) != 1:
            return None
    elif call.kind == "mm":
        (x, wt), bias = call.args[:2], None
    else:
        x, w, bias = call.get(0, "input"), call.get(1, "weight"), call.get(2, "bias")
        wt = w.t()
    w = wt.t()
    # rows other than the batch (a linear over tokens/pixels) would be counted once per image: keep opaque
    if not rec.live(x) or rec.live(wt) or rec.live(bias) or x.dim() != 2 or x.shape[0] != rec.batch:
        return None
    if bias is not None and bias.numel() != w.shape[0]:
        return None
    b = None if bias is None else to_numpy(bias).reshape(-1)
    bw = binary_operands(x, w)
    if bw is None:
        return rec.emit(call, ops.Linear(to_numpy(w), b), [rec.node_of[x]], param=wt, short="linear")
    return rec.emit(call, ops.BinaryLinear(bw.sign, bw.alpha, b), [rec.node_of[x]], param=wt, short="binary_linear")


@lowers_aten("_native_batch_norm_legit_no_training", "native_batch_norm", "_native_batch_norm_legit",
             "batch_norm")
def _batch_norm(rec: Recorder, call: Call) -> str | None:
    x, gamma, beta, mean, var = call.args[:5]
    if not all(isinstance(t, torch.Tensor) and not rec.live(t) for t in (mean, var)) or rec.live(gamma) or \
            rec.live(beta):  # batch statistics (no running stats) are not an inference-time BN
        return None
    no_training = call.kind == "_native_batch_norm_legit_no_training"
    training, eps = (False, call.args[6]) if no_training else (call.args[5], call.args[7])
    if training:
        return None
    c = x.shape[1]
    gamma_np = np.ones(c, np.float32) if gamma is None else to_numpy(gamma)
    beta_np = np.zeros(c, np.float32) if beta is None else to_numpy(beta)
    op = ops.BatchNorm(gamma_np, beta_np, to_numpy(mean), to_numpy(var), float(eps))
    return rec.emit(call, op, [rec.node_of[x]], param=gamma if gamma is not None else mean, short="bn")


@lowers_aten("sign")
def _sign(rec: Recorder, call: Call) -> str | None:
    return rec.emit(call, ops.Sign(), [rec.node_of[call.args[0]]])


@lowers_aten("add", "sub")
def _add(rec: Recorder, call: Call) -> str | None:
    x, y = call.args[:2]
    if call.get(2, "alpha", 1) != 1:
        return None
    if rec.live(x) and rec.live(y) and x.shape == y.shape and call.kind == "add":
        return rec.emit(call, ops.Add(), [rec.node_of[x], rec.node_of[y]])
    if call.kind == "add" and rec.live(y) and not rec.live(x):
        x, y = y, x
    if rec.live(x) and not rec.live(y) and per_channel(x, y):
        shift = to_numpy(y).reshape(-1)
        return rec.emit(call, ops.Bias(-shift if call.kind == "sub" else shift), [rec.node_of[x]], param=y,
                        short="bias")
    return None


@lowers_aten("mul", "div")
def _scale(rec: Recorder, call: Call) -> str | None:
    x, y = call.args[:2]
    if call.kind == "mul" and not rec.live(x):
        x, y = y, x
    if isinstance(y, torch.Tensor) and not rec.live(y) and y.dim() == 0:
        y = float(y)
    if not rec.live(x) or not isinstance(y, (int, float)) or call.kwargs.get("rounding_mode") or y == 0:
        return None
    return rec.emit(call, ops.Scale(float(y) if call.kind == "mul" else 1.0 / float(y)), [rec.node_of[x]])


@lowers_aten("_prelu_kernel", "prelu")
def _prelu(rec: Recorder, call: Call) -> str | None:
    x, w = call.args[:2]
    if rec.live(w) or w.numel() not in (1, x.shape[1]):
        return None
    return rec.emit(call, ops.PReLU(to_numpy(w).reshape(-1)), [rec.node_of[x]], param=w, short="prelu")


@lowers_aten("leaky_relu")
def _leaky_relu(rec: Recorder, call: Call) -> str | None:
    x, slope = call.args[0], call.get(1, "negative_slope", 0.01)
    return rec.emit(call, ops.LeakyReLU(float(slope)), [rec.node_of[x]]) if rec.live(x) else None


@lowers_aten("avg_pool2d", "max_pool2d", "max_pool2d_with_indices")
def _pool(rec: Recorder, call: Call) -> str | None:
    x = call.args[0]
    k, p = uniform_int(call.get(1, "kernel_size")), uniform_int(call.get(3, "padding", 0))
    s = uniform_int(call.get(2, "stride") or call.get(1, "kernel_size"))  # stride [] means the kernel size
    if call.kind == "avg_pool2d":
        plain = not call.get(4, "ceil_mode", False) and call.get(6, "divisor_override") is None and \
            (p == 0 or call.get(5, "count_include_pad", True))
        kind: type[ops.AvgPool2d] = ops.AvgPool2d
    else:
        plain = uniform_int(call.get(4, "dilation", 1)) == 1 and not call.get(5, "ceil_mode", False)
        kind = ops.MaxPool2d
    if None in (k, s, p) or not plain:
        return None
    return rec.emit(call, kind(kernel=k, stride=s, padding=p), [rec.node_of[x]])


@lowers_aten("mean", "_adaptive_avg_pool2d", "adaptive_avg_pool2d")
def _global_pool(rec: Recorder, call: Call) -> str | None:
    x = call.args[0]
    if x.dim() != 4 or call.get(3, "dtype") is not None:
        return None
    if call.kind == "mean":
        dims = call.get(1, "dim")
        if not isinstance(dims, (list, tuple)) or {int(d) % 4 for d in dims} != {2, 3}:
            return None
    elif uniform_int(call.args[1]) != 1:
        return None
    pooled = call.result.reshape(x.shape[0], x.shape[1], 1, 1)
    gap = rec.emit(call, ops.GlobalAvgPool(), [rec.node_of[x]], value=pooled, short="global_avg_pool")
    return gap if call.result.dim() == 4 else rec.emit(call, ops.Flatten(), [gap], short="flatten")


@lowers_aten("cat")
def _cat(rec: Recorder, call: Call) -> str | None:
    parts = [t for t in call.args[0] if t.numel()]
    if not parts or not all(rec.live(t) for t in parts):
        return None
    axis = int(call.get(1, "dim", 0)) % call.result.dim()
    return rec.emit(call, ops.Concat(axis=axis), [rec.node_of[t] for t in parts])


@lowers_aten("view", "_unsafe_view", "reshape", "flatten")
def _view(rec: Recorder, call: Call) -> str | None:
    x, out = call.args[0], call.result
    if out.shape == x.shape:
        return rec.node_of[x]
    if x.dim() > 2 and out.dim() == 2 and out.shape[0] == x.shape[0]:
        return rec.emit(call, ops.Flatten(), [rec.node_of[x]], short="flatten")
    return None


@lowers_aten("detach", "alias", "clone", "contiguous", "lift_fresh", "lift_fresh_copy", "_to_copy", "copy_",
             "expand", "dropout", "feature_dropout")
def _identity(rec: Recorder, call: Call) -> str | None:
    """Value-preserving ops map to their source node; ``detach`` marks STE plumbing."""
    out = call.result
    src = next((t for t in (call.args[1:2] if call.kind == "copy_" else call.args[:1])
                if rec.live(t) and t.shape == out.shape and t.dtype == out.dtype), None)
    if src is None:
        return None
    if call.kind == "detach":
        rec.detached[out] = True
    return rec.node_of[src]
