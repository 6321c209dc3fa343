"""L3 for the stream units of the hardware contract (docs/hardware_units.md): each RTL unit
bit-exact with bcdsim's hw-mode kernel of its op, on real typed ops of the shipped default model
(bcdnet-tiny-b) and on synthetic ops the model lacks, with every output word leaving in the cycle
its schedule and pipeline depth (bcdsim.backends.rtl.depths) say, frames back to back; then under
random input gaps and output back-pressure. Verilator for all; Icarus for a few.
"""
from __future__ import annotations

import numpy as np
import pytest
import rtl_sim as sim
from rtl_benches import RESULTS, require
from unit_cases import (
    Case,
    bits_of,
    context_case,
    context_graph,
    gap_times,
    per_word_times,
    pool_times,
    stream_case,
    synthetic,
    tiny_b,
    window_schedule,
    window_words,
    words,
)

from bcdsim.backends.rtl.depths import DEPTH, FIFO_LATENCY
from bcdsim.backends.rtl.units import (
    Fold,
    RtlUnit,
    convert_unit,
    fifo_unit,
    fork_unit,
    gather_unit,
    pack_unit,
    window_unit,
)
from bcdsim.design.cycles import window_cycles
from bcdsim.hw.ops import IntThreshold
from bcdsim.ir import ops
from bcdsim.ir.dtypes import BIPOLAR, Fixed, Int

FILES = {"bcd_eltwise": {"FILE": "params.mem"}, "bcd_threshold": {"FILE": "thresholds.mem"}}


def model_case(kind: str, node_name: str, pe: int) -> Case:
    """A unit of bcdnet-tiny-b: inputs and expected outputs are hw mode's tensors of that model."""
    typed, values = tiny_b()
    node = typed.node(node_name)
    unit = pack_unit(typed, node_name, Fold(pe=pe))
    lanes = unit.params.get("L", pe)
    srcs = [typed.node(i) for i in node.inputs]
    ports = ["in"] if len(srcs) == 1 else ["a", "b"]
    inputs = {port: words(values[s.name], lanes, bits_of(s.dtype)) for port, s in zip(ports, srcs)}
    out = words(values[node_name], lanes, bits_of(node.dtype))
    frames = values[node_name].shape[0]
    if kind == "pool":
        c, h, w = srcs[0].shape[1:]
        op = node.op
        times = pool_times(frames, c, h, w, op.kernel, op.stride, op.padding, pe, DEPTH[kind])
    elif kind == "gap":
        c, h, w = srcs[0].shape[1:]
        times = gap_times(frames, c, h * w, pe, DEPTH[kind])
    else:
        times = per_word_times(len(out), DEPTH[kind])
    return stream_case(f"{kind}:{node_name}:pe{pe}", unit, inputs, out, times, FILES.get(unit.module))


def synthetic_case(kind: str, op, x_type, out_type, shape, pe: int, seed: int = 7) -> Case:
    graph, node, x, y = synthetic(op, x_type, out_type, shape, seed)
    unit = pack_unit(graph, "y", Fold(pe=pe))
    out = words(y, pe, bits_of(node.dtype))
    if kind == "pool":
        times = pool_times(shape[0], shape[1], shape[2], shape[3], op.kernel, op.stride, op.padding, pe, DEPTH[kind])
    else:
        times = per_word_times(len(out), DEPTH[kind])
    return stream_case(f"{kind}:{type(op).__name__}:pe{pe}", unit, {"in": words(x, pe, x_type.bits)}, out, times,
                       FILES.get(unit.module))


def window_case(node_name: str, simd: int) -> Case:
    """The sliding window in front of a conv of bcdnet-tiny-b, on that conv's input tensor."""
    typed, values = tiny_b()
    node = typed.node(node_name)
    src = typed.node(node.inputs[0])
    c, h, w = src.shape[1:]
    k = node.op.weight.shape[2]
    s, p = node.op.stride, node.op.padding
    bipolar = src.dtype == BIPOLAR
    bits = bits_of(src.dtype)
    unit = window_unit(c, h, w, k, s, p, simd, bits, bipolar)
    x = values[src.name]
    per_frame, iters = window_schedule(c, h, w, k, s, p, min(simd, c), simd)
    assert per_frame == window_cycles(c, h, w, k, s, p, min(simd, c), simd)  # the contract's closed form
    times = [f * per_frame + i + DEPTH["window"] for f in range(x.shape[0]) for i in iters]
    return stream_case(f"window:{node_name}:simd{simd}", unit, {"in": words(x, min(simd, c), bits)},
                       window_words(x, k, s, p, simd, bits, bipolar), times)


