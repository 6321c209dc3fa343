// bcdsim HLS kernel library: sliding-window unit for bipolar maps, with a valid mask.
//
// Zero padding of a +-1 map contributes 0 to a convolution, which no bit value can express: the
// unit therefore emits, next to each SIMD-bit slice of a window, a mask that is 0 where the window
// hangs over the padding. The XNOR unit counts only valid positions (DESIGN.md §5).
//
// Window order is (ky, kx, c): word t of a window holds flat positions [t*SIMD, (t+1)*SIMD). SIMD
// divides C (a word lies within one kernel position) or is C*d with d | K*K (d whole positions).
// Rows are read on demand into a K-row circular buffer; after the last output row the remaining
// input rows are consumed, so any size, stride and padding keeps the stream in step. Reading and
// emitting alternate (cycles ~ read + write per output row, where FINN's generator overlaps them):
// simpler and deadlock-free with the shortcut FIFOs bcdsim sizes for it (plan.shortcut_lag).
#ifndef BCD_WINDOW_H_
#define BCD_WINDOW_H_

#include "bcd_common.h"

namespace bcd {

// Geometry shared by the windowed kernels (binary and fixed point).
template <unsigned H, unsigned W, unsigned K, unsigned S, unsigned P> struct window_geometry {
    static const unsigned out_height = (H + 2 * P - K) / S + 1;
    static const unsigned out_width = (W + 2 * P - K) / S + 1;
    static_assert(H + 2 * P >= K && W + 2 * P >= K, "the window must fit the padded map");
    // Input rows that must have arrived before output row oy: up to its last window row.
    static int rows_needed(unsigned oy) {
        const int last = int(oy * S) - int(P) + int(K);
        return last < int(H) ? last : int(H);
    }
};

// A window word: SIMD bits in [SIMD-1:0], their valid mask in [2*SIMD-1:SIMD].
template <unsigned SIMD> struct window_word {
    typedef nnet::array<ap_uint<2 * SIMD>, 1> type;
    static type make(const ap_uint<SIMD> &bits, const ap_uint<SIMD> &valid) {
#pragma HLS INLINE
        type w;
        w[0] = (valid, bits);
        return w;
    }
    static ap_uint<SIMD> bits(const type &w) { return w[0].range(SIMD - 1, 0); }
    static ap_uint<SIMD> valid(const type &w) { return w[0].range(2 * SIMD - 1, SIMD); }
};

// CFG: channels, height, width, kernel, stride, pad, in_lanes, simd.
template <class CFG>
void swu(hls::stream<nnet::array<ap_uint<CFG::in_lanes>, 1>> &in, hls::stream<typename window_word<CFG::simd>::type> &out) {
    static const unsigned C = CFG::channels, W = CFG::width, K = CFG::kernel, S = CFG::stride, P = CFG::pad;
    static const unsigned IL = CFG::in_lanes, SIMD = CFG::simd;
    typedef window_geometry<CFG::height, W, K, S, P> geo;
    static const unsigned SEGW = SIMD < C ? SIMD : C; // bits taken from one pixel
    static const unsigned NSEG = SIMD / SEGW;           // kernel positions per word
    static const unsigned WORDS = K * K * C / SIMD;
    static_assert(C % IL == 0, "input lanes must divide the channels");
    static_assert(SIMD <= C ? C % SIMD == 0 : (SIMD % C == 0 && (K * K) % (SIMD / C) == 0),
                  "SIMD must divide C, or be C times a divisor of K*K");

    static ap_uint<C> lines[K][W]; // static: state of the unit, and off the C simulation stack
#pragma HLS ARRAY_PARTITION variable = lines complete dim = 1
    int next_row = 0;

SwuRows:
    for (unsigned oy = 0; oy < geo::out_height; oy++) {
        const int top = int(oy * S) - int(P);
    SwuFill:
        for (; next_row < geo::rows_needed(oy); next_row++) {
            ap_uint<C> pixel = 0;
        SwuReadRow:
            for (unsigned i = 0; i < W * (C / IL); i++) {
#pragma HLS PIPELINE II = 1
                const unsigned x = i / (C / IL), j = i % (C / IL);
                pixel.range(j * IL + IL - 1, j * IL) = bits_of<IL>(in.read());
                if (j == C / IL - 1)
                    lines[next_row % K][x] = pixel;
            }
        }
    SwuCols:
        for (unsigned ox = 0; ox < geo::out_width; ox++) {
        SwuWords:
            for (unsigned t = 0; t < WORDS; t++) {
#pragma HLS PIPELINE II = 1
                ap_uint<SIMD> bits = 0, valid = 0;
                for (unsigned seg = 0; seg < NSEG; seg++) {
#pragma HLS UNROLL
                    const unsigned flat = t * SIMD + seg * SEGW;
                    const unsigned pos = flat / C, off = flat % C;
                    const int iy = top + int(pos / K), ix = int(ox * S) - int(P) + int(pos % K);
                    if (iy >= 0 && iy < int(CFG::height) && ix >= 0 && ix < int(W)) {
                        bits.range(seg * SEGW + SEGW - 1, seg * SEGW) = lines[iy % K][ix].range(off + SEGW - 1, off);
                        valid.range(seg * SEGW + SEGW - 1, seg * SEGW) = ones<SEGW>();
                    }
                }
                out.write(window_word<SIMD>::make(bits, valid));
            }
        }
    }
SwuDrain:
    for (; next_row < int(CFG::height); next_row++) {
        for (unsigned i = 0; i < W * (C / IL); i++) {
#pragma HLS PIPELINE II = 1
            in.read();
        }
    }
}

} // namespace bcd

#endif
