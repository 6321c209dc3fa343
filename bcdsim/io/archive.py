"""``torch.save`` files read in two phases, without torch: structure first, then only the bytes needed.

Phase 1 (``open_checkpoint``) parses the pickle with ``bcdsim.io.unpickle`` into containers
holding ``TensorRef``s and locates every storage in the file, reading no tensor data. The
caller unwraps the state_dict, identifies the architecture and checks every declared shape
against it. Phase 2 (``Checkpoint.arrays``) reads exactly the byte range each needed storage
spans, refusing before any allocation a range that the tensors do not use (a storage far larger
than its views) or a compressed entry that would inflate beyond it, and returns numpy arrays.

Layouts, as torch 2.13 writes them (checked with pickletools on real saves):

- zip: ``<root>/data.pkl`` (the pickle), ``<root>/data/<key>`` (one uncompressed entry per
  storage, exactly ``numel * itemsize`` bytes), ``<root>/byteorder`` (``little``/``big``),
  ``<root>/version``, ``.format_version``, ``.storage_alignment``, ``.data/serialization_id``;
- legacy (``_use_new_zipfile_serialization=False``): five pickles in a row (magic number,
  protocol 1001, system info, the object, the sorted storage keys), then per key an int64
  little-endian element count and the little-endian data.
"""
from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from bcdsim.errors import UserError
from bcdsim.io import unpickle
from bcdsim.io.unpickle import NeedsCode, Refused, StorageRef, TensorRef, printable

MAX_PICKLE_BYTES = 64 * 2 ** 20  # the pickle of a state_dict is tens of KB; optimizer state adds little
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
LEGACY_PROTOCOL = 1001
ZIP_MAGIC = b"PK\x03\x04"
SPAN_MARGIN = 64 * 1024  # bytes a storage may hold beyond what its tensors use (alignment, padding)
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length (30 bytes)


def span_allowance(used: int) -> int:
    """Bytes a storage may span (or a compressed entry inflate to) for tensors using ``used`` bytes."""
    return used + used // 8 + SPAN_MARGIN


@dataclass(frozen=True)
class _Entry:
    """Where a storage's bytes are: an absolute file offset, or a compressed zip member."""

    offset: int  # absolute data offset for raw storages; -1 for a compressed member
    size: int  # bytes available
    member: zipfile.ZipInfo | None = None


class _CappedReader:
    """A file read through a byte budget: a declared string length cannot make us read the whole file."""

    def __init__(self, f: io.BufferedReader, limit: int):
        self.f, self.left = f, limit

    def _take(self, data: bytes) -> bytes:
        self.left -= len(data)
        return data

    def read(self, n: int) -> bytes:
        if n > self.left:
            raise Refused(f"the pickle is larger than {MAX_PICKLE_BYTES // 2 ** 20} MB")
        return self._take(self.f.read(n))

    def readline(self) -> bytes:
        line = self.f.readline(self.left + 1)
        if len(line) > self.left:
            raise Refused(f"the pickle is larger than {MAX_PICKLE_BYTES // 2 ** 20} MB")
        return self._take(line)

    def tell(self) -> int:
        return self.f.tell()


def _parse(stream: Any, path: str, legacy: bool = False) -> tuple[Any, dict[str, StorageRef]]:
    try:
        return unpickle.load(stream, legacy)
    except NeedsCode as exc:
        raise UserError(f"{path} needs code to unpickle ({exc}); bcdsim refuses to run code from "
                        "checkpoints: save model.state_dict() instead") from None
    except Refused as exc:
        raise UserError(f"{path} is refused: {exc}") from None
    except (ValueError, EOFError, struct.error) as exc:
        raise UserError(f"{path} is not a readable PyTorch checkpoint ({str(exc)[:120] or 'malformed'})") from None


