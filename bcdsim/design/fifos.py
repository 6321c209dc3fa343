"""FIFO depths from the schedules (docs/hardware_units.md §5): one function for cost, HLS and RTL.

A stream that leaves a unit with several outputs (a fork, the contextual unit's scan) must hold
every word written while a sibling's reader still waits for its own first words, or the unit
stops for the full FIFO while the other reader starves: a shortcut FIFO holds what the other
branch's window or frame buffer takes before its first output. The same holds for every stream
of such a branch: a pool or converter between the fork and the join cannot "simply wait" when
its join waits for the other branch, since its waiting stops the fork (the bounded-FIFO C
simulation deadlocks at depth 2 there). So every stream downstream of a unit with several
outputs gets the largest number of words written but not yet read at any cycle of the schedule
replay (``bcdsim.design.timing``; at least the default depth), FINN's rule (its FIFO sizing
takes each FIFO's largest occupancy in a simulation with unbounded FIFOs): the replay's schedule
then never meets a full FIFO, and a network of deterministic processes that completes in one
schedule completes in every one. Streams before the first such unit (the input, the stem's
window) keep the default depth: their back-pressure reaches only the network's input, which
simply waits.
"""
from __future__ import annotations

import numpy as np

from bcdsim.design.timing import Replay, replay
from bcdsim.design.units import Design, Stream

DEFAULT_DEPTH = 2


def occupancy(written: np.ndarray, read: np.ndarray) -> int:
    """Most words in the FIFO at once: after the k-th write, k+1 written minus those read strictly
    before (a word read in the cycle a new one arrives still held its slot)."""
    if not len(written):
        return 0
    gone = np.searchsorted(read, written, side="left")
    return int(np.max(np.arange(1, len(written) + 1) - gone))


def forked(design: Design) -> list[Stream]:
    """FIFOs whose producer writes more than one stream (frame-bank hand-overs are no FIFOs)."""
    return [s for u in design.units if len(u.outputs) > 1 for s in u.outputs if not s.bank]


def size_fifos(design: Design, timing: Replay | None = None) -> Replay:
    """Set every stream's depth in place; returns the replay it came from."""
    timing = timing or replay(design)
    branched: set[str] = set()  # units at or after a unit with several outputs
    for u in design.units:
        if len(u.outputs) > 1 or any(s.producer in branched for s in u.inputs):
            branched.add(u.name)
    for s in design.streams:
        s.depth = DEFAULT_DEPTH
        if not s.bank and s.consumer and s.producer in branched:  # (the graph output is a port)
            s.depth = max(DEFAULT_DEPTH, occupancy(timing.written[s.name], timing.read[s.name]))
    return timing


STEADY_FRAMES = 4  # frames back to back: enough for every FIFO to reach its steady occupancy


def steady_depths(design: Design, frames: int = STEADY_FRAMES) -> None:
    """Deepen (never shallow) the streams sized by ``size_fifos`` to their largest occupancy with
    frames back to back (the input paced at the design's cycles per frame): a fork branch may hold
    words of the next frame while its sibling still finishes the previous one, more than a single
    frame through an empty pipeline shows (the whole-network RTL measured this)."""
    timing = replay(design, frames)
    for s in design.streams:
        if s.depth > DEFAULT_DEPTH or (not s.bank and s.consumer and _branched(design, s)):
            s.depth = max(s.depth, occupancy(timing.written[s.name], timing.read[s.name]))


def _branched(design: Design, s: Stream) -> bool:
    branched: set[str] = set()
    for u in design.units:
        if len(u.outputs) > 1 or any(x.producer in branched for x in u.inputs):
            branched.add(u.name)
    return s.producer in branched


# Units that take a whole frame before their first output, and the share of a frame a window takes.
_FRAME_BARRIERS = ("gather_in", "context_scan", "frame_in", "gap")


def estimate_fifos(design: Design) -> None:
    """A quick upper estimate of the forked streams' depths without the replay, for the optimizer's
    search: walking each sibling branch to the unit that reads the forked tensor again, a frame
    barrier on the way costs a frame, a window K - P + S input rows, anything else nothing, plus
    two pixels of slack. The chosen design is sized exactly by ``size_fifos``."""
    for s in design.streams:
        s.depth = DEFAULT_DEPTH
    consumers = {u.name: u for u in design.units}
    for s in forked(design):
        frame = s.words
        siblings = [o for o in design.unit(s.producer).outputs if o is not s]
        frac = 0.0
        for sib in siblings:
            frac = max(frac, _branch_lag(consumers, sib.consumer, s.tensor))
        per_pixel = max(1, s.channels // s.lanes)
        s.depth = max(DEFAULT_DEPTH, min(frame, int(frac * frame) + 2 * per_pixel))


def _branch_lag(units: dict, start: str, tensor: str, limit: int = 64) -> float:
    frac, name = 0.0, start
    for _ in range(limit):
        u = units.get(name)
        if u is None or not u.outputs:
            return frac
        if u.kind in _FRAME_BARRIERS:
            return 1.0
        if u.kind == "window":
            g = u.geometry
            frac += (g.kernel - g.pad + g.stride) / max(1, g.height)
        if len(u.inputs) > 1 and any(i.tensor != u.inputs[0].tensor for i in u.inputs):
            return min(1.0, frac)  # a join
        name = u.outputs[0].consumer
    return min(1.0, frac)
