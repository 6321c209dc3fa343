// bcd_context: BCDNet-B's contextual threshold unit (bcdsim RTL library): context_scan and
// context_replay of docs/hardware_units.md §4 in one module around a double-buffered frame bank,
// exactly as hw mode computes DynamicSign(x, W2 W1 GAP(x)) (bcdsim.hw.interpret):
//   g = GAP(x)   sum over the PIX pixels times the reciprocal R of 1/PIX, rounded once to GW bits
//   e = W1 g     exact dot products, rounded once to EW bits       (the Linear W1, no bias)
//   alpha = W2 e exact dot products, rounded once to ALW bits      (the Linear W2, no bias)
//   bit = (x << XS) >= (alpha[c] << AS)                           (the two fractions aligned)
// Roundings are bcd_requant's (half up, saturating); the generator gives each its shift A and RSH.
//
// Ports: `in` the map (PE values of XW bits per word, channel-major words of each pixel);
// `out` the bits (PE per word); `e` the hidden vector (one EW-bit value per word: tie e_ready
// high when nothing reads it). The design's bank stream `<sign>__scan__to__<sign>` is internal.
//
// context_scan (one process, iterations in this order, one per cycle):
//   scan   N = PIX*C/PE iterations: iteration n reads map word n into the bank and adds it to
//          the channel sums; the first iteration of a frame waits until the bank is free (the
//          replay finished the frame two before);
//   e      HID*C/SIMD iterations (j, cc): SIMD sums -> g (SIMD reciprocal products), SIMD MACs
//          of g with W1 row j, channels cc*SIMD..; e[j] after the row's last chunk;
//   alpha  C*HID/SIMD iterations (cc, j): SIMD MACs alpha[cc*SIMD + i] += W2[.., j] * e[j];
//          iteration (0, j) writes e[j] to `e`; alpha chunk cc is stored after j = HID-1.
// Cycles per frame: N + 2*HID*C/SIMD (bcdsim.design.cycles.context_scan_cycles).
// context_replay: starts a frame the cycle after the scan stored its last alpha chunk, then
//   iteration n reads bank word n and alpha word n mod C/PE and writes bits word n (N iterations).
//
// Timing (the scan pipeline stalls as a whole on `e` back-pressure, the replay on `out`'s):
//   scan: s1 input / sums read-modify-write / sums read for e; s2 sums; s3 sum*R; s4 g and the
//   W1 word; s5 g*W1; s6 their sum; s7 e accumulator; s8 e (requantized) -> e memory, read back
//   by the alpha iterations in the same stage; e output register: depth 9; s9 e[j] and the W2
//   word; s10 e*W2; s11 alpha accumulators; s12 alpha (requantized) -> alpha memory, and after
//   the frame's last chunk the bank is handed over: the replay's iteration 0 issues 13 cycles
//   after the scan's last iteration. A value is read only in the stage that writes it or a later
//   one, so an iteration always finds what earlier iterations wrote: no pass waits for the one
//   before, at any size (e.g. hidden 1 or one word per pixel).
//   replay: s1 bank word + alpha word, s2 their output register, then the bits register: depth 3.
// Memories: the bank (2*N words of PE*XW bits, one write and one registered read port: block
// RAM), channel sums and alpha (bcd_slot_ram: PE channels per access on one side, SIMD on the
// other; LUT RAM; alpha in two banks, as a replay held up by back-pressure still reads its
// frame's alpha while the next frame's is stored), e (HID values), W1 and W2 ROMs (HID*C/SIMD
// words of SIMD weights each, in iteration order: W1 word j*C/SIMD + cc, W2 word cc*HID + j,
// lane i = channel cc*SIMD + i).
`default_nettype none

module bcd_context #(
    parameter integer C = 16,      // channels
    parameter integer PIX = 16,    // pixels per frame (H*W)
    parameter integer PE = 8,      // map lanes
    parameter integer SIMD = 4,    // MAC lanes (divides C)
    parameter integer HID = 4,     // e width
    parameter integer XW = 16,
    parameter integer R = 1,       // reciprocal mantissa of 1/PIX (RB bits, unsigned)
    parameter integer RB = 18,
    parameter integer G_A = 0,
    parameter integer G_RSH = 0,
    parameter integer GW = 16,
    parameter integer W1W = 16,
    parameter integer EAW = 40,    // e accumulator (every dot product fits)
    parameter integer E_A = 0,
    parameter integer E_RSH = 0,
    parameter integer EW = 16,
    parameter integer W2W = 16,
    parameter integer AAW = 40,    // alpha accumulator
    parameter integer AL_A = 0,
    parameter integer AL_RSH = 0,
    parameter integer ALW = 16,
    parameter integer XS = 0,      // x << XS >= alpha << AS
    parameter integer AS = 0,
    parameter W1 = "w1.mem",
    parameter W2 = "w2.mem"
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire [PE*XW-1:0] in_data,
    input  wire             in_valid,
    output wire             in_ready,
    output reg  [PE-1:0]    out_data,
    output reg              out_valid,
    input  wire             out_ready,
    output reg  [EW-1:0]    e_data,
    output reg              e_valid,
    input  wire             e_ready
);
    function automatic integer gcd(input integer a, input integer b);
        integer x, y, t;
        begin
            x = a;
            y = b;
            while (y != 0) begin
                t = x % y;
                x = y;
                y = t;
            end
            gcd = x;
        end
    endfunction

    localparam integer NF = C / PE, CS = C / SIMD, N = PIX * NF, PASS = HID * CS;
    localparam integer L = gcd(PE, SIMD), P = PE / L, S = SIMD / L, M = P * S;
    localparam integer ROWS = C / (L * M);             // slot rows of one frame's channels
    localparam integer RW = $clog2(2 * ROWS);          // rows of the two alpha banks
    localparam integer SRW = $clog2(ROWS > 1 ? ROWS : 2);   // rows of the sums
    localparam integer FW = $clog2(M > 1 ? M : 2);
    localparam integer SUMW = XW + $clog2(PIX > 1 ? PIX : 2);
    localparam integer GPW = SUMW + RB + 1;
    localparam integer NFW = $clog2(NF > 1 ? NF : 2), PXW = $clog2(PIX > 1 ? PIX : 2);
    localparam integer CSW = $clog2(CS > 1 ? CS : 2), JW = $clog2(HID > 1 ? HID : 2);
    localparam integer BW = $clog2(2 * N), PSW = $clog2(PASS > 1 ? PASS : 2);
    localparam integer NF_M1 = NF - 1, PIX_M1 = PIX - 1, CS_M1 = CS - 1, HID_M1 = HID - 1;
    localparam integer BANK_M1 = 2 * N - 1, PASS_M1 = PASS - 1;
    localparam [NFW-1:0] NF_LAST = NF_M1[NFW-1:0];
    localparam [PXW-1:0] PIX_LAST = PIX_M1[PXW-1:0];
    localparam [CSW-1:0] CS_LAST = CS_M1[CSW-1:0];
    localparam [JW-1:0] J_LAST = HID_M1[JW-1:0];
    localparam [BW-1:0] B_LAST = BANK_M1[BW-1:0];
    localparam [PSW-1:0] PS_LAST = PASS_M1[PSW-1:0];
    localparam [RW-1:0] BANK_ROWS = ROWS[RW-1:0];
    localparam [RB:0] RECIP = R[RB:0];
    localparam integer GH = (G_RSH > 0) ? (1 << (G_RSH - 1)) : 0;
    localparam integer EH = (E_RSH > 0) ? (1 << (E_RSH - 1)) : 0;
    localparam integer AH = (AL_RSH > 0) ? (1 << (AL_RSH - 1)) : 0;
    localparam [G_RSH+1:0] G_HALF = GH[G_RSH+1:0];
    localparam [E_RSH+1:0] E_HALF = EH[E_RSH+1:0];
    localparam [AL_RSH+1:0] AL_HALF = AH[AL_RSH+1:0];
    localparam [1:0] SCAN = 2'd0, EPASS = 2'd1, APASS = 2'd2;

    // ---- context_scan: counters and issue -----------------------------------------------------
    wire en = !e_valid || e_ready;
    reg [1:0] phase;
    reg [NFW-1:0] nf;
    reg [PXW-1:0] pix;
    reg [CSW-1:0] cc;
    reg [JW-1:0] j;
    reg [BW-1:0] waddr;
    reg bin, bout;
    reg [1:0] busy, full;   // bank holds a frame not yet replayed; its alpha is stored
    wire scanning = phase == SCAN;
    wire start = scanning && nf == {NFW{1'b0}} && pix == {PXW{1'b0}};
    wire may = !start || !busy[bin];
    assign in_ready = en && scanning && may;
    wire issue = en && (!scanning || (in_valid && may));
    wire scan_end = nf == NF_LAST && pix == PIX_LAST;
    wire pass_end = cc == CS_LAST && j == J_LAST;
    always @(posedge clk)
        if (!rst_n) begin
            phase <= SCAN;
            {nf, pix, cc, j, waddr, bin} <= 0;
        end else if (issue) begin
            case (phase)
                SCAN: begin
                    nf <= (nf == NF_LAST) ? {NFW{1'b0}} : nf + 1'b1;
                    if (nf == NF_LAST) pix <= (pix == PIX_LAST) ? {PXW{1'b0}} : pix + 1'b1;
                    waddr <= (waddr == B_LAST) ? {BW{1'b0}} : waddr + 1'b1;
                    if (scan_end) phase <= EPASS;
                end
                EPASS: begin   // (j, cc): cc inner
                    cc <= (cc == CS_LAST) ? {CSW{1'b0}} : cc + 1'b1;
                    if (cc == CS_LAST) j <= (j == J_LAST) ? {JW{1'b0}} : j + 1'b1;
                    if (pass_end) phase <= APASS;
                end
                default: begin   // APASS (cc, j): j inner
                    j <= (j == J_LAST) ? {JW{1'b0}} : j + 1'b1;
                    if (j == J_LAST) cc <= (cc == CS_LAST) ? {CSW{1'b0}} : cc + 1'b1;
                    if (pass_end) begin
                        phase <= SCAN;
                        bin <= !bin;
                    end
                end
            endcase
        end

    // sums cursors: PE channels per scan word, SIMD per e iteration
    wire [SRW-1:0] a_row, b_row;
    wire [FW-1:0] a_first, b_first;
    bcd_slot_cursor #(.M(M), .K(P), .RW(SRW), .FW(FW)) word_cursor (
        .clk(clk), .rst_n(rst_n), .step(issue && scanning), .last(nf == NF_LAST), .row(a_row), .first(a_first));
    bcd_slot_cursor #(.M(M), .K(S), .RW(SRW), .FW(FW)) chunk_cursor (
        .clk(clk), .rst_n(rst_n), .step(issue && phase == EPASS), .last(cc == CS_LAST), .row(b_row),
        .first(b_first));

    // ---- the scan pipeline: valid bits and tags per stage ---------------------------------------
    // tag: {bank, frame's last, e out, last of the inner loop, first of the inner loop, kind, j}
    localparam integer TJ = 0, TK = JW, TF = JW + 2, TL = JW + 3, TX = JW + 4, TE = JW + 5, TB = JW + 6, TW = JW + 7;
    wire first_it = (phase == SCAN) ? pix == {PXW{1'b0}} : (phase == EPASS) ? cc == {CSW{1'b0}} : j == {JW{1'b0}};
    wire last_it = (phase == EPASS) ? cc == CS_LAST : j == J_LAST;
    wire [TW-1:0] tag0 = {bin, phase == APASS && pass_end, phase == APASS && cc == {CSW{1'b0}}, last_it, first_it,
                          phase, j};
    reg [12:1] v;
    reg [TW-1:0] tg [1:12];
    integer st;
    always @(posedge clk)
        if (!rst_n) v <= 12'd0;
        else if (en) v <= {v[11:1], issue};
    always @(posedge clk)
        if (en) begin
            tg[1] <= tag0;
            for (st = 2; st <= 12; st = st + 1) tg[st] <= tg[st-1];
        end

    // s1: the input word, the bank write, the sums (read-modify-write by scan words, read by e)
    reg [PE*XW-1:0] s1_x;
    reg [BW-1:0] s1_waddr;
    reg [SRW-1:0] s1_row;
    reg [FW-1:0] s1_first;
    always @(posedge clk)
        if (en) begin
            s1_x <= in_data;
            s1_waddr <= waddr;
            s1_row <= scanning ? a_row : b_row;
            s1_first <= scanning ? a_first : b_first;
        end
    reg [PE*XW-1:0] bank [0:2*N-1];
    always @(posedge clk)
        if (en && v[1] && tg[1][TK +: 2] == SCAN) bank[s1_waddr] <= s1_x;

    // an access of all M slots starts at memory 0 (no rotation); narrower ones are rotated
    localparam integer SUM_RK = (P == M) ? S : (S == M) ? P : ((P > S) ? P : S);
    wire [M*L*SUMW-1:0] sums_raw;
    wire [SUM_RK*L*SUMW-1:0] sums_rot;
    wire [PE*SUMW-1:0] word_sums, total;
    wire [SIMD*SUMW-1:0] chunk_sums;
    bcd_slot_ram #(.M(M), .SW(L * SUMW), .ROWS(ROWS), .WK(P), .RK(SUM_RK), .RW(SRW), .FW(FW)) sum_ram (
        .clk(clk), .we(en && v[1] && tg[1][TK +: 2] == SCAN), .w_row(s1_row), .w_first(s1_first),
        .w_data(total), .r_row(s1_row), .r_first(s1_first), .r_raw(sums_raw), .r_data(sums_rot));

    genvar p, i;
    generate
        if (M == 1) begin : aligned
            assign {word_sums, chunk_sums} = {sums_raw, sums_raw};
            wire unused = &{1'b0, sums_rot};
        end else if (P == M) begin : whole_words
            assign {word_sums, chunk_sums} = {sums_raw, sums_rot};
        end else if (S == M) begin : whole_chunks
            assign {word_sums, chunk_sums} = {sums_rot, sums_raw};
        end else begin : rotated
            assign {word_sums, chunk_sums} = {sums_rot[PE*SUMW-1:0], sums_rot[SIMD*SUMW-1:0]};
            wire unused = &{1'b0, sums_raw};
        end
        for (p = 0; p < PE; p = p + 1) begin : lane
            wire signed [XW-1:0] x = s1_x[p*XW +: XW];
            wire [SUMW-1:0] prior = tg[1][TF] ? {SUMW{1'b0}} : word_sums[p*SUMW +: SUMW];
            assign total[p*SUMW +: SUMW] = prior + {{(SUMW-XW){x[XW-1]}}, x};
        end
    endgenerate

    // e: s2 sums, s3 sum*R, s4 g and the W1 word, s5 g*W1, s6 sum, s7 accumulator, s8 e
    reg [SIMD*SUMW-1:0] s2_sum;
    always @(posedge clk)
        if (en) s2_sum <= chunk_sums;
    wire load_w1 = en && v[3] && tg[3][TK +: 2] == EPASS;
    reg [PSW-1:0] w1_addr, w2_addr;
    wire load_w2 = en && v[8] && tg[8][TK +: 2] == APASS;
    always @(posedge clk)
        if (!rst_n) {w1_addr, w2_addr} <= 0;
        else begin
            if (load_w1) w1_addr <= (w1_addr == PS_LAST) ? {PSW{1'b0}} : w1_addr + 1'b1;
            if (load_w2) w2_addr <= (w2_addr == PS_LAST) ? {PSW{1'b0}} : w2_addr + 1'b1;
        end
    wire [SIMD*W1W-1:0] w1q;
    wire [SIMD*W2W-1:0] w2q;
    bcd_rom #(.DEPTH(PASS), .WIDTH(SIMD * W1W), .FILE(W1), .AW(PSW)) w1_rom (
        .clk(clk), .en(load_w1), .addr(w1_addr), .q(w1q));
    bcd_rom #(.DEPTH(PASS), .WIDTH(SIMD * W2W), .FILE(W2), .AW(PSW)) w2_rom (
        .clk(clk), .en(load_w2), .addr(w2_addr), .q(w2q));

    wire [SIMD*(GW+W1W)-1:0] s5_p;
    generate
        for (i = 0; i < SIMD; i = i + 1) begin : mac1
            reg signed [GPW-1:0] s3_prod;
            wire [GW-1:0] g;
            always @(posedge clk)
                if (en) s3_prod <= $signed(s2_sum[i*SUMW +: SUMW]) * $signed(RECIP);
            bcd_requant #(.AW(GPW), .CB(G_RSH + 2), .A(G_A), .RSH(G_RSH), .OW(GW)) g_round (
                .clk(clk), .load(load_w1), .acc(s3_prod), .c(G_HALF), .y(g));
            wire signed [GW+W1W-1:0] prod;   // in a DSP's output register (bcd_mul)
            bcd_mul #(.AW(GW), .BW(W1W)) mul (.clk(clk), .en(en), .a(g), .b(w1q[i*W1W +: W1W]), .p(prod));
            assign s5_p[i*(GW+W1W) +: GW+W1W] = prod;
        end
    endgenerate
    reg signed [EAW-1:0] e_tree, s6_sum, s7_acc;
    integer k1;
    always @* begin
        e_tree = {EAW{1'b0}};
        for (k1 = 0; k1 < SIMD; k1 = k1 + 1)
            e_tree = e_tree + {{(EAW-GW-W1W){s5_p[k1*(GW+W1W)+GW+W1W-1]}}, s5_p[k1*(GW+W1W) +: GW+W1W]};
    end
    always @(posedge clk)
        if (en) s6_sum <= e_tree;
    always @(posedge clk)
        if (en && v[6] && tg[6][TK +: 2] == EPASS) s7_acc <= (tg[6][TF] ? {EAW{1'b0}} : s7_acc) + s6_sum;
    wire [EW-1:0] s8_e;
    bcd_requant #(.AW(EAW), .CB(E_RSH + 2), .A(E_A), .RSH(E_RSH), .OW(EW)) e_round (
        .clk(clk), .load(en && v[7] && tg[7][TK +: 2] == EPASS && tg[7][TL]), .acc(s7_acc), .c(E_HALF), .y(s8_e));
    reg [EW-1:0] e_mem [0:HID-1];
    always @(posedge clk)
        if (en && v[8] && tg[8][TK +: 2] == EPASS && tg[8][TL]) e_mem[tg[8][TJ +: JW]] <= s8_e;
    wire [EW-1:0] e_j = e_mem[tg[8][TJ +: JW]];   // the alpha iteration's e[j] (written >= 1 cycle before)

    // the e output: iterations (0, j) of the alpha pass
    always @(posedge clk)
        if (!rst_n) e_valid <= 1'b0;
        else if (en) e_valid <= v[8] && tg[8][TK +: 2] == APASS && tg[8][TX];
    always @(posedge clk)
        if (en && v[8] && tg[8][TK +: 2] == APASS && tg[8][TX]) e_data <= e_j;

    // alpha: s9 e[j] and the W2 word, s10 e*W2, s11 accumulators, s12 alpha -> alpha memory
    reg signed [EW-1:0] s9_e;
    always @(posedge clk)
        if (en) s9_e <= e_j;
    wire store = en && v[12] && tg[12][TK +: 2] == APASS && tg[12][TL];
    wire [SIMD*ALW-1:0] s12_alpha;
    generate
        for (i = 0; i < SIMD; i = i + 1) begin : mac2
            wire signed [EW+W2W-1:0] prod;   // in a DSP's output register (bcd_mul)
            reg signed [AAW-1:0] acc;
            bcd_mul #(.AW(EW), .BW(W2W)) mul (.clk(clk), .en(en), .a(s9_e), .b(w2q[i*W2W +: W2W]), .p(prod));
            always @(posedge clk)
                if (en && v[10] && tg[10][TK +: 2] == APASS)
                    acc <= (tg[10][TF] ? {AAW{1'b0}} : acc) + {{(AAW-EW-W2W){prod[EW+W2W-1]}}, prod};
            bcd_requant #(.AW(AAW), .CB(AL_RSH + 2), .A(AL_A), .RSH(AL_RSH), .OW(ALW)) alpha_round (
                .clk(clk), .load(en && v[11] && tg[11][TK +: 2] == APASS && tg[11][TL]), .acc(acc), .c(AL_HALF),
                .y(s12_alpha[i*ALW +: ALW]));
        end
    endgenerate

    wire [RW-1:0] sw_row, rd_row;
    wire [FW-1:0] sw_first, rd_first;
    bcd_slot_cursor #(.M(M), .K(S), .RW(RW), .FW(FW)) store_cursor (
        .clk(clk), .rst_n(rst_n), .step(store), .last(tg[12][TE]), .row(sw_row), .first(sw_first));
    wire [M*L*ALW-1:0] alpha_raw;
    wire [PE*ALW-1:0] alpha_rot, alphas;
    bcd_slot_ram #(.M(M), .SW(L * ALW), .ROWS(2 * ROWS), .WK(S), .RK(P), .RW(RW), .FW(FW)) alpha_ram (
        .clk(clk), .we(store), .w_row(sw_row + (tg[12][TB] ? BANK_ROWS : {RW{1'b0}})), .w_first(sw_first),
        .w_data(s12_alpha), .r_row(rd_row + (bout ? BANK_ROWS : {RW{1'b0}})), .r_first(rd_first),
        .r_raw(alpha_raw), .r_data(alpha_rot));
    generate
        if (P == M) begin : alpha_words
            assign alphas = alpha_raw;
            wire unused = &{1'b0, alpha_rot};
        end else begin : alpha_rotated
            assign alphas = alpha_rot;
            wire unused = &{1'b0, alpha_raw};
        end
    endgenerate

    // ---- context_replay -----------------------------------------------------------------------
    wire en_r = !out_valid || out_ready;
    wire r_issue = en_r && full[bout];
    reg [NFW-1:0] rnf;
    reg [PXW-1:0] rpix;
    reg [BW-1:0] raddr;
    wire r_end = rnf == NF_LAST && rpix == PIX_LAST;
    always @(posedge clk)
        if (!rst_n) {rnf, rpix, raddr, bout} <= 0;
        else if (r_issue) begin
            rnf <= (rnf == NF_LAST) ? {NFW{1'b0}} : rnf + 1'b1;
            if (rnf == NF_LAST) rpix <= (rpix == PIX_LAST) ? {PXW{1'b0}} : rpix + 1'b1;
            raddr <= (raddr == B_LAST) ? {BW{1'b0}} : raddr + 1'b1;
            if (r_end) bout <= !bout;
        end
    bcd_slot_cursor #(.M(M), .K(P), .RW(RW), .FW(FW)) read_cursor (
        .clk(clk), .rst_n(rst_n), .step(r_issue), .last(rnf == NF_LAST), .row(rd_row), .first(rd_first));

    always @(posedge clk)
        if (!rst_n) {busy, full} <= 4'b0000;
        else begin
            if (issue && start) busy[bin] <= 1'b1;
            if (store && tg[12][TE]) full[tg[12][TB]] <= 1'b1;
            if (r_issue && r_end) begin
                busy[bout] <= 1'b0;
                full[bout] <= 1'b0;
            end
        end

    // r1: the bank read; r2: its output register (a block RAM's read has 5.8 ns clock-to-out on an
    // ECP5 without it, too little of a 10 ns cycle left for the comparison after it)
    reg [PE*XW-1:0] r1_x, r2_x;
    reg [PE*ALW-1:0] r1_alpha, r2_alpha;
    reg r1_valid, r2_valid;
    always @(posedge clk)
        if (en_r) begin
            r1_x <= bank[raddr];
            r1_alpha <= alphas;
            r2_x <= r1_x;
            r2_alpha <= r1_alpha;
        end
    always @(posedge clk)
        if (!rst_n) {r1_valid, r2_valid, out_valid} <= 3'b000;
        else if (en_r) {r1_valid, r2_valid, out_valid} <= {r_issue, r1_valid, r2_valid};

    localparam integer CW = ((XW + XS > ALW + AS) ? XW + XS : ALW + AS) + 1;
    wire [PE-1:0] bits;
    generate
        for (p = 0; p < PE; p = p + 1) begin : compare
            wire [XW-1:0] x = r2_x[p*XW +: XW];
            wire [ALW-1:0] a = r2_alpha[p*ALW +: ALW];
            wire signed [CW-1:0] xv = {{(CW-XW){x[XW-1]}}, x};
            wire signed [CW-1:0] av = {{(CW-ALW){a[ALW-1]}}, a};
            assign bits[p] = (xv <<< XS) >= (av <<< AS);
        end
    endgenerate
    always @(posedge clk)
        if (en_r) out_data <= bits;
endmodule

`default_nettype wire
