// bcd_xnor_layer: one binary layer as a streaming unit with AXI-Stream ports named as Vitis HLS
// exports hls::stream arguments (<name>_TDATA/_TVALID/_TREADY, ap_clk, ap_rst_n active low)
// (bcdsim RTL library). bcdsim's RTL generator instantiates it once per binary layer with the
// layer's sizes, folding and memory files.
//
//   in   per output pixel MW/SIMD beats {valid[SIMD-1:0], bits[SIMD-1:0]} (see bcd_xnor_mvau),
//        TDATA padded to whole bytes;
//   out  OUT_MODE 0: PE signed popcount results of RW bits per beat (raw XNOR unit output);
//        OUT_MODE 1: PE bits per beat (bcd_threshold);
//        OUT_MODE 2: PE fixed-point values of OW bits per beat (bcd_affine);
//        lane p at bits [p*width +: width], TDATA padded to whole bytes.
// Weights: WEIGHTS holds MW/SIMD * MH/PE words of SIMD*PE bits (word nf*SF + sf, bit p*SIMD + i
// = weight of window element sf*SIMD + i for output channel nf*PE + p, 1 encodes +1).
`default_nettype none

module bcd_xnor_layer #(
    parameter integer MW = 288,
    parameter integer MH = 32,
    parameter integer SIMD = 32,
    parameter integer PE = 16,
    parameter integer SEGS = 1,
    parameter integer MASK = 1,
    parameter integer OUT_MODE = 0,
    parameter integer SW = 16,   // OUT_MODE 2: see bcd_affine
    parameter integer A = 0,
    parameter integer CB = 24,
    parameter integer RSH = 8,
    parameter integer OW = 16,
    parameter WEIGHTS = "weights.mem",
    parameter THRESHOLDS = "thresholds.mem",
    parameter SCALES = "scales.mem",
    parameter SHIFTS = "shifts.mem",
    parameter integer RW = $clog2(MW / SEGS + 1) + 1,
    parameter integer IN_W = (2 * SIMD + 7) / 8 * 8,
    parameter integer LANE_W = (OUT_MODE == 0) ? RW : (OUT_MODE == 1) ? 1 : OW,
    parameter integer OUT_W = (PE * LANE_W + 7) / 8 * 8
) (
    input  wire             ap_clk,
    input  wire             ap_rst_n,
    input  wire [IN_W-1:0]  in_TDATA,
    input  wire             in_TVALID,
    output wire             in_TREADY,
    output wire [OUT_W-1:0] out_TDATA,
    output wire             out_TVALID,
    input  wire             out_TREADY
);
    localparam integer SF = MW / SIMD;
    localparam integer NF = MH / PE;
    localparam integer WA = $clog2(SF * NF > 1 ? SF * NF : 2);

    wire [WA-1:0] w_addr, w_addr_next;
    wire w_en;
    wire [SIMD*PE-1:0] w_data;
    bcd_weight_rom #(.DEPTH(SF * NF), .WIDTH(SIMD * PE), .FILE(WEIGHTS), .AW(WA)) weights (
        .clk(ap_clk), .en(w_en), .addr(w_addr), .addr_next(w_addr_next), .q(w_data));

    wire [PE*RW-1:0] p_data;
    wire p_valid, p_ready;
    bcd_xnor_mvau #(.MW(MW), .MH(MH), .SIMD(SIMD), .PE(PE), .SEGS(SEGS), .MASK(MASK), .RW(RW), .WA(WA)) mvau (
        .clk(ap_clk), .rst_n(ap_rst_n),
        .in_data(in_TDATA[2*SIMD-1:0]), .in_valid(in_TVALID), .in_ready(in_TREADY),
        .w_addr(w_addr), .w_addr_next(w_addr_next), .w_en(w_en), .w_data(w_data),
        .out_data(p_data), .out_valid(p_valid), .out_ready(p_ready));
    generate
        if (IN_W > 2 * SIMD) begin : in_pad
            wire unused = &{1'b0, in_TDATA[IN_W-1:2*SIMD]};
        end
    endgenerate

    // between the MVAU and the output stage: a skid buffer, so the stage's enable (driven by the
    // output's ready) does not reach the MVAU's enable combinationally (no latency added)
    wire [PE*RW-1:0] q_data;
    wire q_valid, q_ready;
    generate
        if (OUT_MODE != 0) begin : cut
            bcd_skid #(.W(PE * RW)) skid (
                .clk(ap_clk), .rst_n(ap_rst_n), .in_data(p_data), .in_valid(p_valid), .in_ready(p_ready),
                .out_data(q_data), .out_valid(q_valid), .out_ready(q_ready));
        end else begin : through
            assign q_data = p_data;
            assign q_valid = p_valid;
            assign p_ready = q_ready;
        end
    endgenerate

    wire [PE*LANE_W-1:0] y;
    generate
        if (OUT_MODE == 1) begin : threshold
            bcd_threshold #(.PE(PE), .NF(NF), .RW(RW), .FILE(THRESHOLDS)) stage (
                .clk(ap_clk), .rst_n(ap_rst_n), .in_data(q_data), .in_valid(q_valid), .in_ready(q_ready),
                .out_data(y), .out_valid(out_TVALID), .out_ready(out_TREADY));
        end else if (OUT_MODE == 2) begin : affine
            bcd_affine #(.PE(PE), .NF(NF), .G(SEGS), .RW(RW), .SW(SW), .A(A), .CB(CB), .RSH(RSH), .OW(OW),
                         .SCALES(SCALES), .SHIFTS(SHIFTS)) stage (
                .clk(ap_clk), .rst_n(ap_rst_n), .in_data(q_data), .in_valid(q_valid), .in_ready(q_ready),
                .out_data(y), .out_valid(out_TVALID), .out_ready(out_TREADY));
        end else begin : raw
            assign y = q_data;
            assign out_TVALID = q_valid;
            assign q_ready = out_TREADY;
        end
        if (OUT_W > PE * LANE_W) begin : out_pad
            assign out_TDATA = {{(OUT_W - PE * LANE_W){1'b0}}, y};
        end else begin : no_pad
            assign out_TDATA = y;
        end
    endgenerate
endmodule

`default_nettype wire
