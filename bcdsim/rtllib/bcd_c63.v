// bcd_c63: 6:3 counter (bcdsim RTL library; a counter of bcd_popcount's compressor tree).
`default_nettype none

// s = number of ones in x; each output bit is a function of all six inputs (one
// LUT6), written as two full adders and their sum so that no `+` is inferred.
module bcd_c63 (
    input  wire [5:0] x,
    output wire [2:0] s
);
    wire [1:0] p = {(x[0] & x[1]) | (x[0] & x[2]) | (x[1] & x[2]), ^x[2:0]};
    wire [1:0] q = {(x[3] & x[4]) | (x[3] & x[5]) | (x[4] & x[5]), ^x[5:3]};
    wire k = p[0] & q[0];
    assign s = {(p[1] & q[1]) | (k & (p[1] | q[1])), p[1] ^ q[1] ^ k, p[0] ^ q[0]};
endmodule

`default_nettype wire
