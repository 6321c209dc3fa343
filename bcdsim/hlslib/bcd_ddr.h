// bcdsim HLS kernel library: memories in DDR (docs/hardware_units.md §7).
//
// Every DDR-placed memory of the design sits in one buffer the top reaches through one m_axi
// bundle: ddr_word beats of 512 bits, each memory in a region of its own (the generator lays them
// out; weights and run-time-loaded URAM weights come from the project's DDR image file, which the
// C-simulation test bench reads too). A word of W bits takes ceil(W/512) consecutive beats.
// - ddr_stream: a DDR weight memory read in order, once per frame, into a FIFO (the streamer
//   that feeds a vector unit or a tile-schedule MVAU);
// - ddr_fifo_write / ddr_fifo_read: a deep FIFO written to and read back from a DDR ring buffer,
//   one token per word on an on-chip FIFO of the design's depth telling the reader a word landed;
// - load_words: URAM weights copied from DDR at start-up (URAM is not initialised by the bitstream).
// The processes here are no units of the design: their counters are named <unit>__ddr and
// <stream>__ddr_write / __ddr_read, and `bcdsim csim --cycles` lists them apart.
#ifndef BCD_DDR_H_
#define BCD_DDR_H_

#include "bcd_common.h"

namespace bcd {

static const int DDR_BEAT_BITS = 512;
typedef ap_uint<DDR_BEAT_BITS> ddr_word;

template <int W> struct ddr_beats { static const unsigned value = (W + DDR_BEAT_BITS - 1) / DDR_BEAT_BITS; };

// The raw bits of a stream word (nnet::array of fixed point, integers or packed bits) and back.
template <class E> struct element_bits;
template <int W> struct element_bits<ap_uint<W>> {
    static ap_uint<W> get(const ap_uint<W> &x) { return x; }
    static ap_uint<W> set(const ap_uint<W> &b) { return b; }
};
template <int W> struct element_bits<ap_int<W>> {
    static ap_uint<W> get(const ap_int<W> &x) { return ap_uint<W>(x.range()); }
    static ap_int<W> set(const ap_uint<W> &b) {
        ap_int<W> x;
        x.range() = b;
        return x;
    }
};
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> struct element_bits<ap_fixed<W, I, Q, O, N>> {
    static ap_uint<W> get(const ap_fixed<W, I, Q, O, N> &x) { return ap_uint<W>(x.range()); }
    static ap_fixed<W, I, Q, O, N> set(const ap_uint<W> &b) {
        ap_fixed<W, I, Q, O, N> x;
        x.range() = b;
        return x;
    }
};
template <class T> struct raw;
template <class E, unsigned N> struct raw<nnet::array<E, N>> {
    static const int EB = width_of<E>::bits, bits = int(N) * EB;
    typedef ap_uint<bits> type;
    static type get(const nnet::array<E, N> &w) {
#pragma HLS INLINE
        type b = 0;
        for (unsigned j = 0; j < N; j++) {
#pragma HLS UNROLL
            b.range(j * EB + EB - 1, j * EB) = element_bits<E>::get(w[j]);
        }
        return b;
    }
    static nnet::array<E, N> set(const type &b) {
#pragma HLS INLINE
        nnet::array<E, N> w;
        for (unsigned j = 0; j < N; j++) {
#pragma HLS UNROLL
            w[j] = element_bits<E>::set(ap_uint<EB>(b.range(j * EB + EB - 1, j * EB)));
        }
        return w;
    }
};

// One W-bit word at beat `at` (W > 512: the next beats hold its higher bits).
template <int W> ap_uint<W> ddr_load(const ddr_word *ddr, unsigned long at) {
#pragma HLS INLINE
    ap_uint<W> w = 0;
    for (unsigned b = 0; b < ddr_beats<W>::value; b++) {
#pragma HLS UNROLL
        const int lo = b * DDR_BEAT_BITS, hi = lo + DDR_BEAT_BITS - 1 < W - 1 ? lo + DDR_BEAT_BITS - 1 : W - 1;
        w.range(hi, lo) = ddr[at + b].range(hi - lo, 0);
    }
    return w;
}
template <int W> void ddr_store(ddr_word *ddr, unsigned long at, const ap_uint<W> &w) {
#pragma HLS INLINE
    for (unsigned b = 0; b < ddr_beats<W>::value; b++) {
#pragma HLS UNROLL
        const int lo = b * DDR_BEAT_BITS, hi = lo + DDR_BEAT_BITS - 1 < W - 1 ? lo + DDR_BEAT_BITS - 1 : W - 1;
        ddr_word beat = 0;
        beat.range(hi - lo, 0) = w.range(hi, lo);
        ddr[at + b] = beat;
    }
}

// A DDR weight memory streamed in order, one beat per iteration (a word of B beats every B
// iterations). CFG: offset (beats), words (per frame), word_bits, name().
template <class CFG>
void ddr_stream(const ddr_word *ddr, hls::stream<ap_uint<CFG::word_bits>> &out) {
    static const unsigned B = ddr_beats<CFG::word_bits>::value, W = CFG::word_bits;
    static_assert(check_int<W>::ok, "");
    BCD_PROCESS(CFG::name());
    ddr_word beats[B]; // the word being read
#pragma HLS ARRAY_PARTITION variable = beats complete
    unsigned b = 0;
DdrStream:
    for (unsigned n = 0; n < CFG::words * B; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        beats[b] = ddr[CFG::offset + n];
        if (b == B - 1) {
            ap_uint<W> word;
            for (unsigned k = 0; k < B; k++) {
#pragma HLS UNROLL
                const int lo = k * DDR_BEAT_BITS, hi = lo + DDR_BEAT_BITS - 1 < int(W) - 1 ? lo + DDR_BEAT_BITS - 1 : int(W) - 1;
                word.range(hi, lo) = beats[k].range(hi - lo, 0);
            }
            out.write(word);
            b = 0;
        } else {
            b++;
        }
    }
}

// Start-up copy of N weights of type T (WB bits, packed floor(512/WB) to a beat) into an on-chip
// memory: URAM weights. It runs once, before the first frame (its counter, `name`, is no unit's).
template <class T, unsigned N> void load_words(const ddr_word *ddr, unsigned long offset, T dst[N], const char *name) {
    static const int WB = width_of<T>::bits;
    static const unsigned PER = DDR_BEAT_BITS / WB;
    static_assert(WB <= DDR_BEAT_BITS, "a loaded word fits one beat");
    BCD_PROCESS(name);
    (void)name;
LoadWords:
    for (unsigned i = 0; i < N; i++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const ddr_word beat = ddr[offset + i / PER];
        const unsigned k = i % PER;
        dst[i] = element_bits<T>::set(ap_uint<WB>(beat.range(k * WB + WB - 1, k * WB)));
    }
}

// A FIFO in DDR: a ring buffer of RING words. The writer stores each word, then hands a token
// to the reader, which loads the word once it has the token; tokens travel through an on-chip
// FIFO of the design's depth D, so at most D words are outstanding. The ring has D + 2 slots: a
// slot is rewritten only after the reader has taken the token of the word after it, i.e. after
// it loaded the slot (bcd_fifo's threads interleave anywhere). Plain C simulation runs the writer
// to the end of the frame before the reader starts, so there the ring holds a whole frame.
// CFG: offset (beats), depth (D), words (per frame), name() (the stream), write_name(), read_name().
template <class CFG> struct ddr_fifo_geometry {
#if defined(__SYNTHESIS__) || defined(BCD_BOUNDED_FIFOS)
    static const unsigned RING = CFG::depth + 2;
#else
    static const unsigned RING = CFG::words > CFG::depth + 2 ? CFG::words : CFG::depth + 2;
#endif
};

template <class CFG, class T> void ddr_fifo_write(hls::stream<T> &in, ddr_word *ddr, hls::stream<ap_uint<1>> &tokens) {
    static const unsigned RING = ddr_fifo_geometry<CFG>::RING, B = ddr_beats<raw<T>::bits>::value;
    BCD_PROCESS(CFG::write_name());
    unsigned slot = 0;
DdrFifoWrite:
    for (unsigned n = 0; n < CFG::words; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        ddr_store<raw<T>::bits>(ddr, CFG::offset + (unsigned long)slot * B, raw<T>::get(in.read()));
        tokens.write(1);
        slot = slot == RING - 1 ? 0 : slot + 1;
    }
}

template <class CFG, class T> void ddr_fifo_read(hls::stream<ap_uint<1>> &tokens, const ddr_word *ddr, hls::stream<T> &out) {
    static const unsigned RING = ddr_fifo_geometry<CFG>::RING, B = ddr_beats<raw<T>::bits>::value;
    BCD_PROCESS(CFG::read_name());
    unsigned slot = 0;
DdrFifoRead:
    for (unsigned n = 0; n < CFG::words; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        tokens.read();
        out.write(raw<T>::set(ddr_load<raw<T>::bits>(ddr, CFG::offset + (unsigned long)slot * B)));
        slot = slot == RING - 1 ? 0 : slot + 1;
    }
}

} // namespace bcd

