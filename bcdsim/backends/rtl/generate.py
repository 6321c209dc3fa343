"""The RTL generator's front half: model -> binary layers with folding, output stage and stimulus.

Inputs are real where the model has data: the digits test split for 1x8x8 models (the shipped
bcdnet-tiny models), otherwise standard-normal images (seeded). Zoo names get random realistic
weights (``bcdsim.models.randomize`` with the seed) so that a generation is reproducible.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np

from bcdsim.backends.rtl.emit import Unit
from bcdsim.backends.rtl.model import conv_modules, select, stage_consumer, stimulus, torch_inputs
from bcdsim.backends.rtl.spec import Folding, LayerSpec, check_folding
from bcdsim.backends.rtl.stage import affine_stage, sign_of_affine, threshold_stage
from bcdsim.design.folding import default_fold
from bcdsim.design.folding_file import load_folding
from bcdsim.design.plan import plan
from bcdsim.design.units import Fold
from bcdsim.errors import UserError
from bcdsim.hw.ops import Affine, IntThreshold
from bcdsim.hw.passes import to_hardware
from bcdsim.hw.verify import hardware_graph
from bcdsim.ir.frontend import to_ir

log = logging.getLogger(__name__)
STAGES = ("auto", "int", "threshold")


def layer_foldings(hw, folding: str | None) -> dict[str, Fold]:
    """SIMD x PE of every XNOR unit: from a design folding file (``bcdsim-folding/2``, checked
    against the model's units as analyze and generate check it) or the design's one default."""
    planned = plan(hw)
    if folding:
        return load_folding(folding, hw, planned).folding
    return {p.name: default_fold(p) for p in planned}


def model_inputs(shape: tuple[int, ...], images: int | None, seed: int) -> tuple[np.ndarray, np.ndarray, str]:
    """(inputs, calibration inputs for the fixed-point types, description)."""
    if tuple(shape[1:]) == (1, 8, 8):
        from bcdsim.train.data import load_dataset

        data = load_dataset("digits")
        n = images or 2
        return data.x_test[:n], data.x_train, f"digits test images 0..{n - 1}"
    rng = np.random.default_rng(seed)
    n = images or 1
    x = rng.standard_normal((n, *shape[1:])).astype(np.float32)
    return x, rng.standard_normal((2, *shape[1:])).astype(np.float32), f"{n} standard-normal image(s), seed {seed}"


def _stage(spec: LayerSpec, hw, typed, mode: str):
    consumer = stage_consumer(hw, spec.node)
    if mode == "int" or consumer is None:
        return None, ""
    node = typed.node(consumer.name)
    if isinstance(node.op, IntThreshold):
        return threshold_stage(node), node.name
    if mode == "threshold" and node.op.scale.shape[0] == 1:  # a shift-MLP's 3-branch affine stays
        return sign_of_affine(node, spec.rw), node.name
    assert isinstance(node.op, Affine)
    return affine_stage(node), node.name


def build_units(model_spec: str | None, layers: list[str] | None, folding: str | None = None,
                images: int | None = None, pixels: int | dict[str, int] | None = None, seed: int = 0,
                stage: str = "auto", *, trust_code: bool = False) -> tuple[str, list[Unit]]:
    """(model label, units with stimulus) for the selected binary layers (all when None).
    ``pixels``: output pixels per image in the stimulus, for all layers or per node name."""
    from bcdsim.io.loaded import load_model
    from bcdsim.models import randomize

    if stage not in STAGES:
        raise UserError(f"--stage must be one of {', '.join(STAGES)}")
    if isinstance(pixels, int) and pixels < 1:
        raise UserError("--pixels must be at least 1")
    loaded = load_model(model_spec, trust_code=trust_code)
    module = loaded.module
    if not Path(model_spec or loaded.label).exists() and loaded.arch:  # a zoo name: reproducible weights
        module = randomize(module, seed)
    canonical = to_ir(module, loaded.input_shape, loaded.arch or "model")
    hw = to_hardware(canonical)
    specs = select(canonical, hw, layers)
    x, calibration, source = model_inputs(loaded.input_shape, images, seed)
    typed = hardware_graph(canonical, calibration) if stage != "int" else hw
    folds = layer_foldings(hw, folding)
    log.info("%s: %d binary layer(s) on %s", loaded.label, len(specs), source)
    maps = torch_inputs(module, x, sorted({p for s in specs for p in conv_modules(s)}))
    units = []
    for spec in specs:
        st, st_node = _stage(spec, hw, typed, stage)
        spec = replace(spec, stage=st, stage_node=st_node)
        fold = check_folding(spec, Folding(folds[spec.node].simd, folds[spec.node].pe), str(folding or ""))
        count = pixels.get(spec.node) if isinstance(pixels, dict) else pixels  # per layer (API only)
        units.append(Unit(spec, fold, stimulus(module, canonical, hw, spec, maps, count,
                                               typed if stage == "auto" else None)))
    return loaded.label, units
