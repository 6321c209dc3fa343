"""A checkpoint's weights fitted onto a zoo architecture, without torch (DESIGN.md §2-3).

``load_weights`` turns a zoo name or a ``torch.save`` file into ``Weights``: the identified
architecture and numpy arrays under the model's own keys, shapes and dtypes. A file is read in
two phases (``bcdsim.io.archive``): its structure is parsed and every declared shape is checked
against the identified architecture before the bytes of exactly the needed tensors are read.
TorchScript and torch.export archives need torch: ``load_weights`` returns None for them and
``bcdsim.io.checkpoint.load`` takes over.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from bcdsim.errors import UserError
from bcdsim.io.archive import open_checkpoint
from bcdsim.io.identify import Identification, fit_arch, identify_shapes, signature
from bcdsim.io.reader import file_kind
from bcdsim.io.state import adapted, describe, shapes_of, unwrap
from bcdsim.models import template
from bcdsim.models.zoo import ZOO, zoo_entry

logger = logging.getLogger(__name__)

Reader = Callable[[Mapping[str, Any]], Mapping[str, np.ndarray]]


@dataclass(frozen=True)
class Weights:
    """Arrays under the model's keys (in its order), shapes and dtypes, for ``ident.arch``."""

    ident: Identification
    arrays: dict[str, np.ndarray]
    source: str
    initialised: bool = False  # a zoo name: constant placeholder weights (see bcdsim.models.template)


def check_finite(source: str, name: str, array: np.ndarray) -> None:
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        raise UserError(f"{source}: tensor {name} holds {bad} NaN/Inf value{'s' if bad > 1 else ''} "
                        f"(of {array.size}); bcdsim needs finite weights")


def fitted(source: str, content: object, arch: str | None, read: Reader) -> Weights:
    """Unwrap, identify (or fit ``arch``), check shapes, then ``read`` only the tensors the model uses."""
    state = unwrap(content, source)
    stored = shapes_of(state)
    try:
        ident, result = identify_shapes(stored) if arch is None else fit_arch(arch, stored)
    except UserError as exc:
        raise UserError(f"{source}: {exc}") from None
    if not result.ok:
        raise UserError(f"{source} does not fit {arch}: {describe(result, arch)}")
    logger.info("%s: %s as %s (%d classes, %d input channels)", source,
                "identified" if arch is None else "loaded", *ident)
    arrays = read({name: state[name] for name in result.sources.values()})
    for name, array in arrays.items():
        check_finite(source, name, array)
    model = signature(ident.arch, ident.num_classes, ident.in_channels)
    return Weights(ident, adapted(result, arrays, model, template.dtypes(ident.arch)), source)


def load_weights(spec: str | os.PathLike[str], arch: str | None = None) -> Weights | None:
    """A zoo name or ``torch.save`` checkpoint as Weights, without torch; None for a TorchScript
    or torch.export archive. Raises UserError (one line) on any bad input."""
    name = os.fspath(spec)
    if arch is not None:
        zoo_entry(arch)  # an unknown architecture fails before any file is read
    if os.path.isfile(name):
        if file_kind(name) != "checkpoint":
            return None
        checkpoint = open_checkpoint(name)
        return fitted(name, checkpoint.content, arch, checkpoint.arrays)
    if name in ZOO:
        if arch not in (None, name):
            raise UserError(f"zoo model {name} cannot be loaded as arch {arch}")
        entry = ZOO[name]
        ident = Identification(name, entry.num_classes, entry.input_shape[1])
        return Weights(ident, template.initial_state(name), name, initialised=True)
    if os.path.isdir(name):
        raise UserError(f"{name} is a directory, not a checkpoint file")
    if os.path.exists(name):
        raise UserError(f"{name} is not a regular file")
    raise UserError(f"no such file or zoo model: {name} (zoo: {', '.join(ZOO)})")
