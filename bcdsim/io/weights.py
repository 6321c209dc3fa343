"""A checkpoint's weights fitted onto a zoo architecture, without torch (DESIGN.md §2-3).

``load_weights`` turns a zoo name or a ``torch.save`` file into ``Weights``: the identified
architecture and numpy arrays under the model's own keys, shapes and dtypes. A file is read in
two phases (``bcdsim.io.archive``): its structure is parsed, every declared shape is checked
against the identified architecture and every needed tensor's bytes are located (no bombs, no
sparse views) before anything is read; then the arrays are read lazily, tensor by tensor.
TorchScript and torch.export archives need torch: ``load_weights`` returns None for them and
``bcdsim.io.checkpoint.load`` takes over.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from bcdsim.errors import UserError
from bcdsim.io.archive import open_checkpoint
from bcdsim.io.identify import Identification, fit_arch, identify_shapes, signature
from bcdsim.io.reader import file_kind
from bcdsim.io.state import Fit, Shape, describe, shapes_of, unwrap
from bcdsim.models import template
from bcdsim.models.zoo import ZOO, zoo_entry

logger = logging.getLogger(__name__)


class Reader(Protocol):
    """Reads a checkpoint's tensors (checkpoint key, tensor reference) as arrays."""

    def check(self, name: str, ref: Any) -> None:
        """Refuse a tensor that cannot or should not be read, reading nothing."""

    def array(self, name: str, ref: Any) -> np.ndarray:
        """The tensor's values."""


@dataclass(frozen=True)
class Weights:
    """Arrays under the model's keys (in its order), shapes and dtypes, for ``ident.arch``."""

    ident: Identification
    arrays: Mapping[str, np.ndarray]
    source: str
    initialised: bool = False  # a zoo name: constant placeholder weights (see bcdsim.models.template)


def check_finite(source: str, name: str, array: np.ndarray) -> None:
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        raise UserError(f"{source}: tensor {name} holds {bad} NaN/Inf value{'s' if bad > 1 else ''} "
                        f"(of {array.size}); bcdsim needs finite weights")


class FittedArrays(Mapping[str, np.ndarray]):
    """The model's keys -> the checkpoint's arrays, read (and checked finite) when looked up.

    Nothing is cached: a consumer that keeps only what it derives (the IR keeps int8 signs of
    binary weights) never holds all float weights at once. Looking a key up twice reads it twice.
    """

    def __init__(self, source: str, state: Mapping[str, Any], result: Fit, model: Mapping[str, Shape],
                 dtypes: Mapping[str, str], read: Reader):
        self._source, self._state, self._result, self._read = source, state, result, read
        self._model, self._dtypes = model, dtypes
        self._keys = [k for k in model if k in result.sources or k in result.defaults]

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._model or key not in self._keys:
            raise KeyError(key)
        shape, dtype = self._model[key], self._dtypes[key]
        name = self._result.sources.get(key)
        if name is None:  # an optional counter the checkpoint lacks
            return np.zeros(shape, dtype)
        array = self._read.array(name, self._state[name])
        check_finite(self._source, name, array)
        return np.asarray(array).reshape(shape).astype(dtype, copy=False)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def fitted(source: str, content: object, arch: str | None, read: Reader) -> Weights:
    """Unwrap, identify (or fit ``arch``), check every shape and that every needed tensor can be
    read; the arrays are then read lazily: only the tensors the model uses, each only the bytes
    it spans, checked finite when read."""
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
    for name in result.sources.values():  # missing bytes, bombs, sparse views: before any read
        read.check(name, state[name])
    model = signature(ident.arch, ident.num_classes, ident.in_channels)
    return Weights(ident, FittedArrays(source, state, result, model, template.dtypes(ident.arch), read), source)


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
        return fitted(name, checkpoint.content, arch, checkpoint)
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
