"""L3: every binary layer of the shipped tiny models and sampled bcdnet-a layers, bit-exact
against hw mode and PyTorch, with cycles per frame and latency against the cost model.

Icarus runs each generated top (the layer's own build: integer results watched at the XNOR
unit's output stream inside, output-stage values at the top's output); for the large bcdnet-a
units only the gaps/back-pressure test (their cycles are checked on Verilator). Verilator builds are
~15 s each, so it runs the generic top bcd_xnor_layer with the layer's parameters (one build
per parameter set, shared by layers of equal sizes and folding; memory files are read at run
time) for the integer results, and generated tops for the output stages of a shift-MLP (3
branches) and of the threshold unit.
"""
from __future__ import annotations

import json

import pytest
import rtl_sim as sim
from rtl_benches import BCDNET_A, TINY, env, generated, prepare, require

TINY_LAYERS = ("feature_1_binary_3x3_popcount", "feature_1_binary_pw_down1_popcount",
               "feature_1_binary_pw_down2_popcount", "feature_2_binary_3x3_popcount",
               "feature_2_binary_pw_down1_popcount", "feature_2_binary_pw_down2_popcount",
               "mlp_layer_0_mlp_layer_0_bn1_popcount", "mlp_layer_0_mlp_layer_1_bn1_popcount",
               "mlp_layer_0_mlp_layer_2_bn1_popcount", "mlp_layer_0_mlp_layer_3_binary_conv_popcount")
CASES = [(m, layer) for m in TINY for layer in TINY_LAYERS] + [("bcdnet-a", layer) for layer in BCDNET_A]
IDS = [f"{m}/{layer.removesuffix('_popcount')}" for m, layer in CASES]


def _generated_top(simulator: str, model: str, module: str, stage: str = "auto",
                   testcase: list[str] | None = None) -> None:
    unit_dir = generated(model, stage)
    built = sim.build(simulator, module, sim.library_sources() + [unit_dir / f"{module}.v"])
    test_dir = sim.BUILD / "runs" / simulator / f"{model}-{stage}" / module
    prepare(unit_dir, module, test_dir, generic=False)
    sim.run(built, test_dir, env(unit_dir, module, simulator), testcase)


def _generic_top(simulator: str, model: str, module: str) -> None:
    unit_dir = generated(model)
    info = json.loads((unit_dir / f"{module}.json").read_text())
    params = {k.upper(): info[k] for k in ("mw", "mh", "simd", "pe", "segs", "mask")}
    built = sim.build(simulator, "bcd_xnor_layer", sim.library_sources(), {**params, "OUT_MODE": 0}, internals=False)
    test_dir = sim.BUILD / "runs" / simulator / f"{model}-generic" / module
    prepare(unit_dir, module, test_dir, generic=True)
    sim.run(built, test_dir, env(unit_dir, module, simulator))


@pytest.mark.parametrize(("model", "layer"), CASES, ids=IDS)
def test_layer_icarus(model, layer):
    require("icarus")
    # bcdnet-a's 1024-lane units simulate at ~2 ms a cycle in Icarus: values under gaps and
    # back-pressure only here; their cycle counts are asserted on Verilator
    _generated_top("icarus", model, layer, testcase=["test_flow"] if model == "bcdnet-a" else None)


@pytest.mark.parametrize(("model", "layer"), CASES, ids=IDS)
def test_layer_verilator(model, layer):
    require("verilator")
    _generic_top("verilator", model, layer)


@pytest.mark.parametrize("simulator", sim.SIMULATORS)
def test_threshold_stage(simulator):
    """The threshold unit on a real layer: thresholds of sign(BN(popcount)) (--stage threshold)."""
    require(simulator)
    _generated_top(simulator, "bcdnet-tiny", "feature_2_binary_3x3_popcount", stage="threshold")


def test_shift_affine_verilator():
    """The three-branch affine of a shift-MLP, generated top, on Verilator too."""
    require("verilator")
    _generated_top("verilator", "bcdnet-tiny-b", "mlp_layer_0_mlp_layer_0_bn1_popcount")


def test_layer_list_is_complete():
    """The benches name every binary layer of the shipped models."""
    from rtl_benches import WEIGHTS

    from bcdsim.backends.rtl.model import binary_nodes
    from bcdsim.hw.passes import to_hardware
    from bcdsim.io import load
    from bcdsim.ir.frontend import to_ir

    for m in TINY:
        module = load(str(WEIGHTS / f"{m}.pth"))
        hw = to_hardware(to_ir(module, (1, 1, 8, 8)))
        assert tuple(n.name for n in binary_nodes(hw)) == TINY_LAYERS
