"""A pickle reader that builds data only: containers, numbers, strings and tensor references.

``torch.save`` writes a pickle whose tensors are calls of a few torch functions on "persistent"
storage ids. Python's own unpickler would import and call whatever the file names, so bcdsim
never runs it on a checkpoint. This module interprets the opcode stream itself (parsed by
``pickletools.genops``, which only decodes arguments): every global resolves to one of our own
side-effect-free stand-ins or the file is refused, naming the global; opcodes that construct
arbitrary objects (INST, OBJ, NEWOBJ, EXT*, out-of-band buffers) are refused too.

The stand-ins (stricter than ``torch.load(weights_only=True)``):

- ``collections.OrderedDict()`` -> an empty OrderedDict (``BUILD`` may only attach torch's
  ``_metadata`` to it, which is dropped);
- ``torch.<T>Storage`` for the real and integer dtypes a state_dict holds (complex storages are
  recognised so the error can say so); quantized, untyped and float8 storages are refused;
- ``torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, meta])``
  -> a ``TensorRef`` (no bytes read); hooks must be empty and tensor metadata (conj/neg bits)
  absent; ``torch._utils._rebuild_parameter(tensor, requires_grad, hooks)`` -> that TensorRef.

Meta, sparse, quantized and subclass tensors use other rebuild functions and are refused by
name. Geometry (offset, strides, storage bounds) is checked in ``TensorRef.check``.
"""
from __future__ import annotations

import io
import math
import pickletools
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bcdsim.errors import UserError

# torch storage class -> (numpy dtype name, bytes per element). bfloat16 has no numpy dtype: it is
# read as uint16 and widened to float32 (its upper half) when the array is made.
STORAGE_DTYPES: dict[str, tuple[str, int]] = {
    "FloatStorage": ("float32", 4), "DoubleStorage": ("float64", 8), "HalfStorage": ("float16", 2),
    "BFloat16Storage": ("bfloat16", 2), "LongStorage": ("int64", 8), "IntStorage": ("int32", 4),
    "ShortStorage": ("int16", 2), "CharStorage": ("int8", 1), "ByteStorage": ("uint8", 1),
    "BoolStorage": ("bool", 1), "ComplexFloatStorage": ("complex64", 8),
    "ComplexDoubleStorage": ("complex128", 16),
}
MAX_RANK = 8
MAX_DIM = 2 ** 40  # no real tensor has a dimension this long; keeps products in exact ints


class Refused(UserError):
    """The pickle holds something a state_dict never has (the message names it)."""


class NeedsCode(Refused):
    """The pickle names a global or an opcode that would construct objects: code, not data."""


@dataclass(frozen=True)
class StorageRef:
    """A storage as the pickle declares it: its key (``data/<key>`` in a zip), dtype and size."""

    key: str
    dtype: str
    itemsize: int
    numel: int
    location: str

    @property
    def nbytes(self) -> int:
        return self.numel * self.itemsize


@dataclass(frozen=True, eq=False)
class TensorRef:
    """A tensor the pickle describes: a strided view of a storage. No data is read here."""

    storage: StorageRef
    offset: int
    shape: tuple[int, ...]
    stride: tuple[int, ...]

    @property
    def dtype(self) -> str:
        return self.storage.dtype

    @property
    def numel(self) -> int:
        return math.prod(self.shape)

    @property
    def extent(self) -> int:
        """Elements of the storage the view reaches, from its start (0 for an empty tensor)."""
        if self.numel == 0:
            return 0
        return self.offset + sum((n - 1) * s for n, s in zip(self.shape, self.stride)) + 1

    def check(self) -> None:
        """Refuse views a plain saved tensor never has: broadcast (stride 0) or out of bounds."""
        if any(n > 1 and s < 1 for n, s in zip(self.shape, self.stride)):
            raise Refused(f"a tensor of shape {self.shape} has stride {self.stride} (a stride-0 or "
                          "negative-stride view, which a saved state_dict never has)")
        if self.extent > self.storage.numel:
            raise Refused(f"a tensor of shape {self.shape} (offset {self.offset}, stride {self.stride}) "
                          f"reaches outside its storage of {self.storage.numel} elements")


def _int(value: Any, what: str, low: int = 0, high: int = MAX_DIM) -> int:
    if type(value) is not int or not low <= value <= high:
        raise Refused(f"{what} is {value!r}, not an integer in [{low}, {high}]")
    return value


def _ints(value: Any, what: str, low: int = 0) -> tuple[int, ...]:
    if type(value) is not tuple or len(value) > MAX_RANK:
        raise Refused(f"{what} is not a tuple of at most {MAX_RANK} integers")
    return tuple(_int(v, what, low) for v in value)


def _no_hooks(hooks: Any) -> None:
    if type(hooks) is not OrderedDict or hooks:
        raise Refused("a tensor carries backward hooks (torch saves an empty OrderedDict)")


