"""The ops a model file may use: side-effect-free tensor ops, by exact overload (DESIGN.md §2).

One list serves both archive kinds: a ``.pt2`` node names its target as ``torch.ops.aten.conv2d.default``
and bcdsim calls the overload found under that exact key in ``TENSOR_OPS`` (a dict of op objects written
out below, never looked up by name in ``torch``); a TorchScript node is checked by its schema name
``aten::conv2d`` + overload against the same keys, plus the scalar, list and control-flow nodes the
TorchScript compiler emits (``SCRIPT_OPS``). Nothing here reads or writes files, prints, touches the
random state or writes into its inputs: no ``save``/``from_file``, no ``.out`` overloads, no ``rand*``;
in-place forms (``INPLACE_OPS``) only on tensors the program itself computed. Dropout and batch norm
are allowed only with their training flag false (``TRAIN_FLAG``).
"""
from __future__ import annotations

import operator
from collections.abc import Callable

import torch

aten = torch.ops.aten

_TENSOR_OPS = (
    # convolutions, matrix products
    aten.conv1d.default, aten.conv2d.default, aten.conv2d.padding, aten.convolution.default,
    aten._convolution.default, aten.conv_transpose2d.input, aten.linear.default, aten.addmm.default,
    aten.mm.default, aten.bmm.default, aten.matmul.default, aten.t.default,
    # normalisation
    aten.batch_norm.default, aten._native_batch_norm_legit_no_training.default, aten.layer_norm.default,
    aten.native_layer_norm.default, aten.group_norm.default,
    # elementwise arithmetic and activations
    aten.add.Tensor, aten.add.Scalar, aten.sub.Tensor, aten.sub.Scalar, aten.rsub.Tensor, aten.rsub.Scalar,
    aten.mul.Tensor, aten.mul.Scalar, aten.div.Tensor, aten.div.Scalar, aten.div.Tensor_mode,
    aten.floor_divide.default, aten.remainder.Tensor, aten.remainder.Scalar, aten.neg.default,
    aten.abs.default, aten.sign.default, aten.sgn.default, aten.clamp.default, aten.clamp.Tensor,
    aten.clip.default, aten.hardtanh.default, aten.relu.default, aten.relu6.default, aten.leaky_relu.default,
    aten.prelu.default, aten._prelu_kernel.default, aten.gelu.default, aten.silu.default, aten.sigmoid.default,
    aten.tanh.default, aten.hardsigmoid.default, aten.hardswish.default, aten.exp.default, aten.log.default,
    aten.sqrt.default, aten.rsqrt.default, aten.reciprocal.default, aten.pow.Tensor_Scalar,
    aten.pow.Tensor_Tensor, aten.floor.default, aten.ceil.default, aten.round.default, aten.maximum.default,
    aten.minimum.default, aten.where.self, aten.masked_fill.Scalar, aten.masked_fill.Tensor,
    aten.softmax.int, aten._softmax.default, aten.log_softmax.int, aten._log_softmax.default,
    # comparisons and logic
    aten.eq.Tensor, aten.eq.Scalar, aten.ne.Tensor, aten.ne.Scalar, aten.lt.Tensor, aten.lt.Scalar,
    aten.le.Tensor, aten.le.Scalar, aten.gt.Tensor, aten.gt.Scalar, aten.ge.Tensor, aten.ge.Scalar,
    aten.logical_not.default, aten.logical_and.default, aten.logical_or.default,
    # reductions
    aten.mean.dim, aten.mean.default, aten.sum.dim_IntList, aten.sum.default, aten.amax.default,
    aten.amin.default, aten.argmax.default, aten.var.correction, aten.std.correction,
    # pooling and resampling
    aten.avg_pool2d.default, aten.max_pool2d.default, aten.max_pool2d_with_indices.default,
    aten.adaptive_avg_pool2d.default, aten._adaptive_avg_pool2d.default, aten.adaptive_max_pool2d.default,
    aten.pixel_shuffle.default, aten.upsample_nearest1d.vec, aten.upsample_nearest2d.vec,
    aten.upsample_nearest3d.vec, aten.upsample_bilinear2d.vec,
    # shapes, views and copies (out-of-place)
    aten.view.default, aten.reshape.default, aten._unsafe_view.default, aten.flatten.using_ints,
    aten.permute.default, aten.transpose.int, aten.unsqueeze.default, aten.squeeze.dim, aten.squeeze.dims,
    aten.squeeze.default, aten.expand.default, aten.slice.Tensor, aten.select.int, aten.narrow.default,
    aten.index.Tensor, aten.index_select.default, aten.gather.default, aten.split.Tensor,
    aten.split_with_sizes.default, aten.chunk.default, aten.unbind.int, aten.cat.default, aten.stack.default,
    aten.roll.default, aten.flip.default, aten.pad.default, aten.constant_pad_nd.default, aten.repeat.default,
    aten.contiguous.default, aten.clone.default, aten.detach.default, aten.alias.default,
    aten.lift_fresh_copy.default, aten.to.dtype, aten._to_copy.default, aten.type_as.default,
    aten.zeros_like.default, aten.ones_like.default, aten.full_like.default, aten.scalar_tensor.default,
    # sizes and the program's own checks (they raise, nothing else)
    aten.sym_size.int, aten.sym_numel.default, aten.sym_stride.int, aten._assert_tensor_metadata.default,
    aten._assert_scalar.default,
    # dropout: only with train=False (TRAIN_FLAG), where it is the identity
    aten.dropout.default, aten.feature_dropout.default, aten.alpha_dropout.default,
)

