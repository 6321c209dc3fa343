"""The plan as an hls4ml model, written as a Vitis HLS project (deterministically).

hls4ml writes firmware, weights, testbench, bridge and ``build_prj.tcl``; bcdsim adds the
testbench data, ``bcdsim.json`` (what ``bcdsim csim`` needs), the folding, the README and the
board scripts. Two generations of the same model, folding and board give byte-identical
projects: hls4ml's random library stamp is replaced by a hash of the plan, and the temporary
directory the project is written to never appears in its files.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bcdsim.backends.hls import layers
from bcdsim.backends.hls.plan import Unit
from bcdsim.errors import UserError

PROJECT_NAME = "bcdsim_top"
MANIFEST = "bcdsim.json"
FORMAT = "bcdsim-hls/1"


@dataclass(frozen=True)
class Target:
    part: str
    clock_mhz: float
    device: str
    board: str | None = None


def stamp(units: list[Unit]) -> str:
    """A stable identifier of the plan (hls4ml names the C simulation library with it)."""
    h = hashlib.sha256()
    for u in units:
        h.update(repr((u.name, u.family, sorted(u.attrs.items()), [s.tensor for s in u.outputs])).encode())
        for w in u.weights:
            h.update(w.attr.encode() + np.ascontiguousarray(w.data).tobytes())
    return h.hexdigest()[:8]


def hls4ml_config(units: list[Unit], out_dir: Path, target: Target) -> dict:
    from hls4ml.backends import get_backend

    backend = get_backend(layers.BACKEND)
    config = backend.create_initial_config(part=target.part, clock_period=round(1000.0 / target.clock_mhz, 3),
                                           io_type="io_stream", write_weights_txt=True)
    config.update(Backend=layers.BACKEND, ProjectName=PROJECT_NAME, OutputDir=str(out_dir), Stamp=stamp(units))
    inp = units[0].outputs[0]
    # Every bcdsim unit sets its own precisions; the model default only types the input layer,
    # which gets its exact type by name.
    config["HLSConfig"] = {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1, "Strategy": "Latency",
                                     "ChannelsLastConversion": "off"},
                           "LayerName": {inp.tensor: {"Precision": {"result": _precision_string(inp)}}}}
    return config


def _precision_string(s) -> str:
    t = s.dtype
    return f"fixed<{t.bits},{t.int_bits},RND,SAT>"


def layer_list(units: list[Unit]) -> list[dict]:
    out = []
    for u in units:
        if u.family == "InputLayer":
            s = u.outputs[0]
            out.append({"class_name": "InputLayer", "name": u.name, "input_shape": [s.height, s.width, s.channels]})
            continue
        out.append({"class_name": u.family, "name": u.name, "inputs": [s.tensor for s in u.streams_in],
                    "outputs": [s.tensor for s in u.outputs], "unit": u})
    return out


def to_hls4ml(units: list[Unit], out_dir: Path, target: Target):
    """The hls4ml ModelGraph of the plan (all hls4ml flows applied, nothing written)."""
    from hls4ml.model import ModelGraph

    layers.register()
    if units[0].family != "InputLayer":
        raise UserError("the HLS plan must start with its input")
    return ModelGraph.from_layer_list(hls4ml_config(units, out_dir, target), layer_list(units),
                                      inputs=[units[0].name], outputs=[units[-1].outputs[0].tensor])


# Appended to the top .cpp: how `bcdsim csim` learns of a bad weights file (bcd_weights.h).
WEIGHTS_STATUS = """
#ifndef __SYNTHESIS__
// bcdsim csim: report weight-file problems through these instead of exiting the process
extern "C" {
void bcdsim_weights_quiet() { bcd::weights_status().quiet = true; }
const char *bcdsim_weights_error() { return bcd::weights_status().error.c_str(); }
}
#endif
"""


def _checked_weight_loading(top_cpp: Path) -> None:
    """hls4ml's top loads weights with ``nnet::load_weights_from_txt``, unbounded and exiting on a
    missing file: use bcdsim's bounded loader (bcd_weights.h) and export its status."""
    text = top_cpp.read_text()
    if "nnet::load_weights_from_txt<" not in text and "loaded_weights" in text:  # hls4ml's writer changed
        raise RuntimeError(f"{top_cpp.name}: hls4ml's weight-loading calls not found")
    top_cpp.write_text(text.replace("nnet::load_weights_from_txt<", "bcd::load_weights_txt<") + WEIGHTS_STATUS)


def write_project(model, out_dir: Path, extra: dict[str, str | bytes]) -> None:
    """hls4ml's writer (with our stamp) plus bcdsim's files, then path-independent config."""
    model.apply_flow(layers.WRITE_FLOW)
    _checked_weight_loading(out_dir / "firmware" / f"{PROJECT_NAME}.cpp")
    cfg = out_dir / "hls4ml_config.yml"
    cfg.write_text(cfg.read_text().replace(str(out_dir), "."))
    for rel, content in sorted(extra.items()):
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        if rel.endswith(".sh"):
            path.chmod(0o755)


def manifest_text(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


# What bcdsim.json must hold for csim and build (other keys are informative): key -> (check, meaning)
_MANIFEST_KEYS = {
    "model": (lambda v: isinstance(v, str) and v != "", "a model path or zoo name"),
    "arch": (lambda v: v is None or isinstance(v, str), "null or a zoo architecture"),
    "device": (lambda v: isinstance(v, str) and v != "", "a device name"),
    "board": (lambda v: v is None or isinstance(v, str), "null or a board name"),
    "stamp": (lambda v: isinstance(v, str) and v != "", "the plan's stamp"),
    "tb_images": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1, "a positive integer"),
    "clock_mhz": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                  and 0 < v <= 1000, "a clock in (0, 1000] MHz"),
}


def read_manifest(project: Path) -> dict:
    """A project's bcdsim.json, checked: anything malformed is a one-line UserError."""
    path = project / MANIFEST
    if not project.is_dir():
        raise UserError(f"{project} is not a directory")
    if not path.is_file():
        raise UserError(f"{project} is not a bcdsim HLS project (no {MANIFEST}; run 'bcdsim generate')")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UserError(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a JSON object, got {type(data).__name__}")
    if data.get("format") != FORMAT:
        raise UserError(f"{path}: format {data.get('format')!r}, expected {FORMAT}")
    missing = [k for k in _MANIFEST_KEYS if k not in data]
    if missing:
        raise UserError(f"{path}: missing key(s) {', '.join(missing)} (regenerate the project with 'bcdsim generate')")
    for key, (ok, meaning) in _MANIFEST_KEYS.items():
        if not ok(data[key]):
            raise UserError(f"{path}: '{key}' must be {meaning}, got {data[key]!r:.80}")
    return data
