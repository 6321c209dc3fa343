"""HLS backend: the typed hardware graph as a Vitis HLS dataflow project, through hls4ml.

``plan`` turns the hardware graph into units (``bcdsim.backends.hls.emitters``, one emitter per
hw op class), ``project`` makes them an hls4ml model of custom layers and writes it, ``csim``
compiles and runs the C simulation against hw mode, ``boards`` adds the scripts from C++ to a
bitstream and ``reports`` reads the vendor reports back.
"""
from __future__ import annotations

from bcdsim.backends.hls import emitters as _emitters  # noqa: F401 - registers the emitters
from bcdsim.backends.hls.folding import Folding
from bcdsim.backends.hls.plan import Planner, Unit
from bcdsim.ir.graph import Graph


def plan(hw: Graph, folding: Folding) -> list[Unit]:
    """The wired dataflow plan of a typed hardware graph."""
    return Planner(hw, folding.fold, folding.fifo_depth).run()


__all__ = ["Folding", "Unit", "plan"]
