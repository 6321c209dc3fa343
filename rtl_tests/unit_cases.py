"""Cases for the stream-unit bench (tb_stream.py): a unit's parameters and memory images from
bcdsim.backends.rtl (the code under test), its input words from hw-mode tensors, and its expected
output words from bcdsim's hw-mode kernels (HW_KERNELS) with the cycle of every word from the
unit's schedule (docs/hardware_units.md §4, written out here independently of the RTL).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bcdsim.backends.rtl.units import RtlUnit
from bcdsim.ir.dtypes import Bipolar, DataType

WEIGHTS = Path(__file__).resolve().parents[1] / "bcdsim" / "models" / "weights"


@dataclass
class Case:
    name: str
    unit: RtlUnit
    inputs: dict[str, list[str]]
    outputs: dict[str, dict]
    limit: int
    files: dict[str, str] = field(default_factory=dict)  # memory parameter -> file name the module defaults to

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for param, lines in self.unit.memories.items():
            (directory / self.files[param]).write_text("\n".join(lines) + "\n")
        path = directory / "case.json"
        path.write_text(json.dumps({"name": self.name, "params": self.unit.params, "inputs": self.inputs,
                                    "outputs": self.outputs, "limit": self.limit}))
        return path


def words(values: np.ndarray, lanes: int, bits: int) -> list[str]:
    """(N, C[, H, W]) integers -> stream words: frames, pixels in raster order, C/lanes words
    per pixel, lane j of word k = channel k*lanes + j at bits [j*bits, (j+1)*bits)."""
    v = np.asarray(values, dtype=np.int64)
    n, c = v.shape[:2]
    pix = v.reshape(n, c, -1).transpose(0, 2, 1).reshape(-1, lanes)
    mask = (1 << bits) - 1
    out = []
    for row in pix.tolist():
        w = 0
        for j, x in enumerate(row):
            w |= (x & mask) << (j * bits)
        out.append(f"{w:x}")
    return out


def bits_of(t: DataType) -> int:
    return 1 if isinstance(t, Bipolar) else t.bits


@functools.cache
def _tiny_b_typed():
    """The typed hardware graph of the shipped default model and the digits test images."""
    from bcdsim.hw.verify import hardware_graph
    from bcdsim.io.loaded import load_model
    from bcdsim.ir.frontend import to_ir
    from bcdsim.train.data import load_dataset

    loaded = load_model(str(WEIGHTS / "bcdnet-tiny-b.pth"))
    data = load_dataset("digits")
    canonical = to_ir(loaded.module, loaded.input_shape, loaded.arch or "model")
    return hardware_graph(canonical, data.x_train), data.x_test


@functools.cache
def tiny_b(images: int = 2):
    """The typed hardware graph of the shipped default model and every tensor of hw mode on the
    first digits test images."""
    from bcdsim.hw.interpret import run_hw

    typed, x_test = _tiny_b_typed()
    return typed, run_hw(typed, x_test[:images], keep=True).values


class Nodes(dict):
    """The two nodes a synthetic unit needs, looked up like a Graph."""

    def node(self, name: str):
        return self[name]


def synthetic(op, x_type, out_type, shape: tuple[int, ...], seed: int):
    """(graph, node, input values, expected output) for one op on random fixed-point inputs, the
    expected values from bcdsim's hw-mode kernel of that op."""
    from bcdsim.hw.interpret import HW_KERNELS
    from bcdsim.ir.graph import Node

    rng = np.random.default_rng(seed)
    lo, hi = -(1 << (x_type.bits - 1)), 1 << (x_type.bits - 1)
    x = rng.integers(lo, hi, shape, dtype=np.int64)
    src = Node("x", None, (), shape, x_type)
    out_shape = op.infer_shape(shape)
    node = Node("y", op, ("x",), out_shape, out_type)
    y, _ = HW_KERNELS[type(op)](op, [x], [x_type], node)
    return Nodes(x=src, y=node), node, x, y


# --- schedules: the iteration that writes each output word (docs/hardware_units.md §4) --------

def per_word_times(n_words: int, depth: int) -> list[int]:
    """eltwise, threshold, add, offset_add, concat, fork: iteration n writes word n."""
    return [n + depth for n in range(n_words)]


def pool_times(frames: int, c: int, h: int, w: int, k: int, s: int, p: int, pe: int, depth: int) -> list[int]:
    """Output pixel (oy, ox) leaves with the words of input pixel (min(H-1, oy*S-P+K-1), min(W-1, ...))."""
    oh, ow, nf = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1, c // pe
    per_frame = [((min(h - 1, oy * s - p + k - 1) * w + min(w - 1, ox * s - p + k - 1)) * nf + j)
                 for oy in range(oh) for ox in range(ow) for j in range(nf)]
    return [f * h * w * nf + t + depth for f in range(frames) for t in per_frame]


def gap_times(frames: int, c: int, pixels: int, pe: int, depth: int) -> list[int]:
    nf = c // pe
    return [f * pixels * nf + (pixels - 1) * nf + j + depth for f in range(frames) for j in range(nf)]


# --- cases --------------------------------------------------------------------------------------

def stream_case(name: str, unit: RtlUnit, inputs: dict[str, list[str]], out_words: list[str], times: list[int],
                files: dict[str, str] | None = None) -> Case:
    return Case(name, unit, inputs, {"out": {"words": out_words, "times": times}}, 4 * max(times) + 100,
                files or {})


def window_schedule(c: int, h: int, w: int, k: int, s: int, p: int, il: int, simd: int) -> tuple[int, list[int]]:
    """(iterations per frame, iteration of every window word) of the window unit's schedule."""
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    reads, writes = w * c // il, ow * k * k * c // simd
    need = [min(h, oy * s - p + k) for oy in range(oh)] + [h]
    n, out = need[0] * reads, []
    for oy in range(oh):
        block = max(writes, (need[oy + 1] - need[oy]) * reads)
        out += [n + i for i in range(writes)]
        n += block
    return n, out


