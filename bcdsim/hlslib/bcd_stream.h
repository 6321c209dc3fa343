// bcdsim HLS kernel library: stream duplicators and lane converters.
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

// A stream read by several units: each word goes to every output, in order.
template <class T, unsigned WORDS, class... OUT> void dup(hls::stream<T> &in, OUT &...out) {
DupWords:
    for (unsigned i = 0; i < WORDS; i++) {
#pragma HLS PIPELINE II = 1
        T v = in.read();
        write_all(v, out...);
    }
}

// Repack a real-valued map from IN_T::size to OUT_T::size lanes (both divide C): the producer's
// PE and the consumer's lanes differ. One pixel is buffered (read, then written).
template <class IN_T, class OUT_T, unsigned C, unsigned PIXELS>
void convert_values(hls::stream<IN_T> &in, hls::stream<OUT_T> &out) {
    static const unsigned IL = IN_T::size, OL = OUT_T::size, BANKS = cmax<IL, OL>::value;
    static_assert(C % IL == 0 && C % OL == 0, "lanes must divide the channels");
    typename OUT_T::value_type pixel[C];
#pragma HLS ARRAY_PARTITION variable = pixel cyclic factor = BANKS
    (void)BANKS;
ConvertPixels:
    for (unsigned p = 0; p < PIXELS; p++) {
    ConvertRead:
        for (unsigned i = 0; i < C / IL; i++) {
#pragma HLS PIPELINE II = 1
            IN_T w = in.read();
            for (unsigned j = 0; j < IL; j++) {
#pragma HLS UNROLL
                pixel[i * IL + j] = w[j];
            }
        }
    ConvertWrite:
        for (unsigned i = 0; i < C / OL; i++) {
#pragma HLS PIPELINE II = 1
            OUT_T w;
            for (unsigned j = 0; j < OL; j++) {
#pragma HLS UNROLL
                w[j] = pixel[i * OL + j];
            }
            out.write(w);
        }
    }
}

// The same for a packed bit map: ap_uint<IL> words -> ap_uint<OL> words.
template <unsigned IL, unsigned OL, unsigned C, unsigned PIXELS>
void convert_bits(hls::stream<nnet::array<ap_uint<IL>, 1>> &in, hls::stream<nnet::array<ap_uint<OL>, 1>> &out) {
    static_assert(C % IL == 0 && C % OL == 0, "lanes must divide the channels");
    ap_uint<C> pixel = 0;
ConvertBitPixels:
    for (unsigned p = 0; p < PIXELS; p++) {
    ConvertBitRead:
        for (unsigned i = 0; i < C / IL; i++) {
#pragma HLS PIPELINE II = 1
            pixel.range(i * IL + IL - 1, i * IL) = bits_of<IL>(in.read());
        }
    ConvertBitWrite:
        for (unsigned i = 0; i < C / OL; i++) {
#pragma HLS PIPELINE II = 1
            out.write(bit_word<OL>(pixel.range(i * OL + OL - 1, i * OL)));
        }
    }
}

} // namespace bcd

#endif
