// bcd_eltwise: per-channel fixed-point unit on PE lanes (bcdsim RTL library): BatchNorm, Affine,
// Scale, Bias, PReLU and RPReLU exactly as bcdsim's hw mode computes them (bcdsim.hw.interpret):
// exact integer arithmetic, one rounding at the end (bcd_requant: round half up, saturate).
//
//   OP 0 (affine: BatchNorm, single-branch Affine, Scale)  p = x * s
//   OP 1 (bias)                                            p = x
//   OP 2 (RPReLU; PReLU with b = 0)                        v = (x << A1) + b
//                                                          p = v >= 0 ? v << SH : v * s
//   y = sat_OW(((p << A) + c) >>> RSH)      (c: the output constant with the rounding half)
//
// Schedule (docs/hardware_units.md §4): iteration n reads word n and writes word n; word n
// holds channels (n mod NF)*PE .. +PE-1. Parameters: one ROM word per channel word (NF words),
// lane p at [p*PW +: PW] = {c (CB bits), s (SW bits), b (BW bits)}, read at the accepting edge.
// Pipeline (global enable en = !out_valid | out_ready): s1 input + parameter word, s2 v, s3 p
// (the multiplier's register), s4 the requantized output register: depth 4 (a word accepted in
// cycle t is offered in cycle t + 4).
// OP 2 with v wider than a multiplier's 18 bits (ECP5 MULT18X18D) but x, b and s within them,
// and the parameters in LUT ROM (NF*PE*PW <= BCD_LUTRAM_BITS, bcd_rom's choice): v * s would
// take two multipliers and an adder in one stage. As v = (x << A1) + b exactly,
// v * s = ((x * s) << A1) + b * s: s2 holds v and the products x * s and b * s (one multiplier
// each, after registers), s3 the shift-add and the select (the same integers, same depth, as
// many multipliers). With a block-RAM ROM (5.6 ns clock-to-out on an ECP5) the multiplier stays
// in s3 behind the registered slope.
`default_nettype none
`ifndef BCD_LUTRAM_BITS
`define BCD_LUTRAM_BITS 4096
`endif

