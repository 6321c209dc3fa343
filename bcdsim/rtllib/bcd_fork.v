// bcd_fork: one stream to N readers (bcdsim RTL library). Iteration n reads word n and writes it
// to every output; the next word waits until every reader took the last one (a global enable,
// as in every unit: the design's FIFO depths keep the readers apart, docs/hardware_units.md §5).
// The N outputs share one data register (the same word); each has its own valid. Depth 1.
`default_nettype none

module bcd_fork #(
    parameter integer N = 2,
    parameter integer W = 8
) (
    input  wire         clk,
    input  wire         rst_n,
    input  wire [W-1:0] in_data,
    input  wire         in_valid,
    output wire         in_ready,
    output reg  [W-1:0] out_data,
    output reg  [N-1:0] out_valid,
    input  wire [N-1:0] out_ready
);
    wire en = &(~out_valid | out_ready);
    assign in_ready = en;
    always @(posedge clk)
        if (!rst_n) out_valid <= {N{1'b0}};
        else if (en) out_valid <= {N{in_valid}};
        else out_valid <= out_valid & ~out_ready;
    always @(posedge clk)
        if (en && in_valid) out_data <= in_data;
endmodule

`default_nettype wire
