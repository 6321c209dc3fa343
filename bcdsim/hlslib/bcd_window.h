// bcdsim HLS kernel library: the sliding-window unit (docs/hardware_units.md §4 "window").
//
// Per output pixel the unit emits the K*K*C window elements in window order (ky, kx, c), SIMD
// elements per word: word t holds flat positions [t*SIMD, (t+1)*SIMD). SIMD divides C (a word lies
// within one kernel position) or is C*d with d | K*K (d whole positions). A grouped window (for a
// grouped fixed-point conv, SIMD | C/G) emits group-major order (g, ky, kx, c in g), so that each
// group's slice is contiguous for the matrix unit.
// - bipolar maps: each word carries SIMD bits and SIMD valid bits, 0 where the window hangs over
//   the zero padding (a +-1 bit cannot express 0; the XNOR unit counts only valid positions);
// - fixed-point maps: SIMD values, 0 for the padding.
//
// Schedule (the contract): R = W*C/IL reads per input row, Wr = OW*K*K*C/SIMD writes per output
// row, need(oy) = min(H, oy*S - P + K). Fill: need(0)*R iterations reading one word each; then
// per output row oy a block of max(Wr, (need(oy+1) - need(oy))*R) iterations, iteration i writing
// window word i (i < Wr) and reading the next input word (for the rows the next output row needs;
// after the last output row, the remaining rows, which nobody uses). Rows live in a K+S row line
// buffer (all H rows when the map has fewer): the S rows read while a row is emitted never
// overwrite its K rows. One pipelined loop.
#ifndef BCD_WINDOW_H_
#define BCD_WINDOW_H_

#include "bcd_common.h"

