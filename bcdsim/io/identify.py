"""Which zoo architecture a state_dict belongs to, from its keys and shapes alone.

Every candidate's key/shape signature comes from its stored template (``bcdsim.models.template``,
no torch), instantiated at the class count and input channels the checkpoint implies, and is
compared with the checkpoint's. Those two sizes are bounded, so a checkpoint cannot make bcdsim
allocate more than a plausible model needs.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

from bcdsim.errors import UserError
from bcdsim.io.state import Fit, Shape, describe, fit, shapes_of, unwrap
from bcdsim.models import template
from bcdsim.models.zoo import ZOO, zoo_entry

# Zoo entries with exactly the keys and shapes of another entry. A checkpoint cannot tell them
# apart, so identification names the other one: a BCDNet "step 1" checkpoint (real weights)
# must be loaded with arch="bcdnet-a-step1".
SAME_KEYS_AS = {"bcdnet-a-step1": "bcdnet-a"}
# Upper bounds on what a checkpoint may declare (ImageNet-21k has 21,841 classes; hyperspectral
# inputs a few hundred bands): beyond them a head or stem is refused before anything is read.
MAX_CLASSES = 100_000
MAX_IN_CHANNELS = 4096


class Identification(NamedTuple):
    """The zoo architecture a state_dict fits, with the head size and input channels it implies."""

    arch: str
    num_classes: int
    in_channels: int


@lru_cache(maxsize=128)
def signature(arch: str, num_classes: int | None = None,
              in_channels: int | None = None) -> Mapping[str, Shape]:
    """Key -> shape of a zoo model's state_dict, in its order (from its template, cached)."""
    return MappingProxyType(template.signature(arch, num_classes, in_channels))


def _head_and_stem(arch: str) -> tuple[str | None, str | None]:
    """The keys that carry num_classes (last 2-D weight: the FC rows) and in_channels (first conv)."""
    sig = signature(arch)
    head = [k for k, s in sig.items() if k.endswith(".weight") and len(s) == 2]
    stem = [k for k, s in sig.items() if k.endswith(".weight") and len(s) == 4]
    return (head[-1] if head else None), (stem[0] if stem else None)


def infer_dims(arch: str, stored: Mapping[str, Shape]) -> tuple[int, int]:
    """(num_classes, in_channels) a checkpoint implies for ``arch``; the zoo defaults if unclear."""
    entry = zoo_entry(arch)
    num_classes, in_channels = entry.num_classes, entry.input_shape[1]
    head, stem = _head_and_stem(arch)
    if head in stored and len(stored[head]) == 2 and stored[head][0] > 0:
        num_classes = stored[head][0]
        if num_classes > MAX_CLASSES:
            raise UserError(f"{head} declares {num_classes:,} classes (shape {stored[head]}); bcdsim "
                            f"accepts at most {MAX_CLASSES:,}")
    if stem in stored and len(stored[stem]) == 4 and stored[stem][1] > 0:
        in_channels = stored[stem][1]
        if in_channels > MAX_IN_CHANNELS:
            raise UserError(f"{stem} declares {in_channels:,} input channels (shape {stored[stem]}); "
                            f"bcdsim accepts at most {MAX_IN_CHANNELS:,}")
    return num_classes, in_channels


def fit_arch(arch: str, stored: Mapping[str, Shape]) -> tuple[Identification, Fit]:
    num_classes, in_channels = infer_dims(arch, stored)
    return (Identification(arch, num_classes, in_channels),
            fit(stored, signature(arch, num_classes, in_channels)))


def _candidates(stored: Mapping[str, Shape]) -> list[tuple[Identification, Fit]]:
    return [fit_arch(arch, stored) for arch in ZOO]


def identify_shapes(stored: Mapping[str, Shape]) -> tuple[Identification, Fit]:
    """The one zoo architecture whose keys and shapes the checkpoint's match, or a UserError."""
    candidates = _candidates(stored)
    names = {ident.arch for ident, _ in candidates}
    # Drop an alias when the architecture it duplicates is a candidate too.
    candidates = [(i, f) for i, f in candidates if SAME_KEYS_AS.get(i.arch) not in names]
    matches = [(i, f) for i, f in candidates if f.ok]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError("the checkpoint fits several zoo architectures ("
                        + ", ".join(i.arch for i, _ in matches) + "); choose one with arch=")
    ranked = sorted(candidates, key=lambda c: c[1].matched, reverse=True)[:3]
    if not ranked:
        raise UserError("no zoo architecture could be built to compare the checkpoint with")
    closest = ", ".join(f"{i.arch} ({f.matched} of {f.model_size} tensors match)" for i, f in ranked)
    best_ident, best_fit = ranked[0]
    count = f"{len(stored)} tensor" + ("s" if len(stored) != 1 else "")
    raise UserError(f"no zoo architecture matches the checkpoint ({count}); "
                    f"closest: {closest}; {best_ident.arch}: {describe(best_fit, best_ident.arch)}")


def identify(state_dict: Mapping[str, Any]) -> Identification:
    """Identify a state_dict (containers and ``module.`` prefixes allowed) as a zoo architecture.

    Returns ``(arch, num_classes, in_channels)``. Architectures with identical keys resolve to
    the canonical one (``bcdnet-a``, never ``bcdnet-a-step1``); raises UserError, naming the
    closest architectures and their first differences, when nothing matches.
    """
    ident, _ = identify_shapes(shapes_of(unwrap(state_dict, "state_dict")))
    return ident
