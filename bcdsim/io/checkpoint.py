"""``bcdsim.load``: a checkpoint file or a zoo name -> an eval-mode ``nn.Module`` (DESIGN.md §2-3).

No code from a file ever runs and ``torch.load`` is never called: state_dicts are read by
bcdsim's restricted reader into numpy arrays (``bcdsim.io.weights``), which fill a zoo model
here; TorchScript and torch.export archives go through their own (checked) loaders, see ``reader``.
Only ``trust_code=True`` (the CLI's ``--trust-code``) lets an archive that fails the checks run.
"""
from __future__ import annotations

import logging
import os

import numpy as np
import torch
from torch import nn

from bcdsim.errors import UserError
from bcdsim.io.identify import Identification
from bcdsim.io.reader import read, reason
from bcdsim.io.weights import Weights, fitted, load_weights
from bcdsim.models.zoo import ZOO

logger = logging.getLogger(__name__)


def _mark(model: nn.Module, ident: Identification | None) -> nn.Module:
    """Record what the model is, for callers that report it ("identified as bcdnet-a")."""
    model.bcdsim_arch = ident.arch if ident else None  # None: a foreign (TorchScript/export) model
    model.bcdsim_identification = ident
    return model


def _materialise(weights: Weights) -> nn.Module:
    """Build the zoo model and fill it with the checkpoint's arrays."""
    ident = weights.ident
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
    tensors = {k: torch.from_numpy(np.require(v, requirements="W")) for k, v in weights.arrays.items()}
    try:
        model.load_state_dict(tensors, strict=True)
    except (RuntimeError, ValueError, TypeError) as exc:
        raise UserError(f"{weights.source}: cannot copy the weights into {ident.arch} ({reason(exc)})") from None
    return model.eval()


class _TorchTensors:
    """An archive module's state_dict tensors as arrays (bfloat16, which numpy lacks, widened)."""

    def check(self, name: str, tensor: torch.Tensor) -> None:
        pass  # in memory already

    def array(self, name: str, tensor: torch.Tensor) -> np.ndarray:
        return (tensor.float() if tensor.dtype == torch.bfloat16 else tensor).detach().cpu().numpy()


def load(path: str | os.PathLike[str], arch: str | None = None, trust_code: bool = False) -> nn.Module:
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
    weights = load_weights(name, arch)
    if weights is None:  # a TorchScript or torch.export archive
        module = read(name, trust_code)
        if arch is None:
            logger.info("%s: a %s program, not a zoo architecture", name, type(module).__name__)
            return _mark(module, None)
        weights = fitted(name, module.state_dict(), arch, _TorchTensors())
    if weights.initialised:  # a zoo name: torch's own initialisation, as ZOO[name].build() gives it
        logger.info("%s: zoo model with initialised weights", name)
        return _mark(ZOO[name].build().eval(), weights.ident)
    return _mark(_materialise(weights), weights.ident)
