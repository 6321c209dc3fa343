"""The memory plan realised (issue 11): what a generated project binds, read back from its C++
(tests/hls_memories.py), is exactly the design the cost model prices: every on-chip memory where
the design places it, with its width, depth and banks; every FIFO at its depth and in its memory;
their sum by kind equal to the priced design's BRAM, URAM and LUT-as-memory figures, within the
device; and no ap_int or stream word wider than Vitis's 4096 bits. bcdnet-a on ZCU104 (weights,
output banks and FIFOs in DDR, URAM weights loaded at run time) and on the U250 (weights in URAM).
"""
from __future__ import annotations

import re

import pytest

pytest.importorskip("hls4ml")

import hls_cli  # noqa: E402
import hls_memories as hm  # noqa: E402

from bcdsim.backends.hls import csim  # noqa: E402
from bcdsim.cost.memory import memory_cost  # noqa: E402
from bcdsim.cost.placement import fifo_memory  # noqa: E402
from bcdsim.design.units import Memory  # noqa: E402

# FIFOs a project has that are no stream of the design: a DDR weight streamer's words, a tile
# schedule's bank token, a DDR FIFO's tokens, the contextual unit's unused e (the cost model
# counts DDR streams as logic, DDR_STREAM_LUT, not as memories)
INTERNAL = re.compile(r"\.(weights|done|tokens|e_unused)$")


@pytest.fixture(scope="module", params=["zcu104", "u250"])
def bcdnet_a(request, tmp_path_factory):
    board = request.param
    project = hls_cli.project(tmp_path_factory, f"bcdnet_a_{board}", "bcdnet-a", "--board", board)
    _, d = csim.load_design(project)  # the design, priced again from the project's folding.json
    return project, d


def test_every_on_chip_memory_is_bound_where_the_design_places_it(bcdnet_a):
    project, d = bcdnet_a
    bound, _ = hm.bound_memories(project)
    by_name = {b.name: b for b in bound}
    assert len(by_name) == len(bound), "a memory bound twice"
    placed = {f"{m['unit']}.{m['memory']}": m for m in d.point.memory_placement()}
    on_chip = {n for n, m in placed.items() if m["style"] != "ddr"}
    assert set(by_name) == on_chip, (sorted(set(by_name) - on_chip)[:5], sorted(on_chip - set(by_name))[:5])
    for name in on_chip:
        m, b = placed[name], by_name[name]
        assert (b.style, b.width, b.depth, b.copies) == (m["style"], m["width"], m["depth"], m["copies"]), name
    in_ddr = [n for n, m in placed.items() if m["style"] == "ddr"]
    regions = {f"{r.unit}.{r.memory}" for layer in d.layers for r in layer.ddr}
    assert set(in_ddr) <= regions, sorted(set(in_ddr) - regions)[:5]


def test_every_fifo_has_the_design_depth_and_memory(bcdnet_a):
    project, d = bcdnet_a
    _, fifos = hm.bound_memories(project)
    by_name = {f.name: f for f in fifos}
    ports = {d.design.input.name, d.design.output.name}  # the top's arguments, no FIFOs of the top
    for s in d.design.streams:
        if s.bank or s.name in ports:
            continue
        f = by_name.pop(s.name)
        if s.style == "ddr":  # on chip: two words on either side of the DDR ring
            assert f.depth == 2 and by_name.pop(f"{s.name}__ddr").depth == 2, s.name
            continue
        assert (f.depth, f.width, f.style) == (s.depth, s.word_bits, s.style), s.name
    assert all(INTERNAL.search(n) for n in by_name), sorted(n for n in by_name if not INTERNAL.search(n))[:5]


def test_bound_memory_by_kind_equals_the_cost_model_and_fits(bcdnet_a):
    """Sum over ROMs, buffers and FIFOs, priced by the cost model's primitive counts from the
    geometry read back from the code; the top's two ports counted as the design counts them."""
    project, d = bcdnet_a
    bound, fifos = hm.bound_memories(project)
    design_memories = {f"{u.name}.{m.name}": m for u in d.design.units for m in u.memories}
    ddr_streams = {s.name for s in d.design.streams if s.style == "ddr"}
    total = {"lut": 0, "bram36": 0.0, "uram": 0}

    def add(cost):
        total["lut"] += cost[0]
        total["bram36"] += cost[1]
        total["uram"] += cost[2]

    for b in bound:
        m = design_memories[b.name]
        add(memory_cost(Memory(b.name, m.role, b.width, b.depth, b.copies, m.sequential), b.style))
    for f in fifos:
        if INTERNAL.search(f.name) or f.name in ddr_streams or f.name.endswith("__ddr"):
            continue
        add(memory_cost(Memory(f.name, "fifo", f.width, f.depth, sequential=True), f.style))
    for s in (d.design.input, d.design.output):
        add(memory_cost(fifo_memory(s), s.style))
    t = d.point.totals
    assert total["bram36"] == pytest.approx(t["bram36"]) and total["uram"] == t["uram"], (total, t)
    assert total["lut"] == t["lutram"], (total, t)
    dev = d.point.device
    assert total["bram36"] <= dev.bram36 and total["uram"] <= dev.uram and total["lut"] <= dev.lutram_luts
    assert d.point.fits


def test_nothing_wider_than_4096_bits(bcdnet_a):
    project, _ = bcdnet_a
    widest = hm.widest_types(project)
    assert widest and widest[0][0] <= 4096, widest[:3]
    assert "#define AP_INT_MAX_W 4096" in (project / "firmware" / "defines.h").read_text().split("\n", 3)[1]
    assert "-DAP_INT_MAX_W=4096" in (project / "build_lib.sh").read_text()
