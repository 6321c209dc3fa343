// bcdsim HLS kernel library: per-channel fixed-point units of the real-valued residual stream.
//
// Each unit reads PE lanes per cycle. Arithmetic is exact in CFG::accum_t (the generator sizes it
// from the operand types) and rounds once, half up and saturating, on the assignment to out_t
// (ap_fixed<W, I, AP_RND, AP_SAT>): the rule of bcdsim.hw.fixed.
#ifndef BCD_ELTWISE_H_
#define BCD_ELTWISE_H_

#include "bcd_common.h"

namespace bcd {

// y = x * scale[c] + shift[c]  (BatchNorm, Scale; on fixed point or integer inputs)
struct op_affine {
    template <class CFG, class T, class P0, class P1, class P2>
    static typename CFG::out_t apply(const T &x, unsigned c, const P0 *scale, const P1 *shift, const P2 *) {
#pragma HLS INLINE
        typename CFG::accum_t y = shift[c];
        y += scale[c] * x;
        return y;
    }
};

// y = x + bias[c]
struct op_bias {
    template <class CFG, class T, class P0, class P1, class P2>
    static typename CFG::out_t apply(const T &x, unsigned c, const P0 *bias, const P1 *, const P2 *) {
#pragma HLS INLINE
        typename CFG::accum_t y = bias[c];
        y += x;
        return y;
    }
};

// RPReLU: v = x + bias_in[c]; y = (v >= 0 ? v : slope[c] * v) + bias_out[c]; one rounding at the end
// (PReLU is the same with zero biases).
struct op_rprelu {
    template <class CFG, class T, class P0, class P1, class P2>
    static typename CFG::out_t apply(const T &x, unsigned c, const P0 *bias_in, const P1 *slope, const P2 *bias_out) {
#pragma HLS INLINE
        typename CFG::v_t v = bias_in[c];
        v += x;
        typename CFG::accum_t y = bias_out[c];
        if (v >= 0)
            y += v;
        else
            y += slope[c] * v;
        return y;
    }
};

// The per-channel units below (eltwise, sign, int_threshold, add) run one pipelined loop: iteration
// n reads word n of every input and writes word n (docs/hardware_units.md §4); the generator
// reshapes their per-channel parameters for the L lanes that read them in one cycle and binds
// them where the design places them.
// CFG: channels, pixels, lanes, in_t, out_t, accum_t (+ v_t for op_rprelu), name().
template <class CFG, class OP, class P0, class P1, class P2>
void eltwise(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
             hls::stream<nnet::array<typename CFG::out_t, CFG::lanes>> &out, const P0 p0[], const P1 p1[],
             const P2 p2[]) {
    static const unsigned C = CFG::channels, L = CFG::lanes;
    static_assert(C % L == 0, "lanes must divide the channels");
    static_assert(check_word<nnet::array<typename CFG::in_t, L>>::ok && check_word<nnet::array<typename CFG::out_t, L>>::ok, "");
    BCD_PROCESS(CFG::name());
    unsigned k = 0; // word of the pixel
EltwiseWords:
    for (unsigned i = 0; i < CFG::pixels * (C / L); i++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<typename CFG::in_t, L> x = in.read();
        nnet::array<typename CFG::out_t, L> y;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            y[j] = OP::template apply<CFG>(x[j], k * L + j, p0, p1, p2);
        }
        out.write(y);
        k = k == C / L - 1 ? 0 : k + 1;
    }
}

// Sign with a per-channel threshold: bit = x >= threshold[c] (threshold typed with x's fraction,
// i.e. ceil(t * 2^frac), so the comparison is exactly the real one).
template <class CFG, class P0>
void sign(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
          hls::stream<nnet::array<ap_uint<CFG::lanes>, 1>> &out, const P0 threshold[]) {
    static const unsigned C = CFG::channels, L = CFG::lanes;
    static_assert(C % L == 0, "lanes must divide the channels");
    static_assert(check_word<nnet::array<typename CFG::in_t, L>>::ok && check_int<L>::ok, "");
    BCD_PROCESS(CFG::name());
    unsigned k = 0; // word of the pixel
SignWords:
    for (unsigned i = 0; i < CFG::pixels * (C / L); i++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<typename CFG::in_t, L> x = in.read();
        ap_uint<L> bits;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            bits[j] = x[j] >= threshold[k * L + j];
        }
        out.write(bit_word<L>(bits));
        k = k == C / L - 1 ? 0 : k + 1;
    }
}

