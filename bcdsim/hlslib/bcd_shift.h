// bcdsim HLS kernel library: the frame bank of BCDNet's shift-MLP (a ShiftBlock as one XNOR unit
// over 3C inputs, docs/hardware_units.md §4 "gather_in / gather_out").
//
// The MVAU's input vector at pixel (y, x) is (a, Shift(a), GlobalShift(a)) at (y, x), source-major:
// all C/SIMD words of a, then of Shift(a), then of GlobalShift(a). A shift splits the channels
// into 4 chunks, rolled circularly like torch.roll:
//   chunk 0 out[y] = in[y - sh], chunk 1 out[y] = in[y + sh], chunk 2 out[x] = in[x - sw],
//   chunk 3 out[x] = in[x + sw]   (all mod H or W),
// so any pixel can be read: the whole binary map is banked. SIMD divides C/4, so every word lies
// within one chunk of one (shifted) pixel: one bank read per word.
// - gather_in reads one SIMD-bit word per iteration into the bank (H*W*C/SIMD iterations);
// - gather_out then writes one word per iteration (H*W*3C/SIMD; pixel-major), while gather_in
//   fills the other bank (the bank is a ping-pong channel). In the tile schedule (weights from
//   DDR) it replays the frame NF times in (nf, sf, p) order instead.
#ifndef BCD_SHIFT_H_
#define BCD_SHIFT_H_

#include "bcd_common.h"

namespace bcd {

// CFG: channels, height, width, simd, shift_h, shift_w (local), global_h, global_w, repeats (NF of
// the tile schedule, 1 otherwise), tile (fold-major order), in_name(), name() (gather_out).
template <class CFG> struct gather_geometry {
    static const unsigned C = CFG::channels, H = CFG::height, W = CFG::width, Q = C / 4, SIMD = CFG::simd;
    static const unsigned WPP = C / SIMD, WORDS = H * W * WPP; // bank words per pixel, per frame
    static_assert(C % 4 == 0 && Q % SIMD == 0, "SIMD divides a shift chunk (C/4)");
    static_assert(check_int<SIMD>::ok, "");
    typedef ap_uint<SIMD> word_t;
};

template <class CFG>
void gather_in(hls::stream<nnet::array<ap_uint<CFG::simd>, 1>> &in,
               typename gather_geometry<CFG>::word_t bank[gather_geometry<CFG>::WORDS]) {
    typedef gather_geometry<CFG> geo;
    BCD_PROCESS(CFG::in_name());
GatherIn:
    for (unsigned n = 0; n < geo::WORDS; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        bank[n] = bits_of<CFG::simd>(in.read());
    }
}

// Bank address of word t (of 3C/SIMD) of pixel (y, x): source b = t / WPP, the word's chunk q
// rolled by the source's shift.
template <class CFG> unsigned gathered_word(unsigned t, unsigned y, unsigned x) {
#pragma HLS INLINE
    typedef gather_geometry<CFG> geo;
    static const unsigned H = CFG::height, W = CFG::width, WPP = geo::WPP;
    const unsigned b = t / WPP, w = t % WPP, q = w / (geo::Q / CFG::simd);
    const unsigned sh = b == 0 ? 0 : (b == 1 ? CFG::shift_h : CFG::global_h) % H;
    const unsigned sw = b == 0 ? 0 : (b == 1 ? CFG::shift_w : CFG::global_w) % W;
    unsigned yy = y, xx = x;
    if (q == 0)
        yy = y >= sh ? y - sh : y + H - sh;
    else if (q == 1)
        yy = y + sh < H ? y + sh : y + sh - H;
    else if (q == 2)
        xx = x >= sw ? x - sw : x + W - sw;
    else
        xx = x + sw < W ? x + sw : x + sw - W;
    return (yy * W + xx) * WPP + w;
}

template <class CFG>
void gather_out(const typename gather_geometry<CFG>::word_t bank[gather_geometry<CFG>::WORDS],
                hls::stream<nnet::array<ap_uint<CFG::simd>, 1>> &out) {
    typedef gather_geometry<CFG> geo;
    static const unsigned T = 3 * geo::WPP, PIXELS = CFG::height * CFG::width;
    BCD_PROCESS(CFG::name());
    unsigned t = 0, y = 0, x = 0; // word of the pixel's vector, pixel
GatherOut:
    for (unsigned n = 0; n < CFG::repeats * PIXELS * T; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        out.write(bit_word<CFG::simd>(bank[gathered_word<CFG>(t, y, x)]));
        bool pixel_done;
        if (CFG::tile) { // (nf, sf, p): the pixel runs fastest
            pixel_done = ++x == CFG::width && ++y == CFG::height;
            if (x == CFG::width)
                x = 0;
            if (y == CFG::height)
                y = 0;
            if (pixel_done)
                t = t == T - 1 ? 0 : t + 1;
        } else { // pixel-major
            if (++t == T) {
                t = 0;
                if (++x == CFG::width) {
                    x = 0;
                    y = y == CFG::height - 1 ? 0 : y + 1;
                }
            }
        }
    }
}

} // namespace bcd

#endif
