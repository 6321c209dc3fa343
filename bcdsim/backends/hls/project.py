"""The HLS plan as an hls4ml model, written as a Vitis HLS project (deterministically).

hls4ml writes firmware, weights, testbench, bridge and ``build_prj.tcl``; bcdsim then
- defines ``AP_INT_MAX_W`` (4096, Vitis's limit) before the first ap_int include of every file
  and in every compile command (stream words between 1024 and 4096 bits need it);
- swaps hls4ml's weight loader for its bounded one (``bcd_weights.h``);
- for designs with memories in DDR (streamed weights, banks, FIFOs, URAM weights loaded at run
  time) wraps the dataflow top: ``bcdsim_top(x, y, ddr, load)`` with one m_axi bundle ``gmem``
  for every DDR access and an AXI-lite ``load`` flag that copies the URAM weights from DDR (call
  it once with load = 1 after configuring the device); the DDR image (``firmware/weights/ddr.bin``)
  holds the streamed and loaded weights; the C-simulation bridge and test bench read it;
- adds the testbench data, ``bcdsim.json`` (what ``bcdsim csim`` needs), ``folding.json`` (the
  design's folding document), the README and the board scripts.
Two generations of the same model, folding and board give byte-identical projects: hls4ml's
random library stamp is replaced by a hash of the plan, and the temporary directory the project
is written to never appears in its files.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bcdsim.backends.hls import calls, layers
from bcdsim.backends.hls.plan import Layer, ddr_image, initialised_beats, layout, uses_ddr
from bcdsim.errors import UserError

PROJECT_NAME = "bcdsim_top"
MANIFEST = "bcdsim.json"
FORMAT = "bcdsim-hls/2"
AP_INT_MAX_W = 4096
DDR_IMAGE = "firmware/weights/ddr.bin"


@dataclass(frozen=True)
class Target:
    part: str
    clock_mhz: float
    device: str
    board: str | None = None


def stamp(plan: list[Layer]) -> str:
    """A stable identifier of the plan (hls4ml names the C simulation library with it)."""
    h = hashlib.sha256()
    for layer in plan:
        h.update(repr((layer.name, layer.family, sorted(layer.attrs.items()), layer.inputs, layer.out_names,
                       [(s.name, s.depth, s.style, s.lanes) for s in layer.outputs],
                       [(a.attr, a.ctype, a.dims, a.style, a.pragmas) for a in layer.arrays],
                       [(r.unit, r.memory, r.word_bits, r.words) for r in layer.ddr])).encode())
        for w in layer.weights:
            h.update(w.attr.encode() + w.style.encode() + np.ascontiguousarray(w.data).tobytes())
        for r in layer.ddr:
            h.update(r.data or b"")
    return h.hexdigest()[:8]


def hls4ml_config(plan: list[Layer], out_dir: Path, target: Target) -> dict:
    from hls4ml.backends import get_backend

    backend = get_backend(layers.BACKEND)
    config = backend.create_initial_config(part=target.part, clock_period=round(1000.0 / target.clock_mhz, 3),
                                           io_type="io_stream", write_weights_txt=True)
    config.update(Backend=layers.BACKEND, ProjectName=PROJECT_NAME, OutputDir=str(out_dir), Stamp=stamp(plan))
    inp = plan[0].outputs[0]
    # Every bcdsim layer sets its own precisions; the model default only types the input layer,
    # which gets its exact type by name.
    t = inp.dtype
    exact = {"Precision": {"result": f"fixed<{t.bits},{t.int_bits},RND,SAT>"}}
    config["HLSConfig"] = {"Model": {"Precision": "ap_fixed<16,6>", "ReuseFactor": 1, "Strategy": "Latency",
                                     "ChannelsLastConversion": "off"},
                           "LayerName": {plan[0].name: exact}}
    return config


def layer_list(plan: list[Layer]) -> list[dict]:
    out = []
    for layer in plan:
        if layer.family == "InputLayer":
            s = layer.outputs[0]
            out.append({"class_name": "InputLayer", "name": layer.name, "input_shape": [s.height, s.width, s.channels]})
            continue
        out.append({"class_name": layer.family, "name": layer.name, "inputs": list(layer.inputs),
                    "outputs": list(layer.out_names), "unit": layer})
    return out


def output_layer(plan: list[Layer]) -> str:
    """The layer writing the design's output (the stream nothing reads): hls4ml names a model's
    outputs by their layers."""
    return next(layer.name for layer in plan for s in layer.outputs if not s.consumer)


def to_hls4ml(plan: list[Layer], out_dir: Path, target: Target):
    """The hls4ml ModelGraph of the plan (all hls4ml flows applied, nothing written)."""
    from hls4ml.model import ModelGraph

    layers.register()
    if plan[0].family != "InputLayer":
        raise UserError("the HLS plan must start with its input")
    layout(plan)
    model = ModelGraph.from_layer_list(hls4ml_config(plan, out_dir, target), layer_list(plan),
                                       inputs=[plan[0].name], outputs=[output_layer(plan)])
    model.bcd_plan = plan  # the writer's post-processing reads it
    return model


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
MAX_W = (f"#ifndef AP_INT_MAX_W\n#define AP_INT_MAX_W {AP_INT_MAX_W} // Vitis HLS's limit, before any ap_int include\n"
         "#endif\n")


def _checked_weight_loading(top_cpp: Path) -> None:
    """hls4ml's top loads weights with ``nnet::load_weights_from_txt``, unbounded and exiting on a
    missing file: use bcdsim's bounded loader (bcd_weights.h) and export its status."""
    text = top_cpp.read_text()
    if "nnet::load_weights_from_txt<" not in text and "loaded_weights" in text:  # hls4ml's writer changed
        raise RuntimeError(f"{top_cpp.name}: hls4ml's weight-loading calls not found")
    top_cpp.write_text(text.replace("nnet::load_weights_from_txt<", "bcd::load_weights_txt<") + WEIGHTS_STATUS)


