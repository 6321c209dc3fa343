"""bcdsim's units as hls4ml custom layers, through hls4ml's Extension API (hls4ml 1.3.0):

- one ``Layer`` class per kernel family (``register_layer``), built from a planned ``Unit``
  (its output streams and constants, every precision explicit);
- a config template and a function-call template per family (``register_template``), in
  ``bcdsim.backends.hls.templates``;
- the kernel headers of ``hls/`` (``register_source``), copied into firmware/nnet_utils/;
- an ``OptimizerPass`` in the backend's optimize flow that gives every stream its FIFO depth.

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

from bcdsim.backends.hls import templates
from bcdsim.libraries import hls_library

BACKEND = "Vitis"
WRITE_FLOW = "vitis:bcdsim_write"  # hls4ml's writer without its random stamp (bcdsim sets a stable one)
HLS_DIR = hls_library()  # the kernel headers (package data)
HEADERS = ("bcd_weights.h", "bcd_common.h", "bcd_stream.h", "bcd_window.h", "bcd_mvau.h", "bcd_shift.h",
           "bcd_eltwise.h", "bcd_pool.h", "bcd_dense.h", "bcd_context.h")


class BcdLayer(Layer):
    """A planned unit: its streams become the layer's output variables, its constants weights."""

    def initialize(self) -> None:
        unit = self.get_attr("unit")
        for i, (name, s) in enumerate(zip(self.outputs, unit.outputs)):
            suffix = f"_{i}" if i else ""
            self.add_output_variable(s.shape(), out_name=name, var_name="layer{index}_out" + suffix,
                                     type_name="layer{index}_t" + suffix, precision=s.precision())
        for w in unit.weights:
            self.add_weights_variable(name=w.attr, var_name=w.attr + "_{index}", type_name=w.attr + "_{index}_t",
                                      precision=w.precision, data=w.data)


FAMILIES = ("BcdXnorConv", "BcdShiftMlp", "BcdConvFixed", "BcdEltwise", "BcdSign", "BcdAdd", "BcdConcat",
            "BcdPool", "BcdGap", "BcdContext", "BcdDup", "BcdConvert")
LAYER_CLASSES: dict[str, type] = {name: type(name, (BcdLayer,), {"__doc__": f"bcdsim unit family {name}"})
                                  for name in FAMILIES}


class StreamDepths(OptimizerPass):
    """Streams between bcdsim units get the depth the plan chose (a pixel's words, or a frame for
    shortcut FIFOs) instead of hls4ml's default of the whole tensor."""

    def __init__(self) -> None:
        self.converter = VivadoStreamVariableConverter(HLSTypeConverter(APTypeConverter()))

    def match(self, node) -> bool:
        return isinstance(node, BcdLayer) and not node.get_attr("bcd_depths_set", False)

    def transform(self, model, node) -> bool:
        unit = node.get_attr("unit")
        for i, (name, s) in enumerate(zip(node.outputs, unit.outputs)):
            if name in model.outputs:  # the top-level output is a port, not a FIFO: hls4ml types it
                continue
            var = self.converter.convert(node.get_output_variable(name), depth=s.fifo_depth)
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
            if config_cls is not None:
                backend.register_template(config_cls)
            backend.register_template(function_cls)
        for header in HEADERS:
            backend.register_source(HLS_DIR / header)
        backend.register_pass("bcdsim_stream_depths", StreamDepths, flow="vivado:optimize")
        register_flow("bcdsim_write", ["vitis:write_hls"], requires=["vitis:ip"], backend=BACKEND)
        _registered = True
