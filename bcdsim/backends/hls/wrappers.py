"""The C++ around the dataflow top for a board: an AXI-stream wrapper for a Zynq DMA, a Vitis
kernel for an Alveo card. Both move one stream word per beat (an input pixel, an output word:
value j at bits [j*W, (j+1)*W), its fixed-point mantissa), so that the input takes one beat per
pixel, as fast as the design's first unit reads it. A design with memories in DDR takes its DDR
buffer (one m_axi bundle, ``gmem``) and the ``load`` flag that copies its URAM weights.
"""
from __future__ import annotations

from bcdsim.backends.hls import project
from bcdsim.backends.hls.plan import element_type, uses_ddr

AXI_HEAD = """// AXI-stream wrapper of {top} for a DMA: one stream word per {beat}-bit beat (value j of a word at
// bits [j*W, (j+1)*W), its fixed-point mantissa), TLAST on the last output word of each frame.
#include "{top}.h"
#if defined(__has_include)
#if __has_include("ap_axi_sdata.h")
#include "ap_axi_sdata.h"
#define BCD_AXI_SDATA
#endif
#endif
#ifndef BCD_AXI_SDATA // C simulation without Vitis HLS: the fields this wrapper uses
template <int D, int U, int TI, int TD> struct ap_axiu {{
    ap_uint<D> data;
    ap_uint<D / 8> keep, strb;
    ap_uint<1> last;
}};
#endif
typedef ap_axiu<{beat}, 0, 0, 0> axi_word;
static const unsigned IN_WORDS = {in_words}, OUT_WORDS = {out_words};
static const int IW = input_t::value_type::width, OW = result_t::value_type::width;

static void read_src(hls::stream<axi_word> &src, hls::stream<input_t> &x) {{
ReadWords:
    for (unsigned i = 0; i < IN_WORDS; i++) {{
#pragma HLS PIPELINE II = 1
        const axi_word a = src.read();
        input_t w;
        for (unsigned j = 0; j < input_t::size; j++) {{
#pragma HLS UNROLL
            w[j].range() = a.data.range(j * IW + IW - 1, j * IW);
        }}
        x.write(w);
    }}
}}

static void write_dst(hls::stream<result_t> &y, hls::stream<axi_word> &dst) {{
WriteWords:
    for (unsigned i = 0; i < OUT_WORDS; i++) {{
#pragma HLS PIPELINE II = 1
        const result_t w = y.read();
        axi_word a;
        a.data = 0;
        for (unsigned j = 0; j < result_t::size; j++) {{
#pragma HLS UNROLL
            a.data.range(j * OW + OW - 1, j * OW) = w[j].range();
        }}
        a.keep = -1;
        a.strb = -1;
        a.last = i == OUT_WORDS - 1;
        dst.write(a);
    }}
}}
"""
AXI_TOP = """
void bcdsim_top_axi(hls::stream<axi_word> &src, hls::stream<axi_word> &dst) {{
#pragma HLS INTERFACE axis port = src
#pragma HLS INTERFACE axis port = dst
#pragma HLS INTERFACE ap_ctrl_none port = return
#pragma HLS DATAFLOW
    hls::stream<input_t> x("x");
    hls::stream<result_t> y("y");
#pragma HLS STREAM variable = x depth = 2
#pragma HLS STREAM variable = y depth = 2
    read_src(src, x);
    {top}(x, y);
    write_dst(y, dst);
}}
"""
AXI_TOP_DDR = """
static void run_frame(hls::stream<axi_word> &src, hls::stream<axi_word> &dst, bcd::ddr_word *ddr) {{
#pragma HLS DATAFLOW
    hls::stream<input_t> x("x");
    hls::stream<result_t> y("y");
#pragma HLS STREAM variable = x depth = 2
#pragma HLS STREAM variable = y depth = 2
    read_src(src, x);
    {top}(x, y, ddr, false);
    write_dst(y, dst);
}}

// load = 1: copy the URAM weights from DDR (once, after configuring); load = 0: one frame.
void bcdsim_top_axi(hls::stream<axi_word> &src, hls::stream<axi_word> &dst, bcd::ddr_word *ddr, bool load) {{
#pragma HLS INTERFACE axis port = src
#pragma HLS INTERFACE axis port = dst
#pragma HLS INTERFACE m_axi port = ddr bundle = gmem offset = slave depth = {beats}
#pragma HLS INTERFACE s_axilite port = load
#pragma HLS INTERFACE s_axilite port = return
    if (load) {{
        hls::stream<input_t> x("x");
        hls::stream<result_t> y("y");
        {top}(x, y, ddr, true);
        return;
    }}
    run_frame(src, dst, ddr);
}}
"""