def _max_width(out_dir: Path) -> None:
    """AP_INT_MAX_W before the first ap_int include of every generated file and compile command."""
    for rel in ("firmware/defines.h", "firmware/parameters.h", f"firmware/{PROJECT_NAME}.h"):
        path = out_dir / rel
        path.write_text(MAX_W + path.read_text())
    flag = f"-DAP_INT_MAX_W={AP_INT_MAX_W}"
    lib = out_dir / "build_lib.sh"
    lib.write_text(_replace_once(lib.read_text(), 'CFLAGS="-O3 -fPIC"', f'CFLAGS="-O3 -fPIC {flag}"'))
    tcl = out_dir / "build_prj.tcl"
    tcl.write_text(tcl.read_text().replace('-cflags "-std=c++0x', f'-cflags "-std=c++0x {flag}'))


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise RuntimeError(f"hls4ml's writer changed: {old!r} not found once")
    return text.replace(old, new)


def _ddr_top(model, plan: list[Layer], out_dir: Path) -> None:
    """The wrapper of a design with memories in DDR (see the module docstring)."""
    beats = layout(plan)
    file_beats = initialised_beats(plan)
    cpp = out_dir / "firmware" / f"{PROJECT_NAME}.cpp"
    text = cpp.read_text()
    head = re.search(r"void bcdsim_top\(\n(.*?)\n\) \{\n", text, re.S)
    io = re.search(r"    #pragma HLS INTERFACE axis port=(\S+) \n", text)
    if head is None or io is None:
        raise RuntimeError("hls4ml's top function changed: cannot wrap it")
    ports = [a.strip() for a in head.group(1).split(",\n")]
    names = [p.rsplit("&", 1)[1] for p in ports]
    text = text.replace(head.group(0), "static void bcdsim_network(\n" + ",\n".join(f"    {p}" for p in ports)
                        + ",\n    bcd::ddr_word *ddr\n) {\n", 1).replace(io.group(0), "", 1)
    loads = calls.load_lines(plan, {id(a): f"{a.attr}_{layer.index}" for layer in plan for a in layer.arrays})
    text += f"""
// The accelerator: load = 1 copies the weights placed in URAM from DDR (once, after configuring
// the device); load = 0 runs one frame. Every DDR access goes through the m_axi bundle gmem.
void bcdsim_top(
{",".join(chr(10) + "    " + p for p in ports).lstrip(chr(10))},
    bcd::ddr_word *ddr,
    bool load
) {{
    #pragma HLS INTERFACE axis port={io.group(1)}
    #pragma HLS INTERFACE m_axi port=ddr bundle=gmem offset=slave depth={max(1, beats)}
    #pragma HLS INTERFACE s_axilite port=load
    if (load) {{
{"".join("        " + line + chr(10) for line in loads)}        return;
    }}
    bcdsim_network({", ".join(names)}, ddr);
}}
"""
    cpp.write_text(text)
    header = out_dir / "firmware" / f"{PROJECT_NAME}.h"
    htext = header.read_text()
    proto = re.search(r"void bcdsim_top\(\n(.*?)\n\);\n", htext, re.S)
    if proto is None:
        raise RuntimeError("hls4ml's top header changed: cannot wrap it")
    htext = htext.replace(proto.group(0), f"""#include "nnet_utils/bcd_ddr.h"
#define BCD_DDR_BEATS {beats}UL // the DDR buffer (beats of 512 bits)
#define BCD_DDR_FILE_BEATS {file_beats}UL // of them in the DDR image ({DDR_IMAGE})

void bcdsim_top(
{proto.group(1)},
    bcd::ddr_word *ddr,
    bool load
);

#ifndef __SYNTHESIS__
// C simulation: the DDR image read once from the weights directory, the URAM weights loaded
// on the first call, then one frame per call.
inline void bcdsim_top_csim({", ".join(ports)}) {{
    static bool loaded = false;
    bcd::ddr_word *ddr = bcd::ddr_image(WEIGHTS_DIR "/ddr.bin", BCD_DDR_BEATS, BCD_DDR_FILE_BEATS);
    if (!loaded) {{
        bcdsim_top({", ".join(names)}, ddr, true);
        loaded = true;
    }}
    bcdsim_top({", ".join(names)}, ddr, false);
}}
#endif
""", 1)
    header.write_text(htext)
    for rel in (f"{PROJECT_NAME}_bridge.cpp", f"{PROJECT_NAME}_test.cpp"):
        path = out_dir / rel
        text = path.read_text()
        calls_found = re.findall(r"\bbcdsim_top\((\w+,\s*\w+)\);", text)
        if not calls_found:
            raise RuntimeError(f"{rel}: hls4ml's call of the top not found")
        path.write_text(re.sub(r"\bbcdsim_top\((\w+,\s*\w+)\);", r"bcdsim_top_csim(\1);", text))
    (out_dir / DDR_IMAGE).write_bytes(ddr_image(plan))


