"""The RTL generator's front half: model -> binary layers with folding, output stage and stimulus.

Inputs are real where the model has data: the digits test split for 1x8x8 models (the shipped
bcdnet-tiny models), otherwise standard-normal images (seeded). Zoo names get random realistic
weights (``bcdsim.models.randomize`` with the seed) so that a generation is reproducible.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from bcdsim.backends.rtl.emit import Unit
from bcdsim.backends.rtl.model import conv_modules, select, stage_consumer, stimulus, torch_inputs
from bcdsim.backends.rtl.spec import Folding, LayerSpec, check_folding, default_folding
from bcdsim.backends.rtl.stage import affine_stage, sign_of_affine, threshold_stage
from bcdsim.errors import UserError
from bcdsim.hw.ops import Affine, IntThreshold
from bcdsim.hw.passes import to_hardware
from bcdsim.hw.verify import hardware_graph
from bcdsim.ir.frontend import to_ir

log = logging.getLogger(__name__)
STAGES = ("auto", "int", "threshold")


def read_folding(path: str | Path) -> dict[str, dict]:
    """Unit entries of a folding file: the cost model's ``bcdsim-folding/1`` (its ``units`` object)
    or a plain ``{unit: {"simd": S, "pe": P}}``. Units are matched by cost-model unit name (the
    canonical conv node), hardware node name or module name; other units are ignored."""
    p = Path(path)
    try:
        data = json.loads(p.read_text())
    except FileNotFoundError:
        raise UserError(f"folding file not found: {p}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UserError(f"{p}: not valid JSON ({e})") from None
    units = data.get("units", data) if isinstance(data, dict) else None
    if not isinstance(units, dict):
        raise UserError(f"{p}: expected an object of units ({{unit: {{simd, pe}}}})")
    return units


def folding_for(spec: LayerSpec, units: dict[str, dict] | None, where: str = "") -> Folding:
    entry = None
    for key in (spec.unit, spec.node, spec.module):
        if units and key in units:
            entry = units[key]
            break
    if entry is None:
        return default_folding(spec)
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), int) and not isinstance(entry.get(k), bool)
                                              for k in ("simd", "pe")):
        raise UserError(f"{where}: unit '{spec.unit}' needs integer 'simd' and 'pe'")
    return check_folding(spec, Folding(entry["simd"], entry["pe"]), where)


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
    units_file = read_folding(folding) if folding else None
    log.info("%s: %d binary layer(s) on %s", loaded.label, len(specs), source)
    maps = torch_inputs(module, x, sorted({p for s in specs for p in conv_modules(canonical, s)}))
    units = []
    for spec in specs:
        st, st_node = _stage(spec, hw, typed, stage)
        spec = LayerSpec(spec.node, spec.unit, spec.kind, spec.channels, spec.out_channels, spec.k, spec.stride,
                         spec.padding, spec.segments, spec.weight, spec.source, st, st_node)
        fold = folding_for(spec, units_file, str(folding))
        count = pixels.get(spec.node) if isinstance(pixels, dict) else pixels  # per layer (API only)
        units.append(Unit(spec, fold, stimulus(module, canonical, hw, spec, maps, count,
                                               typed if stage == "auto" else None)))
    return loaded.label, units