ALVEO = """// Vitis kernel around {top}: frames from and to device memory, one stream word per {beat}-bit
// beat (value j of a word at bits [j*W, (j+1)*W), its fixed-point mantissa). Every frame runs the
// input transfer, the dataflow top and the output transfer as one dataflow region.
#include "{top}.h"
typedef ap_uint<{beat}> beat_t;
static const unsigned IN_WORDS = {in_words}, OUT_WORDS = {out_words};
static const int IW = input_t::value_type::width, OW = result_t::value_type::width;

static void read_frame(const beat_t *src, hls::stream<input_t> &x) {{
ReadFrame:
    for (unsigned i = 0; i < IN_WORDS; i++) {{
#pragma HLS PIPELINE II = 1
        const beat_t a = src[i];
        input_t w;
        for (unsigned j = 0; j < input_t::size; j++) {{
#pragma HLS UNROLL
            w[j].range() = a.range(j * IW + IW - 1, j * IW);
        }}
        x.write(w);
    }}
}}

static void write_frame(hls::stream<result_t> &y, beat_t *dst) {{
WriteFrame:
    for (unsigned i = 0; i < OUT_WORDS; i++) {{
#pragma HLS PIPELINE II = 1
        const result_t w = y.read();
        beat_t a = 0;
        for (unsigned j = 0; j < result_t::size; j++) {{
#pragma HLS UNROLL
            a.range(j * OW + OW - 1, j * OW) = w[j].range();
        }}
        dst[i] = a;
    }}
}}

static void run_frame(const beat_t *src, beat_t *dst{ddr_param}) {{
#pragma HLS DATAFLOW
    hls::stream<input_t> x("x");
    hls::stream<result_t> y("y");
#pragma HLS STREAM variable = x depth = 2
#pragma HLS STREAM variable = y depth = 2
    read_frame(src, x);
    {top}(x, y{ddr_args});
    write_frame(y, dst);
}}

extern "C" void bcdsim_kernel(const beat_t *src, beat_t *dst, unsigned frames{ddr_param}{load_param}) {{
#pragma HLS INTERFACE m_axi port = src bundle = gmem0 offset = slave depth = {in_words}
#pragma HLS INTERFACE m_axi port = dst bundle = gmem1 offset = slave depth = {out_words}
{ddr_pragmas}#pragma HLS INTERFACE s_axilite port = frames
#pragma HLS INTERFACE s_axilite port = return
{load_body}Frames:
    for (unsigned f = 0; f < frames; f++)
        run_frame(src + f * IN_WORDS, dst + f * OUT_WORDS{ddr_arg});
}}
"""


def beat_bits(d) -> int:
    """One stream word per beat: the wider of an input and an output word, rounded up to a power
    of two of at least 32 bits (AXI DMA and m_axi data widths)."""
    widest = max(s.word_bits for s in (d.design.input, d.design.output))
    beat = 32
    while beat < widest:
        beat *= 2
    return beat


def _sizes(d) -> dict:
    from bcdsim.backends.hls.plan import layout

    return {"in_words": d.design.input.words, "out_words": d.design.output.words, "top": project.PROJECT_NAME,
            "beat": beat_bits(d), "beats": max(1, layout(d.layers)), "in_type": element_type(d.design.input)}


def axi_wrapper(d) -> str:
    s = _sizes(d)
    return AXI_HEAD.format(**s) + (AXI_TOP_DDR if uses_ddr(d.layers) else AXI_TOP).format(**s)


def alveo_kernel(d) -> str:
    s = _sizes(d)
    if uses_ddr(d.layers):
        m_axi = f"#pragma HLS INTERFACE m_axi port = ddr bundle = gmem offset = slave depth = {s['beats']}\n"
        s.update(ddr_param=", bcd::ddr_word *ddr", load_param=", bool load", ddr_args=", ddr, false", ddr_arg=", ddr",
                 ddr_pragmas=m_axi + "#pragma HLS INTERFACE s_axilite port = load\n",
                 load_body=f"    if (load) {{ // copy the URAM weights from DDR, once, after loading the xclbin\n"
                           f"        hls::stream<input_t> x(\"x\");\n        hls::stream<result_t> y(\"y\");\n"
                           f"        {s['top']}(x, y, ddr, true);\n        return;\n    }}\n")
    else:
        s.update(ddr_param="", load_param="", ddr_args="", ddr_arg="", ddr_pragmas="", load_body="")
    return ALVEO.format(**s)
