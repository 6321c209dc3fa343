"""Randomized cases of the HLS kernel tests (tests/test_hls_kernels.py).

Each case is a one-op typed hardware graph with random constants, a folding and random inputs.
The HLS backend's emitter plans the op's unit; ``cpp_case`` renders it with the backend's own
templates into a self-contained C++ case; ``expected`` runs bcdsim's numpy hw kernels on the same
inputs. Sizes cover odd maps, strides, padding (border pixels), SIMD below C, equal to C, and C
times kernel positions, and PE from 1 to all outputs. ``expected_cycles`` gives each process's
iterations per frame by the contract's formulas (bcdsim.design.cycles, docs/hardware_units.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hls4ml.backends.fpga.fpga_types import APTypeConverter
from hls4ml.model.types import FixedPrecisionType

from bcdsim.backends.hls import templates
from bcdsim.backends.hls.plan import Fold, Planner, Stream, Unit
from bcdsim.design import cycles
from bcdsim.hw.interpret import HW_KERNELS
from bcdsim.hw.ops import Affine, IntThreshold, XnorConv2d, XnorShiftMLP, popcount_bits
from bcdsim.ir import ops
from bcdsim.ir.dtypes import BIPOLAR, Bipolar, Fixed, Int
from bcdsim.ir.graph import Graph, GraphBuilder


@dataclass
class Case:
    name: str
    graph: Graph
    fold: dict[str, Fold]
    inputs: dict[str, np.ndarray]  # raw hw values: bits (uint8) or mantissas (int64), NCHW / NF
    unit: Unit | None = None
    outputs: list[str] = field(default_factory=list)  # hw tensors of the unit's outputs
    lanes: dict[int, int] = field(default_factory=dict)  # input lanes other than the contract's
    attrs: dict = field(default_factory=dict)  # unit attributes the test sets (e.g. MAC lanes)


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _raw(rng, t, shape) -> np.ndarray:
    if isinstance(t, Bipolar):
        return rng.integers(0, 2, shape).astype(np.uint8)
    lo, hi = -(1 << (t.bits - 1)), (1 << (t.bits - 1))
    return rng.integers(lo, hi, shape).astype(np.int64)


def _graph(name, x_shape, x_type, layers):
    """layers: (op, input names, output name, dtype); returns the built graph."""
    b = GraphBuilder(name)
    b.add(ops.Input(x_shape), [], "x", dtype=x_type)
    for op, inputs, out, dtype in layers:
        b.add(op, inputs, out, dtype=dtype)
    return b.build([layers[-1][2]])


def _pm1(rng, shape) -> np.ndarray:
    return np.where(rng.random(shape) < 0.5, -1, 1).astype(np.int8)


def xnor_case(name, seed, c, h, w, o, k, s, p, simd, pe, stage) -> Case:
    rng = _rng(seed)
    conv = XnorConv2d(_pm1(rng, (o, c, k, k)), s, p)
    pop_t = Int(popcount_bits(c * k * k))
    layers = [(conv, ["x"], "pop", pop_t)]
    if stage == "affine":
        layers.append((Affine(rng.normal(0, 0.3, (1, o)).astype(np.float32), rng.normal(0, 2, o).astype(np.float32)),
                       ["pop"], "y", Fixed(16, 5)))
    elif stage == "threshold":
        n = c * k * k
        layers.append((IntThreshold(rng.integers(-n - 1, n + 2, o), rng.random(o) < 0.3), ["pop"], "y", BIPOLAR))
    g = _graph(name, (1, c, h, w), BIPOLAR, layers)
    return Case(name, g, {"pop": Fold(simd, pe)}, {"x": _raw(rng, BIPOLAR, (1, c, h, w))})


def shift_case(name, seed, c, h, w, o, local, glob, simd, pe) -> Case:
    rng = _rng(seed)
    op = XnorShiftMLP(_pm1(rng, (3, o, c)), ((0, 0), local, glob))
    aff = Affine(rng.normal(0, 0.2, (3, o)).astype(np.float32), rng.normal(0, 1, o).astype(np.float32))
    layers = [(op, ["x"], "pop", Int(popcount_bits(c))), (aff, ["pop"], "y", Fixed(16, 6))]
    g = _graph(name, (1, c, h, w), BIPOLAR, layers)
    return Case(name, g, {"pop": Fold(simd, pe)}, {"x": _raw(rng, BIPOLAR, (1, c, h, w))})


def conv_fixed_case(name, seed, c, h, w, o, k, s, p, groups, simd, pe, bias=True, linear=False) -> Case:
    rng = _rng(seed)
    b = rng.normal(0, 0.5, o).astype(np.float32) if bias else None
    if linear:
        op = ops.Linear(rng.normal(0, 0.3, (o, c)).astype(np.float32), b)
        shape = (1, c)
    else:
        op = ops.Conv2d(s, p, groups, rng.normal(0, 0.4, (o, c // groups, k, k)).astype(np.float32), b)
        shape = (1, c, h, w)
    x_t = Fixed(16, 3)
    g = _graph(name, shape, x_t, [(op, ["x"], "y", Fixed(16, 6))])
    return Case(name, g, {"y": Fold(simd, pe)}, {"x": _raw(rng, x_t, shape)})


def elementwise_case(name, seed, kind, c, h, w, pe) -> Case:
    rng = _rng(seed)
    x_t, out_t = Fixed(16, 4), Fixed(16, 5)
    vec = lambda scale: rng.normal(0, scale, c).astype(np.float32)  # noqa: E731
    shape = (1, c, h, w)
    extra = {}
    if kind == "batchnorm":
        layers = [(ops.BatchNorm(vec(1), vec(1), vec(1), np.abs(vec(1)) + 0.1), ["x"], "y", out_t)]
    elif kind == "rprelu":
        layers = [(ops.RPReLU(vec(0.5), vec(0.3), vec(0.5)), ["x"], "y", out_t)]
    elif kind == "prelu":
        layers = [(ops.PReLU(np.array([0.25], np.float32)), ["x"], "y", out_t)]
    elif kind == "bias":
        layers = [(ops.Bias(vec(2)), ["x"], "y", out_t)]
    elif kind == "scale":
        layers = [(ops.Scale(0.5), ["x"], "y", Fixed(16, 3))]
    elif kind == "sign":
        layers = [(ops.Sign(vec(1)), ["x"], "y", BIPOLAR)]
    elif kind == "int_threshold":
        x_t = Int(7)
        layers = [(IntThreshold(rng.integers(-40, 40, c), rng.random(c) < 0.5), ["x"], "y", BIPOLAR)]
    elif kind in ("add", "offset", "concat"):
        b_t = Fixed(16, 6)
        b_shape = (1, c) if kind == "offset" else (1, c // 2 if kind == "concat" else c, h, w)
        op = {"add": ops.Add(), "offset": ops.AddChannelOffset(), "concat": ops.Concat(1)}[kind]
        layers = [(op, ["x", "b"], "y", Fixed(16, 5))]
        extra["b"] = (b_shape, b_t)
    else:
        raise ValueError(kind)
    b = GraphBuilder(name)
    b.add(ops.Input(shape), [], "x", dtype=x_t)
    inputs = {"x": _raw(rng, x_t, shape)}
    for n, (s, t) in extra.items():
        b.add(ops.Input(s), [], n, dtype=t)
        inputs[n] = _raw(rng, t, s)
    for op, ins, out, dtype in layers:
        b.add(op, ins, out, dtype=dtype)
    return Case(name, b.build(["y"]), {"y": Fold(1, pe)}, inputs)


def pool_case(name, seed, kind, c, h, w, k=2, s=2, p=0, pe=1) -> Case:
    rng = _rng(seed)
    x_t = Fixed(16, 5)
    if kind == "gap":
        op, out_t = ops.GlobalAvgPool(), Fixed(16, 4)
    elif kind == "max":
        op, out_t = ops.MaxPool2d(k, s, p), x_t
    else:
        op, out_t = ops.AvgPool2d(k, s, p), Fixed(16, 4)
    g = _graph(name, (1, c, h, w), x_t, [(op, ["x"], "y", out_t)])
    return Case(name, g, {"y": Fold(1, pe)}, {"x": _raw(rng, x_t, (1, c, h, w))})


def context_case(name, seed, c, h, w, hidden, pe, offsets: bool) -> Case:
    rng = _rng(seed)
    x_t = Fixed(16, 5)
    layers = [(ops.GlobalAvgPool(), ["x"], "gap", Fixed(16, 3)), (ops.Flatten(), ["gap"], "flat", Fixed(16, 3)),
              (ops.Linear(rng.normal(0, 0.5, (hidden, c)).astype(np.float32)), ["flat"], "e", Fixed(16, 3)),
              (ops.Linear(rng.normal(0, 0.5, (c, hidden)).astype(np.float32)), ["e"], "thr", Fixed(16, 4)),
              (ops.DynamicSign(), ["x", "thr"], "y", BIPOLAR)]
    if offsets:  # a reader of e: the unit streams e out
        layers.append((ops.Linear(rng.normal(0, 0.5, (c, hidden)).astype(np.float32)), ["e"], "off", Fixed(16, 4)))
    b = GraphBuilder(name)
    b.add(ops.Input((1, c, h, w)), [], "x", dtype=x_t)
    for op, ins, out, dtype in layers:
        b.add(op, ins, out, dtype=dtype)
    g = b.build(["y", "off"] if offsets else ["y"])
    return Case(name, g, {"y": Fold(1, pe)}, {"x": _raw(rng, x_t, (1, c, h, w))})


# --- planning, rendering and the reference --------------------------------------------------------

def plan_case(case: Case) -> Case:
    """The case's op unit, planned by the backend's emitters with the case's folding."""
    def fold(node):
        return case.fold.get(node.name, Fold(1, 1))

    planner = Planner(case.graph, fold, lambda n: None)
    for node in case.graph:
        if isinstance(node.op, ops.Input):
            planner.produced[node.name] = Stream(node.name, node.dtype, *_dims(node), lanes=1)
            continue
        if node.name in planner.claimed or isinstance(node.op, ops.Flatten):
            continue
        from bcdsim.backends.hls.plan import EMITTERS
        before = len(planner.units)
        EMITTERS[type(node.op)](planner, node)
        if case.unit is None and len(planner.units) > before:
            case.unit = planner.units[before]
    u = case.unit
    u.attrs.update(case.attrs)
    if case.attrs.get("params_by_output"):  # the branch scales laid out output-major: o * G + g
        scale = next(w for w in u.weights if w.attr == "p0")
        scale.data = scale.data.reshape(u.attrs["branches"], -1).T.reshape(-1)
    lanes = [case.lanes.get(i) or contract_lanes(u, i) or port.lanes or _any_lanes(case, port.tensor)
             for i, port in enumerate(u.inputs)]
    u.streams_in = [Stream(port.tensor, planner.produced[port.tensor].dtype, *_dims(case.graph.node(port.tensor)),
                           lanes=n) for port, n in zip(u.inputs, lanes)]
    case.outputs = [s.tensor for s in u.outputs]
    return case