class Checkpoint:
    """A parsed ``torch.save`` file: its object (with TensorRefs) and where each storage lies."""

    def __init__(self, path: str, content: Any, entries: dict[str, _Entry], byteorder: str):
        self.path, self.content = path, content
        self._entries, self._byteorder = entries, byteorder

    def array(self, name: str, ref: TensorRef) -> np.ndarray:
        """Phase 2: one tensor as a native-order array, reading only the bytes its view spans.

        Reading tensor by tensor lets a caller turn each into what it keeps (e.g. int8 signs)
        before the next is read, so the float weights never all sit in memory at once.
        """
        with open(self.path, "rb") as f:
            return self._read(f, name, ref)

    def arrays(self, tensors: Mapping[str, TensorRef]) -> dict[str, np.ndarray]:
        """Phase 2 for several tensors (name -> TensorRef)."""
        with open(self.path, "rb") as f:
            return {name: self._read(f, name, ref) for name, ref in tensors.items()}

    def check(self, name: str, ref: TensorRef) -> None:
        """Refuse, before anything is read, a tensor whose bytes are missing or not worth reading."""
        self._plan(name, ref)

    def _plan(self, name: str, ref: TensorRef) -> tuple[_Entry, int, int]:
        """(entry, first element, bytes to read) of a tensor, after the checks."""
        size, key = ref.storage.itemsize, ref.storage.key
        entry = self._entries.get(key)
        if entry is None:
            raise UserError(f"{self.path} has no data for storage {key} (tensor {name})")
        used = ref.numel * size
        if entry.member is not None and entry.size > span_allowance(used):
            raise UserError(f"{self.path}: compressed entry {printable(entry.member.filename)} declares "
                            f"{entry.size:,} bytes, tensor {name} needs {used:,}; bcdsim refuses to inflate it "
                            "(a zip bomb?)")
        first = ref.offset if ref.numel else 0
        start_byte, end_byte = first * size, ref.extent * size
        processed = end_byte if entry.member is not None else end_byte - start_byte
        if processed > span_allowance(used):
            raise UserError(f"{self.path}: tensor {name} uses {used:,} bytes but reading it means "
                            f"{'inflating' if entry.member is not None else 'reading'} {processed:,} bytes "
                            "of its storage; bcdsim refuses such views")
        if end_byte > entry.size:
            raise UserError(f"{self.path} is truncated: storage {key} holds {entry.size:,} bytes, "
                            f"tensor {name} needs {end_byte:,}")
        return entry, first, end_byte - start_byte

    def _read(self, f: io.BufferedReader, name: str, ref: TensorRef) -> np.ndarray:
        entry, first, nbytes = self._plan(name, ref)
        start_byte, key = first * ref.storage.itemsize, ref.storage.key
        raw = np.empty(nbytes, np.uint8)
        if entry.member is None:
            f.seek(entry.offset + start_byte)
            got = f.readinto(memoryview(raw))
        else:
            got = _inflate_into(f, entry.member, start_byte, raw, self.path)
        if got != raw.size:
            raise UserError(f"{self.path} is truncated (storage {key} ends early)")
        return array_of(raw, ref, first, self._byteorder)


def array_of(raw: np.ndarray, ref: TensorRef, first: int = 0, byteorder: str = "little") -> np.ndarray:
    """The native-order, C-contiguous array of ``ref`` from the bytes of its storage.

    ``raw`` (uint8) holds the storage from element ``first`` on; ``ref`` must have passed
    ``TensorRef.check`` and ``raw`` must reach its extent (both hold for ``Checkpoint.arrays``).
    """
    if ref.numel and (raw.size < (ref.extent - first) * ref.storage.itemsize or ref.offset < first):
        raise ValueError("the storage bytes do not cover the tensor")
    kind = np.dtype("uint16" if ref.dtype == "bfloat16" else ref.dtype)
    dtype = kind.newbyteorder("<" if byteorder == "little" else ">") if kind.itemsize > 1 else kind
    size = dtype.itemsize
    if ref.numel == 0:
        array = np.zeros(ref.shape, dtype)
    else:
        array = np.ndarray(ref.shape, dtype, raw, (ref.offset - first) * size, tuple(s * size for s in ref.stride))
    if not array.flags.c_contiguous:
        array = array.copy(order="C")
    array = array.astype(dtype.newbyteorder("="), copy=False)
    if ref.dtype == "bfloat16":  # bfloat16 is the upper half of a float32
        array = (array.astype(np.uint32) << 16).view(np.float32)
    return array


def _inflate_into(f: io.BufferedReader, member: zipfile.ZipInfo, skip: int, out: np.ndarray, path: str) -> int:
    """Decompress a zip member into ``out`` after skipping ``skip`` bytes; never more than needed."""
    try:
        with zipfile.ZipFile(f) as archive, archive.open(member) as stream:
            while skip:
                chunk = stream.read(min(skip, 2 ** 20))
                if not chunk:
                    return 0
                skip -= len(chunk)
            view, got = memoryview(out), 0
            while got < out.size:
                chunk = stream.read(min(out.size - got, 2 ** 22))
                if not chunk:
                    break
                view[got:got + len(chunk)] = chunk
                got += len(chunk)
            return got
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise UserError(f"{path} has a corrupt compressed entry {printable(member.filename)} "
                        f"({printable(exc, 120)})") from None


def _zip_entries(path: str, archive: zipfile.ZipFile, size: int) -> tuple[str, dict[str, zipfile.ZipInfo]]:
    infos = archive.infolist()
    names = [i.filename for i in infos]
    if len({n.casefold() for n in names}) != len(names):
        raise UserError(f"{path} is refused: its zip archive has duplicated entry names "
                        "(or names differing only by case)")
    roots = {n.split("/", 1)[0] for n in names}
    pickles = [n for n in names if n.count("/") == 1 and n.endswith("/data.pkl")]
    if len(pickles) != 1 or len(roots) != 1:
        raise UserError(f"{path} is not a torch.save archive (no single <name>/data.pkl)")
    for info in infos:
        if info.flag_bits & 0x1:
            raise UserError(f"{path} is refused: entry {printable(info.filename)} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UserError(f"{path} is refused: entry {printable(info.filename)} uses compression "
                            f"{info.compress_type}")
        if info.header_offset + info.compress_size > size:
            raise UserError(f"{path} is truncated: entry {printable(info.filename)} lies beyond the end of the file")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise UserError(f"{path} is a corrupt zip archive (stored entry {printable(info.filename)} has two sizes)")
    return pickles[0][: -len("data.pkl")], {i.filename: i for i in infos}


