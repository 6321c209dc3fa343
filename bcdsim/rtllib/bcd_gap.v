// bcd_gap: global average pool on PE lanes (bcdsim RTL library). hw mode (bcdsim.hw.interpret
// _mean): the exact per-channel sum over the PIX = H*W pixels times the reciprocal mantissa R
// of 1/PIX (bcdsim.hw.fixed.reciprocal, 18 bits: one DSP input), rounded once to the output:
//   y = sat_OW(((sum * R) << A) + half) >>> RSH)
// Schedule: iteration n reads word n; output word j is written by iteration (PIX-1)*NF + j (the
// frame's last pixel). Sums live in a memory of NF words read asynchronously (LUT RAM) and
// written back as the word leaves stage 1. Pipeline (en = !out_valid | out_ready): s1 input,
// s2 final sum, s3 product, s4 the requantized output: depth 4.
`default_nettype none

module bcd_gap #(
    parameter integer PE = 4,
    parameter integer NF = 4,      // channel words per pixel (C / PE)
    parameter integer PIX = 16,    // pixels per frame (H * W)
    parameter integer XW = 16,
    parameter integer R = 1,       // reciprocal mantissa of 1/PIX
    parameter integer RB = 18,     // its width (unsigned)
    parameter integer A = 0,
    parameter integer RSH = 0,
    parameter integer OW = 16
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
    localparam integer SW = XW + $clog2(PIX > 1 ? PIX : 2);   // exact sum
    localparam integer PW = SW + RB + 1;                      // sum * R (R as a positive signed)
    localparam integer NFW = $clog2(NF > 1 ? NF : 2);
    localparam integer PXW = $clog2(PIX > 1 ? PIX : 2);
    localparam integer NF_M1 = NF - 1, PIX_M1 = PIX - 1;
    localparam [NFW-1:0] NF_LAST = NF_M1[NFW-1:0];
    localparam [PXW-1:0] PIX_LAST = PIX_M1[PXW-1:0];
    localparam [RB:0] RECIP = R[RB:0];
    localparam integer HALF_I = (RSH > 0) ? (1 << (RSH - 1)) : 0;
    localparam [RSH:0] HALF = HALF_I[RSH:0];

    wire en = !out_valid || out_ready;
    wire issue = en && in_valid;
    assign in_ready = en;

    reg [NFW-1:0] nf;
    reg [PXW-1:0] pix;
    always @(posedge clk)
        if (!rst_n) begin
            nf <= {NFW{1'b0}};
            pix <= {PXW{1'b0}};
        end else if (issue) begin
            nf <= (nf == NF_LAST) ? {NFW{1'b0}} : nf + 1'b1;
            if (nf == NF_LAST) pix <= (pix == PIX_LAST) ? {PXW{1'b0}} : pix + 1'b1;
        end

    reg s1_valid, s1_first, s1_last, s2_valid, s3_valid;
    reg [NFW-1:0] s1_nf;
    reg [PE*XW-1:0] s1_x;
    always @(posedge clk)
        if (!rst_n) {s1_valid, s2_valid, s3_valid} <= 3'b000;
        else if (en) {s1_valid, s2_valid, s3_valid} <= {issue, s1_valid && s1_last, s2_valid};
    always @(posedge clk)
        if (en) begin
            s1_first <= (pix == {PXW{1'b0}});
            s1_last <= (pix == PIX_LAST);
            s1_nf <= nf;
            s1_x <= in_data;
        end

    reg [PE*SW-1:0] sums [0:NF-1];
    wire [PE*SW-1:0] acc = sums[s1_nf];
    wire [PE*SW-1:0] total;
    always @(posedge clk)
        if (en && s1_valid) sums[s1_nf] <= total;

    genvar p;
    generate
        for (p = 0; p < PE; p = p + 1) begin : lane
            wire signed [XW-1:0] x = s1_x[p*XW +: XW];
            wire signed [SW-1:0] prior = s1_first ? {SW{1'b0}} : acc[p*SW +: SW];
            assign total[p*SW +: SW] = prior + {{(SW-XW){x[XW-1]}}, x};
            reg signed [SW-1:0] s2_sum;
            reg signed [PW-1:0] s3_prod;
            always @(posedge clk)
                if (en) begin
                    s2_sum <= total[p*SW +: SW];
                    s3_prod <= s2_sum * $signed(RECIP);
                end
            bcd_requant #(.AW(PW), .CB(RSH + 2), .A(A), .RSH(RSH), .OW(OW)) out (
                .clk(clk), .load(en && s3_valid), .acc(s3_prod), .c({1'b0, HALF}), .y(out_data[p*OW +: OW]));
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s3_valid;
endmodule

`default_nettype wire
