"""The IR graph: ordered nodes with unique names, inputs by name, inferred shapes and dtypes.

torch.fx-style bookkeeping (DESIGN.md §8.2): nodes are kept in topological order, every node
knows its inputs by name, ``users()`` gives consumers, ``lint()`` checks the invariants, and
every error names the node. Graphs are immutable: passes build new ones with ``GraphBuilder``.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bcdsim.ir.dtypes import DataType
from bcdsim.ir.ops import Input, Op, Shape, ShapeError


class GraphError(ValueError):
    """A graph is malformed or an op cannot take its inputs; the message names the node."""


@dataclass(frozen=True)
class Node:
    name: str
    op: Op
    inputs: tuple[str, ...]
    shape: Shape
    dtype: DataType
    source: str = ""  # the module path (or aten call) this node came from, for reports

    def format(self) -> str:
        args = ", ".join(self.inputs)
        desc = self.op.describe()
        return (f"%{self.name} = {type(self.op).__name__}({args}){'  {' + desc + '}' if desc else ''}"
                f"  -> {list(self.shape)} {self.dtype}")


class Graph:
    def __init__(self, nodes: Sequence[Node], outputs: Sequence[str], name: str = "graph"):
        self.nodes: tuple[Node, ...] = tuple(nodes)
        self.outputs: tuple[str, ...] = tuple(outputs)
        self.name = name
        self._by_name = {n.name: n for n in self.nodes}
        self.lint()

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def node(self, name: str) -> Node:
        try:
            return self._by_name[name]
        except KeyError:
            raise GraphError(f"{self.name}: no node named '{name}'") from None

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.nodes if isinstance(n.op, Input))

    def users(self, name: str) -> list[Node]:
        return [n for n in self.nodes if name in n.inputs]

    def ops_of(self, *types: type[Op]) -> list[Node]:
        return [n for n in self.nodes if isinstance(n.op, types)]

    def lint(self) -> None:
        seen: set[str] = set()
        for n in self.nodes:
            if n.name in seen:
                raise GraphError(f"{self.name}: duplicate node name '{n.name}'")
            for i in n.inputs:
                if i not in seen:
                    raise GraphError(f"{self.name}: node '{n.name}' reads '{i}' before it is defined")
            seen.add(n.name)
        for o in self.outputs:
            if o not in seen:
                raise GraphError(f"{self.name}: output '{o}' is not a node")

    def format(self) -> str:
        lines = [f"graph {self.name}:"]
        lines += [f"  {n.format()}" for n in self.nodes]
        lines.append(f"  return {', '.join('%' + o for o in self.outputs)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Graph {self.name}: {len(self.nodes)} nodes>"


class GraphBuilder:
    """Appends nodes in order, making names unique and inferring shape and dtype on the way."""

    def __init__(self, name: str = "graph"):
        self.name = name
        self.nodes: list[Node] = []
        self._by_name: dict[str, Node] = {}

    def node(self, name: str) -> Node:
        return self._by_name[name]

    def unique(self, base: str) -> str:
        base = base.replace(".", "_") or "node"
        name, i = base, 1
        while name in self._by_name:
            name, i = f"{base}_{i}", i + 1
        return name

    def add(self, op: Op, inputs: Sequence[str] = (), name: str = "", source: str = "",
            dtype: DataType | None = None) -> str:
        """Append a node; ``dtype`` overrides the op's inferred type (the fixed-point typing pass)."""
        name = self.unique(name or type(op).__name__.lower())
        if op.arity >= 0 and len(inputs) != op.arity:
            raise GraphError(f"node '{name}': {type(op).__name__} takes {op.arity} inputs, got {len(inputs)}")
        try:
            args = [self._by_name[i] for i in inputs]
        except KeyError as e:
            raise GraphError(f"node '{name}': unknown input {e}") from None
        try:
            shape = tuple(int(d) for d in op.infer_shape(*(a.shape for a in args)))
        except ShapeError as e:
            raise GraphError(f"node '{name}' ({source or type(op).__name__}): {e}") from None
        node = Node(name, op, tuple(inputs), shape, dtype or op.infer_dtype(*(a.dtype for a in args)), source)
        self.nodes.append(node)
        self._by_name[name] = node
        return name

    def copy(self, node: Node, inputs: Sequence[str] | None = None, op: Op | None = None,
             dtype: DataType | None = None) -> str:
        """Re-add ``node`` (keeping its name when free) with new inputs, op or dtype."""
        return self.add(op or node.op, node.inputs if inputs is None else inputs, node.name, node.source, dtype)

    def build(self, outputs: Sequence[str]) -> Graph:
        return Graph(self.nodes, outputs, self.name)

