"""Loading ``torch.export`` archives (.pt2) without running code from them.

``torch.export.load`` is not safe on untrusted files (its docstring says so). Read against
torch 2.13, it unpickles weights and constants with ``weights_only=False``, evaluates the
program's symbolic-shape expressions with ``sympy.sympify`` (Python ``eval``), ``exec``s the
archive's ``guards_code`` when the module is made, loads AOTInductor shared libraries, imports
pytree ``defaultdict`` factories by module name, and resolves node targets by ``getattr``
chains from ``torch``, so a node can call anything reachable from it
(``torch.serialization.os.system``) when the program runs. So before torch parses anything:

1. archives with AOTInductor code, pickled Python objects or the pre-2.7 layout are refused;
2. every symbolic expression, guard and node target in the archive's JSON must match a small
   grammar / allowlist, and every attribute path must be plain ``name.name`` segments;
3. ``torch.export.load`` runs with ``TORCH_FORCE_WEIGHTS_ONLY_LOAD=1`` (every ``torch.load``
   inside becomes weights-only);
4. the resulting graph may call only torch operators and size arithmetic.
"""
from __future__ import annotations

import ast
import builtins
import json
import logging
import math
import operator
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import sympy
import torch
import torch.utils._sympy.functions as torch_sympy
from torch import nn

from bcdsim.errors import UserError

logger = logging.getLogger(__name__)

_FQN = re.compile(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*")  # "0.weight", "feature.1.bn1.bias"
_SAFE_STR = re.compile(r"[A-Za-z][A-Za-z0-9_]*|[-+]?(\d+\.?\d*([eE][-+]?\d+)?|inf|nan)")
_FQN_KEYS = {"parameter_name", "buffer_name", "tensor_constant_name", "custom_obj_name", "fqn"}
_ARITHMETIC = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "neg", "pos", "abs",
               "eq", "ne", "lt", "le", "gt", "ge", "and_", "or_", "xor", "not_", "invert",
               "lshift", "rshift", "getitem")
_SYM_FUNCS = {n: getattr(torch, n) for n in dir(torch) if n.startswith(("sym_", "_sym_"))}
_TARGET_NAMES = ({f"_operator.{n}" for n in _ARITHMETIC} | {f"torch.{n}" for n in _SYM_FUNCS}
                 | {f"math.{n}" for n in ("trunc", "floor", "ceil", "sqrt")})
_TARGET_OBJECTS = ({getattr(operator, n) for n in _ARITHMETIC} | set(_SYM_FUNCS.values())
                   | {math.trunc, math.floor, math.ceil, math.sqrt})
_SYMPY_NAMES = {**vars(sympy), **{n: getattr(torch_sympy, n) for n in dir(torch_sympy)}}
_GUARD_METHODS = {"size", "stride", "storage_offset", "dim", "numel"}
_GUARD_FUNCS = {"max", "min", "abs", "int", "float", "round"}
_GUARD_MATH = {"floor", "ceil", "trunc", "sqrt", "log2"}
_OPERATOR_NODES = (ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div,
                   ast.FloorDiv, ast.Mod, ast.Pow, ast.UnaryOp, ast.USub, ast.UAdd, ast.Not,
                   ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Load,
                   ast.Expression)


def _parse(text: object, what: str) -> ast.Expression:
    if not isinstance(text, str) or len(text) > 20_000:
        raise ValueError(f"{what} is not a short string")
    try:
        return ast.parse(text, mode="eval")
    except SyntaxError:
        raise ValueError(f"{what} is not an expression: {text[:80]!r}") from None


def _constant_ok(node: ast.Constant) -> bool:
    value = node.value
    if isinstance(value, str):
        return _SAFE_STR.fullmatch(value) is not None
    return value is None or isinstance(value, (bool, int, float))


def _sympy_name_ok(name: str, called: bool) -> bool:
    if name.startswith("_"):
        return False
    obj = _SYMPY_NAMES.get(name)
    is_class = isinstance(obj, type) and issubclass(obj, sympy.Basic)
    if called:
        return is_class
    if obj is None:  # sympify turns unknown names into Symbols
        return not hasattr(builtins, name)
    return is_class or isinstance(obj, sympy.Basic)


def check_sym_expr(text: object) -> None:
    """A symbolic-shape expression (sympy ``srepr``) may only construct sympy objects."""
    tree = _parse(text, "symbolic expression")
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and _sympy_name_ok(node.func.id, True)):
                raise ValueError(f"symbolic expression calls a non-sympy function: {text[:80]!r}")
        elif isinstance(node, ast.Name):
            if not _sympy_name_ok(node.id, id(node) in callees):
                raise ValueError(f"symbolic expression uses {node.id!r}")
        elif isinstance(node, ast.keyword):
            if node.arg is None or node.arg.startswith("_") or not isinstance(node.value, ast.Constant):
                raise ValueError(f"symbolic expression has an unexpected argument: {text[:80]!r}")
        elif isinstance(node, ast.Constant):
            if not _constant_ok(node):
                raise ValueError(f"symbolic expression has an unexpected constant: {text[:80]!r}")
        elif not isinstance(node, _OPERATOR_NODES):
            raise ValueError(f"symbolic expression has {type(node).__name__}: {text[:80]!r}")


