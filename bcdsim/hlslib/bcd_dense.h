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

#include "bcd_ddr.h"
#include "bcd_window.h"

namespace bcd {

// CFG: channels, height, width, kernel, stride, pad, groups, out_channels, simd, pe, has_bias,
// in_t, weight_t, bias_t, accum_t, out_t, name().
template <class CFG> struct dsp_geometry {
    static const unsigned K = CFG::kernel, SIMD = CFG::simd, PE = CFG::pe, G = CFG::groups;
    static const unsigned MW = K * K * CFG::channels / G, OG = CFG::out_channels / G;
    static const unsigned SF = MW / SIMD, NF = CFG::out_channels / PE, FPG = OG / PE, TILE = SIMD * PE;
    static const unsigned WEIGHTS = CFG::out_channels * MW;
    static const int WB = width_of<typename CFG::weight_t>::bits, WORD_BITS = TILE * WB; // a streamed word
    template <bool STREAMED> struct word { typedef ap_uint<STREAMED ? WORD_BITS : 1> type; }; // (1 bit: unused)
    typedef window_geometry<CFG::height, CFG::width, K, CFG::stride, CFG::pad> geo;
    static const unsigned PIXELS = geo::out_height * geo::out_width;
    static_assert(CFG::channels % G == 0 && CFG::out_channels % G == 0, "groups divide the channels");
    static_assert(MW % SIMD == 0 && OG % PE == 0, "SIMD divides the window, PE the outputs of a group");
};

// STREAMED: weight word (nf, sf) (SIMD*PE weights, lane p's at [(p*SIMD + s)*WB +: WB]) read from
// the DDR streamer every iteration (a vector unit: one pixel); else weights[((nf*SF + sf)*PE + p)*SIMD + s].
template <class CFG, bool STREAMED>
void dsp_body(hls::stream<nnet::array<typename CFG::in_t, CFG::simd>> &in,
              hls::stream<nnet::array<typename CFG::out_t, CFG::pe>> &out, const typename CFG::weight_t *weights,
              hls::stream<typename dsp_geometry<CFG>::template word<STREAMED>::type> &stream,
              const typename CFG::bias_t bias[]) {
#pragma HLS INLINE
    typedef dsp_geometry<CFG> dg;
    static const unsigned SIMD = CFG::simd, PE = CFG::pe, SF = dg::SF, NF = dg::NF, FPG = dg::FPG, WB = dg::WB;
    typedef nnet::array<typename CFG::in_t, SIMD> in_word;
    typedef nnet::array<typename CFG::out_t, PE> out_word;
    static_assert(check_word<in_word>::ok && check_word<out_word>::ok, "");
    static_assert(!STREAMED || dg::PIXELS == 1, "weights stream for one pixel");
    static_assert(check_int<STREAMED ? dg::WORD_BITS : 1>::ok, "");

    in_word buffer[SF]; // the current group's slice of the pixel's vector
    typename CFG::accum_t acc[PE];
#pragma HLS ARRAY_PARTITION variable = acc complete
    typename dg::template word<STREAMED>::type word = 0;

    BCD_PROCESS(CFG::name());
    unsigned sf = 0, nf = 0, fold = 0; // fold: nf within its group
DspIterations:
    for (unsigned n = 0; n < dg::PIXELS * NF * SF; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const in_word x = fold == 0 ? in.read() : buffer[sf];
        if (fold == 0)
            buffer[sf] = x;
        if (STREAMED)
            word = stream.read();
        for (unsigned p = 0; p < PE; p++) {
#pragma HLS UNROLL
            if (sf == 0)
                acc[p] = CFG::has_bias ? typename CFG::accum_t(bias[nf * PE + p]) : typename CFG::accum_t(0);
            for (unsigned s = 0; s < SIMD; s++) {
#pragma HLS UNROLL
                const unsigned k = p * SIMD + s;
                const unsigned at = (k * WB) % word.length(); // (in range)
                const typename CFG::weight_t w =
                    STREAMED ? element_bits<typename CFG::weight_t>::set(ap_uint<WB>(word.range(at + WB - 1, at)))
                             : weights[((nf * SF + sf) * PE + p) * SIMD + s];
                acc[p] += w * x[s];
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

// Weights on chip (reshaped by the generator to SIMD*PE-value words).
template <class CFG>
void dsp_mvau(hls::stream<nnet::array<typename CFG::in_t, CFG::simd>> &in,
              hls::stream<nnet::array<typename CFG::out_t, CFG::pe>> &out,
              const typename CFG::weight_t weights[dsp_geometry<CFG>::WEIGHTS], const typename CFG::bias_t bias[]) {
    hls::stream<typename dsp_geometry<CFG>::template word<false>::type> unused; // never read
    dsp_body<CFG, false>(in, out, weights, unused, bias);
}

// Weights streamed from DDR.
template <class CFG>
void dsp_mvau_streamed(hls::stream<nnet::array<typename CFG::in_t, CFG::simd>> &in,
                       hls::stream<nnet::array<typename CFG::out_t, CFG::pe>> &out,
                       hls::stream<typename dsp_geometry<CFG>::template word<true>::type> &weights,
                       const typename CFG::bias_t bias[]) {
    dsp_body<CFG, true>(in, out, (const typename CFG::weight_t *)0, weights, bias);
}

} // namespace bcd

#endif