// Integer threshold on popcounts (affine + sign folded): p >= t, or p <= t where flip.
template <class CFG, class P0, class P1>
void int_threshold(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
                   hls::stream<nnet::array<ap_uint<CFG::lanes>, 1>> &out, const P0 threshold[], const P1 flip[]) {
    static const unsigned C = CFG::channels, L = CFG::lanes;
    static_assert(C % L == 0, "lanes must divide the channels");
    static_assert(check_word<nnet::array<typename CFG::in_t, L>>::ok && check_int<L>::ok, "");
    BCD_PROCESS(CFG::name());
    unsigned k = 0; // word of the pixel
ThresholdWords:
    for (unsigned i = 0; i < CFG::pixels * (C / L); i++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<typename CFG::in_t, L> x = in.read();
        ap_uint<L> bits;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            const unsigned c = k * L + j;
            bits[j] = flip[c] ? x[j] <= threshold[c] : x[j] >= threshold[c];
        }
        out.write(bit_word<L>(bits));
        k = k == C / L - 1 ? 0 : k + 1;
    }
}

// Residual add: a + b exact in accum_t, rounded once.
template <class CFG>
void add(hls::stream<nnet::array<typename CFG::a_t, CFG::lanes>> &a, hls::stream<nnet::array<typename CFG::b_t, CFG::lanes>> &b,
         hls::stream<nnet::array<typename CFG::out_t, CFG::lanes>> &out) {
    static const unsigned L = CFG::lanes;
    static_assert(CFG::channels % L == 0, "lanes must divide the channels");
    static_assert(check_word<nnet::array<typename CFG::out_t, L>>::ok, "");
    BCD_PROCESS(CFG::name());
AddWords:
    for (unsigned i = 0; i < CFG::pixels * (CFG::channels / L); i++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<typename CFG::a_t, L> x = a.read();
        const nnet::array<typename CFG::b_t, L> z = b.read();
        nnet::array<typename CFG::out_t, L> y;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            typename CFG::accum_t s = x[j];
            s += z[j];
            y[j] = s;
        }
        out.write(y);
    }
}

// y + offset[c], the offset vector arriving once per frame (BCDNet-B's output offset W3 e):
// iteration n reads map word n and, for n < C/L, offset word n, kept for the rest of the frame in
// `offsets` (the unit's memory, declared and bound by the generator).
template <class CFG>
void offset_add(hls::stream<nnet::array<typename CFG::a_t, CFG::lanes>> &in,
                hls::stream<nnet::array<typename CFG::b_t, CFG::lanes>> &offset,
                hls::stream<nnet::array<typename CFG::out_t, CFG::lanes>> &out,
                nnet::array<typename CFG::b_t, CFG::lanes> offsets[CFG::channels / CFG::lanes]) {
    static const unsigned C = CFG::channels, L = CFG::lanes;
    static_assert(C % L == 0, "lanes must divide the channels");
    static_assert(check_word<nnet::array<typename CFG::out_t, L>>::ok, "");
    BCD_PROCESS(CFG::name());
    unsigned k = 0; // word of the pixel
OffsetWords:
    for (unsigned i = 0; i < CFG::pixels * (C / L); i++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<typename CFG::a_t, L> x = in.read();
        if (i < C / L)
            offsets[k] = offset.read();
        const nnet::array<typename CFG::b_t, L> off = offsets[k];
        nnet::array<typename CFG::out_t, L> y;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            typename CFG::accum_t s = x[j];
            s += off[j];
            y[j] = s;
        }
        out.write(y);
        k = k == C / L - 1 ? 0 : k + 1;
    }
}

// Channel concatenation: per pixel C1/L iterations reading the first input, then C2/L reading the
// second, each writing one word (values rounded to the output type). One pipelined loop.
template <class CFG>
void concat(hls::stream<nnet::array<typename CFG::a_t, CFG::lanes>> &a, hls::stream<nnet::array<typename CFG::b_t, CFG::lanes>> &b,
            hls::stream<nnet::array<typename CFG::out_t, CFG::lanes>> &out) {
    static const unsigned L = CFG::lanes, WA = CFG::channels_a / L, WB = CFG::channels_b / L;
    static_assert(CFG::channels_a % L == 0 && CFG::channels_b % L == 0, "lanes must divide both parts");
    static_assert(check_word<nnet::array<typename CFG::out_t, L>>::ok, "");
    BCD_PROCESS(CFG::name());
    unsigned k = 0; // word of the pixel
ConcatWords:
    for (unsigned i = 0; i < CFG::pixels * (WA + WB); i++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        nnet::array<typename CFG::out_t, L> y;
        if (k < WA) {
            const nnet::array<typename CFG::a_t, L> x = a.read();
            for (unsigned j = 0; j < L; j++)
                y[j] = x[j];
        } else {
            const nnet::array<typename CFG::b_t, L> x = b.read();
            for (unsigned j = 0; j < L; j++)
                y[j] = x[j];
        }
        out.write(y);
        k = k == WA + WB - 1 ? 0 : k + 1;
    }
}

} // namespace bcd

#endif
