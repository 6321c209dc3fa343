"""Fitting a checkpoint's tensors onto a model's state_dict keys and shapes (DESIGN.md §3).

Official BNN checkpoints differ from a freshly built model in ways that change nothing about
the weights, so they are tolerated here:

- a container dict (``{'model': sd, ...}`` BCDNet, ``{'state_dict': sd, ...}`` ReActNet) and a
  ``module.`` prefix on every key (saved from DataParallel);
- missing BatchNorm ``num_batches_tracked`` (set to 0, as in a freshly built model);
- a tensor stored with extra size-1 dims, e.g. BN as (1, C, 1, 1) where the model has (C,);
- binary conv weights stored flat as ReActNet's ``weights`` (N, 1) where the model has
  ``weight`` (out, in, k, k), and the other way round.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bcdsim.errors import UserError
from bcdsim.io.unpickle import printable

Shape = tuple[int, ...]

# Keys under which training scripts store the state_dict next to optimizer state, epoch, ...
CONTAINER_KEYS = ("state_dict", "model", "model_state_dict", "net", "network")
# Prefixes added to every key by DataParallel / DDP and by torch.compile.
WRAPPER_PREFIXES = ("module.", "_orig_mod.")
OPTIONAL_SUFFIX = "num_batches_tracked"
MAX_KEY = 500  # characters: parameter names are dotted module paths


def is_tensor(value: object) -> bool:
    """A tensor as any reader gives it: a TensorRef (not read yet), a numpy array or a torch tensor."""
    return hasattr(value, "shape") and hasattr(value, "dtype") and not isinstance(value, (type, Mapping))


def _is_state_dict(obj: object) -> bool:
    return (isinstance(obj, Mapping) and len(obj) > 0
            and all(isinstance(k, str) and is_tensor(v) for k, v in obj.items()))


def unwrap(obj: object, source: str) -> dict[str, Any]:
    """The state_dict inside a loaded checkpoint object, with wrapper prefixes removed.

    Keys must be strings and values real-valued tensors (TensorRefs, arrays or torch tensors).
    """
    for _ in range(3):  # containers nest at most a level or two in practice
        if _is_state_dict(obj) or not isinstance(obj, Mapping):
            break
        inner = [obj[k] for k in CONTAINER_KEYS if isinstance(obj.get(k), Mapping)][:1]
        if not inner:  # an unknown container: accept its one value that is a state_dict
            inner = [v for v in obj.values() if _is_state_dict(v)]
        if len(inner) != 1:
            break
        obj = inner[0]
    if not isinstance(obj, Mapping):
        kind = "Tensor" if is_tensor(obj) else type(obj).__name__
        raise UserError(f"{source} holds a {kind}, not a state_dict")
    if not obj:
        raise UserError(f"{source} holds an empty dict, not a state_dict")
    for key, value in obj.items():
        if not isinstance(key, str):
            raise UserError(f"{source} is not a state_dict: it has a {type(key).__name__} key "
                            f"{printable(repr(key), 40)}, not a string")
        if len(key) > MAX_KEY or not key.isprintable():
            raise UserError(f"{source} is not a state_dict: key {printable(repr(key), 40)} is not a parameter "
                            f"name (control characters or more than {MAX_KEY} characters)")
        if not is_tensor(value):
            raise UserError(f"{source} is not a state_dict: entry {key!r} holds "
                            f"{type(value).__name__}, not a tensor (keys: {_preview([printable(k) for k in obj])})")
        if "complex" in str(value.dtype):
            raise UserError(f"{source}: tensor {key} is complex-valued ({value.dtype}); bcdsim needs real weights")
    return strip_prefixes(dict(obj))


def strip_prefixes(state: dict[str, Any]) -> dict[str, Any]:
    """Remove each wrapper prefix that every key carries (possibly several, e.g. module._orig_mod.)."""
    changed = True
    while changed:
        changed = False
        for prefix in WRAPPER_PREFIXES:
            if all(k.startswith(prefix) for k in state):
                state = {k[len(prefix):]: v for k, v in state.items()}
                changed = True
    return state


def shapes_of(state: Mapping[str, Any]) -> dict[str, Shape]:
    return {k: tuple(v.shape) for k, v in state.items()}


def _squeezed(shape: Shape) -> Shape:
    return tuple(d for d in shape if d != 1)


def _is_flat(shape: Shape) -> bool:
    return len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)


def compatible(stored: Shape, wanted: Shape, key: str) -> bool:
    """Whether a stored tensor holds the values of a model tensor, up to a reshape."""
    if stored == wanted or _squeezed(stored) == _squeezed(wanted):
        return True
    leaf = key.rsplit(".", 1)[-1]
    # A flat binary conv weight against its (out, in, k, k) form: same numbers, row-major.
    return (leaf in ("weight", "weights") and (_is_flat(stored) or _is_flat(wanted))
            and math.prod(stored) == math.prod(wanted))


def _stored_name(key: str, stored: Mapping[str, Shape]) -> str | None:
    if key in stored:
        return key
    if key.endswith(".weight") and key + "s" in stored:
        return key + "s"
    if key.endswith(".weights") and key[:-1] in stored:
        return key[:-1]
    return None


@dataclass
class Fit:
    """How a checkpoint's tensors map onto one model's state_dict."""

    sources: dict[str, str] = field(default_factory=dict)  # model key -> checkpoint key
    missing: dict[str, Shape] = field(default_factory=dict)  # model keys the checkpoint lacks
    unexpected: dict[str, Shape] = field(default_factory=dict)  # checkpoint keys the model lacks
    wrong_shape: list[tuple[str, Shape, Shape]] = field(default_factory=list)  # key, stored, model
    defaults: list[str] = field(default_factory=list)  # optional model keys kept as built
    model_size: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unexpected or self.wrong_shape)

    @property
    def matched(self) -> int:
        return len(self.sources)


def fit(stored: Mapping[str, Shape], model: Mapping[str, Shape]) -> Fit:
    """Pair every model key with a checkpoint key of a compatible shape."""
    result = Fit(model_size=len(model))
    used: set[str] = set()
    for key, shape in model.items():
        name = _stored_name(key, stored)
        if name is None:
            if key.endswith(OPTIONAL_SUFFIX):
                result.defaults.append(key)
            else:
                result.missing[key] = shape
            continue
        used.add(name)
        if compatible(stored[name], shape, key):
            result.sources[key] = name
        else:
            result.wrong_shape.append((key, stored[name], shape))
    result.unexpected = {k: s for k, s in stored.items()
                         if k not in used and not k.endswith(OPTIONAL_SUFFIX)}
    return result


def _fmt(shape: Shape) -> str:
    return str(tuple(shape))


def _preview(items: list[str], limit: int = 3) -> str:
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def describe(result: Fit, model_name: str = "model", limit: int = 3) -> str:
    """The first differences, one line: missing / unexpected / wrong shape, with shapes."""
    parts = []
    if result.wrong_shape:
        parts.append("wrong shape " + _preview(
            [f"{k} checkpoint {_fmt(s)} vs {model_name} {_fmt(m)}" for k, s, m in result.wrong_shape],
            limit))
    if result.missing:
        parts.append("missing " + _preview([f"{k} {_fmt(s)}" for k, s in result.missing.items()], limit))
    if result.unexpected:
        parts.append("unexpected " + _preview(
            [f"{k} {_fmt(s)}" for k, s in result.unexpected.items()], limit))
    return "; ".join(parts) or "no differences"
