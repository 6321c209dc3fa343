// bcd_fifo: a stream FIFO of DEPTH words (bcdsim RTL library), first word fall-through from a
// memory with an asynchronous read (LUT RAM, or flip-flops when small). Read latency 1: a word
// handed over in cycle t is offered at the output in cycle t + 1. It accepts while it is not
// full, so DEPTH >= 2 is needed for one word per cycle.
`default_nettype none

module bcd_fifo #(
    parameter integer DEPTH = 2,
    parameter integer W = 8
) (
    input  wire         clk,
    input  wire         rst_n,
    input  wire [W-1:0] in_data,
    input  wire         in_valid,
    output wire         in_ready,
    output wire [W-1:0] out_data,
    output wire         out_valid,
    input  wire         out_ready
);
    localparam integer AW = $clog2(DEPTH > 1 ? DEPTH : 2);
    localparam integer CW = $clog2(DEPTH + 1);
    localparam integer D_M1 = DEPTH - 1;
    localparam [AW-1:0] LAST = D_M1[AW-1:0];
    localparam [CW-1:0] FULL = DEPTH[CW-1:0];

    reg [W-1:0] mem [0:DEPTH-1];
    reg [AW-1:0] wr, rd;
    reg [CW-1:0] count;
    wire push = in_valid && in_ready;
    wire pop = out_valid && out_ready;
    assign in_ready = (count != FULL);
    assign out_valid = (count != {CW{1'b0}});
    assign out_data = mem[rd];

    always @(posedge clk)
        if (push) mem[wr] <= in_data;
    always @(posedge clk)
        if (!rst_n) begin
            wr <= {AW{1'b0}};
            rd <= {AW{1'b0}};
            count <= {CW{1'b0}};
        end else begin
            if (push) wr <= (wr == LAST) ? {AW{1'b0}} : wr + 1'b1;
            if (pop) rd <= (rd == LAST) ? {AW{1'b0}} : rd + 1'b1;
            if (push && !pop) count <= count + 1'b1;
            else if (pop && !push) count <= count - 1'b1;
        end
endmodule

`default_nettype wire