def check_guard(text: object) -> None:
    """A shape guard (``exec``ed by torch) may only compare input sizes: ``L['x'].size()[0] <= 8``."""
    tree = _parse(text, "guard")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            ok = (isinstance(func, ast.Attribute) and (func.attr in _GUARD_METHODS or (
                      isinstance(func.value, ast.Name) and func.value.id == "math"
                      and func.attr in _GUARD_MATH))
                  or isinstance(func, ast.Name) and func.id in _GUARD_FUNCS)
            if not ok or node.keywords:
                raise ValueError(f"guard calls something other than a size query: {text[:80]!r}")
        elif isinstance(node, ast.Attribute):
            if node.attr not in _GUARD_METHODS and node.attr not in _GUARD_MATH:
                raise ValueError(f"guard reads attribute {node.attr!r}")
        elif isinstance(node, ast.Name):
            if node.id not in {"L", "math", "inf"} | _GUARD_FUNCS:
                raise ValueError(f"guard uses {node.id!r}")
        elif isinstance(node, ast.Constant):
            if not _constant_ok(node):
                raise ValueError(f"guard has an unexpected constant: {text[:80]!r}")
        elif not isinstance(node, (*_OPERATOR_NODES, ast.Subscript)):
            raise ValueError(f"guard has {type(node).__name__}: {text[:80]!r}")


def _check_target(target: object) -> None:
    if not isinstance(target, str) or not (
            target in _TARGET_NAMES or re.fullmatch(r"torch\.ops(\.[A-Za-z0-9_]+){2,3}", target)):
        raise ValueError(f"node target {str(target)[:80]!r} is not a torch operator")


def _check_json(value: object, depth: int = 0) -> None:
    """Walk one JSON document of the archive, checking everything torch turns into code."""
    if isinstance(value, dict):
        if "target" in value and "inputs" in value:  # a graph node
            _check_target(value["target"])
        for key, item in value.items():
            if key == "expr_str":
                check_sym_expr(item)
            elif key == "guards_code":
                for guard in item or []:
                    check_guard(guard)
            elif key in _FQN_KEYS and item and not (isinstance(item, str) and _FQN.fullmatch(item)):
                raise ValueError(f"{key} {str(item)[:80]!r} is not a plain attribute path")
            elif key == "default_factory_module" and item not in ("builtins", "collections"):
                raise ValueError(f"a pytree factory would import module {str(item)[:80]!r}")
            _check_json(item, depth)
    elif isinstance(value, list):
        for item in value:
            _check_json(item, depth)
    elif isinstance(value, str) and depth < 3 and value[:1] in "[{":  # pytree specs are JSON in strings
        try:
            inner = json.loads(value)
        except (ValueError, RecursionError):
            return
        _check_json(inner, depth + 1)


def _check_archive(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if len(set(names)) != len(names):  # zip readers disagree on which duplicate they return
        raise ValueError("it has duplicate entries")
    rel = [n.split("/", 1)[1] if "/" in n else n for n in names]
    if "serialized_exported_program.json" in rel:
        raise ValueError("it uses the pre-2.7 torch.export layout; re-save it with torch.export.save")
    for r in rel:
        if r.startswith("data/aotinductor/"):
            raise ValueError("it contains AOTInductor compiled code")
        if r.startswith("data/constants/opaque_obj_"):
            raise ValueError("it contains a pickled Python object (opaque constant)")
    for name, r in zip(names, rel, strict=True):
        if (name.endswith(".json") or r.startswith("models/")) and not name.endswith("/"):
            try:
                document = json.loads(archive.read(name))
            except (ValueError, RecursionError):
                raise ValueError(f"{name} is not valid JSON") from None
            _check_json(document)


def check_graph(module: nn.Module) -> None:
    """The loaded program may call only torch operators and size arithmetic."""
    from torch.export._unlift import GuardsFn  # the module torch builds from the checked guards

    for sub in module.modules():
        if not isinstance(sub, torch.fx.GraphModule):
            if not isinstance(sub, GuardsFn) and type(sub) is not nn.Module:
                raise ValueError(f"it contains a {type(sub).__name__} module")
            continue
        for node in sub.graph.nodes:
            if node.op == "call_function":
                target = node.target
                if not (isinstance(target, (torch._ops.OpOverload, torch._ops.OpOverloadPacket,
                                            torch._ops.HigherOrderOperator))
                        or target in _TARGET_OBJECTS):
                    raise ValueError(f"node {node.name} calls {target!r}, not a torch operator")
            elif node.op in ("get_attr", "call_module"):
                if not _FQN.fullmatch(str(node.target)):
                    raise ValueError(f"node {node.name} reads {str(node.target)[:80]!r}")
            elif node.op not in ("placeholder", "output"):
                raise ValueError(f"node {node.name} is a {node.op}")


@contextmanager
def _weights_only_everywhere() -> Iterator[None]:
    """Force every torch.load inside torch.export.load to weights_only; quiet its fallback log."""
    saved = {k: os.environ.get(k) for k in ("TORCH_FORCE_WEIGHTS_ONLY_LOAD",
                                            "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD")}
    export_log = logging.getLogger("torch.export")
    level = export_log.level
    os.environ["TORCH_FORCE_WEIGHTS_ONLY_LOAD"] = "1"
    os.environ.pop("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", None)
    export_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        export_log.setLevel(level)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def load_exported(path: str) -> nn.Module:
    """The module of a checked torch.export archive (``ExportedProgram.module()``).

    The module keeps the train/eval behaviour it was exported with (exported modules do not
    support ``.eval()``).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(archive)
    except (ValueError, RecursionError) as exc:
        raise UserError(f"{path}: bcdsim refuses this torch.export archive: {exc}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(f"{path} is a corrupt torch.export archive ({exc})") from None
    try:
        with _weights_only_everywhere(), open(path, "rb") as f:
            module = torch.export.load(f).module()
    except Exception as exc:  # noqa: BLE001 (the deserializer raises many types)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(f"{path} is not a loadable torch.export archive ({first[:160]})") from None
    try:
        check_graph(module)
    except ValueError as exc:
        raise UserError(f"{path}: bcdsim refuses this torch.export program: {exc}") from None
    return module
