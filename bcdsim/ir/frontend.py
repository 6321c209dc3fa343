"""One entry point from a loaded model to the canonical IR graph.

Zoo models (and anything built from bcdsim's blocks) lower through torch.fx; everything else
(TorchScript archives, torch.export programs, BNNs written in other code) through the aten-level
trace of ``bcdsim.ir.foreign``, which classifies binary convs by their operands. torch is
imported when a module is lowered, not with this module (``parse_shape`` serves torch-free paths).
"""
from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from bcdsim.errors import UserError
from bcdsim.ir.graph import Graph
from bcdsim.ir.passes import canonicalize

if TYPE_CHECKING:
    from torch import nn

log = logging.getLogger(__name__)
# Lowering runs the model on an input of this shape (and verify/generate on batches of them): a
# shape beyond 2**26 values (256 MiB as float32, e.g. 1x3x4096x4096 is 50M) is refused before
# anything is allocated, instead of the machine running out of memory.
MAX_INPUT_VALUES = 2**26


def parse_shape(text: str) -> tuple[int, ...]:
    """'1x3x224x224' -> (1, 3, 224, 224)."""
    try:
        shape = tuple(int(p) for p in text.lower().replace(",", "x").split("x"))
    except ValueError:
        raise UserError(f"input shape '{text}' is not of the form NxCxHxW (e.g. 1x3x224x224)") from None
    if len(shape) != 4 or min(shape) < 1:
        raise UserError(f"input shape '{text}' must be four positive sizes NxCxHxW (e.g. 1x3x224x224)")
    values = math.prod(shape)
    if values > MAX_INPUT_VALUES:
        raise UserError(f"input shape '{text}' has {values:.3g} values ({values * 4 / 2**30:,.1f} GiB as float32): "
                        f"more than the {MAX_INPUT_VALUES:,} bcdsim accepts")
    return shape


def to_ir(model: nn.Module, input_shape: tuple[int, ...], name: str = "model") -> Graph:
    """Lower ``model`` for inputs of ``input_shape`` and run the canonical passes."""
    import torch

    from bcdsim.ir.lower import UnsupportedOps, lower

    foreign = isinstance(model, torch.jit.ScriptModule) or getattr(model, "bcdsim_arch", "") is None
    graph = None
    if not foreign:
        try:
            graph = lower(model, input_shape, name)
        except UnsupportedOps as e:
            log.info("torch.fx lowering failed (%s); tracing at the aten level instead", e)
    if graph is None:
        from bcdsim.ir.foreign import lower_foreign

        graph = lower_foreign(model, input_shape, name)
    return canonicalize(graph)
