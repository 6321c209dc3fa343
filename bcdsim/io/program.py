"""A ``torch.export`` program read from its JSON and run by bcdsim's own interpreter (DESIGN.md §2).

``parse_program`` turns the archive's ``models/model.json`` into a list of ``Step``s: each node's
target is looked up by its exact name in ``bcdsim.io.allowlist`` (anything else is refused, named)
and each argument is decoded from a closed set of JSON forms into a literal or a reference to an
earlier value. ``ProgramModule`` holds the weights as ordinary parameters and buffers under their
original names and runs the steps in order on real tensors, so the aten-level trace
(``bcdsim.ir.foreign``) sees the same ops as for the eager model. Symbolic sizes are never
evaluated: the input's sizes are checked against the recorded fixed sizes, linear ``a*s + b``
sizes with their ranges, and the guards, each parsed by ``bcdsim.io.shapes``.
"""
from __future__ import annotations

import json
import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bcdsim.io.allowlist import INPLACE_OPS, SIZE_ARITHMETIC, TENSOR_OPS, TRAIN_FLAG, fresh_result, writes_fresh_only
from bcdsim.io.serde import Decoder, Ref, as_int, one_of
from bcdsim.io.shapes import Guard, Linear, linear, parse_guard, parse_sympy

FQN = re.compile(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*")  # "feature.1.bn1.bias"
_PYTREE_TYPES = {None, "builtins.tuple", "builtins.list", "builtins.dict", "collections.OrderedDict",
                 "torch.fx.immutable_collections.immutable_list", "torch.fx.immutable_collections.immutable_dict"}
SCHEMA_MAJOR = 8  # torch 2.13 writes schema 8.20
MAX_NODES = 500_000

@dataclass(frozen=True)
class Step:
    name: str
    target: str
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]
    outputs: tuple[Any, ...]  # per output: a name, a tuple of names (a tensor list), or None
    scope: str  # module path, for node names in the IR


@dataclass(frozen=True)
class Program:
    steps: tuple[Step, ...]
    inputs: tuple[tuple[str, str, str], ...]  # (graph name, parameter/buffer/constant/user_input, FQN)
    outputs: tuple[str, ...]
    input_name: str  # the forward argument's name, as the guards call it
    input_dims: tuple[int | Linear, ...]
    example_shape: tuple[int, ...] | None
    ranges: dict[str, tuple[int | None, int | None]]
    guards: tuple[tuple[str, Guard], ...]


def _scope(metadata: Any) -> str:
    """The module path of a node from its ``nn_module_stack`` ("key,path,type;..."), if plain."""
    stack = metadata.get("nn_module_stack") if isinstance(metadata, dict) else None
    if not isinstance(stack, str) or not stack:
        return ""
    fields = stack.rsplit(";", 1)[-1].split(",")
    path = fields[1].split("@", 1)[0] if len(fields) >= 3 else ""
    return path if FQN.fullmatch(path) else ""


def _step(node: Any, decoder: Decoder) -> Step:
    if not isinstance(node, dict):
        raise ValueError("a graph node is not an object")
    name, target = str(node.get("name"))[:60], node.get("target")
    if not isinstance(target, str):
        raise ValueError(f"node {name!r} has no target")
    key = target.removeprefix("torch.ops.")
    op = (TENSOR_OPS.get(key) or INPLACE_OPS.get(key)) if target.startswith("torch.ops.") else None
    fn: Callable[..., Any] | None = op if op is not None else SIZE_ARITHMETIC.get(target)
    if fn is None:
        overload = target.split(".")[-2] if target.count(".") >= 2 else ""
        kind = " (an in-place op)" if overload.endswith("_") else ""
        raise ValueError(f"node {name!r} calls {target[:80]!r}{kind}, which is not on bcdsim's allowlist of "
                         "side-effect-free tensor ops")
    inputs = node.get("inputs")
    if not isinstance(inputs, list):
        raise ValueError(f"node {name!r} has no argument list")
    schema_names = {a.name for a in op._schema.arguments} if op is not None else None
    args, kwargs = [], {}
    for item in inputs:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"node {name!r} has a malformed argument")
        value = decoder.arg(item.get("arg"))
        if op is None and (isinstance(value, (Ref, list)) and not _all_sizes(value, decoder)):
            raise ValueError(f"node {name!r} does size arithmetic on a tensor")
        if item.get("kind") == 2:
            if item["name"] in kwargs or (schema_names is not None and item["name"] not in schema_names):
                raise ValueError(f"node {name!r} passes an unknown or repeated argument {item['name'][:40]!r}")
            kwargs[item["name"]] = value
        else:
            args.append(value)
    if key in TRAIN_FLAG:
        index, flag = TRAIN_FLAG[key]
        train = kwargs[flag] if flag in kwargs else args[index] if len(args) > index else None
        if train is not False:
            raise ValueError(f"node {name!r} runs {key} in training mode (random numbers or statistics updated "
                             "in place)")
    outputs = node.get("outputs")
    if not isinstance(outputs, list):
        raise ValueError(f"node {name!r} has no output list")

    def is_fresh(index: int, arg: str) -> bool:
        value = args[index] if index < len(args) else dict(kwargs).get(arg)
        return isinstance(value, Ref) and value.name in decoder.fresh

    if op is not None and not writes_fresh_only(op._schema, is_fresh):
        raise ValueError(f"node {name!r} runs the in-place {key} on a tensor the program did not compute itself "
                         "(its input or a weight)")
    fresh = op is not None and fresh_result(op._schema, is_fresh)
    bound = tuple(decoder.output(o) for o in outputs)
    if fresh:
        decoder.fresh.update(n for b in bound for n in (b if isinstance(b, tuple) else (b,)) if n in decoder.tensors)
    return Step(name, key, fn, tuple(args), tuple(kwargs.items()), bound, _scope(node.get("metadata")))


