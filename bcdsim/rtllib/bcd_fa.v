// bcd_fa: full adder (bcdsim RTL library; a counter of bcd_popcount's compressor tree).
`default_nettype none

module bcd_fa (
    input  wire [2:0] x,
    output wire [1:0] s
);
    assign s = {(x[0] & x[1]) | (x[0] & x[2]) | (x[1] & x[2]), ^x};
endmodule

`default_nettype wire
