// bcdsim HLS kernel library: pooling of fixed-point maps (AvgPool shortcut, MaxPool, GAP).
//
// Means are sum * reciprocal(n): the sum is exact, the reciprocal an 18-bit unsigned mantissa
// (one DSP48 input, bcdsim.hw.fixed.reciprocal), and the product rounds once to out_t.
// Both units stream (docs/hardware_units.md §4 "pool", "gap"): iteration n reads input word n, and
// outputs leave in the iterations that read the last input they depend on.
#ifndef BCD_POOL_H_
#define BCD_POOL_H_

#include "bcd_common.h"

namespace bcd {

// Pool: the words of output pixel (oy, ox) are written in the iterations that read the same channel
// word of input pixel (min(H-1, oy*S-P+K-1), min(W-1, ox*S-P+K-1)), the last input pixel of its
// window in raster order; the other window pixels come from a K-row line buffer. Two windows may
// not end at the same input pixel (the design refuses such pools).
// CFG: channels, height, width, kernel, stride, pad, lanes, in_t, out_t, sum_t, recip_mantissa,
// recip_frac, name(); MAX selects max pooling (padding never wins) over average (padding counts as
// 0, PyTorch's count_include_pad).
// lines: the last K input rows (row r at slot r mod K), declared and bound by the generator (its
// slots partitioned completely, its columns cyclically by min(K, W), its channels reshaped by the
// lanes: the K*K window values of a lane word are read in one iteration).
template <class CFG, bool MAX>
void pool(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
          hls::stream<nnet::array<typename CFG::out_t, CFG::lanes>> &out,
          typename CFG::in_t lines[CFG::kernel][CFG::width][CFG::channels]) {
    static const unsigned C = CFG::channels, H = CFG::height, W = CFG::width, K = CFG::kernel, S = CFG::stride;
    static const unsigned P = CFG::pad, L = CFG::lanes, WPP = C / L;
    static const unsigned OH = (H + 2 * P - K) / S + 1, OW = (W + 2 * P - K) / S + 1;
    static_assert(C % L == 0 && P < K && H + 2 * P >= K && W + 2 * P >= K, "lanes divide C; the window fits");
    static_assert(OH < 2 || (OH - 2) * S + K - 1 - P < H - 1, "two output rows end at the same input row");
    static_assert(OW < 2 || (OW - 2) * S + K - 1 - P < W - 1, "two output columns end at the same input column");
    static_assert(check_word<nnet::array<typename CFG::out_t, L>>::ok, "");
    typedef typename CFG::in_t in_t;

    BCD_PROCESS(CFG::name());
    unsigned y = 0, x = 0, k = 0, slot = 0; // input pixel, word of the pixel, slot of row y
    unsigned oy = 0, ox = 0;                // next output pixel
PoolWords:
    for (unsigned n = 0; n < H * W * WPP; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<in_t, L> v = in.read();
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            lines[slot][x][k * L + j] = v[j];
        }
        const unsigned end_y = oy * S + K - 1 - P < H - 1 ? oy * S + K - 1 - P : H - 1;
        const unsigned end_x = ox * S + K - 1 - P < W - 1 ? ox * S + K - 1 - P : W - 1;
        const bool row_ends = oy < OH && y == end_y, ends = row_ends && ox < OW && x == end_x;
        if (ends) {
            nnet::array<typename CFG::out_t, L> result;
            for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
                typename CFG::sum_t acc = 0;
                bool first = true;
                for (unsigned ky = 0; ky < K; ky++) {
                    for (unsigned kx = 0; kx < K; kx++) {
                        const int iy = int(oy * S + ky) - int(P), ix = int(ox * S + kx) - int(P);
                        if (iy < 0 || iy >= int(H) || ix < 0 || ix >= int(W))
                            continue;
                        const unsigned back = y - unsigned(iy); // rows above the current one, < K
                        const unsigned s = slot >= back ? slot - back : slot + K - back;
                        const in_t value = iy == int(y) && ix == int(x) ? v[j] : lines[s][ix][k * L + j];
                        if (!MAX)
                            acc += value;
                        else if (first || value > acc)
                            acc = value;
                        first = false;
                    }
                }
                if (MAX)
                    result[j] = acc;
                else
                    result[j] = acc * reciprocal<CFG::recip_mantissa, CFG::recip_frac>();
            }
            out.write(result);
        }
        if (++k == WPP) { // the pixel ends
            k = 0;
            if (ends)
                ox++;
            if (++x == W) {
                x = 0;
                if (row_ends) {
                    oy++;
                    ox = 0;
                }
                y++;
                slot = slot == K - 1 ? 0 : slot + 1;
            }
        }
    }
}

// Global average pooling: iteration n reads word n and adds it to its channels' exact sums; the
// last pixel's iterations write the means (output word j in iteration (H*W-1)*(C/L) + j).
// CFG: channels, pixels, lanes, in_t, out_t, sum_t, recip_mantissa, recip_frac, name(). acc: the
// channel sums (the "sums" memory, reshaped by the lanes), declared and bound by the generator.
template <class CFG>
void gap(hls::stream<nnet::array<typename CFG::in_t, CFG::lanes>> &in,
         hls::stream<nnet::array<typename CFG::out_t, CFG::lanes>> &out, typename CFG::sum_t acc[CFG::channels]) {
    static const unsigned C = CFG::channels, L = CFG::lanes, WPP = C / L;
    static_assert(C % L == 0, "lanes must divide the channels");
    static_assert(check_word<nnet::array<typename CFG::out_t, L>>::ok, "");
#pragma HLS DEPENDENCE variable = acc type = inter direction = RAW distance = WPP true
    BCD_PROCESS(CFG::name());
    unsigned k = 0, pix = 0;
GapWords:
    for (unsigned n = 0; n < CFG::pixels * WPP; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const nnet::array<typename CFG::in_t, L> x = in.read();
        nnet::array<typename CFG::out_t, L> y;
        for (unsigned j = 0; j < L; j++) {
#pragma HLS UNROLL
            typename CFG::sum_t s = pix == 0 ? typename CFG::sum_t(0) : acc[k * L + j];
            s += x[j];
            acc[k * L + j] = s;
            if (pix == CFG::pixels - 1)
                y[j] = s * reciprocal<CFG::recip_mantissa, CFG::recip_frac>();
        }
        if (pix == CFG::pixels - 1)
            out.write(y);
        if (++k == WPP) {
            k = 0;
            pix++;
        }
    }
}

} // namespace bcd

#endif
