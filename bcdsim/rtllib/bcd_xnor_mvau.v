// bcd_xnor_mvau: XNOR-popcount matrix-vector unit, SIMD x PE lanes (bcdsim RTL library).
//
// Per output pixel the input stream brings the MW window bits of that pixel (im2col done
// upstream) with their valid bits, SIMD of each per beat:
//   in_data = {valid[SIMD-1:0], bits[SIMD-1:0]}, beat f carries window elements f*SIMD .. f*SIMD+SIMD-1.
// For each of the NF = MH/PE output groups the unit runs the SF = MW/SIMD folds (one per cycle)
// and emits PE signed results per beat: out_data[p*RW +: RW] = 2*popcount(~(w ^ a) & valid) - n_valid
// of output channel nf*PE + p. The pixel's beats are read from the stream during group 0 and
// replayed from a buffer for groups 1..NF-1, so a frame takes exactly OH*OW*SF*NF cycles when
// the stream keeps up (bcdsim.cost.units.mvau_cycles; FINN's MVAU schedule).
//
// SEGS > 1 (BCDNet's shift-MLP: MW = 3C inputs from three sources, source-major): the folds of
// each group split into SEGS segments of SF/SEGS folds with one result each, so a group emits
// SEGS beats (segment-major within the group: beat order nf, segment, lane).
//
// Valid masks (MASK):
//   0  no padding: every valid bit is 1 and is ignored;
//   1  one valid bit per beat (all SIMD valid bits of a beat are equal, bit 0 is read): a padded
//      fold must contribute 0 = 2*(SIMD/2) - SIMD, so the tree's last register loads SIMD/2
//      through its synchronous set/reset (no LUT) and every lane stays a pure XNOR (needs SIMD even);
//   2  a valid bit per lane (any mask): lanes are ANDed with their valid bit inside the tree and a
//      shared tree counts n_valid, subtracted per PE at the output (more LUTs; any SIMD).
// MASK 0/1 accumulate acc = sum(count) from INIT = -ceil(MWS/2), so that the result
// 2*popcount - MWS is {acc, MWS[0]}: wires, no subtractor.
//
// Pipeline (global clock enable en = !out_valid | out_ready, FINN-style stall): stage 1 = input
// register + the weight memory's read register (the memory sits outside: w_addr now, w_data
// one clock later; w_addr_next lets a block-RAM memory read one edge ahead, bcd_weight_rom); STAGES registers in the compressor tree; the accumulator; the output
// register. A fold accepted at clock edge t reaches the output handshake at t + 3 + STAGES
// (bcdsim.cost.units.mvau_depth with STAGES = ceil(log2(SIMD)/2)).
`default_nettype none

module bcd_xnor_mvau #(
    parameter integer MW = 288,
    parameter integer MH = 32,
    parameter integer SIMD = 32,
    parameter integer PE = 16,
    parameter integer SEGS = 1,
    parameter integer MASK = 1,
    parameter integer STAGES = ($clog2(SIMD) + 1) / 2,
    parameter integer RW = $clog2(MW / SEGS + 1) + 1,   // result width: values in [-MW/SEGS, MW/SEGS]
    parameter integer WA = $clog2(MW / SIMD * (MH / PE) > 1 ? MW / SIMD * (MH / PE) : 2),
    parameter integer TREE = 1  // 0: behavioural popcount instead of the compressor tree (area baseline)
) (
    input  wire               clk,
    input  wire               rst_n,
    input  wire [2*SIMD-1:0]  in_data,
    input  wire               in_valid,
    output wire               in_ready,
    output wire [WA-1:0]      w_addr,   // weight word of the fold being issued
    output wire [WA-1:0]      w_addr_next,  // w_addr after the coming edge (bcd_weight_rom reads ahead)
    output wire               w_en,     // read enable of the weight memory's output register
    input  wire [SIMD*PE-1:0] w_data,   // w_data[p*SIMD + i]: weight of lane i of PE p (1 = +1)
    output reg  [PE*RW-1:0]   out_data,
    output reg                out_valid,
    input  wire               out_ready
);
    localparam integer SF = MW / SIMD;   // folds per output group
    localparam integer NF = MH / PE;     // output groups per pixel
    localparam integer SEGF = SF / SEGS; // folds per segment
    localparam integer MWS = MW / SEGS;  // inputs per result
    localparam integer CW = $clog2(SIMD + 1);
    localparam integer AW = RW - 1;      // accumulator width
    localparam integer SFW = $clog2(SF > 1 ? SF : 2);
    localparam integer NFW = $clog2(NF > 1 ? NF : 2);
    localparam integer BW = (MASK == 2) ? 2 * SIMD : (MASK == 1) ? SIMD + 1 : SIMD;  // buffered beat
    localparam integer HALF = SIMD / 2;
    localparam integer INIT_I = -((MWS + 1) / 2);
    localparam [AW-1:0] INIT = INIT_I[AW-1:0];
    localparam integer SF_M1 = SF - 1, SEGF_M1 = SEGF - 1, NF_M1 = NF - 1;
    localparam [SFW-1:0] SF_LAST = SF_M1[SFW-1:0];
    localparam [SFW-1:0] SEGF_LAST = SEGF_M1[SFW-1:0];
    localparam [NFW-1:0] NF_LAST = NF_M1[NFW-1:0];

    wire en = !out_valid || out_ready;

    // ---- issue: fold counters, input stream or replay buffer ------------------------------
    reg [SFW-1:0] sf;    // fold within the group
    wire [SFW-1:0] segf; // fold within the segment
    reg [NFW-1:0] nf;    // output group
    reg [WA-1:0] waddr;  // = nf * SF + sf
    wire first_group = (nf == {NFW{1'b0}});
    wire issue = en && (!first_group || in_valid);
    assign in_ready = en && first_group;
    assign w_addr = waddr;
    assign w_en = en;

    always @(posedge clk)
        if (!rst_n) begin
            sf <= 0;
            nf <= 0;
        end else if (issue) begin
            if (sf == SF_LAST) begin
                sf <= 0;
                nf <= (nf == NF_LAST) ? {NFW{1'b0}} : nf + 1'b1;
            end else begin
                sf <= sf + 1'b1;
            end
        end
    // the weight address as a D input the weight memory can read ahead from
    wire wrap = (sf == SF_LAST) && (nf == NF_LAST);
    assign w_addr_next = !rst_n ? {WA{1'b0}} : !issue ? waddr : wrap ? {WA{1'b0}} : waddr + 1'b1;
    always @(posedge clk)
        waddr <= w_addr_next;

    generate
        if (SEGS > 1) begin : segments
            reg [SFW-1:0] q;
            always @(posedge clk)
                if (!rst_n) q <= {SFW{1'b0}};
                else if (issue) q <= (q == SEGF_LAST) ? {SFW{1'b0}} : q + 1'b1;
            assign segf = q;
        end else begin : one_segment
            assign segf = sf;
        end
    endgenerate

    // what one beat keeps: MASK 2 all valid bits, MASK 1 the beat's valid bit, MASK 0 none
    wire [BW-1:0] beat;
    generate
        if (MASK == 2) begin : keep_lanes
            assign beat = in_data;
        end else if (MASK == 1) begin : keep_fold
            assign beat = {in_data[SIMD], in_data[SIMD-1:0]};
            wire unused = &{1'b0, in_data[2*SIMD-1:SIMD+1]};
        end else begin : keep_none
            assign beat = in_data[SIMD-1:0];
            wire unused = &{1'b0, in_data[2*SIMD-1:SIMD]};
        end
    endgenerate

    // Stage 1. With NF > 1 every beat of the first group is written to the replay buffer (LUT
    // RAM, asynchronous read) and all groups read the tree input back from it at the registered
    // fold address: the RAM write and the address register are the stage-1 register, and no
    // multiplexer between stream and buffer is needed (that would be SIMD LUTs).
    wire [BW-1:0] s1_beat;
    reg s1_valid, s1_first, s1_last;
    wire seg_first = (segf == {SFW{1'b0}});
    wire seg_last = (segf == SEGF_LAST);
    generate
        if (NF > 1) begin : replay
            reg [BW-1:0] buffer [0:SF-1];
            reg [SFW-1:0] rd;
            always @(posedge clk)
                if (issue && first_group) buffer[sf] <= beat;
            always @(posedge clk)
                if (en) rd <= sf;
            assign s1_beat = buffer[rd];
        end else begin : stream_only
            reg [BW-1:0] q;
            always @(posedge clk)
                if (en) q <= beat;
            assign s1_beat = q;
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) s1_valid <= 1'b0;
        else if (en) begin
            s1_valid <= issue;
            s1_first <= seg_first;
            s1_last <= seg_last;
        end

    // ---- side band through the tree: valid, first/last fold of a segment, fold valid ---------
    wire [STAGES:0] sb_valid, sb_first, sb_last, sb_fv;
    assign sb_valid[0] = s1_valid;
    assign sb_first[0] = s1_first;
    assign sb_last[0] = s1_last;
    genvar k, p;
    generate
        if (MASK == 1) begin : fold_valid
            assign sb_fv[0] = s1_beat[BW-1];
        end else begin : all_valid
            assign sb_fv[0] = 1'b1;
        end
        for (k = 1; k <= STAGES; k = k + 1) begin : sband
            reg v, f, l, fv;
            always @(posedge clk)
                if (!rst_n) v <= 1'b0;
                else if (en) begin
                    v <= sb_valid[k-1];
                    f <= sb_first[k-1];
                    l <= sb_last[k-1];
                    fv <= sb_fv[k-1];
                end
            assign sb_valid[k] = v;
            assign sb_first[k] = f;
            assign sb_last[k] = l;
            assign sb_fv[k] = fv;
        end
    endgenerate
    // the tree's last register samples `clr` STAGES-1 clocks after stage 1
    wire clr = (MASK == 1) && !sb_fv[STAGES > 0 ? STAGES - 1 : 0];
    wire t_valid = sb_valid[STAGES];
    wire t_first = sb_first[STAGES];
    wire t_last = sb_last[STAGES];

    wire [SIMD-1:0] s1_bits = s1_beat[SIMD-1:0];
    wire [SIMD-1:0] s1_lane_valid;
    generate
        if (MASK == 2) begin : lanes
            assign s1_lane_valid = s1_beat[2*SIMD-1:SIMD];
        end else begin : no_lanes
            assign s1_lane_valid = {SIMD{1'b1}};
        end
    endgenerate

    // ---- PE lanes: tree, accumulator -----------------------------------------------------------
    reg a_valid, a_last;
    always @(posedge clk)
        if (!rst_n) a_valid <= 1'b0;
        else if (en) begin
            a_valid <= t_valid;
            a_last <= t_last;
        end

    // MASK 2: n_valid per fold from a shared tree (same depth), accumulated like the lanes;
    // declared before the lanes that read nvalid.nv_acc (yosys 0.70 resolves the name only then)
    generate
        if (MASK == 2) begin : nvalid
            reg [AW-1:0] nv_acc;
            wire [CW-1:0] nv;
            bcd_popcount #(.N(SIMD), .MASKED(0), .STAGES(STAGES)) tree (
                .clk(clk), .en(en), .clr(1'b0), .a(s1_lane_valid), .w({SIMD{1'b1}}), .v({SIMD{1'b1}}),
                .count(nv));
            always @(posedge clk)
                if (en && t_valid) nv_acc <= {{(AW-CW){1'b0}}, nv} + (t_first ? {AW{1'b0}} : nv_acc);
        end
    endgenerate

    wire [PE*RW-1:0] result;
    generate
        for (p = 0; p < PE; p = p + 1) begin : lane
            wire [CW-1:0] count;
            bcd_popcount #(.N(SIMD), .MASKED(MASK == 2 ? 1 : 0), .STAGES(STAGES), .CLR_VALUE(HALF), .TREE(TREE)) tree (
                .clk(clk), .en(en), .clr(clr), .a(s1_bits), .w(w_data[p*SIMD +: SIMD]), .v(s1_lane_valid),
                .count(count));
            reg [AW-1:0] acc;
            // count first: it drives the carry chain's DI, the base mux merges into the S LUT
            wire [AW-1:0] base = (MASK == 2) ? (t_first ? {AW{1'b0}} : acc) : (t_first ? INIT : acc);
            always @(posedge clk)
                if (en && t_valid) acc <= {{(AW-CW){1'b0}}, count} + base;
            if (MASK == 2) begin : subtract
                assign result[p*RW +: RW] = {acc, 1'b0} - {1'b0, nvalid.nv_acc};
            end else begin : wires
                assign result[p*RW +: RW] = {acc, MWS[0]};
            end
        end
    endgenerate


    // ---- output register ---------------------------------------------------------------------
    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= a_valid && a_last;
    always @(posedge clk)
        if (en && a_valid && a_last) out_data <= result;
endmodule

`default_nettype wire
