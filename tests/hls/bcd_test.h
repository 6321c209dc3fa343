// Test harness of the bcdsim kernel library: streams from and to text files of integers.
//
// pytest (tests/test_hls_kernels.py) writes, per case, the inputs as flat integers in stream
// order (fixed point as mantissas, bits as 0/1), generates cases.inc (config structs, constants
// and the kernel call, from the same emitters and templates as the HLS backend), compiles one
// test program per kernel family and compares the outputs with bcdsim's numpy hw kernels, and
// the counted cycles of every process with the contract's formulas (bcdsim.design.cycles).
#ifndef BCD_TEST_H_
#define BCD_TEST_H_

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bcd_common.h"
#include "bcd_ddr.h"

namespace bcdtest {

inline std::vector<long long> read_ints(const std::string &path) {
    std::ifstream f(path.c_str());
    if (!f) {
        std::cerr << "cannot read " << path << std::endl;
        std::exit(2);
    }
    std::vector<long long> v;
    long long x;
    while (f >> x)
        v.push_back(x);
    return v;
}

inline void write_ints(const std::string &path, const std::vector<long long> &v) {
    std::ofstream f(path.c_str());
    for (size_t i = 0; i < v.size(); i++)
        f << v[i] << (i + 1 == v.size() ? "\n" : " ");
}

// Element <-> integer: mantissa of fixed point, value of integers.
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> void set(ap_fixed<W, I, Q, O, N> &x, long long m) {
    x.range() = ap_int<W>(m).range();
}
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N> long long get(const ap_fixed<W, I, Q, O, N> &x) {
    return bcd::mantissa(x).to_int64();
}
template <int W> void set(ap_int<W> &x, long long m) { x = m; }
template <int W> long long get(const ap_int<W> &x) { return x.to_int64(); }

// Element streams: N values per word.
template <class T, unsigned N> void feed(hls::stream<nnet::array<T, N>> &s, const std::vector<long long> &v) {
    for (size_t i = 0; i < v.size(); i += N) {
        nnet::array<T, N> w;
        for (unsigned j = 0; j < N; j++)
            set(w[j], v[i + j]);
        s.write(w);
    }
}
template <class T, unsigned N> std::vector<long long> drain(hls::stream<nnet::array<T, N>> &s) {
    std::vector<long long> v;
    while (!s.empty()) {
        nnet::array<T, N> w = s.read();
        for (unsigned j = 0; j < N; j++)
            v.push_back(get(w[j]));
    }
    return v;
}

// Packed bit streams: L bits per word, bit j = element j.
template <int L> void feed(hls::stream<nnet::array<ap_uint<L>, 1>> &s, const std::vector<long long> &v) {
    for (size_t i = 0; i < v.size(); i += L) {
        ap_uint<L> b = 0;
        for (int j = 0; j < L; j++)
            b[j] = v[i + j] != 0;
        s.write(bcd::bit_word<L>(b));
    }
}
template <int L> std::vector<long long> drain(hls::stream<nnet::array<ap_uint<L>, 1>> &s) {
    std::vector<long long> v;
    while (!s.empty()) {
        ap_uint<L> b = s.read()[0];
        for (int j = 0; j < L; j++)
            v.push_back(b[j]);
    }
    return v;
}

// A case's DDR buffer: `beats` beats of 512 bits, the first from the image file (bcd_ddr.h layout).
inline std::vector<bcd::ddr_word> read_ddr(const std::string &path, unsigned long beats) {
    std::vector<bcd::ddr_word> image(beats ? beats : 1, bcd::ddr_word(0));
    std::ifstream f(path.c_str(), std::ios::binary);
    unsigned char bytes[64];
    for (unsigned long i = 0; i < beats && f.read(reinterpret_cast<char *>(bytes), 64); i++)
        for (int k = 0; k < 64; k++)
            image[i].range(8 * k + 7, 8 * k) = bytes[k];
    return image;
}

// Runs one case on the inputs under dir; its counted cycles per process go to dir/cycles.json.
inline void run_case(const std::string &dir, void (*run)(const std::string &)) {
    bcd::cycles::reset();
    run(dir);
    std::ofstream f((dir + "/cycles.json").c_str());
    f << bcd::cycles::json() << "\n";
}

} // namespace bcdtest

#endif
