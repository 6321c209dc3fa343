"""Reading ``torch.export`` archives (.pt2) without ``torch.export.load`` (DESIGN.md §2).

``torch.export.load`` is not safe on untrusted files (its docstring says so): it evaluates the
program's symbolic expressions with ``sympy.sympify``, ``exec``s guard code, builds a ``forward``
from stored argument names, unpickles constants and resolves node targets by name anywhere in
``torch``. bcdsim reads the archive itself instead, and nothing stored in it is ever evaluated:

- entry names are compared exactly (``bcdsim.io.ziparchive``); only the entries of torch 2.13's
  layout are accepted, and weights only as raw bytes (``use_pickle: false``) read by their
  recorded dtype, sizes and strides, checked against the bytes actually present;
- the program JSON becomes steps of allowlisted ops (``bcdsim.io.program``), run by
  ``ProgramModule`` on real tensors.

Anything outside that is refused with the reason (``Refused``); ``--trust-code`` hands such a
file to ``torch.export.load`` instead.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import zipfile
import zlib
from typing import Any

import torch
from torch import nn

from bcdsim.errors import UserError
from bcdsim.io.program import Program, Step, parse_program
from bcdsim.io.serde import STRIDED, Ref, as_int, cpu_device, dtype_of, one_of
from bcdsim.io.shapes import Linear, ShapeTextError
from bcdsim.io.trust import Refused, trusted_export_load
from bcdsim.io.ziparchive import entries

logger = logging.getLogger(__name__)

MODEL = "models/model.json"
WEIGHTS = ("data/weights/model_weights_config.json", "data/weights/")
CONSTANTS = ("data/constants/model_constants_config.json", "data/constants/")
# written by torch.export.save and never read by bcdsim (sample_inputs is a pickle: it stays unread)
_IGNORED = {"archive_version", ".data/version", ".data/serialization_id", "data/sample_inputs/model.pt"}
MAX_JSON_BYTES = 256 << 20
_STORAGE_NAME = re.compile(r"(weight|tensor)_[0-9]+")  # data/weights/weight_0, data/constants/tensor_0


def load_exported(path: str, trust_code: bool = False) -> nn.Module:
    """The program of a ``.pt2`` archive as a ``ProgramModule``; with ``trust_code``, an archive that
    fails bcdsim's checks is loaded by ``torch.export.load`` instead (which can run its code)."""
    try:
        return read_program(path)
    except Refused as refusal:
        if not trust_code:
            raise
        return trusted_export_load(path, refusal)


def read_program(path: str) -> ProgramModule:
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                program, tensors = _read(archive)
            except ValueError as exc:  # our own reasons (ShapeTextError is a ValueError)
                raise Refused(path, str(exc)[:300] or "malformed") from None
            except (RecursionError, TypeError, KeyError, AttributeError, IndexError) as exc:  # JSON of other shapes
                raise Refused(path, f"its program JSON is malformed ({type(exc).__name__}: {str(exc)[:80]})") from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise UserError(f"{path} is a corrupt torch.export archive ({str(exc)[:120]})") from None
    try:
        return ProgramModule(program, tensors, path)
    except (KeyError, ValueError, TypeError) as exc:
        raise Refused(path, f"a tensor name clashes with the module's own attributes ({str(exc)[:80]})") from None


def _read(archive: zipfile.ZipFile) -> tuple[Program, dict[str, torch.Tensor]]:
    _, files = entries(archive)

    def text(name: str, limit: int = 64) -> str:
        info = files.get(name)
        if info is None:
            raise ValueError(f"it has no {name} entry")
        if info.file_size > limit:
            raise ValueError(f"{name} is larger than expected")
        return archive.read(info).decode("utf-8", "replace").strip()

    def document(name: str) -> Any:
        if name in files and files[name].file_size > MAX_JSON_BYTES:
            raise ValueError(f"{name} is larger than {MAX_JSON_BYTES >> 20} MB")
        return json.loads(text(name, MAX_JSON_BYTES), parse_constant=_no_constant)

    if text("archive_format") != "pt2":
        raise ValueError("it is not a pt2 archive (archive_format)")
    if text("byteorder") != sys.byteorder:
        raise ValueError(f"its tensors are stored {text('byteorder')[:10]!r}-endian")
    models = sorted(n for n in files if n.startswith("models/"))
    if models != [MODEL]:
        raise ValueError(f"it holds the programs {models[:3]}; bcdsim reads one program, {MODEL}")
    program = parse_program(document(MODEL))
    tensors: dict[str, torch.Tensor] = {}
    used = {MODEL, "archive_format", "byteorder"}
    for config, folder in (WEIGHTS, CONSTANTS):
        if config not in files:
            continue
        used.add(config)
        payloads = document(config).get("config")
        if not isinstance(payloads, dict):
            raise ValueError(f"{config} has no config table")
        storages: dict[str, torch.Tensor] = {}
        for fqn, payload in payloads.items():
            entry = _payload_entry(fqn, payload, folder)
            if entry not in files:
                raise ValueError(f"{fqn} is stored in {entry}, which the archive lacks")
            used.add(entry)
            tensors[fqn] = _tensor(archive, files[entry], payload["tensor_meta"], storages, fqn)
    unknown = sorted(n for n in files if n not in used and n not in _IGNORED and not n.startswith("extra/"))
    if unknown:
        raise ValueError(f"unexpected entry {unknown[0][:80]!r}")
    missing = [fqn for _, kind, fqn in program.inputs if kind != "user_input" and fqn not in tensors]
    if missing:
        raise ValueError(f"the program reads {missing[0]!r}, which the archive does not store")
    return program, tensors


