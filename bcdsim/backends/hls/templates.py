"""Config structs of bcdsim's hls4ml layers: hls4ml's templating mechanism (``str.format`` on
layer attributes), one config template per kernel family; the calls and memory declarations are
in ``calls``. The kernels are the header-only templates of ``hlslib/``; Python only fills in
sizes, folding, types, names and DDR offsets."""
from __future__ import annotations

from hls4ml.backends.template import FunctionCallTemplate, LayerConfigTemplate

from bcdsim.backends.hls import calls

NAME = "    static const char *name() {{ return \"{name}\"; }}\n"
END = NAME + "}};\n"
WINDOW = """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, in_lanes = {in_lanes}, simd = {simd}, groups = {groups};
""" + END
MVAU = """struct config{index} {{
    static const unsigned mw = {mw}, mh = {mh}, simd = {simd}, pe = {pe}, pixels = {pixels}, branches = {branches};
    static const bool has_valid = {has_valid};
    static const unsigned weight_word_bits = {weight_word_bits};
    typedef {acc_t} acc_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
"""
DDR_STREAM = """struct config{index}_ddr {{
    static const unsigned long offset = {ddr_offset};
    static const unsigned words = {ddr_words}, word_bits = {ddr_word_bits};
    static const char *name() {{ return "{ddr_name}"; }}
}};
"""
CONFIGS = {
    "BcdWindow": WINDOW,
    "BcdXnorMvau": MVAU + END,
    "BcdXnorTile": MVAU + """    typedef {part_t} part_t;
    static const unsigned long bank_offset = {bank_offset};
    static const char *out_name() {{ return "{out_name}"; }}
""" + END,
    "BcdTileIn": """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, simd = {simd}, repeats = {repeats};
    static const bool windowed = {windowed};
    static const char *in_name() {{ return "{in_name}"; }}
""" + END,
    "BcdGather": """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, simd = {simd};
    static const unsigned shift_h = {shift_h}, shift_w = {shift_w}, global_h = {global_h}, global_w = {global_w};
    static const unsigned repeats = {repeats};
    static const bool tile = {tile};
    static const char *in_name() {{ return "{in_name}"; }}
""" + END,
    "BcdDspMvau": """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, groups = {groups}, out_channels = {out_channels};
    static const unsigned simd = {simd}, pe = {pe};
    static const bool has_bias = {has_bias};
    typedef {input_t0}::value_type in_t;
    typedef {weight_t} weight_t;
    typedef {bias_t} bias_t;
    typedef {accum_t} accum_t;
    typedef {out_t} out_t;
""" + END,
    "BcdEltwise": """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
    typedef {v_t} v_t;
""" + END,
    "BcdSign": """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    typedef {input_t0}::value_type in_t;
""" + END,
    "BcdAdd": """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    typedef {a_t} a_t;
    typedef {b_t} b_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
""" + END,
    "BcdConcat": """struct config{index} {{
    static const unsigned channels_a = {channels_a}, channels_b = {channels_b}, pixels = {pixels}, lanes = {lanes};
    typedef {a_t} a_t;
    typedef {b_t} b_t;
    typedef {out_t} out_t;
""" + END,
    "BcdPool": """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, lanes = {lanes};
    static const unsigned recip_mantissa = {recip_mantissa};
    static const int recip_frac = {recip_frac};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {sum_t} sum_t;
""" + END,
    "BcdGap": """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    static const unsigned recip_mantissa = {recip_mantissa};
    static const int recip_frac = {recip_frac};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {sum_t} sum_t;
""" + END,
    "BcdContext": """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, lanes = {lanes};
    static const unsigned hidden = {hidden}, e_lanes = {e_lanes}, simd = {simd};
    static const unsigned recip_mantissa = {recip_mantissa};
    static const int recip_frac = {recip_frac};
    typedef {input_t0}::value_type in_t;
    typedef {sum_t} sum_t;
    typedef {gap_t} gap_t;
    typedef {w1_type} w1_t;
    typedef {e_acc_t} e_acc_t;
    typedef {e_t} e_t;
    typedef {w2_type} w2_t;
    typedef {alpha_acc_t} alpha_acc_t;
    typedef {alpha_t} alpha_t;
    static const char *scan_name() {{ return "{scan_name}"; }}
""" + END,
    "BcdDup": """struct config{index} {{
    static const unsigned words = {words};
""" + END,
    "BcdConvert": """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, in_lanes = {in_lanes}, out_lanes = {out_lanes};
    typedef {value_t} value_t;
""" + END,
    "BcdDdrFifo": """struct config{index} {{
    static const unsigned long offset = {ddr_offset};
    static const unsigned depth = {depth}, words = {words};
    static const char *write_name() {{ return "{write_name}"; }}
    static const char *read_name() {{ return "{read_name}"; }}
""" + END,
}
HEADER_OF = {"BcdXnorMvau": "bcd_mvau.h", "BcdXnorTile": "bcd_tile.h", "BcdTileIn": "bcd_tile.h",
             "BcdGather": "bcd_shift.h", "BcdDspMvau": "bcd_dense.h", "BcdWindow": "bcd_window.h",
             "BcdEltwise": "bcd_eltwise.h", "BcdSign": "bcd_eltwise.h", "BcdAdd": "bcd_eltwise.h",
             "BcdOffsetAdd": "bcd_eltwise.h", "BcdConcat": "bcd_eltwise.h", "BcdPool": "bcd_pool.h",
             "BcdGap": "bcd_pool.h", "BcdContext": "bcd_context.h", "BcdDup": "bcd_stream.h",
             "BcdConvert": "bcd_stream.h", "BcdDdrFifo": "bcd_ddr.h"}
