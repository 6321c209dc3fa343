"""Zoo graphs built once per test session (ImageNet-sized builds take seconds). A module of its own:
``tests/`` and ``rtl_tests/`` both have a conftest, so test files cannot import from ``conftest``."""
from __future__ import annotations

import functools

from bcdsim.models import ZOO, build, randomize


@functools.cache
def zoo_graph(name: str, size: int | None = None):
    """Canonical IR of a randomly initialised zoo model (at ``size`` x ``size`` when given)."""
    from bcdsim.ir.frontend import to_ir  # imported here so a broken IR cannot stop collection

    entry = ZOO[name]
    shape = entry.input_shape if size is None else (1, entry.input_shape[1], size, size)
    model = randomize(build(name), seed=1)
    return model, shape, to_ir(model, shape, name)
