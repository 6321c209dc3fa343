"""L2 of the verification ladder: C simulation of a generated project vs hw mode, bit for bit.

The project's ``bcdsim.json`` names the model; its design is rebuilt (and must have the project's
stamp, else the project is stale), hls4ml compiles the project's own C++ (``build_lib.sh``: g++
against the ap_types hls4ml ships) and the library runs image by image with poisoned (NaN) output
buffers. Every output is compared with hw mode's mantissa; top-1 is compared with PyTorch.
"""
from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.ctypeslib as npc

from bcdsim.backends.hls import flow, project
from bcdsim.errors import UserError
from bcdsim.hw.interpret import run_hw

# torch.fx tracing and hls4ml's flows use process-global state: concurrent runs (the g++ builds
# may overlap) take turns for everything else
_PREPARE = threading.Lock()


@dataclass
class CsimResult:
    model: str
    project: str
    images: int
    data: str
    bit_exact: bool
    mismatches: int  # images with at least one differing output
    first_mismatch: dict | None  # {"image", "output", "csim", "hw"} (mantissas)
    csim_accuracy: float | None
    hw_accuracy: float | None
    pytorch_accuracy: float | None
    agreement: float  # top-1 of C simulation == top-1 of PyTorch
    compile_s: float
    run_s: float

    def as_dict(self) -> dict:
        return asdict(self)


def load_design(project_dir: Path, trust_code: bool = False) -> tuple[dict, flow.Design]:
    from bcdsim.cost.devices import get_device

    m = project.read_manifest(project_dir)
    loaded = flow.load(m["model"], m.get("arch") if Path(m["model"]).exists() else None, trust_code)
    fold_path = project_dir / "folding.json"
    import json

    folding_arg = json.loads(fold_path.read_text()) if fold_path.is_file() else "default"
    design = flow.prepare(loaded, m["model"], get_device(m["device"]), m.get("board"), folding_arg)
    if project.stamp(design.units) != m["stamp"]:
        raise UserError(f"{project_dir} no longer matches {m['model']} (its design changed): regenerate it with "
                        "'bcdsim generate'")
    return m, design


def compile_project(project_dir: Path, design: flow.Design) -> Callable[[np.ndarray], np.ndarray]:
    """hls4ml's compile of the project as it is on disk; returns image (stream order) -> outputs."""
    with _PREPARE:
        model = project.to_hls4ml(design.units, project_dir, design.target)
    try:
        lib_path = model.config.backend.compile(model)
    except Exception as e:  # hls4ml raises a bare Exception after printing the compiler's output
        raise UserError(f"C simulation build failed in {project_dir} (compiler output above): {e}") from None
    lib = ctypes.cdll.LoadLibrary(str(Path(lib_path).resolve()))
    top = getattr(lib, f"{project.PROJECT_NAME}_double")
    top.restype = None
    top.argtypes = [npc.ndpointer(ctypes.c_double, flags="C_CONTIGUOUS")] * 2
    n_out = design.units[-1].outputs[0].channels

    def run(x: np.ndarray) -> np.ndarray:
        y = np.full(n_out, np.nan)  # poisoned: a missing output cannot pass
        top(np.ascontiguousarray(x, dtype=np.float64), y)
        return y
    return run


def run(project_dir: str | Path, images: int | None = None,
        progress: Callable[[int], None] = lambda n: None, on_start: Callable[[int], None] = lambda n: None,
        trust_code: bool = False) -> CsimResult:
    project_dir = Path(project_dir)
    with _PREPARE:
        m, d = load_design(project_dir, trust_code)
    n = images or m["tb_images"]
    if n < 1:
        raise UserError("--images must be at least 1")
    x, labels = flow.inputs_for(d.samples, d.input_shape, n)
    t0 = time.perf_counter()
    simulate = compile_project(project_dir, d)
    compile_s = time.perf_counter() - t0
    in_t, out_t = d.hw.node(d.hw.inputs[0]).dtype, d.hw.node(d.hw.outputs[0]).dtype
    from bcdsim.hw.fixed import quantize

    x_stream = flow.stream_order(quantize(x, in_t)[0]) / 2.0 ** in_t.frac_bits  # exact values
    on_start(n)
    t1 = time.perf_counter()
    csim, hw = [], []
    batch = 64 if np.prod(d.input_shape[1:]) < 10_000 else 1
    for i in range(0, n, batch):
        hw.append(run_hw(d.hw, x[i:i + batch]).values[d.hw.outputs[0]])
        for j in range(i, min(n, i + batch)):
            csim.append(simulate(x_stream[j]))
            progress(1)
    run_s = time.perf_counter() - t1
    got = np.array(csim) * 2.0 ** out_t.frac_bits
    want = np.concatenate(hw).astype(np.int64)
    exact = np.isfinite(got) & (got == np.round(got)) & (np.round(np.nan_to_num(got)) == want)
    bad_images = np.flatnonzero(~exact.all(axis=1))
    first = None
    if bad_images.size:
        i = int(bad_images[0])
        k = int(np.flatnonzero(~exact[i])[0])
        first = {"image": i, "output": k, "csim": None if not np.isfinite(got[i, k]) else float(got[i, k]),
                 "hw": int(want[i, k])}
    torch_top = _pytorch_top1(d.module, x)
    csim_top = np.nan_to_num(got, nan=-np.inf).argmax(axis=1)

    def acc(top: np.ndarray) -> float | None:
        return None if labels is None else float((top == labels).mean())

    return CsimResult(d.label, str(project_dir), n, d.samples.source, not bad_images.size, int(bad_images.size), first,
                      acc(csim_top), acc(want.argmax(axis=1)), acc(torch_top), float((csim_top == torch_top).mean()),
                      round(compile_s, 2), round(run_s, 2))


def _pytorch_top1(module, x: np.ndarray) -> np.ndarray:
    import torch

    with torch.no_grad():
        out = [module(torch.from_numpy(x[i:i + 64])) for i in range(0, len(x), 64)]
    return torch.cat(out).argmax(dim=1).numpy()
