// bcd_rom: read-only memory with a registered output, initialised from a generated .mem file
// (bcdsim RTL library). One word per line, hexadecimal ($readmemh), word 0 first.
//
// The output register has a clock enable so that a stalled pipeline keeps its word; that is
// the shape synthesis maps to block RAM (its output register) or, when small, to LUT ROM.
`default_nettype none
`ifndef BCD_LUTRAM_BITS
`define BCD_LUTRAM_BITS 4096
`endif

module bcd_rom #(
    parameter integer DEPTH = 2,
    parameter integer WIDTH = 8,
    parameter FILE = "rom.mem",
    parameter integer AW = $clog2(DEPTH > 1 ? DEPTH : 2)
) (
    input  wire             clk,
    input  wire             en,
    input  wire [AW-1:0]    addr,
    output reg  [WIDTH-1:0] q
);
    generate
        if (DEPTH * WIDTH <= `BCD_LUTRAM_BITS) begin : lut
            // small ROMs in LUTs: a block RAM's read (5.6 ns clock-to-out on an ECP5 without its
            // output register) leaves too little of a 10 ns cycle to the multiplier after it
            (* rom_style = "logic" *) reg [WIDTH-1:0] mem [0:DEPTH-1];
            initial $readmemh(FILE, mem);
            always @(posedge clk)
                if (en) q <= mem[addr];
        end else begin : block
            reg [WIDTH-1:0] mem [0:DEPTH-1];
            initial $readmemh(FILE, mem);
            always @(posedge clk)
                if (en) q <= mem[addr];
        end
    endgenerate
endmodule

`default_nettype wire
