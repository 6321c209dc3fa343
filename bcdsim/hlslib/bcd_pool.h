// bcdsim HLS kernel library: pooling of fixed-point maps (AvgPool shortcut, MaxPool, GAP).
//
// Means are sum * reciprocal(n): the sum is exact, the reciprocal an 18-bit unsigned mantissa
// (one DSP48 input, bcdsim.hw.fixed.reciprocal), and the product rounds once to out_t.
#ifndef BCD_POOL_H_
#define BCD_POOL_H_

#include "bcd_window.h"

namespace bcd {

// 1/n as ap_ufixed<18, 18 - FRAC> from its mantissa.
template <unsigned MANT, int FRAC> ap_ufixed<18, 18 - FRAC> reciprocal() {
#pragma HLS INLINE
    ap_ufixed<18, 18 - FRAC> r;
    r.range() = MANT;
    return r;
}

// Reads input row `row` (all its pixels, C/L words each) into a K-row circular buffer.
template <class T, unsigned C, unsigned W, unsigned K, unsigned L>
void read_row(hls::stream<nnet::array<T, L>> &in, T lines[K][W][C], int row) {
#pragma HLS INLINE
ReadRowWords:
    for (unsigned i = 0; i < W * (C / L); i++) {
#pragma HLS PIPELINE II = 1
        const nnet::array<T, L> w = in.read();
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            lines[row % K][i / (C / L)][(i % (C / L)) * L + j] = w[j];
        }
    }
}

template <class T, unsigned C, unsigned W, unsigned L>
void skip_rows(hls::stream<nnet::array<T, L>> &in, unsigned rows) {
SkipWords:
    for (unsigned i = 0; i < rows * W * (C / L); i++) {
#pragma HLS PIPELINE II = 1
        in.read();
    }
}

// CFG: channels, height, width, kernel, stride, pad, lanes, in_t, out_t, sum_t, recip_mantissa,
// recip_frac; MAX selects max pooling (padding never wins) over average (padding counts as 0,
// PyTorch's count_include_pad).
template <class CFG, bool MAX>
void pool(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
          hls::stream<nnet::array<typename CFG::out_t, CFG::lanes>> &out) {
    static const unsigned C = CFG::channels, W = CFG::width, K = CFG::kernel, S = CFG::stride, P = CFG::pad;
    static const unsigned L = CFG::lanes;
    typedef window_geometry<CFG::height, W, K, S, P> geo;
    static_assert(C % L == 0, "lanes must divide the channels");
    static typename CFG::in_t lines[K][W][C];
#pragma HLS ARRAY_PARTITION variable = lines complete dim = 1
#pragma HLS ARRAY_PARTITION variable = lines cyclic factor = L dim = 3
    int next_row = 0;
PoolRows:
    for (unsigned oy = 0; oy < geo::out_height; oy++) {
        for (; next_row < geo::rows_needed(oy); next_row++)
            read_row<typename CFG::in_t, C, W, K, L>(in, lines, next_row);
        const int top = int(oy * S) - int(P);
    PoolWords:
        for (unsigned i = 0; i < geo::out_width * (C / L); i++) {
#pragma HLS PIPELINE
            const unsigned ox = i / (C / L), c0 = (i % (C / L)) * L;
            nnet::array<typename CFG::out_t, L> y;
            for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
                typename CFG::sum_t acc = 0;
                bool first = true;
                for (unsigned ky = 0; ky < K; ky++) {
                    for (unsigned kx = 0; kx < K; kx++) {
                        const int iy = top + int(ky), ix = int(ox * S) - int(P) + int(kx);
                        if (iy < 0 || iy >= int(CFG::height) || ix < 0 || ix >= int(W))
                            continue;
                        const typename CFG::in_t v = lines[iy % K][ix][c0 + j];
                        if (!MAX)
                            acc += v;
                        else if (first || v > acc)
                            acc = v;
                        first = false;
                    }
                }
                if (MAX)
                    y[j] = acc;
                else
                    y[j] = acc * reciprocal<CFG::recip_mantissa, CFG::recip_frac>();
            }
            out.write(y);
        }
    }
    skip_rows<typename CFG::in_t, C, W, L>(in, CFG::height - next_row);
}

// Global average pooling: per-channel exact sums over the frame, then one word stream of means.
template <class CFG>
void gap(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
         hls::stream<nnet::array<typename CFG::out_t, CFG::lanes>> &out) {
    static const unsigned C = CFG::channels, L = CFG::lanes;
    static_assert(C % L == 0, "lanes must divide the channels");
    typename CFG::sum_t acc[C];
#pragma HLS ARRAY_PARTITION variable = acc cyclic factor = L
GapClear:
    for (unsigned c = 0; c < C; c++)
        acc[c] = 0;
GapWords:
    for (unsigned i = 0; i < CFG::pixels * (C / L); i++) {
#pragma HLS PIPELINE II = 1
        const nnet::array<typename CFG::in_t, L> x = in.read();
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            acc[(i % (C / L)) * L + j] += x[j];
        }
    }
GapMeans:
    for (unsigned i = 0; i < C / L; i++) {
#pragma HLS PIPELINE II = 1
        nnet::array<typename CFG::out_t, L> y;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            y[j] = acc[i * L + j] * reciprocal<CFG::recip_mantissa, CFG::recip_frac>();
        }
        out.write(y);
    }
}

} // namespace bcd

#endif