def _rebuild_tensor_v2(storage: Any, offset: Any, size: Any, stride: Any, requires_grad: Any,
                       hooks: Any, *metadata: Any) -> TensorRef:
    if not isinstance(storage, StorageRef):
        raise Refused("_rebuild_tensor_v2 is given something other than a storage")
    shape = _ints(size, "a tensor size")
    strides = _ints(stride, "a tensor stride")
    if len(shape) != len(strides) or type(requires_grad) is not bool:
        raise Refused("_rebuild_tensor_v2 arguments do not describe a tensor")
    _no_hooks(hooks)
    if len(metadata) > 1 or (metadata and metadata[0] not in (None, {})):
        raise Refused("a tensor carries metadata (conjugate/negative bits), which a state_dict never has")
    ref = TensorRef(storage, _int(offset, "a storage offset"), shape, strides)
    ref.check()
    return ref


def _rebuild_parameter(data: Any, requires_grad: Any, hooks: Any) -> TensorRef:
    if not isinstance(data, TensorRef) or type(requires_grad) is not bool:
        raise Refused("_rebuild_parameter is given something other than a tensor")
    _no_hooks(hooks)
    return data


def _ordered_dict(*args: Any) -> OrderedDict:
    if args:
        raise Refused("OrderedDict is called with arguments (torch writes OrderedDict() and fills it)")
    return OrderedDict()


@dataclass(frozen=True)
class _StorageType:
    name: str


_GLOBALS: dict[str, Callable[..., Any] | _StorageType] = {
    "collections.OrderedDict": _ordered_dict,
    "torch._utils._rebuild_tensor_v2": _rebuild_tensor_v2,
    "torch._utils._rebuild_parameter": _rebuild_parameter,
    **{f"torch.{name}": _StorageType(name) for name in STORAGE_DTYPES},
}
_KEY_CHARS = frozenset("0123456789")


def _storage(pid: Any, legacy: bool) -> StorageRef:
    """A persistent id -> StorageRef: ('storage', type, key, location, numel[, view (legacy)])."""
    fields = 6 if legacy else 5
    if type(pid) is not tuple or len(pid) != fields or pid[0] != "storage":
        raise Refused(f"a persistent id is {str(pid)[:60]!r}, not a storage")
    kind, key, location, numel = pid[1:5]
    if not isinstance(kind, _StorageType):
        raise Refused("a storage id names no storage type")
    if type(key) is not str or not 0 < len(key) <= 24 or not set(key) <= _KEY_CHARS:
        raise Refused(f"a storage key is {str(key)[:40]!r}, not a decimal number")
    if type(location) is not str or len(location) > 32:
        raise Refused("a storage location is not a short string")
    if location == "meta" or location.startswith("meta:"):
        raise Refused("a tensor is on the meta device (it has no data)")
    if legacy and pid[5] is not None:
        raise Refused("a legacy storage view (pre-1.0 torch) is not supported")
    dtype, itemsize = STORAGE_DTYPES[kind.name]
    return StorageRef(key, dtype, itemsize, _int(numel, "a storage size"), location)


class _Machine:
    """The pickle stack machine, restricted to data (the semantics of CPython's pickle.py)."""

    def __init__(self, legacy: bool):
        self.legacy = legacy
        self.stack: list[Any] = []
        self.marks: list[list[Any]] = []
        self.memo: dict[int, Any] = {}
        self.storages: dict[str, StorageRef] = {}

    def pop_mark(self) -> list[Any]:
        items, self.stack = self.stack, self.marks.pop()
        return items

    def persistent(self, pid: Any) -> StorageRef:
        ref = _storage(pid, self.legacy)
        known = self.storages.setdefault(ref.key, ref)
        if known != ref:
            raise Refused(f"storage {ref.key} is declared twice with different types or sizes")
        return ref

    def call(self, func: Any, args: Any) -> Any:
        if not callable(func) or type(args) is not tuple:
            raise Refused("REDUCE on something that is not an allowed function")
        return func(*args)

    def build(self, obj: Any, state: Any) -> None:
        # torch attaches state_dict()._metadata (module versions) this way; it carries no weights.
        if type(obj) is OrderedDict and type(state) is dict and set(state) <= {"_metadata"}:
            return
        raise Refused(f"BUILD sets state on a {type(obj).__name__} (only torch's state_dict metadata is allowed)")


_CONSTANTS = {"NONE": None, "NEWTRUE": True, "NEWFALSE": False, "EMPTY_TUPLE": ()}
_DATA_ARGS = {"INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "FLOAT", "BINFLOAT",
              "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8", "BINBYTES", "SHORT_BINBYTES",
              "BINBYTES8"}
_PY2_STRINGS = {"STRING", "BINSTRING", "SHORT_BINSTRING"}


