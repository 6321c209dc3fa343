// bcd_dsp_mvau: fixed-point matrix-vector unit, SIMD x PE multipliers (bcdsim RTL library):
// the stem conv, real 1x1 convs and Linear layers (classifier, contextual offset FCs), exactly
// as hw mode computes them (bcdsim.hw.interpret _conv/_linear): the exact integer dot product
// of input mantissas and weight mantissas, plus the bias aligned, rounded once (bcd_requant):
//   y[o] = sat_OW((((sum_k x[k] * w[o][k]) << A) + c[o]) >>> RSH)
//
// Schedule (docs/hardware_units.md §4): iteration n = ((p*NF + nf)*SF + sf); it reads input word
// p*SF + sf during the first fold of its group (GROUPS > 1: the group's slice of a 1x1 conv's
// pixel; the words are replayed from a buffer for the group's other folds) and writes output word
// p*NF + nf when sf = SF-1. Weights: a ROM of NF*SF words (word nf*SF + sf, lane p*SIMD + i =
// weight of input sf*SIMD + i of output nf*PE + p, WW bits); constants: NF words of PE lanes.
// Pipeline (en = !out_valid | out_ready): s1 input word + weight word (the ROM's register),
// s2 SIMD*PE products (the multipliers' register), s3 the sum of the SIMD products, s4 the
// accumulator, then the requantized output register: depth 5.
`default_nettype none

module bcd_dsp_mvau #(
    parameter integer MW = 9,
    parameter integer MH = 16,
    parameter integer SIMD = 9,
    parameter integer PE = 4,
    parameter integer GROUPS = 1,
    parameter integer XW = 16,
    parameter integer WW = 16,
    parameter integer AW = 40,   // accumulator width (every dot product fits)
    parameter integer A = 0,
    parameter integer CB = 24,
    parameter integer RSH = 0,
    parameter integer OW = 16,
    parameter WEIGHTS = "weights.mem",
    parameter CONSTS = "consts.mem"
) (
    input  wire               clk,
    input  wire               rst_n,
    input  wire [SIMD*XW-1:0] in_data,
    input  wire               in_valid,
    output wire               in_ready,
    output wire [PE*OW-1:0]   out_data,
    output reg                out_valid,
    input  wire               out_ready
);
    localparam integer SF = MW / SIMD;
    localparam integer NF = MH / PE;
    localparam integer NFG = NF / GROUPS;   // folds of one group
    localparam integer PW = XW + WW;
    localparam integer SFW = $clog2(SF > 1 ? SF : 2);
    localparam integer NFW = $clog2(NF > 1 ? NF : 2);
    localparam integer WA = $clog2(SF * NF > 1 ? SF * NF : 2);
    localparam integer SF_M1 = SF - 1, NF_M1 = NF - 1, NFG_M1 = NFG - 1;
    localparam [SFW-1:0] SF_LAST = SF_M1[SFW-1:0];
    localparam [NFW-1:0] NF_LAST = NF_M1[NFW-1:0];
    localparam [NFW-1:0] NFG_LAST = NFG_M1[NFW-1:0];

    wire en = !out_valid || out_ready;
    reg [SFW-1:0] sf;
    reg [NFW-1:0] nf, nfg;      // fold, fold within its group
    reg [WA-1:0] waddr;
    wire first = (nfg == {NFW{1'b0}});
    wire issue = en && (!first || in_valid);
    assign in_ready = en && first;
    always @(posedge clk)
        if (!rst_n) begin
            sf <= {SFW{1'b0}};
            nf <= {NFW{1'b0}};
            nfg <= {NFW{1'b0}};
        end else if (issue) begin
            sf <= (sf == SF_LAST) ? {SFW{1'b0}} : sf + 1'b1;
            if (sf == SF_LAST) begin
                nf <= (nf == NF_LAST) ? {NFW{1'b0}} : nf + 1'b1;
                nfg <= (nfg == NFG_LAST) ? {NFW{1'b0}} : nfg + 1'b1;
            end
        end
    // the weight address as a D input the weight memory can read ahead from (bcd_weight_rom)
    wire [WA-1:0] waddr_next = !rst_n ? {WA{1'b0}} : !issue ? waddr
                             : (sf == SF_LAST && nf == NF_LAST) ? {WA{1'b0}} : waddr + 1'b1;
    always @(posedge clk)
        waddr <= waddr_next;

    wire [SIMD*PE*WW-1:0] wword;
    bcd_weight_rom #(.DEPTH(SF * NF), .WIDTH(SIMD * PE * WW), .FILE(WEIGHTS), .AW(WA)) weights (
        .clk(clk), .en(en), .addr(waddr), .addr_next(waddr_next), .q(wword));

    // s1: the input word, from the stream (first fold of a group) or the replay buffer, in a
    // register (an asynchronous replay read in front of the multipliers was a critical path)
    wire [SIMD*XW-1:0] s1_x;
    generate
        if (NFG > 1) begin : replay
            reg [SIMD*XW-1:0] buffer [0:SF-1];
            reg [SIMD*XW-1:0] q;
            always @(posedge clk)
                if (issue && first) buffer[sf] <= in_data;
            always @(posedge clk)
                if (en) q <= first ? in_data : buffer[sf];
            assign s1_x = q;
        end else begin : stream
            reg [SIMD*XW-1:0] q;
            always @(posedge clk)
                if (en) q <= in_data;
            assign s1_x = q;
        end
    endgenerate

    reg s1_valid, s2_valid, s3_valid, s4_valid;
    reg s1_first, s1_last, s2_first, s2_last, s3_first, s3_last, s4_last;
    reg [NFW-1:0] s1_nf, s2_nf, s3_nf;
    always @(posedge clk)
        if (!rst_n) {s1_valid, s2_valid, s3_valid, s4_valid} <= 4'b0000;
        else if (en) {s1_valid, s2_valid, s3_valid, s4_valid} <= {issue, s1_valid, s2_valid, s3_valid && s3_last};
    always @(posedge clk)
        if (en) begin
            {s1_first, s1_last, s1_nf} <= {sf == {SFW{1'b0}}, sf == SF_LAST, nf};
            {s2_first, s2_last, s2_nf} <= {s1_first, s1_last, s1_nf};
            {s3_first, s3_last, s3_nf} <= {s2_first, s2_last, s2_nf};
            s4_last <= s3_last;
        end

    wire [PE*CB-1:0] consts;
    bcd_rom #(.DEPTH(NF), .WIDTH(PE * CB), .FILE(CONSTS), .AW(NFW)) const_rom (
        .clk(clk), .en(en && s3_valid && s3_last), .addr(s3_nf), .q(consts));

    genvar p, i;
    generate
        for (p = 0; p < PE; p = p + 1) begin : lane
            wire signed [PW*SIMD-1:0] prod;   // s2
            for (i = 0; i < SIMD; i = i + 1) begin : mul
                wire signed [XW-1:0] x = s1_x[i*XW +: XW];
                wire signed [WW-1:0] w = wword[(p*SIMD+i)*WW +: WW];
                bcd_mul #(.AW(XW), .BW(WW)) m (.clk(clk), .en(en), .a(x), .b(w), .p(prod[i*PW +: PW]));
            end
            reg signed [AW-1:0] total;
            integer k;
            always @* begin
                total = {AW{1'b0}};
                for (k = 0; k < SIMD; k = k + 1)
                    total = total + {{(AW-PW){prod[k*PW+PW-1]}}, prod[k*PW +: PW]};
            end
            reg signed [AW-1:0] sum, acc;    // s3, s4
            always @(posedge clk)
                if (en) sum <= total;
            always @(posedge clk)
                if (en && s3_valid) acc <= (s3_first ? {AW{1'b0}} : acc) + sum;
            bcd_requant #(.AW(AW), .CB(CB), .A(A), .RSH(RSH), .OW(OW)) out (
                .clk(clk), .load(en && s4_valid), .acc(acc), .c(consts[p*CB +: CB]), .y(out_data[p*OW +: OW]));
        end
    endgenerate
    wire unused = &{1'b0, s4_last};

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s4_valid;
endmodule

`default_nettype wire
