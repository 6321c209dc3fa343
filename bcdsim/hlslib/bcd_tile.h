// bcdsim HLS kernel library: the tile schedule of an XNOR unit whose weights stream from DDR
// (docs/hardware_units.md §7). Each weight word (nf, sf) is read once per frame and used for
// every output pixel, so the unit's input is replayed NF times in (nf, sf, p) order:
// - frame_in banks the input frame (two banks: a ping-pong channel), H*W*C/IL iterations, IL =
//   min(SIMD, C);
// - frame_replay reads it back by address as the MVAU's input words in (nf, sf, p) order,
//   NF*P*MW/SIMD iterations; where the conv has a window it builds the window words from the
//   bank (im2col by address), SIMD = C*d reading d positions from d copies of the bank;
//   (a shift-MLP's replay is its gather_out, bcd_shift.h);
// - tile_mvau runs P*SF*NF iterations, iteration (nf*SF + sf)*P + p: it takes weight word (nf, sf)
//   from the DDR streamer at p = 0, keeps a partial sum per pixel and output lane (the "partials"
//   memory), and at sf = SF-1 writes the pixel's PE outputs to an output bank in DDR at word
//   p*NF + nf; after the frame it hands the bank over with a token;
// - frame_out reads that bank back pixel-major (P*MH/PE iterations) once it has the token.
// The output bank rotates over three frames and the token FIFO holds one token: tile_mvau can
// finish frame f+1 only once frame_out has taken frame f's token, i.e. finished frame f-1, whose
// bank is the one frame f+2 reuses.
#ifndef BCD_TILE_H_
#define BCD_TILE_H_

#include "bcd_mvau.h"

