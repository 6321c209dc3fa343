// bcdsim HLS kernel library: BCDNet's shift-MLP (a ShiftBlock as one XNOR unit over 3C inputs).
//
// The unit's input vector at pixel (y, x) is (a, Shift(a), GlobalShift(a)) at (y, x). A shift
// splits the channels into 4 chunks, rolled circularly like torch.roll:
//   chunk 0 out[y] = in[y - sh], chunk 1 out[y] = in[y + sh], chunk 2 out[x] = in[x - sw],
//   chunk 3 out[x] = in[x + sw]   (all mod H or W),
// so any pixel can be read: the whole binary map is buffered in a frame bank. Two processes share
// a double-buffered bank (docs/hardware_units.md §4 "gather_in / gather_out"): gather_in reads one
// word per iteration into a bank (H*W*C/IL iterations), gather_out then writes one MVAU word per
// iteration (H*W*3C/SIMD), pixel-major, while gather_in fills the other bank.
// Word order: source-major (SIMD | C: all words of a, then of Shift(a), then GlobalShift(a)), or
// channel-interleaved (SIMD = 3s: s channels of each source in one word).
// The bank keeps the 4 chunks in 4 memories (a shifted slice reads each at most once per source);
// interleaved words read three sources of one chunk at once, so the unshifted source has its own
// copy of the frame (`direct`): 2 ports per memory suffice.
#ifndef BCD_SHIFT_H_
#define BCD_SHIFT_H_

#include "bcd_mvau.h"

