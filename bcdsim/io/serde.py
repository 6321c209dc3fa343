"""The JSON value forms of torch's export schema that bcdsim reads, and nothing else (DESIGN.md §2).

Every value in a ``.pt2`` program is a one-field union (``{"as_int": 3}``, ``{"as_tensor": {"name":
"conv2d"}}``); ``Decoder`` turns the forms listed here into Python literals, torch dtypes/devices and
``Ref``s to earlier values, and refuses (``ValueError``, naming it) every other form.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import torch

_STRING_ARG = re.compile(r"[A-Za-z0-9_]{0,32}")  # rounding_mode="floor", padding="same", approximate="tanh"
# torch._export.serde.schema enums (ScalarType, MemoryFormat), written out: only real dtypes
DTYPES = {1: torch.uint8, 2: torch.int8, 3: torch.int16, 4: torch.int32, 5: torch.int64, 6: torch.float16,
          7: torch.float32, 8: torch.float64, 12: torch.bool, 13: torch.bfloat16}
_MEMORY_FORMATS = {1: torch.contiguous_format, 2: torch.channels_last, 4: torch.preserve_format}
STRIDED = 7  # schema Layout.Strided


@dataclass(frozen=True)
class Ref:
    """A value computed earlier in the program (a tensor or a size), by name."""

    name: str


def as_int(value: Any, what: str) -> int:
    if type(value) is not int:
        raise ValueError(f"{what} is not an integer")
    return value


def as_float(value: Any, what: str) -> float:
    if type(value) in (int, float):
        return float(value)
    special = {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}
    if isinstance(value, str) and value in special:
        return special[value]
    raise ValueError(f"{what} is not a number")


def one_of(union: Any, what: str) -> tuple[str, Any]:
    if not isinstance(union, dict) or len(union) != 1:
        raise ValueError(f"{what} is not a one-field union")
    return next(iter(union.items()))


def cpu_device(value: Any) -> torch.device:
    if not (isinstance(value, dict) and value.get("type") == "cpu" and value.get("index") in (None, 0)):
        raise ValueError(f"it places a tensor on device {str(value)[:40]}; bcdsim runs on the CPU only")
    return torch.device("cpu")


def dtype_of(code: Any) -> torch.dtype:
    if type(code) is not int or code not in DTYPES:
        raise ValueError(f"it uses dtype code {str(code)[:20]}, not a real-valued dtype bcdsim reads")
    return DTYPES[code]


class Decoder:
    """Turns the JSON arguments of nodes into literals and ``Ref``s, tracking what is defined."""

    def __init__(self) -> None:
        self.tensors: set[str] = set()
        self.sizes: set[str] = set()
        self.fresh: set[str] = set()  # tensors the program computed (not its input, weights or views of them)

    def ref(self, name: Any, sizes: bool = False) -> Ref:
        if not isinstance(name, str) or name not in (self.sizes if sizes else self.tensors):
            raise ValueError(f"it uses {'size' if sizes else 'tensor'} {str(name)[:60]!r} before defining it")
        return Ref(name)

    def tensor(self, value: Any) -> Ref:
        return self.ref(value.get("name") if isinstance(value, dict) else None)

    def optional_tensor(self, value: Any) -> Ref | None:
        kind, inner = one_of(value, "an optional tensor")
        return None if kind == "as_none" else self.tensor(inner) if kind == "as_tensor" else self._bad(kind)

    def symbolic(self, value: Any, literal: str) -> Any:
        kind, inner = one_of(value, "a symbolic value")
        if kind == "as_name":
            return self.ref(inner, sizes=True)
        if kind == literal:
            return as_float(inner, "a float") if literal == "as_float" else \
                as_int(inner, "an int") if literal == "as_int" else self._bool(inner)
        return self._bad(kind)

    @staticmethod
    def _bool(value: Any) -> bool:
        if type(value) is not bool:
            raise ValueError("a bool argument is not true/false")
        return value

    @staticmethod
    def _bad(kind: str) -> Any:
        raise ValueError(f"it has an argument of kind {kind[:40]!r}, which bcdsim does not read")

    def arg(self, union: Any) -> Any:
        kind, v = one_of(union, "an argument")
        lists = {"as_tensors": self.tensor, "as_optional_tensors": self.optional_tensor,
                 "as_ints": lambda i: as_int(i, "an int"), "as_floats": lambda f: as_float(f, "a float"),
                 "as_bools": self._bool, "as_sym_ints": lambda s: self.symbolic(s, "as_int"),
                 "as_sym_floats": lambda s: self.symbolic(s, "as_float"),
                 "as_sym_bools": lambda s: self.symbolic(s, "as_bool")}
        if kind in lists:
            if not isinstance(v, list) or len(v) > 1_000_000:
                raise ValueError(f"{kind} argument is not a list")
            return [lists[kind](item) for item in v]
        if kind == "as_none":
            return None
        if kind == "as_tensor":
            return self.tensor(v)
        if kind == "as_optional_tensor":
            return self.optional_tensor(v)
        if kind == "as_int":
            return as_int(v, "an int argument")
        if kind == "as_float":
            return as_float(v, "a float argument")
        if kind == "as_bool":
            return self._bool(v)
        if kind in ("as_sym_int", "as_sym_float", "as_sym_bool"):
            return self.symbolic(v, kind.replace("sym_", ""))
        if kind == "as_string":
            if not isinstance(v, str) or not _STRING_ARG.fullmatch(v):
                raise ValueError(f"a string argument {str(v)[:40]!r} is not a plain option name")
            return v
        if kind == "as_scalar_type":
            return dtype_of(v)
        if kind == "as_memory_format":
            if v not in _MEMORY_FORMATS:
                raise ValueError(f"memory format {str(v)[:20]} is not one bcdsim reads")
            return _MEMORY_FORMATS[v]
        if kind == "as_layout":
            if v != STRIDED:
                raise ValueError("it uses a sparse or opaque tensor layout")
            return torch.strided
        if kind == "as_device":
            return cpu_device(v)
        return self._bad(kind)

    def output(self, union: Any) -> Any:
        kind, v = one_of(union, "a node output")
        names: list[str] = []
        if kind == "as_tensor":
            names = [v.get("name") if isinstance(v, dict) else None]
        elif kind == "as_tensors" and isinstance(v, list):
            names = [t.get("name") if isinstance(t, dict) else None for t in v]
        elif kind in ("as_sym_int", "as_sym_float", "as_sym_bool") and isinstance(v, dict):
            names = [v.get("as_name")]
        elif kind == "as_none":
            return None
        else:
            self._bad(kind)
        for name in names:
            if not isinstance(name, str) or name in self.tensors or name in self.sizes:
                raise ValueError(f"a node output {str(name)[:60]!r} is not a new name")
            (self.tensors if kind in ("as_tensor", "as_tensors") else self.sizes).add(name)
        return tuple(names) if kind == "as_tensors" else names[0]
