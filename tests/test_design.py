"""The one design (bcdsim/design): units from the hardware graph, wiring, schedules, replay, FIFOs."""
from __future__ import annotations

import random

import numpy as np
import pytest
from design_graphs import typed

from bcdsim.cost.units import unit_cycles
from bcdsim.design import cycles
from bcdsim.design import units as k
from bcdsim.design.build import assemble
from bcdsim.design.fifos import occupancy, size_fifos
from bcdsim.design.folding import default_fold, pe_options, simd_options
from bcdsim.design.plan import plan
from bcdsim.design.timing import DEPTH, FIFO_LATENCY, schedule
from bcdsim.errors import UserError
from bcdsim.ir import ops
from bcdsim.ir.graph import GraphBuilder


def _default_design(name: str = "default"):
    hw, _ = typed(name)
    planned = plan(hw)
    return hw, planned, assemble(hw, planned, {p.name: default_fold(p) for p in planned})


def test_units_of_the_default_model_are_keyed_by_hardware_nodes():
    hw, planned, design = _default_design()
    kinds = [p.kind for p in planned]
    # bcdnet-tiny-b: 10 XNOR units (three of them shift-MLPs), four contextual units, a stem and a head
    assert kinds.count(k.XNOR_MVAU) == 10 and kinds.count(k.CONTEXT_REPLAY) == 4
    shifts = [p for p in planned if p.geometry.branches == 3]
    assert len(shifts) == 3 and all(p.geometry.mw == 192 and p.geometry.mh == 64 for p in shifts)
    conv = next(p for p in planned if p.name == "feature_1_binary_3x3_popcount")
    assert conv.nodes == ("feature_1_binary_3x3_popcount", "feature_1_bn1_affine")  # the fused output stage
    ctx = next(p for p in planned if p.name == "feature_1_sign1")
    assert set(ctx.nodes) == {"feature_1_sign1", "feature_1_threshold1", "feature_1_context1",
                              "feature_1_context1_gap", "feature_1_context1_flat"}
    names = {n.name for n in hw}
    assert all(set(p.nodes) <= names for p in planned)  # every unit implements hardware nodes, named after them
    claimed = [n for p in planned for n in p.nodes]
    assert len(claimed) == len(set(claimed))  # no node in two units


def test_wiring_is_point_to_point_with_matching_lanes():
    _, _, design = _default_design()
    by_name = {u.name: u for u in design.units}
    for s in design.streams:
        producer = by_name[s.producer]
        assert any(o is s for o in producer.outputs)
        if s.consumer:
            assert any(i is s for i in by_name[s.consumer].inputs)
    order = {u.name: i for i, u in enumerate(design.units)}
    for u in design.units:  # dataflow order
        assert all(order[s.producer] < order[u.name] for s in u.inputs)
    readers = {}
    for u in design.units:
        for s in u.inputs:
            readers.setdefault(s.name, []).append(u.name)
    assert all(len(r) == 1 for r in readers.values())
    converters = [u for u in design.units if u.kind == k.CONVERT]
    assert converters and all(u.inputs[0].lanes != u.outputs[0].lanes for u in converters)
    forks = [u for u in design.units if u.kind == k.FORK]
    assert all(len(u.outputs) >= 2 for u in forks)
    assert design.output.consumer == "" and design.output.tensor == "head"


def test_every_schedule_has_the_contracts_cycles():
    """Two implementations of the contract agree: the per-word schedules of bcdsim.design.timing and
    the closed forms of bcdsim.design.cycles, at the default and at random foldings."""
    hw, planned, design = _default_design()
    rng = random.Random(7)
    designs = [design]
    for _ in range(3):
        fold = {}
        for p in planned:
            simd = rng.choice(simd_options(p.kind, p.geometry))
            pe = rng.choice(pe_options(p.kind, p.geometry))
            fold[p.name] = default_fold(p) if p.kind == k.INPUT else type(default_fold(p))(simd, pe)
        designs.append(assemble(hw, planned, fold))
    for d in designs:
        for u in d.units:
            sch = schedule(u)
            assert sch.iterations == unit_cycles(u), u.name
            for s, w in zip(u.outputs, sch.writes):
                assert len(w) == s.words and np.all(np.diff(w) >= 0) and w[-1] < sch.iterations, u.name


