"""Replaying the units' schedules: latency and the words in every FIFO (docs/hardware_units.md §2).

Each unit's schedule says at which iteration of its frame it reads and writes each word. A unit
issues one iteration per cycle unless a word it reads has not arrived: with every input word taken
as soon as it is available, iteration n issues at t(n) = n + max(0, max_{m<=n} (a(m) - m)), where
a(m) is the arrival of the latest word iteration m reads (a max-plus recurrence, solved with a
cumulative maximum over the iterations that read or write, never over every cycle). A word written
by iteration n is available to its reader ``depth`` cycles later (plus the FIFO's read latency).
The replay covers the first frame of an empty pipeline: the last output word's time is the design's
latency; the written and read times of every word give each FIFO's occupancy (``bcdsim.design.fifos``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bcdsim.design import cycles
from bcdsim.design import units as k
from bcdsim.design.units import Design, Unit
from bcdsim.registry import registrar

# Cycles from the iteration that writes a word to the word offered at the unit's output (for an
# iteration that reads, counted from its input handshake), per unit kind: the RTL modules'
# pipeline registers, measured in their cocotb benches (rtl_tests/test_units.py). Every unit
# stalls as a whole on output back-pressure and lets bubbles through, so the depth holds word by
# word. XNOR units add their compressor tree and output stage (``matrix_depth``).
DEPTH = {
    k.ELTWISE: 4,  # input + parameter word, pre-add (RPReLU bias_in), product, output
    k.THRESHOLD: 2,  # input + threshold word, output bit register (bcd_threshold)
    k.ADD: 3,  # operands, aligned sum, output (requantized)
    k.OFFSET_ADD: 3,  # as add (bcd_add OFFSET=1)
    k.CONCAT: 2,  # operand, output (requantized)
    k.POOL: 5,  # input + line buffer read, column, window, product or copy, output
    k.GAP: 4,  # input, final sum, product, output (word j of the frame's last pixel)
    k.FORK: 1,  # the shared output register
    k.CONVERT: 1,  # the output register
    k.WINDOW: 2,  # line-buffer read (one per segment), output register
    k.GATHER_OUT: 2,  # chunk-memory reads, output register
    k.DSP_MVAU: 5,  # input + weight word, products, sum of SIMD products, accumulator, output
    k.CONTEXT_SCAN: 9,  # e (bcd_context): sums, g, g*W1, sum, accumulator, e, e memory read, output
    k.CONTEXT_REPLAY: 3,  # bank + alpha word, the bank's output register, output bits register (bcd_context)
    # Not yet measured in RTL (no module): provisional.
    k.INPUT: 0, k.GATHER_IN: 1, k.FRAME_IN: 1, k.FRAME_REPLAY: 2, k.FRAME_OUT: 2,
}
FIFO_LATENCY = 1  # bcd_fifo: a word handed over in cycle t is offered in cycle t + 1
# A frame-bank hand-over (``Stream.bank``) whose time differs from its writer's DEPTH: the bank
# words count as written this many cycles after the writer's last iteration issued, so its reader
# issues iteration 0 FIFO_LATENCY later. bcd_context: the last alpha chunk is stored 12 cycles
# after the scan's last iteration (alpha's e*W2, accumulator and rounding behind e's 8 stages),
# and the replay issues the cycle after: 13.
BANK_DEPTH = {k.CONTEXT_SCAN: 12, k.GATHER_IN: 0}  # gather_out starts the cycle after gather_in's last iteration
STAGE_DEPTH = {"affine": 4, "threshold": 2, "identity": 0}  # the XNOR unit's fused output stage


def xnor_core_depth(simd: int) -> int:
    """The RTL XNOR MVAU core: weight read register, ceil(log2(SIMD)/2) compressor-tree stages (a
    register every two adder levels), accumulator and output register (rtllib/bcd_xnor_mvau.v)."""
    tree = -(-int(np.ceil(np.log2(simd))) // 2) if simd > 1 else 0
    return 3 + tree


def xnor_first_output(mw: int, simd: int) -> int:
    """Cycles from a pixel's first input word to its first output group: MW/SIMD folds, then the core."""
    return mw // simd - 1 + xnor_core_depth(simd)


def matrix_depth(unit: Unit, stage: str) -> int:
    """An XNOR unit's core, then its output stage."""
    return xnor_core_depth(unit.fold.simd) + STAGE_DEPTH[stage]


@dataclass(frozen=True)
class Schedule:
    """One frame of a unit: how many iterations, and the iteration of every word it reads / writes
    (one array per input / output stream, in the unit's port order)."""

    iterations: int
    reads: tuple[np.ndarray, ...]
    writes: tuple[np.ndarray, ...]


SCHEDULES: dict[str, object] = {}
schedules = registrar(SCHEDULES)  # by unit kind