CONFIGS["BcdOffsetAdd"] = CONFIGS["BcdAdd"]


def c_string(text: str) -> str:
    """``text`` as the inside of a C string literal."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _names(layer, p: dict) -> None:
    """The counters' process names: every process under its own design unit's name."""
    units = layer.units
    p["name"] = c_string(units[-1].name if layer.family in ("BcdGather", "BcdTileIn", "BcdContext") else
                         units[0].name if units else layer.attrs.get("stream", layer.name))
    for key in ("in_name", "scan_name", "out_name"):
        if key in p:
            p[key] = c_string(p[key])
    if layer.family == "BcdDdrFifo":
        p["write_name"] = c_string(f"{layer.attrs['stream']}__ddr_write")
        p["read_name"] = c_string(f"{layer.attrs['stream']}__ddr_read")


def _ddr(layer, p: dict) -> None:
    """Offsets (beats) of the layer's DDR regions, and its weight streamer's sizes."""
    for region in layer.ddr:
        if region.memory == "weights":
            p.update(ddr_offset=region.offset, ddr_words=region.words, ddr_word_bits=region.word_bits,
                     ddr_name=c_string(f"{region.unit}__ddr"))
        elif region.memory in ("bank", "fifo"):
            p["bank_offset" if region.memory == "bank" else "ddr_offset"] = region.offset


def unit_params(layer, index: int, inputs: list[tuple[str, str]], outputs: list[tuple[str, str]],
                weights: dict[str, tuple[str, str]]) -> dict:
    """Template fields: the layer's attributes, and (name, type name) of its streams and constants."""
    p = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in layer.attrs.items()}
    p["index"] = index
    for i, (name, type_name) in enumerate(inputs):
        p[f"input{i}"], p[f"input_t{i}"] = name, type_name
    for i, (name, type_name) in enumerate(outputs):
        p[f"output{i}"], p[f"output_t{i}"] = name, type_name
    p["n_outputs"] = len(outputs)
    for attr, (name, type_name) in weights.items():
        p[attr], p[attr + "_t"] = name, type_name
    for a in layer.arrays:
        p[a.attr] = f"{a.attr}_{index}"
        p[a.attr + "_type"] = a.ctype
    for attr in ("w1", "w2"):  # the contextual FCs' element types, whether ROM or loaded
        if attr in weights and attr + "_type" not in p:
            p[attr + "_type"] = weights[attr][1]
    if layer.family == "BcdConvert":
        p["value_t"] = "ap_uint<1>" if layer.attrs["bits"] else p["input_t0"] + "::value_type"
    if layer.family == "BcdDspMvau" and "bias_t" not in p:
        p["bias_t"] = weights["bias"][1]
    _names(layer, p)
    _ddr(layer, p)
    return p


def config_text(layer, p: dict) -> str:
    text = CONFIGS[layer.family].format(**p) if layer.family in CONFIGS else ""
    if "ddr_offset" in p and layer.family != "BcdDdrFifo":
        text = DDR_STREAM.format(**p) + text
    return text + calls.globals_text(layer, p)


def render(layer, p: dict) -> tuple[str, str]:
    """(config structs, call) of a layer."""
    return config_text(layer, p), calls.call_text(layer, p)


def params(node) -> dict:
    """``unit_params`` with hls4ml's variable names of a layer."""
    layer = node.get_attr("unit")
    ins = [(v.name, v.type.name) for v in (node.get_input_variable(n) for n in node.inputs)]
    outs = [(v.name, v.type.name) for v in (node.get_output_variable(n) for n in node.outputs)]
    ws = {w.attr: (node.get_weights(w.attr).name, node.get_weights(w.attr).type.name) for w in layer.weights}
    return unit_params(layer, node.index, ins, outs, ws)


def template_classes(layer_classes: dict[str, type]) -> list[tuple[type, type]]:
    """(config template, function template) classes for every family."""
    out = []
    for family, layer_cls in layer_classes.items():
        def config_format(self, node):
            return config_text(node.get_attr("unit"), params(node))

        def call_format(self, node):
            return calls.call_text(node.get_attr("unit"), params(node))

        config_cls = type(f"{family}Config", (LayerConfigTemplate,), {
            "__init__": lambda self, _c=layer_cls: LayerConfigTemplate.__init__(self, _c), "format": config_format})
        function_cls = type(f"{family}Function", (FunctionCallTemplate,), {
            "__init__": lambda self, _c=layer_cls, _h=HEADER_OF[family]: FunctionCallTemplate.__init__(
                self, _c, include_header=[f"nnet_utils/{_h}"]),
            "format": call_format})
        out.append((config_cls, function_cls))
    return out
