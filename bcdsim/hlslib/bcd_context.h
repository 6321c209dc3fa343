// bcdsim HLS kernel library: BCDNet-B's contextual threshold unit (DESIGN.md §5).
//
// No bit can be produced before the whole input map has been seen. Two processes share a
// double-buffered frame bank (docs/hardware_units.md §4 "context_scan / context_replay"):
// - context_scan reads the map into a bank while summing every channel (H*W*C/PE iterations; the
//   last pixel's iterations round the means g = GAP(x) to gap_t), then computes e = W1 g
//   (hidden*C/SIMD iterations of SIMD MACs, rounded to e_t) and alpha = W2 e (C*hidden/SIMD
//   iterations, rounded to alpha_t); it streams e out (e_lanes per word, for the output-offset FCs
//   W3 e after the binary convs) in the first iterations of the alpha pass;
// - context_replay starts once the frame and its alpha are ready and writes the bits
//   sign(x - alpha[c]) (x >= alpha: +1, an exact comparison of two fixed-point values), one word
//   per iteration (H*W*C/PE), while context_scan fills the other bank.
// SIMD (the MAC lanes) divides C and hidden: rows of W1 and W2 are read SIMD weights at a time.
#ifndef BCD_CONTEXT_H_
#define BCD_CONTEXT_H_

#include "bcd_common.h"

namespace bcd {

// CFG: channels, height, width, lanes, hidden, e_lanes, simd, in_t, sum_t, gap_t, recip_mantissa,
// recip_frac, w1_t, e_acc_t, e_t, w2_t, alpha_acc_t, alpha_t, name() (the replay), scan_name().
// The unit's memories are declared and bound by the generator (design memories of the scan):
// the frame bank and alpha (ping-pong channels to the replay), the channel sums (reshaped by the
// lanes), the means g (partitioned into G_BANKS: written L and read SIMD values per cycle), e
// (partitioned by SIMD) and the weights W1, W2 (reshaped by SIMD).
template <class CFG> struct context_geometry {
    static const unsigned C = CFG::channels, L = CFG::lanes, HID = CFG::hidden, EL = CFG::e_lanes;
    static const unsigned SIMD = CFG::simd, WPP = C / L, WORDS = CFG::height * CFG::width * WPP;
    static_assert(C % L == 0 && HID % EL == 0, "lanes divide the channels, e lanes the hidden width");
    static_assert(C % SIMD == 0 && HID % SIMD == 0, "the MAC lanes divide the channels and the hidden width");
    static_assert(check_word<nnet::array<typename CFG::in_t, L>>::ok && check_int<L>::ok, "");
    typedef nnet::array<typename CFG::in_t, L> frame_t;
    typedef nnet::array<typename CFG::e_t, EL> e_word;
    static const unsigned G_BANKS = L % SIMD == 0 ? L : (SIMD % L == 0 ? SIMD : C);
};

// E_OUT: whether e leaves on e_out (a reader of e exists); otherwise e_out is never written.
template <class CFG, bool E_OUT>
void context_scan(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
                  typename context_geometry<CFG>::frame_t frame[context_geometry<CFG>::WORDS],
                  typename CFG::alpha_t alpha[CFG::channels], hls::stream<typename context_geometry<CFG>::e_word> &e_out,
                  const typename CFG::w1_t w1[CFG::hidden * CFG::channels],
                  const typename CFG::w2_t w2[CFG::channels * CFG::hidden], typename CFG::sum_t acc[CFG::channels],
                  typename CFG::gap_t g[CFG::channels], typename CFG::e_t e[CFG::hidden]) {
    typedef context_geometry<CFG> geo;
    static const unsigned C = geo::C, L = geo::L, HID = geo::HID, EL = geo::EL, SIMD = geo::SIMD, WPP = geo::WPP;
#pragma HLS DEPENDENCE variable = acc type = inter direction = RAW distance = WPP true
    BCD_PROCESS(CFG::scan_name());

    unsigned k = 0, pix = 0;
ContextRead:
    for (unsigned n = 0; n < geo::WORDS; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<typename CFG::in_t, L> x = in.read();
        frame[n] = x;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            typename CFG::sum_t s = pix == 0 ? typename CFG::sum_t(0) : acc[k * L + j];
            s += x[j];
            acc[k * L + j] = s;
            if (pix == CFG::height * CFG::width - 1)
                g[k * L + j] = s * reciprocal<CFG::recip_mantissa, CFG::recip_frac>();
        }
        if (++k == WPP) {
            k = 0;
            pix++;
        }
    }
    typename CFG::e_acc_t e_acc = 0;
    unsigned r = 0, kk = 0; // row of W1, SIMD-word of the row
ContextW1:
    for (unsigned n = 0; n < HID * (C / SIMD); n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        typename CFG::e_acc_t sum = kk == 0 ? typename CFG::e_acc_t(0) : e_acc;
        for (unsigned s = 0; s < SIMD; s++) {
#pragma HLS UNROLL
            sum += w1[r * C + kk * SIMD + s] * g[kk * SIMD + s];
        }
        e_acc = sum;
        if (kk == C / SIMD - 1) {
            e[r] = sum;
            kk = 0;
            r++;
        } else {
            kk++;
        }
    }
    typename CFG::alpha_acc_t a_acc = 0;
    unsigned c = 0;
    kk = 0;
ContextW2:
    for (unsigned n = 0; n < C * (HID / SIMD); n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        if (E_OUT && n < HID / EL) {
            typename geo::e_word w;
            for (unsigned j = 0; j < EL; j++) {
#pragma HLS UNROLL
                w[j] = e[n * EL + j];
            }
            e_out.write(w);
        }
        typename CFG::alpha_acc_t sum = kk == 0 ? typename CFG::alpha_acc_t(0) : a_acc;
        for (unsigned s = 0; s < SIMD; s++) {
#pragma HLS UNROLL
            sum += w2[c * HID + kk * SIMD + s] * e[kk * SIMD + s];
        }
        a_acc = sum;
        if (kk == HID / SIMD - 1) {
            alpha[c] = sum;
            kk = 0;
            c++;
        } else {
            kk++;
        }
    }
}

template <class CFG>
void context_replay(const typename context_geometry<CFG>::frame_t frame[context_geometry<CFG>::WORDS],
                    const typename CFG::alpha_t alpha[CFG::channels], hls::stream<nnet::array<ap_uint<CFG::lanes>, 1>> &bits) {
    typedef context_geometry<CFG> geo;
    static const unsigned L = geo::L, WPP = geo::WPP;
    BCD_PROCESS(CFG::name());
    unsigned k = 0;
ContextReplay:
    for (unsigned n = 0; n < geo::WORDS; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<typename CFG::in_t, L> x = frame[n];
        ap_uint<L> b;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            b[j] = x[j] >= alpha[k * L + j];
        }
        bits.write(bit_word<L>(b));
        k = k == WPP - 1 ? 0 : k + 1;
    }
}

} // namespace bcd

#endif
