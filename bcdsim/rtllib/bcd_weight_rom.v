// bcd_weight_rom: a matrix unit's weight memory (bcdsim RTL library): q = mem[addr] registered at
// every edge with en, like bcd_rom, from a generated .mem file ($readmemh, word 0 first).
//
// Large memories go to block RAM, whose read (5.6 ns clock-to-out on an ECP5 without its output
// register) leaves too little of a 10 ns cycle to the XNOR tree or multiplier behind it. So the
// block RAM reads one edge ahead and a fabric register holds q: the client also gives addr_next,
// the value its address register takes at the coming edge (its D input, every cycle), the block
// RAM loads mem[addr_next] at every edge, hence holds mem[addr] between edges, and q <= that word
// when en. Same q as bcd_rom cycle for cycle: no latency added. Small memories are bcd_rom (addr).
`default_nettype none
`ifndef BCD_LUTRAM_BITS
`define BCD_LUTRAM_BITS 4096
`endif

module bcd_weight_rom #(
    parameter integer DEPTH = 2,
    parameter integer WIDTH = 8,
    parameter FILE = "rom.mem",
    parameter integer AW = $clog2(DEPTH > 1 ? DEPTH : 2)
) (
    input  wire             clk,
    input  wire             en,
    input  wire [AW-1:0]    addr,        // the address register
    input  wire [AW-1:0]    addr_next,   // its next value (the register's D input)
    output wire [WIDTH-1:0] q
);
    generate
        if (DEPTH * WIDTH <= `BCD_LUTRAM_BITS) begin : lut
            bcd_rom #(.DEPTH(DEPTH), .WIDTH(WIDTH), .FILE(FILE), .AW(AW)) rom (
                .clk(clk), .en(en), .addr(addr), .q(q));
            wire unused = &{1'b0, addr_next};
        end else begin : block
            reg [WIDTH-1:0] mem [0:DEPTH-1];
            reg [WIDTH-1:0] ahead;   // mem[addr] from the edge addr was loaded on
            reg [WIDTH-1:0] word;
            initial $readmemh(FILE, mem);
            always @(posedge clk)
                ahead <= mem[addr_next];
            always @(posedge clk)
                if (en) word <= ahead;
            assign q = word;
            wire unused = &{1'b0, addr};
        end
    endgenerate
endmodule

`default_nettype wire