def dsp_case(node_name: str, simd: int, pe: int) -> Case:
    """A fixed-point matrix unit of bcdnet-tiny-b (stem conv fed window words, or a Linear)."""
    typed, values = tiny_b()
    node = typed.node(node_name)
    src = typed.node(node.inputs[0])
    unit = pack_unit(typed, node_name, Fold(simd, pe))
    x, y = values[src.name], values[node_name]
    if isinstance(node.op, ops.Conv2d):
        k, s, p = node.op.weight.shape[2], node.op.stride, node.op.padding
        feed = window_words(x, k, s, p, simd, src.dtype.bits, False)
    else:
        feed = words(x, simd, src.dtype.bits)
    mw, mh = unit.params["MW"], unit.params["MH"]
    sf, nf = mw // simd, mh // pe
    pixels = y.shape[0] * (y.shape[2] * y.shape[3] if y.ndim == 4 else 1)
    times = [((q * nf + f) * sf + sf - 1) + DEPTH["dsp_mvau"] for q in range(pixels) for f in range(nf)]
    return stream_case(f"dsp_mvau:{node_name}:{simd}x{pe}", unit, {"in": feed}, words(y, pe, node.dtype.bits),
                       times, {"WEIGHTS": "weights.mem", "CONSTS": "consts.mem"})


def plumbing_case(kind: str, a: int, b: int, bits: int, frames: int = 3, seed: int = 11) -> Case:
    """Fork (a readers), converter (a -> b lanes) or FIFO (depth a) on random words."""
    rng = np.random.default_rng(seed)
    if kind == "convert":
        unit = convert_unit(a, b, bits)
        x = rng.integers(0, 1 << bits, (frames, 2 * max(a, b)), dtype=np.int64)
        inp, out = words(x, a, bits), words(x, b, bits)
        r = max(a, b) // min(a, b)
        times = [n + DEPTH[kind] for n in range(len(out))] if a > b else \
            [m * r + r - 1 + DEPTH[kind] for m in range(len(out))]
        return stream_case(f"convert:{a}->{b}x{bits}", unit, {"in": inp}, out, times)
    x = rng.integers(0, 1 << bits, (frames, 16), dtype=np.int64)
    inp = words(x, 1, bits)
    if kind == "fifo":
        times = [n + FIFO_LATENCY for n in range(len(inp))]
        return stream_case(f"fifo:{a}x{bits}", fifo_unit(a, bits), {"in": inp}, inp, times)
    times = [n + DEPTH["fork"] for n in range(len(inp))]
    case = stream_case(f"fork:{a}x{bits}", fork_unit(a, bits), {"in": inp}, inp, times)
    case.outputs = {f"out{k}": case.outputs["out"] for k in range(a)}
    case.unit = RtlUnit("tb_fork2", {"W": bits})  # the bench wrapper around bcd_fork
    return case