def _all_at(words: int, iteration: int) -> np.ndarray:
    """A frame bank handed over at once: every word at one iteration."""
    return np.full(words, iteration, dtype=np.int64)


def _ramp(words: int, step: int = 1, offset: int = 0) -> np.ndarray:
    return np.arange(words, dtype=np.int64) * step + offset


@schedules(k.INPUT)
def _input(u: Unit) -> Schedule:
    words = u.outputs[0].words
    return Schedule(words, (), (_ramp(words),))


@schedules(k.ELTWISE, k.THRESHOLD, k.ADD, k.FORK)
def _lockstep(u: Unit) -> Schedule:
    words = u.outputs[0].words
    return Schedule(words, tuple(_ramp(words) for _ in u.inputs), tuple(_ramp(words) for _ in u.outputs))


@schedules(k.OFFSET_ADD)
def _offset_add(u: Unit) -> Schedule:
    words = u.outputs[0].words
    return Schedule(words, (_ramp(words), _ramp(u.inputs[1].words)), (_ramp(words),))


@schedules(k.CONCAT)
def _concat(u: Unit) -> Schedule:
    a, b = u.inputs
    pixels = a.height * a.width
    wa, wb = a.channels // a.lanes, b.channels // b.lanes
    per = wa + wb
    ra = (np.arange(pixels)[:, None] * per + np.arange(wa)[None]).reshape(-1)
    rb = (np.arange(pixels)[:, None] * per + wa + np.arange(wb)[None]).reshape(-1)
    n = pixels * per
    return Schedule(n, (ra, rb), (_ramp(n),))


@schedules(k.CONVERT)
def _convert(u: Unit) -> Schedule:
    src, dst = u.inputs[0], u.outputs[0]
    if src.lanes >= dst.lanes:
        r = src.lanes // dst.lanes
        return Schedule(dst.words, (_ramp(src.words, r),), (_ramp(dst.words),))
    r = dst.lanes // src.lanes
    return Schedule(src.words, (_ramp(src.words),), (_ramp(dst.words, r, r - 1),))


@schedules(k.POOL)
def _pool(u: Unit) -> Schedule:
    g, s = u.geometry, u.inputs[0]
    per = s.channels // s.lanes
    ly = np.minimum(g.height - 1, np.arange(g.out_height) * g.stride - g.pad + g.kernel - 1)
    lx = np.minimum(g.width - 1, np.arange(g.out_width) * g.stride - g.pad + g.kernel - 1)
    last = (ly[:, None] * g.width + lx[None]).reshape(-1)
    writes = (last[:, None] * per + np.arange(per)[None]).reshape(-1)
    return Schedule(s.words, (_ramp(s.words),), (writes,))


@schedules(k.GAP)
def _gap(u: Unit) -> Schedule:
    s = u.inputs[0]
    per = s.channels // s.lanes
    return Schedule(s.words, (_ramp(s.words),), (_ramp(per, 1, s.words - per),))


def _matrix_order(u: Unit) -> tuple[int, int, int]:
    g = u.geometry
    return g.out_pixels, g.mw // u.fold.simd, g.mh // u.fold.pe


@schedules(k.XNOR_MVAU, k.DSP_MVAU)
def _matrix(u: Unit) -> Schedule:
    pixels, sf, nf = _matrix_order(u)
    n = pixels * sf * nf
    if u.outputs[0].bank:  # tile schedule (nf, sf, p): one input word per iteration, outputs banked
        return Schedule(n, (_ramp(n),), (_all_at(u.outputs[0].words, n - 1),))
    groups = u.geometry.groups
    per_group = nf // groups  # output folds of one group; a group's input slice is read in its first
    w = np.arange(pixels * sf * groups, dtype=np.int64)
    p, rest = np.divmod(w, sf * groups)
    g, f = np.divmod(rest, sf)
    reads = (p * nf + g * per_group) * sf + f
    writes = _ramp(pixels * nf, sf, sf - 1)
    return Schedule(n, (reads,), (writes,))


@schedules(k.WINDOW)
def _window(u: Unit) -> Schedule:
    """One frame's window schedule, ``repeats`` times in a row (the tile schedule's replays)."""
    g, src = u.geometry, u.inputs[0]
    c = g.channels  # a grouped window reads every channel and emits every group's window
    reads_per_row = g.width * c // src.lanes
    writes_per_row = g.out_width * g.kernel * g.kernel * c // u.fold.simd
    need = [cycles.window_rows_needed(oy, g.height, g.kernel, g.stride, g.pad) for oy in range(g.out_height)]
    need.append(g.height)
    reads, writes = [_ramp(need[0] * reads_per_row)], []
    start = need[0] * reads_per_row
    for oy in range(g.out_height):
        fresh = (need[oy + 1] - need[oy]) * reads_per_row
        reads.append(_ramp(fresh, 1, start))
        writes.append(_ramp(writes_per_row, 1, start))
        start += max(writes_per_row, fresh)
    r, w = np.concatenate(reads), np.concatenate(writes)
    if u.repeats > 1:
        offsets = np.arange(u.repeats, dtype=np.int64)[:, None] * start
        r, w = (r[None] + offsets).reshape(-1), (w[None] + offsets).reshape(-1)
    return Schedule(start * u.repeats, (r,), (w,))