def _open_zip(path: str, f: io.BufferedReader, size: int) -> Checkpoint:
    try:
        archive = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UserError(f"{path} is a corrupt zip archive ({exc})") from None
    with archive:
        root, infos = _zip_entries(path, archive, size)
        byteorder = "little"
        if root + "byteorder" in infos:
            if infos[root + "byteorder"].file_size > 16:
                raise UserError(f"{path} is refused: its byteorder record is not a word")
            byteorder = archive.read(infos[root + "byteorder"]).decode("ascii", "replace")
            if byteorder not in ("little", "big"):
                raise UserError(f"{path} declares an unknown byte order {printable(byteorder, 20)!r}")
        info = infos[root + "data.pkl"]
        if info.file_size > MAX_PICKLE_BYTES:
            raise UserError(f"{path}: its pickle declares {info.file_size:,} bytes "
                            f"(more than {MAX_PICKLE_BYTES // 2 ** 20} MB: not a state_dict)")
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise UserError(f"{path} is a corrupt zip archive ({exc})") from None
        content, storages = _parse(io.BytesIO(data), path)
        entries = {}
        for key in storages:
            member = infos.get(f"{root}data/{key}")
            if member is not None:
                entries[key] = _zip_entry(path, f, member, size, storages[key])
    return Checkpoint(path, content, entries, byteorder)


def _zip_entry(path: str, f: io.BufferedReader, info: zipfile.ZipInfo, size: int, storage: StorageRef) -> _Entry:
    if info.file_size != storage.nbytes:
        raise UserError(f"{path}: entry {printable(info.filename)} holds {info.file_size:,} bytes, its storage "
                        f"declares {storage.nbytes:,}")
    if info.compress_type != zipfile.ZIP_STORED:
        return _Entry(-1, info.file_size, info)
    f.seek(info.header_offset)
    head = f.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size or head[:4] != b"PK\x03\x04":
        raise UserError(f"{path} is a corrupt zip archive (bad local header of {printable(info.filename)})")
    _, name_len, extra_len = _LOCAL_HEADER.unpack(head)
    start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
    if start + info.file_size > size:
        raise UserError(f"{path} is truncated: entry {printable(info.filename)} lies beyond the end of the file")
    return _Entry(start, info.file_size)


def _open_legacy(path: str, f: io.BufferedReader, size: int) -> Checkpoint:
    stream = _CappedReader(f, MAX_PICKLE_BYTES)
    magic, _ = _parse(stream, path)
    if magic != LEGACY_MAGIC:
        raise UserError(f"{path} is a pickle but not a torch.save file (no torch magic number)")
    protocol, _ = _parse(stream, path)
    if protocol != LEGACY_PROTOCOL:
        raise UserError(f"{path} is a legacy torch.save file of an unknown protocol ({printable(protocol, 20)})")
    info, _ = _parse(stream, path)
    if not isinstance(info, dict):
        raise UserError(f"{path} is not a readable PyTorch checkpoint (no system information record)")
    if info.get("little_endian") is not True:
        raise UserError(f"{path}: big-endian legacy checkpoints are not supported")
    content, storages = _parse(stream, path, legacy=True)
    keys, _ = _parse(stream, path)
    if (type(keys) is not list or not all(type(k) is str for k in keys)
            or sorted(keys) != sorted(storages) or len(set(keys)) != len(keys)):
        raise UserError(f"{path} is not a readable PyTorch checkpoint (its storage list does not match its tensors)")
    position = f.tell()
    entries = {}
    for key in keys:
        storage = storages[key]
        f.seek(position)
        head = f.read(8)
        if len(head) != 8:
            raise UserError(f"{path} is not a readable PyTorch checkpoint: it is truncated (storage {key} is missing)")
        if int.from_bytes(head, "little") != storage.numel:
            raise UserError(f"{path} is not a readable PyTorch checkpoint (storage {key} has the wrong size)")
        entries[key] = _Entry(position + 8, max(0, min(storage.nbytes, size - position - 8)))
        position += 8 + storage.nbytes
    if position > size:
        raise UserError(f"{path} is not a readable PyTorch checkpoint: it is truncated (its storages need "
                        f"{position:,} bytes, the file has {size:,})")
    return Checkpoint(path, content, entries, "little")


def open_checkpoint(path: str) -> Checkpoint:
    """Phase 1: parse a ``torch.save`` file (zip or legacy) into its object with TensorRefs."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            if f.read(4) == ZIP_MAGIC:  # as torch decides: a zip archive starts with a local header
                return _open_zip(path, f, size)
            f.seek(0)
            return _open_legacy(path, f, size)
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
