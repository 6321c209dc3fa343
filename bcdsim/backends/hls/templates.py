"""Config structs and function calls of bcdsim's hls4ml layers: hls4ml's templating mechanism
(``str.format`` on layer attributes), one config and one call template per kernel family. The
kernels are the header-only templates of ``hls/``; Python only fills in sizes, folding and types.
"""
from __future__ import annotations

from hls4ml.backends.template import FunctionCallTemplate, LayerConfigTemplate

SWU = """struct config{index}_swu {{
    static const unsigned channels = {channels}, height = {height}, width = {width};
    static const unsigned kernel = {kernel}, stride = {stride}, pad = {pad}, in_lanes = {in_lanes}, simd = {simd};
}};
"""
GATHER = """struct config{index}_gather {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, in_lanes = {in_lanes};
    static const unsigned simd = {simd}, shift_h = {shift_h}, shift_w = {shift_w}, global_h = {global_h};
    static const unsigned global_w = {global_w};
    static const bool interleaved = {interleaved};
}};
"""
MVAU = """struct config{index} {{
    static const unsigned mw = {mw}, mh = {mh}, simd = {simd}, pe = {pe}, pixels = {pixels}, branches = {branches};
    static const bool interleaved = {interleaved}, has_valid = {has_valid};
    static const unsigned weight_word_bits = {weight_word_bits};
    typedef {acc_t} acc_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
}};"""

CONFIGS = {
    "BcdXnorConv": lambda p: (SWU if p["windowed"] == "true" else "") + MVAU,
    "BcdShiftMlp": lambda p: GATHER + MVAU,
    "BcdConvFixed": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, groups = {groups}, out_channels = {out_channels};
    static const unsigned in_lanes = {in_lanes}, simd = {simd}, pe = {pe};
    typedef {input_t0}::value_type in_t;
    typedef {wfix_t} weight_t;
    typedef {bias_t} bias_t;
    typedef {accum_t} accum_t;
    typedef {out_t} out_t;
}};""",
    "BcdEltwise": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
    typedef {v_t} v_t;
}};""",
    "BcdSign": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    typedef {input_t0}::value_type in_t;
}};""",
    "BcdAdd": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes}, offset_lanes = {in_lanes1};
    typedef {a_t} a_t;
    typedef {b_t} b_t;
    typedef {out_t} out_t;
    typedef {accum_t} accum_t;
}};""",
    "BcdConcat": lambda p: """struct config{index} {{
    static const unsigned channels_a = {channels_a}, channels_b = {channels_b}, pixels = {pixels}, lanes = {lanes};
    typedef {a_t} a_t;
    typedef {b_t} b_t;
    typedef {out_t} out_t;
}};""",
    "BcdPool": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, kernel = {kernel};
    static const unsigned stride = {stride}, pad = {pad}, lanes = {lanes};
    static const unsigned recip_mantissa = {recip_mantissa};
    static const int recip_frac = {recip_frac};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {sum_t} sum_t;
}};""",
    "BcdGap": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, pixels = {pixels}, lanes = {lanes};
    static const unsigned recip_mantissa = {recip_mantissa};
    static const int recip_frac = {recip_frac};
    typedef {input_t0}::value_type in_t;
    typedef {out_t} out_t;
    typedef {sum_t} sum_t;
}};""",
    "BcdContext": lambda p: """struct config{index} {{
    static const unsigned channels = {channels}, height = {height}, width = {width}, lanes = {lanes};
    static const unsigned hidden = {hidden}, e_lanes = {e_lanes};
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
}};""",
}


def _xnor_call(p: dict) -> str:
    if p["windowed"] == "true":
        return ("bcd::xnor_conv<config{index}_swu, config{index}, bcd::{stage}>"
                "({input0}, {output0}, {wbits}, {p0}, {p1});")
    return "bcd::mvau<config{index}, bcd::{stage}>({input0}, {output0}, {wbits}, {p0}, {p1});"


CALLS = {
    "BcdXnorConv": _xnor_call,
    "BcdShiftMlp": lambda p: ("bcd::shift_mlp<config{index}_gather, config{index}, bcd::{stage}>"
                              "({input0}, {output0}, {wbits}, {p0}, {p1});"),
    "BcdConvFixed": lambda p: "bcd::conv_fixed<config{index}>({input0}, {output0}, {wfix}, {bias});",
    "BcdEltwise": lambda p: "bcd::eltwise<config{index}, bcd::{op}>({input0}, {output0}, {p0}, {p1}, {p2});",
    "BcdSign": lambda p: ("bcd::sign<config{index}>({input0}, {output0}, {p0});" if p["mode"] == "sign" else
                          "bcd::int_threshold<config{index}>({input0}, {output0}, {p0}, {p1});"),
    "BcdAdd": lambda p: ("bcd::offset_add<config{index}>({input0}, {input1}, {output0});" if p["offset"] == "true"
                         else "bcd::add<config{index}>({input0}, {input1}, {output0});"),
    "BcdConcat": lambda p: "bcd::concat<config{index}>({input0}, {input1}, {output0});",
    "BcdPool": lambda p: "bcd::pool<config{index}, {max}>({input0}, {output0});",
    "BcdGap": lambda p: "bcd::gap<config{index}>({input0}, {output0});",
    "BcdContext": lambda p: ("bcd::context_unit<config{index}>({input0}, {output0}, {output1}, {w1}, {w2});"
                             if p["has_e"] == "true" else
                             "bcd::context_sign<config{index}>({input0}, {output0}, {w1}, {w2});"),
    "BcdDup": lambda p: "bcd::dup<{input_t0}, {words}>({input0}, " + ", ".join(
        f"{{output{i}}}" for i in range(p["n_outputs"])) + ");",
    "BcdConvert": lambda p: (
        "bcd::convert_bits<{in_lanes}, {out_lanes}, {channels}, {pixels}>({input0}, {output0});" if p["bits"] == "true"
        else "bcd::convert_values<{input_t0}, {output_t0}, {channels}, {pixels}>({input0}, {output0});"),
}

HEADER_OF = {"BcdXnorConv": "bcd_mvau.h", "BcdShiftMlp": "bcd_shift.h", "BcdConvFixed": "bcd_dense.h",
             "BcdEltwise": "bcd_eltwise.h", "BcdSign": "bcd_eltwise.h", "BcdAdd": "bcd_eltwise.h",
             "BcdConcat": "bcd_eltwise.h", "BcdPool": "bcd_pool.h", "BcdGap": "bcd_pool.h",
             "BcdContext": "bcd_context.h", "BcdDup": "bcd_stream.h", "BcdConvert": "bcd_stream.h"}


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
    return config, CALLS[unit.family](p).format(**p)


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
            return _f(p).format(**p)

        function_cls = type(f"{family}Function", (FunctionCallTemplate,), {
            "__init__": lambda self, _c=layer_cls, _h=HEADER_OF[family]: FunctionCallTemplate.__init__(
                self, _c, include_header=[f"nnet_utils/{_h}"]),
            "format": call_format})
        out.append((config_cls, function_cls))
    return out
