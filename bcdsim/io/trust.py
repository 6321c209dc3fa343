"""Refusals of archives that could run code, and the ``--trust-code`` way past them (DESIGN.md §2).

bcdsim parses ``.pt2`` archives itself and runs a TorchScript archive only when every node of its
inlined graph is on the allowlist (``bcdsim.io.allowlist``). A file that fails a check is refused
with the reason; with ``trust_code=True`` it is handed to torch's own loader instead, which can run
arbitrary code from the file (``torch.export.load`` evaluates stored text; TorchScript runs its
``__setstate__`` methods and any op, ``aten::save`` included). The two calls below are the only
places bcdsim calls those loaders.
"""
from __future__ import annotations

import logging

import torch
from torch import nn

from bcdsim.errors import UserError

logger = logging.getLogger(__name__)

TRUST_HINT = "pass --trust-code to run it anyway"


class Refused(UserError):
    """An archive bcdsim will not run: it fails a check (the reason is named); --trust-code overrides."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path} refused: {reason}; {TRUST_HINT}")


def trusted_export_load(path: str, refusal: Refused) -> nn.Module:
    """``torch.export.load(path).module()``: evaluates stored expressions and code from the file."""
    logger.warning("%s: %s; loading it with torch.export.load because of --trust-code", path, refusal.reason)
    try:
        return torch.export.load(path).module()
    except Exception as exc:  # noqa: BLE001 (the deserializer raises many types)
        raise UserError(f"{path} is not a loadable torch.export archive ({_first_line(exc)})") from None


def trusted_script_load(path: str, refusal: Refused) -> nn.Module:
    """``torch.jit.load(path)`` without bcdsim's checks: runs the archive's ``__setstate__`` methods."""
    logger.warning("%s: %s; loading it with torch.jit.load because of --trust-code", path, refusal.reason)
    try:
        return torch.jit.load(path, map_location="cpu").eval()
    except Exception as exc:  # noqa: BLE001 (the C++ loader raises many types)
        raise UserError(f"{path} is not a loadable TorchScript archive ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:160]
