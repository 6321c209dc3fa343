"""Typed hardware graphs built once per test session (the hardware passes and the fixed-point
profiling of an ImageNet model take seconds)."""
from __future__ import annotations

import functools

from zoo_graphs import zoo_graph

from bcdsim.cost.counts import count_ops
from bcdsim.io.loaded import DEFAULT_MODEL, load_model


@functools.cache
def typed(name: str, size: int | None = None):
    """(typed hardware graph, BOPs) of a zoo model, or of the shipped default model for 'default'."""
    from bcdsim.cost.estimate import typed_hardware
    from bcdsim.ir.frontend import to_ir

    if name == "default":
        loaded = load_model(DEFAULT_MODEL)
        graph = to_ir(loaded.module, loaded.input_shape, loaded.arch)
        return typed_hardware(graph, loaded.input_shape), count_ops(graph).totals.bops
    _, shape, graph = zoo_graph(name, size)
    return typed_hardware(graph, shape), count_ops(graph).totals.bops