def write_project(model, out_dir: Path, extra: dict[str, str | bytes]) -> None:
    """hls4ml's writer (with our stamp) plus bcdsim's files, then path-independent config."""
    plan = model.bcd_plan
    model.apply_flow(layers.WRITE_FLOW)
    _checked_weight_loading(out_dir / "firmware" / f"{PROJECT_NAME}.cpp")
    _max_width(out_dir)
    if uses_ddr(plan):
        _ddr_top(model, plan, out_dir)
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
    "input_shape": (lambda v: isinstance(v, list) and 2 <= len(v) <= 4
                    and all(isinstance(x, int) and not isinstance(x, bool) and 0 < x <= 4096 for x in v),
                    "the model's input shape"),
    "ddr": (lambda v: isinstance(v, bool), "true or false"),
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
        raise UserError(f"{path}: format {data.get('format')!r}, expected {FORMAT} (regenerate the project with "
                        "'bcdsim generate')")
    missing = [k for k in _MANIFEST_KEYS if k not in data]
    if missing:
        raise UserError(f"{path}: missing key(s) {', '.join(missing)} (regenerate the project with 'bcdsim generate')")
    for key, (ok, meaning) in _MANIFEST_KEYS.items():
        if not ok(data[key]):
            raise UserError(f"{path}: '{key}' must be {meaning}, got {data[key]!r:.80}")
    return data