module bcd_eltwise #(
    parameter integer PE = 4,
    parameter integer NF = 4,    // channel words per pixel (C / PE)
    parameter integer OP = 0,
    parameter integer XW = 16,   // input width (signed)
    parameter integer A1 = 0,    // OP 2: alignment of x to the bias
    parameter integer BW = 2,    // OP 2: bias width
    parameter integer SW = 16,   // scale / slope width
    parameter integer SH = 0,    // OP 2: fraction bits of the slope (the positive branch's shift)
    parameter integer A = 0,
    parameter integer CB = 24,
    parameter integer RSH = 8,
    parameter integer OW = 16,
    parameter FILE = "params.mem"
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire [PE*XW-1:0] in_data,
    input  wire             in_valid,
    output wire             in_ready,
    output wire [PE*OW-1:0] out_data,
    output reg              out_valid,
    input  wire             out_ready
);
    localparam integer PW = CB + SW + BW;                    // one lane's parameters
    localparam integer VW = ((XW + A1 > BW) ? XW + A1 : BW) + 1;
    localparam integer QW = (OP == 0) ? XW + SW : (OP == 1) ? XW : VW + ((SW > SH) ? SW : SH);
    localparam integer XSW = XW + SW;                        // OP 2: x * s
    localparam integer BSW = BW + SW;                        // OP 2: b * s
    localparam integer MUL_W = 18;                           // ECP5 MULT18X18D operands
    localparam integer SPLIT = (OP == 2 && VW > MUL_W && XW <= MUL_W && BW <= MUL_W && SW <= MUL_W
                                && NF * PE * PW <= `BCD_LUTRAM_BITS) ? 1 : 0;
    localparam integer NFW = $clog2(NF > 1 ? NF : 2);
    localparam integer NF_M1 = NF - 1;
    localparam [NFW-1:0] NF_LAST = NF_M1[NFW-1:0];

    wire en = !out_valid || out_ready;
    wire accept = in_valid && en;
    assign in_ready = en;

    reg [NFW-1:0] nf;
    always @(posedge clk)
        if (!rst_n) nf <= {NFW{1'b0}};
        else if (accept) nf <= (nf == NF_LAST) ? {NFW{1'b0}} : nf + 1'b1;

    wire [PE*PW-1:0] params;
    bcd_rom #(.DEPTH(NF), .WIDTH(PE * PW), .FILE(FILE), .AW(NFW)) rom (
        .clk(clk), .en(en), .addr(nf), .q(params));

    reg s1_valid, s2_valid, s3_valid;
    reg [PE*XW-1:0] s1_x;
    always @(posedge clk)
        if (!rst_n) {s1_valid, s2_valid, s3_valid} <= 3'b000;
        else if (en) {s1_valid, s2_valid, s3_valid} <= {accept, s1_valid, s2_valid};
    always @(posedge clk)
        if (en) s1_x <= in_data;

    genvar p;
    generate
        for (p = 0; p < PE; p = p + 1) begin : lane
            wire signed [XW-1:0] x = s1_x[p*XW +: XW];
            wire signed [BW-1:0] b = params[p*PW +: BW];
            wire signed [SW-1:0] s1_s = params[p*PW + BW +: SW];
            wire [CB-1:0] s1_c = params[p*PW + BW + SW +: CB];
            reg signed [VW-1:0] v;      // s2
            reg signed [SW-1:0] s2_s;
            reg [CB-1:0] s2_c, s3_c;
            wire signed [QW-1:0] q;     // s3
            always @(posedge clk)
                if (en) begin
                    v <= (OP == 2) ? ($signed({{(VW-XW){x[XW-1]}}, x}) <<< A1) + $signed({{(VW-BW){b[BW-1]}}, b})
                                   : $signed({{(VW-XW){x[XW-1]}}, x});
                    s2_s <= s1_s;
                    s2_c <= s1_c;
                    s3_c <= s2_c;
                end
            if (OP == 0) begin : scale
                bcd_mul #(.AW(XW), .BW(SW)) mul (.clk(clk), .en(en), .a(v[XW-1:0]), .b(s2_s), .p(q));
            end else if (OP == 1) begin : pass
                reg signed [QW-1:0] r;
                always @(posedge clk)
                    if (en) r <= $signed(v[XW-1:0]);
                assign q = r;
            end else if (SPLIT == 0) begin : prelu
                reg signed [QW-1:0] r;
                always @(posedge clk)
                    if (en) r <= v[VW-1] ? v * s2_s : $signed({{(QW-VW){v[VW-1]}}, v}) <<< SH;
                assign q = r;
            end else begin : prelu_split
                // QW >= XW + A1 + SW + 1 and >= BW + SW + 1: v * s, both products and their
                // shifted sum fit, so the QW-bit sum is the exact v * s of the single product
                wire signed [XSW-1:0] xs;  // s2
                wire signed [BSW-1:0] bs;
                bcd_mul #(.AW(XW), .BW(SW)) mul_x (.clk(clk), .en(en), .a(x), .b(s1_s), .p(xs));
                bcd_mul #(.AW(BW), .BW(SW)) mul_b (.clk(clk), .en(en), .a(b), .b(s1_s), .p(bs));
                reg signed [QW-1:0] r;
                always @(posedge clk)
                    if (en) r <= v[VW-1] ? ($signed({{(QW-XSW){xs[XSW-1]}}, xs}) <<< A1) + $signed({{(QW-BSW){bs[BSW-1]}}, bs})
                                     : $signed({{(QW-VW){v[VW-1]}}, v}) <<< SH;
                assign q = r;
                wire unused = &{1'b0, s2_s};
            end
            if (OP != 2) begin : unused_bias
                wire unused = &{1'b0, b, v[VW-1:XW]};
            end
            if (OP == 1) begin : unused_scale
                wire unused = &{1'b0, s2_s};
            end
            bcd_requant #(.AW(QW), .CB(CB), .A(A), .RSH(RSH), .OW(OW)) out (
                .clk(clk), .load(en && s3_valid), .acc(q), .c(s3_c), .y(out_data[p*OW +: OW]));
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s3_valid;
endmodule

`default_nettype wire
