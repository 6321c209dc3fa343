"""Reading a checkpoint file without running code from it (DESIGN.md §2).

A file is one of: a ``torch.save`` zip archive or legacy pickle (parsed by bcdsim's own
restricted reader, ``bcdsim.io.archive``: no torch, no ``torch.load``), a TorchScript archive
(checked before and after ``torch.jit.load``, see ``bcdsim.io.torchscript``), or a
``torch.export`` archive (parsed by bcdsim, see ``bcdsim.io.pt2``). ``file_kind`` tells them apart
without torch; every failure becomes a one-line UserError.
"""
from __future__ import annotations

import json
import logging
import os
import re
import zipfile
from typing import TYPE_CHECKING

from bcdsim.errors import UserError
from bcdsim.io.archive import ZIP_MAGIC, Checkpoint, open_checkpoint

if TYPE_CHECKING:
    from torch import nn

logger = logging.getLogger(__name__)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# torch's boilerplate around the one line that says what went wrong.
_BOILERPLATE = ("Weights only load failed", "Check the documentation", "Please file an issue",
                "(1)", "(2)", "In PyTorch 2.6")


def reason(exc: BaseException, limit: int = 160) -> str:
    """The informative line of a library exception, shortened to one line."""
    lines = [ln.strip() for ln in _ANSI.sub("", str(exc)).splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith(_BOILERPLATE)]
    text = lines[0] if lines else type(exc).__name__
    text = text.removeprefix("WeightsUnpickler error:").strip() or type(exc).__name__
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _sniff_non_checkpoint(path: str, head: bytes) -> str:
    """Say what a file that is neither a zip archive nor a pickle looks like."""
    if len(head) >= 9 and head[8:9] == b"{" and int.from_bytes(head[:8], "little") < 100_000_000:
        return f"{path} looks like a safetensors file; bcdsim reads PyTorch checkpoints (.pth, .pt, .pt2)"
    if os.path.getsize(path) < 50_000_000:
        with open(path, "rb") as f:
            data = f.read()
        try:
            json.loads(data)
            return f"{path} is a JSON file, not a PyTorch checkpoint"
        except ValueError:
            pass
        try:
            data.decode("utf-8")
            return f"{path} is a text file, not a PyTorch checkpoint"
        except UnicodeDecodeError:
            pass
    return f"{path} is not a PyTorch checkpoint (neither a zip archive nor a pickle)"


def _zip_kind(names: list[str]) -> str:
    """'torchscript', 'export' or 'checkpoint' from a zip archive's entry names."""
    rel = [n.split("/", 1)[1] if "/" in n else n for n in names]
    if any(r.startswith("code/") or r == "constants.pkl" for r in rel):
        return "torchscript"
    if "archive_format" in rel or "serialized_exported_program.json" in rel:  # new / pre-2.7 layout
        return "export"
    return "checkpoint"


def file_kind(path: str) -> str:
    """'checkpoint' (a torch.save file), 'torchscript' or 'export', read without torch;
    a UserError saying what the file is otherwise."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size == 0:
        raise UserError(f"{path} is empty")
    if head.startswith(ZIP_MAGIC) and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UserError(f"{path} is a corrupt zip archive ({reason(exc)})") from None
        kind = _zip_kind(names)
        logger.debug("%s: zip archive, read as %s", path, kind)
        return kind
    if head.startswith(b"PK"):
        raise UserError(f"{path} is a truncated or corrupt zip archive (an incomplete copy or download?)")
    if not head.startswith(b"\x80"):  # every pickle protocol >= 2 starts with PROTO (0x80)
        raise UserError(_sniff_non_checkpoint(path, head))
    return "checkpoint"


def read(path: str, trust_code: bool = False) -> Checkpoint | nn.Module:
    """What a checkpoint file holds: a parsed ``torch.save`` file (``Checkpoint``: its object with
    tensor references, no data read yet), or an ``nn.Module`` for a TorchScript or
    ``torch.export`` archive. ``trust_code`` loads an archive that fails bcdsim's checks with
    torch's own loader (``bcdsim.io.trust``); pickles never need it."""
    kind = file_kind(path)
    if kind == "torchscript":
        from bcdsim.io.torchscript import load_torchscript  # imports torch: only when needed

        return load_torchscript(path, trust_code)
    if kind == "export":
        from bcdsim.io.pt2 import load_exported

        return load_exported(path, trust_code)
    return open_checkpoint(path)
