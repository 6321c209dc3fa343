"""``bcdsim.load``: a checkpoint file or a zoo name -> an eval-mode ``nn.Module`` (DESIGN.md §2-3).

No code from a file ever runs: state_dicts are read with ``torch.load(weights_only=True)``,
TorchScript and torch.export archives through their own (checked) loaders; see ``reader``. Only
``trust_code=True`` (the CLI's ``--trust-code``) lets an archive that fails the checks run.
"""
from __future__ import annotations

import logging
import os

import torch
from torch import nn

from bcdsim.errors import UserError
from bcdsim.io.identify import Identification, fit_arch, identify_shapes
from bcdsim.io.reader import read, reason
from bcdsim.io.state import Fit, adapted, describe, shapes_of, unwrap
from bcdsim.models.zoo import ZOO, zoo_entry

logger = logging.getLogger(__name__)


def _mark(model: nn.Module, ident: Identification | None) -> nn.Module:
    """Record what the model is, for callers that report it ("identified as bcdnet-a")."""
    model.bcdsim_arch = ident.arch if ident else None  # None: a foreign (TorchScript/export) model
    model.bcdsim_identification = ident
    return model


def _materialise(ident: Identification, state: dict[str, torch.Tensor], result: Fit,
                 source: str) -> nn.Module:
    """Build the zoo model and fill it with the checkpoint's tensors."""
    entry = ZOO[ident.arch]
    with torch.device("meta"):
        model = entry.build(ident.num_classes, ident.in_channels)
    # Allocating without initialising saves seconds on ImageNet models and is sound because the
    # strict load below overwrites every persistent tensor; non-persistent buffers or plain tensor
    # attributes would stay garbage (or on meta), so such a model gets its real initialisation.
    persistent = set(model.state_dict())
    unregistered = any(isinstance(v, torch.Tensor) for m in model.modules() for v in vars(m).values())
    if unregistered or any(name not in persistent for name, _ in model.named_buffers()):
        model = entry.build(ident.num_classes, ident.in_channels)
    else:
        model = model.to_empty(device="cpu")
    try:
        model.load_state_dict(adapted(result, state, model.state_dict()), strict=True)
    except (RuntimeError, ValueError, TypeError) as exc:
        raise UserError(f"{source}: cannot copy the weights into {ident.arch} ({reason(exc)})") from None
    return model.eval()


def _load_state(source: str, content: object, arch: str | None) -> nn.Module:
    state = unwrap(content, source)
    stored = shapes_of(state)
    if arch is None:
        try:
            ident, result = identify_shapes(stored)
        except UserError as exc:
            raise UserError(f"{source}: {exc}") from None
        logger.info("%s: identified as %s (%d classes, %d input channels)", source, *ident)
    else:
        ident, result = fit_arch(arch, stored)
        if not result.ok:
            raise UserError(f"{source} does not fit {arch}: {describe(result, arch)}")
        logger.info("%s: loaded as %s (%d classes, %d input channels)", source, *ident)
    return _mark(_materialise(ident, state, result, source), ident)


def load(path: str | os.PathLike[str], arch: str | None = None, *, trust_code: bool = False) -> nn.Module:
    """Load a model in eval mode without running code from the file.

    ``path`` is a zoo name (initialised weights), a state_dict checkpoint (``.pth``/``.pt``;
    plain, or inside BCDNet's ``{'model': ...}`` / ReActNet's ``{'state_dict': ...}``
    container, ``module.``-prefixed or not), a TorchScript archive, or a ``torch.export``
    archive (``.pt2``).

    ``arch`` names the zoo architecture of a state_dict; ``None`` identifies it from the keys
    and shapes. ``bcdnet-a`` and ``bcdnet-a-step1`` have identical keys, so identification
    picks ``bcdnet-a``: a step-1 checkpoint (real weights) needs ``arch='bcdnet-a-step1'``.
    Given for a TorchScript / export archive, ``arch`` loads that archive's weights into the
    zoo architecture.

    ``trust_code`` loads a TorchScript / export archive that fails bcdsim's checks with torch's own
    loader, which can run code from the file (``bcdsim.io.trust``); off by default.

    The returned module carries ``bcdsim_arch`` (the zoo name; ``None`` for a foreign
    TorchScript / export program) and ``bcdsim_identification`` (an ``Identification`` or None).
    Raises ``UserError`` with a one-line message on any bad input.
    """
    name = os.fspath(path)
    if arch is not None:
        zoo_entry(arch)  # an unknown architecture fails before any file is read
    if os.path.isfile(name):
        content = read(name, trust_code)
        if isinstance(content, nn.Module):
            if arch is None:
                logger.info("%s: a %s program, not a zoo architecture", name, type(content).__name__)
                return _mark(content, None)
            content = content.state_dict()
        return _load_state(name, content, arch)
    if name in ZOO:
        if arch not in (None, name):
            raise UserError(f"zoo model {name} cannot be loaded as arch {arch}")
        entry = ZOO[name]
        logger.info("%s: zoo model with initialised weights", name)
        return _mark(entry.build().eval(), Identification(name, entry.num_classes, entry.input_shape[1]))
    if os.path.isdir(name):
        raise UserError(f"{name} is a directory, not a checkpoint file")
    if os.path.exists(name):
        raise UserError(f"{name} is not a regular file")
    raise UserError(f"no such file or zoo model: {name} (zoo: {', '.join(ZOO)})")
