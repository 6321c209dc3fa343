"""Graph -> units mapping, the network model, the optimizer, and the issue's must-show checks."""
from __future__ import annotations

import math

import numpy as np
import pytest
from zoo_graphs import zoo_graph

from bcdsim.cost.devices import get_device
from bcdsim.cost.folding import fold_for_cycles, optimize
from bcdsim.cost.mapping import unit_graph
from bcdsim.cost.network import evaluate, parse_budget
from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.graph import GraphBuilder

ZCU104, ULTRA96 = get_device("zcu104"), get_device("ultra96-v2")


@pytest.fixture(scope="module")
def tiny():
    return unit_graph(zoo_graph("bcdnet-tiny")[2])


def test_mapping_of_bcdnet_tiny(tiny):
    kinds = [u.kind for u in tiny.units]
    assert kinds.count("shift_mvau") == 3 and kinds.count("gather") == 3
    shift = tiny.by_name["mlp_layer_0_mlp_layer_0_binary_conv"]
    assert (shift.kind, shift.mw, shift.mh, shift.pixels) == ("shift_mvau", 192, 64, 16)  # MW = 3C
    assert {"mlp_layer_0_mlp_layer_0_shift", "mlp_layer_0_mlp_layer_0_global_shift",
            "mlp_layer_0_mlp_layer_0_binary_conv2", "mlp_layer_0_mlp_layer_0_add_1"} <= set(shift.nodes)
    assert tiny.inputs[shift.name] == ("mlp_layer_0_mlp_layer_0_binary_conv__gather",)
    assert tiny.by_name["feature_1_binary_3x3__swu"].tied_to == "feature_1_binary_3x3"
    assert tiny.by_name["feature_0_conv1"].kind == "dsp_mvau" and tiny.by_name["head"].kind == "dsp_mvau"
    assert "feature_1_add__fifo" in tiny.fifos and "feature_0_bn1__dup" in tiny.by_name
    assert tiny.bops == 1_015_808  # the op counter's BOPs of bcdnet-tiny


def test_mapping_of_contextual_thresholds():
    ug = unit_graph(zoo_graph("bcdnet-tiny-b")[2])
    ctx = ug.by_name["feature_1_context1"]
    assert ctx.kind == "context" and {"feature_1_sign1", "feature_1_threshold1", "feature_1_offset1"} <= set(ctx.nodes)
    assert ug.inputs["feature_1_add_offset"] == ("feature_1_binary_3x3", "feature_1_context1")
    folding, _ = fold_for_cycles(ug, 10**9, ZCU104)
    point = evaluate(ug, folding, ZCU104)
    row = next(r for r in point.rows if r.cost.name == "feature_1_context1")
    assert row.buffer_bits >= 16 * 8 * 8 * 16  # a whole 16x8x8 map of 16-bit values waits for GAP


def test_unmappable_nodes_are_all_reported():
    b = GraphBuilder("foreign")
    x = b.add(ops.Input((1, 4, 2, 2)), name="x")
    y = b.add(ops.Opaque("aten::erf", (1, 4, 2, 2)), [x], name="erf")
    z = b.add(ops.Opaque("aten::tan", (1, 4, 2, 2)), [y], name="tan")
    with pytest.raises(UserError, match=r"cannot map 2 node\(s\): erf \(Opaque\), tan \(Opaque\)"):
        unit_graph(b.build([z]))


def test_balanced_fifo_and_latency(tiny):
    folding, _ = fold_for_cycles(tiny, 4096, ZCU104)
    point = evaluate(tiny, folding, ZCU104, 200)
    assert point.cycles <= 4096 and point.fps == pytest.approx(200e6 / point.cycles)
    rows = {r.cost.name: r for r in point.rows}
    # the shift-MLP gather holds a whole frame, so the residual FIFO beside it holds a whole 64x4x4 frame
    fifo = rows["mlp_layer_0_mlp_layer_0_add_2__fifo"]
    assert fifo.buffer_bits == 64 * 4 * 4 * 16
    assert rows["mlp_layer_0_mlp_layer_0_binary_conv"].start > rows["feature_2_prelu2"].start + 64 * 16 // 64
    assert point.latency_cycles > point.cycles  # critical path plus the output stream
    lanes = sum(r.cost.simd * r.cost.pe for r in point.rows if r.cost.kind in ("mvau", "shift_mvau"))
    assert point.lanes == lanes and point.roofline_fps == pytest.approx(200e6 * lanes / tiny.bops)


def test_parse_budget():
    assert parse_budget("lut=0.7, bram=0.8,dsp=1") == {"lut": 0.7, "bram36": 0.8, "dsp": 1.0}
    for bad in ("lut", "lut=abc", "lut=1.5", "luts=0.5", "lut=0", ""):
        with pytest.raises(UserError, match="bad budget"):
            parse_budget(bad)


def test_optimizer_meets_fps_target_with_fewer_resources(tiny):
    slow, _ = optimize(tiny, ZCU104, 200, fps=1000)
    fast, _ = optimize(tiny, ZCU104, 200, fps=20000)
    assert slow.fps >= 1000 and fast.fps >= 20000
    assert slow.totals["lut"] < fast.totals["lut"] and slow.lanes < fast.lanes
    assert all(r.cost.cycles <= 200e6 / 1000 for r in slow.rows)


def test_optimizer_says_why_it_cannot(tiny):
    unreachable = r"unit 'feature_0_conv1' needs >= 110 even fully unfolded \(at most 1,818,182 fps"
    with pytest.raises(UserError, match=unreachable):
        optimize(tiny, ZCU104, 200, fps=1e9)
    with pytest.raises(UserError, match=r"does not fit .*: lut .*% of zcu104 > 1%"):
        optimize(tiny, ZCU104, 200, budget={"lut": 0.01})


@pytest.fixture(scope="module")
def bcdnet_a():
    return unit_graph(zoo_graph("bcdnet-a")[2])


@pytest.mark.parametrize("model", ["bcdnet-a", "reactnet-a"])
def test_must_show_zcu104_70pct_lut(model, bcdnet_a):
    ug = bcdnet_a if model == "bcdnet-a" else unit_graph(zoo_graph(model)[2])
    point, _ = optimize(ug, ZCU104, 200, budget={"lut": 0.7})
    assert point.fits and not point.over({"lut": 0.7})
    assert point.utilisation("lut") <= 0.7
    assert point.fps >= 0.9 * point.roofline_fps  # balanced: lanes are not wasted
    assert point.fps > 1000 and point.source == "analytical"


def test_must_show_ultra96_streams_weights(bcdnet_a):
    binary_bits = sum(int(np.prod(n.op.weight.shape)) for n in zoo_graph("bcdnet-a")[2].ops_of(ops.BinaryConv2d))
    assert binary_bits > 28e6 > ULTRA96.onchip_mbit * 1e6  # ~44 Mbit of weights, ~8 Mbit on chip
    point, _ = optimize(bcdnet_a, ULTRA96, 200, budget={"lut": 0.7})
    assert point.fits
    streamed = [r for r in point.rows if r.mem == "ddr" and r.cost.kind in ("mvau", "shift_mvau")]
    assert streamed and point.ddr_bytes > 0 and not math.isinf(point.fps_ddr)
    assert point.fps_ddr == pytest.approx(ULTRA96.ddr_gbps * 1e9 / point.ddr_bytes)
    assert point.hardware_dict()["fps_ddr"] is not None
