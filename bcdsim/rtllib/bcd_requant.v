// bcd_requant: one rounding of an exact accumulator to a fixed-point output (bcdsim RTL library),
// the integer form of bcdsim.hw.fixed.rescale after an exact add of a constant:
//
//   y = sat_OW( ((acc << A) + c) >>> RSH )
//
// acc: the exact result (AW bits, signed, its own fraction); c: a per-channel constant already
// aligned by the generator (bcdsim.backends.rtl.quant.requant), with the rounding half
// 2^(RSH-1) added, so that the arithmetic shift (floor) rounds half up; values outside OW signed
// bits saturate. One register: y follows acc and c by one enabled clock (`load` selects the
// clocks that write it).
`default_nettype none

module bcd_requant #(
    parameter integer AW = 24,
    parameter integer CB = 24,
    parameter integer A = 0,
    parameter integer RSH = 8,
    parameter integer OW = 16
) (
    input  wire          clk,
    input  wire          load,
    input  wire [AW-1:0] acc,
    input  wire [CB-1:0] c,
    output reg  [OW-1:0] y
);
    localparam integer T0 = (AW + A > CB) ? AW + A : CB;
    localparam integer TW = ((T0 > OW) ? T0 : OW) + 1;  // holds every operand and the sum
    localparam signed [OW-1:0] YMAX = {1'b0, {(OW-1){1'b1}}};
    localparam signed [OW-1:0] YMIN = {1'b1, {(OW-1){1'b0}}};

    wire signed [TW-1:0] total = ($signed({{(TW-AW){acc[AW-1]}}, acc}) <<< A) + $signed({{(TW-CB){c[CB-1]}}, c});
    wire signed [TW-1:0] shifted = total >>> RSH;
    wire hi = shifted > $signed({{(TW-OW){1'b0}}, YMAX});
    wire lo = shifted < $signed({{(TW-OW){1'b1}}, YMIN});
    always @(posedge clk)
        if (load) y <= hi ? YMAX : lo ? YMIN : shifted[OW-1:0];
endmodule

`default_nettype wire
