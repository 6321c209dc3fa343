"""HLS backend: the design (``bcdsim.design``, priced by the cost model) as a Vitis HLS dataflow
project, through hls4ml.

``plan`` maps the design's units to hls4ml layers (``emitters``, ``emitters_channel``: one per
unit kind), ``project`` makes them an hls4ml model of custom layers and writes it (``templates``,
``calls``: configs, memory bindings and kernel calls), ``csim`` compiles and runs the C simulation
against hw mode (bit-exact, counted cycles, bounded FIFOs), ``boards`` adds the scripts from C++
to a bitstream and ``reports`` reads the vendor reports back.
"""
from __future__ import annotations
