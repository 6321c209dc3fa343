"""Fixed-point rules and hardware passes on small cases, against hand-computed values."""
from __future__ import annotations

import numpy as np
import pytest

from bcdsim.hw import fixed
from bcdsim.hw.ops import Affine
from bcdsim.hw.passes import _threshold_op, to_hardware
from bcdsim.hw.xnor import xnor_conv2d
from bcdsim.ir import ops
from bcdsim.ir.dtypes import Fixed
from bcdsim.ir.graph import GraphBuilder
from bcdsim.ir.interpret import run
from bcdsim.models import ZOO


def test_quantize_rounds_half_up_and_saturates():
    t = Fixed(8, 4)  # 4 fraction bits: steps of 1/16, range [-8, 127/16]
    m, sat = fixed.quantize(np.array([0.03125, -0.03125, 0.09375, 100.0, -100.0]), t)
    assert m.tolist() == [1, 0, 2, 127, -128]  # 0.5 -> 1, -0.5 -> 0, 1.5 -> 2: floor(x + 1/2)
    assert sat == 2


def test_rescale_is_round_half_up_on_the_dropped_bits():
    t = Fixed(8, 6)  # 2 fraction bits
    m, sat = fixed.rescale(np.array([6, -6, 5, 7, 4000]), 3, t)  # values 0.75, -0.75, 0.625, 0.875, 500
    # 0.75 and -0.75 are exact in quarters; 0.625 and 0.875 sit halfway and round up; 500 saturates
    assert m.tolist() == [3, -3, 3, 4, 127] and sat == 1


def test_reciprocal_fits_18_bits_and_is_exact_for_powers_of_two():
    for n in (1, 4, 16, 49, 64, 196):
        r, f = fixed.reciprocal(n)
        assert 0 < r < 2 ** 18
        assert abs(r / 2 ** f - 1 / n) <= 2 ** -(f + 1)
    r, f = fixed.reciprocal(4)
    assert r / 2 ** f == 0.25


def test_xnor_popcount_with_valid_mask_matches_hand_count():
    bits = np.ones((1, 1, 2, 2), np.uint8)  # all +1
    weight = np.ones((1, 1, 3, 3), np.int8)
    out = xnor_conv2d(bits, weight, 1, 1)
    # each output sees the 4 valid pixels only; padding contributes nothing (not -1)
    assert out.tolist() == [[[[4, 4], [4, 4]]]]
    weight[0, 0, 0, 0] = -1  # top-left tap only reaches a pixel for the bottom-right output
    assert xnor_conv2d(bits, weight, 1, 1)[0, 0].tolist() == [[4, 4], [4, 2]]


@pytest.mark.parametrize("seed", range(5))
def test_int_threshold_equals_float_decision(seed):
    rng = np.random.default_rng(seed)
    scale = rng.standard_normal(16)
    scale[0] = 0.0
    shift, t = rng.standard_normal(16), rng.standard_normal(16)
    op = _threshold_op(scale, shift, t, 20)
    p = np.arange(-20, 21)[:, None]
    expected = scale * p + shift - t >= 0
    got = np.where(op.flip, p <= op.threshold, p >= op.threshold)
    assert (got == expected).all()


def test_affine_then_sign_becomes_int_threshold():
    b = GraphBuilder("g")
    x = b.add(ops.Input((1, 4, 3, 3)), name="x")
    s = b.add(ops.Sign(), [x], "a")
    w = np.sign(np.random.default_rng(0).standard_normal((4, 4, 3, 3))).astype(np.int8)
    c = b.add(ops.BinaryConv2d(stride=1, padding=1, groups=1, weight=w, alpha=np.full(4, 0.5, np.float32)), [s], "c")
    bn = b.add(ops.BatchNorm(np.array([1, -1, 2, 0.5], np.float32), np.zeros(4, np.float32),
                             np.zeros(4, np.float32), np.ones(4, np.float32)), [c], "bn")
    out = b.add(ops.Sign(threshold=np.array([0.3, -0.2, 1.0, 0.0], np.float32)), [bn], "out")
    graph = b.build([out])
    hw = to_hardware(graph)
    assert [type(n.op).__name__ for n in hw] == ["Input", "Sign", "XnorConv2d", "IntThreshold"]
    x_in = np.random.default_rng(1).standard_normal((8, 4, 3, 3)).astype(np.float32)
    pre = run(graph, x_in, keep=True)["bn"]
    expected = pre >= np.array([0.3, -0.2, 1.0, 0.0], np.float32)[None, :, None, None]  # sign(0) = +1
    got = run(hw, x_in)[hw.outputs[0]]
    assert ((got > 0) == expected).all()


@pytest.mark.parametrize("name", list(ZOO))
def test_hardware_graph_computes_the_model_function(graph_of, name):
    """The structural passes (BN folds, XNOR units, shift-MLP fusion) keep the float function."""
    model, shape, graph = graph_of(name, None if ZOO[name].input_shape[2] < 32 else 64)
    hw = to_hardware(graph)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    ref, got = run(graph, x)[graph.outputs[0]], run(hw, x)[hw.outputs[0]]
    assert np.abs(ref - got).max() <= 1e-4 * np.abs(ref).max()
    assert not hw.ops_of(ops.BinaryConv2d, ops.ContextEmbed)
    if name != "bcdnet-a-step1":  # step 1's real convs keep a BN after their sum
        assert not hw.ops_of(ops.BatchNorm)


def test_shift_block_is_one_unit_over_3c_inputs(graph_of):
    hw = to_hardware(graph_of("bcdnet-a", 64)[2])
    from bcdsim.hw.ops import XnorShiftMLP

    units = hw.ops_of(XnorShiftMLP)
    assert len(units) == 9  # 3 MLP Blocks x 3 ShiftBlocks (PointBlocks are plain XNOR convs)
    assert all(u.op.weight.shape == (3, 1024, 1024) and u.op.shifts[2] == (1, 1) for u in units)
    affine = hw.node(hw.users(units[0].name)[0].name)
    assert isinstance(affine.op, Affine) and affine.op.scale.shape == (3, 1024)
