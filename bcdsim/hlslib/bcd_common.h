// bcdsim HLS kernel library: shared helpers (DESIGN.md §5, §8.8; docs/hardware_units.md).
//
// Stream conventions (every kernel follows them, the design inserts converters between them):
// - a real-valued map is a stream of nnet::array<T, L> words, pixels in row-major order and, per
//   pixel, C/L words in channel order (L = lanes, L | C); a vector is one "pixel" of C channels;
// - a bipolar map is a stream of nnet::array<ap_uint<L>, 1> words: bit j of word k of a pixel is
//   channel k*L + j, 1 for +1 (packed: one word per L channels keeps C simulation fast);
// - integer popcounts travel as nnet::array<ap_int<B>, L>.
// Fixed-point types are ap_fixed<W, I, AP_RND, AP_SAT>: every kernel computes exactly in types wide
// enough for the exact result (chosen by the generator) and rounds once, on the final assignment.
//
// Every kernel runs the schedule of docs/hardware_units.md §4: one pipelined loop body at II = 1
// is one iteration, and BCD_COUNT() in that body counts it in C simulation (see below).
// Written for C++11 (Vitis HLS and hls4ml's build_lib.sh).
#ifndef BCD_COMMON_H_
#define BCD_COMMON_H_

// Vitis HLS accepts ap_int words over 1024 bits only when AP_INT_MAX_W is defined before the first
// ap_int include, and never over 4096. Generated projects define it at the top of their top header;
// this default covers programs whose first ap_int include is this header. The checks below
// (check_word) make sure no kernel instantiates a wider word.
#ifndef AP_INT_MAX_W
#define AP_INT_MAX_W 4096
#endif

#if defined(BCD_BOUNDED_FIFOS) && !defined(BCD_FIFO_H_)
#include "bcd_fifo.h" // the threaded bounded-FIFO C simulation replaces hls::stream
#endif

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"
#include "nnet_types.h" // hls4ml's stream word (firmware/nnet_utils/)
#include "bcd_weights.h" // the C simulation's bounded weight loader

#ifndef __SYNTHESIS__
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#endif

// --- dataflow processes --------------------------------------------------------------------------
// BCD_SPAWN(call) runs one dataflow process. Normally (synthesis, plain C simulation) it is the
// call itself, in program order. In the bounded-FIFO C simulation (-DBCD_BOUNDED_FIFOS, bcd_fifo.h)
// each process runs in its own thread, every stream blocks at its depth, and BCD_DATAFLOW_END()
// joins the region's processes (a stream's destructor does it too).
// BCD_STREAM_NAME(unit, "fifo") names a stream inside a kernel after its unit there (for the
// deadlock report), and is the plain literal elsewhere.
#ifdef BCD_BOUNDED_FIFOS
#define BCD_SPAWN(...) ::bcd::dataflow::spawn([&]() { __VA_ARGS__; })
#define BCD_DATAFLOW_END() ::bcd::dataflow::join()
#define BCD_FIFO_DEPTH(S, D) (S).set_depth(D)
#define BCD_STREAM_NAME(UNIT, NAME) (std::string(UNIT) + "." NAME)
#else
#define BCD_SPAWN(...) __VA_ARGS__
#define BCD_DATAFLOW_END()
#define BCD_FIFO_DEPTH(S, D)
#define BCD_STREAM_NAME(UNIT, NAME) NAME
#endif

// BCD_LOCAL declares a unit's memory in the dataflow top (the generator binds it there with
// BIND_STORAGE): a local channel or buffer under synthesis; static in C simulation, which runs
// one frame per call, so that frame-sized banks stay off the stack.
#ifdef __SYNTHESIS__
#define BCD_LOCAL
#else
#define BCD_LOCAL static
#endif

// --- cycle counting --------------------------------------------------------------------------------
// BCD_PROCESS(name) opens one frame of one dataflow process (a kernel call processes one frame);
// BCD_COUNT() in every pipelined loop body counts one iteration = one cycle at II = 1. The counts
// go to a registry keyed by unit name (bcd::cycles::json(), and bcd_cycles_json() for ctypes).
// Both macros are empty under synthesis.
#ifndef __SYNTHESIS__
namespace bcd {
namespace cycles {

struct stats {
    unsigned long long frames, total, min, max;
};

inline std::mutex &guard() {
    static std::mutex m;
    return m;
}
inline std::map<std::string, stats> &registry() {
    static std::map<std::string, stats> r;
    return r;
}
inline void record(const char *name, unsigned long long n) {
    std::lock_guard<std::mutex> lock(guard());
    std::map<std::string, stats>::iterator it = registry().find(name);
    if (it == registry().end()) {
        stats s = {1, n, n, n};
        registry()[name] = s;
        return;
    }
    stats &s = it->second;
    s.frames++;
    s.total += n;
    s.min = n < s.min ? n : s.min;
    s.max = n > s.max ? n : s.max;
}
inline void reset() {
    std::lock_guard<std::mutex> lock(guard());
    registry().clear();
}
inline std::string quoted(const std::string &s) {
    std::string q = "\"";
    for (size_t i = 0; i < s.size(); i++) {
        if (s[i] == '"' || s[i] == '\\')
            q += '\\';
        q += s[i];
    }
    return q + "\"";
}
// {"unit": {"frames": F, "total": T, "min": per-frame min, "max": per-frame max}, ...}
inline std::string json() {
    std::lock_guard<std::mutex> lock(guard());
    std::ostringstream out;
    out << "{";
    const char *sep = "";
    for (std::map<std::string, stats>::const_iterator it = registry().begin(); it != registry().end(); ++it) {
        const stats &s = it->second;
        out << sep << quoted(it->first) << ": {\"frames\": " << s.frames << ", \"total\": " << s.total
            << ", \"min\": " << s.min << ", \"max\": " << s.max << "}";
        sep = ", ";
    }
    out << "}";
    return out.str();
}

// One frame of one process: the iterations counted until it ends.
class process {
  public:
    explicit process(const char *name) : name_(name), n_(0) {}
    ~process() { record(name_, n_); }
    void tick() { ++n_; }