def gather_case(node_name: str, simd: int) -> Case:
    """The shift-MLP's frame buffer: (a, Shift(a), GlobalShift(a)) per pixel from hw mode's
    channel_shift, timed with its double-buffered schedule (gather_out of frame f starts the cycle
    after gather_in wrote f; gather_in of f+2 the cycle after gather_out finished f)."""
    from bcdsim.ir.interpret import channel_shift

    typed, values = tiny_b()
    node = typed.node(node_name)
    unit = gather_unit(typed, node_name, simd)
    a = values[node.inputs[0]].astype(np.int64)
    n, c, h, w = a.shape
    srcs = [a] + [channel_shift(a, *sh) for sh in node.op.shifts[1:]]
    per_pixel = [np.stack(srcs, axis=1).reshape(n, 3 * c, h, w)]  # source-major
    il = unit.params["IL"]
    if unit.params["ILV"]:
        s3 = simd // 3
        per_pixel = [np.stack([x.reshape(n, c // s3, s3, h, w) for x in srcs], axis=2).reshape(n, 3 * c, h, w)]
    out = words(per_pixel[0], simd, 1)
    n_in, n_out = h * w * c // il, h * w * 3 * c // simd
    in_end, out_end, times = [], [], []
    for f in range(n):
        start = max(in_end[-1] + 1 if in_end else 0, out_end[f - 2] + 1 if f >= 2 else 0)
        in_end.append(start + n_in - 1)
        first = max(in_end[f] + 1, out_end[-1] + 1 if out_end else 0)
        out_end.append(first + n_out - 1)
        times += [first + k + DEPTH["gather_out"] for k in range(n_out)]
    return stream_case(f"gather:{node_name}:simd{simd}", unit, {"in": words(a, il, 1)}, out, times)


def model_context_case(sign: str, simd: int, pe: int) -> Case:
    """A contextual unit of bcdnet-tiny-b on three digits images (the third frame reuses a bank)."""
    typed, values = tiny_b(3)
    return context_case(f"context:{sign}:{simd}x{pe}", typed, values, sign, simd, pe)


def _random(c: int, lo: float, hi: float, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(lo, hi, c).astype(np.float32)


def _cases() -> dict:
    c = 8
    bn = ops.BatchNorm(_random(c, 0.5, 2, 1), _random(c, -1, 1, 2), _random(c, -1, 1, 3), _random(c, 0.2, 2, 4))
    return {
        "rprelu-model": lambda: model_case("eltwise", "feature_1_prelu2", 8),
        "add-model": lambda: model_case("add", "feature_1_add_1", 4),
        "offset-model": lambda: model_case("offset_add", "feature_2_bn1", 8),
        "concat-model": lambda: model_case("concat", "feature_1_cat", 8),
        "sign-model": lambda: model_case("threshold", "mlp_layer_0_mlp_layer_0_move0", 16),
        "avgpool-model": lambda: model_case("pool", "feature_2_pooling", 8),
        "gap-model": lambda: model_case("gap", "pool1", 16),
        "batchnorm": lambda: synthetic_case("eltwise", bn, Fixed(16, 5), Fixed(16, 4), (2, c, 3, 3), 4),
        "bias": lambda: synthetic_case("eltwise", ops.Bias(_random(c, -3, 3, 5)), Fixed(12, 4), Fixed(16, 6),
                                       (2, c, 2, 3), 2),
        "prelu": lambda: synthetic_case("eltwise", ops.PReLU(_random(c, -0.5, 0.5, 6)), Fixed(16, 6), Fixed(16, 5),
                                        (2, c, 2, 2), 8),
        "leaky-relu": lambda: synthetic_case("eltwise", ops.LeakyReLU(0.1), Fixed(16, 6), Fixed(16, 5),
                                             (2, c, 2, 2), 4),
        "scale": lambda: synthetic_case("eltwise", ops.Scale(0.5), Fixed(16, 5), Fixed(16, 4), (2, c, 2, 2), 4),
        "maxpool": lambda: synthetic_case("pool", ops.MaxPool2d(3, 2, 1), Fixed(16, 5), Fixed(16, 5), (2, c, 7, 6), 4),
        "window-3x3": lambda: window_case("feature_1_binary_3x3_popcount", 16),
        "window-3x3-s2": lambda: window_case("feature_2_binary_3x3_popcount", 8),
        # SIMD = 3C, stride 2: a block with more reads (16) than window words (12)
        "window-3x3-s2-3px": lambda: window_case("feature_2_binary_3x3_popcount", 96),
        "window-stem-9": lambda: window_case("feature_0_bn1", 9),
        "window-stem-3": lambda: window_case("feature_0_bn1", 3),
        "window-stem-1": lambda: window_case("feature_0_bn1", 1),
        "stem-9x4": lambda: dsp_case("feature_0_bn1", 9, 4),
        "stem-3x16": lambda: dsp_case("feature_0_bn1", 3, 16),
        "head-16x5": lambda: dsp_case("head", 16, 5),
        "context-w1-4x1": lambda: dsp_case("feature_2_context1", 4, 1),
        "offset-fc-8x8": lambda: dsp_case("feature_2_offset1_bn", 8, 8),
        "convert-8to2": lambda: plumbing_case("convert", 8, 2, 16),
        "convert-4to32-bits": lambda: plumbing_case("convert", 4, 32, 1),
        "fifo-2": lambda: plumbing_case("fifo", 2, 0, 5),
        "fifo-4": lambda: plumbing_case("fifo", 4, 0, 24),
        "fork-2": lambda: plumbing_case("fork", 2, 0, 12),
        "gather-16": lambda: gather_case("mlp_layer_0_mlp_layer_0_bn1_popcount", 16),
        "gather-48-interleaved": lambda: gather_case("mlp_layer_0_mlp_layer_1_bn1_popcount", 48),
        "gather-64": lambda: gather_case("mlp_layer_0_mlp_layer_2_bn1_popcount", 64),
        "context-4x8": lambda: model_context_case("feature_2_sign1", 4, 8),
        "context-16x2": lambda: model_context_case("feature_1_sign1", 16, 2),
        "context-2x32": lambda: model_context_case("feature_2_sign2", 2, 32),
        "context-4x6-synthetic": lambda: context_case("context:synthetic:4x6", *context_graph(12, 3, 3, 3, 3, 5),
                                                      "y", 4, 6),
        "int-threshold": lambda: synthetic_case(
            "threshold", IntThreshold(np.arange(-4, 4), np.arange(8) % 3 == 0), Int(7), BIPOLAR, (2, 8, 3, 3), 4),
    }


CASES = _cases()
ICARUS = ("fifo-4", "rprelu-model", "avgpool-model", "maxpool", "window-3x3-s2", "stem-9x4", "fork-2",
          "context-4x6-synthetic")


# units whose form depends on the memory's size (LUT RAM / ROM below BCD_LUTRAM_BITS, FIFOs up to
# BCD_FIFO_LUTRAM_DEPTH words or BCD_FIFO_LUTRAM_CELLS cells; block RAM above): the benches'
# memories are small, so these run once more with every memory "large"
BLOCK_RAM_FORMS = ("rprelu-model", "window-3x3-s2-3px", "window-stem-3", "fifo-2", "fifo-4")


def _run(simulator: str, key: str, defines: dict[str, int] | None = None) -> None:
    require(simulator)
    case = CASES[key]()
    sources = sim.library_sources() + [sim.HERE / f"{case.unit.module}.v"] * case.unit.module.startswith("tb_")
    built = sim.build(simulator, case.unit.module, sources, case.unit.params, internals=False, defines=defines)
    test_dir = sim.BUILD / "runs" / simulator / "units" / (key + "-block-ram" * bool(defines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {"BCD_CASE": str(case.write(test_dir)), "BCD_RESULTS": str(RESULTS / f"units-{simulator}.jsonl")}
    sim.run(built, test_dir, env, module="tb_stream")


@pytest.mark.parametrize("key", CASES)
def test_unit_verilator(key):
    _run("verilator", key)


@pytest.mark.parametrize("key", ICARUS)
def test_unit_icarus(key):
    _run("icarus", key)


@pytest.mark.parametrize("key", BLOCK_RAM_FORMS)
def test_unit_block_ram_form_verilator(key):
    _run("verilator", key, defines={"BCD_LUTRAM_BITS": 0, "BCD_FIFO_LUTRAM_DEPTH": 0, "BCD_FIFO_LUTRAM_CELLS": 0})


def test_context_packer_refuses_foldings():
    typed, _ = tiny_b()
    with pytest.raises(ValueError, match="SIMD 3 .* must divide 32 channels"):
        pack_unit(typed, "feature_2_sign1", Fold(3, 8))
    with pytest.raises(ValueError, match="PE 3 must divide 32"):
        pack_unit(typed, "feature_2_sign1", Fold(4, 3))


def test_context_in_the_design_replay():
    """The design's schedule replay (bcdsim.design.timing, the cost model's latency and FIFO
    depths) times every contextual unit of bcdnet-tiny-b as the bench above measures bcd_context:
    e[j] leaves DEPTH after alpha iteration j, the replay starts BANK_DEPTH + FIFO_LATENCY after
    the scan's last iteration, and the scan takes context_scan_cycles."""
    from bcdsim.design.build import assemble
    from bcdsim.design.folding import default_fold
    from bcdsim.design.plan import plan
    from bcdsim.design.timing import BANK_DEPTH, DEPTH, replay

    typed, _ = tiny_b()
    planned = plan(typed)
    design = assemble(typed, planned, {p.name: default_fold(p) for p in planned})
    timing = replay(design)
    replays = [u for u in design.units if u.kind == "context_replay"]
    assert len(replays) == 4
    for u in replays:
        scan = next(s for s in design.units if s.name == f"{u.name}__scan")
        g = u.geometry
        passes = g.hidden * g.channels // u.fold.simd
        last = timing.last[scan.name]
        assert timing.first[u.name] == last + BANK_DEPTH["context_scan"] + FIFO_LATENCY
        e = [s for s in scan.outputs if not s.bank]
        assert len(e) == 1  # every contextual unit of the model feeds output-offset FCs
        for s in e:  # alpha iteration j issues passes - 1 - j cycles before the scan's last one
            assert timing.written[s.name].tolist() == [last - passes + 1 + j + DEPTH["context_scan"]
                                                        for j in range(g.hidden)]
