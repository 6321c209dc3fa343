// bcdsim HLS kernel library: XNOR-popcount matrix-vector unit (MVAU) with SIMD x PE folding.
//
// For each input vector (one per output pixel) of MW bits and each of MH outputs:
//   p = 2 * popcount(~(w ^ a) & valid) - popcount(valid)
// computed SIMD bits x PE outputs per cycle, MW/SIMD * MH/PE cycles per vector (FINN-R's MVAU
// schedule), then an output stage maps the PE finished sums to the output stream:
//   stage_identity (the integers), stage_affine (alpha and BN folded: fixed point, rounded once),
//   stage_threshold (affine + sign folded: one bit).
// A shift-MLP unit has G = 3 branches with their own alpha: its input words are source-major
// (all of a, then Shift(a), then GlobalShift(a)), so word sf belongs to branch sf / (SF/G), and
// each branch keeps its own sum.
//
// Weights: a memory of ap_uint<WB> pieces (ROM, or URAM loaded at start-up); tile (nf, sf) of PE
// lane p is the SIMD bits at piece ((nf * SF + sf) * PE + p) * NW, NW = ceil(SIMD / WB) (the
// generator packs them and reshapes the memory to SIMD*PE-bit words); or a stream of SIMD*PE-bit
// words from DDR (bcd_ddr.h), lane p at bits [p*SIMD +: SIMD].
// Per-output parameters are laid out output-major (scale o * G + g, shift o; threshold o, flip o)
// and reshaped by the generator for the PE (x G) lanes that read them at once.
#ifndef BCD_MVAU_H_
#define BCD_MVAU_H_

#include "bcd_ddr.h"
#include "bcd_window.h"