def _no_constant(name: str) -> None:
    raise ValueError(f"the JSON holds a bare {name}")


def _payload_entry(fqn: str, payload: Any, folder: str) -> str:
    if not isinstance(payload, dict) or not isinstance(payload.get("path_name"), str):
        raise ValueError(f"the stored tensor {fqn[:60]!r} has no file")
    name = payload["path_name"]
    if payload.get("use_pickle") is not False:
        raise ValueError(f"{fqn[:60]!r} is stored as a pickled object ({name[:40]}); bcdsim reads raw tensors only")
    if not _STORAGE_NAME.fullmatch(name):
        raise ValueError(f"{fqn[:60]!r} is stored under an unexpected name {name[:40]!r}")
    return folder + name


def _tensor(archive: zipfile.ZipFile, info: zipfile.ZipInfo, meta: Any, storages: dict[str, torch.Tensor],
            fqn: str) -> torch.Tensor:
    """One stored tensor: raw bytes, viewed with the recorded dtype/sizes/strides after checking the
    view stays inside the bytes and its elements do not overlap (no stride tricks that inflate)."""
    if not isinstance(meta, dict) or meta.get("layout") != STRIDED:
        raise ValueError(f"{fqn[:60]!r} is not a plain strided tensor")
    dtype = dtype_of(meta.get("dtype"))
    cpu_device(meta.get("device"))
    sizes = [as_int(one_of(s, "a size")[1], "a stored tensor size") for s in meta.get("sizes") or []]
    strides = [as_int(one_of(s, "a stride")[1], "a stored tensor stride") for s in meta.get("strides") or []]
    offset = as_int(one_of(meta.get("storage_offset"), "an offset")[1], "a storage offset")
    item = torch.empty((), dtype=dtype).element_size()
    if info.filename not in storages:
        if info.file_size % item:
            raise ValueError(f"{fqn[:60]!r}: {info.file_size} bytes is not a whole number of {dtype} elements")
        data = bytearray(info.file_size)  # read in place: no second copy of the bytes
        with archive.open(info) as stream:
            if stream.readinto(data) != info.file_size or stream.read(1):
                raise ValueError(f"{fqn[:60]!r}: its entry holds a different number of bytes than the zip says")
        storages[info.filename] = torch.frombuffer(data, dtype=dtype) if data else torch.empty(0, dtype=dtype)
    storage = storages[info.filename]
    if storage.dtype != dtype:
        raise ValueError(f"{fqn[:60]!r} reads its storage with a second dtype")
    if len(sizes) != len(strides) or min(sizes + [0]) < 0 or offset < 0:
        raise ValueError(f"{fqn[:60]!r} has malformed sizes/strides")
    if 0 in sizes:
        return torch.empty(sizes, dtype=dtype)
    spans = sorted((st, sz) for sz, st in zip(sizes, strides) if sz > 1)
    reach = 1
    for stride, size in spans:
        if stride < reach:
            raise ValueError(f"{fqn[:60]!r} has overlapping or zero strides {strides}")
        reach = stride * size
    last = offset + sum((sz - 1) * st for sz, st in zip(sizes, strides))
    if last >= storage.numel():
        raise ValueError(f"{fqn[:60]!r} ({'x'.join(map(str, sizes))}) reaches past its {storage.numel()} stored "
                         "elements")
    view = storage.as_strided(sizes, strides, offset)
    whole = offset == 0 and view.numel() == storage.numel() and view.is_contiguous()
    return view if whole else view.clone()  # the usual case keeps the bytes just read: one copy in memory


