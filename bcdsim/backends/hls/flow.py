"""From a model to an HLS project (``bcdsim generate``), and back (``bcdsim csim`` rebuilds the
same design from the project's ``folding.json``).

The design is the one the cost model prices (``bcdsim.cost.estimate.estimate`` on the typed
hardware graph): the optimizer's choice for the device (``auto``), a folding file, or bcdsim's
default folding (``default``), with its FIFO depths and memory placement. The HLS plan emits it
unit by unit (``bcdsim.backends.hls.plan``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bcdsim import __version__
from bcdsim.backends.hls import boards, plan, project, readme
from bcdsim.backends.output import atomic_directory
from bcdsim.cost.devices import Device, get_device
from bcdsim.errors import UserError
from bcdsim.hw.fixed import quantize
from bcdsim.hw.interpret import run_hw
from bcdsim.hw.samples import RANDOM_SEED, Samples, inputs_for, samples_for
from bcdsim.hw.typing import DEFAULT_MARGIN_BITS, DEFAULT_WIDTH
from bcdsim.ir.dtypes import Fixed
from bcdsim.ir.graph import Graph

log = logging.getLogger(__name__)
DEFAULT_DEVICE = "zcu104"
RANDOM_TB_IMAGES = 1  # testbench images of models without a data set (a 224x224 image is ~1.5 MB of text)


@dataclass
class Design:
    model_spec: str
    arch: str | None
    label: str
    input_shape: tuple[int, ...]
    module: object
    graph: Graph
    hw: Graph
    samples: Samples
    point: object  # the priced design point (bcdsim.cost.price.DesignPoint)
    how: str  # what chose the folding
    document: dict  # the design's folding document (folding.json)
    layers: list[plan.Layer]
    device: Device
    board: str | None
    width: int = DEFAULT_WIDTH

    @property
    def design(self):
        return self.point.design

    @property
    def clock_mhz(self) -> float:
        return float(self.point.clock_mhz)

    @property
    def target(self) -> project.Target:
        return project.Target(self.device.part, self.clock_mhz, self.device.name, self.board)


def load(spec: str, arch: str | None = None, trust_code: bool = False, input_shape: str | None = None):
    """The model of a checkpoint, or of a zoo name with bcdsim's realistic random weights (both
    signs, seed 0): PyTorch's default init is unseeded and makes every binary weight +1."""
    from bcdsim.io.loaded import load_model
    from bcdsim.models import randomize

    loaded = load_model(spec, arch, input_shape, trust_code=trust_code)
    if not Path(spec).exists():
        randomize(loaded.module, seed=RANDOM_SEED)
    return loaded


def resolve_device(device: str | None, board: str | None) -> Device:
    if board is not None:
        preset = boards.board(board).device
        if device is not None and get_device(device).name != preset:
            raise UserError(f"--board {board} has a {preset} device; --device {device} contradicts it")
        return get_device(preset)
    return get_device(device or DEFAULT_DEVICE)


def prepare(loaded, model_spec: str, device: Device, board: str | None, folding_arg: str | Path = "auto") -> Design:
    """Graphs, typing, the priced design and its HLS plan. ``folding_arg``: "auto" (the optimizer),
    "default" (bcdsim's default folding) or a folding file (a project's folding.json included)."""
    from bcdsim.cost.estimate import estimate, typed_hardware
    from bcdsim.design.folding_file import folding_document
    from bcdsim.ir.frontend import to_ir

    graph = to_ir(loaded.module, loaded.input_shape, loaded.arch or "model")
    samples = samples_for(loaded.input_shape)
    hw = typed_hardware(graph, loaded.input_shape)
    label = loaded.arch or loaded.label
    e = estimate(hw, device, folding=None if folding_arg == "auto" else str(folding_arg), name=label)
    layers = plan.build(hw, e.design)
    return Design(_spec(model_spec), loaded.arch, loaded.label, tuple(loaded.input_shape), loaded.module, graph, hw,
                  samples, e.point, e.how, folding_document(e.point, label), layers, device, board)


