// bcdsim HLS kernel library: forks and lane converters (docs/hardware_units.md §4 "fork", "convert").
#ifndef BCD_STREAM_H_
#define BCD_STREAM_H_

#include "bcd_common.h"

namespace bcd {

template <class T> void write_all(const T &) {}
template <class T, class S, class... R> void write_all(const T &v, S &s, R &...rest) {
#pragma HLS INLINE
    s.write(v);
    write_all(v, rest...);
}

// A stream read by several units: iteration n reads word n and writes it to every output.
// CFG: words, name().
template <class CFG, class T, class... OUT> void dup(hls::stream<T> &in, OUT &...out) {
    static_assert(check_word<T>::ok, "");
    BCD_PROCESS(CFG::name());
DupWords:
    for (unsigned i = 0; i < CFG::words; i++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        T v = in.read();
        write_all(v, out...);
    }
}

// Lane converter, one narrow word per iteration. L1 = r*L2: iteration n writes narrow word n and
// reads wide word n/r when n mod r = 0; L2 = r*L1: iteration n reads narrow word n and writes wide
// word n/r when n mod r = r-1. Lane counts that are no multiple of one another do not occur: the
// design converts them in two steps, through their gcd.
// CFG: channels, pixels, in_lanes, out_lanes, name(). E: bit_t (packed bits) or the value type.
template <class CFG, class E>
void convert_narrow(hls::stream<typename pack<E, CFG::in_lanes>::word> &in,
                    hls::stream<typename pack<E, CFG::out_lanes>::word> &out) {
    static const unsigned IL = CFG::in_lanes, OL = CFG::out_lanes, R = IL / OL;
    static_assert(IL % OL == 0, "narrowing by an integer factor");
    BCD_PROCESS(CFG::name());
    typename pack<E, IL>::type wide = pack<E, IL>::zero();
ConvertNarrow:
    for (unsigned n = 0; n < CFG::pixels * (CFG::channels / OL); n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        if (n % R == 0)
            wide = pack<E, IL>::of(in.read());
        out.write(pack<E, OL>::to_word(pack<E, OL>::slice(wide, (n % R) * OL)));
    }
}

template <class CFG, class E>
void convert_widen(hls::stream<typename pack<E, CFG::in_lanes>::word> &in,
                   hls::stream<typename pack<E, CFG::out_lanes>::word> &out) {
    static const unsigned IL = CFG::in_lanes, OL = CFG::out_lanes, R = OL / IL;
    static_assert(OL % IL == 0, "widening by an integer factor");
    BCD_PROCESS(CFG::name());
    typename pack<E, OL>::type wide = pack<E, OL>::zero();
ConvertWiden:
    for (unsigned n = 0; n < CFG::pixels * (CFG::channels / IL); n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        pack<E, IL>::place(wide, (n % R) * IL, pack<E, IL>::of(in.read()));
        if (n % R == R - 1)
            out.write(pack<E, OL>::to_word(wide));
    }
}

template <class CFG, class E, bool NARROW = (CFG::in_lanes % CFG::out_lanes == 0)> struct converter {
    static void run(hls::stream<typename pack<E, CFG::in_lanes>::word> &in,
                    hls::stream<typename pack<E, CFG::out_lanes>::word> &out) {
#pragma HLS INLINE
        convert_narrow<CFG, E>(in, out);
    }
};
template <class CFG, class E> struct converter<CFG, E, false> {
    static void run(hls::stream<typename pack<E, CFG::in_lanes>::word> &in,
                    hls::stream<typename pack<E, CFG::out_lanes>::word> &out) {
#pragma HLS INLINE
        convert_widen<CFG, E>(in, out);
    }
};

template <class CFG, class E>
void convert(hls::stream<typename pack<E, CFG::in_lanes>::word> &in, hls::stream<typename pack<E, CFG::out_lanes>::word> &out) {
#pragma HLS INLINE
    static_assert(CFG::channels % CFG::in_lanes == 0 && CFG::channels % CFG::out_lanes == 0,
                  "lanes must divide the channels");
    static_assert(CFG::in_lanes % CFG::out_lanes == 0 || CFG::out_lanes % CFG::in_lanes == 0,
                  "a converter changes lanes by an integer factor");
    static_assert(check_word<typename pack<E, CFG::in_lanes>::word>::ok &&
                  check_word<typename pack<E, CFG::out_lanes>::word>::ok, "");
    converter<CFG, E>::run(in, out);
}

// The value and bit forms, for call sites that name the element type.
template <class CFG>
void convert_values(hls::stream<nnet::array<typename CFG::value_t, CFG::in_lanes>> &in,
                    hls::stream<nnet::array<typename CFG::value_t, CFG::out_lanes>> &out) {
#pragma HLS INLINE
    convert<CFG, typename CFG::value_t>(in, out);
}
template <class CFG>
void convert_bits(hls::stream<nnet::array<ap_uint<CFG::in_lanes>, 1>> &in,
                  hls::stream<nnet::array<ap_uint<CFG::out_lanes>, 1>> &out) {
#pragma HLS INLINE
    convert<CFG, bit_t>(in, out);
}

} // namespace bcd

#endif
