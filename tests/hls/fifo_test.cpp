// Test of the bounded-FIFO C simulation (bcdsim/hlslib/bcd_fifo.h), built with
// -DBCD_BOUNDED_FIFOS -include bcd_fifo.h -pthread (tests/test_hls_kernels.py).
//
// A fork sends every word to a branch and to a shortcut; the branch delays by N words (it reads N
// words before its first output, like a window or a frame buffer); a join adds the two. The fork
// writes the branch first, so the shortcut must hold N-1 words: at depth N-2 every process blocks
// (fork on the full shortcut, delay and join on empty streams). The shortcut's depth comes from the
// file named by BCD_FIFO_DEPTHS (looked up by the stream's name).
//   fifo_test fork N WORDS  -> prints "ok" when the sums are right
//   fifo_test root          -> the root thread writes 3 words into a depth-2 stream before any
//                              process runs (the sequential-input deadlock)
#include "bcd_common.h"

#include <cstdlib>
#include <deque>
#include <iostream>
#include <string>

static void fork_words(hls::stream<int> &in, hls::stream<int> &branch, hls::stream<int> &shortcut, int words) {
    for (int i = 0; i < words; i++) {
        const int v = in.read();
        branch.write(v);
        shortcut.write(v);
    }
}

static void delay_words(hls::stream<int> &in, hls::stream<int> &out, int n, int words) {
    std::deque<int> held;
    for (int i = 0; i < words; i++) {
        held.push_back(in.read());
        if (int(held.size()) == n) {
            out.write(held.front() * 10);
            held.pop_front();
        }
    }
    for (; !held.empty(); held.pop_front())
        out.write(held.front() * 10);
}

static void join_words(hls::stream<int> &delayed, hls::stream<int> &shortcut, hls::stream<int> &out, int words) {
    for (int i = 0; i < words; i++)
        out.write(delayed.read() + shortcut.read());
}

int main(int argc, char **argv) {
    if (argc == 2 && std::string(argv[1]) == "root") {
        hls::stream<int> fifo("input_fifo");
        BCD_FIFO_DEPTH(fifo, 2);
        for (int i = 0; i < 3; i++)
            fifo.write(i);
        std::cout << "not reached" << std::endl;
        return 1;
    }
    if (argc != 4 || std::string(argv[1]) != "fork") {
        std::cerr << "usage: " << argv[0] << " fork N WORDS | root" << std::endl;
        return 2;
    }
    const int n = std::atoi(argv[2]), words = std::atoi(argv[3]);
    hls::stream<int> source("source"), sink("sink"); // ports: unbounded
    hls::stream<int> branch("branch"), delayed("delayed"), shortcut("shortcut");
    BCD_FIFO_DEPTH(branch, 2);
    BCD_FIFO_DEPTH(delayed, 2);
    for (int i = 0; i < words; i++)
        source.write(i);
    BCD_SPAWN(fork_words(source, branch, shortcut, words));
    BCD_SPAWN(delay_words(branch, delayed, n, words));
    BCD_SPAWN(join_words(delayed, shortcut, sink, words));
    BCD_DATAFLOW_END();
    for (int i = 0; i < words; i++) {
        const int v = sink.read();
        if (v != 11 * i) {
            std::cerr << "word " << i << ": " << v << ", expected " << 11 * i << std::endl;
            return 1;
        }
    }
    std::cout << "ok" << std::endl;
    return 0;
}
