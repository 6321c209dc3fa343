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
MAX_OPS = 2_000_000  # a state_dict with its optimizer state takes tens of thousands


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


def printable(text: object, limit: int = 80) -> str:
    """Text from a file made safe for a one-line message: no control characters, bounded length."""
    shown = "".join(c if c.isprintable() else "?" for c in str(text)[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _global(name: str) -> Any:
    found = _GLOBALS.get(name)
    if found is None:
        raise NeedsCode(f"global {printable(name)}")
    return found


def _as(obj: Any, kind: type, op: str) -> Any:
    if not isinstance(obj, kind):
        raise Refused(f"{op} on a {type(obj).__name__}")
    return obj


class _Machine:
    """The pickle stack machine restricted to data (the semantics of CPython's pickle.py).

    One method per opcode family; ``OPS`` maps every allowed opcode name to its method.
    """

    def __init__(self, legacy: bool):
        self.legacy = legacy
        self.stack: list[Any] = []
        self.marks: list[list[Any]] = []
        self.memo: dict[int, Any] = {}
        self.storages: dict[str, StorageRef] = {}

    def pop_mark(self) -> list[Any]:
        items, self.stack = self.stack, self.marks.pop()
        return items

    # --- values
    def push(self, arg: Any) -> None:
        self.stack.append(arg)

    def py2_string(self, arg: Any) -> None:  # Python 2 str: ASCII text (pickle's default decoding)
        self.stack.append(arg.decode("ascii") if isinstance(arg, bytes) else str(arg))

    def constant(self, value: Any) -> Callable[[Any], None]:
        return lambda arg: self.stack.append(value)

    def empty(self, kind: type) -> Callable[[Any], None]:
        return lambda arg: self.stack.append(kind())

    # --- stack and memo
    def mark(self, arg: Any) -> None:
        self.marks.append(self.stack)
        self.stack = []

    def pop(self, arg: Any) -> None:
        self.stack.pop()

    def pop_mark_op(self, arg: Any) -> None:
        self.pop_mark()

    def dup(self, arg: Any) -> None:
        self.stack.append(self.stack[-1])

    def put(self, arg: Any) -> None:
        self.memo[arg] = self.stack[-1]

    def memoize(self, arg: Any) -> None:
        self.memo[len(self.memo)] = self.stack[-1]

    def get(self, arg: Any) -> None:
        if arg not in self.memo:
            raise Refused(f"memo entry {arg} is read before it is written")
        self.stack.append(self.memo[arg])

    # --- containers
    def tuple_n(self, n: int) -> Callable[[Any], None]:
        def build(arg: Any) -> None:
            if len(self.stack) < n:
                raise Refused("stack underflow")
            items = tuple(self.stack[len(self.stack) - n:])
            del self.stack[len(self.stack) - n:]
            self.stack.append(items)
        return build

    def from_mark(self, kind: Callable[[list[Any]], Any]) -> Callable[[Any], None]:
        def build(arg: Any) -> None:
            items = self.pop_mark()
            self.stack.append(kind(items))
        return build

    def append(self, arg: Any) -> None:
        value = self.stack.pop()
        _as(self.stack[-1], list, "APPEND").append(value)

    def appends(self, arg: Any) -> None:
        items = self.pop_mark()
        _as(self.stack[-1], list, "APPENDS").extend(items)

    def additems(self, arg: Any) -> None:
        items = self.pop_mark()
        _as(self.stack[-1], set, "ADDITEMS").update(items)

    def setitem(self, arg: Any) -> None:
        value, key = self.stack.pop(), self.stack.pop()
        _as(self.stack[-1], dict, "SETITEM")[key] = value

    def setitems(self, arg: Any) -> None:
        items = self.pop_mark()
        target = _as(self.stack[-1], dict, "SETITEMS")
        for i in range(0, len(items) - 1, 2):
            target[items[i]] = items[i + 1]

    # --- the only calls: our stand-ins
    def global_(self, arg: Any) -> None:
        self.stack.append(_global(arg.replace(" ", ".", 1)))

    def stack_global(self, arg: Any) -> None:
        qual, module = self.stack.pop(), self.stack.pop()
        if type(module) is not str or type(qual) is not str:
            raise Refused("STACK_GLOBAL with non-string names")
        self.stack.append(_global(f"{module}.{qual}"))

    def reduce(self, arg: Any) -> None:
        args = self.stack.pop()
        func = self.stack[-1]
        if not (callable(func) and func in _GLOBALS.values()) or type(args) is not tuple:
            raise Refused("REDUCE on something that is not an allowed function")
        self.stack[-1] = func(*args)

    def persistent(self, arg: Any) -> None:
        ref = _storage(self.stack[-1], self.legacy)
        known = self.storages.setdefault(ref.key, ref)
        if known != ref:
            raise Refused(f"storage {ref.key} is declared twice with different types or sizes")
        self.stack[-1] = ref

    def build(self, arg: Any) -> None:
        state = self.stack.pop()
        obj = self.stack[-1]
        # torch attaches state_dict()._metadata (module versions) this way; it carries no weights.
        if not (type(obj) is OrderedDict and type(state) is dict and set(state) <= {"_metadata"}):
            raise Refused(f"BUILD sets state on a {type(obj).__name__} (only torch's state_dict "
                          "metadata is allowed)")

    def nothing(self, arg: Any) -> None:
        pass

    def table(self) -> dict[str, Callable[[Any], None]]:
        ops: dict[str, Callable[[Any], None]] = dict.fromkeys(_DATA_ARGS, self.push)
        ops.update(dict.fromkeys(_PY2_STRINGS, self.py2_string))
        ops.update({name: self.constant(value) for name, value in _CONSTANTS.items()})
        ops.update(EMPTY_LIST=self.empty(list), EMPTY_DICT=self.empty(dict), EMPTY_SET=self.empty(set),
                   MARK=self.mark, POP=self.pop, POP_MARK=self.pop_mark_op, DUP=self.dup,
                   PUT=self.put, BINPUT=self.put, LONG_BINPUT=self.put, MEMOIZE=self.memoize,
                   GET=self.get, BINGET=self.get, LONG_BINGET=self.get,
                   TUPLE1=self.tuple_n(1), TUPLE2=self.tuple_n(2), TUPLE3=self.tuple_n(3),
                   TUPLE=self.from_mark(tuple), LIST=self.from_mark(list), FROZENSET=self.from_mark(frozenset),
                   DICT=self.from_mark(lambda items: dict(zip(items[::2], items[1::2]))),
                   APPEND=self.append, APPENDS=self.appends, ADDITEMS=self.additems,
                   SETITEM=self.setitem, SETITEMS=self.setitems,
                   GLOBAL=self.global_, STACK_GLOBAL=self.stack_global, REDUCE=self.reduce,
                   BINPERSID=self.persistent, BUILD=self.build, PROTO=self.nothing, FRAME=self.nothing)
        return ops


_CONSTANTS = {"NONE": None, "NEWTRUE": True, "NEWFALSE": False, "EMPTY_TUPLE": ()}
_DATA_ARGS = {"INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "FLOAT", "BINFLOAT",
              "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8", "BINBYTES", "SHORT_BINBYTES",
              "BINBYTES8"}
_PY2_STRINGS = {"STRING", "BINSTRING", "SHORT_BINSTRING"}


def load(stream: Any, legacy: bool = False) -> tuple[Any, dict[str, StorageRef]]:
    """Interpret one pickle from ``stream`` (left just after its STOP opcode).

    Returns the object (containers, numbers, strings, TensorRefs) and the storages it declares.
    Raises ``NeedsCode`` for a global or opcode beyond data (INST, OBJ, NEWOBJ, EXT*, PERSID,
    out-of-band buffers ...), ``Refused`` for other content no state_dict has, ``ValueError``
    for a malformed pickle.
    """
    machine = _Machine(legacy)
    ops = machine.table()
    count = 0
    try:
        for opcode, arg, _ in pickletools.genops(stream):
            name = opcode.name
            if name == "STOP":
                break
            handler = ops.get(name)
            if handler is None:
                raise NeedsCode(f"opcode {name}")
            handler(arg)
            count += 1
            if count > MAX_OPS:
                raise Refused(f"the pickle has more than {MAX_OPS:,} operations (not a state_dict)")
        else:
            raise ValueError("the pickle ends without a STOP opcode")
    except (IndexError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(f"malformed pickle ({type(exc).__name__})") from None
    if len(machine.stack) != 1 or machine.marks:
        raise ValueError("malformed pickle (the stack does not end with one object)")
    return machine.stack[0], machine.storages