class ProgramModule(nn.Module):
    """An exported program run step by step on real tensors; weights are parameters and buffers under
    their original names (``state_dict()`` has the exporter's keys)."""

    bcdsim_reports_scope = True  # ``bcdsim_scope`` is the module path of the op running now

    def __init__(self, program: Program, tensors: dict[str, torch.Tensor], label: str):
        super().__init__()
        self._bcdsim_program = program
        self._bcdsim_label = label
        self.bcdsim_scope = ""
        self.bcdsim_input_shape = program.example_shape
        self._slots: dict[str, tuple[nn.Module, str]] = {}
        for _, kind, fqn in program.inputs:
            if kind == "user_input" or fqn in self._slots:
                continue
            *path, leaf = fqn.split(".")
            owner: nn.Module = self
            for part in path:
                child = owner._modules.get(part)
                if child is None:
                    child = nn.Module()
                    owner.add_module(part, child)
                owner = child
            tensor = tensors[fqn]
            if kind == "parameter":
                owner.register_parameter(leaf, nn.Parameter(tensor, requires_grad=False))
            else:
                owner.register_buffer(leaf, tensor, persistent=kind == "buffer")
            self._slots[fqn] = (owner, leaf)

    def _tensor(self, fqn: str) -> torch.Tensor:
        owner, leaf = self._slots[fqn]
        found = owner._parameters.get(leaf)
        return found if found is not None else owner._buffers[leaf]

    def check_input(self, x: torch.Tensor) -> None:
        """The input's shape against the program's fixed sizes, linear sizes with ranges, and guards."""
        program, shape = self._bcdsim_program, tuple(int(d) for d in x.shape)
        text = "x".join(map(str, shape))

        def reject(why: str) -> UserError:
            return UserError(f"{self._bcdsim_label}: input shape {text} is outside what the program was exported "
                             f"for: {why}")
        if len(shape) != len(program.input_dims):
            raise reject(f"it takes {len(program.input_dims)} dimensions")
        values: dict[str, int] = {}
        for i, (size, want) in enumerate(zip(shape, program.input_dims)):
            if isinstance(want, int):
                if size != want:
                    raise reject(f"dimension {i} is fixed at {want}")
                continue
            value, rest = divmod(size - want.offset, want.scale)
            if rest or values.setdefault(want.symbol, value) != value:
                raise reject(f"dimension {i} must be {_linear_text(want)} for the same {want.symbol} as the others")
            lo, hi = program.ranges.get(want.symbol, (None, None))
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                raise reject(f"dimension {i} = {_linear_text(want)} needs {want.symbol} in [{lo}, {hi}], "
                             f"got {want.symbol} = {value}")
        sizes = {program.input_name: (shape, tuple(int(s) for s in x.stride()))}
        for guard_text, guard in program.guards:
            try:
                ok = guard(sizes)
            except (ShapeTextError, ZeroDivisionError):
                ok = False
            if not ok:
                raise reject(f"it fails the guard {guard_text[:120]}")

    def forward(self, x: torch.Tensor) -> torch.Tensor | tuple[torch.Tensor, ...]:
        program = self._bcdsim_program
        self.check_input(x)
        env: dict[str, Any] = {name: x if kind == "user_input" else self._tensor(fqn)
                               for name, kind, fqn in program.inputs}
        try:
            for step in program.steps:
                self.bcdsim_scope = step.scope
                try:
                    result = step.fn(*_resolve(step.args, env), **{k: _resolve(v, env) for k, v in step.kwargs})
                    _bind(step, result, env)
                except (RuntimeError, ValueError, TypeError, IndexError, ZeroDivisionError, OverflowError) as exc:
                    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
                    raise UserError(f"{self._bcdsim_label}: node {step.name} ({step.target}) fails on a "
                                    f"{'x'.join(map(str, x.shape))} input: {first}") from None
        finally:
            self.bcdsim_scope = ""
        outs = tuple(env[name] for name in program.outputs)
        return outs[0] if len(outs) == 1 else outs


def _linear_text(d: Linear) -> str:
    return (f"{d.scale}*" if d.scale != 1 else "") + d.symbol + (f" + {d.offset}" if d.offset else "")


def _resolve(value: Any, env: dict[str, Any]) -> Any:
    if isinstance(value, Ref):
        return env[value.name]
    if isinstance(value, (list, tuple)):
        return [_resolve(v, env) for v in value]
    return value


def _bind(step: Step, result: Any, env: dict[str, Any]) -> None:
    outs = step.outputs
    if not outs:  # an op run for its check only (_assert_tensor_metadata)
        return
    values = [result] if len(outs) == 1 else list(result) if isinstance(result, (tuple, list)) else []
    if len(values) != len(outs):
        raise ValueError(f"it returned {len(values)} values where the program records {len(outs)}")
    for spec, value in zip(outs, values):
        if isinstance(spec, tuple):
            if not isinstance(value, (tuple, list)) or len(value) != len(spec):
                raise ValueError("it returned a different number of tensors than the program records")
            env.update(zip(spec, value))
        elif spec is not None:
            env[spec] = value
