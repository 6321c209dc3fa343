// bcdsim HLS kernel library: fixed-point matrix units on DSPs (stem conv, real 1x1 convs, FC).
//
// y[o] = bias[o] + sum_m w[o][m] * x[m] over the (ky, kx, c) window of o's group, zero padded,
// exact in accum_t (sized by the generator for the weights' mantissas) and rounded once to out_t.
// A fully connected layer is the 1x1 case on a 1x1 map. Folding: SIMD products x PE outputs per
// cycle; weights[((nf * SF + sf) * PE + p) * SIMD + s] (the generator lays them out).
//
// dsp_mvau runs the MVAU schedule (docs/hardware_units.md §4): one pipelined loop of P*SF*NF
// iterations, iteration ((pix*NF + nf)*SF + sf), reading SIMD values per iteration. Grouped convs
// (G groups, PE | O/G): the input carries each group's slice contiguously (a grouped window emits
// group-major order; for a 1x1 conv the channel order is); the first fold of group g reads its SF
// words, the group's other folds replay them.
#ifndef BCD_DENSE_H_
#define BCD_DENSE_H_

#include "bcd_stream.h"
#include "bcd_window.h"

namespace bcd {

// CFG: channels, height, width, kernel, stride, pad, groups, out_channels, in_lanes, simd, pe,
// in_t, weight_t, bias_t, accum_t, out_t, name().
template <class CFG>
void dsp_mvau(hls::stream<nnet::array<typename CFG::in_t, CFG::simd>> &in,
              hls::stream<nnet::array<typename CFG::out_t, CFG::pe>> &out,
              const typename CFG::weight_t weights[CFG::out_channels * CFG::kernel * CFG::kernel * CFG::channels /
                                                   CFG::groups],
              const typename CFG::bias_t bias[CFG::out_channels]) {
    static const unsigned K = CFG::kernel, SIMD = CFG::simd, PE = CFG::pe, G = CFG::groups;
    static const unsigned MW = K * K * CFG::channels / G, OG = CFG::out_channels / G;
    static const unsigned SF = MW / SIMD, NF = CFG::out_channels / PE, FPG = OG / PE, TILE = SIMD * PE;
    typedef window_geometry<CFG::height, CFG::width, K, CFG::stride, CFG::pad> geo;
    static const unsigned PIXELS = geo::out_height * geo::out_width;
    typedef nnet::array<typename CFG::in_t, SIMD> in_word;
    typedef nnet::array<typename CFG::out_t, PE> out_word;
    static_assert(CFG::channels % G == 0 && CFG::out_channels % G == 0, "groups divide the channels");
    static_assert(MW % SIMD == 0 && OG % PE == 0, "SIMD divides the window, PE the outputs of a group");
    static_assert(check_word<in_word>::ok && check_word<out_word>::ok, "");
#pragma HLS ARRAY_RESHAPE variable = weights cyclic factor = TILE dim = 1
#pragma HLS ARRAY_PARTITION variable = bias cyclic factor = PE dim = 1
    (void)TILE;

    in_word buffer[SF]; // the current group's slice of the pixel's vector
    typename CFG::accum_t acc[PE];
#pragma HLS ARRAY_PARTITION variable = acc complete

    BCD_PROCESS(CFG::name());
    unsigned sf = 0, nf = 0, fold = 0; // fold: nf within its group
DspIterations:
    for (unsigned n = 0; n < PIXELS * NF * SF; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const in_word x = fold == 0 ? in.read() : buffer[sf];
        if (fold == 0)
            buffer[sf] = x;
        for (unsigned p = 0; p < PE; p++) {
#pragma HLS UNROLL
            if (sf == 0)
                acc[p] = bias[nf * PE + p];
            for (unsigned s = 0; s < SIMD; s++) {
#pragma HLS UNROLL
                acc[p] += weights[((nf * SF + sf) * PE + p) * SIMD + s] * x[s];
            }
        }
        if (sf == SF - 1) {
            out_word y;
            for (unsigned p = 0; p < PE; p++) {
#pragma HLS UNROLL
                y[p] = acc[p];
            }
            out.write(y);
        }
        if (++sf == SF) {
            sf = 0;
            fold = fold == FPG - 1 ? 0 : fold + 1;
            nf = nf == NF - 1 ? 0 : nf + 1;
        }
    }
}

// A windowed fixed-point conv (the stem): zero-padded window -> dsp_mvau, one dataflow region.
template <class WIN_CFG, class CFG>
void conv_fixed(hls::stream<nnet::array<typename CFG::in_t, WIN_CFG::in_lanes>> &in,
                hls::stream<nnet::array<typename CFG::out_t, CFG::pe>> &out,
                const typename CFG::weight_t weights[CFG::out_channels * CFG::kernel * CFG::kernel * CFG::channels /
                                                     CFG::groups],
                const typename CFG::bias_t bias[CFG::out_channels]) {
#pragma HLS DATAFLOW
    static_assert(WIN_CFG::simd == CFG::simd && WIN_CFG::groups == CFG::groups, "the window feeds the unit's SIMD");
    hls::stream<nnet::array<typename CFG::in_t, CFG::simd>> windows(BCD_STREAM_NAME(CFG::name(), "windows"));
#pragma HLS STREAM variable = windows depth = 2
    BCD_FIFO_DEPTH(windows, 2);
    BCD_SPAWN(window<WIN_CFG, typename CFG::in_t>(in, windows));
    BCD_SPAWN(dsp_mvau<CFG>(windows, out, weights, bias));
    BCD_DATAFLOW_END();
}

// A 1x1 unit whose producer has other lanes than its SIMD: lane converter -> dsp_mvau (the design
// inserts the converter as a unit of its own; this keeps older plans compiling).
template <class CVT_CFG, class CFG>
void dense_fixed(hls::stream<nnet::array<typename CFG::in_t, CVT_CFG::in_lanes>> &in,
                 hls::stream<nnet::array<typename CFG::out_t, CFG::pe>> &out,
                 const typename CFG::weight_t weights[CFG::out_channels * CFG::kernel * CFG::kernel * CFG::channels /
                                                      CFG::groups],
                 const typename CFG::bias_t bias[CFG::out_channels]) {
#pragma HLS DATAFLOW
    hls::stream<nnet::array<typename CFG::in_t, CFG::simd>> words(BCD_STREAM_NAME(CFG::name(), "words"));
#pragma HLS STREAM variable = words depth = 2
    BCD_FIFO_DEPTH(words, 2);
    BCD_SPAWN(convert_values<CVT_CFG>(in, words));
    BCD_SPAWN(dsp_mvau<CFG>(words, out, weights, bias));
    BCD_DATAFLOW_END();
}

} // namespace bcd

#endif
