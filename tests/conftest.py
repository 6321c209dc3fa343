"""Shared fixtures: zoo graphs are built once per test session (ImageNet-sized builds take seconds)."""
from __future__ import annotations

import functools

import pytest

from bcdsim.models import ZOO, build, randomize


@functools.cache
def zoo_graph(name: str, size: int | None = None):
    """Canonical IR of a randomly initialised zoo model (at ``size`` x ``size`` when given)."""
    from bcdsim.ir.frontend import to_ir  # imported here so a broken IR cannot stop collection

    entry = ZOO[name]
    shape = entry.input_shape if size is None else (1, entry.input_shape[1], size, size)
    model = randomize(build(name), seed=1)
    return model, shape, to_ir(model, shape, name)


@pytest.fixture
def graph_of():
    return zoo_graph
