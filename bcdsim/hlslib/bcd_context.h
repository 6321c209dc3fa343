// bcdsim HLS kernel library: BCDNet-B's contextual threshold unit (DESIGN.md §5).
//
// No bit can be produced before the whole input map has been seen: the unit buffers the frame
// while summing every channel, then computes
//   g = GAP(x) (rounded to gap_t), e = W1 g (to e_t), alpha = W2 e (to alpha_t)
// and replays the frame as bits sign(x - alpha[c]) (x >= alpha: +1), an exact comparison of the
// two fixed-point values. e is also streamed out (one word per frame) for the output-offset FCs
// (W3 e) that follow the binary convs. The cost: one frame buffer and one frame of latency.
#ifndef BCD_CONTEXT_H_
#define BCD_CONTEXT_H_

#include "bcd_pool.h"

namespace bcd {

// y[r] = sum_k w[r * N + k] * x[k], exact in ACC, rounded once to Y; one MAC per cycle (these
// FCs run once per frame, so a frame's cycles hide them).
template <class X, class WT, class ACC, class Y, unsigned N, unsigned M>
void matvec(const X x[N], const WT w[M * N], Y y[M]) {
MatvecRows:
    for (unsigned r = 0; r < M; r++) {
        ACC acc = 0;
    MatvecCols:
        for (unsigned k = 0; k < N; k++) {
#pragma HLS PIPELINE II = 1
            acc += w[r * N + k] * x[k];
        }
        y[r] = acc;
    }
}

// CFG: channels, height, width, lanes, hidden, e_lanes, in_t, sum_t, gap_t, recip_mantissa,
// recip_frac, w1_t, e_acc_t, e_t, w2_t, alpha_acc_t, alpha_t.
template <class CFG>
void context_frame(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
                   nnet::array<typename CFG::in_t, CFG::lanes> frame[], const typename CFG::w1_t w1[],
                   const typename CFG::w2_t w2[], typename CFG::e_t e[], typename CFG::alpha_t alpha[]) {
#pragma HLS INLINE
    static const unsigned C = CFG::channels, L = CFG::lanes, WORDS = CFG::height * CFG::width * (C / L);
    static_assert(C % L == 0 && CFG::hidden % CFG::e_lanes == 0, "lanes must divide the channels");
    typename CFG::sum_t acc[C];
    typename CFG::gap_t g[C];
#pragma HLS ARRAY_PARTITION variable = acc cyclic factor = L
ContextClear:
    for (unsigned c = 0; c < C; c++)
        acc[c] = 0;
ContextRead:
    for (unsigned i = 0; i < WORDS; i++) {
#pragma HLS PIPELINE II = 1
        const nnet::array<typename CFG::in_t, L> x = in.read();
        frame[i] = x;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            acc[(i % (C / L)) * L + j] += x[j];
        }
    }
ContextMean:
    for (unsigned c = 0; c < C; c++) {
#pragma HLS PIPELINE II = 1
        g[c] = acc[c] * reciprocal<CFG::recip_mantissa, CFG::recip_frac>();
    }
    matvec<typename CFG::gap_t, typename CFG::w1_t, typename CFG::e_acc_t, typename CFG::e_t, C, CFG::hidden>(g, w1, e);
    matvec<typename CFG::e_t, typename CFG::w2_t, typename CFG::alpha_acc_t, typename CFG::alpha_t, CFG::hidden, C>(e, w2,
                                                                                                                   alpha);
}

template <class CFG>
void context_replay(const nnet::array<typename CFG::in_t, CFG::lanes> frame[], const typename CFG::alpha_t alpha[],
                    hls::stream<nnet::array<ap_uint<CFG::lanes>, 1>> &bits) {
#pragma HLS INLINE
    static const unsigned C = CFG::channels, L = CFG::lanes, WORDS = CFG::height * CFG::width * (C / L);
ContextReplay:
    for (unsigned i = 0; i < WORDS; i++) {
#pragma HLS PIPELINE II = 1
        const nnet::array<typename CFG::in_t, L> x = frame[i];
        ap_uint<L> b;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            b[j] = x[j] >= alpha[(i % (C / L)) * L + j];
        }
        bits.write(bit_word<L>(b));
    }
}

// The unit with its e output (BCDNet-B blocks whose convs add an output offset).
template <class CFG>
void context_unit(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
                  hls::stream<nnet::array<ap_uint<CFG::lanes>, 1>> &bits,
                  hls::stream<nnet::array<typename CFG::e_t, CFG::e_lanes>> &e_out, const typename CFG::w1_t w1[],
                  const typename CFG::w2_t w2[]) {
    static const unsigned C = CFG::channels, L = CFG::lanes, E = CFG::hidden, EL = CFG::e_lanes;
    static const unsigned WORDS = CFG::height * CFG::width * (C / L);
    static nnet::array<typename CFG::in_t, L> frame[WORDS];
    typename CFG::e_t e[E];
    typename CFG::alpha_t alpha[C];
#pragma HLS ARRAY_PARTITION variable = alpha cyclic factor = L
    (void)L;
    context_frame<CFG>(in, frame, w1, w2, e, alpha);
ContextEmbedding:
    for (unsigned i = 0; i < E / EL; i++) {
#pragma HLS PIPELINE II = 1
        nnet::array<typename CFG::e_t, EL> w;
        for (unsigned j = 0; j < EL; j++) {
#pragma HLS UNROLL
            w[j] = e[i * EL + j];
        }
        e_out.write(w);
    }
    context_replay<CFG>(frame, alpha, bits);
}

// The unit when nothing else reads e.
template <class CFG>
void context_sign(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
                  hls::stream<nnet::array<ap_uint<CFG::lanes>, 1>> &bits, const typename CFG::w1_t w1[],
                  const typename CFG::w2_t w2[]) {
    static const unsigned WORDS = CFG::height * CFG::width * (CFG::channels / CFG::lanes);
    static nnet::array<typename CFG::in_t, CFG::lanes> frame[WORDS];
    typename CFG::e_t e[CFG::hidden];
    static const unsigned L = CFG::lanes;
    typename CFG::alpha_t alpha[CFG::channels];
#pragma HLS ARRAY_PARTITION variable = alpha cyclic factor = L
    (void)L;
    context_frame<CFG>(in, frame, w1, w2, e, alpha);
    context_replay<CFG>(frame, alpha, bits);
}

} // namespace bcd

#endif