  private:
    const char *name_;
    unsigned long long n_;
};

} // namespace cycles
} // namespace bcd

// For ctypes (weak: every translation unit that includes the library may define them).
// bcd_cycles_json writes at most size bytes (NUL-terminated); returns the length it needs.
extern "C" __attribute__((weak)) int bcd_cycles_json(char *buf, int size) {
    const std::string s = ::bcd::cycles::json();
    if (buf && size > 0)
        std::snprintf(buf, size, "%s", s.c_str());
    return int(s.size()) + 1;
}
extern "C" __attribute__((weak)) void bcd_cycles_reset() { ::bcd::cycles::reset(); }

#define BCD_PROCESS(NAME) ::bcd::cycles::process bcd_process_cycles_(NAME)
#define BCD_COUNT() bcd_process_cycles_.tick()
#else
#define BCD_PROCESS(NAME)
#define BCD_COUNT()
#endif

namespace bcd {

template <int A, int B> struct cmax { static const int value = A > B ? A : B; };
template <int A, int B> struct cmin { static const int value = A < B ? A : B; };

// ceil(log2(n)), for counters and popcount widths
template <unsigned N> struct clog2 { static const int value = 1 + clog2<(N + 1) / 2>::value; };
template <> struct clog2<1> { static const int value = 0; };
template <> struct clog2<0> { static const int value = 0; };

// --- word widths ---------------------------------------------------------------------------------
// bits: total width of a stream word or element; int_bits: its widest ap_int / ap_uint part (the
// only types AP_INT_MAX_W limits).
template <class T> struct width_of;
template <int W> struct width_of<ap_uint<W>> { static const int bits = W, int_bits = W; };
template <int W> struct width_of<ap_int<W>> { static const int bits = W, int_bits = W; };
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> struct width_of<ap_fixed<W, I, Q, O, N>> {
    static const int bits = W, int_bits = 0;
};
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> struct width_of<ap_ufixed<W, I, Q, O, N>> {
    static const int bits = W, int_bits = 0;
};
template <class T, unsigned N> struct width_of<nnet::array<T, N>> {
    static const int bits = int(N) * width_of<T>::bits, int_bits = width_of<T>::int_bits;
};

// Vitis HLS: no stream word and no ap_int over 4096 bits, and ap_ints over 1024 bits only with
// AP_INT_MAX_W defined before the first ap_int include (ap_types in C simulation accept anything).
static const int MAX_WORD_BITS = 4096;
template <class T> struct check_word {
    static_assert(width_of<T>::bits <= MAX_WORD_BITS, "a stream word is wider than 4096 bits (Vitis HLS limit)");
    static_assert(width_of<T>::int_bits <= AP_INT_MAX_W,
                  "an ap_int word is wider than AP_INT_MAX_W: define AP_INT_MAX_W 4096 before the first ap_int include");
    static const bool ok = true;
};
template <int W> struct check_int : check_word<ap_uint<W>> {};

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

// N elements of a lane word: packed bits (E = bit_t) or an array of values.
struct bit_t {};
template <class E, unsigned N> struct pack {
    typedef nnet::array<E, N> type;
    typedef nnet::array<E, N> word; // its stream word
    static type of(const word &w) { return w; }
    static word to_word(const type &x) { return x; }
    static type zero() {
#pragma HLS INLINE
        type z;
        for (unsigned j = 0; j < N; j++) {
#pragma HLS UNROLL
            z[j] = 0;
        }
        return z;
    }
    template <unsigned M> static void place(nnet::array<E, M> &dst, unsigned at, const type &src) {
#pragma HLS INLINE
        for (unsigned j = 0; j < N; j++) {
#pragma HLS UNROLL
            dst[at + j] = src[j];
        }
    }
    template <unsigned M> static type slice(const nnet::array<E, M> &src, unsigned at) {
#pragma HLS INLINE
        type y;
        for (unsigned j = 0; j < N; j++) {
#pragma HLS UNROLL
            y[j] = src[at + j];
        }
        return y;
    }
};
template <unsigned N> struct pack<bit_t, N> {
    typedef ap_uint<N> type;
    typedef nnet::array<ap_uint<N>, 1> word;
    static type of(const word &w) { return w[0]; }
    static word to_word(const type &x) { return bit_word<N>(x); }
    static type zero() { return 0; }
    template <int M> static void place(ap_uint<M> &dst, unsigned at, const type &src) {
#pragma HLS INLINE
        dst.range(at + N - 1, at) = src;
    }
    template <int M> static type slice(const ap_uint<M> &src, unsigned at) {
#pragma HLS INLINE
        return src.range(at + N - 1, at);
    }
};

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

// 1/n as ap_ufixed<18, 18 - FRAC> from its mantissa (bcdsim.hw.fixed.reciprocal: an 18-bit
// unsigned mantissa, one DSP48 input).
template <unsigned MANT, int FRAC> ap_ufixed<18, 18 - FRAC> reciprocal() {
#pragma HLS INLINE
    ap_ufixed<18, 18 - FRAC> r;
    r.range() = MANT;
    return r;
}

} // namespace bcd

#endif
