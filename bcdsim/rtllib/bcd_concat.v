// bcd_concat: channel concatenation of two fixed-point maps on L lanes (bcdsim RTL library).
// hw mode (bcdsim.hw.interpret _concat) rounds each part once to the output type:
//   y = sat_OW(((x << LA) + half_a) >>> RSHA) for `a`, likewise (LB, RSHB) for `b`.
// Schedule: per pixel NA iterations reading `a` (C1/L words), then NB reading `b` (C2/L);
// every iteration writes one word. Pipeline (en = !out_valid | out_ready): s1 operand, s2 the
// requantized output: depth 2.
`default_nettype none

module bcd_concat #(
    parameter integer L = 4,
    parameter integer NA = 1,    // words of `a` per pixel
    parameter integer NB = 1,    // words of `b` per pixel
    parameter integer AWID = 16,
    parameter integer BWID = 16,
    parameter integer LA = 0,
    parameter integer RSHA = 0,
    parameter integer LB = 0,
    parameter integer RSHB = 0,
    parameter integer OW = 16
) (
    input  wire              clk,
    input  wire              rst_n,
    input  wire [L*AWID-1:0] a_data,
    input  wire              a_valid,
    output wire              a_ready,
    input  wire [L*BWID-1:0] b_data,
    input  wire              b_valid,
    output wire              b_ready,
    output wire [L*OW-1:0]   out_data,
    output reg               out_valid,
    input  wire              out_ready
);
    localparam integer N = NA + NB;
    localparam integer KW = $clog2(N > 1 ? N : 2);
    localparam integer N_M1 = N - 1;
    localparam [KW-1:0] K_LAST = N_M1[KW-1:0];
    localparam [KW-1:0] K_B = NA[KW-1:0];

    wire en = !out_valid || out_ready;
    reg [KW-1:0] k;                 // word within the pixel
    wire side_b = (k >= K_B);
    wire issue = en && (side_b ? b_valid : a_valid);
    assign a_ready = en && !side_b;
    assign b_ready = en && side_b;
    always @(posedge clk)
        if (!rst_n) k <= {KW{1'b0}};
        else if (issue) k <= (k == K_LAST) ? {KW{1'b0}} : k + 1'b1;

    reg s1_valid, s1_b, out_b;
    reg [L*AWID-1:0] s1_a;
    reg [L*BWID-1:0] s1_bw;
    always @(posedge clk)
        if (!rst_n) s1_valid <= 1'b0;
        else if (en) s1_valid <= issue;
    always @(posedge clk)
        if (en) begin
            s1_b <= side_b;
            s1_a <= a_data;
            s1_bw <= b_data;
            if (s1_valid) out_b <= s1_b;
        end

    localparam integer HA_I = (RSHA > 0) ? (1 << (RSHA - 1)) : 0;
    localparam integer HB_I = (RSHB > 0) ? (1 << (RSHB - 1)) : 0;
    localparam [RSHA:0] HA = HA_I[RSHA:0];
    localparam [RSHB:0] HB = HB_I[RSHB:0];
    wire [L*OW-1:0] ya, yb;
    genvar j;
    generate
        for (j = 0; j < L; j = j + 1) begin : lane
            bcd_requant #(.AW(AWID), .CB(RSHA + 2), .A(LA), .RSH(RSHA), .OW(OW)) ra (
                .clk(clk), .load(en && s1_valid && !s1_b), .acc(s1_a[j*AWID +: AWID]), .c({1'b0, HA}),
                .y(ya[j*OW +: OW]));
            bcd_requant #(.AW(BWID), .CB(RSHB + 2), .A(LB), .RSH(RSHB), .OW(OW)) rb (
                .clk(clk), .load(en && s1_valid && s1_b), .acc(s1_bw[j*BWID +: BWID]), .c({1'b0, HB}),
                .y(yb[j*OW +: OW]));
        end
    endgenerate
    assign out_data = out_b ? yb : ya;

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s1_valid;
endmodule

`default_nettype wire
