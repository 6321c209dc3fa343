"""Builders of hostile checkpoint files for tests/test_hostile_pickles.py.

``write_zip`` writes a torch.save-style archive whose pickle is produced by Python's pickler from
plain objects and ``FakeTensor``s (reduced to ``torch._utils._rebuild_tensor_v2`` on a persistent
storage id, as torch writes them), so any field can be made hostile; ``raw`` pickles are hand
written opcode by opcode. Payloads that would run create ``marker`` (a path in the test's tmp dir).
"""
from __future__ import annotations

import io
import os
import pickle
import struct
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch


@dataclass
class FakeStorage:
    key: str
    kind: Any = torch.FloatStorage  # pickled as GLOBAL 'torch FloatStorage'
    numel: int = 0
    location: str = "cpu"


@dataclass
class FakeTensor:
    """Pickles as _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks, *extra)."""

    storage: FakeStorage
    shape: tuple[int, ...]
    stride: tuple[int, ...] | None = None
    offset: int = 0
    hooks: Any = field(default_factory=OrderedDict)
    extra: tuple = ()

    def __reduce__(self):
        stride = self.stride
        if stride is None:
            stride, step = [], 1
            for n in reversed(self.shape):
                stride.insert(0, step)
                step *= n
            stride = tuple(stride)
        return (torch._utils._rebuild_tensor_v2,
                (self.storage, self.offset, tuple(self.shape), tuple(stride), False, self.hooks, *self.extra))


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, FakeStorage):
            return ("storage", obj.kind, obj.key, obj.location, obj.numel)
        return None


def pickled(obj: Any, protocol: int = 2) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=protocol).dump(obj)
    return buffer.getvalue()


def tensor_of(array: torch.Tensor, key: str) -> tuple[FakeTensor, bytes]:
    """A FakeTensor with ``array``'s values (float32) stored under ``key``."""
    data = array.detach().to(torch.float32).contiguous()
    return FakeTensor(FakeStorage(key, numel=data.numel()), tuple(data.shape)), data.numpy().tobytes()


def fake_state(state: dict[str, torch.Tensor]) -> tuple[OrderedDict, dict[str, bytes]]:
    """A real state_dict as FakeTensors plus its storages (key -> bytes), ready for write_zip."""
    tensors, storages = OrderedDict(), {}
    for i, (name, value) in enumerate(state.items()):
        if value.dtype == torch.int64:  # num_batches_tracked
            tensors[name] = FakeTensor(FakeStorage(str(i), torch.LongStorage, value.numel()), tuple(value.shape))
            storages[str(i)] = value.numpy().tobytes()
        else:
            tensors[name], storages[str(i)] = tensor_of(value, str(i))
    return tensors, storages


def write_zip(path: Path, data_pkl: bytes, storages: dict[str, bytes], root: str = "archive",
              deflate: set[str] | frozenset[str] = frozenset(), extra: dict[str, bytes] | None = None) -> Path:
    """A torch.save-style zip: ``<root>/data.pkl``, ``<root>/data/<key>``, byteorder, version."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{root}/data.pkl", data_pkl)
        z.writestr(f"{root}/byteorder", "little")
        for key, data in storages.items():
            method = zipfile.ZIP_DEFLATED if key in deflate else zipfile.ZIP_STORED
            z.writestr(zipfile.ZipInfo(f"{root}/data/{key}"), data, compress_type=method)
        z.writestr(f"{root}/version", "3\n")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def legacy_bytes(obj_pickle: bytes, keys: list[str], storages: dict[str, tuple[int, bytes]]) -> bytes:
    """torch's legacy layout around a given object pickle: magic, protocol, sys info, object, keys, data."""
    info = {"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}
    out = [pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2), pickle.dumps(1001, protocol=2),
           pickle.dumps(info, protocol=2), obj_pickle, pickle.dumps(keys, protocol=2)]
    for key in keys:
        numel, data = storages[key]
        out.append(struct.pack("<q", numel) + data)
    return b"".join(out)


class Payload:
    """Unpickling this with Python's pickle runs ``command`` through os.system."""

    def __init__(self, command: str):
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


class EvalPayload(Payload):
    def __reduce__(self):
        return (eval, (f"__import__('os').system({self.command!r})",))


class _Import:
    def __reduce__(self):
        return (__import__, ("os",))


class GetattrPayload(Payload):
    """The classic two-step: getattr(__import__('os'), 'system') reduced first, then called."""

    def __reduce__(self):
        return (getattr, (_Import(), "system"))


def touch(marker: Path) -> str:
    return f"touch '{marker}'"


def raw(*parts: bytes) -> bytes:
    """A hand-written pickle (protocol 2 header, STOP appended)."""
    return b"\x80\x02" + b"".join(parts) + b"."


def text_line(s: str) -> bytes:
    return s.encode() + b"\n"
