// bcdsim HLS kernel library: BCDNet's shift-MLP (a ShiftBlock as one XNOR unit over 3C inputs).
//
// The unit's input vector at pixel (y, x) is (a, Shift(a), GlobalShift(a)) at (y, x). A shift
// splits the channels into 4 chunks, rolled circularly like torch.roll:
//   chunk 0 out[y] = in[y - sh], chunk 1 out[y] = in[y + sh], chunk 2 out[x] = in[x - sw],
//   chunk 3 out[x] = in[x + sw]   (all mod H or W),
// so any pixel can be read: the whole binary map is buffered, then replayed as MVAU words (one
// buffer: a frame is read, then replayed; double buffering would overlap consecutive frames).
// Word order: source-major (SIMD | C: all words of a, then of Shift(a), then GlobalShift(a)), or
// channel-interleaved (SIMD = 3s: s channels of each source in one word).
#ifndef BCD_SHIFT_H_
#define BCD_SHIFT_H_

#include "bcd_mvau.h"

namespace bcd {

// One source's C bits at (y, x): the four chunks come from four neighbours.
template <unsigned C, unsigned H, unsigned W>
ap_uint<C> shifted_pixel(const ap_uint<C> frame[H * W], unsigned y, unsigned x, unsigned sh, unsigned sw) {
#pragma HLS INLINE
    static const unsigned Q = C / 4;
    const unsigned up = (y + H - sh % H) % H, down = (y + sh) % H;
    const unsigned left = (x + W - sw % W) % W, right = (x + sw) % W;
    ap_uint<C> v;
    v.range(Q - 1, 0) = frame[up * W + x].range(Q - 1, 0);
    v.range(2 * Q - 1, Q) = frame[down * W + x].range(2 * Q - 1, Q);
    v.range(3 * Q - 1, 2 * Q) = frame[y * W + left].range(3 * Q - 1, 2 * Q);
    v.range(C - 1, 3 * Q) = frame[y * W + right].range(C - 1, 3 * Q);
    return v;
}

// CFG: channels, height, width, in_lanes, simd, interleaved, shift_h, shift_w (local),
// global_h, global_w.
template <class CFG>
void shift_gather(hls::stream<nnet::array<ap_uint<CFG::in_lanes>, 1>> &in,
                  hls::stream<nnet::array<ap_uint<CFG::simd>, 1>> &out) {
    static const unsigned C = CFG::channels, H = CFG::height, W = CFG::width;
    static const unsigned IL = CFG::in_lanes, SIMD = CFG::simd;
    static const unsigned S = CFG::interleaved ? SIMD / 3 : SIMD; // bits of one source per word
    static const unsigned WORDS = 3 * C / SIMD;
    static_assert(C % 4 == 0 && C % IL == 0, "channels split into 4 chunks, lanes divide C");
    static_assert(CFG::interleaved ? (SIMD % 3 == 0 && C % S == 0) : C % SIMD == 0,
                  "SIMD divides C (source-major) or is 3 x a divisor of C (interleaved)");

    static ap_uint<C> frame[H * W];
    ap_uint<C> pixel = 0;
GatherRead:
    for (unsigned i = 0; i < H * W * (C / IL); i++) {
#pragma HLS PIPELINE II = 1
        const unsigned j = i % (C / IL);
        pixel.range(j * IL + IL - 1, j * IL) = bits_of<IL>(in.read());
        if (j == C / IL - 1)
            frame[i / (C / IL)] = pixel;
    }
GatherPixels:
    for (unsigned y = 0; y < H; y++) {
        for (unsigned x = 0; x < W; x++) {
            ap_uint<C> src[3];
#pragma HLS ARRAY_PARTITION variable = src complete
            src[0] = frame[y * W + x];
            src[1] = shifted_pixel<C, H, W>(frame, y, x, CFG::shift_h, CFG::shift_w);
            src[2] = shifted_pixel<C, H, W>(frame, y, x, CFG::global_h, CFG::global_w);
        GatherWords:
            for (unsigned t = 0; t < WORDS; t++) {
#pragma HLS PIPELINE II = 1
                ap_uint<SIMD> word;
                if (CFG::interleaved) {
                    for (unsigned b = 0; b < 3; b++) {
#pragma HLS UNROLL
                        word.range(b * S + S - 1, b * S) = src[b].range(t * S + S - 1, t * S);
                    }
                } else {
                    const unsigned b = t / (C / SIMD), off = (t % (C / SIMD)) * SIMD;
                    word = src[b].range(off + SIMD - 1, off);
                }
                out.write(bit_word<SIMD>(word));
            }
        }
    }
}

// The whole ShiftBlock matrix unit: gather -> 3-branch MVAU (no padding, so no valid mask).
template <class GATHER_CFG, class CFG, class STAGE, class P0, class P1>
void shift_mlp(hls::stream<nnet::array<ap_uint<GATHER_CFG::in_lanes>, 1>> &in,
               hls::stream<typename mvau_output<STAGE, typename CFG::out_t, CFG::pe>::type> &out,
               const ap_uint<CFG::weight_word_bits> weights[weight_tiles<CFG>::WORDS], const P0 p0[], const P1 p1[]) {
#pragma HLS DATAFLOW
    static_assert(GATHER_CFG::simd == CFG::simd && CFG::branches == 3 && !CFG::has_valid,
                  "the gather feeds a 3-branch MVAU of the same SIMD");
    static_assert(GATHER_CFG::interleaved == CFG::interleaved, "gather and MVAU agree on the word order");
    hls::stream<nnet::array<ap_uint<CFG::simd>, 1>> words("words");
#pragma HLS STREAM variable = words depth = 2
    shift_gather<GATHER_CFG>(in, words);
    mvau<CFG, STAGE>(words, out, weights, p0, p1);
}

} // namespace bcd

#endif
