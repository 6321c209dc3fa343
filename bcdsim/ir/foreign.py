"""Lowering of BNNs written in someone else's code: one aten-level trace -> IR Graph (DESIGN.md §2, §4).

The model runs once on a random sample input (fixed seed, eval, no grad) under a
``TorchDispatchMode``, which sees every aten op after autograd and composite decomposition, for
eager modules, TorchScript modules (their interpreter calls ops through the dispatcher) and
``torch.export`` programs alike. Only ops downstream of the input become nodes: work on parameters
alone (alpha*sign(W), abs, mean, clamp, weight views) runs unrecorded and is seen as the operand
values of the conv/linear that consumes it, which is binary or real by those values
(``bcdsim.ir.operands``), never by names. STE plumbing such as ``(sign(x) - x).detach() + x``
collapses onto the ancestor whose value it reproduces, leftovers are pruned, and ops without a
handler become ``ops.Opaque`` with their recorded shape. Nodes are named after the parameter they
read, else the module scope (eager hooks, export's ``nn_module_stack``; TorchScript has none).
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch
import torch.fx as fx
import torch.fx.traceback as fx_traceback
from torch import nn
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten
from torch.utils.weak import WeakIdKeyDictionary

from bcdsim.ir import ops
from bcdsim.ir.aten import HANDLERS, Call, ForeignLoweringError
from bcdsim.ir.graph import Graph, GraphBuilder, GraphError, Node
from bcdsim.ir.operands import Fingerprint, fingerprint, same_value

log = logging.getLogger(__name__)

STE_DEPTH = 4  # how far back an STE expression may reach for the value it reproduces
MAC_TARGETS = {"convolution", "_convolution", "addmm", "mm", "linear", "bmm", "baddbmm", "matmul"}


class Recorder(TorchDispatchMode):
    """Runs every aten op and appends an IR node for those that depend on the model input."""

    def __init__(self, builder: GraphBuilder, params: dict[str, torch.Tensor], scope: Callable[[], str]):
        super().__init__()
        self.builder = builder
        self.scope = scope
        self.node_of: WeakIdKeyDictionary = WeakIdKeyDictionary()  # input-dependent tensor -> node
        self.origin: WeakIdKeyDictionary = WeakIdKeyDictionary()  # constant tensor -> parameter name
        self.detached: WeakIdKeyDictionary = WeakIdKeyDictionary()  # tensors downstream of a detach
        self.prints: dict[str, Fingerprint] = {}
        self.nodes: dict[str, Node] = {}
        self.untraced: list[str] = []
        for pname, t in params.items():
            self.origin[t] = pname

    def add_input(self, x: torch.Tensor) -> None:
        self.batch = int(x.shape[0])
        self.node_of[x] = self.builder.add(ops.Input(tuple(x.shape)), (), "input", "input")
        self._remember(self.node_of[x], x)

    def _remember(self, name: str, value: torch.Tensor) -> None:
        self.nodes[name] = self.builder.nodes[-1]
        self.prints[name] = fingerprint(value)

    def live(self, t: Any) -> bool:
        return isinstance(t, torch.Tensor) and t in self.node_of

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        tensors = [t for t in tree_flatten((args, kwargs))[0] if isinstance(t, torch.Tensor)]
        outs = [t for t in tree_flatten(out)[0] if isinstance(t, torch.Tensor)]
        live = [t for t in tensors if t in self.node_of]
        if not live:  # parameter-only work: remember which parameter it came from, for names
            if func._overloadpacket.__name__ in MAC_TARGETS and any(t.dim() == 4 for t in tensors):
                self.untraced.append(str(func))  # a conv on values the trace lost track of
            pname = next((self.origin[t] for t in tensors if t in self.origin), None)
            for t in outs if pname else ():
                self.origin[t] = pname
        elif outs:
            self._record(Call(func, tuple(args), kwargs, outs[0]), live, outs)
        return out

    def _record(self, call: Call, live: list[torch.Tensor], outs: list[torch.Tensor]) -> None:
        name = None
        tainted = [t for t in live if t in self.detached]
        if tainted:
            name = self._collapse(call.result, live)
            # still plumbing: not yet collapsed, or passed through unchanged (clone of a detached value)
            if (name is None and any(t.shape == call.result.shape for t in tainted)) or \
                    name in {self.node_of[t] for t in tainted}:
                for t in outs:
                    self.detached[t] = True
        if name is None and call.kind in HANDLERS:
            name = HANDLERS[call.kind](self, call)
        if name is None:  # one Opaque node per output, named after a parameter it reads if any
            param = next((t for t in call.args if isinstance(t, torch.Tensor) and t in self.origin), None)
            inputs = list(dict.fromkeys(self.node_of[a] for a in live))
            for i, t in enumerate(outs):
                short = call.kind + (f"_{i}" if len(outs) > 1 else "")
                self.node_of[t] = self.emit(call, ops.Opaque(str(call.func), tuple(t.shape)), inputs, param, t, short)
            return
        for t in outs:
            self.node_of[t] = name

    def _collapse(self, result: torch.Tensor, live: list[torch.Tensor]) -> str | None:
        """The nearest ancestor whose recorded value equals ``result`` (an STE's forward value)."""
        target, seen = fingerprint(result), set()
        frontier = [self.node_of[t] for t in live]
        for _ in range(STE_DEPTH):
            frontier = [n for n in dict.fromkeys(frontier) if n not in seen]
            seen.update(frontier)
            hit = next((n for n in frontier if same_value(self.prints.get(n), target)), None)
            if hit is not None:
                return hit
            frontier = [i for n in frontier for i in self.nodes[n].inputs]
        return None

    def emit(self, call: Call, op: ops.Op, inputs: list[str], param: torch.Tensor | None = None,
             value: torch.Tensor | None = None, short: str = "") -> str:
        """Append ``op``, named after its parameter or scope, and check its shape against PyTorch's."""
        value = call.result if value is None else value
        pname = self.origin.get(param) if isinstance(param, torch.Tensor) else None
        scope = self.scope()
        short = short or call.kind.lstrip("_")
        if pname:
            base = pname.rsplit(".", 1)[0] if pname.rsplit(".", 1)[-1] in ("weight", "weights", "bias") else pname
        else:
            base = f"{scope}.{short}" if scope else short
        source = str(call.func) + (f" in {scope}" if scope else "") + (f" on {pname}" if pname else "")
        try:
            name = self.builder.add(op, inputs, base, source)
        except GraphError as e:
            raise ForeignLoweringError(str(e)) from None
        self._remember(name, value)
        if self.nodes[name].shape != tuple(value.shape):
            raise ForeignLoweringError(f"node '{name}' ({source}): the IR infers shape {self.nodes[name].shape}, "
                                       f"PyTorch produced {tuple(value.shape)}")
        return name


# --- driver -----------------------------------------------------------------------------------

@contextmanager
def _module_scope(model: nn.Module) -> Iterator[Callable[[], str]]:
    """Current module path while ``model`` runs (eager modules via hooks; TorchScript has none)."""
    stack: list[str] = []
    handles = []

    def enter(path: str) -> Callable[..., None]:
        return lambda *_: stack.append(path)

    def leave(*_: Any) -> None:  # must return None: a forward hook's result replaces the output
        stack.pop()

    # a program read from a .pt2 archive (bcdsim.io.pt2.ProgramModule) says where each op comes from
    reports_scope = getattr(type(model), "bcdsim_reports_scope", False) is True
    if not isinstance(model, (torch.jit.ScriptModule, fx.GraphModule)) and not reports_scope:
        for path, mod in model.named_modules():
            if path and not isinstance(mod, torch.jit.ScriptModule):
                handles += [mod.register_forward_pre_hook(enter(path)), mod.register_forward_hook(leave)]

    def scope() -> str:
        if stack:
            return stack[-1]
        if reports_scope:
            return model.bcdsim_scope
        meta = fx_traceback.get_current_meta() or {}
        entries = list((meta.get("nn_module_stack") or {}).values())
        return str(entries[-1][0]) if entries else ""

    try:
        yield scope
    finally:
        for h in handles:
            h.remove()


def _set_mode(model: nn.Module, training: bool) -> None:
    try:
        model.train(training)
    except (NotImplementedError, RuntimeError) as e:  # exported programs may refuse mode switches
        log.debug("cannot switch %s to training=%s: %s", type(model).__name__, training, e)


def lower_foreign(model: nn.Module | torch.export.ExportedProgram, input_shape: tuple[int, ...],
                  name: str = "model", seed: int = 0) -> Graph:
    """Trace ``model`` (an nn.Module, a loaded TorchScript module, an ExportedProgram or its ``module()``)
    on one random input of ``input_shape`` and lower the aten ops that depend on it to an IR Graph."""
    if isinstance(model, torch.export.ExportedProgram):
        model = model.module()
    like = next((p for p in model.parameters() if p.is_floating_point()), torch.empty(0))
    x = torch.randn(tuple(input_shape), generator=torch.Generator().manual_seed(seed)).to(like)
    builder, was_training = GraphBuilder(name), model.training
    _set_mode(model, False)
    try:
        with _module_scope(model) as scope:
            recorder = Recorder(builder, {**dict(model.named_buffers()), **dict(model.named_parameters())}, scope)
            recorder.add_input(x)
            # optimized_execution(False): TorchScript's fuser would run fused kernels past the dispatcher
            with torch.no_grad(), torch.jit.optimized_execution(False), fx_traceback.preserve_node_meta(), \
                    recorder:
                # exported programs run node by node so that each op's nn_module_stack is visible
                out = fx.Interpreter(model).run(x) if isinstance(model, fx.GraphModule) else model(x)
    except (RuntimeError, AssertionError) as e:  # the model rejects the input (TorchScript, torch.export guards)
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        raise ForeignLoweringError(f"{name}: the model fails on a {'x'.join(map(str, input_shape))} input: "
                                   f"{first}") from None
    finally:
        _set_mode(model, was_training)
    outputs = list(dict.fromkeys(recorder.node_of[t] for t in tree_flatten(out)[0]
                                 if isinstance(t, torch.Tensor) and t in recorder.node_of))
    if not outputs:
        raise ForeignLoweringError(f"{name}: the model's output does not depend on its input")
    graph = _finish(builder, outputs)
    uncounted = [n.name for n in graph.ops_of(ops.Opaque) if n.op.target.split(".")[1] in MAC_TARGETS]
    if uncounted:
        log.warning("%s: MACs NOT counted for ops kept opaque (unsupported operands or attributes): %s",
                    name, ", ".join(uncounted))
    if recorder.untraced:
        log.warning("%s: %d convs ran on tensors not traced to the input: missing from graph and counts",
                    name, len(recorder.untraced))
    return graph


def _finish(builder: GraphBuilder, outputs: list[str]) -> Graph:
    """Drop nodes no output needs (STE leftovers); fold Bias -> Sign into Sign(threshold) (RSign)."""
    nodes = {n.name: n for n in builder.nodes}
    needed, todo = set(), list(outputs)
    while todo:
        if (n := todo.pop()) not in needed:
            needed.add(n)
            todo.extend(nodes[n].inputs)
    live = [n for n in builder.nodes if n.name in needed or isinstance(n.op, ops.Input)]
    users = Counter(i for n in live for i in n.inputs)
    folded = {b for n in live if isinstance(n.op, ops.Sign) and n.op.threshold is None
              and isinstance(nodes[b := n.inputs[0]].op, ops.Bias) and users[b] == 1 and b not in outputs}
    out, alias = GraphBuilder(builder.name), {}
    for n in live:
        if n.name in folded:
            continue
        if n.inputs and n.inputs[0] in folded:  # sign(x + b) = sign with threshold -b, named after b
            bias = nodes[n.inputs[0]]
            op = ops.Sign(threshold=(-bias.op.bias).astype(np.float32))
            alias[n.name] = out.add(op, [alias[bias.inputs[0]]], bias.name, f"{bias.source} + {n.source}")
        else:
            alias[n.name] = out.copy(n, [alias[i] for i in n.inputs])
    return out.build([alias[o] for o in outputs])
