// bcd_popcount: XNOR-popcount of N lanes as a LUT6 compressor tree (bcdsim RTL library).
//
//   count = sum_i x_i,  x_i = ~(a_i ^ w_i)          (MASKED = 0)
//                       x_i = v_i & ~(a_i ^ w_i)    (MASKED = 1: per-lane valid mask)
//
// Why a compressor tree and not `+`: a behavioural popcount becomes adders of growing width
// (~2.1-2.6 LUT per input bit in yosys synth_xilinx). Here:
//   level 0  the XNOR is folded into 3:2 counters: one LUT6 sees three (a, w) pairs and gives
//            the sum bit, a second LUT6 the carry bit (2 LUTs per 3 lanes, 3 bits -> 2 bits);
//   1..NL    the resulting bit heap (column c holds bits of weight 2^c) is reduced column by
//            column with 6-input counters (three LUT6 remove three bits) until every column
//            holds at most two bits (see plan() for the choice of counters);
//   NL+1     one carry-propagate adder of the two rows (the carry chain).
// Counter outputs are written as plain logic (XOR / majority), never as `+`, so synthesis maps
// each output bit to one LUT instead of inferring carry chains.
//
// STAGES pipeline registers (clock enable `en`) are spread evenly over the NL+2 logic levels,
// the last one after the final adder; STAGES = 0 gives a combinational tree. The cost model's
// depth contract (bcdsim.cost.units.mvau_depth) uses STAGES = ceil(log2(N)/2), a register every
// two adder levels. `count` follows `a`, `w`, `v` by STAGES enabled clocks.
// `clr` (sampled by the last register, i.e. STAGES-1 clocks after the inputs) makes that
// register load CLR_VALUE: a synchronous set/reset of the flip-flops, which costs no LUT. The
// MVAU uses it for folds of zero-padding, whose +-1 contribution must be zero.
//
// The heap shape of every level is computed at elaboration by constant functions over packed
// vectors (16-bit fields), which Icarus, Verilator and yosys all evaluate; all levels are
// computed once (ALL_H, ALL_P) so that elaboration stays fast for large N.
`default_nettype none

module bcd_popcount #(
    parameter integer N = 64,
    parameter integer MASKED = 0,
    parameter integer STAGES = 3,
    parameter integer CW = $clog2(N + 1),  // width of the count
    parameter integer CLR_VALUE = 0,       // what `clr` loads into the last register
    parameter integer TREE = 1             // 0: behavioural `+` popcount (the area baseline only)
) (
    input  wire          clk,
    input  wire          en,
    input  wire          clr,  // with the last register's input: load CLR_VALUE instead of the sum
    input  wire [N-1:0]  a,
    input  wire [N-1:0]  w,
    input  wire [N-1:0]  v,
    output wire [CW-1:0] count
);
    localparam integer K = (N + 2) / 3;  // level-0 counters (lanes padded to 3K with zeros)
    localparam integer HB = 16;          // bits per packed field
    localparam integer MAXC = 16;        // columns tracked: counts below 2^16
    localparam integer MAXL = 16;        // reduction levels tracked (N = 4096 needs 9)
    localparam integer HV = HB * MAXC;   // one level's column heights
    localparam integer PV = 32 * MAXC;   // one level's counter plan (a 32-bit word per column)

    // ---- heap shape -------------------------------------------------------------------------
    function automatic integer hget(input [HV-1:0] hv, input integer c);
        hget = (c < 0 || c >= CW) ? 0 : {16'd0, hv[c*HB +: HB]};
    endfunction

    function automatic integer maxh(input [HV-1:0] hv);
        integer c;
        begin
            maxh = 0;
            for (c = 0; c < CW; c = c + 1)
                if (hget(hv, c) > maxh) maxh = hget(hv, c);
        end
    endfunction

    function automatic integer offset(input [HV-1:0] hv, input integer c);  // first bit of column c
        integer i;
        begin
            offset = 0;
            for (i = 0; i < c; i = i + 1) offset = offset + hget(hv, i);
        end
    endfunction

    // The counters of one reduction level, per column (LSB first) a word
    //   bit 0 lends its first bit to column c-1 | bit 1 borrows from c+1 | bits 3:2 remainder kind
    //   bits 6:4 remainder counter inputs | bits 23:8 6:3 counters | bits 31:24 bits passed on.
    // 6:3 counters take groups of six bits. A remainder above PASS_MAX is compressed, where it
    // can be by a (1,5;3) or (1,4;3) counter that also takes the first bit of column c+1 as a
    // bit of weight two (6 inputs, 3 outputs: 3 LUTs remove 3 or 2 bits), else by a 5:3 counter
    // or a full adder; a remainder up to PASS_MAX goes to the next level untouched, where it
    // joins a full group of six (cheaper than a full adder now). PASS_MAX is 4 while the heap
    // is taller than 5, then 2 (the final two rows). Chosen by searching counter policies in a
    // LUT-count model: within 1% of the best per-level schedule for N = 64..1024.
    localparam integer K_NONE = 0, K_FA = 1, K_BORROW = 2, K_53 = 3;

    function automatic [PV-1:0] plans(input [HV-1:0] hv);
        integer c, avail, q, r, kind, bits, pass, lent, borrow, pass_max;
        begin
            pass_max = (maxh(hv) > 5) ? 4 : 2;
            lent = 0;
            plans = {PV{1'b0}};
            for (c = 0; c < CW; c = c + 1) begin
                avail = hget(hv, c) - lent;
                q = avail / 6;
                r = avail - 6 * q;
                kind = K_NONE; bits = 0; pass = r; borrow = 0;
                if (r > pass_max) begin
                    if ((r == 5 || r == 4) && c + 1 < CW && hget(hv, c + 1) > 0) begin
                        kind = K_BORROW; bits = r; pass = 0; borrow = 1;
                    end else if (r == 5) begin
                        kind = K_53; bits = 5; pass = 0;
                    end else begin
                        kind = K_FA; bits = 3; pass = r - 3;
                    end
                end
                plans[c*32 +: 32] = (pass << 24) | (q << 8) | (bits << 4) | (kind << 2) | (borrow << 1) | lent;
                lent = borrow;
            end
        end
    endfunction

    function automatic integer pf(input [PV-1:0] pl, input integer c, input integer lsb, input integer width);
        reg [31:0] word;
        begin
            word = (c < 0 || c >= CW) ? 32'd0 : pl[c*32 +: 32];
            pf = (word >> lsb) & ((1 << width) - 1);
        end
    endfunction
    function automatic integer p_lent(input [PV-1:0] pl, input integer c); p_lent = pf(pl, c, 0, 1);  endfunction
    function automatic integer p_kind(input [PV-1:0] pl, input integer c); p_kind = pf(pl, c, 2, 2);  endfunction
    function automatic integer p_bits(input [PV-1:0] pl, input integer c); p_bits = pf(pl, c, 4, 3);  endfunction
    function automatic integer p_q(input [PV-1:0] pl, input integer c);    p_q = pf(pl, c, 8, 16);    endfunction
    function automatic integer p_pass(input [PV-1:0] pl, input integer c); p_pass = pf(pl, c, 24, 8); endfunction
    function automatic integer n3(input [PV-1:0] pl, input integer c);    // counters with 3 outputs
        n3 = p_q(pl, c) + ((p_kind(pl, c) == K_BORROW || p_kind(pl, c) == K_53) ? 1 : 0);
    endfunction
    function automatic integer ncnt(input [PV-1:0] pl, input integer c);  // all counters
        ncnt = n3(pl, c) + ((p_kind(pl, c) == K_FA) ? 1 : 0);
    endfunction

    // Elaboration-time integers are stored in 16-bit fields: their upper bits are unused.
    /* verilator lint_off UNUSEDSIGNAL */
    // Next level: column c holds its passed bits, its counters' ones, the twos of column c-1 and
    // the fours of column c-2, in that order. Weights at or above 2^CW are provably zero.
    function automatic [HV-1:0] reduce(input [HV-1:0] hv);
        reg [PV-1:0] pl;
        integer c, h;
        begin
            pl = plans(hv);
            reduce = {HV{1'b0}};
            for (c = 0; c < CW; c = c + 1) begin
                h = p_pass(pl, c) + ncnt(pl, c) + ncnt(pl, c - 1) + n3(pl, c - 2);
                reduce[c*HB +: HB] = h[HB-1:0];
            end
        end
    endfunction

    // The heaps entering levels 0..MAXL-1; level 0 is the output of the XNOR counters.
    function automatic [HV*MAXL-1:0] all_heights(input integer k0);
        reg [HV-1:0] hv;
        integer l;
        begin
            hv = {HV{1'b0}};
            hv[0 +: HB] = k0[HB-1:0];
            if (CW > 1) hv[HB +: HB] = k0[HB-1:0];
            all_heights = {HV*MAXL{1'b0}};
            for (l = 0; l < MAXL; l = l + 1) begin
                all_heights[l*HV +: HV] = hv;
                if (maxh(hv) > 2) hv = reduce(hv);
            end
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */
    localparam [HV*MAXL-1:0] ALL_H = all_heights(K);

    function automatic integer levels(input [HV*MAXL-1:0] all);  // reduction levels until two rows
        integer l;
        begin
            levels = MAXL - 1;
            for (l = MAXL - 1; l >= 0; l = l - 1)
                if (maxh(all[l*HV +: HV]) <= 2) levels = l;
        end
    endfunction
    localparam integer NL = levels(ALL_H);

    // Pipeline: logic levels are 0 (XNOR counters), 1..NL (reduction), NL+1 (final adder);
    // register number s (1..R) sits after level LV-1-floor((R-s)*LV/R), R = min(STAGES, LV):
    // evenly spaced, the last after the adder, and counted from the end so that the XNOR
    // counters share a register stage with the next level (a register right after them made
    // abc split the XNORs out of the LUT6 counters); further registers (only when STAGES > LV,
    // i.e. tiny N) delay the count after the adder.
    localparam integer LV = NL + 2;
    localparam integer R = (STAGES < LV) ? STAGES : LV;
    localparam integer EXTRA = STAGES - R;

    function automatic integer reg_after(input integer level);
        integer s;
        begin
            reg_after = 0;
            for (s = 1; s <= R; s = s + 1)
                if (LV - 1 - ((R - s) * LV) / R == level) reg_after = 1;
        end
    endfunction

    // ---- level 0: XNOR (and mask) folded into 3:2 counters ----------------------------------
    genvar i, l, c, j;
    wire [3*K-1:0] x;
    generate
        for (i = 0; i < 3 * K; i = i + 1) begin : lane
            if (i >= N) begin : pad
                assign x[i] = 1'b0;
            end else if (MASKED != 0) begin : masked
                assign x[i] = v[i] & ~(a[i] ^ w[i]);
            end else begin : plain
                assign x[i] = ~(a[i] ^ w[i]);
            end
        end
        if (MASKED == 0) begin : unused_valid
            wire unused = &{1'b0, v};  // v is only read by the masked variant
        end
    endgenerate

    wire [2*K-1:0] heap0;  // column 0 (K sum bits), then column 1 (K carry bits)
    generate
        for (j = 0; j < K; j = j + 1) begin : l0
            wire [1:0] s;
            bcd_fa fa (.x(x[3*j +: 3]), .s(s));
            assign heap0[j] = s[0];
            assign heap0[K + j] = s[1];
        end
    endgenerate

    // ---- levels: heap l enters reduction level l; lvl[l].out is heap l after its register ---
    generate
        for (l = 0; l <= NL; l = l + 1) begin : lvl
            localparam [HV-1:0] HI = ALL_H[l*HV +: HV];
            localparam integer TI = offset(HI, CW);
            wire [TI-1:0] bo;
            if (l == 0) begin : xnor_counters
                if (CW > 1) begin : both
                    assign bo = heap0;
                end else begin : ones  // N = 1: no carries
                    assign bo = heap0[K-1:0];
                    wire unused = &{1'b0, heap0[2*K-1:K]};
                end
            end else begin : reduction
                localparam [HV-1:0] HP = ALL_H[(l-1)*HV +: HV];  // the heap this level reduces
                localparam [PV-1:0] PL = plans(HP);
                wire [offset(HP, CW)-1:0] bi = lvl[l-1].out;
                for (c = 0; c < CW; c = c + 1) begin : col
                    localparam integer Q = p_q(PL, c);
                    localparam integer KIND = p_kind(PL, c);
                    localparam integer BITS = p_bits(PL, c);
                    localparam integer PASS = p_pass(PL, c);
                    localparam integer BASE = offset(HP, c) + p_lent(PL, c);  // skip the lent bit
                    localparam integer REM = BASE + 6 * Q;                     // remainder counter
                    // where this column's outputs land in heap l (see reduce())
                    localparam integer OUT0 = offset(HI, c) + PASS;
                    localparam integer OUT1 = offset(HI, c + 1) + p_pass(PL, c + 1) + ncnt(PL, c + 1);
                    localparam integer OUT2 = offset(HI, c + 2) + p_pass(PL, c + 2) + ncnt(PL, c + 2)
                                              + ncnt(PL, c + 1);
                    for (j = 0; j < PASS; j = j + 1) begin : pass
                        assign bo[offset(HI, c) + j] = bi[REM + BITS + j];
                    end
                    for (j = 0; j < ncnt(PL, c); j = j + 1) begin : cnt
                        wire [2:0] s;
                        if (j < Q) begin : k63
                            bcd_c63 c63 (.x(bi[BASE + 6 * j +: 6]), .s(s));
                        end else if (KIND == K_BORROW) begin : kb  // BITS ones and one two
                            wire [2:0] u;
                            bcd_c63 c63 (.x({{(6 - BITS){1'b0}}, bi[REM +: BITS]}), .s(u));
                            wire y = bi[offset(HP, c + 1)];
                            assign s = {u[2] | (u[1] & y), u[1] ^ y, u[0]};
                        end else if (KIND == K_53) begin : k53
                            bcd_c63 c63 (.x({1'b0, bi[REM +: 5]}), .s(s));
                        end else begin : kfa
                            assign s[2] = 1'b0;
                            bcd_fa fa (.x(bi[REM +: 3]), .s(s[1:0]));
                        end
                        assign bo[OUT0 + j] = s[0];
                        if (c + 1 < CW) begin : two
                            assign bo[OUT1 + j] = s[1];
                        end else begin : no_two  // weight 2^CW: provably zero
                            wire unused = s[1];
                        end
                        if (c + 2 < CW && j < n3(PL, c)) begin : four
                            assign bo[OUT2 + j] = s[2];
                        end else begin : no_four  // a full adder's, or beyond the count: zero
                            wire unused = s[2];
                        end
                    end
                end
            end
            wire [TI-1:0] out;
            if (reg_after(l) != 0) begin : r
                reg [TI-1:0] q;
                always @(posedge clk) if (en) q <= bo;
                assign out = q;
            end else begin : w
                assign out = bo;
            end
        end
    endgenerate

    // ---- final carry-propagate adder of the two remaining rows ------------------------------
    localparam [HV-1:0] HF = ALL_H[NL*HV +: HV];
    wire [offset(HF, CW)-1:0] fin = lvl[NL].out;
    wire [CW-1:0] row0, row1;
    generate
        for (c = 0; c < CW; c = c + 1) begin : rows
            if (hget(HF, c) > 0) begin : b0
                assign row0[c] = fin[offset(HF, c)];
            end else begin : z0
                assign row0[c] = 1'b0;
            end
            if (hget(HF, c) > 1) begin : b1
                assign row1[c] = fin[offset(HF, c) + 1];
            end else begin : z1
                assign row1[c] = 1'b0;
            end
        end
    endgenerate
    wire [CW-1:0] sum;
    generate
        if (TREE != 0) begin : cpa
            assign sum = row0 + row1;
        end else begin : behavioural  // the baseline: a popcount written as a loop of additions
            reg [CW-1:0] total;
            integer b;
            always @(*) begin
                total = {CW{1'b0}};
                for (b = 0; b < N; b = b + 1) total = total + {{(CW-1){1'b0}}, x[b]};
            end
            // same latency as the tree: R-1 registers before the last one (the tree, unused, is removed)
            if (R > 2) begin : delay  // newest at the top, d[0 +: CW] the oldest
                reg [CW*(R-1)-1:0] d;
                always @(posedge clk)
                    if (en) d <= {total, d[CW*(R-1)-1:CW]};
                assign sum = d[0 +: CW];
            end else if (R == 2) begin : delay1
                reg [CW-1:0] d;
                always @(posedge clk)
                    if (en) d <= total;
                assign sum = d;
            end else begin : direct
                assign sum = total;
            end
            wire unused = &{1'b0, row0, row1};
        end
    endgenerate

    // the last register (and any extra delay); with STAGES = 0 the tree is combinational
    generate
        if (R > 0) begin : rf
            localparam [CW-1:0] CLR = CLR_VALUE[CW-1:0];
            reg [CW-1:0] q;
            // clr is ANDed with en once, outside the bit loop, so that it reaches the flip-flops'
            // synchronous set/reset pins (which override the clock enable) instead of a LUT per bit
            wire load = clr & en;
            always @(posedge clk)
                if (load) q <= CLR;
                else if (en) q <= sum;
            if (EXTRA > 1) begin : delay  // newest enters at the top, d[0 +: CW] is the oldest
                reg [CW*EXTRA-1:0] d;
                always @(posedge clk)
                    if (en) d <= {q, d[CW*EXTRA-1:CW]};
                assign count = d[0 +: CW];
            end else if (EXTRA == 1) begin : delay1
                reg [CW-1:0] d;
                always @(posedge clk)
                    if (en) d <= q;
                assign count = d;
            end else begin : direct
                assign count = q;
            end
        end else begin : wf
            assign count = clr ? CLR_VALUE[CW-1:0] : sum;
            wire unused = &{1'b0, clk, en};  // no register
        end
    endgenerate
endmodule

`default_nettype wire
