// bcdsim HLS kernel library: XNOR-popcount matrix-vector unit (MVAU) with SIMD x PE folding.
//
// For each input vector (one per output pixel) of MW bits and each of MH outputs:
//   p = 2 * popcount(~(w ^ a) & valid) - popcount(valid)
// computed SIMD bits x PE outputs per cycle, MW/SIMD * MH/PE cycles per vector (FINN-R's MVAU
// schedule), then an output stage maps the PE finished sums to the output stream:
//   stage_identity (the integers), stage_affine (alpha and BN folded: fixed point, rounded once),
//   stage_threshold (affine + sign folded: one bit).
// A shift-MLP unit has G = 3 branches with their own alpha: each branch keeps its own sum.
//
// Weights: ap_uint<WB> words; tile (nf, sf) of PE lane p is the SIMD bits at word index
// ((nf * SF + sf) * PE + p) * NW, NW = ceil(SIMD / WB) words (the generator packs them).
#ifndef BCD_MVAU_H_
#define BCD_MVAU_H_

#include "bcd_window.h"

namespace bcd {

// Input words: with a valid mask (from the sliding window) or without (1x1 units: all valid).
template <unsigned SIMD, bool VALID> struct mvau_input;
template <unsigned SIMD> struct mvau_input<SIMD, true> {
    typedef typename window_word<SIMD>::type type;
    static ap_uint<SIMD> bits(const type &w) { return window_word<SIMD>::bits(w); }
    static ap_uint<SIMD> valid(const type &w) { return window_word<SIMD>::valid(w); }
};
template <unsigned SIMD> struct mvau_input<SIMD, false> {
    typedef nnet::array<ap_uint<SIMD>, 1> type;
    static ap_uint<SIMD> bits(const type &w) { return w[0]; }
    static ap_uint<SIMD> valid(const type &) { return ones<SIMD>(); }
};

// Output stages. p0/p1: per-output parameters (unused by identity), read by PE lanes at once:
// partitioned by the kernel (cyclic PE, or PE*branches when laid out by output).
struct stage_identity {
    template <class CFG, class ACC, class P0, class P1>
    static typename CFG::out_t apply(const ACC acc[], unsigned, const P0 *, const P1 *) {
#pragma HLS INLINE
        return acc[0];
    }
};

// y[o] = sum_g scale[g, o] * p_g + shift[o], exact in CFG::accum_t, rounded once to out_t; scale is
// laid out branch-major (g * MH + o) or, with CFG::params_by_output, output-major (o * G + g: the G
// scales of one lane in distinct banks).
struct stage_affine {
    template <class CFG, class ACC, class P0, class P1>
    static typename CFG::out_t apply(const ACC acc[], unsigned o, const P0 *scale, const P1 *shift) {
#pragma HLS INLINE
        typename CFG::accum_t y = shift[o];
        for (unsigned g = 0; g < CFG::branches; g++) {
#pragma HLS UNROLL
            y += scale[CFG::params_by_output ? o * CFG::branches + g : g * CFG::mh + o] * acc[g];
        }
        return y;
    }
};

// bit = p >= threshold[o], or p <= threshold[o] where flip[o] (negative scale).
struct stage_threshold {
    template <class CFG, class ACC, class P0, class P1>
    static typename CFG::out_t apply(const ACC acc[], unsigned o, const P0 *threshold, const P1 *flip) {
#pragma HLS INLINE
        return flip[o] ? acc[0] <= threshold[o] : acc[0] >= threshold[o];
    }
};

// Output word of PE results: PE elements, or PE packed bits for the threshold stage.
template <class STAGE, class T, unsigned PE> struct mvau_output {
    typedef nnet::array<T, PE> type;
    static void set(type &w, unsigned p, const T &v) { w[p] = v; }
};
template <class T, unsigned PE> struct mvau_output<stage_threshold, T, PE> {
    typedef nnet::array<ap_uint<PE>, 1> type;
    static void set(type &w, unsigned p, const T &v) { w[0][p] = v; }
};

// Weight tiles as SIMD-bit words. C simulation caches them assembled on first use (assembling
// wide words from WB-bit pieces every cycle would dominate run time); synthesis reads the ROM.
template <class CFG> struct weight_tiles {
    static const unsigned SIMD = CFG::simd, WB = CFG::weight_word_bits;
    static const unsigned NW = (SIMD + WB - 1) / WB;
    static const unsigned TILES = (CFG::mw / SIMD) * (CFG::mh / CFG::pe) * CFG::pe;
    static const unsigned WORDS = TILES * NW; // the size of the weight array
    static ap_uint<SIMD> assemble(const ap_uint<WB> weights[], unsigned tile) {
#pragma HLS INLINE
        ap_uint<SIMD> w = 0;
        for (unsigned k = 0; k < NW; k++) {
#pragma HLS UNROLL
            const unsigned hi = (k + 1) * WB - 1 < SIMD - 1 ? (k + 1) * WB - 1 : SIMD - 1;
            w.range(hi, k * WB) = weights[tile * NW + k].range(hi - k * WB, 0);
        }
        return w;
    }
    static ap_uint<SIMD> get(const ap_uint<WB> weights[], unsigned tile) {
#pragma HLS INLINE
#ifdef __SYNTHESIS__
        return assemble(weights, tile);
#else
        static ap_uint<SIMD> cache[TILES];
        static bool ready = false;
        if (!ready) {
            for (unsigned i = 0; i < TILES; i++)
                cache[i] = assemble(weights, i);
            ready = true;
        }
        return cache[tile];
#endif
    }
};

// The schedule (docs/hardware_units.md §4 "xnor_mvau"): iteration n = ((pix*NF + nf)*SF + sf), one
// pipelined loop of P*SF*NF iterations; the first neuron fold reads the pixel's vector, the others
// replay it (FINN's input reuse); a fold's PE results leave in its last iteration.
// CFG: mw, mh, simd, pe, pixels, branches, interleaved (shift-MLP words carry all branches),
// has_valid, params_by_output, weight_word_bits, acc_t (ap_int wide enough for +-MW), out_t,
// accum_t (affine), name().
template <class CFG, class STAGE, class P0, class P1>
void mvau(hls::stream<typename mvau_input<CFG::simd, CFG::has_valid>::type> &in,
          hls::stream<typename mvau_output<STAGE, typename CFG::out_t, CFG::pe>::type> &out,
          const ap_uint<CFG::weight_word_bits> weights[weight_tiles<CFG>::WORDS], const P0 p0[], const P1 p1[]) {
    static const unsigned MW = CFG::mw, MH = CFG::mh, SIMD = CFG::simd, PE = CFG::pe, G = CFG::branches;
    static const unsigned SF = MW / SIMD, NF = MH / PE;
    static const unsigned NSEG = CFG::interleaved ? G : 1, SEGW = SIMD / NSEG;
    typedef mvau_input<SIMD, CFG::has_valid> input;
    typedef mvau_output<STAGE, typename CFG::out_t, PE> output;
    typedef ap_int<clog2<SEGW + 1>::value + 2> term_t; // one word's 2*agree - valid, in [-SEGW, SEGW]
    static const unsigned RESHAPE = PE * weight_tiles<CFG>::NW;
    static const unsigned PARAM_BANKS = CFG::params_by_output ? PE * G : PE;
    static_assert(MW % SIMD == 0 && MH % PE == 0, "SIMD must divide MW and PE must divide MH");
    static_assert(!CFG::interleaved || SIMD % G == 0, "interleaved words hold SIMD/G bits per branch");
    static_assert(CFG::interleaved || G == 1 || SF % G == 0, "a word must lie within one branch");
    static_assert(check_word<typename input::type>::ok && check_word<typename output::type>::ok && check_int<SIMD>::ok, "");
#pragma HLS ARRAY_RESHAPE variable = weights cyclic factor = RESHAPE dim = 1
#pragma HLS ARRAY_PARTITION variable = p0 cyclic factor = PARAM_BANKS dim = 1
#pragma HLS ARRAY_PARTITION variable = p1 cyclic factor = PE dim = 1
    (void)RESHAPE; // only the pragmas read them
    (void)PARAM_BANKS;

    typename input::type buffer[SF];
    typename CFG::acc_t acc[PE][G];
#pragma HLS ARRAY_PARTITION variable = acc complete dim = 0

    BCD_PROCESS(CFG::name());
    unsigned sf = 0, nf = 0;
MvauIterations:
    for (unsigned n = 0; n < CFG::pixels * NF * SF; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const typename input::type word = nf == 0 ? in.read() : buffer[sf];
        if (nf == 0)
            buffer[sf] = word;
        const ap_uint<SIMD> a = input::bits(word), valid = input::valid(word);
    MvauLanes:
        for (unsigned p = 0; p < PE; p++) {
#pragma HLS UNROLL
            const ap_uint<SIMD> agree = ~(weight_tiles<CFG>::get(weights, (nf * SF + sf) * PE + p) ^ a) & valid;
            for (unsigned g = 0; g < G; g++) {
#pragma HLS UNROLL
                if (sf == 0)
                    acc[p][g] = 0;
            }
            for (unsigned seg = 0; seg < NSEG; seg++) {
#pragma HLS UNROLL
                const unsigned g = CFG::interleaved ? seg : (G == 1 ? 0 : sf / (SF / G));
                const ap_uint<SEGW> s_agree = agree.range(seg * SEGW + SEGW - 1, seg * SEGW);
                const ap_uint<SEGW> s_valid = valid.range(seg * SEGW + SEGW - 1, seg * SEGW);
                acc[p][g] += term_t(2 * popcount<SEGW>(s_agree)) - term_t(popcount<SEGW>(s_valid));
            }
        }
        if (sf == SF - 1) {
            typename output::type result;
            for (unsigned p = 0; p < PE; p++) {
#pragma HLS UNROLL
                output::set(result, p, STAGE::template apply<CFG>(acc[p], nf * PE + p, p0, p1));
            }
            out.write(result);
        }
        if (++sf == SF) {
            sf = 0;
            nf = nf == NF - 1 ? 0 : nf + 1;
        }
    }
}

// A windowed binary convolution: sliding window -> MVAU, two processes of one dataflow region.
template <class SWU_CFG, class CFG, class STAGE, class P0, class P1>
void xnor_conv(hls::stream<nnet::array<ap_uint<SWU_CFG::in_lanes>, 1>> &in,
               hls::stream<typename mvau_output<STAGE, typename CFG::out_t, CFG::pe>::type> &out,
               const ap_uint<CFG::weight_word_bits> weights[weight_tiles<CFG>::WORDS], const P0 p0[], const P1 p1[]) {
#pragma HLS DATAFLOW
    static_assert(SWU_CFG::simd == CFG::simd && CFG::has_valid, "the window feeds the MVAU's SIMD");
    hls::stream<typename window_word<CFG::simd>::type> windows(BCD_STREAM_NAME(CFG::name(), "windows"));
#pragma HLS STREAM variable = windows depth = 2
    BCD_FIFO_DEPTH(windows, 2);
    BCD_SPAWN(window<SWU_CFG, bit_t>(in, windows));
    BCD_SPAWN(mvau<CFG, STAGE>(windows, out, weights, p0, p1));
    BCD_DATAFLOW_END();
}

} // namespace bcd

#endif
