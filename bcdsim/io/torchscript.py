"""TorchScript archives, run only when nothing in them can do more than tensor math (DESIGN.md §2).

TorchScript never runs Python, but its ops can write files (``aten::save``, ``aten::from_file``
with ``shared=True`` followed by an in-place write) and ``torch.jit.load`` itself runs the
archive's ``__setstate__`` methods (checked: it does in torch 2.13). So:

1. before ``torch.jit.load``: entry names are compared exactly (``bcdsim.io.ziparchive``), no code
   file may define ``__setstate__``, and the pickles may name only TorchScript classes of the
   archive and torch's tensor/list rebuild functions (read by opcodes, never unpickled here);
2. after it, before anything runs: the forward graph (and any compiled forward hook of the top
   module) is inlined on a copy and every node checked against ``bcdsim.io.allowlist``. Branches
   that cannot run in eval mode (``if self.training:``) are skipped; ``while`` loops (unbounded)
   and dropout or batch norm with a training flag that may be true are refused.

A refusal names the op or entry (``Refused``); ``--trust-code`` loads and runs the archive anyway.
"""
from __future__ import annotations

import io
import logging
import pickletools
import zipfile
import zlib
from typing import Any

import torch
from torch import nn

from bcdsim.errors import UserError
from bcdsim.io.allowlist import INPLACE_OPS, SCRIPT_OPS, TENSOR_OPS, TRAIN_FLAG, fresh_result, writes_fresh_only
from bcdsim.io.program import FQN
from bcdsim.io.trust import Refused, trusted_script_load
from bcdsim.io.ziparchive import entries

logger = logging.getLogger(__name__)

# what torch's TorchScript pickler writes besides the archive's own classes (__torch__.*)
_PICKLE_GLOBALS = frozenset(
    {"torch._utils _rebuild_tensor_v2", "torch._utils _rebuild_parameter", "collections OrderedDict"}
    | {f"torch.jit._pickle {f}" for f in ("build_intlist", "build_floatlist", "build_boollist",
                                            "build_tensorlist", "build_doublelist", "restore_type_tag")}
    | {f"torch {t}Storage" for t in ("Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Char",
                                      "Byte", "Bool")})
MAX_TRIPS = 1_000_000  # a constant loop bound above this is refused (no BNN loops that long)


def load_torchscript(path: str, trust_code: bool = False) -> nn.Module:
    """An eval-mode TorchScript module whose archive and forward graph passed the checks above."""
    try:
        check_archive(path)
    except Refused as refusal:
        if not trust_code:
            raise
        return trusted_script_load(path, refusal)
    try:
        module = torch.jit.load(path, map_location="cpu")
    except Exception as exc:  # noqa: BLE001 (the C++ loader raises many types)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        raise UserError(f"{path} is not a loadable TorchScript archive ({first})") from None
    module.eval()
    try:
        check_module(module, path)
    except Refused as refusal:
        if not trust_code:
            raise
        logger.warning("%s: %s; running it anyway because of --trust-code", path, refusal.reason)
    return module


def check_archive(path: str) -> None:
    """Entry names, ``__setstate__`` and pickle globals, read before torch parses anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                _, files = entries(archive)
            except ValueError as exc:
                raise Refused(path, str(exc)) from None
            for name, info in sorted(files.items()):
                folded = name.casefold()  # torch's zip reader may match names in any case
                is_code = folded.startswith("code/") and not folded.endswith("debug_pkl") or folded.endswith(".py")
                if is_code and b"__setstate__" in archive.read(info):
                    raise Refused(path, f"{name} defines __setstate__, which torch.jit.load would run")
                if folded.endswith("pkl"):
                    bad = _pickle_global(archive.read(info))
                    if bad:
                        raise Refused(path, f"{name} {bad}")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise UserError(f"{path} is a corrupt TorchScript archive ({str(exc)[:120]})") from None


def _pickle_global(data: bytes) -> str | None:
    """What is wrong with a pickle's imports (by opcode, without unpickling), or None."""
    try:
        for op, arg, _ in pickletools.genops(io.BytesIO(data)):
            if op.name in ("STACK_GLOBAL", "INST", "OBJ"):
                return f"builds objects with {op.name}, which TorchScript archives do not use"
            if op.name == "GLOBAL":
                name = str(arg)
                module = name.partition(" ")[0]
                ours = (module == "__torch__" or module.startswith("__torch__.")) and \
                    not module.startswith("__torch__.torch.classes")
                if not ours and name not in _PICKLE_GLOBALS:
                    return f"imports {name.replace(' ', '.')[:80]}, which bcdsim does not load"
    except (ValueError, EOFError, UnicodeDecodeError) as exc:
        return f"is not a readable pickle ({str(exc)[:80]})"
    return None


