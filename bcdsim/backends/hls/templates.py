"""Config structs and function calls of bcdsim's hls4ml layers: hls4ml's templating mechanism
(``str.format`` on layer attributes), one config and one call template per kernel family. The
kernels are the header-only templates of ``hls/``; Python only fills in sizes, folding and types.
"""
from __future__ import annotations

from hls4ml.backends.template import FunctionCallTemplate, LayerConfigTemplate

NAME = "    static const char *name() {{ return \"{name}\"; }}\n"
WINDOW = """struct config{index}_window {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, in_lanes = {in_lanes}, simd = {simd}, groups = {groups};
    static const char *name() {{ return \"{window_name}\"; }}
}};
"""
SWU = WINDOW.replace("config{index}_window", "config{index}_swu")  # the window of an XNOR conv
GATHER = """struct config{index}_gather {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, in_lanes = {in_lanes};
    static const unsigned simd = {simd}, shift_h = {shift_h}, shift_w = {shift_w}, global_h = {global_h};
    static const unsigned global_w = {global_w};
    static const bool interleaved = {interleaved};
    static const char *in_name() {{ return \"{gather_in_name}\"; }}
    static const char *out_name() {{ return \"{gather_out_name}\"; }}
}};
"""
MVAU = """struct config{index} {{
    static const unsigned mw = {mw}, mh = {mh}, simd = {simd}, pe = {pe}, pixels = {pixels}, branches = {branches};
    static const bool interleaved = {interleaved}, has_valid = {has_valid}, params_by_output = {params_by_output};
    static const unsigned weight_word_bits = {weight_word_bits};
    typedef {acc_t} acc_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
""" + NAME + "}};"
CONVERT = """struct config{index}_convert {{
    static const unsigned channels = {channels}, pixels = {height} * {width}, in_lanes = {in_lanes}, out_lanes = {simd};
    typedef {input_t0}::value_type value_t;
    static const char *name() {{ return \"{convert_name}\"; }}
}};
"""
CONV_FIXED = """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, groups = {groups}, out_channels = {out_channels};
    static const unsigned in_lanes = {in_lanes}, simd = {simd}, pe = {pe};
    typedef {input_t0}::value_type in_t;
    typedef {wfix_t} weight_t;
    typedef {bias_t} bias_t;
    typedef {accum_t} accum_t;
    typedef {out_t} out_t;
""" + NAME + "}};"


def _conv_fixed_config(p: dict) -> str:
    if p["window_inside"] == "true":
        return WINDOW + CONV_FIXED
    return (CONVERT if p["in_lanes"] != p["simd"] else "") + CONV_FIXED


CONFIGS = {
    "BcdXnorConv": lambda p: (SWU if p["windowed"] == "true" else "") + MVAU,
    "BcdShiftMlp": lambda p: GATHER + MVAU,
    "BcdConvFixed": _conv_fixed_config,
    "BcdWindow": lambda p: WINDOW,
    "BcdEltwise": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
    typedef {v_t} v_t;
""" + NAME + "}};",
    "BcdSign": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    typedef {input_t0}::value_type in_t;
""" + NAME + "}};",
    "BcdAdd": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes}, offset_lanes = {in_lanes1};
    typedef {a_t} a_t;
    typedef {b_t} b_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
