"""Graph -> Graph passes that never mutate their input (DESIGN.md §8.4).

``canonicalize`` is the one ordered pipeline every analysis runs after lowering.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bcdsim.ir import ops
from bcdsim.ir.graph import Graph, GraphBuilder, Node


def rebuild(graph: Graph, rewrite: Callable[[Node, GraphBuilder, dict[str, str]], bool]) -> Graph:
    """Copy ``graph`` node by node; ``rewrite`` may emit replacement nodes (returns True) instead.

    ``alias`` maps an old node name to the name that now carries its value.
    """
    builder = GraphBuilder(graph.name)
    alias: dict[str, str] = {}
    for node in graph:
        if not rewrite(node, builder, alias):
            alias[node.name] = builder.copy(node, [alias[i] for i in node.inputs])
    return builder.build([alias[o] for o in graph.outputs])


def sole_user(graph: Graph, name: str) -> Node | None:
    users = graph.users(name)
    return users[0] if len(users) == 1 and name not in graph.outputs else None


def fuse_rprelu(graph: Graph) -> Graph:
    """Bias -> PReLU -> Bias chains (ReActNet's move/prelu/move) become one RPReLU op."""
    chains: dict[str, tuple[Node, Node, Node]] = {}  # keyed by the last node
    skip: set[str] = set()
    for first in graph.ops_of(ops.Bias):
        mid = sole_user(graph, first.name)
        if mid is None or not isinstance(mid.op, ops.PReLU):
            continue
        last = sole_user(graph, mid.name)
        if last is None or not isinstance(last.op, ops.Bias):
            continue
        chains[last.name] = (first, mid, last)
        skip.update({first.name, mid.name})

    def rewrite(node: Node, b: GraphBuilder, alias: dict[str, str]) -> bool:
        if node.name in skip:
            return True
        if node.name not in chains:
            return False
        first, mid, last = chains[node.name]
        slope = np.broadcast_to(mid.op.slope, first.op.bias.shape).copy()
        op = ops.RPReLU(first.op.bias, slope, last.op.bias)
        source = mid.source.rsplit(".", 1)[0] + ".rprelu" if "." in mid.source else mid.source
        alias[node.name] = b.add(op, [alias[first.inputs[0]]], mid.name, source)
        return True

    return rebuild(graph, rewrite)


def fold_averaged_heads(graph: Graph) -> Graph:
    """(Linear_a(x) + Linear_b(x)) * 0.5 -> one Linear with averaged weights (BCDNet's two heads)."""
    folds: dict[str, tuple[Node, Node]] = {}
    skip: set[str] = set()
    for scale in graph.ops_of(ops.Scale):
        add = graph.node(scale.inputs[0])
        if not isinstance(add.op, ops.Add) or sole_user(graph, add.name) is None:
            continue
        heads = [graph.node(i) for i in add.inputs]
        if not all(type(h.op) is ops.Linear and sole_user(graph, h.name) for h in heads):
            continue
        if heads[0].inputs != heads[1].inputs or abs(scale.op.factor - 0.5) > 1e-12:
            continue
        folds[scale.name] = (heads[0], heads[1])
        skip.update({heads[0].name, heads[1].name, add.name})

    def rewrite(node: Node, b: GraphBuilder, alias: dict[str, str]) -> bool:
        if node.name in skip:
            return True
        if node.name not in folds:
            return False
        a, c = folds[node.name]
        weight = ((a.op.weight.astype(np.float64) + c.op.weight) / 2).astype(np.float32)
        biases = [h.op.bias if h.op.bias is not None else np.zeros(h.shape[1], np.float32) for h in (a, c)]
        bias = ((biases[0].astype(np.float64) + biases[1]) / 2).astype(np.float32)
        alias[node.name] = b.add(ops.Linear(weight, bias), [alias[a.inputs[0]]], "head",
                                 f"({a.source} + {c.source}) / 2")
        return True

    return rebuild(graph, rewrite)


def eliminate_dead(graph: Graph) -> Graph:
    """Drop nodes no output depends on (left behind when a pass replaces a computation)."""
    live = set(graph.outputs) | set(graph.inputs)
    for node in reversed(graph.nodes):
        if node.name in live:
            live.update(node.inputs)
    return rebuild(graph, lambda node, b, alias: node.name not in live)


PIPELINE: list[Callable[[Graph], Graph]] = [
    fuse_rprelu,
    fold_averaged_heads,
]


def run_pipeline(graph: Graph, passes: list[Callable[[Graph], Graph]]) -> Graph:
    for p in passes:
        graph = p(graph)
    return graph


def canonicalize(graph: Graph) -> Graph:
    """The canonical graph every analysis reads: run PIPELINE top to bottom."""
    return run_pipeline(graph, PIPELINE)