def _global(name: str) -> Any:
    found = _GLOBALS.get(name)
    if found is None:
        raise NeedsCode(f"global {name}")
    return found


def _step(m: _Machine, name: str, arg: Any) -> bool:
    """Apply one opcode; True at STOP."""
    s = m.stack
    if name in _DATA_ARGS:
        s.append(arg)
    elif name in _PY2_STRINGS:  # Python 2 str: ASCII text in practice (pickle's default decoding)
        s.append(arg.decode("ascii") if isinstance(arg, bytes) else str(arg))
    elif name in _CONSTANTS:
        s.append(_CONSTANTS[name])
    elif name == "EMPTY_LIST":
        s.append([])
    elif name == "EMPTY_DICT":
        s.append({})
    elif name == "EMPTY_SET":
        s.append(set())
    elif name == "MARK":
        m.marks.append(s)
        m.stack = []
    elif name in ("TUPLE1", "TUPLE2", "TUPLE3"):
        n = int(name[-1])
        items = tuple(s[-n:])
        if len(items) != n:
            raise Refused("stack underflow")
        del s[-n:]
        s.append(items)
    elif name == "TUPLE":
        items = m.pop_mark()
        m.stack.append(tuple(items))
    elif name == "LIST":
        items = m.pop_mark()
        m.stack.append(items)
    elif name == "DICT":
        items = m.pop_mark()
        m.stack.append(dict(zip(items[::2], items[1::2])))
    elif name == "FROZENSET":
        items = m.pop_mark()
        m.stack.append(frozenset(items))
    elif name == "APPEND":
        value = s.pop()
        _as(s[-1], list, "APPEND").append(value)
    elif name == "APPENDS":
        items = m.pop_mark()
        _as(m.stack[-1], list, "APPENDS").extend(items)
    elif name == "ADDITEMS":
        items = m.pop_mark()
        _as(m.stack[-1], set, "ADDITEMS").update(items)
    elif name == "SETITEM":
        value, key = s.pop(), s.pop()
        _as(s[-1], dict, "SETITEM")[key] = value
    elif name == "SETITEMS":
        items = m.pop_mark()
        target = _as(m.stack[-1], dict, "SETITEMS")
        for i in range(0, len(items) - 1, 2):
            target[items[i]] = items[i + 1]
    elif name == "POP":
        s.pop()
    elif name == "POP_MARK":
        m.pop_mark()
    elif name == "DUP":
        s.append(s[-1])
    elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
        m.memo[arg] = s[-1]
    elif name == "MEMOIZE":
        m.memo[len(m.memo)] = s[-1]
    elif name in ("GET", "BINGET", "LONG_BINGET"):
        if arg not in m.memo:
            raise Refused(f"memo entry {arg} is read before it is written")
        s.append(m.memo[arg])
    elif name == "GLOBAL":
        s.append(_global(arg.replace(" ", ".", 1)))
    elif name == "STACK_GLOBAL":
        qual, module = s.pop(), s.pop()
        if type(module) is not str or type(qual) is not str:
            raise Refused("STACK_GLOBAL with non-string names")
        s.append(_global(f"{module}.{qual}"))
    elif name == "REDUCE":
        args = s.pop()
        s[-1] = m.call(s[-1], args)
    elif name == "BINPERSID":
        s[-1] = m.persistent(s[-1])
    elif name == "BUILD":
        state = s.pop()
        m.build(s[-1], state)
    elif name in ("PROTO", "FRAME"):
        pass
    elif name == "STOP":
        return True
    else:  # INST, OBJ, NEWOBJ(_EX), EXT1/2/4, PERSID, BYTEARRAY8, NEXT_BUFFER, READONLY_BUFFER
        raise NeedsCode(f"opcode {name}")
    return False


def _as(obj: Any, kind: type, op: str) -> Any:
    if not isinstance(obj, kind):
        raise Refused(f"{op} on a {type(obj).__name__}")
    return obj


def load(stream: io.BufferedIOBase, legacy: bool = False) -> tuple[Any, dict[str, StorageRef]]:
    """Interpret one pickle from ``stream`` (left just after its STOP opcode).

    Returns the object (containers, numbers, strings, TensorRefs) and the storages it declares.
    Raises ``Refused`` for anything beyond data, ``ValueError`` for a malformed pickle.
    """
    machine = _Machine(legacy)
    try:
        for opcode, arg, _ in pickletools.genops(stream):
            if _step(machine, opcode.name, arg):
                break
        else:
            raise ValueError("the pickle ends without a STOP opcode")
    except (IndexError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(f"malformed pickle ({type(exc).__name__})") from None
    if len(machine.stack) != 1 or machine.marks:
        raise ValueError("malformed pickle (the stack does not end with one object)")
    return machine.stack[0], machine.storages
