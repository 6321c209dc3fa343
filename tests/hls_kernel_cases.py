"""Randomized cases of the HLS kernel tests (tests/test_hls_kernels.py).

Each case is a small typed hardware graph with random constants, a folding per primary unit
and random inputs. The design layer builds it (``bcdsim.design``: units, windows, gathers,
converters, forks, FIFO depths; DDR and URAM placements where a case asks for them), the HLS
backend plans it (``bcdsim.backends.hls.plan``) and renders every layer with its own templates
(``templates.config_text``, ``calls.call_text``) into a self-contained C++ case: a small dataflow
top. ``expected`` runs bcdsim's numpy hw kernels on the same inputs. Sizes cover odd maps,
strides, padding (border pixels), SIMD below C, equal to C, and C times kernel positions, and PE
from 1 to all outputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from hls4ml.backends.fpga.fpga_types import APTypeConverter
from hls4ml.model.types import FixedPrecisionType

from bcdsim.backends.hls import calls, plan, templates
from bcdsim.cost.units import unit_cycles
from bcdsim.design import units as k
from bcdsim.design.build import assemble
from bcdsim.design.fifos import size_fifos
from bcdsim.design.folding import default_fold
from bcdsim.design.plan import plan as plan_units
from bcdsim.design.units import Fold
from bcdsim.hw.interpret import HW_KERNELS
from bcdsim.hw.ops import Affine, IntThreshold, XnorConv2d, XnorShiftMLP, popcount_bits
from bcdsim.ir import ops
from bcdsim.ir.dtypes import BIPOLAR, Bipolar, Fixed, Int
from bcdsim.ir.graph import Graph, GraphBuilder


@dataclass
class Case:
    name: str
    graph: Graph
    folds: dict[str, Fold]  # by primary unit (hardware node) name; others: the default folding
    x: np.ndarray  # raw hw input values: bits (uint8) or mantissas (int64), NCHW / NF
    ddr: frozenset[str] = frozenset()  # matrix units whose weights stream from DDR
    uram: tuple[str, ...] = ()  # units whose weights sit in URAM (loaded from DDR at start-up)
    ddr_fifos: tuple[str, ...] = ()  # consumers whose forked input FIFO sits in DDR
    design: object = None
    layers: list = field(default_factory=list)


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _raw(rng, t, shape) -> np.ndarray:
    if isinstance(t, Bipolar):
        return rng.integers(0, 2, shape).astype(np.uint8)
    lo, hi = -(1 << (t.bits - 1)), (1 << (t.bits - 1))
    return rng.integers(lo, hi, shape).astype(np.int64)


def _pm1(rng, shape) -> np.ndarray:
    return np.where(rng.random(shape) < 0.5, -1, 1).astype(np.int8)


def _graph(name, x_shape, x_type, layers) -> Graph:
    """layers: (op, input names, output name, dtype); the last one is the output."""
    b = GraphBuilder(name)
    b.add(ops.Input(x_shape), [], "x", dtype=x_type)
    for op, inputs, out, dtype in layers:
        b.add(op, inputs, out, dtype=dtype)
    return b.build([layers[-1][2]])


def _stage(rng, stage: str, o: int, n: int, src: str = "pop") -> list:
    if stage == "affine":
        return [(Affine(rng.normal(0, 0.3, (1, o)).astype(np.float32), rng.normal(0, 2, o).astype(np.float32)),
                 [src], "y", Fixed(16, 5))]
    if stage == "threshold":
        return [(IntThreshold(rng.integers(-n - 1, n + 2, o), rng.random(o) < 0.3), [src], "y", BIPOLAR)]
    return []


def xnor_case(name, seed, c, h, w, o, kk, s, p, simd, pe, stage, **kw) -> Case:
    rng = _rng(seed)
    conv = XnorConv2d(_pm1(rng, (o, c, kk, kk)), s, p)
    layers = [(conv, ["x"], "pop", Int(popcount_bits(c * kk * kk)))] + _stage(rng, stage, o, c * kk * kk)
    g = _graph(name, (1, c, h, w), BIPOLAR, layers)
    return Case(name, g, {"pop": Fold(simd, pe)}, _raw(rng, BIPOLAR, (1, c, h, w)), **kw)


def shift_case(name, seed, c, h, w, o, local, glob, simd, pe, **kw) -> Case:
    rng = _rng(seed)
    op = XnorShiftMLP(_pm1(rng, (3, o, c)), ((0, 0), local, glob))
    aff = Affine(rng.normal(0, 0.2, (3, o)).astype(np.float32), rng.normal(0, 1, o).astype(np.float32))
    layers = [(op, ["x"], "pop", Int(popcount_bits(c))), (aff, ["pop"], "y", Fixed(16, 6))]
    g = _graph(name, (1, c, h, w), BIPOLAR, layers)
    return Case(name, g, {"pop": Fold(simd, pe)}, _raw(rng, BIPOLAR, (1, c, h, w)), **kw)


def conv_fixed_case(name, seed, c, h, w, o, kk, s, p, groups, simd, pe, bias=True, linear=False, **kw) -> Case:
    rng = _rng(seed)
    b = rng.normal(0, 0.5, o).astype(np.float32) if bias else None
    if linear:
        op, shape = ops.Linear(rng.normal(0, 0.3, (o, c)).astype(np.float32), b), (1, c)
    else:
        op = ops.Conv2d(s, p, groups, rng.normal(0, 0.4, (o, c // groups, kk, kk)).astype(np.float32), b)
        shape = (1, c, h, w)
    x_t = Fixed(16, 3)
    g = _graph(name, shape, x_t, [(op, ["x"], "y", Fixed(16, 6))])
    return Case(name, g, {"y": Fold(simd, pe)}, _raw(rng, x_t, shape), **kw)


def elementwise_case(name, seed, kind, c, h, w, pe, **kw) -> Case:
    """One per-channel unit; add and concat join two branches of x (an affine and a scale)."""
    rng = _rng(seed)
    x_t, out_t = Fixed(16, 4), Fixed(16, 5)
    vec = lambda scale: rng.normal(0, scale, c).astype(np.float32)  # noqa: E731
    if kind == "batchnorm":
        layers = [(ops.BatchNorm(vec(1), vec(1), vec(1), np.abs(vec(1)) + 0.1), ["x"], "y", out_t)]
    elif kind == "rprelu":
        layers = [(ops.RPReLU(vec(0.5), vec(0.3), vec(0.5)), ["x"], "y", out_t)]
    elif kind == "prelu":
        layers = [(ops.PReLU(np.array([0.25], np.float32)), ["x"], "y", out_t)]
    elif kind == "bias":
        layers = [(ops.Bias(vec(2)), ["x"], "y", out_t)]
    elif kind == "leaky_relu":  # an op the backends know only through its channel form
        layers = [(ops.LeakyReLU(0.1), ["x"], "y", out_t)]
    elif kind == "scale":
        layers = [(ops.Scale(0.5), ["x"], "y", Fixed(16, 3))]
    elif kind == "sign":
        layers = [(ops.Sign(vec(1)), ["x"], "y", BIPOLAR)]
    elif kind == "int_threshold":
        x_t = Int(7)
        layers = [(IntThreshold(rng.integers(-40, 40, c), rng.random(c) < 0.5), ["x"], "y", BIPOLAR)]
    elif kind in ("add", "concat"):
        layers = [(ops.Bias(vec(1)), ["x"], "a", Fixed(16, 5)), (ops.Scale(0.5), ["x"], "b", Fixed(16, 6)),
                  (ops.Add() if kind == "add" else ops.Concat(1), ["a", "b"], "y", out_t)]
    else:
        raise ValueError(kind)
    g = _graph(name, (1, c, h, w), x_t, layers)
    folds = {n: Fold(1, pe) for n in ("y", "a", "b")}
    return Case(name, g, folds, _raw(rng, x_t, (1, c, h, w)), **kw)


def pool_case(name, seed, kind, c, h, w, kk=2, s=2, p=0, pe=1) -> Case:
    rng = _rng(seed)
    x_t = Fixed(16, 5)
    if kind == "gap":
        op, out_t = ops.GlobalAvgPool(), Fixed(16, 4)
    elif kind == "max":
        op, out_t = ops.MaxPool2d(kk, s, p), x_t
    else:
        op, out_t = ops.AvgPool2d(kk, s, p), Fixed(16, 4)
    g = _graph(name, (1, c, h, w), x_t, [(op, ["x"], "y", out_t)])
    return Case(name, g, {"y": Fold(1, pe)}, _raw(rng, x_t, (1, c, h, w)))


def context_case(name, seed, c, h, w, hidden, pe, macs, offsets: bool, **kw) -> Case:
    """A contextual threshold unit feeding a 1x1 XNOR conv; with ``offsets`` e also feeds the
    output-offset FC added to the conv's result (BCDNet-B's block)."""
    rng = _rng(seed)
    x_t = Fixed(16, 5)
    layers = [(ops.GlobalAvgPool(), ["x"], "gap", Fixed(16, 3)), (ops.Flatten(), ["gap"], "flat", Fixed(16, 3)),
              (ops.Linear(rng.normal(0, 0.5, (hidden, c)).astype(np.float32)), ["flat"], "e", Fixed(16, 3)),
              (ops.Linear(rng.normal(0, 0.5, (c, hidden)).astype(np.float32)), ["e"], "thr", Fixed(16, 4)),
              (ops.DynamicSign(), ["x", "thr"], "bits", BIPOLAR),
              (XnorConv2d(_pm1(rng, (c, c, 1, 1)), 1, 0), ["bits"], "pop", Int(popcount_bits(c)))]
    if offsets:
        layers += [(Affine(rng.normal(0, 0.3, (1, c)).astype(np.float32), rng.normal(0, 1, c).astype(np.float32)),
                    ["pop"], "z", Fixed(16, 5)),
                   (ops.Linear(rng.normal(0, 0.5, (c, hidden)).astype(np.float32)), ["e"], "off", Fixed(16, 4)),
                   (ops.AddChannelOffset(), ["z", "off"], "y", Fixed(16, 5))]
    else:
        layers += [(Affine(rng.normal(0, 0.3, (1, c)).astype(np.float32), rng.normal(0, 1, c).astype(np.float32)),
                    ["pop"], "y", Fixed(16, 5))]
    g = _graph(name, (1, c, h, w), x_t, layers)
    return Case(name, g, {"bits": Fold(macs, pe)}, _raw(rng, x_t, (1, c, h, w)), **kw)


# --- design, plan, rendering and the reference ----------------------------------------------------

def plan_case(case: Case) -> Case:
    """The case's design (folding, DDR and URAM placements) and its HLS layers."""
    planned = plan_units(case.graph)
    folding = {p.name: case.folds.get(p.name) or default_fold(p) for p in planned}
    design = assemble(case.graph, planned, folding, case.ddr, case.name)
    for name in case.uram:
        u = design.unit(name)
        u.memories[0] = replace(u.memories[0], style="uram")
    design.timing = size_fifos(design)
    for s in design.streams:
        if s.consumer in case.ddr_fifos and s.producer.endswith("__fork"):
            s.style = "ddr"
    case.design = design
    case.layers = plan.build(case.graph, design)
    plan.layout(case.layers)
    return case