namespace bcd {

// Geometry and iteration count of a window (also used by pool).
template <unsigned H, unsigned W, unsigned K, unsigned S, unsigned P> struct window_geometry {
    static_assert(H + 2 * P >= K && W + 2 * P >= K, "the window must fit the padded map");
    static_assert(P < K && S >= 1, "padding below the kernel size, stride at least 1");
    static const unsigned out_height = (H + 2 * P - K) / S + 1;
    static const unsigned out_width = (W + 2 * P - K) / S + 1;
    // input rows that must have been read before output row oy (need(out_height) = H)
    static constexpr unsigned need(unsigned oy) { return oy * S + K - P < H ? oy * S + K - P : H; }
    static constexpr unsigned block(unsigned oy, unsigned reads, unsigned writes) {
        return (need(oy + 1) - need(oy)) * reads > writes ? (need(oy + 1) - need(oy)) * reads : writes;
    }
    static constexpr unsigned blocks(unsigned oy, unsigned reads, unsigned writes) {
        return oy == out_height ? 0 : block(oy, reads, writes) + blocks(oy + 1, reads, writes);
    }
    // cycles per frame: fill + one block per output row (bcdsim.design.cycles.window_cycles)
    static constexpr unsigned cycles(unsigned reads, unsigned writes) {
        return need(0) * reads + blocks(0, reads, writes);
    }
};

// A window word: SIMD values, or SIMD bits in [SIMD-1:0] and their valid mask in [2*SIMD-1:SIMD].
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
template <class E, unsigned SIMD> struct window_out {
    typedef nnet::array<E, SIMD> type;
    static type make(const type &values, const ap_uint<SIMD> &) { return values; }
};
template <unsigned SIMD> struct window_out<bit_t, SIMD> {
    typedef typename window_word<SIMD>::type type;
    static type make(const ap_uint<SIMD> &bits, const ap_uint<SIMD> &valid) {
#pragma HLS INLINE
        return window_word<SIMD>::make(bits, valid);
    }
};

// Input word w of a pixel (IL elements) into the pixel's line-buffer chunks (CH elements each):
// one chunk, a part of one (assembled over CH/IL words), or IL/CH whole chunks.
template <class E, unsigned IL, unsigned CH, int MODE = (IL == CH ? 0 : (IL < CH ? 1 : 2))> struct line_store;
template <class E, unsigned IL, unsigned CH> struct line_store<E, IL, CH, 0> {
    template <class T, unsigned CPP>
    static void put(T (&pixel)[CPP], T &, unsigned w, const typename pack<E, IL>::type &x) {
#pragma HLS INLINE
        pixel[w] = x;
    }
};
template <class E, unsigned IL, unsigned CH> struct line_store<E, IL, CH, 1> {
    template <class T, unsigned CPP>
    static void put(T (&pixel)[CPP], T &assembled, unsigned w, const typename pack<E, IL>::type &x) {
#pragma HLS INLINE
        pack<E, IL>::place(assembled, (w % (CH / IL)) * IL, x);
        if (w % (CH / IL) == CH / IL - 1)
            pixel[w / (CH / IL)] = assembled;
    }
};
template <class E, unsigned IL, unsigned CH> struct line_store<E, IL, CH, 2> {
    template <class T, unsigned CPP>
    static void put(T (&pixel)[CPP], T &, unsigned w, const typename pack<E, IL>::type &x) {
#pragma HLS INLINE
        for (unsigned k = 0; k < IL / CH; k++) {
#pragma HLS UNROLL
            pixel[w * (IL / CH) + k] = pack<E, CH>::slice(x, k * CH);
        }
    }
};

// The line buffer: SLOTS = min(H, K+S) rows of W pixels, each C/CH chunks of CH = min(SIMD, C)
// elements. The generator declares it in the dataflow top and binds it where the design places
// the window's "lines" memory; with SIMD = C*d (d kernel positions per word) it partitions the
// slots completely and the columns cyclically by min(K, W), so that the d reads of one iteration
// hit distinct banks (bcdsim.design.memories.window lists the same banks).
template <class CFG, class E> struct window_lines {
    static const unsigned C = CFG::channels, SIMD = CFG::simd;
    static const unsigned CH = SIMD < C ? SIMD : C, CPP = C / CH;
    static const unsigned SLOTS = CFG::height < CFG::kernel + CFG::stride ? CFG::height : CFG::kernel + CFG::stride;
    typedef typename pack<E, CH>::type chunk_t;
};

// CFG: channels, height, width, kernel, stride, pad, in_lanes, simd, groups, name().
// E: bit_t for a bipolar map, the value type for a fixed-point map.
template <class CFG, class E>
void window(hls::stream<typename pack<E, CFG::in_lanes>::word> &in, hls::stream<typename window_out<E, CFG::simd>::type> &out,
            typename window_lines<CFG, E>::chunk_t lines[window_lines<CFG, E>::SLOTS][CFG::width][window_lines<CFG, E>::CPP]) {
    static const unsigned C = CFG::channels, H = CFG::height, W = CFG::width, K = CFG::kernel, S = CFG::stride;
    static const unsigned P = CFG::pad, IL = CFG::in_lanes, SIMD = CFG::simd, G = CFG::groups, CG = C / G;
    typedef window_geometry<H, W, K, S, P> geo;
    typedef window_lines<CFG, E> buf;
    static const unsigned CH = buf::CH, CWG = CG / CH; // chunk elements, chunks per pixel and group
    static const unsigned D = SIMD / CH;                               // kernel positions per window word
    static const unsigned SLOTS = buf::SLOTS;                          // line-buffer rows
    static const unsigned R = W * C / IL, WR = geo::out_width * (K * K * C / SIMD);
    static const unsigned TOTAL = geo::cycles(R, WR);
    static_assert(C % G == 0 && C % IL == 0, "groups and input lanes divide the channels");
    static_assert(G == 1 ? (C % SIMD == 0 || (SIMD % C == 0 && (K * K) % (SIMD / C) == 0)) : CG % SIMD == 0,
                  "SIMD divides C (or C/G of a grouped window), or is C times a divisor of K*K");
    static_assert(IL % CH == 0 || CH % IL == 0, "input lanes and min(SIMD, C) divide one another");
    static_assert(check_word<typename pack<E, IL>::word>::ok && check_word<typename window_out<E, SIMD>::type>::ok, "");
    typedef typename buf::chunk_t chunk_t;
    chunk_t assembled = pack<E, CH>::zero(); // IL < CH: the chunk being assembled

    BCD_PROCESS(CFG::name());
    unsigned i = 0, len = geo::need(0) * R, reads = len; // iteration in the fill / block, its sizes
    bool emitting = false;
    unsigned oy = 0, top_slot = (SLOTS - P % SLOTS) % SLOTS; // output row; line-buffer slot of its first window row
    unsigned in_slot = 0, in_x = 0, in_w = 0;  // input: slot of the row, pixel, word in the pixel
    unsigned ox = 0, g = 0, pos = 0, cw = 0;   // window word: pixel, group, kernel position, chunk
WindowIterations:
    for (unsigned n = 0; n < TOTAL; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        if (i < reads) {
            line_store<E, IL, CH>::put(lines[in_slot][in_x], assembled, in_w, pack<E, IL>::of(in.read()));
            if (++in_w == C / IL) {
                in_w = 0;
                if (++in_x == W) {
                    in_x = 0;
                    in_slot = in_slot == SLOTS - 1 ? 0 : in_slot + 1;
                }
            }
        }
        if (emitting && i < WR) {
            typename pack<E, SIMD>::type values = pack<E, SIMD>::zero();
            ap_uint<SIMD> valid = 0;
            for (unsigned seg = 0; seg < D; seg++) {
#pragma HLS UNROLL
                const unsigned q = pos + seg, ky = q / K, kx = q % K;
                const int iy = int(oy * S + ky) - int(P), ix = int(ox * S + kx) - int(P);
                if (iy >= 0 && iy < int(H) && ix >= 0 && ix < int(W)) {
                    const unsigned slot = (top_slot + ky) % SLOTS; // a constant modulus: a small mux
                    pack<E, CH>::place(values, seg * CH, lines[slot][ix][g * CWG + cw]);
                    valid.range(seg * CH + CH - 1, seg * CH) = ones<CH>();
                }
            }
            out.write(window_out<E, SIMD>::make(values, valid));
            if (++cw == CWG) {
                cw = 0;
                pos += D;
                if (pos == K * K) {
                    pos = 0;
                    if (++g == G) {
                        g = 0;
                        ox++;
                    }
                }
            }
        }
        if (++i == len) { // the fill or an output row's block ends
            i = 0;
            if (emitting) {
                oy++;
                top_slot = (top_slot + S) % SLOTS;
            }
            emitting = true;
            ox = 0;
            reads = (geo::need(oy + 1) - geo::need(oy)) * R;
            len = reads > WR ? reads : WR;
        }
    }
}

} // namespace bcd

#endif