namespace bcd {

// Input words: with a valid mask (from a sliding window) or without (1x1 units: all valid).
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

// Output stages. p0/p1: per-output parameters (unused by identity).
struct stage_identity {
    template <class CFG, class ACC, class P0, class P1>
    static typename CFG::out_t apply(const ACC acc[], unsigned, const P0 *, const P1 *) {
#pragma HLS INLINE
        return acc[0];
    }
};

// y[o] = sum_g scale[o * G + g] * p_g + shift[o], exact in CFG::accum_t, rounded once to out_t.
struct stage_affine {
    template <class CFG, class ACC, class P0, class P1>
    static typename CFG::out_t apply(const ACC acc[], unsigned o, const P0 *scale, const P1 *shift) {
#pragma HLS INLINE
        typename CFG::accum_t y = shift[o];
        for (unsigned g = 0; g < CFG::branches; g++) {
#pragma HLS UNROLL
            y += scale[o * CFG::branches + g] * acc[g];
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

// Weight tiles in an on-chip memory. C simulation caches them assembled on first use (assembling
// wide words from WB-bit pieces every cycle would dominate run time); synthesis reads the memory.
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
        static std::vector<ap_uint<SIMD>> cache; // per instantiation: one unit's weights
        static const ap_uint<WB> *cached = 0;
        if (cached != weights) { // (URAM weights are loaded before the first frame)
            cache.resize(TILES);
            for (unsigned i = 0; i < TILES; i++)
                cache[i] = assemble(weights, i);
            cached = weights;
        }
        return cache[tile];
#endif
    }
};

// The DDR streamer's word of one (nf, sf): SIMD*PE bits when the weights stream, else a 1-bit
// placeholder (no unused wide type: Vitis takes no ap_uint over 4096 bits).
template <class CFG, bool STREAMED> struct streamed_word {
    typedef ap_uint<STREAMED ? CFG::simd * CFG::pe : 1> type;
    static_assert(check_int<STREAMED ? CFG::simd * CFG::pe : 1>::ok, "");
};

// Lane p's SIMD weight bits of (nf, sf): from the on-chip memory, or from `word`, the (nf, sf)
// word the DDR streamer delivered (STREAMED).
template <class CFG, bool STREAMED>
ap_uint<CFG::simd> weight_lane(const ap_uint<CFG::weight_word_bits> *memory,
                               const typename streamed_word<CFG, STREAMED>::type &word, unsigned nf, unsigned sf,
                               unsigned p) {
#pragma HLS INLINE
    static const unsigned SIMD = CFG::simd, SF = CFG::mw / SIMD;
    if (STREAMED)
        return word.range((p * SIMD + SIMD - 1) % word.length(), (p * SIMD) % word.length()); // (in range)
    return weight_tiles<CFG>::get(memory, (nf * SF + sf) * CFG::pe + p);
}

// One iteration's PE x G partial sums (sf == 0 starts them afresh).
template <class CFG, bool STREAMED, class ACC>
void mvau_step(ACC acc[][CFG::branches], const ap_uint<CFG::weight_word_bits> *memory,
               const typename streamed_word<CFG, STREAMED>::type &word, unsigned nf, unsigned sf, const ap_uint<CFG::simd> &a,
               const ap_uint<CFG::simd> &valid) {
#pragma HLS INLINE
    static const unsigned SIMD = CFG::simd, G = CFG::branches, SF = CFG::mw / SIMD;
    typedef ap_int<clog2<SIMD + 1>::value + 2> term_t; // one word's 2*agree - valid, in [-SIMD, SIMD]
    const unsigned branch = G == 1 ? 0 : sf / (SF / G);
MvauLanes:
    for (unsigned p = 0; p < CFG::pe; p++) {
#pragma HLS UNROLL
        const ap_uint<SIMD> agree = ~(weight_lane<CFG, STREAMED>(memory, word, nf, sf, p) ^ a) & valid;
        const term_t term = term_t(2 * popcount<SIMD>(agree)) - term_t(popcount<SIMD>(valid));
        for (unsigned g = 0; g < G; g++) {
#pragma HLS UNROLL
            const ACC before = sf == 0 ? ACC(0) : acc[p][g];
            acc[p][g] = g == branch ? ACC(before + term) : before;
        }
    }
}

// The schedule (docs/hardware_units.md §4 "xnor_mvau"): iteration n = ((pix*NF + nf)*SF + sf), one
// pipelined loop of P*SF*NF iterations; the first neuron fold reads the pixel's vector, the others
// replay it (FINN's input reuse); a fold's PE results leave in its last iteration.
// CFG: mw, mh, simd, pe, pixels, branches, has_valid, weight_word_bits, acc_t (ap_int wide enough
// for +-MW), out_t, accum_t (affine), name(). Weights from `memory`, or (STREAMED: DDR, one pixel)
// one word per iteration from `stream`.
template <class CFG, class STAGE, bool STREAMED, class P0, class P1>
void mvau_body(hls::stream<typename mvau_input<CFG::simd, CFG::has_valid>::type> &in,
               hls::stream<typename mvau_output<STAGE, typename CFG::out_t, CFG::pe>::type> &out,
               const ap_uint<CFG::weight_word_bits> *memory,
               hls::stream<typename streamed_word<CFG, STREAMED>::type> &stream, const P0 p0[], const P1 p1[]) {
#pragma HLS INLINE
    static const unsigned MW = CFG::mw, MH = CFG::mh, SIMD = CFG::simd, PE = CFG::pe, G = CFG::branches;
    static const unsigned SF = MW / SIMD, NF = MH / PE;
    typedef mvau_input<SIMD, CFG::has_valid> input;
    typedef mvau_output<STAGE, typename CFG::out_t, PE> output;
    static_assert(MW % SIMD == 0 && MH % PE == 0, "SIMD must divide MW and PE must divide MH");
    static_assert(G == 1 || SF % G == 0, "a word must lie within one branch");
    static_assert(check_word<typename input::type>::ok && check_word<typename output::type>::ok && check_int<SIMD>::ok, "");
    static_assert(!STREAMED || CFG::pixels == 1, "weights stream from DDR in the MVAU order only for one pixel");

    typename input::type buffer[SF];
    typename CFG::acc_t acc[PE][G];
#pragma HLS ARRAY_PARTITION variable = acc complete dim = 0
    typename streamed_word<CFG, STREAMED>::type word = 0;

    BCD_PROCESS(CFG::name());
    unsigned sf = 0, nf = 0;
MvauIterations:
    for (unsigned n = 0; n < CFG::pixels * NF * SF; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const typename input::type x = nf == 0 ? in.read() : buffer[sf];
        if (nf == 0)
            buffer[sf] = x;
        if (STREAMED)
            word = stream.read();
        mvau_step<CFG, STREAMED>(acc, memory, word, nf, sf, input::bits(x), input::valid(x));
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

// Weights on chip.
template <class CFG, class STAGE, class P0, class P1>
void mvau(hls::stream<typename mvau_input<CFG::simd, CFG::has_valid>::type> &in,
          hls::stream<typename mvau_output<STAGE, typename CFG::out_t, CFG::pe>::type> &out,
          const ap_uint<CFG::weight_word_bits> weights[weight_tiles<CFG>::WORDS], const P0 p0[], const P1 p1[]) {
    hls::stream<typename streamed_word<CFG, false>::type> unused; // never read
    mvau_body<CFG, STAGE, false>(in, out, weights, unused, p0, p1);
}

// Weights streamed from DDR (a vector unit: each weight word is read once per frame, in order).
template <class CFG, class STAGE, class P0, class P1>
void mvau_streamed(hls::stream<typename mvau_input<CFG::simd, CFG::has_valid>::type> &in,
                   hls::stream<typename mvau_output<STAGE, typename CFG::out_t, CFG::pe>::type> &out,
                   hls::stream<ap_uint<CFG::simd * CFG::pe>> &weights, const P0 p0[], const P1 p1[]) {
    mvau_body<CFG, STAGE, true>(in, out, (const ap_uint<CFG::weight_word_bits> *)0, weights, p0, p1);
}

} // namespace bcd

#endif