def window_words(values: np.ndarray, k: int, s: int, p: int, simd: int, bits: int, bipolar: bool) -> list[str]:
    """Window order (ky, kx, c), SIMD elements per word; bipolar: {valid, bits}; padding 0."""
    from bcdsim.ir.interpret import im2col

    v = np.asarray(values, dtype=np.int64)
    cols = im2col(v, k, s, p).transpose(0, 1, 2, 4, 5, 3)  # N, OH, OW, ky, kx, C
    ones = im2col(np.ones_like(v[:1]), k, s, p).transpose(0, 1, 2, 4, 5, 3)
    n = v.shape[0]
    flat = cols.reshape(-1, simd)
    valid = np.broadcast_to(ones, cols.shape).reshape(-1, simd)
    mask = (1 << bits) - 1
    out = []
    for row, ok in zip(flat.tolist(), valid.tolist()):
        word = 0
        for j, (x, o) in enumerate(zip(row, ok)):
            word |= (x & mask) << (j * bits)
            if bipolar:
                word |= o << (simd + j)
        out.append(f"{word:x}")
    assert len(out) == n * cols.shape[1] * cols.shape[2] * k * k * v.shape[1] // simd
    return out


# --- the contextual threshold unit (bcd_context: context_scan + context_replay) ----------------

def context_times(frames: int, words: int, passes: int, hidden: int, handover: int, depth_e: int,
                  depth_bits: int) -> tuple[list[int], list[int]]:
    """(e times, bits times) of the double-buffered schedule: the scan of frame f (words + 2*passes
    iterations) starts after the scan of f-1 and the cycle after the replay finished f-2; its
    iteration words + passes + j writes e[j]; the replay of f starts ``handover`` cycles after the
    scan's last iteration (and after the replay of f-1), its iteration n writes bits word n."""
    scan_end, replay_end, e_times, bit_times = [], [], [], []
    for f in range(frames):
        start = max(scan_end[-1] + 1 if scan_end else 0, replay_end[f - 2] + 1 if f >= 2 else 0)
        scan_end.append(start + words + 2 * passes - 1)
        e_times += [start + words + passes + j + depth_e for j in range(hidden)]
        first = max(scan_end[f] + handover, replay_end[-1] + 1 if replay_end else 0)
        replay_end.append(first + words - 1)
        bit_times += [first + n + depth_bits for n in range(words)]
    return e_times, bit_times


def context_case(name: str, graph, values: dict, sign: str, simd: int, pe: int) -> Case:
    """bcd_context of DynamicSign node ``sign``: input the map x, expected the bits and e of hw mode."""
    from bcdsim.backends.rtl.units import Fold, pack_unit
    from bcdsim.design.cycles import context_scan_cycles
    from bcdsim.design.timing import BANK_DEPTH, DEPTH, FIFO_LATENCY

    node = graph.node(sign)
    x, thr = graph.node(node.inputs[0]), graph.node(node.inputs[1])
    ctx = graph.node(thr.inputs[0])
    unit = pack_unit(graph, sign, Fold(simd, pe))
    c, h, w = x.shape[1:]
    hidden = ctx.shape[1]
    n, passes = h * w * c // pe, hidden * c // simd
    assert n + 2 * passes == context_scan_cycles(h * w, c, pe, hidden, simd)  # the contract's closed form
    e_times, bit_times = context_times(values[sign].shape[0], n, passes, hidden,
                                       BANK_DEPTH["context_scan"] + FIFO_LATENCY, DEPTH["context_scan"],
                                       DEPTH["context_replay"])
    outputs = {"out": {"words": words(values[sign], pe, 1), "times": bit_times},
               "e": {"words": words(values[ctx.name], 1, ctx.dtype.bits), "times": e_times}}
    return Case(name, unit, {"in": words(values[x.name], pe, x.dtype.bits)}, outputs,
                4 * max(bit_times) + 100, {"W1": "w1.mem", "W2": "w2.mem"})


def context_graph(c: int, h: int, w: int, hidden: int, frames: int, seed: int):
    """A contextual unit the model lacks (sizes where neither of PE and SIMD divides the other;
    narrow types, x finer than alpha), with hw mode's tensors on random maps."""
    from bcdsim.hw.interpret import run_hw
    from bcdsim.ir import ops
    from bcdsim.ir.dtypes import BIPOLAR, Fixed
    from bcdsim.ir.graph import GraphBuilder

    rng = np.random.default_rng(seed)
    b = GraphBuilder("context")
    b.add(ops.Input((1, c, h, w)), [], "x", dtype=Fixed(16, 4))
    b.add(ops.GlobalAvgPool(), ["x"], "gap", dtype=Fixed(12, 4))
    b.add(ops.Flatten(), ["gap"], "flat", dtype=Fixed(12, 4))
    b.add(ops.Linear(rng.normal(0, 0.5, (hidden, c)).astype(np.float32)), ["flat"], "e", dtype=Fixed(14, 5))
    b.add(ops.Linear(rng.normal(0, 0.5, (c, hidden)).astype(np.float32)), ["e"], "thr", dtype=Fixed(10, 3))
    b.add(ops.DynamicSign(), ["x", "thr"], "y", dtype=BIPOLAR)
    graph = b.build(["y", "e"])
    x = rng.normal(rng.uniform(-4, 4, (frames, c, 1, 1)), 2.0, (frames, c, h, w))
    return graph, run_hw(graph, x, keep=True).values
