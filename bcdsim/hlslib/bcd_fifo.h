// bcdsim HLS kernel library: bounded-FIFO C simulation (DESIGN.md §7, L2; issue 11 item 3).
//
// Plain C simulation runs dataflow processes one after the other over unbounded streams, so a
// FIFO too shallow for the design never shows. This header replaces hls4ml's C-simulation
// hls::stream (compile with -DBCD_BOUNDED_FIFOS -include bcd_fifo.h, before any other include):
// - every dataflow process (BCD_SPAWN in bcd_common.h) runs in its own std::thread;
// - a stream blocks its writer at its depth: set_depth() (BCD_FIFO_DEPTH: the generated top gives
//   every stream the design's depth), unless a depth is registered under the stream's name, which
//   wins (bcd::fifo::set_depth_of, bcd_fifo_depth() for ctypes, or a file "name depth" per line
//   named by the environment variable BCD_FIFO_DEPTHS). Streams without a depth (test bench and
//   top-level ports) are unbounded;
// - a deadlock is found by exact accounting: the threads that can act are the root thread and the
//   running processes, minus those waiting for their children; when all of them are blocked on a
//   full or an empty stream, the run stops with one line on stderr naming the full and the empty
//   streams, and exit code 3.
// One root thread drives the dataflow (the test bench); C simulation runs one frame per call.
#ifndef BCD_FIFO_H_
#define BCD_FIFO_H_

#ifdef __SYNTHESIS__
#error "bcd_fifo.h is the bounded-FIFO C simulation, not synthesizable code"
#endif
#if defined(X_HLS_STREAM_SIM_H) && !defined(BCD_FIFO_STREAM)
#error "hls_stream.h was included first: compile the bounded-FIFO C simulation with -include bcd_fifo.h"
#endif
#define X_HLS_STREAM_SIM_H // hls4ml's C-simulation hls::stream is replaced below
#define BCD_FIFO_STREAM

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#define BCD_DEADLOCK_EXIT 3

namespace bcd {
namespace fifo {

// What the deadlock report needs of every stream (all fields guarded by the monitor's mutex).
class channel {
  public:
    std::string name;
    size_t depth = 0;        // 0: unbounded
    int waiting_readers = 0; // threads blocked on this stream, counted in monitor::blocked
    int waiting_writers = 0;
    unsigned long read_epoch = 0, write_epoch = 0; // advance when a writer / reader releases them
    std::condition_variable not_empty, not_full;
    virtual size_t count() const = 0;
    virtual ~channel() {}
};

struct monitor {
    std::mutex m;
    int active = 1;  // threads that can act: the root, plus running processes, minus joining ones
    int blocked = 0; // of those, blocked on a stream
    std::set<channel *> channels;
    std::map<std::string, size_t> depths; // registered by name
    bool loaded = false;
};
inline monitor &mon() {
    static monitor M;
    return M;
}

// Depths by stream name; the file named by BCD_FIFO_DEPTHS is read once, on first use.
inline void load_env(monitor &M) {
    if (M.loaded)
        return;
    M.loaded = true;
    const char *path = std::getenv("BCD_FIFO_DEPTHS");
    if (!path || !*path)
        return;
    std::ifstream f(path);
    if (!f) {
        std::fprintf(stderr, "bcdsim: error: cannot read the FIFO depths file %s\n", path);
        std::_Exit(2);
    }
    std::string name;
    size_t depth;
    while (f >> name >> depth)
        M.depths[name] = depth;
}
inline void set_depth_of(const std::string &name, size_t depth) {
    monitor &M = mon();
    std::lock_guard<std::mutex> lock(M.m);
    load_env(M);
    M.depths[name] = depth;
}

inline std::string joined(const std::set<std::string> &names) {
    std::string s;
    for (std::set<std::string>::const_iterator it = names.begin(); it != names.end(); ++it)
        s += (s.empty() ? "" : ", ") + *it;
    return s.empty() ? "none" : s;
}

// Called with the lock held whenever a thread blocks or stops being able to act.
inline void check(monitor &M) {
    if (M.active <= 0 || M.blocked < M.active)
        return;
    std::set<std::string> full, empty; // sorted: the report does not depend on addresses
    for (std::set<channel *>::const_iterator it = M.channels.begin(); it != M.channels.end(); ++it) {
        const channel *c = *it;
        std::ostringstream described;
        described << c->name << " (depth " << c->depth << ")";
        if (c->waiting_writers)
            full.insert(described.str());
        if (c->waiting_readers)
            empty.insert(c->name);
    }
    std::fprintf(stderr, "bcdsim: error: dataflow deadlock (every process blocked): full FIFOs: %s; empty FIFOs: %s\n",
                 joined(full).c_str(), joined(empty).c_str());
    std::fflush(stderr);
    std::fflush(stdout);
    std::_Exit(BCD_DEADLOCK_EXIT);
}

// Blocks until ready() (lock held), counted as blocked until another thread releases it.
template <class READY>
void wait(monitor &M, std::unique_lock<std::mutex> &lock, std::condition_variable &cv, int &waiting,
          unsigned long &epoch, READY ready) {
    bool counted = false;
    unsigned long seen = 0;
    while (!ready()) {
        if (!counted) {
            counted = true;
            seen = epoch;
            waiting++;
            M.blocked++;
            check(M);
        }
        cv.wait(lock);
        if (epoch != seen)
            counted = false; // released by the other side (it uncounted us)
    }
}

// Uncounts the threads blocked on one side of a stream and wakes them (lock held).
inline void release(monitor &M, std::condition_variable &cv, int &waiting, unsigned long &epoch) {
    if (!waiting)
        return;
    M.blocked -= waiting;
    waiting = 0;
    epoch++;
    cv.notify_all();
}

} // namespace fifo

namespace dataflow {

inline std::vector<std::thread> &children() {
    thread_local std::vector<std::thread> c;
    return c;
}

// Joins the processes this thread started (it cannot act meanwhile).
inline void join() {
    std::vector<std::thread> &c = children();
    if (c.empty())
        return;
    fifo::monitor &M = fifo::mon();
    {
        std::lock_guard<std::mutex> lock(M.m);
        M.active--;
        fifo::check(M);
    }
    for (size_t i = 0; i < c.size(); i++)
        c[i].join();
    c.clear();
    std::lock_guard<std::mutex> lock(M.m);
    M.active++;
}

// Starts one dataflow process in its own thread.
inline void spawn(const std::function<void()> &process) {
    fifo::monitor &M = fifo::mon();
    {
        std::lock_guard<std::mutex> lock(M.m);
        M.active++;
    }
    children().push_back(std::thread([process]() {
        process();
        join(); // processes it started and left running
        fifo::monitor &M = fifo::mon();
        std::lock_guard<std::mutex> lock(M.m);
        M.active--;
        fifo::check(M);
    }));
}

} // namespace dataflow
} // namespace bcd