@schedules(k.GATHER_IN, k.FRAME_IN, k.CONTEXT_SCAN)
def _bank_writer(u: Unit) -> Schedule:
    s = u.inputs[0]
    n = s.words
    if u.kind == k.CONTEXT_SCAN:
        g = u.geometry
        passes = g.hidden * g.channels // u.fold.simd
        n += 2 * passes
    writes = []
    for out in u.outputs:
        if out.bank:
            writes.append(_all_at(out.words, n - 1))
        else:  # e: one value per iteration at the start of the alpha pass
            writes.append(_ramp(out.words, 1, s.words + (n - s.words) // 2))
    return Schedule(n, (_ramp(s.words),), tuple(writes))


@schedules(k.GATHER_OUT, k.FRAME_REPLAY, k.FRAME_OUT, k.CONTEXT_REPLAY)
def _bank_reader(u: Unit) -> Schedule:
    out = u.outputs[0]
    return Schedule(out.words, tuple(_all_at(s.words, 0) for s in u.inputs), (_ramp(out.words),))


def schedule(u: Unit) -> Schedule:
    return SCHEDULES[u.kind](u)


def unit_depth(u: Unit) -> int:
    return matrix_depth(u, u.stage or "identity") if u.kind == k.XNOR_MVAU else DEPTH[u.kind]


class Issue:
    """t(n) = n + max(0, max over read events m <= n of (arrival(m) - m)): the cycle iteration n
    issues, as a step function over the unit's read events (sorted by iteration)."""

    def __init__(self, iters: np.ndarray, slack: np.ndarray):
        order = np.argsort(iters, kind="stable")
        self.iters = iters[order]
        self.slack = np.maximum.accumulate(np.maximum(slack[order], 0)) if len(order) else slack

    def at(self, n: np.ndarray) -> np.ndarray:
        idx = np.searchsorted(self.iters, n, side="right") - 1
        return n + np.where(idx >= 0, self.slack[np.maximum(idx, 0)] if len(self.slack) else 0, 0)


@dataclass
class Replay:
    """Per stream: the cycle each word enters its FIFO and the cycle it is read; per unit: the
    cycle its first and last iterations issue."""

    written: dict[str, np.ndarray]
    read: dict[str, np.ndarray]
    first: dict[str, int]
    last: dict[str, int]
    latency: int  # first input word to the last output word


def repeated(u: Unit, sch: Schedule, frames: int, period: int) -> Schedule:
    """``frames`` frames of a unit back to back: each frame's iterations after the previous
    frame's; the input offers frame f from iteration f * ``period`` (the design's cycles per
    frame, so that the FIFOs reach their steady state instead of filling without bound)."""
    if frames == 1:
        return sch
    step = period if u.kind == k.INPUT else sch.iterations
    reads = tuple(np.concatenate([r + f * step for f in range(frames)]) for r in sch.reads)
    writes = tuple(np.concatenate([w + f * step for f in range(frames)]) for w in sch.writes)
    return Schedule(step * (frames - 1) + sch.iterations, reads, writes)


def period(design: Design) -> int:
    """The design's cycles per frame: its slowest unit's iterations per frame."""
    return max(schedule(u).iterations for u in design.units)


def replay(design: Design, frames: int = 1) -> Replay:
    """One frame through the empty pipeline, every input word taken as soon as it is available
    (``frames`` > 1: that many, the input paced at the design's cycles per frame)."""
    written: dict[str, np.ndarray] = {}
    read: dict[str, np.ndarray] = {}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    every = period(design) if frames > 1 else 0
    for u in design.units:
        sch = repeated(u, schedule(u), frames, every)
        if u.inputs:
            iters = np.concatenate(sch.reads)
            slack = np.concatenate([written[s.name] + FIFO_LATENCY for s in u.inputs]) - iters
        else:
            iters = slack = np.zeros(0, dtype=np.int64)
        issue = Issue(iters, slack)
        for s, it in zip(u.inputs, sch.reads):
            read[s.name] = issue.at(it)
        depth = unit_depth(u)
        for s, it in zip(u.outputs, sch.writes):
            written[s.name] = issue.at(it) + (BANK_DEPTH.get(u.kind, depth) if s.bank else depth)
        ends = issue.at(np.array([0, sch.iterations - 1], dtype=np.int64))
        first[u.name], last[u.name] = int(ends[0]), int(ends[1])
    latency = int(written[design.output.name][-1])
    return Replay(written, read, first, last, latency)
