// bcd_slot_cursor: where a sequence of accesses of K consecutive slots stands in a bcd_slot_ram
// of M memories (bcdsim RTL library). (row, first) is the current access's first slot s0 =
// row*M + first; a step moves on by K slots (K <= M: at most one carry into row), or back to
// slot 0 when the step was the sequence's last access. Counters, so no division by M.
`default_nettype none

module bcd_slot_cursor #(
    parameter integer M = 2,
    parameter integer K = 1,
    parameter integer RW = 2,
    parameter integer FW = $clog2(M > 1 ? M : 2)
) (
    input  wire          clk,
    input  wire          rst_n,
    input  wire          step,
    input  wire          last,
    output reg  [RW-1:0] row,
    output reg  [FW-1:0] first
);
    localparam [FW:0] MV = M[FW:0];
    localparam [FW:0] KV = K[FW:0];
    wire [FW:0] next = {1'b0, first} + KV;
    wire carry = next >= MV;
    always @(posedge clk)
        if (!rst_n || (step && last)) begin
            row <= {RW{1'b0}};
            first <= {FW{1'b0}};
        end else if (step) begin
            row <= row + {{(RW-1){1'b0}}, carry};
            first <= next[FW-1:0] - (carry ? MV[FW-1:0] : {FW{1'b0}});   // < M: exact mod 2^FW
        end
endmodule

`default_nettype wire