// ctypes entry point: the depth of the streams constructed later under this name.
extern "C" __attribute__((weak)) void bcd_fifo_depth(const char *name, unsigned depth) {
    ::bcd::fifo::set_depth_of(name, depth);
}

namespace hls {

template <typename T> class stream : public ::bcd::fifo::channel {
  public:
    stream() { init(""); }
    stream(const char *name) { init(name); }
    stream(const std::string &name) { init(name); }
    ~stream() {
        ::bcd::dataflow::join(); // no FIFO may die under the processes that use it
        ::bcd::fifo::monitor &M = ::bcd::fifo::mon();
        std::lock_guard<std::mutex> lock(M.m);
        M.channels.erase(this);
        if (!data_.empty())
            std::cout << "WARNING: Hls::stream '" << name << "' contains leftover data" << std::endl;
    }
    // The design's depth, unless a depth was registered under this stream's name (an override:
    // `bcdsim csim --fifo-depth`).
    void set_depth(size_t d) {
        ::bcd::fifo::monitor &M = ::bcd::fifo::mon();
        std::lock_guard<std::mutex> lock(M.m);
        std::map<std::string, size_t>::const_iterator it = M.depths.find(name);
        depth = it == M.depths.end() ? d : it->second;
    }
    size_t count() const { return data_.size(); }

    bool empty() {
        std::lock_guard<std::mutex> lock(::bcd::fifo::mon().m);
        return data_.empty();
    }
    bool full() {
        std::lock_guard<std::mutex> lock(::bcd::fifo::mon().m);
        return depth && data_.size() >= depth;
    }
    size_t size() {
        std::lock_guard<std::mutex> lock(::bcd::fifo::mon().m);
        return data_.size();
    }

    T read() {
        ::bcd::fifo::monitor &M = ::bcd::fifo::mon();
        std::unique_lock<std::mutex> lock(M.m);
        ::bcd::fifo::wait(M, lock, not_empty, waiting_readers, read_epoch, [this]() { return !data_.empty(); });
        T v = data_.front();
        data_.pop_front();
        ::bcd::fifo::release(M, not_full, waiting_writers, write_epoch);
        return v;
    }
    void read(T &v) { v = read(); }
    void write(const T &v) {
        ::bcd::fifo::monitor &M = ::bcd::fifo::mon();
        std::unique_lock<std::mutex> lock(M.m);
        ::bcd::fifo::wait(M, lock, not_full, waiting_writers, write_epoch,
                          [this]() { return !depth || data_.size() < depth; });
        data_.push_back(v);
        ::bcd::fifo::release(M, not_empty, waiting_readers, read_epoch);
    }
    bool read_nb(T &v) {
        std::lock_guard<std::mutex> lock(::bcd::fifo::mon().m);
        if (data_.empty())
            return false;
        v = data_.front();
        data_.pop_front();
        ::bcd::fifo::release(::bcd::fifo::mon(), not_full, waiting_writers, write_epoch);
        return true;
    }
    bool write_nb(const T &v) {
        std::lock_guard<std::mutex> lock(::bcd::fifo::mon().m);
        if (depth && data_.size() >= depth)
            return false;
        data_.push_back(v);
        ::bcd::fifo::release(::bcd::fifo::mon(), not_empty, waiting_readers, read_epoch);
        return true;
    }
    void operator>>(T &v) { read(v); }
    void operator<<(const T &v) { write(v); }

  private:
    std::deque<T> data_;

    void init(const std::string &given) {
        ::bcd::fifo::monitor &M = ::bcd::fifo::mon();
        std::lock_guard<std::mutex> lock(M.m);
        ::bcd::fifo::load_env(M);
        std::ostringstream auto_name;
        auto_name << "stream." << M.channels.size() + 1;
        name = given.empty() ? auto_name.str() : given;
        std::map<std::string, size_t>::const_iterator it = M.depths.find(given);
        depth = given.empty() || it == M.depths.end() ? 0 : it->second;
        M.channels.insert(this);
    }
    stream(const stream &);
    stream &operator=(const stream &);
};

} // namespace hls

#endif