namespace bcd {

static const unsigned TILE_OUT_BANKS = 3;

// CFG (frame_in / frame_replay): channels, height, width, kernel, stride, pad, simd, repeats (NF),
// windowed, in_name(), name() (the replay).
template <class CFG> struct tile_bank {
    static const unsigned C = CFG::channels, SIMD = CFG::simd, PIXELS = CFG::height * CFG::width;
    static const unsigned CH = SIMD < C ? SIMD : C, D = SIMD / CH, CPP = C / CH;
    typedef ap_uint<CH> word_t;
    typedef window_geometry<CFG::height, CFG::width, CFG::kernel, CFG::stride, CFG::pad> geo;
    static_assert(C % SIMD == 0 || (SIMD % C == 0 && (CFG::kernel * CFG::kernel) % (SIMD / C) == 0),
                  "SIMD divides C or is C times a divisor of K*K");
};

// bank[copy][pixel * CPP + chunk]: D copies (SIMD = C*d) of the frame in CH-bit words.
template <class CFG>
void frame_in(hls::stream<nnet::array<ap_uint<tile_bank<CFG>::CH>, 1>> &in,
              typename tile_bank<CFG>::word_t bank[tile_bank<CFG>::D][tile_bank<CFG>::PIXELS * tile_bank<CFG>::CPP]) {
    typedef tile_bank<CFG> tb;
    BCD_PROCESS(CFG::in_name());
FrameIn:
    for (unsigned n = 0; n < tb::PIXELS * tb::CPP; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const typename tb::word_t w = in.read()[0];
        for (unsigned d = 0; d < tb::D; d++) {
#pragma HLS UNROLL
            bank[d][n] = w;
        }
    }
}

template <class CFG, bool WINDOWED> struct replay_word;
template <class CFG> struct replay_word<CFG, true> {
    typedef typename window_word<CFG::simd>::type type;
    static type make(const ap_uint<CFG::simd> &bits, const ap_uint<CFG::simd> &valid) {
        return window_word<CFG::simd>::make(bits, valid);
    }
};
template <class CFG> struct replay_word<CFG, false> {
    typedef nnet::array<ap_uint<CFG::simd>, 1> type;
    static type make(const ap_uint<CFG::simd> &bits, const ap_uint<CFG::simd> &) { return bit_word<CFG::simd>(bits); }
};

template <class CFG>
void frame_replay(const typename tile_bank<CFG>::word_t bank[tile_bank<CFG>::D][tile_bank<CFG>::PIXELS * tile_bank<CFG>::CPP],
                  hls::stream<typename replay_word<CFG, CFG::windowed>::type> &out) {
    typedef tile_bank<CFG> tb;
    typedef typename tb::geo geo;
    static const unsigned K = CFG::kernel, S = CFG::stride, P = CFG::pad, H = CFG::height, W = CFG::width;
    static const unsigned SIMD = CFG::simd, CH = tb::CH, D = tb::D, SF = K * K * tb::C / SIMD;
    static const unsigned OP = geo::out_height * geo::out_width;
    static_assert(check_word<typename replay_word<CFG, CFG::windowed>::type>::ok, "");
    BCD_PROCESS(CFG::name());
    unsigned sf = 0, oy = 0, ox = 0; // word of the window, output pixel
FrameReplay:
    for (unsigned n = 0; n < CFG::repeats * SF * OP; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        ap_uint<SIMD> bits = 0, valid = 0;
        for (unsigned seg = 0; seg < D; seg++) {
#pragma HLS UNROLL
            const unsigned q = (sf * SIMD) / tb::C + seg, cw = ((sf * SIMD) % tb::C) / CH; // position, chunk
            const int iy = int(oy * S + q / K) - int(P), ix = int(ox * S + q % K) - int(P);
            if (iy >= 0 && iy < int(H) && ix >= 0 && ix < int(W)) {
                bits.range(seg * CH + CH - 1, seg * CH) = bank[seg][(unsigned(iy) * W + unsigned(ix)) * tb::CPP + cw];
                valid.range(seg * CH + CH - 1, seg * CH) = ones<CH>();
            }
        }
        out.write(replay_word<CFG, CFG::windowed>::make(bits, valid));
        if (++ox == geo::out_width) {
            ox = 0;
            if (++oy == geo::out_height) {
                oy = 0;
                sf = sf == SF - 1 ? 0 : sf + 1;
            }
        }
    }
}

// CFG (tile_mvau): the MVAU's (mw, mh, simd, pe, pixels, branches, has_valid, acc_t, out_t,
// accum_t, name()) plus part_t (one branch's partial sum), bank_offset (beats), out_name().
template <class CFG, class STAGE> struct tile_geometry {
    static const unsigned SIMD = CFG::simd, PE = CFG::pe, G = CFG::branches;
    static const unsigned SF = CFG::mw / SIMD, NF = CFG::mh / PE, PIXELS = CFG::pixels;
    typedef mvau_output<STAGE, typename CFG::out_t, PE> output;
    typedef typename output::type out_word;
    static const unsigned OUT_BITS = raw<out_word>::bits, BEATS = ddr_beats<OUT_BITS>::value;
    static const unsigned long BANK_BEATS = (unsigned long)PIXELS * NF * BEATS;
    typedef nnet::array<typename CFG::part_t, PE * G> partial_t;
};

template <class CFG, class STAGE, class P0, class P1>
void tile_mvau(hls::stream<typename mvau_input<CFG::simd, CFG::has_valid>::type> &in,
               hls::stream<ap_uint<CFG::simd * CFG::pe>> &weights, ddr_word *ddr, hls::stream<ap_uint<1>> &done,
               const P0 p0[], const P1 p1[], typename tile_geometry<CFG, STAGE>::partial_t partials[CFG::pixels]) {
    typedef tile_geometry<CFG, STAGE> tg;
    typedef mvau_input<CFG::simd, CFG::has_valid> input;
    static const unsigned SIMD = tg::SIMD, PE = tg::PE, G = tg::G, SF = tg::SF, NF = tg::NF, PIXELS = tg::PIXELS;
    static_assert(CFG::mw % SIMD == 0 && CFG::mh % PE == 0 && (G == 1 || SF % G == 0), "SIMD | MW, PE | MH");
    static_assert(check_word<typename input::type>::ok && check_int<SIMD * PE>::ok, "");
    typedef ap_int<clog2<SIMD + 1>::value + 2> term_t;
#pragma HLS DEPENDENCE variable = partials type = inter direction = RAW distance = PIXELS true
    static unsigned bank = 0; // the output bank of this frame
    const unsigned long base = CFG::bank_offset + bank * tg::BANK_BEATS;
    ap_uint<SIMD * PE> w = 0;

    BCD_PROCESS(CFG::name());
    unsigned p = 0, sf = 0, nf = 0;
TileIterations:
    for (unsigned n = 0; n < NF * SF * PIXELS; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        const typename input::type x = in.read();
        if (p == 0)
            w = weights.read();
        const ap_uint<SIMD> a = input::bits(x), valid = input::valid(x);
        const unsigned branch = G == 1 ? 0 : sf / (SF / G);
        typename tg::partial_t part = partials[p];
        typename tg::out_word result;
        for (unsigned lane = 0; lane < PE; lane++) {
#pragma HLS UNROLL
            const ap_uint<SIMD> agree = ~(ap_uint<SIMD>(w.range(lane * SIMD + SIMD - 1, lane * SIMD)) ^ a) & valid;
            const term_t term = term_t(2 * popcount<SIMD>(agree)) - term_t(popcount<SIMD>(valid));
            typename CFG::acc_t sums[G];
            for (unsigned g = 0; g < G; g++) {
#pragma HLS UNROLL
                const typename CFG::part_t before = sf == 0 ? typename CFG::part_t(0) : part[lane * G + g];
                part[lane * G + g] = g == branch ? typename CFG::part_t(before + term) : before;
                sums[g] = part[lane * G + g];
            }
            tg::output::set(result, lane, STAGE::template apply<CFG>(sums, nf * PE + lane, p0, p1));
        }
        partials[p] = part;
        if (sf == SF - 1)
            ddr_store<tg::OUT_BITS>(ddr, base + ((unsigned long)p * NF + nf) * tg::BEATS, raw<typename tg::out_word>::get(result));
        if (++p == PIXELS) {
            p = 0;
            if (++sf == SF) {
                sf = 0;
                nf++;
            }
        }
    }
    bank = bank == TILE_OUT_BANKS - 1 ? 0 : bank + 1;
    done.write(1);
}

template <class CFG, class STAGE>
void frame_out(hls::stream<ap_uint<1>> &done, const ddr_word *ddr, hls::stream<typename tile_geometry<CFG, STAGE>::out_word> &out) {
    typedef tile_geometry<CFG, STAGE> tg;
    typedef typename tg::out_word out_word;
    static unsigned bank = 0;
    done.read();
    const unsigned long base = CFG::bank_offset + bank * tg::BANK_BEATS;
    BCD_PROCESS(CFG::out_name());
FrameOut:
    for (unsigned n = 0; n < tg::PIXELS * tg::NF; n++) {
#pragma HLS PIPELINE II = 1
        BCD_COUNT();
        out.write(raw<out_word>::set(ddr_load<tg::OUT_BITS>(ddr, base + (unsigned long)n * tg::BEATS)));
    }
    bank = bank == TILE_OUT_BANKS - 1 ? 0 : bank + 1;
}

} // namespace bcd

#endif
