// bcd_threshold: per-channel integer threshold on PE popcount results -> PE bits
// (bcdsim RTL library; the IntThreshold op of bcdsim.hw: BN + sign folded on the popcount).
//
//   bit[o] = flip[o] ? (x[o] <= T[o]) : (x[o] >= T[o])       (x, T signed; 1 encodes +1)
//
// Beats arrive in the MVAU's order (NF groups of PE channels per pixel). The thresholds live in
// a ROM of NF words, lane p of word nf at [p*(TW+1) +: TW+1] = {flip, T}; the word of the beat
// being offered is read at the same clock edge that accepts it (address = group counter), so
// data and parameters meet in stage 1. Stage 2 is the output register: latency 2.
`default_nettype none

module bcd_threshold #(
    parameter integer PE = 16,
    parameter integer NF = 2,
    parameter integer RW = 10,        // input width (signed)
    parameter FILE = "thresholds.mem"
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire [PE*RW-1:0] in_data,
    input  wire             in_valid,
    output wire             in_ready,
    output reg  [PE-1:0]    out_data,
    output reg              out_valid,
    input  wire             out_ready
);
    localparam integer TW = RW + 1;   // threshold width: T in [-n-1, n+1] (always on / always off)
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

    wire [PE*(TW+1)-1:0] params;
    bcd_rom #(.DEPTH(NF), .WIDTH(PE * (TW + 1)), .FILE(FILE), .AW(NFW)) rom (
        .clk(clk), .en(en), .addr(nf), .q(params));

    reg s1_valid;
    reg [PE*RW-1:0] s1_data;
    always @(posedge clk)
        if (!rst_n) s1_valid <= 1'b0;
        else if (en) s1_valid <= accept;
    always @(posedge clk)
        if (en) s1_data <= in_data;

    genvar p;
    generate
        for (p = 0; p < PE; p = p + 1) begin : lane
            wire signed [TW-1:0] x = {s1_data[p*RW+RW-1], s1_data[p*RW +: RW]};
            wire signed [TW-1:0] t = params[p*(TW+1) +: TW];
            wire flip = params[p*(TW+1) + TW];
            always @(posedge clk)
                if (en && s1_valid) out_data[p] <= flip ? (x <= t) : (x >= t);
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s1_valid;
endmodule

`default_nettype wire
