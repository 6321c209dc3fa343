"""Reading a checkpoint file without running code from it (DESIGN.md §2).

A file is one of: a ``torch.save`` zip archive or legacy pickle (read with
``weights_only=True``), a TorchScript archive (checked before and after ``torch.jit.load``, see
``bcdsim.io.torchscript``), or a ``torch.export`` archive (parsed by bcdsim, see
``bcdsim.io.pt2``). Every failure becomes a one-line UserError.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
import pickletools
import re
import zipfile

import torch

from bcdsim.errors import UserError

logger = logging.getLogger(__name__)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_GLOBAL = re.compile(r"GLOBAL ([\w.]+)")
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


def _foreign_global(path: str) -> str | None:
    """The first non-torch global a legacy pickle imports, found by reading its opcodes only.

    torch's weights-only unpickler stops at opcodes it does not know (protocol 4 framing) before
    it reaches the global, so its message would not say why the file is refused.
    """
    strings: list[str] = []
    try:
        with open(path, "rb") as f:
            for op, arg, _ in pickletools.genops(f):
                if isinstance(arg, str):
                    strings.append(arg)
                name = arg.replace(" ", ".") if op.name == "GLOBAL" else \
                    ".".join(strings[-2:]) if op.name == "STACK_GLOBAL" and len(strings) >= 2 else None
                if name and not name.startswith(("torch.", "collections.OrderedDict")):
                    return name
    except Exception:  # noqa: BLE001 (a corrupt pickle: fall back to torch's own message)
        return None
    return None


def _torch_load(path: str) -> object:
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        found = _GLOBAL.search(str(exc))
        name = found.group(1) if found else _foreign_global(path)
        if name:
            raise UserError(
                f"{path} needs code to unpickle (global {name}); bcdsim refuses to run "
                "code from checkpoints: save model.state_dict() instead") from None
        raise UserError(f"{path} is not a readable PyTorch checkpoint ({reason(exc)})") from None
    except EOFError:
        raise UserError(f"{path} is truncated (ends in the middle of the pickle)") from None
    except Exception as exc:  # noqa: BLE001 (a corrupt file can make torch.load raise almost anything)
        raise UserError(f"{path} is not a readable PyTorch checkpoint ({reason(exc)})") from None


def _zip_kind(names: list[str]) -> str:
    """'torchscript', 'export' or 'checkpoint' from a zip archive's entry names."""
    rel = [n.split("/", 1)[1] if "/" in n else n for n in names]
    if any(r.startswith("code/") or r == "constants.pkl" for r in rel):
        return "torchscript"
    if "archive_format" in rel or "serialized_exported_program.json" in rel:  # new / pre-2.7 layout
        return "export"
    return "checkpoint"


def read(path: str, trust_code: bool = False) -> object:
    """What a checkpoint file holds: the unpickled object (weights only) of a ``torch.save``
    file, or an ``nn.Module`` for a TorchScript or ``torch.export`` archive. ``trust_code``
    loads an archive that fails bcdsim's checks with torch's own loader (``bcdsim.io.trust``)."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size == 0:
        raise UserError(f"{path} is empty")
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UserError(f"{path} is a corrupt zip archive ({reason(exc)})") from None
        kind = _zip_kind(names)
        logger.debug("%s: zip archive, read as %s", path, kind)
        if kind == "torchscript":
            from bcdsim.io.torchscript import load_torchscript

            return load_torchscript(path, trust_code)
        if kind == "export":
            from bcdsim.io.pt2 import load_exported

            return load_exported(path, trust_code)
        return _torch_load(path)
    if head.startswith(b"PK"):
        raise UserError(f"{path} is a truncated or corrupt zip archive (an incomplete copy or download?)")
    if not head.startswith(b"\x80"):  # every pickle protocol >= 2 starts with PROTO (0x80)
        raise UserError(_sniff_non_checkpoint(path, head))
    return _torch_load(path)
