"""Hostile checkpoint files: every one refused with exit 2 and one line naming why, no code run,
no file written, bounded memory (issue 15 items 6-7, DESIGN.md §2 Load).

Each case is checked on both loading paths: ``bcdsim analyze FILE`` (no torch) and
``bcdsim.load(FILE)`` (the torch module path of verify/generate/...). Payloads would create
``marker``; the control tests show that Python's own unpickler does run them.
"""
from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import time
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest
import torch
from hostile_files import (
    EvalPayload,
    FakeStorage,
    FakeTensor,
    GetattrPayload,
    Payload,
    fake_state,
    legacy_bytes,
    pickled,
    raw,
    tensor_of,
    text_line,
    touch,
    write_zip,
)
from torch import nn

import bcdsim
from bcdsim import UserError
from bcdsim.cli.main import main
from bcdsim.io import unpickle
from bcdsim.models import build, randomize

TINY = randomize(build("bcdnet-tiny"), seed=0).state_dict()


def _tiny_with(name: str, value: torch.Tensor) -> dict[str, torch.Tensor]:
    state = dict(TINY)
    state[name] = value
    return state


def _zip_state(path: Path, state: dict, **kw) -> Path:
    tensors, storages = fake_state(state)
    return write_zip(path, pickled(tensors), storages, **kw)


FC = "900"  # storage key of the replaced fc.weight (torch's keys are decimal numbers)


def _fake_fc(path: Path, tensor: FakeTensor, data: bytes, **kw) -> Path:
    """bcdnet-tiny with fc.weight replaced by ``tensor`` (storage key FC)."""
    tensors, storages = fake_state(TINY)
    tensors["fc.weight"] = tensor
    storages[FC] = data
    return write_zip(path, pickled(tensors), storages, **kw)


def _fc(numel: int = 640, location: str = "cpu", **kw) -> FakeTensor:
    return FakeTensor(FakeStorage(FC, numel=numel, location=location), (10, 64), **kw)


def _torch_save(path: Path, obj, **kw) -> Path:
    torch.save(obj, path, **kw)
    return path


def _legacy_raw(path: Path, obj_pickle: bytes) -> Path:
    path.write_bytes(legacy_bytes(obj_pickle, [], {}))
    return path


