// bcdsim HLS kernel library: the C simulation's weight loader.
//
// hls4ml's load_weights_from_txt exits the process when a weights/*.txt file is missing (killing
// `bcdsim csim` with the message lost) and writes past the array when a file holds too many values.
// This one reads at most SIZE values of at most BCD_MAX_TOKEN characters each and reports the first
// problem in weights_status(): `bcdsim csim` sets `quiet` and turns the message into one line, exit
// 2 (bcdsim_weights_error() in the top .cpp); elsewhere (the Vitis HLS testbench) it prints the
// message and exits 1, as hls4ml did. Synthesis uses the weights/*.h constants and never runs it.
#ifndef BCD_WEIGHTS_H_
#define BCD_WEIGHTS_H_

#ifndef __SYNTHESIS__
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#ifndef WEIGHTS_DIR
#define WEIGHTS_DIR "weights" // as hls4ml's nnet_helpers.h (build_lib.sh passes the project's)
#endif

namespace bcd {

static const std::size_t BCD_MAX_TOKEN = 128; // a 400-bit integer in decimal; hls4ml writes far less

struct WeightsStatus {
    std::string error; // the first problem, "" while every file loaded
    bool quiet;        // the caller reads `error`: do not print, do not exit
};

inline WeightsStatus &weights_status() {
    static WeightsStatus s = {"", false};
    return s;
}

inline void weights_failed(const std::string &message) {
    WeightsStatus &s = weights_status();
    if (s.error.empty())
        s.error = message;
    if (!s.quiet) {
        std::cerr << "ERROR: " << message << std::endl;
        std::exit(1);
    }
}

inline std::string weights_count(std::size_t n) {
    std::ostringstream o;
    o << n;
    return o.str();
}

// One comma-separated value of `in` (surrounding whitespace dropped); false at the end of the
// file. A value longer than BCD_MAX_TOKEN is returned cut, and then fails the number check.
inline bool next_weight(std::istream &in, std::string &token) {
    token.clear();
    bool any = false;
    char c;
    while (in.get(c)) {
        any = true;
        if (c == ',')
            break;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (token.size() <= BCD_MAX_TOKEN)
            token += c;
    }
    return any;
}

template <class T, std::size_t SIZE> void load_weights_txt(T *w, const char *fname) {
    const std::string path = std::string(WEIGHTS_DIR) + "/" + fname;
    std::ifstream in(path.c_str(), std::ios::binary);
    if (!in) {
        weights_failed("weights file " + path + " cannot be read (missing?)");
        return;
    }
    std::string token;
    std::size_t n = 0;
    while (next_weight(in, token)) {
        if (token.empty() && !in)
            break; // whitespace after the last value
        if (n == SIZE) {
            weights_failed("weights file " + path + " holds more than the " + weights_count(SIZE) + " values expected");
            return;
        }
        if (token.empty() || token.size() > BCD_MAX_TOKEN || token.find_first_not_of("0123456789+-.eE") != std::string::npos) {
            weights_failed("weights file " + path + ": value " + weights_count(n + 1) + " is not a number");
            return;
        }
        std::istringstream(token) >> w[n++];
    }
    if (n != SIZE)
        weights_failed("weights file " + path + " holds " + weights_count(n) + " values, expected " + weights_count(SIZE) +
                       " (truncated?)");
}

} // namespace bcd
#endif

#endif