def check_module(module: torch.jit.ScriptModule, path: str) -> None:
    """Every node the module can run from Python (forward, top-level hooks) is on the allowlist."""
    for name, _ in [*module.named_parameters(), *module.named_buffers()]:
        if not FQN.fullmatch(name):
            raise Refused(path, f"tensor name {name[:80]!r} is not a plain attribute path")
    if not module._c._has_method("forward"):
        raise UserError(f"{path} is a TorchScript archive without a forward method")
    hooks = [*module._c._get_forward_pre_hooks(), *module._c._get_forward_hooks()]
    for fn in [module.forward, *hooks]:
        graph = fn.graph.copy()
        torch._C._jit_pass_inline(graph)
        reason = _Checker(module).block(graph.block(), next(graph.inputs()))
        if reason:
            raise Refused(path, reason)


def node_key(node: torch._C.Node) -> str:
    """``aten.conv2d.default`` (the allowlist's keys) for a TorchScript node."""
    schema = node.schema()
    if schema == "(no schema)":
        return node.kind().replace("::", ".")
    parsed = torch._C.parse_schema(schema)
    return f"{parsed.name.replace('::', '.')}.{parsed.overload_name or 'default'}"


class _Checker:
    """Walks an inlined graph: tracks which values are submodules (for ``self.training``) and which
    are constants, skips If branches that cannot be taken, and names the first node off the list."""

    def __init__(self, module: nn.Module):
        self.root = module
        self.modules: dict[int, nn.Module] = {}
        self.known: dict[int, Any] = {}
        self.fresh: set[int] = set()  # tensors the graph computed itself (in-place ops may write only these)

    def block(self, block: torch._C.Block, self_value: torch._C.Value | None = None) -> str | None:
        if self_value is not None:
            self.modules[self_value.unique()] = self.root
        for node in block.nodes():
            reason = self.node(node)
            if reason:
                return reason
        return None

    def node(self, node: torch._C.Node) -> str | None:
        key = node_key(node)
        kind = node.kind()
        if kind == "prim::Constant":
            value = node.output().toIValue() if node.output().type().kind() in ("BoolType", "IntType",
                                                                                "NoneType") else None
            self.known[node.output().unique()] = value
            return None
        if kind == "prim::GetAttr":
            owner = self.modules.get(node.input().unique())
            name = node.s("name")
            if owner is not None and name in owner._modules:
                self.modules[node.output().unique()] = owner._modules[name]
            elif owner is not None and name == "training":
                self.known[node.output().unique()] = False  # the module runs in eval mode
            return None
        if kind == "aten::__not__" and node.input().unique() in self.known:
            self.known[node.output().unique()] = not self.known[node.input().unique()]
            return None
        if kind == "prim::If":
            return self._branch(node)
        if kind == "prim::Loop":
            trips = self.known.get(node.inputsAt(0).unique())
            if isinstance(trips, int) and trips > MAX_TRIPS:  # a `while` loop's bound is INT64_MAX
                return "it has a while loop or a loop of more than a million trips"
            return self.block(next(iter(node.blocks())))
        if key not in TENSOR_OPS and key not in INPLACE_OPS and key not in SCRIPT_OPS:
            return f"it calls {_spelling(node, key)}, which is not on bcdsim's allowlist of side-effect-free ops"
        if key in TRAIN_FLAG and self.known.get(node.inputsAt(TRAIN_FLAG[key][0]).unique()) is not False:
            return (f"it runs {_spelling(node, key)} with a training flag that may be true (random numbers or "
                    "statistics updated in place)")
        if key in TENSOR_OPS or key in INPLACE_OPS:
            schema = torch._C.parse_schema(node.schema())

            def is_fresh(index: int, _: str) -> bool:
                return index < node.inputsSize() and node.inputsAt(index).unique() in self.fresh
            if not writes_fresh_only(schema, is_fresh):
                return f"it runs {_spelling(node, key)} on a tensor it did not compute itself (its input or a weight)"
            if fresh_result(schema, is_fresh):
                self.fresh.update(out.unique() for out in node.outputs())
        return None

    def _branch(self, node: torch._C.Node) -> str | None:
        cond = self.known.get(node.inputsAt(0).unique())
        blocks = list(node.blocks())
        taken = blocks if cond is None else [blocks[0] if cond else blocks[1]]
        for block in taken:
            reason = self.block(block)
            if reason:
                return reason
        results = [list(block.returnNode().inputs()) for block in taken]
        for i, out in enumerate(node.outputs()):
            values = [r[i].unique() for r in results]
            if all(v in self.fresh for v in values):
                self.fresh.add(out.unique())
            if len(taken) == 1 and values[0] in self.known:  # a branch decided by constants
                self.known[out.unique()] = self.known[values[0]]
        return None


def _spelling(node: torch._C.Node, key: str) -> str:
    """``aten::add_.Tensor (in-place)`` as users know op names."""
    namespace, _, rest = key.partition(".")
    text = f"{namespace}::{rest}".removesuffix(".default")
    schema = node.schema()
    if schema != "(no schema)":
        parsed = torch._C.parse_schema(schema)
        if any(a.alias_info is not None and a.alias_info.is_write for a in parsed.arguments):
            text += " (writes into its input)"
    return text
