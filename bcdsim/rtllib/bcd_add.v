// bcd_add: residual add of two fixed-point maps (OFFSET 0), or a map plus a per-frame channel
// offset vector (OFFSET 1, BCDNet-B's AddChannelOffset), on PE lanes (bcdsim RTL library).
// hw mode (bcdsim.hw.interpret _aligned_sum): both operands aligned exactly to the finer
// fraction, added, rounded once to the output type:
//
//   y = sat_OW(((a << AA) + (b << AB) + half) >>> RSH)
//
// (AA, AB, RSH and half = 2^(RSH-1) or 0 from bcdsim.backends.rtl.quant). Schedule: iteration n
// reads word n of `a` and writes word n; OFFSET 0 also reads word n of `b`; OFFSET 1 reads offset
// word n for n < NF (the frame's first pixel) and keeps the NF words for the frame's other
// PIX - 1 pixels. Pipeline (en = !out_valid | out_ready): s1 operands, s2 aligned sum, s3 the
// requantized output: depth 3.
`default_nettype none

module bcd_add #(
    parameter integer PE = 4,
    parameter integer NF = 4,    // channel words per pixel (C / PE)
    parameter integer PIX = 1,   // pixels per frame (OFFSET 1)
    parameter integer OFFSET = 0,
    parameter integer AWID = 16, // width of a (signed)
    parameter integer BWID = 16, // width of b (signed)
    parameter integer AA = 0,
    parameter integer AB = 0,
    parameter integer RSH = 0,
    parameter integer OW = 16
) (
    input  wire               clk,
    input  wire               rst_n,
    input  wire [PE*AWID-1:0] a_data,
    input  wire               a_valid,
    output wire               a_ready,
    input  wire [PE*BWID-1:0] b_data,
    input  wire               b_valid,
    output wire               b_ready,
    output wire [PE*OW-1:0]   out_data,
    output reg                out_valid,
    input  wire               out_ready
);
    localparam integer S0 = (AWID + AA > BWID + AB) ? AWID + AA : BWID + AB;
    localparam integer SUMW = S0 + 1;
    localparam integer HALF_I = (RSH > 0) ? (1 << (RSH - 1)) : 0;
    localparam integer HW = RSH + 1;
    localparam [HW-1:0] HALF = HALF_I[HW-1:0];
    localparam integer NFW = $clog2(NF > 1 ? NF : 2);
    localparam integer PXW = $clog2(PIX > 1 ? PIX : 2);
    localparam integer NF_M1 = NF - 1, PIX_M1 = PIX - 1;
    localparam [NFW-1:0] NF_LAST = NF_M1[NFW-1:0];
    localparam [PXW-1:0] PIX_LAST = PIX_M1[PXW-1:0];

    wire en = !out_valid || out_ready;

    reg [NFW-1:0] nf;
    reg [PXW-1:0] pix;
    wire take_b = (OFFSET == 0) || (pix == {PXW{1'b0}});   // this iteration reads b
    wire issue = en && a_valid && (b_valid || !take_b);
    assign a_ready = en && (b_valid || !take_b);
    assign b_ready = en && a_valid && take_b;

    always @(posedge clk)
        if (!rst_n) begin
            nf <= {NFW{1'b0}};
            pix <= {PXW{1'b0}};
        end else if (issue) begin
            nf <= (nf == NF_LAST) ? {NFW{1'b0}} : nf + 1'b1;
            if (nf == NF_LAST) pix <= (OFFSET == 0 || pix == PIX_LAST) ? {PXW{1'b0}} : pix + 1'b1;
        end

    // the b operand: the stream, or the offset word kept from the frame's first pixel
    wire [PE*BWID-1:0] b_word;
    generate
        if (OFFSET != 0) begin : keep
            reg [PE*BWID-1:0] offsets [0:NF-1];
            always @(posedge clk)
                if (issue && take_b) offsets[nf] <= b_data;
            assign b_word = take_b ? b_data : offsets[nf];
        end else begin : stream
            assign b_word = b_data;
        end
    endgenerate

    reg s1_valid, s2_valid;
    reg [PE*AWID-1:0] s1_a;
    reg [PE*BWID-1:0] s1_b;
    always @(posedge clk)
        if (!rst_n) {s1_valid, s2_valid} <= 2'b00;
        else if (en) {s1_valid, s2_valid} <= {issue, s1_valid};
    always @(posedge clk)
        if (en) begin
            s1_a <= a_data;
            s1_b <= b_word;
        end

    genvar p;
    generate
        for (p = 0; p < PE; p = p + 1) begin : lane
            wire signed [AWID-1:0] a = s1_a[p*AWID +: AWID];
            wire signed [BWID-1:0] b = s1_b[p*BWID +: BWID];
            reg signed [SUMW-1:0] sum;
            always @(posedge clk)
                if (en) sum <= ($signed({{(SUMW-AWID){a[AWID-1]}}, a}) <<< AA)
                             + ($signed({{(SUMW-BWID){b[BWID-1]}}, b}) <<< AB);
            bcd_requant #(.AW(SUMW), .CB(HW + 1), .A(0), .RSH(RSH), .OW(OW)) out (
                .clk(clk), .load(en && s2_valid), .acc(sum), .c({1'b0, HALF}), .y(out_data[p*OW +: OW]));
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s2_valid;
endmodule

`default_nettype wire
