// bcd_byte_fifo: a FIFO of 2**AW words in block RAM (bcdsim RTL library, board tops): the memory
// is read through a register (synthesis maps it to EBR / BRAM), and one output register makes it
// first-word-fall-through. A word written in cycle t is offered at the output from cycle t + 2.
// Accepts while not full; a write to a full FIFO is dropped (the board protocol never sends more
// than one frame ahead, and AW is chosen for a whole frame).
`default_nettype none

module bcd_byte_fifo #(
    parameter integer AW = 11,
    parameter integer W = 8
) (
    input  wire         clk,
    input  wire         rst_n,
    input  wire [W-1:0] in_data,
    input  wire         in_valid,
    output wire         in_ready,
    output reg  [W-1:0] out_data,
    output reg          out_valid,
    input  wire         out_ready
);
    reg [W-1:0] mem [0:(1 << AW) - 1];
    reg [AW-1:0] wr, rd;
    reg [AW:0] stored;  // words in the memory, not counting the output register
    wire push = in_valid && in_ready;
    wire fetch = (stored != 0) && (!out_valid || out_ready);
    assign in_ready = (stored != (1 << AW));

    always @(posedge clk)
        if (push) mem[wr] <= in_data;
    always @(posedge clk)
        if (fetch) out_data <= mem[rd];  // only words written in earlier cycles are read

    always @(posedge clk)
        if (!rst_n) begin
            wr <= {AW{1'b0}};
            rd <= {AW{1'b0}};
            stored <= {(AW + 1){1'b0}};
            out_valid <= 1'b0;
        end else begin
            if (push) wr <= wr + 1'b1;
            if (fetch) rd <= rd + 1'b1;
            stored <= stored + push - fetch;
            if (fetch) out_valid <= 1'b1;
            else if (out_ready) out_valid <= 1'b0;
        end
endmodule
