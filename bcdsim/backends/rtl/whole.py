"""``bcdsim rtl MODEL --out DIR`` (the whole network): model -> the priced design (the cost model's
entry point, ``bcdsim.cost.estimate``) -> ``bcd_network.v``, its memory files, the library sources it
instantiates, ``network.json`` and ``stimulus.npz`` (input words of real images and hw mode's
logits, with PyTorch's predictions and the labels where the data has them).
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bcdsim.backends.output import atomic_directory
from bcdsim.backends.rtl.emit import read_generated
from bcdsim.backends.rtl.network import Network, build_network
from bcdsim.backends.rtl.network_io import image_words, pack, stream_order
from bcdsim.backends.rtl.top import busy_counters_of, network_verilog
from bcdsim.design.fifos import steady_depths
from bcdsim.hw import fixed
from bcdsim.libraries import rtl_library

FORMAT = "bcdsim-rtl-network/1"
DEFAULT_DEVICE = "zcu104"
DEFAULT_IMAGES = 450


@dataclass
class Generated:
    net: Network
    info: dict
    stimulus: dict[str, np.ndarray]
    label: str


def library_closure(modules: set[str]) -> list[str]:
    """Library files of these modules and every library module they instantiate."""
    lib = rtl_library()
    names = {p.stem for p in lib.glob("bcd_*.v")}
    todo, seen = list(modules), set()
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        text = (lib / f"{m}.v").read_text()
        todo += [n for n in set(re.findall(r"^\s*(bcd_\w+)\s+[#\w]", text, re.M)) if n in names and n != m]
    return sorted(f"{m}.v" for m in seen)


def build(model: str | None, device: str | None = None, clock: float | None = None, fps: float | None = None,
          budget: str | None = None, folding: str | None = "default", input_shape: str | None = None,
          images: int | None = None, seed: int = 0, *, trust_code: bool = False) -> Generated:
    from bcdsim.cost.estimate import estimate, typed_hardware
    from bcdsim.cost.units import unit_cycles
    from bcdsim.hw.interpret import run_hw
    from bcdsim.hw.samples import inputs_for, samples_for
    from bcdsim.io.loaded import DEFAULT_MODEL, load_model
    from bcdsim.ir.frontend import to_ir
    from bcdsim.models import randomize

    loaded = load_model(model, input_shape=input_shape, trust_code=trust_code)
    module = loaded.module
    if not Path(model or DEFAULT_MODEL).exists() and loaded.arch:  # a zoo name: reproducible weights
        module = randomize(module, seed)
    canonical = to_ir(module, loaded.input_shape, loaded.arch or "model")
    hw = typed_hardware(canonical, loaded.input_shape)
    name = loaded.arch or loaded.label
    est = estimate(hw, device or DEFAULT_DEVICE, clock, fps, budget, folding, name=name)
    design = est.design
    replay_depths = {s.name: s.depth for s in design.streams}  # single-frame rule (HLS, cost model)
    steady_depths(design)
    net = build_network(design, hw, canonical)
    samples = samples_for(loaded.input_shape)
    n = images or (DEFAULT_IMAGES if samples.dataset else 2)
    x, labels = inputs_for(samples, loaded.input_shape, n)
    in_node, out_node = hw.node(hw.inputs[0]), hw.node(hw.outputs[0])
    inp, out = design.input, design.output
    batch = 64 if np.prod(loaded.input_shape[1:]) < 10_000 else 1
    y = np.concatenate([run_hw(hw, x[i:i + batch]).values[hw.outputs[0]] for i in range(0, n, batch)])
    y = y.reshape(n, -1)
    classes = y.shape[1]
    pad = out.words * out.lanes - classes
    expected = np.array([pack(np.concatenate([r, np.zeros(pad, np.int64)]), out.lanes, out.element_bits)
                         for r in y], dtype=object)
    words = np.array([image_words(img, in_node.dtype, inp.lanes) for img in x], dtype=object)
    lanes = np.stack([stream_order(fixed.quantize(img, in_node.dtype)[0]).reshape(-1, inp.lanes) for img in x])
    stim = {"input": _as_u64(words, inp.word_bits), "expected": _as_u64(expected, out.word_bits),
            "logits": y.astype(np.int64), "torch": _torch_top1(module, x),
            # the board protocol's view (bcdsim.backends.ecp5.protocol): lane values, hw mode's logits
            "input_words": lanes.astype(np.int64), "expected_logits": y.astype(np.int64)}
    if labels is not None:
        stim["labels"] = np.asarray(labels, dtype=np.int64)
    c, h, w = (list(in_node.shape[1:]) + [1, 1])[:3]
    point = est.point
    counters = {u: name for i in net.instances for u, name in busy_counters_of(i).items()}
    info = {
        "format": FORMAT, "top": "bcd_network", "model": loaded.label, "arch": loaded.arch,
        "input_shape": list(loaded.input_shape), "device": point.device.name, "clock_mhz": point.clock_mhz,
        "chosen_by": est.how, "cycles_per_frame": int(point.cycles), "latency_cycles": int(design.timing.latency),
        "cycles_source": "analytical", "bottleneck": point.bottleneck,
        "input": {"lanes": inp.lanes, "bits": inp.element_bits, "signed": True, "words_per_frame": inp.words,
                  "shape": [c, h, w], "order": "HWC pixel-major, channels within a pixel",
                  "frac_bits": in_node.dtype.frac_bits, "word_bits": inp.word_bits},
        "output": {"lanes": out.lanes, "bits": out.element_bits, "words_per_frame": out.words, "classes": classes,
                   "frac_bits": out_node.dtype.frac_bits, "word_bits": out.word_bits},
        "folding": {u.name: {"simd": u.fold.simd, "pe": u.fold.pe} for u in design.primaries},
        "streams": [{"name": s.name, "fifo": f"f{i}", "wires": [f"p{i}", f"c{i}"], "depth": s.depth,
                     "replay_depth": replay_depths[s.name], "bits": s.word_bits, "words_per_frame": s.words,
                     "producer": s.producer, "consumer": s.consumer,
                     "first_word": int(design.timing.written[s.name][0]),
                     "last_word": int(design.timing.written[s.name][-1])} for i, s in enumerate(net.streams)],
        "units": {u.name: {"kind": u.kind, "instance": next((i.name for i in net.instances if u.name in i.units), ""),
                           "first": int(design.timing.first[u.name]), "last": int(design.timing.last[u.name]),
                           "cycles": unit_cycles(u),  # per frame, the cost model's (analytical)
                           "busy_counter": counters.get(u.name, "")}
                  for u in design.units},
        "images": n, "inputs": samples.source,
    }
    return Generated(net, info, stim, loaded.label)


def _as_u64(words: np.ndarray, bits: int) -> np.ndarray:
    """Words as uint64 columns (npz has no big ints): (frames, words, ceil(bits/64))."""
    chunks = -(-bits // 64)
    frames = len(words)
    per = len(words[0]) if frames else 0
    out = np.zeros((frames, per, chunks), dtype=np.uint64)
    for f in range(frames):
        for j, wd in enumerate(words[f]):
            for q in range(chunks):
                out[f, j, q] = (int(wd) >> (64 * q)) & ((1 << 64) - 1)
    return out


def from_u64(a: np.ndarray) -> list[list[int]]:
    return [[sum(int(v) << (64 * q) for q, v in enumerate(word)) for word in frame] for frame in a]


def _torch_top1(module, x: np.ndarray) -> np.ndarray:
    import torch

    module.eval()
    with torch.no_grad():
        out = [module(torch.as_tensor(x[i:i + 64], dtype=torch.float32)) for i in range(0, len(x), 64)]
    return torch.cat(out).reshape(len(x), -1).argmax(1).numpy().astype(np.int64)


def write(out: str | Path, g: Generated, force: bool = False) -> dict:
    out = Path(out)
    net, info = g.net, g.info
    modules = {i.module for i in net.instances} | {"bcd_fifo"}
    lib = library_closure(modules)
    info["sources"] = ["bcd_network.v", *lib]
    info["memories"] = sorted(i.memory_file(p) for i in net.instances for p in i.memories)

    def fill(tmp: Path) -> None:
        (tmp / "bcd_network.v").write_text(network_verilog(net, g.label, info["cycles_per_frame"],
                                                           info["latency_cycles"]))
        for name in lib:
            shutil.copyfile(rtl_library() / name, tmp / name)
        for inst in net.instances:
            for param, lines in inst.memories.items():
                (tmp / inst.memory_file(param)).write_text("\n".join(lines) + "\n")
        np.savez_compressed(tmp / "stimulus.npz", **g.stimulus)
        (tmp / "network.json").write_text(json.dumps(info, indent=1) + "\n")

    atomic_directory(out, fill, force, "bcdsim rtl")
    return info


def read_network(path: str | Path) -> dict:
    return read_generated(Path(path) / "network.json", FORMAT, "network", "network", "bcdsim rtl MODEL --out DIR")
