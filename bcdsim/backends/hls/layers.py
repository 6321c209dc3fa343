"""bcdsim's layers as hls4ml custom layers, through hls4ml's Extension API (hls4ml 1.3.0):

- one ``Layer`` class per kernel family (``register_layer``), built from a planned layer
  (``bcdsim.backends.hls.plan.Layer``: its design streams and constants, every precision explicit);
- a config template and a function-call template per family (``register_template``), in
  ``bcdsim.backends.hls.templates`` and ``calls``;
- the kernel headers of ``hlslib/`` (``register_source``), copied into firmware/nnet_utils/;
- an ``OptimizerPass`` in the backend's optimize flow that makes every output stream the design's
  FIFO: named after the design stream (the bounded-FIFO C simulation reports it by that name),
  its depth, and its memory (``BIND_STORAGE type=fifo``: SRL, LUTRAM, BRAM or URAM).

Registration is global in hls4ml, so it happens once per process (``register``).
"""
from __future__ import annotations

import threading

from hls4ml.backends import get_backend
from hls4ml.backends.fpga.fpga_types import APTypeConverter, HLSTypeConverter
from hls4ml.backends.vivado.vivado_types import VivadoStreamVariableConverter
from hls4ml.model.flow import register_flow
from hls4ml.model.layers import Layer, register_layer
from hls4ml.model.optimizer import OptimizerPass

from bcdsim.backends.hls import plan, templates
from bcdsim.libraries import hls_library

BACKEND = "Vitis"
WRITE_FLOW = "vitis:bcdsim_write"  # hls4ml's writer without its random stamp (bcdsim sets a stable one)
HLS_DIR = hls_library()  # the kernel headers (package data)
HEADERS = ("bcd_weights.h", "bcd_common.h", "bcd_ddr.h", "bcd_stream.h", "bcd_window.h", "bcd_mvau.h",
           "bcd_tile.h", "bcd_shift.h", "bcd_eltwise.h", "bcd_pool.h", "bcd_dense.h", "bcd_context.h", "bcd_fifo.h")
FIFO_SRL_DEPTH = 64  # shallow LUTRAM FIFOs are shift registers (bcdsim.cost.memory.memory_cost)


def fifo_impl(style: str, depth: int) -> str | None:
    if style == "lutram":
        return "srl" if depth <= FIFO_SRL_DEPTH else "lutram"
    return style if style in ("bram", "uram") else None


class BcdLayer(Layer):
    """A planned layer: its design streams become the layer's output variables, its constants weights."""

    def initialize(self) -> None:
        layer: plan.Layer = self.get_attr("unit")
        if layer.index != self.index:
            raise RuntimeError(f"hls4ml numbered layer {layer.name} {self.index}, the plan {layer.index}")
        for i, (name, s) in enumerate(zip(self.outputs, layer.outputs)):
            suffix = f"_{i}" if i else ""
            self.add_output_variable(plan.stream_shape(s), out_name=name, var_name="layer{index}_out" + suffix,
                                     type_name="layer{index}_t" + suffix, precision=plan.stream_precision(s))
        for w in layer.weights:
            self.add_weights_variable(name=w.attr, var_name=w.attr + "_{index}", type_name=w.attr + "_{index}_t",
                                      precision=w.precision, data=w.data)


FAMILIES = ("BcdXnorMvau", "BcdXnorTile", "BcdTileIn", "BcdGather", "BcdDspMvau", "BcdWindow", "BcdEltwise",
            "BcdSign", "BcdAdd", "BcdOffsetAdd", "BcdConcat", "BcdPool", "BcdGap", "BcdContext", "BcdDup",
            "BcdConvert", "BcdDdrFifo")
LAYER_CLASSES: dict[str, type] = {name: type(name, (BcdLayer,), {"__doc__": f"bcdsim unit family {name}"})
                                  for name in FAMILIES}


class DesignStreamDefinition:
    """A FIFO of the design: ``hls::stream<T> layerN_out("<design stream>")`` with its memory and
    its depth for the bounded-FIFO C simulation (hls4ml adds the STREAM depth pragma)."""

    def definition_cpp(self, name_suffix: str = "", as_reference: bool = False) -> str:
        if as_reference:  # a port of the top
            return f"hls::stream<{self.type.name}> &{self.name}{name_suffix}"
        depth = self.pragma[1]
        lines = [f'hls::stream<{self.type.name}> {self.name}{name_suffix}("{self.bcd_stream}");']
        impl = fifo_impl(self.bcd_style, depth)
        if impl:
            lines.append(f"#pragma HLS BIND_STORAGE variable={self.name} type=fifo impl={impl}")
        lines.append(f"BCD_FIFO_DEPTH({self.name}, {depth})")
        return "\n    ".join(lines)


class StreamDepths(OptimizerPass):
    """Streams between bcdsim layers get the design's depth, name and memory instead of hls4ml's
    default (the whole tensor). A FIFO the design puts in DDR is on chip only on either side of its
    DDR layer: two words there."""

    def __init__(self) -> None:
        self.converter = VivadoStreamVariableConverter(HLSTypeConverter(APTypeConverter()))

    def match(self, node) -> bool:
        return isinstance(node, BcdLayer) and not node.get_attr("bcd_depths_set", False)

    def transform(self, model, node) -> bool:
        layer: plan.Layer = node.get_attr("unit")
        for i, (name, s) in enumerate(zip(node.outputs, layer.outputs)):
            if name in model.outputs:  # the top-level output is a port, not a FIFO: hls4ml types it
                continue
            ddr = s.style == "ddr"
            var = self.converter.convert(node.get_output_variable(name), depth=2 if ddr else s.depth)
            var.__class__ = type("BcdStreamVariable", (DesignStreamDefinition, var.__class__), {})
            var.bcd_stream = name if ddr else s.name
            var.bcd_style = "lutram" if ddr else s.style
            node.set_attr(name, var)
            # hls4ml keeps one result type per layer: name every output's type, or the writer
            # would declare only the last one
            node.set_attr(f"bcd_out{i}_t", var.type)
        node.set_attr("bcd_depths_set", True)
        return False


_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register layers, templates, sources and the pass with hls4ml (idempotent)."""
    global _registered
    with _lock:
        if _registered:
            return
        backend = get_backend(BACKEND)
        for name, cls in LAYER_CLASSES.items():
            register_layer(name, cls)
        for config_cls, function_cls in templates.template_classes(LAYER_CLASSES):
            backend.register_template(config_cls)
            backend.register_template(function_cls)
        for header in HEADERS:
            backend.register_source(HLS_DIR / header)
        backend.register_pass("bcdsim_stream_depths", StreamDepths, flow="vivado:optimize")
        register_flow("bcdsim_write", ["vitis:write_hls"], requires=["vitis:ip"], backend=BACKEND)
        _registered = True
