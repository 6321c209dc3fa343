// bcdsim HLS kernel library: fixed-point matrix units on DSPs (stem conv, real 1x1 convs, FC).
//
// y[o] = bias[o] + sum_m w[o][m] * x[m] over the (ky, kx, c) window of o's group, zero padded,
// exact in accum_t (sized by the generator for the weights' mantissas) and rounded once to out_t.
// A fully connected layer is the 1x1 case on a 1x1 map. Folding: SIMD products x PE outputs per
// cycle; weights[((nf * SF + sf) * PE + p) * SIMD + s] (the generator lays them out).
#ifndef BCD_DENSE_H_
#define BCD_DENSE_H_

#include "bcd_pool.h"

namespace bcd {

// CFG: channels, height, width, kernel, stride, pad, groups, out_channels, in_lanes, simd, pe,
// in_t, weight_t, bias_t, accum_t, out_t.
template <class CFG>
void conv_fixed(hls::stream<nnet::array<typename CFG::in_t, CFG::in_lanes>> &in,
                hls::stream<nnet::array<typename CFG::out_t, CFG::pe>> &out,
                const typename CFG::weight_t weights[CFG::out_channels * CFG::kernel * CFG::kernel * CFG::channels /
                                                     CFG::groups],
                const typename CFG::bias_t bias[CFG::out_channels]) {
    static const unsigned C = CFG::channels, W = CFG::width, K = CFG::kernel, S = CFG::stride, P = CFG::pad;
    static const unsigned IL = CFG::in_lanes, SIMD = CFG::simd, PE = CFG::pe, G = CFG::groups;
    static const unsigned CG = C / G, OG = CFG::out_channels / G, MW = K * K * CG;
    static const unsigned SF = MW / SIMD, NF = CFG::out_channels / PE, TILE = SIMD * PE;
    typedef window_geometry<CFG::height, W, K, S, P> geo;
    static_assert(C % G == 0 && CFG::out_channels % G == 0, "groups divide the channels");
    static_assert(MW % SIMD == 0 && OG % PE == 0, "SIMD divides the window, PE the outputs of a group");
    static_assert(C % IL == 0, "input lanes divide the channels");
#pragma HLS ARRAY_RESHAPE variable = weights cyclic factor = TILE dim = 1
    (void)TILE;

    static typename CFG::in_t lines[K][W][C];
#pragma HLS ARRAY_PARTITION variable = lines complete dim = 1
    static typename CFG::in_t window[K * K * C];
#pragma HLS ARRAY_PARTITION variable = window cyclic factor = SIMD
    int next_row = 0;

ConvRows:
    for (unsigned oy = 0; oy < geo::out_height; oy++) {
        for (; next_row < geo::rows_needed(oy); next_row++)
            read_row<typename CFG::in_t, C, W, K, IL>(in, lines, next_row);
        const int top = int(oy * S) - int(P);
    ConvCols:
        for (unsigned ox = 0; ox < geo::out_width; ox++) {
        ConvWindow:
            for (unsigned m = 0; m < K * K * C; m++) {
#pragma HLS PIPELINE II = 1
                const unsigned pos = m / C;
                const int iy = top + int(pos / K), ix = int(ox * S) - int(P) + int(pos % K);
                const bool inside = iy >= 0 && iy < int(CFG::height) && ix >= 0 && ix < int(W);
                window[m] = inside ? lines[iy % K][ix][m % C] : typename CFG::in_t(0);
            }
        ConvNeurons:
            for (unsigned nf = 0; nf < NF; nf++) {
                const unsigned g = nf * PE / OG;
                typename CFG::accum_t acc[PE];
#pragma HLS ARRAY_PARTITION variable = acc complete
            ConvSynapses:
                for (unsigned sf = 0; sf < SF; sf++) {
#pragma HLS PIPELINE II = 1
                    for (unsigned p = 0; p < PE; p++) {
#pragma HLS UNROLL
                        if (sf == 0)
                            acc[p] = bias[nf * PE + p];
                        for (unsigned s = 0; s < SIMD; s++) {
#pragma HLS UNROLL
                            const unsigned mg = sf * SIMD + s; // (ky, kx, c) index within the group
                            acc[p] += weights[((nf * SF + sf) * PE + p) * SIMD + s] *
                                      window[(mg / CG) * C + g * CG + mg % CG];
                        }
                    }
                }
                nnet::array<typename CFG::out_t, PE> y;
                for (unsigned p = 0; p < PE; p++) {
#pragma HLS UNROLL
                    y[p] = acc[p];
                }
                out.write(y);
            }
        }
    }
    skip_rows<typename CFG::in_t, C, W, IL>(in, CFG::height - next_row);
}

} // namespace bcd

#endif