// --- the C simulation's DDR image ------------------------------------------------------------------
#ifndef __SYNTHESIS__
#include <fstream>
#include <vector>

namespace bcd {
// The project's DDR image (weights and URAM weights; banks and FIFOs follow, zeroed), read once
// from `path` and extended to `beats` beats; a missing or short file is reported through
// weights_status() as the weight files are (bcd_weights.h).
inline ddr_word *ddr_image(const char *path, unsigned long beats, unsigned long file_beats) {
    static std::vector<ddr_word> image;
    if (!image.empty())
        return &image[0];
    image.assign(beats ? beats : 1, ddr_word(0));
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        weights_failed(std::string("DDR image ") + path + " cannot be read (missing?)");
        return &image[0];
    }
    unsigned char bytes[DDR_BEAT_BITS / 8];
    for (unsigned long i = 0; i < file_beats; i++) {
        if (!in.read(reinterpret_cast<char *>(bytes), sizeof(bytes))) {
            weights_failed(std::string("DDR image ") + path + " holds fewer beats than expected (truncated?)");
            return &image[0];
        }
        for (int k = 0; k < DDR_BEAT_BITS / 8; k++)
            image[i].range(8 * k + 7, 8 * k) = bytes[k];
    }
    if (in.peek() != std::char_traits<char>::eof())
        weights_failed(std::string("DDR image ") + path + " holds more than the expected beats");
    return &image[0];
}
} // namespace bcd
#endif

#endif
