// bcd_affine: per-channel affine on PE popcount results -> PE fixed-point values, rounded
// exactly as bcdsim's hw mode (bcdsim.hw.fixed: round half up, saturate; the Affine op of
// bcdsim.hw: alpha and BatchNorm folded on the integer popcount).
//
//   y[o] = sat_OW( ((sum_g x_g[o] * s[g][o]) << A  +  C[o]) >>> RSH )
//
// s: scale mantissas (SW bits, signed); C: the shift constant aligned to the product's
// fraction, with the rounding half 2^(RSH-1) already added by the generator, so that the
// arithmetic shift (floor) rounds half up; A >= 0 aligns the products to C. A result outside
// OW signed bits saturates. With G > 1 (shift-MLP) a group arrives as G consecutive beats
// (one per branch, each with its own scales) and one beat of PE values leaves per group.
//
// Parameters sit in two ROMs: scales (NF*G words, lane p at [p*SW +: SW], word nf*G + g) and
// constants (NF words, lane p at [p*CB +: CB]). Pipeline: stage 1 input + scale word (read at
// the accepting edge), stage 2 products (DSP), stage 3 accumulation over the G beats (the
// constant word is read alongside), stage 4 shift/round/saturate into the output register:
// a group's last beat accepted at edge t leaves at the handshake of edge t + 4.
`default_nettype none

module bcd_affine #(
    parameter integer PE = 16,
    parameter integer NF = 2,
    parameter integer G = 1,
    parameter integer RW = 10,   // input width (signed)
    parameter integer SW = 16,   // scale width (signed)
    parameter integer A = 0,     // left shift of the product sum
    parameter integer CB = 24,   // constant width (signed)
    parameter integer RSH = 8,   // right shift (floor; the constant holds the rounding half)
    parameter integer OW = 16,   // output width (signed)
    parameter SCALES = "scales.mem",
    parameter SHIFTS = "shifts.mem"
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire [PE*RW-1:0] in_data,
    input  wire             in_valid,
    output wire             in_ready,
    output reg  [PE*OW-1:0] out_data,
    output reg              out_valid,
    input  wire             out_ready
);
    localparam integer NFW = $clog2(NF > 1 ? NF : 2);
    localparam integer GW = $clog2(G > 1 ? G : 2);
    localparam integer KW = $clog2(NF * G > 1 ? NF * G : 2);
    localparam integer PW = RW + SW;                   // one product
    localparam integer SUMW = PW + GW;                 // sum over the G branches
    localparam integer TW0 = (SUMW + A > CB) ? SUMW + A : CB;
    localparam integer TOTW = ((TW0 > OW) ? TW0 : OW) + 1;  // wide enough for every operand
    localparam integer NF_M1 = NF - 1, G_M1 = G - 1, K_M1 = NF * G - 1;
    localparam [NFW-1:0] NF_LAST = NF_M1[NFW-1:0];
    localparam [GW-1:0] G_LAST = G_M1[GW-1:0];
    localparam [KW-1:0] K_LAST = K_M1[KW-1:0];

    wire en = !out_valid || out_ready;
    wire accept = in_valid && en;
    assign in_ready = en;

    // beat counters: k = nf*G + g addresses the scales
    reg [GW-1:0] g;
    reg [NFW-1:0] nf;
    reg [KW-1:0] k;
    always @(posedge clk)
        if (!rst_n) begin
            g <= {GW{1'b0}};
            nf <= {NFW{1'b0}};
            k <= {KW{1'b0}};
        end else if (accept) begin
            k <= (k == K_LAST) ? {KW{1'b0}} : k + 1'b1;
            if (g == G_LAST) begin
                g <= {GW{1'b0}};
                nf <= (nf == NF_LAST) ? {NFW{1'b0}} : nf + 1'b1;
            end else begin
                g <= g + 1'b1;
            end
        end

    // stage 1: input and scale word
    wire [PE*SW-1:0] scales;
    bcd_rom #(.DEPTH(NF * G), .WIDTH(PE * SW), .FILE(SCALES), .AW(KW)) scale_rom (
        .clk(clk), .en(en), .addr(k), .q(scales));
    reg s1_valid, s1_first, s1_last;
    reg [NFW-1:0] s1_nf;
    reg [PE*RW-1:0] s1_data;
    always @(posedge clk)
        if (!rst_n) s1_valid <= 1'b0;
        else if (en) s1_valid <= accept;
    always @(posedge clk)
        if (en) begin
            s1_first <= (g == {GW{1'b0}});
            s1_last <= (g == G_LAST);
            s1_nf <= nf;
            s1_data <= in_data;
        end

    // stage 2: products; stage 3: sum over branches, constant word read for the group
    reg s2_valid, s2_first, s2_last, s3_valid, s3_last;
    reg [NFW-1:0] s2_nf;
    always @(posedge clk)
        if (!rst_n) begin
            s2_valid <= 1'b0;
            s3_valid <= 1'b0;
        end else if (en) begin
            s2_valid <= s1_valid;
            s3_valid <= s2_valid;
        end
    always @(posedge clk)
        if (en) begin
            s2_first <= s1_first;
            s2_last <= s1_last;
            s2_nf <= s1_nf;
            s3_last <= s2_last;
        end
    wire [PE*CB-1:0] consts;
    bcd_rom #(.DEPTH(NF), .WIDTH(PE * CB), .FILE(SHIFTS), .AW(NFW)) shift_rom (
        .clk(clk), .en(en), .addr(s2_nf), .q(consts));

    localparam signed [OW-1:0] YMAX = {1'b0, {(OW-1){1'b1}}};
    localparam signed [OW-1:0] YMIN = {1'b1, {(OW-1){1'b0}}};
    genvar p;
    generate
        for (p = 0; p < PE; p = p + 1) begin : lane
            wire signed [RW-1:0] x = s1_data[p*RW +: RW];
            wire signed [SW-1:0] s = scales[p*SW +: SW];
            wire signed [PW-1:0] prod;
            reg signed [SUMW-1:0] acc;
            bcd_mul #(.AW(RW), .BW(SW)) mul (.clk(clk), .en(en), .a(x), .b(s), .p(prod));
            always @(posedge clk)
                if (en && s2_valid) acc <= (s2_first ? {SUMW{1'b0}} : acc) + {{GW{prod[PW-1]}}, prod};
            // stage 4: align, add the constant (with its rounding half), floor-shift, saturate
            wire signed [CB-1:0] c = consts[p*CB +: CB];
            wire signed [TOTW-1:0] total = ($signed({{(TOTW-SUMW){acc[SUMW-1]}}, acc}) <<< A)
                                          + $signed({{(TOTW-CB){c[CB-1]}}, c});
            wire signed [TOTW-1:0] y = total >>> RSH;
            // y fits OW signed bits iff its bits from OW-1 up are all copies of the sign: a
            // LUT test instead of two wide comparisons (carry chains) behind the adder
            wire [TOTW-OW:0] top = y[TOTW-1:OW-1];
            wire hi = !y[TOTW-1] && (|top);
            wire lo = y[TOTW-1] && !(&top);
            always @(posedge clk)
                if (en && s3_valid && s3_last) out_data[p*OW +: OW] <= hi ? YMAX : lo ? YMIN : y[OW-1:0];
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s3_valid && s3_last;
endmodule

`default_nettype wire
