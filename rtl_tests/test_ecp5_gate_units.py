"""Our DP16KD block-RAM model (bcdsim/backends/ecp5/dp16kd.py) checked on small memories: a library
unit synthesised alone with synth_ecp5 (block RAM allowed, as for the bitstream), its netlist run
in the unit's RTL bench (tb_stream: every word and its cycle, then random gaps and back-pressure)
with yosys' cell models plus ours. The expected words come from numpy (the FIFO's input, the
window's im2col), never from the RTL. Each case asserts that the netlist really holds DP16KD cells,
so the model is exercised."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
import rtl_sim as sim
from rtl_benches import require
from unit_cases import stream_case, window_schedule, window_words, words

from bcdsim.backends.rtl.depths import DEPTH, FIFO_LATENCY
from bcdsim.backends.rtl.units import fifo_unit, window_unit

BUILD = sim.BUILD / "ecp5" / "gate_units"


def fifo_case(depth: int = 512, bits: int = 16, frames: int = 40):
    """A FIFO (512 x 16: x18 block RAM): frames of 16 words, more than its depth so its addresses
    wrap; back-pressure fills it."""
    x = np.random.default_rng(3).integers(0, 1 << bits, (frames, 16), dtype=np.int64)
    inp = words(x, 1, bits)
    return stream_case(f"fifo:{depth}x{bits}", fifo_unit(depth, bits), {"in": inp}, inp,
                       [n + FIFO_LATENCY for n in range(len(inp))])


def window_case():
    """A 3x3 window over 32 channels of 16 x 16 bipolar pixels, SIMD 8: a 256 x 8 line buffer."""
    c, h, w, k, s, p, simd = 32, 16, 16, 3, 1, 1, 8
    x = np.random.default_rng(5).integers(0, 2, (2, c, h, w), dtype=np.int64)
    per_frame, iters = window_schedule(c, h, w, k, s, p, simd, simd)
    times = [f * per_frame + i + DEPTH["window"] for f in range(2) for i in iters]
    return stream_case("window:32x16x16:simd8", window_unit(c, h, w, k, s, p, simd, 1, True),
                       {"in": words(x, simd, 1)}, window_words(x, k, s, p, simd, 1, True), times)


# (case, the DP16KD data width yosys must choose so that the model's form is the one exercised)
CASES = {"fifo-512x16": (fifo_case, 18), "window-line-buffer": (window_case, 9),
         "fifo-448x2": (lambda: fifo_case(448, 2, 32), 2), "fifo-1000x4": (lambda: fifo_case(1000, 4, 64), 4)}


@pytest.mark.parametrize("key", CASES)
def test_block_ram_model(key):
    require("icarus")
    from bcdsim.backends.ecp5.netlist import simulation_models, synthesize_netlist
    from bcdsim.errors import ToolMissing

    make_case, width = CASES[key]
    case = make_case()
    unit = case.unit
    build = BUILD / case.name.replace(":", "_")
    try:
        models = simulation_models(build)
        netlist = synthesize_netlist(sim.library_sources(), unit.module, build, parameters=unit.params)
    except ToolMissing as e:
        pytest.skip(f"skipped: {e}")
    text = netlist.read_text()
    assert "DP16KD" in text, "synth_ecp5 kept this memory out of block RAM: the model is not exercised"
    assert re.search(rf"\.DATA_WIDTH_B\((32'[sd]+)?{width}\)", text), f"not the x{width} form this case is for"
    built = sim.build("icarus", unit.module, [models, netlist])
    path = case.write(build / "run")
    data = json.loads(path.read_text())
    data["params"] = {}  # a netlist has no parameters left to read back
    path.write_text(json.dumps(data))
    sim.run(built, build / "run", {"BCD_CASE": str(path)}, module="tb_stream")
