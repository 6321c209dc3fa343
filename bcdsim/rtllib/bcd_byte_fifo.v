// bcd_byte_fifo: a FIFO of 2**AW words in block RAM (bcdsim RTL library, board tops). The memory
// is read through a register (synthesis maps it to the EBR / BRAM output), and a second register
// after it offers the word, first-word-fall-through: the block RAM's slow clock-to-out (ECP5 EBR
// without its output register) only reaches that register, never the reader's logic. A word
// written in cycle t is offered at the output from cycle t + 3. Accepts while not full; a write to
// a full FIFO is dropped (the board protocol never sends more than one frame ahead, and AW is
// chosen for a whole frame).
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
    reg [AW:0] stored;  // words in the memory, not counting the two registers
    reg [W-1:0] read_data;
    reg read_valid;
    wire push = in_valid && in_ready;
    wire move = read_valid && (!out_valid || out_ready);     // read register -> output register
    wire fetch = (stored != 0) && (!read_valid || move);      // memory -> read register
    assign in_ready = (stored != (1 << AW));

    always @(posedge clk)
        if (push) mem[wr] <= in_data;
    always @(posedge clk)
        if (fetch) read_data <= mem[rd];  // only words written in earlier cycles are read
    always @(posedge clk)
        if (move) out_data <= read_data;

    always @(posedge clk)
        if (!rst_n) begin
            wr <= {AW{1'b0}};
            rd <= {AW{1'b0}};
            stored <= {(AW + 1){1'b0}};
            read_valid <= 1'b0;
            out_valid <= 1'b0;
        end else begin
            if (push) wr <= wr + 1'b1;
            if (fetch) rd <= rd + 1'b1;
            stored <= stored + push - fetch;
            if (fetch) read_valid <= 1'b1;
            else if (move) read_valid <= 1'b0;
            if (move) out_valid <= 1'b1;
            else if (out_ready) out_valid <= 1'b0;
        end
endmodule