def windowed(u: Unit) -> bool:
    a = u.attrs
    return a.get("kernel", 1) > 1 or a.get("stride", 1) > 1 or a.get("pad", 0) > 0


def contract_lanes(u: Unit, i: int) -> int | None:
    """Input lanes the contract's table gives a unit where the emitters of today leave them open:
    a window reads min(SIMD, C), a gather SIMD (SIMD/3 interleaved), a 1x1 fixed-point unit SIMD
    values, an offset add the map's lanes."""
    a = u.attrs
    if u.family in ("BcdXnorConv", "BcdConvFixed") and windowed(u):
        return min(a["simd"], a["channels"])
    if u.family == "BcdConvFixed":
        return a["simd"]
    if u.family == "BcdShiftMlp":
        return a["simd"] // 3 if a["interleaved"] else a["simd"]
    if u.family == "BcdAdd" and a["offset"] and i == 1:
        return a["lanes"]
    return None


def expected_cycles(u: Unit) -> dict[str, int]:
    """Iterations per frame of every process of a unit by the contract's formulas."""
    a, n = u.attrs, u.name
    il = u.streams_in[0].lanes if u.streams_in else None
    out = {}
    if u.family in ("BcdXnorConv", "BcdShiftMlp"):
        if u.family == "BcdShiftMlp":
            hw = a["height"] * a["width"]
            out[f"{n}__gather_in"] = cycles.stream_cycles(hw, a["channels"], il)
            out[f"{n}__gather_out"] = cycles.stream_cycles(hw, 3 * a["channels"], a["simd"])
        elif a["windowed"]:
            out[f"{n}__window"] = _window(a, il)
        out[n] = cycles.matrix_cycles(a["pixels"], a["mw"], a["mh"], a["simd"], a["pe"])
    elif u.family == "BcdConvFixed":
        k, c, g = a["kernel"], a["channels"], a["groups"]
        oh, ow = _out(a["height"], k, a["stride"], a["pad"]), _out(a["width"], k, a["stride"], a["pad"])
        if windowed(u):
            out[f"{n}__window"] = _window(a, il)
        elif il != a["simd"]:  # an older plan's lanes: the unit converts them first
            out[f"{n}__convert"] = cycles.convert_cycles(a["height"] * a["width"], c, il, a["simd"])
        out[n] = cycles.matrix_cycles(oh * ow, k * k * c // g, a["out_channels"], a["simd"], a["pe"])
    elif u.family == "BcdWindow":
        out[n] = _window(a, il)
    elif u.family in ("BcdEltwise", "BcdSign", "BcdGap"):
        out[n] = cycles.stream_cycles(a["pixels"], a["channels"], a["lanes"])
    elif u.family == "BcdAdd":
        out[n] = cycles.stream_cycles(a["pixels"], a["channels"], a["lanes"])
        if a["offset"] and u.streams_in[1].lanes != a["lanes"]:  # an older plan's offset lanes: read first
            out[n] += a["channels"] // u.streams_in[1].lanes
    elif u.family == "BcdConcat":
        out[n] = cycles.concat_cycles(a["pixels"], a["channels_a"], a["channels_b"], a["lanes"])
    elif u.family == "BcdPool":
        out[n] = cycles.stream_cycles(a["height"] * a["width"], a["channels"], a["lanes"])
    elif u.family == "BcdContext":
        hw = a["height"] * a["width"]
        out[f"{n}__scan"] = cycles.context_scan_cycles(hw, a["channels"], a["lanes"], a["hidden"], a.get("simd", 1))
        out[n] = cycles.stream_cycles(hw, a["channels"], a["lanes"])
    elif u.family == "BcdDup":
        out[n] = a["words"]
    elif u.family == "BcdConvert":
        out[n] = cycles.convert_cycles(a["pixels"], a["channels"], il, u.outputs[0].lanes)
    else:
        raise ValueError(u.family)
    return out


def _out(size: int, k: int, s: int, p: int) -> int:
    return (size + 2 * p - k) // s + 1


def _window(a: dict, in_lanes: int) -> int:
    return cycles.window_cycles(a["channels"], a["height"], a["width"], a["kernel"], a["stride"], a["pad"], in_lanes,
                                a["simd"])


def _dims(node) -> tuple[int, int, int]:
    s = node.shape
    return (s[1], s[2], s[3]) if len(s) == 4 else (s[1], 1, 1)


def _any_lanes(case: Case, tensor: str) -> int:
    """Lanes of an input the kernel takes at any width: a divisor of C, varied per case."""
    c = _dims(case.graph.node(tensor))[0]
    divisors = [d for d in range(1, c + 1) if c % d == 0]
    return divisors[len(case.name) % len(divisors)]


def _cpp_stream_type(s: Stream) -> str:
    return f"nnet::array<ap_uint<{s.lanes}>, 1>" if s.bits else f"nnet::array<{s.element()}, {s.lanes}>"


def _values(w) -> str:
    prec = w.precision
    if isinstance(prec, FixedPrecisionType):
        return ", ".join(f"{v:.{max(prec.fractional, 0)}f}" for v in w.data.reshape(-1))
    return ", ".join(str(int(v)) for v in w.data.reshape(-1))


def cpp_case(case: Case, index: int) -> str:
    return cpp_unit(case.name, case.unit, index)


def cpp_unit(name: str, u: Unit, index: int) -> str:
    """A C++ namespace with the unit's types, constants, config and a run(dir) function, rendered
    with the HLS backend's templates."""
    conv = APTypeConverter()
    ins = [(f"in{i}", f"in{i}_t") for i in range(len(u.streams_in))]
    outs = [(f"out{i}", f"out{i}_t") for i in range(len(u.outputs))]
    p = templates.unit_params(u, index, ins, outs, {w.attr: (w.attr, w.attr + "_type") for w in u.weights})
    config, call = templates.render(u, p)
    lines = [f"namespace {name} {{"]
    lines += [f"typedef {_cpp_stream_type(s)} in{i}_t;" for i, s in enumerate(u.streams_in)]
    lines += [f"typedef {_cpp_stream_type(s)} out{i}_t;" for i, s in enumerate(u.outputs)]
    for w in u.weights:
        lines.append(f"typedef {conv.convert(w.precision).definition_cpp()} {w.attr}_type;")
        lines.append(f"static const {w.attr}_type {w.attr}[] = {{{_values(w)}}};")
    lines += [config, "void run(const std::string &dir) {"]
    lines += [f"    hls::stream<in{i}_t> in{i}; bcdtest::feed(in{i}, bcdtest::read_ints(dir + \"/in{i}.txt\"));"
              for i in range(len(u.streams_in))]
    lines += [f"    hls::stream<out{i}_t> out{i};" for i in range(len(u.outputs))]
    lines += [f"    {call}", "    BCD_DATAFLOW_END();  // the bounded-FIFO build: wait for the process"]
    lines += [f"    bcdtest::write_ints(dir + \"/out{i}.txt\", bcdtest::drain(out{i}));" for i in range(len(u.outputs))]
    lines += [f"    if (!in{i}.empty()) std::cerr << \"{name}: input {i} not consumed\\n\";"
              for i in range(len(u.streams_in))]
    lines += ["}", "}  // namespace", ""]
    return "\n".join(lines)


def stream_order(value: np.ndarray) -> np.ndarray:
    """Flat values in stream order: pixels row-major, channels innermost."""
    return (value.transpose(0, 2, 3, 1) if value.ndim == 4 else value).reshape(-1)


def expected(case: Case) -> dict[str, np.ndarray]:
    """Every tensor of the case graph by bcdsim's numpy hw kernels (bits 0/1, mantissas)."""
    values = dict(case.inputs)
    for node in case.graph:
        if node.name in values:
            continue
        args = [values[i] for i in node.inputs]
        types = [case.graph.node(i).dtype for i in node.inputs]
        values[node.name] = HW_KERNELS[type(node.op)](node.op, args, types, node)[0]
    return values


def expected_values(case: Case) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(inputs, expected outputs) of a planned case, keyed by the kernel's stream names."""
    values = expected(case)
    ins = {f"in{j}": values[s.tensor] for j, s in enumerate(case.unit.streams_in)}
    return ins, {f"out{j}": values[t] for j, t in enumerate(case.outputs)}