def _all_sizes(value: Any, decoder: Decoder) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(not isinstance(v, Ref) or v.name in decoder.sizes for v in items)


def _check_expressions(value: Any, depth: int = 0) -> None:
    """Every ``expr_str`` anywhere in the document must parse (it is metadata bcdsim never evaluates)."""
    if depth > 64:
        raise ValueError("the program JSON is nested too deeply")
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "expr_str":
                parse_sympy(item)
            else:
                _check_expressions(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_expressions(item, depth + 1)


def _check_pytree(text: Any) -> None:
    """A pytree spec (JSON inside a string) may only nest tuples, lists and dicts of tensors."""
    try:
        spec = json.loads(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        spec = None
    if not isinstance(spec, list) or len(spec) != 2:
        raise ValueError("a module signature's input/output spec is not a pytree spec")
    todo = [spec[1]]
    while todo:
        node = todo.pop()
        if not isinstance(node, dict) or node.get("type") not in _PYTREE_TYPES or \
                not isinstance(node.get("children_spec"), list):
            kind = node.get("type") if isinstance(node, dict) else node
            raise ValueError(f"a module signature uses the container type {str(kind)[:60]!r}")
        todo.extend(node["children_spec"])


def _check_call_graph(entries: Any) -> None:
    if not isinstance(entries, list):
        raise ValueError("module_call_graph is not a list")
    for entry in entries:
        fqn = entry.get("fqn") if isinstance(entry, dict) else None
        if not isinstance(fqn, str) or (fqn and not FQN.fullmatch(fqn.split("@", 1)[0])):
            raise ValueError(f"module path {str(fqn)[:80]!r} is not a plain attribute path")
        signature = entry.get("signature")
        if signature is None:
            continue
        if not isinstance(signature, dict):
            raise ValueError(f"the signature of module {fqn[:80]!r} is not an object")
        for arg in signature.get("forward_arg_names") or []:
            if not (isinstance(arg, str) and arg.isascii() and arg.isidentifier() and not keyword.iskeyword(arg)):
                raise ValueError(f"forward argument name {str(arg)[:80]!r} is not a plain name")
        _check_pytree(signature.get("in_spec"))
        _check_pytree(signature.get("out_spec"))


_TOP_KEYS = {"graph_module", "opset_version", "range_constraints", "schema_version", "verifiers", "torch_version",
             "guards_code"}
_RANGE_KEY = re.compile(r"[A-Za-z0-9_ *+()-]{1,200}")


def _ranges(value: Any) -> dict[str, tuple[int | None, int | None]]:
    if not isinstance(value, dict):
        raise ValueError("range_constraints is not an object")
    out = {}
    for key, bounds in value.items():
        if not _RANGE_KEY.fullmatch(key) or not isinstance(bounds, dict):
            raise ValueError(f"range constraint {key[:60]!r} is not a plain size expression")
        lo, hi = bounds.get("min_val"), bounds.get("max_val")
        out[key] = (None if lo is None else as_int(lo, "a bound"), None if hi is None else as_int(hi, "a bound"))
    return out


def _input_specs(specs: Any) -> list[tuple[str, str, str]]:
    fields = {"parameter": "parameter_name", "buffer": "buffer_name", "tensor_constant": "tensor_constant_name"}
    out = []
    for spec in specs if isinstance(specs, list) else []:
        kind, body = one_of(spec, "an input spec")
        if not isinstance(body, dict):
            raise ValueError("an input spec is not an object")
        if kind == "user_input":
            arg_kind, arg = one_of(body.get("arg"), "a user input")
            if arg_kind != "as_tensor":
                raise ValueError(f"the program takes a non-tensor input ({arg_kind[:40]})")
            out.append((str(arg.get("name")), kind, ""))
            continue
        if kind not in fields:
            raise ValueError(f"the program takes a {kind[:40]!r} input, which bcdsim does not read")
        fqn = body.get(fields[kind])
        if not isinstance(fqn, str) or not FQN.fullmatch(fqn):
            raise ValueError(f"{fields[kind]} {str(fqn)[:80]!r} is not a plain attribute path")
        if kind == "buffer" and body.get("persistent") is False:
            kind = "buffer_np"
        out.append((str((body.get("arg") or {}).get("name")), kind, fqn))
    return out


def _dims(meta: Any) -> tuple[tuple[int | Linear, ...], tuple[int, ...] | None]:
    """The input's sizes (ints or linear symbolic sizes) and the exported example's concrete shape."""
    sizes = meta.get("sizes") if isinstance(meta, dict) else None
    if not isinstance(sizes, list) or not sizes:
        raise ValueError("the program's input has no recorded sizes")
    dims: list[int | Linear] = []
    example: list[int] | None = []
    for i, size in enumerate(sizes):
        kind, value = one_of(size, "an input size")
        if kind == "as_int":
            dims.append(as_int(value, "an input size"))
            example = example if example is None else [*example, value]
            continue
        expr = value.get("expr_str") if kind == "as_expr" and isinstance(value, dict) else None
        dim = linear(parse_sympy(expr)) if expr is not None else None
        if dim is None or (isinstance(dim, Linear) and dim.scale <= 0):
            raise ValueError(f"input dimension {i} has a symbolic size bcdsim cannot check ({str(expr)[:60]})")
        dims.append(dim)
        hint = (value.get("hint") or {}).get("as_int") if isinstance(value.get("hint"), dict) else None
        example = [*example, hint] if example is not None and type(hint) is int else None
    return tuple(dims), tuple(example) if example else None


def parse_program(doc: Any) -> Program:
    """The steps of an exported program; ``ValueError`` (also ``ShapeTextError``) names what is refused."""
    if not isinstance(doc, dict) or not isinstance(doc.get("graph_module"), dict):
        raise ValueError("models/model.json is not an exported program")
    unknown = sorted(k for k, v in doc.items() if k not in _TOP_KEYS and v)
    if unknown:
        raise ValueError(f"the program has a field bcdsim does not know: {unknown[0][:40]!r}")
    version = doc.get("schema_version") or {}
    if not isinstance(version, dict) or version.get("major") != SCHEMA_MAJOR:
        raise ValueError(f"it uses export schema {str(version)[:40]}; bcdsim reads schema {SCHEMA_MAJOR}")
    if not set(doc.get("verifiers") or []) <= {"TRAINING", "ATEN", ""}:
        raise ValueError(f"it is an exported program of dialect {str(doc.get('verifiers'))[:40]}")
    _check_expressions(doc)
    gm = doc["graph_module"]
    _check_call_graph(gm.get("module_call_graph"))
    if gm.get("treespec_namedtuple_fields"):
        raise ValueError("its outputs are named tuples")
    graph, signature = gm.get("graph"), gm.get("signature")
    if not isinstance(graph, dict) or not isinstance(signature, dict):
        raise ValueError("the program has no graph or no signature")
    inputs = _input_specs(signature.get("input_specs"))
    users = [name for name, kind, _ in inputs if kind == "user_input"]
    if len(users) != 1:
        raise ValueError(f"the program takes {len(users)} inputs; bcdsim runs models of one image input")
    listed = [one_of(a, "a graph input")[1] for a in graph.get("inputs") or []]
    if [a.get("name") if isinstance(a, dict) else None for a in listed] != [name for name, _, _ in inputs]:
        raise ValueError("the graph's inputs do not match its signature")
    decoder = Decoder()
    decoder.tensors.update(name for name, _, _ in inputs)
    nodes = graph.get("nodes")
    if not isinstance(nodes, list) or len(nodes) > MAX_NODES:
        raise ValueError("the graph has no node list, or too many nodes")
    steps = tuple(_step(node, decoder) for node in nodes)
    outputs = []
    for spec in signature.get("output_specs") or []:
        kind, body = one_of(spec, "an output spec")
        arg_kind, arg = one_of((body or {}).get("arg") if isinstance(body, dict) else None, "an output")
        if kind != "user_output" or arg_kind != "as_tensor":
            raise ValueError(f"the program outputs a {kind[:40]} ({arg_kind[:20]}), which bcdsim does not read")
        outputs.append(decoder.ref(arg.get("name") if isinstance(arg, dict) else None).name)
    if not outputs:
        raise ValueError("the program has no outputs")
    ranges = _ranges(doc.get("range_constraints") or {})
    dims, example = _dims((graph.get("tensor_values") or {}).get(users[0]))
    root = next((e for e in gm.get("module_call_graph") or [] if e.get("fqn") == "" and e.get("signature")), None)
    arg_names = (root["signature"].get("forward_arg_names") or []) if root else []
    input_name = arg_names[0] if len(arg_names) == 1 else users[0]
    guards = []
    for text in doc.get("guards_code") or []:
        guard = parse_guard(text)
        if {m for m in re.findall(r"L\['(\w+)'\]", text)} - {input_name}:
            raise ValueError(f"guard {text[:80]!r} reads an input the program does not have")
        guards.append((text, guard))
    return Program(steps, tuple(inputs), tuple(outputs), input_name, dims, example, ranges, tuple(guards))