def _spec(model_spec: str) -> str:
    """A checkpoint as an absolute path (csim reloads it from anywhere), a zoo name as it is."""
    path = Path(model_spec)
    return str(path.resolve()) if path.exists() else model_spec


def stream_order(x: np.ndarray) -> np.ndarray:
    """(N, C, H, W) or (N, F) -> (N, values in stream order: pixels row-major, channels inside)."""
    return (x.transpose(0, 2, 3, 1) if x.ndim == 4 else x).reshape(len(x), -1)


def _fmt(m: np.ndarray, frac: int) -> str:
    return " ".join(f"{v:.{max(frac, 0)}f}" for v in m / 2.0 ** frac)


def testbench_files(d: Design, n: int) -> dict[str, str]:
    """Inputs (exactly the quantized values hw mode uses) and hw mode's outputs for n images."""
    x, labels = inputs_for(d.samples, d.input_shape, n)
    in_t: Fixed = d.hw.node(d.hw.inputs[0]).dtype
    out_t: Fixed = d.hw.node(d.hw.outputs[0]).dtype
    x_m = stream_order(quantize(x, in_t)[0])
    batch = 64 if np.prod(d.input_shape[1:]) < 10_000 else 1
    y_m = np.concatenate([run_hw(d.hw, x[i:i + batch]).values[d.hw.outputs[0]] for i in range(0, n, batch)])
    files = {"tb_data/tb_input_features.dat": "".join(_fmt(r, in_t.frac_bits) + "\n" for r in x_m),
             "tb_data/tb_output_predictions.dat": "".join(_fmt(r, out_t.frac_bits) + "\n" for r in y_m),
             "tb_data/tb_output_mantissas.dat": "".join(" ".join(map(str, r)) + "\n" for r in y_m)}
    if labels is not None:
        files["tb_data/tb_labels.dat"] = "".join(f"{v}\n" for v in labels)
    return files


def manifest(d: Design, tb_images: int) -> dict:
    in_t, out_t = d.hw.node(d.hw.inputs[0]).dtype, d.hw.node(d.hw.outputs[0]).dtype
    return {"format": project.FORMAT, "bcdsim_version": __version__, "hls4ml_version": _hls4ml_version(),
            "model": d.model_spec, "arch": d.arch,
            "weights": "checkpoint" if Path(d.model_spec).exists() else f"random (randomize, seed {RANDOM_SEED})",
            "label": d.label, "input_shape": list(d.input_shape),
            "width": d.width, "margin_bits": DEFAULT_MARGIN_BITS, "data": d.samples.source,
            "tb_images": tb_images, "project_name": project.PROJECT_NAME, "stamp": project.stamp(d.layers),
            "device": d.device.name, "part": d.device.part, "clock_mhz": d.clock_mhz, "board": d.board,
            "folding": d.how, "input_type": str(in_t), "output_type": str(out_t),
            "output_frac": out_t.frac_bits, "units": len(d.design.units), "layers": len(d.layers),
            "ddr": plan.uses_ddr(d.layers)}


def _hls4ml_version() -> str:
    import hls4ml

    return hls4ml.__version__


def project_files(d: Design) -> dict[str, str]:
    """Everything bcdsim adds to hls4ml's project."""
    tb_images = 450 if d.samples.dataset == "digits" else RANDOM_TB_IMAGES
    files = testbench_files(d, tb_images)
    files[project.MANIFEST] = project.manifest_text(manifest(d, tb_images))
    files["folding.json"] = project.manifest_text(d.document)
    files["README.md"] = readme.readme(d)
    files.update(boards.scripts(d))
    return files


def write(d: Design, out: Path, force: bool) -> None:
    """The whole project, written atomically to ``out``."""
    def fill(tmp: Path) -> None:
        model = project.to_hls4ml(d.layers, tmp, d.target)
        project.write_project(model, tmp, project_files(d))

    atomic_directory(out, fill, force, "bcdsim generate")


__all__ = ["Design", "inputs_for", "load", "prepare", "resolve_device", "write"]
