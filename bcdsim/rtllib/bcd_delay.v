// bcd_delay: a delay line of D advances (bcdsim RTL library). At every clock with `adv` it takes
// `din` and its register `dout` takes the value taken D advances earlier (D >= 1: a read-first
// memory of D words, block or LUT RAM; D = 0: dout is din of this advance). Chained lines (the
// second fed from the first's dout, which lags one advance) use D - 1 to delay by D again: the
// line buffers of the window, pool and GAP-style units are built from these.
`default_nettype none
`ifndef BCD_LUTRAM_BITS
`define BCD_LUTRAM_BITS 4096
`endif

module bcd_delay #(
    parameter integer D = 4,
    parameter integer W = 8
) (
    input  wire         clk,
    input  wire         rst_n,
    input  wire         adv,
    input  wire [W-1:0] din,
    output reg  [W-1:0] dout
);
    generate
        if (D == 0) begin : wire_only
            always @(posedge clk)
                if (adv) dout <= din;
            wire unused = rst_n;
        end else begin : ram
            localparam integer AW = $clog2(D > 1 ? D : 2);
            localparam integer D_M1 = D - 1;
            localparam [AW-1:0] LAST = D_M1[AW-1:0];
            reg [AW-1:0] ptr;
            if (D * W <= `BCD_LUTRAM_BITS) begin : lut
                // small lines in LUT RAM: a block RAM's read (5.6 ns clock-to-out on an ECP5 without
                // its output register) leaves too little of a 10 ns cycle to the logic after it
                (* ram_style = "distributed" *) reg [W-1:0] mem [0:D-1];
                always @(posedge clk)
                    if (adv) begin
                        dout <= mem[ptr];
                        mem[ptr] <= din;
                    end
            end else begin : block
                reg [W-1:0] mem [0:D-1];
                always @(posedge clk)
                    if (adv) begin
                        dout <= mem[ptr];
                        mem[ptr] <= din;
                    end
            end
            always @(posedge clk)
                if (!rst_n) ptr <= {AW{1'b0}};
                else if (adv) ptr <= (ptr == LAST) ? {AW{1'b0}} : ptr + 1'b1;
        end
    endgenerate
endmodule

`default_nettype wire