TENSOR_OPS: dict[str, torch._ops.OpOverload] = {str(op): op for op in _TENSOR_OPS}  # "aten.conv2d.default"

# In-place forms of listed ops (``nn.ReLU(inplace=True)`` exports as ``relu_``). Allowed only on a tensor
# the program itself just computed (not the input, a weight, or a view of them): see ``fresh`` below.
_INPLACE_OPS = (
    aten.relu_.default, aten.hardtanh_.default, aten.leaky_relu_.default, aten.add_.Tensor, aten.add_.Scalar,
    aten.sub_.Tensor, aten.sub_.Scalar, aten.mul_.Tensor, aten.mul_.Scalar, aten.div_.Tensor, aten.div_.Scalar,
    aten.clamp_.default, aten.sigmoid_.default, aten.tanh_.default, aten.hardsigmoid_.default,
    aten.hardswish_.default, aten.silu_.default, aten.neg_.default, aten.abs_.default, aten.sign_.default,
    aten.masked_fill_.Scalar,
)
INPLACE_OPS: dict[str, torch._ops.OpOverload] = {str(op): op for op in _INPLACE_OPS}  # "aten.relu_.default"


def fresh_result(schema: torch._C.FunctionSchema, is_fresh: Callable[[int, str], bool]) -> bool:
    """Is an op's result a tensor no one else holds? Yes for an allocating op (no alias annotation on its
    return); a view or in-place result is as fresh as the arguments it aliases (``is_fresh(index, name)``)."""
    if all(r.alias_info is None for r in schema.returns):
        return True
    return all(is_fresh(i, a.name) for i, a in enumerate(schema.arguments) if a.alias_info is not None)


def writes_fresh_only(schema: torch._C.FunctionSchema, is_fresh: Callable[[int, str], bool]) -> bool:
    """An in-place op may write only into tensors the program computed itself."""
    return all(is_fresh(i, a.name) for i, a in enumerate(schema.arguments)
               if a.alias_info is not None and a.alias_info.is_write)


# ops whose training flag (position, name) must be false: with it true, dropout draws from the random
# state and batch norm writes its running statistics in place (into any tensor passed as them)
TRAIN_FLAG: dict[str, tuple[int, str]] = {
    "aten.dropout.default": (2, "train"), "aten.feature_dropout.default": (2, "train"),
    "aten.alpha_dropout.default": (2, "train"), "aten.batch_norm.default": (5, "training"),
}

# Size arithmetic between symbolic sizes in a .pt2 graph (``_operator.mul``), on plain ints only.
SIZE_ARITHMETIC = {
    "_operator.add": operator.add, "_operator.sub": operator.sub, "_operator.mul": operator.mul,
    "_operator.floordiv": operator.floordiv, "_operator.mod": operator.mod, "_operator.neg": operator.neg,
    "_operator.eq": operator.eq, "_operator.ne": operator.ne, "_operator.lt": operator.lt,
    "_operator.le": operator.le, "_operator.gt": operator.gt, "_operator.ge": operator.ge,
    "torch.sym_max": max, "torch.sym_min": min, "torch.sym_not": operator.not_,
}

# What the TorchScript compiler emits around tensor ops: size queries, int/float/bool arithmetic,
# lists and tuples, error raising, and structured control flow.
_SCRIPT_SCALAR = [f"aten.{op}.{t}" for op in ("add", "sub", "mul", "floordiv", "remainder", "eq", "ne",
                                              "lt", "gt", "le", "ge", "div", "pow", "min", "max")
                  for t in ("int", "float", "int_float", "float_int", "default", "Scalar_Scalar")]
SCRIPT_OPS = frozenset(_SCRIPT_SCALAR + [
    "aten.size.default", "aten.size.int", "aten.dim.default", "aten.numel.default", "aten.len.t",
    "aten.len.Tensor", "aten.__getitem__.t", "aten.neg.int", "aten.neg.float", "aten.Int.Tensor",
    "aten.Int.float", "aten.Float.Tensor", "aten.Float.int", "aten.Bool.Tensor", "aten.ScalarImplicit.default",
    "aten.__is__.default", "aten.__isnot__.default", "aten.__not__.default", "aten.__and__.bool",
    "aten.__or__.bool", "aten.format.default", "aten.warn.default", "aten.list.t", "aten.floor.float",
    "aten.ceil.float", "aten.eq.str", "aten.ne.str", "aten.__contains__.str_list", "aten.sqrt.int",
    "aten.sqrt.float", "aten.tensor.float", "aten.tensor.int", "aten.tensor.bool", "aten.append.t",
    "aten.slice.t", "aten.add.t", "aten.__contains__.int_list", "prim.Uninitialized.default",
    "prim.Constant", "prim.GetAttr", "prim.ListConstruct", "prim.ListUnpack", "prim.TupleConstruct",
    "prim.TupleUnpack", "prim.TupleIndex", "prim.If", "prim.Loop", "prim.RaiseException.default",
    "prim.Uninitialized", "prim.unchecked_cast", "prim.NumToTensor.Scalar", "prim.NumToTensor.default",
    "prim.device.default", "prim.dtype.default", "prim.min.int", "prim.max.int", "prim.min.self_int",
    "prim.max.self_int", "prim.layout.default", "prim.is_cuda.default", "prim.data.default",
    "prim.requires_grad.default",
])