""" + NAME + "}};",
    "BcdConcat": lambda p: """struct config{index} {{
    static const unsigned channels_a = {channels_a}, channels_b = {channels_b}, pixels = {pixels}, lanes = {lanes};
    typedef {a_t} a_t;
    typedef {b_t} b_t;
    typedef {out_t} out_t;
""" + NAME + "}};",
    "BcdPool": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, lanes = {lanes};
    static const unsigned recip_mantissa = {recip_mantissa};
    static const int recip_frac = {recip_frac};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {sum_t} sum_t;
""" + NAME + "}};",
    "BcdGap": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    static const unsigned recip_mantissa = {recip_mantissa};
    static const int recip_frac = {recip_frac};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {sum_t} sum_t;
""" + NAME + "}};",
    "BcdContext": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, lanes = {lanes};
    static const unsigned hidden = {hidden}, e_lanes = {e_lanes}, simd = {simd};
    static const unsigned recip_mantissa = {recip_mantissa};
    static const int recip_frac = {recip_frac};
    typedef {input_t0}::value_type in_t;
    typedef {sum_t} sum_t;
    typedef {gap_t} gap_t;
    typedef {w1_t} w1_t;
    typedef {e_acc_t} e_acc_t;
    typedef {e_t} e_t;
    typedef {w2_t} w2_t;
    typedef {alpha_acc_t} alpha_acc_t;
    typedef {alpha_t} alpha_t;
    static const char *scan_name() {{ return \"{scan_name}\"; }}
""" + NAME + "}};",
    "BcdDup": lambda p: """struct config{index} {{
    static const unsigned words = {words};
""" + NAME + "}};",
    "BcdConvert": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, in_lanes = {in_lanes}, out_lanes = {out_lanes};
    typedef {value_t} value_t;
""" + NAME + "}};",
}


def _xnor_call(p: dict) -> str:
    if p["windowed"] == "true":
        return ("bcd::xnor_conv<config{index}_swu, config{index}, bcd::{stage}>"
                "({input0}, {output0}, {wbits}, {p0}, {p1})")
    return "bcd::mvau<config{index}, bcd::{stage}>({input0}, {output0}, {wbits}, {p0}, {p1})"


def _conv_fixed_call(p: dict) -> str:
    if p["window_inside"] == "true":
        return "bcd::conv_fixed<config{index}_window, config{index}>({input0}, {output0}, {wfix}, {bias})"
    if p["in_lanes"] != p["simd"]:
        return "bcd::dense_fixed<config{index}_convert, config{index}>({input0}, {output0}, {wfix}, {bias})"
    return "bcd::dsp_mvau<config{index}>({input0}, {output0}, {wfix}, {bias})"


# Every call is one dataflow process: BCD_SPAWN is the call itself, except in the bounded-FIFO C
# simulation, where it runs the process in a thread of its own (hlslib/bcd_common.h).
CALLS = {
    "BcdXnorConv": _xnor_call,
    "BcdShiftMlp": lambda p: ("bcd::shift_mlp<config{index}_gather, config{index}, bcd::{stage}>"
                              "({input0}, {output0}, {wbits}, {p0}, {p1})"),
    "BcdConvFixed": _conv_fixed_call,
    "BcdWindow": lambda p: "bcd::window<config{index}_window, {element}>({input0}, {output0})",
    "BcdEltwise": lambda p: "bcd::eltwise<config{index}, bcd::{op}>({input0}, {output0}, {p0}, {p1}, {p2})",
    "BcdSign": lambda p: ("bcd::sign<config{index}>({input0}, {output0}, {p0})" if p["mode"] == "sign" else
                          "bcd::int_threshold<config{index}>({input0}, {output0}, {p0}, {p1})"),
    "BcdAdd": lambda p: ("bcd::offset_add<config{index}>({input0}, {input1}, {output0})" if p["offset"] == "true"
                         else "bcd::add<config{index}>({input0}, {input1}, {output0})"),
    "BcdConcat": lambda p: "bcd::concat<config{index}>({input0}, {input1}, {output0})",
    "BcdPool": lambda p: "bcd::pool<config{index}, {max}>({input0}, {output0})",
    "BcdGap": lambda p: "bcd::gap<config{index}>({input0}, {output0})",
    "BcdContext": lambda p: ("bcd::context_unit<config{index}>({input0}, {output0}, {output1}, {w1}, {w2})"
                             if p["has_e"] == "true" else
                             "bcd::context_sign<config{index}>({input0}, {output0}, {w1}, {w2})"),
    "BcdDup": lambda p: "bcd::dup<config{index}, {input_t0}>({input0}, " + ", ".join(
        f"{{output{i}}}" for i in range(p["n_outputs"])) + ")",
    "BcdConvert": lambda p: ("bcd::convert_bits<config{index}>({input0}, {output0})" if p["bits"] == "true"
                             else "bcd::convert_values<config{index}>({input0}, {output0})"),
}

HEADER_OF = {"BcdXnorConv": "bcd_mvau.h", "BcdShiftMlp": "bcd_shift.h", "BcdConvFixed": "bcd_dense.h",
             "BcdWindow": "bcd_window.h", "BcdEltwise": "bcd_eltwise.h", "BcdSign": "bcd_eltwise.h",
             "BcdAdd": "bcd_eltwise.h", "BcdConcat": "bcd_eltwise.h", "BcdPool": "bcd_pool.h", "BcdGap": "bcd_pool.h",
             "BcdContext": "bcd_context.h", "BcdDup": "bcd_stream.h", "BcdConvert": "bcd_stream.h"}


def c_string(text: str) -> str:
    """``text`` as the inside of a C string literal."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _defaults(unit, p: dict) -> None:
    """Attributes the kernels take that a plan may leave out, and the counters' process names
    (docs/hardware_units.md §4: ``<unit>__window``, ``__gather_in``, ``__gather_out``, ``__scan``)."""
    name = c_string(unit.name)
    p["name"] = name
    for suffix in ("window", "gather_in", "gather_out", "scan", "convert"):
        p.setdefault(f"{suffix}_name", f"{name}__{suffix}")
    p.setdefault("params_by_output", "false")  # per-output parameters laid out branch-major
    p.setdefault("groups", 1)
    if unit.family == "BcdContext":
        p.setdefault("simd", 1)  # MAC lanes of the two FCs
    if unit.family in ("BcdConvFixed", "BcdWindow"):
        windowed = p["kernel"] > 1 or p["stride"] > 1 or p["pad"] > 0
        p.setdefault("window_inside", str(windowed and unit.family == "BcdConvFixed").lower())
    if unit.family == "BcdWindow":  # the unit is the window: its own name
        p["window_name"] = name
        p.setdefault("element", "bcd::bit_t" if unit.streams_in[0].bits else "{input_t0}::value_type")
        p["element"] = p["element"].format(**p)
    if unit.family == "BcdConvert":
        p["value_t"] = "ap_uint<1>" if p["bits"] == "true" else p["input_t0"] + "::value_type"


def unit_params(unit, index: int, inputs: list[tuple[str, str]], outputs: list[tuple[str, str]],
                weights: dict[str, tuple[str, str]]) -> dict:
    """Template fields: the unit's attributes, and (name, type name) of its streams and constants."""
    p = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in unit.attrs.items()}
    p["index"] = index
    for i, (name, type_name) in enumerate(inputs):
        p[f"input{i}"], p[f"input_t{i}"] = name, type_name
        p[f"in_lanes{i}"] = unit.streams_in[i].lanes
    p.setdefault("in_lanes", p.get("in_lanes0", 1))
    for i, (name, type_name) in enumerate(outputs):
        p[f"output{i}"], p[f"output_t{i}"] = name, type_name
    p["out_lanes"] = unit.outputs[0].lanes
    p["n_outputs"] = len(outputs)
    for attr, (name, type_name) in weights.items():
        p[attr], p[attr + "_t"] = name, type_name
    _defaults(unit, p)
    return p


def params(node) -> dict:
    """``unit_params`` with hls4ml's variable names of a layer."""
    unit = node.get_attr("unit")
    ins = [(v.name, v.type.name) for v in (node.get_input_variable(n) for n in node.inputs)]
    outs = [(v.name, v.type.name) for v in (node.get_output_variable(n) for n in node.outputs)]
    ws = {w.attr: (node.get_weights(w.attr).name, node.get_weights(w.attr).type.name) for w in unit.weights}
    return unit_params(unit, node.index, ins, outs, ws)


def render(unit, p: dict) -> tuple[str, str]:
    """(config structs, call) of a unit."""
    config = CONFIGS[unit.family](p).format(**p) if unit.family in CONFIGS else ""
    return config, "BCD_SPAWN(" + CALLS[unit.family](p).format(**p) + ");"


def template_classes(layer_classes: dict[str, type]) -> list[tuple[type | None, type]]:
    """(config template, function template) classes for every family."""
    out = []
    for family, layer_cls in layer_classes.items():
        config_cls = None
        if family in CONFIGS:
            def config_format(self, node, _f=CONFIGS[family]):
                p = params(node)
                return _f(p).format(**p)

            config_cls = type(f"{family}Config", (LayerConfigTemplate,), {
                "__init__": lambda self, _c=layer_cls: LayerConfigTemplate.__init__(self, _c),
                "format": config_format})

        def call_format(self, node, _f=CALLS[family]):
            p = params(node)
            return "BCD_SPAWN(" + _f(p).format(**p) + ");"

        function_cls = type(f"{family}Function", (FunctionCallTemplate,), {
            "__init__": lambda self, _c=layer_cls, _h=HEADER_OF[family]: FunctionCallTemplate.__init__(
                self, _c, include_header=[f"nnet_utils/{_h}"]),
            "format": call_format})
        out.append((config_cls, function_cls))
    return out