def expected_cycles(case: Case) -> dict[str, int]:
    """Cycles per frame of every unit by the contract's formulas (bcdsim.design.cycles)."""
    return {u.name: unit_cycles(u) for u in case.design.units if u.kind != k.INPUT}


def _values(w) -> str:
    if isinstance(w.precision, FixedPrecisionType):
        return ", ".join(f"{v:.{max(w.precision.fractional, 0)}f}" for v in w.data.reshape(-1))
    return ", ".join(str(int(v)) for v in w.data.reshape(-1))


def cpp_case(case: Case) -> str:
    """A C++ namespace with the case's types, constants, configs and a run(dir) function: the
    layers' calls in a dataflow region, rendered with the HLS backend's templates."""
    conv = APTypeConverter()
    layers = case.layers
    var, typ = {}, {}
    lines = [f"namespace {case.name} {{"]
    for layer in layers:
        for s, name in zip(layer.outputs, layer.out_names):
            var[name], typ[name] = f"s{len(var)}", f"s{len(var)}_t"
            lines.append(f"typedef {plan.word_type(s)} {typ[name]};")
    params = {}
    for layer in layers[1:]:
        ws = {}
        for w in layer.weights:
            name = f"{w.attr}_{layer.index}"
            lines.append(f"typedef {conv.convert(w.precision).definition_cpp()} {name}_t;")
            lines.append(f"static const {name}_t {name}[] = {{{_values(w)}}};")
            ws[w.attr] = (name, f"{name}_t")
        p = templates.unit_params(layer, layer.index, [(var[n], typ[n]) for n in layer.inputs],
                                  [(var[n], typ[n]) for n in layer.out_names], ws)
        params[layer.name] = p
        lines.append(templates.config_text(layer, p))
    out_name = next(n for layer in layers for s, n in zip(layer.outputs, layer.out_names) if not s.consumer)
    body = []
    if plan.uses_ddr(layers):
        body.append(f'static std::vector<bcd::ddr_word> image = bcdtest::read_ddr(dir + "/ddr.bin", '
                    f'{plan.layout(layers)});')
        body.append("bcd::ddr_word *ddr = &image[0];")
        arrays = {id(a): f"{a.attr}_{layer.index}" for layer in layers for a in layer.arrays}
        body += calls.load_lines(layers, arrays)
    in_name = layers[0].out_names[0]
    body.append(f'hls::stream<{typ[in_name]}> {var[in_name]}("x"); bcdtest::feed({var[in_name]}, '
                'bcdtest::read_ints(dir + "/in0.txt"));')
    for layer in layers[1:]:
        for s, name in zip(layer.outputs, layer.out_names):
            if name == out_name:
                body.append(f"hls::stream<{typ[name]}> {var[name]};")
            else:
                depth = 2 if s.style == "ddr" else s.depth
                body.append(f'hls::stream<{typ[name]}> {var[name]}("{name}"); BCD_FIFO_DEPTH({var[name]}, {depth});')
    for layer in layers[1:]:
        body += calls.call_text(layer, params[layer.name]).split("\n    ")
    body.append("BCD_DATAFLOW_END();  // the bounded-FIFO build: wait for the processes")
    body.append(f'bcdtest::write_ints(dir + "/out0.txt", bcdtest::drain({var[out_name]}));')
    body.append(f'if (!{var[in_name]}.empty()) std::cerr << "{case.name}: input not consumed\\n";')
    lines += ["void run(const std::string &dir) {"] + [f"    {b}" for b in body] + ["}", "}  // namespace", ""]
    return "\n".join(lines)


def stream_order(value: np.ndarray) -> np.ndarray:
    """Flat values in stream order: pixels row-major, channels innermost."""
    return (value.transpose(0, 2, 3, 1) if value.ndim == 4 else value).reshape(-1)


def expected(case: Case) -> np.ndarray:
    """The case's output by bcdsim's numpy hw kernels (bits 0/1, mantissas)."""
    values = {"x": case.x}
    for node in case.graph:
        if node.name in values:
            continue
        args = [values[i] for i in node.inputs]
        types = [case.graph.node(i).dtype for i in node.inputs]
        values[node.name] = HW_KERNELS[type(node.op)](node.op, args, types, node)[0]
    return values[case.graph.outputs[0]]