namespace bcd {

// CFG: channels, height, width, in_lanes, simd, interleaved, shift_h, shift_w (local), global_h,
// global_w, in_name(), out_name().
template <class CFG> struct gather_geometry {
    static const unsigned C = CFG::channels, H = CFG::height, W = CFG::width, Q = C / 4;
    static const unsigned SIMD = CFG::simd, S = CFG::interleaved ? SIMD / 3 : SIMD; // bits of one source per word
    static const unsigned DIRECT_WORDS = CFG::interleaved ? H * W * (C / S) : 1;
    static_assert(C % 4 == 0 && C % CFG::in_lanes == 0, "channels split into 4 chunks, lanes divide C");
    static_assert(CFG::interleaved ? (SIMD % 3 == 0 && C % S == 0) : C % SIMD == 0,
                  "SIMD divides C (source-major) or is 3 x a divisor of C (interleaved)");
    static_assert(check_int<C>::ok && check_int<SIMD>::ok, "");
    typedef ap_uint<Q> chunk_t;
    typedef ap_uint<S> direct_t;
};

template <class CFG>
void gather_in(hls::stream<nnet::array<ap_uint<CFG::in_lanes>, 1>> &in,
               typename gather_geometry<CFG>::chunk_t bank[4][CFG::height * CFG::width],
               typename gather_geometry<CFG>::direct_t direct[gather_geometry<CFG>::DIRECT_WORDS]) {
    typedef gather_geometry<CFG> geo;
    static const unsigned C = geo::C, Q = geo::Q, S = geo::S, IL = CFG::in_lanes;
#pragma HLS ARRAY_PARTITION variable = bank complete dim = 1
    BCD_PROCESS(CFG::in_name());
    ap_uint<C> pixel = 0;
    unsigned j = 0, pix = 0; // word of the pixel, pixel
GatherIn:
    for (unsigned n = 0; n < CFG::height * CFG::width * (C / IL); n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        pixel.range(j * IL + IL - 1, j * IL) = bits_of<IL>(in.read());
        if (j == C / IL - 1) { // a whole pixel: one write per memory
            for (unsigned q = 0; q < 4; q++) {
#pragma HLS UNROLL
                bank[q][pix] = pixel.range(q * Q + Q - 1, q * Q);
            }
            if (CFG::interleaved) { // (the index is reduced only to keep the unused source-major branch in bounds)
                for (unsigned t = 0; t < C / S; t++) {
#pragma HLS UNROLL
                    direct[(pix * (C / S) + t) % geo::DIRECT_WORDS] = pixel.range(t * S + S - 1, t * S);
                }
            }
            j = 0;
            pix++;
        } else {
            j++;
        }
    }
}

// Source b's C bits at (y, x): source 0 is the pixel itself, 1 the local, 2 the global shift.
template <class CFG>
ap_uint<CFG::channels> gathered_pixel(const typename gather_geometry<CFG>::chunk_t bank[4][CFG::height * CFG::width],
                                      unsigned b, unsigned y, unsigned x) {
#pragma HLS INLINE
    static const unsigned H = CFG::height, W = CFG::width, Q = gather_geometry<CFG>::Q;
    const unsigned sh = b == 0 ? 0 : (b == 1 ? CFG::shift_h : CFG::global_h) % H;
    const unsigned sw = b == 0 ? 0 : (b == 1 ? CFG::shift_w : CFG::global_w) % W;
    const unsigned up = y >= sh ? y - sh : y + H - sh, down = y + sh < H ? y + sh : y + sh - H;
    const unsigned left = x >= sw ? x - sw : x + W - sw, right = x + sw < W ? x + sw : x + sw - W;
    ap_uint<CFG::channels> v;
    v.range(Q - 1, 0) = bank[0][up * W + x];
    v.range(2 * Q - 1, Q) = bank[1][down * W + x];
    v.range(3 * Q - 1, 2 * Q) = bank[2][y * W + left];
    v.range(4 * Q - 1, 3 * Q) = bank[3][y * W + right];
    return v;
}

template <class CFG>
void gather_out(const typename gather_geometry<CFG>::chunk_t bank[4][CFG::height * CFG::width],
                const typename gather_geometry<CFG>::direct_t direct[gather_geometry<CFG>::DIRECT_WORDS],
                hls::stream<nnet::array<ap_uint<CFG::simd>, 1>> &out) {
    typedef gather_geometry<CFG> geo;
    static const unsigned C = geo::C, SIMD = geo::SIMD, S = geo::S, WORDS = 3 * C / SIMD;
#pragma HLS ARRAY_PARTITION variable = bank complete dim = 1
    BCD_PROCESS(CFG::out_name());
    unsigned t = 0, y = 0, x = 0; // word of the pixel, pixel
GatherOut:
    for (unsigned n = 0; n < CFG::height * CFG::width * WORDS; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        ap_uint<SIMD> word;
        if (CFG::interleaved) {
            word.range(S - 1, 0) = direct[((y * CFG::width + x) * (C / S) + t) % geo::DIRECT_WORDS];
            for (unsigned b = 1; b < 3; b++) {
#pragma HLS UNROLL
                word.range(b * S + S - 1, b * S) = gathered_pixel<CFG>(bank, b, y, x).range(t * S + S - 1, t * S);
            }
        } else {
            const unsigned b = t / (C / SIMD), off = (t % (C / SIMD)) * SIMD;
            word = gathered_pixel<CFG>(bank, b, y, x).range(off + SIMD - 1, off);
        }
        out.write(bit_word<SIMD>(word));
        if (++t == WORDS) {
            t = 0;
            if (++x == CFG::width) {
                x = 0;
                y++;
            }
        }
    }
}

// The whole ShiftBlock matrix unit: gather_in -> bank -> gather_out -> 3-branch MVAU (no padding, so
// no valid mask). Under synthesis the bank is a ping-pong buffer between the two gather processes;
// C simulation runs one frame per call, so one static bank serves.
template <class GATHER_CFG, class CFG, class STAGE, class P0, class P1>
void shift_mlp(hls::stream<nnet::array<ap_uint<GATHER_CFG::in_lanes>, 1>> &in,
               hls::stream<typename mvau_output<STAGE, typename CFG::out_t, CFG::pe>::type> &out,
               const ap_uint<CFG::weight_word_bits> weights[weight_tiles<CFG>::WORDS], const P0 p0[], const P1 p1[]) {
#pragma HLS DATAFLOW
    typedef gather_geometry<GATHER_CFG> geo;
    static_assert(GATHER_CFG::simd == CFG::simd && CFG::branches == 3 && !CFG::has_valid,
                  "the gather feeds a 3-branch MVAU of the same SIMD");
    static_assert(GATHER_CFG::interleaved == CFG::interleaved, "gather and MVAU agree on the word order");
#ifdef __SYNTHESIS__
    typename geo::chunk_t bank[4][GATHER_CFG::height * GATHER_CFG::width];
    typename geo::direct_t direct[geo::DIRECT_WORDS];
#else
    static typename geo::chunk_t bank[4][GATHER_CFG::height * GATHER_CFG::width];
    static typename geo::direct_t direct[geo::DIRECT_WORDS];
#endif
    hls::stream<nnet::array<ap_uint<CFG::simd>, 1>> words(BCD_STREAM_NAME(CFG::name(), "words"));
#pragma HLS STREAM variable = words depth = 2
    BCD_FIFO_DEPTH(words, 2);
    BCD_SPAWN(gather_in<GATHER_CFG>(in, bank, direct); gather_out<GATHER_CFG>(bank, direct, words));
    BCD_SPAWN(mvau<CFG, STAGE>(words, out, weights, p0, p1));
    BCD_DATAFLOW_END();
}

} // namespace bcd

#endif