def _patch_sizes(path: Path, name: str, size: int) -> None:
    """Rewrite an entry's declared uncompressed size (local and central headers) to lie."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    data[info.header_offset + 22: info.header_offset + 26] = size.to_bytes(4, "little")
    start = bytes(data).find(b"PK\x01\x02")
    while start != -1:  # the central directory record of ``name``
        name_len = int.from_bytes(data[start + 28: start + 30], "little")
        if data[start + 46: start + 46 + name_len] == name.encode():
            data[start + 24: start + 28] = size.to_bytes(4, "little")
        start = bytes(data).find(b"PK\x01\x02", start + 4)
    path.write_bytes(bytes(data))


def _bomb(path: Path, declared: int | None = None) -> Path:
    """fc.weight's storage as a deflated entry of 600 MB of zeros (about 600 KB compressed)."""
    numel = 150_000_000 if declared is None else declared // 4
    tensors, storages = fake_state(TINY)
    tensors["fc.weight"] = _fc(numel=numel)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("archive/data.pkl", pickled(tensors))
        for key, data in storages.items():
            z.writestr(f"archive/data/{key}", data)
        info = zipfile.ZipInfo(f"archive/data/{FC}")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w") as entry:
            chunk = bytes(2 ** 24)
            for _ in range(600_000_000 // len(chunk)):
                entry.write(chunk)
            entry.write(bytes(600_000_000 % len(chunk)))
    if declared is not None:
        _patch_sizes(path, f"archive/data/{FC}", declared)
    return path


def _huge_head(path: Path) -> Path:
    """bcdnet-tiny declaring 100M classes; the head storages are absent (the file stays ~250 KB)."""
    tensors, storages = fake_state(TINY)
    for i, head in enumerate(("fc", "fc_dist")):
        tensors[f"{head}.weight"] = FakeTensor(FakeStorage(f"90{i}", numel=100_000_000 * 64), (100_000_000, 64))
        tensors[f"{head}.bias"] = FakeTensor(FakeStorage(f"91{i}", numel=100_000_000), (100_000_000,))
    return write_zip(path, pickled(tensors), storages)


class _Call:
    """Pickles as a call of ``fn`` (any global) with ``args``."""

    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


class _Sub(torch.Tensor):
    pass


def _opcode(path: Path, body: bytes) -> Path:
    return write_zip(path, raw(body), {})


OD = b"ccollections\nOrderedDict\n"
CASES = {
    # --- code: globals beyond the stand-ins
    "os-system-zip": (lambda p, m: _torch_save(p, {"w": torch.zeros(2), "x": Payload(touch(m))}),
                      "global posix.system"),
    "os-system-legacy": (lambda p, m: _torch_save(p, {"x": Payload(touch(m))}, _use_new_zipfile_serialization=False),
                         "global posix.system"),
    "plain-pickle": (lambda p, m: p.write_bytes(pickle.dumps({"weight": Payload(touch(m))})), "global posix.system"),
    "eval": (lambda p, m: _torch_save(p, {"x": EvalPayload(touch(m))}), "builtin__.eval"),
    "getattr": (lambda p, m: _torch_save(p, {"x": GetattrPayload(touch(m))}), "builtin__.getattr"),
    "torch.load": (lambda p, m: _torch_save(p, {"x": _Call(torch.load, str(m))}), "global torch.serialization.load"),
    "rebuild-v1": (lambda p, m: _torch_save(p, {"x": _Call(torch._utils._rebuild_tensor, None, 0, (1,), (1,))}),
                   "global torch._utils._rebuild_tensor"),
    "meta": (lambda p, m: _torch_save(p, {"w": torch.empty(3, device="meta")}), "_rebuild_meta_tensor_no_storage"),
    "sparse": (lambda p, m: _torch_save(p, {"w": torch.eye(2).to_sparse()}), "needs code to unpickle (global torch."),
    "quantized": (lambda p, m: _torch_save(p, {"w": torch.quantize_per_tensor(torch.ones(2), 0.1, 0, torch.qint8)}),
                  "needs code to unpickle (global torch."),
    "subclass": (lambda p, m: _torch_save(p, {"w": torch.ones(2).as_subclass(_Sub)}), "needs code to unpickle (global"),
    "module": (lambda p, m: _torch_save(p, nn.Linear(2, 2)), "global torch.nn.modules.linear.Linear"),
    "untyped": (lambda p, m: write_zip(p, pickled({"w": FakeTensor(FakeStorage("0", torch.UntypedStorage, 8), (8,))}),
                                       {"0": bytes(8)}), "UntypedStorage"),
    "numpy": (lambda p, m: p.write_bytes(pickle.dumps({"w": np.zeros(3)}, protocol=2)), "global numpy"),
    "torch.Size": (lambda p, m: _torch_save(p, {"w": torch.Size([2])}), "global torch.Size"),
    # --- code: opcodes that construct objects
    "INST": (lambda p, m: _opcode(p, b"(" + text_line(f"S'{touch(m)}'") + b"ios\nsystem\n"), "opcode INST"),
    "OBJ": (lambda p, m: _opcode(p, b"(" + OD + b"o"), "opcode OBJ"),
    "NEWOBJ": (lambda p, m: _opcode(p, OD + b")\x81"), "opcode NEWOBJ"),
    "NEWOBJ_EX": (lambda p, m: _opcode(p, OD + b")}\x92"), "opcode NEWOBJ_EX"),
    "EXT1": (lambda p, m: _opcode(p, b"\x82\x01"), "opcode EXT1"),
    "EXT2": (lambda p, m: _opcode(p, b"\x83\x01\x00"), "opcode EXT2"),
    "EXT4": (lambda p, m: _opcode(p, b"\x84\x01\x00\x00\x00"), "opcode EXT4"),
    "PERSID": (lambda p, m: _opcode(p, b"P0\n"), "opcode PERSID"),
    "BYTEARRAY8": (lambda p, m: _opcode(p, b"\x96" + (3).to_bytes(8, "little") + b"abc"), "opcode BYTEARRAY8"),
    "NEXT_BUFFER": (lambda p, m: _opcode(p, b"\x97"), "opcode NEXT_BUFFER"),
    "READONLY_BUFFER": (lambda p, m: _opcode(p, b"}\x98"), "opcode READONLY_BUFFER"),
    "BUILD-dict": (lambda p, m: _opcode(p, b"}}b"), "BUILD sets state on a dict"),
    "BUILD-attrs": (lambda p, m: _opcode(p, OD + b")R}X\x01\x00\x00\x00xNsb"), "BUILD sets state on a OrderedDict"),
    "reduce-args": (lambda p, m: _opcode(p, OD + b"]\x85R"), "OrderedDict is called with arguments"),
    "memo": (lambda p, m: _opcode(p, b"h\x05"), "memo entry 5 is read before it is written"),
    # --- tensors no saved state_dict has
    "meta-location": (lambda p, m: _fake_fc(p, _fc(location="meta"), bytes(2560)), "meta device"),
    "stride-0": (lambda p, m: _fake_fc(p, _fc(stride=(0, 1)), bytes(2560)), "stride (0, 1)"),
    "out-of-bounds": (lambda p, m: _fake_fc(p, _fc(offset=1000), bytes(2560)), "reaches outside its storage"),
    "sparse-view": (lambda p, m: _fake_fc(p, _fc(numel=64_000, stride=(6400, 1)), bytes(256_000)),
                    "bcdsim refuses such views"),
    "hooks": (lambda p, m: _fake_fc(p, _fc(hooks=OrderedDict(a=1)), bytes(2560)), "backward hooks"),
    "metadata": (lambda p, m: _fake_fc(p, _fc(extra=({"neg": True},)), bytes(2560)), "metadata"),
    "storage-twice": (lambda p, m: _fake_fc(p, FakeTensor(FakeStorage("0", numel=7), (7,)), bytes(28)),
                      "declared twice"),
    "non-string-key": (lambda p, m: _torch_save(p, {1: torch.zeros(2)}), "int key 1, not a string"),
    "control-char-key": (lambda p, m: _zip_state(p, {**TINY, "fc.weight\nx": torch.zeros(1)}), "not a parameter name"),
    "nan": (lambda p, m: _zip_state(p, _tiny_with("feature.1.bn1.weight", torch.tensor([float("nan")] * 16))),
            "tensor feature.1.bn1.weight holds 16 NaN/Inf values"),
    "inf": (lambda p, m: _torch_save(p, _tiny_with("fc.bias", torch.tensor([float("inf")] + [0.0] * 9))),
            "tensor fc.bias holds 1 NaN/Inf value (of 10)"),
    "complex": (lambda p, m: _torch_save(p, _tiny_with("feature.1.bn1.weight", torch.ones(16, dtype=torch.complex64))),
                "tensor feature.1.bn1.weight is complex-valued"),
    "nested-pickle": (lambda p, m: _zip_state(p, {**TINY, "evil": torch.frombuffer(bytearray(
        pickle.dumps(Payload(touch(m)))), dtype=torch.uint8).float()}), "no zoo architecture matches"),
    # --- sizes and memory
    "100M-classes": (lambda p, m: _huge_head(p), "declares 100,000,000 classes"),
    "entry-size": (lambda p, m: _fake_fc(p, _fc(numel=6_400_000_000), bytes(2560)), "its storage declares"),
    "zip-bomb": (lambda p, m: _bomb(p), "refuses to inflate it"),
    "zip-bomb-lying-size": (lambda p, m: _bomb(p, declared=2560), "corrupt compressed entry"),
    "huge-string": (lambda p, m: _opcode(p, b"\x8d" + (2 ** 40).to_bytes(8, "little")), "not a readable"),
    "huge-string-legacy": (lambda p, m: _legacy_raw(p, raw(b"\x8d" + (2 ** 40).to_bytes(8, "little"))), "larger than"),
    # --- damaged files
    "truncated-zip": (lambda p, m: p.write_bytes(_zip_state(p, TINY).read_bytes()[:50_000]),
                      "truncated or corrupt zip"),
    "truncated-legacy": (lambda p, m: p.write_bytes(_torch_save(p, TINY, _use_new_zipfile_serialization=False)
                                                    .read_bytes()[:150_000]), "truncated"),
    "corrupt-pickle": (lambda p, m: _opcode(p, b"\xff\xfe"), "not a readable PyTorch checkpoint"),
    "no-stop": (lambda p, m: write_zip(p, b"\x80\x02}", {}), "not a readable PyTorch checkpoint"),
    "duplicate-entry": (lambda p, m: _zip_state(p, TINY, extra={"archive/data.pkl": b"\x80\x02}."}),
                        "duplicated entry names"),
    "case-duplicate": (lambda p, m: _zip_state(p, TINY, extra={"archive/Data.pkl": b"\x80\x02}."}),
                       "names differing only by case"),
    "two-roots": (lambda p, m: _zip_state(p, TINY, extra={"other/data.pkl": b"\x80\x02}."}),
                  "no single <name>/data.pkl"),
    "bzip2": (lambda p, m: _zip_state(p, TINY).write_bytes(_rezip_bz2(p)), "uses compression 12"),
    "byteorder-word": (lambda p, m: _byteorder(p, b"middle"), "unknown byte order 'middle'"),
    "byteorder-size": (lambda p, m: _byteorder(p, b"little" * 1000), "byteorder record is not a word"),
    "big-endian-legacy": (lambda p, m: p.write_bytes(legacy_bytes(pickle.dumps({}, 2), [], {}).replace(
        b"\x88", b"\x89", 1)), "big-endian"),
    "not-torch-legacy": (lambda p, m: p.write_bytes(pickle.dumps({"a": 1}, protocol=2) + b"rest"), "no torch magic"),
}


def _byteorder(path: Path, record: bytes) -> Path:
    tensors, storages = fake_state(TINY)
    write_zip(path, pickled(tensors), storages)
    data = path.read_bytes()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(path.with_suffix(".tmp"), "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, record if info.filename.endswith("/byteorder") else zin.read(info))
    assert data != path.with_suffix(".tmp").read_bytes()
    return path.with_suffix(".tmp").rename(path)


def _rezip_bz2(path: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buffer, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info), compress_type=zipfile.ZIP_BZIP2)
    return buffer.getvalue()


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_is_refused(case, tmp_path, monkeypatch, capsys):
    make, phrase = CASES[case]
    inputs = tmp_path / "in"
    inputs.mkdir()
    marker, path = tmp_path / "pwned", inputs / f"{case}.pth"
    make(path, marker)
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path)
    code = main(["analyze", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 2, f"exit {code}: {err}"
    assert out == "" and err.count("\n") == 1 and err.startswith("bcdsim: error:"), err
    assert phrase in err, err
    with pytest.raises(UserError) as excinfo:  # the torch path (verify, generate, ...) reads the same way
        bcdsim.load(path)
    assert phrase in str(excinfo.value) and "\n" not in str(excinfo.value)
    assert not marker.exists(), "code from the file ran"
    assert _tree(tmp_path) == before, "files were written"


def test_too_many_operations(tmp_path, monkeypatch):
    monkeypatch.setattr(unpickle, "MAX_OPS", 1000)
    path = _opcode(tmp_path / "ops.pth", b"]" + b"K\x00a" * 600)
    with pytest.raises(UserError, match="more than 1,000 operations"):
        bcdsim.load(path)


@pytest.mark.parametrize("case", ["plain-pickle", "eval", "INST"])
def test_python_unpickler_would_run_the_payload(case, tmp_path):
    """Control: the payloads are live; Python's pickle runs them (into tmp_path only)."""
    marker, path = tmp_path / "pwned", tmp_path / "evil.pth"
    CASES[case][0](path, marker)
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            data = z.read(next(n for n in z.namelist() if n.endswith("data.pkl")))

    class Loader(pickle.Unpickler):
        def persistent_load(self, pid):
            return None
    try:
        Loader(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 (the payload's result breaks the rest of the pickle)
        pass
    assert marker.exists()


_MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); p = subprocess.run(sys.argv[1:], "
            "capture_output=True); print(time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)")


@pytest.mark.parametrize("case", ["100M-classes", "zip-bomb", "zip-bomb-lying-size"])
def test_oversized_declarations_are_refused_fast_and_small(case, tmp_path):
    path = tmp_path / f"{case}.pth"
    CASES[case][0](path, tmp_path / "pwned")
    start = time.perf_counter()
    with pytest.raises(UserError):
        dict(bcdsim.io.load_weights(path).arrays)  # every array read: the lying entry fails its CRC
    assert time.perf_counter() - start < 1.0
    bcdsim_bin = str(Path(sys.executable).parent / "bcdsim")
    out = subprocess.run([sys.executable, "-c", _MEASURE, bcdsim_bin, "analyze", str(path)],
                         capture_output=True, text=True, check=True).stdout.split()
    seconds, peak_kb, code = float(out[0]), int(out[1]), int(out[2])
    assert code == 2 and peak_kb < 500_000, (seconds, peak_kb)
    if case == "100M-classes":
        assert path.stat().st_size < 300_000
    else:  # a real bomb: a few hundred KB that would inflate to 600 MB
        with zipfile.ZipFile(path) as z:
            info = z.getinfo(f"archive/data/{FC}")
        assert info.compress_size < 1_000_000 and path.stat().st_size < 2_000_000


def test_storage_bytes_are_never_unpickled(tmp_path):
    """A pickle hidden in a weight's storage is read as numbers, nothing else."""
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Payload(touch(marker)))
    data = (payload + bytes(2560))[:2560]
    tensor, _ = tensor_of(torch.zeros(10, 64), FC)
    path = _fake_fc(tmp_path / "hidden.pth", tensor, data)
    try:
        array = bcdsim.io.load_weights(path).arrays["fc.weight"]
    except UserError as exc:  # the bytes may decode to NaN
        assert "NaN" in str(exc)
    else:
        assert array.tobytes() == np.frombuffer(data, "<f4").tobytes()
    assert not marker.exists()
    assert os.listdir(tmp_path) == ["hidden.pth"]