def test_cycle_formulas_by_hand():
    # MVAU: 8x8 pixels, MW = 3*3*32 = 288, MH = 32, SIMD 32, PE 8: 64 * 9 * 4 (FINN-R's formula)
    assert cycles.matrix_cycles(64, 288, 32, 32, 8) == 2304
    # window 4x4x2, 3x3, stride 1, pad 1, 2 lanes in, SIMD 2: 4 reads per row, 4*9 = 36 writes per
    # output row; rows needed before output rows 0..3: 2, 3, 4, 4 (then 4): fill 2*4 = 8, then four
    # blocks of max(36, 4) = 36: 8 + 144 = 152
    assert cycles.window_cycles(2, 4, 4, 3, 1, 1, 2, 2) == 152
    # stride 2 (output 2x2): needed 2, 4 (then 4): fill 8, blocks max(18, 8) and max(18, 0)
    assert cycles.window_cycles(2, 4, 4, 3, 2, 1, 2, 2) == 8 + 18 + 18
    assert cycles.concat_cycles(4, 8, 16, 4) == 4 * 6
    assert cycles.context_scan_cycles(16, 16, 4, 4, 4) == 64 + 2 * 16
    with pytest.raises(ValueError):
        cycles.matrix_cycles(1, 288, 32, 7, 8)


def test_replay_of_a_chain_by_hand():
    """Input -> BatchNorm, 4 channels on a 2x2 map, one pixel per word: the input offers words at
    cycles 0..3, the FIFO hands each over one cycle later, the unit issues iteration n at n + 1 and
    offers its word DEPTH cycles after that: the last word leaves at 3 + 1 + 4 = 8."""
    from bcdsim.hw.verify import hardware_graph

    b = GraphBuilder("chain")
    x = b.add(ops.Input((1, 4, 2, 2)), name="x")
    y = b.add(ops.BatchNorm(np.ones(4), np.zeros(4), np.zeros(4), np.ones(4), 1e-5), [x], name="bn")
    hw = hardware_graph(b.build([y]), np.random.default_rng(0).standard_normal((2, 4, 2, 2)).astype(np.float32))
    planned = plan(hw)
    design = assemble(hw, planned, {p.name: default_fold(p) for p in planned})
    assert [u.kind for u in design.units] == [k.INPUT, k.ELTWISE] and design.units[1].fold.pe == 4
    timing = size_fifos(design)
    assert FIFO_LATENCY == 1 and DEPTH[k.ELTWISE] == 4  # as measured by rtl_tests/test_units.py
    assert timing.latency == 8
    assert list(timing.written[design.output.name]) == [5, 6, 7, 8]


def test_fifo_occupancy_by_hand():
    assert occupancy(np.array([0, 1, 2, 3]), np.array([5, 6, 7, 8])) == 4  # all written before the first read
    assert occupancy(np.array([0, 1, 2]), np.array([0, 1, 2])) == 1  # read as it arrives: one slot
    assert occupancy(np.array([0, 1, 2, 3]), np.array([2, 3, 4, 5])) == 3


def test_a_frame_barrier_makes_its_shortcut_hold_a_frame():
    """The shift-MLP's gather takes a whole frame before its first output, so the residual branch
    beside it must buffer the whole map (DESIGN.md §5): the replay's FIFO depth says so."""
    _, _, design = _default_design()
    size_fifos(design)
    by_name = {u.name: u for u in design.units}
    for gather in (u for u in design.units if u.kind == k.GATHER_IN):
        unit = gather
        while unit.kind != k.FORK:  # up through the sign (threshold) and converter to the fork
            unit = by_name[unit.inputs[0].producer]
        shortcut = [s for s in unit.outputs if s.consumer.endswith("_add_2")]
        assert len(shortcut) == 1 and shortcut[0].depth >= unit.inputs[0].words, gather.name


def test_unsupported_ops_are_all_named():
    b = GraphBuilder("foreign")
    x = b.add(ops.Input((1, 4, 2, 2)), name="x")
    y = b.add(ops.Opaque("aten::erf", (1, 4, 2, 2)), [x], name="erf")
    z = b.add(ops.Opaque("aten::tan", (1, 4, 2, 2)), [y], name="tan")
    with pytest.raises(UserError, match=r"cannot express 2 op\(s\): Opaque \(erf\), Opaque \(tan\)"):
        plan(b.build([z]))
