"""A zoo architecture's IR without torch: its stored lowering filled with a state_dict's arrays.

``bcdsim.models.template`` keeps, per architecture, the nodes the torch.fx lowering produces
(names, op classes, inputs, sources, scalar attributes). Here each node's arrays are taken from
the state_dict under its module path, by the same rules as the lowering's module handlers
(``bcdsim.ir.lower``); shape-dependent attributes (input shape, shift distances) come from the
requested input shape. tests/test_templates.py checks the result against the torch.fx lowering
node by node for every zoo entry at several input shapes and head sizes.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, GraphBuilder, GraphError
from bcdsim.models.template import NodeTemplate, template
from bcdsim.registry import registrar

Builder = Callable[["_Params", Mapping[str, Any]], ops.Op]
BUILDERS: dict[str, Builder] = {}
builds = registrar(BUILDERS)  # keyed by op class name, as stored in the template
# Ops without arrays or shape-dependent fields: their stored attributes are all they need.
PLAIN = {cls.__name__: cls for cls in (ops.Add, ops.Scale, ops.Concat, ops.Flatten, ops.AvgPool2d,
                                       ops.MaxPool2d, ops.GlobalAvgPool, ops.DynamicSign, ops.AddChannelOffset)}


class _Params:
    """The state_dict arrays of one module (``<source>.<name>``)."""

    def __init__(self, state: Mapping[str, np.ndarray], source: str):
        self.state, self.source = state, source

    def get(self, name: str) -> np.ndarray | None:
        return self.state.get(f"{self.source}.{name}")

    def need(self, name: str) -> np.ndarray:
        value = self.get(name)
        if value is None:
            raise KeyError(f"{self.source}.{name}")
        return value

    def conv_weight(self, attrs: Mapping[str, Any]) -> np.ndarray:
        """(O, I/groups, k, k); ReActNet's flat ``weights`` (N, 1) viewed in that shape."""
        weight = self.get("weight")
        return weight if weight is not None else self.need("weights").reshape(attrs["weight_shape"])


@builds("Conv2d")
def _conv(p: _Params, a: Mapping[str, Any]) -> ops.Op:
    return ops.Conv2d(stride=a["stride"], padding=a["padding"], groups=a["groups"], weight=p.conv_weight(a),
                      bias=p.get("bias"))


@builds("BinaryConv2d")
def _binary_conv(p: _Params, a: Mapping[str, Any]) -> ops.Op:
    return ops.BinaryConv2d.from_latent(p.conv_weight(a), a["stride"], a["padding"], a["groups"])


@builds("Linear")
def _linear(p: _Params, a: Mapping[str, Any]) -> ops.Op:
    return ops.Linear(p.need("weight"), p.get("bias"))


@builds("BatchNorm")
def _batchnorm(p: _Params, a: Mapping[str, Any]) -> ops.Op:
    mean = p.need("running_mean")
    gamma, beta = p.get("weight"), p.get("bias")
    return ops.BatchNorm(np.ones(mean.shape, np.float32) if gamma is None else gamma,
                         np.zeros(mean.shape, np.float32) if beta is None else beta,
                         mean, p.need("running_var"), float(a["eps"]))


@builds("Sign")
def _sign(p: _Params, a: Mapping[str, Any]) -> ops.Op:
    bias = p.get("bias")  # RSign's learned bias b: sign(x + b) = sign(x - threshold)
    return ops.Sign(threshold=None if bias is None else -bias.reshape(-1))


@builds("Bias")
def _bias(p: _Params, a: Mapping[str, Any]) -> ops.Op:
    return ops.Bias(p.need("bias").reshape(-1))


@builds("PReLU")
def _prelu(p: _Params, a: Mapping[str, Any]) -> ops.Op:
    return ops.PReLU(p.need("weight").reshape(-1))


@builds("ContextEmbed")
def _context(p: _Params, a: Mapping[str, Any]) -> ops.Op:
    return ops.ContextEmbed(p.need("embed.weight"))


def _op(node: NodeTemplate, state: Mapping[str, np.ndarray], builder: GraphBuilder,
        input_shape: tuple[int, ...]) -> ops.Op:
    if node.op == "Input":
        return ops.Input(tuple(input_shape))
    if node.op == "ChannelShift":
        _, _, h, w = builder.node(node.inputs[0]).shape
        return ops.ChannelShift(*ops.shift_amounts(h, w, node.attrs["global_"]), node.attrs["global_"])
    if node.op in PLAIN:
        return PLAIN[node.op](**node.attrs)
    return BUILDERS[node.op](_Params(state, node.source), node.attrs)


def template_graph(arch: str, state: Mapping[str, np.ndarray], input_shape: tuple[int, ...],
                   name: str = "model") -> Graph:
    """The lowered (not yet canonicalized) IR of zoo ``arch`` with ``state``'s weights.

    ``state`` has the model's own keys, shapes and dtypes (``bcdsim.io.weights.Weights.arrays``).
    """
    builder = GraphBuilder(name)
    stored = template(arch)
    for node in stored.nodes:
        try:
            builder.add(_op(node, state, builder, input_shape), node.inputs, node.name, node.source)
        except GraphError as exc:
            raise UserError(str(exc)) from None
        except KeyError as exc:  # a state_dict that passed identification has every key
            raise UserError(f"{arch}: the weights lack {exc.args[0]}") from None
    return builder.build(stored.outputs)
