// bcdsim HLS kernel library: shared helpers (DESIGN.md §5, §8.8).
//
// Stream conventions (every kernel follows them, the backend inserts converters between them):
// - a real-valued map is a stream of nnet::array<T, L> words, pixels in row-major order and, per
//   pixel, C/L words in channel order (L = lanes, L | C); a vector is one "pixel" of C channels;
// - a bipolar map is a stream of nnet::array<ap_uint<L>, 1> words: bit j of word k of a pixel is
//   channel k*L + j, 1 for +1 (packed: one word per L channels keeps C simulation fast);
// - integer popcounts travel as nnet::array<ap_int<B>, L>.
// Fixed-point types are ap_fixed<W, I, AP_RND, AP_SAT>: every kernel computes exactly in types wide
// enough for the exact result (chosen by the generator) and rounds once, on the final assignment.
// Written for C++11 (Vitis HLS and hls4ml's build_lib.sh).
#ifndef BCD_COMMON_H_
#define BCD_COMMON_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"
#include "nnet_types.h" // hls4ml's stream word (firmware/nnet_utils/)
#include "bcd_weights.h" // the C simulation's bounded weight loader

namespace bcd {

template <int A, int B> struct cmax { static const int value = A > B ? A : B; };
template <int A, int B> struct cmin { static const int value = A < B ? A : B; };

// ceil(log2(n)), for counters and popcount widths
template <unsigned N> struct clog2 { static const int value = 1 + clog2<(N + 1) / 2>::value; };
template <> struct clog2<1> { static const int value = 0; };
template <> struct clog2<0> { static const int value = 0; };

// Number of bits set in x. C simulation uses the CPU instruction on 64-bit slices (ap_uint has no
// popcount); synthesis gets an unrolled adder tree.
template <int N> ap_uint<clog2<N + 1>::value + 1> popcount(const ap_uint<N> &x) {
#pragma HLS INLINE
#if defined(__SYNTHESIS__) || defined(BCD_BITWISE_POPCOUNT)
    ap_uint<clog2<N + 1>::value + 1> count = 0;
PopcountBits:
    for (int i = 0; i < N; i++) {
#pragma HLS UNROLL
        count += x[i];
    }
    return count;
#else
    // the 64-bit words ap_private stores: O(N/64) instead of O((N/64)^2) with range()
    int count = 0;
    const int words = (N + 63) / 64;
    for (int i = 0; i < words; i++) {
        unsigned long long v = (unsigned long long)x.V.get_pVal(i);
        if (i == words - 1 && N % 64)
            v &= (1ULL << (N % 64)) - 1;
        count += __builtin_popcountll(v);
    }
    return count;
#endif
}

// All-ones word of N bits.
template <int N> ap_uint<N> ones() {
#pragma HLS INLINE
    ap_uint<N> w = 0;
    w = ~w;
    return w;
}

// Word of a packed bit stream <-> its payload.
template <int L> ap_uint<L> bits_of(const nnet::array<ap_uint<L>, 1> &w) {
#pragma HLS INLINE
    return w[0];
}
template <int L> nnet::array<ap_uint<L>, 1> bit_word(const ap_uint<L> &b) {
#pragma HLS INLINE
    nnet::array<ap_uint<L>, 1> w;
    w[0] = b;
    return w;
}

// Integer mantissa of a fixed-point value (its raw bits as a signed integer), and back.
template <class T> ap_int<T::width> mantissa(const T &x) {
#pragma HLS INLINE
    ap_int<T::width> m;
    m.range() = x.range();
    return m;
}
template <class T, int W> T from_mantissa(const ap_int<W> &m) {
#pragma HLS INLINE
    T x;
    x.range() = ap_int<T::width>(m).range();
    return x;
}

} // namespace bcd

#endif
