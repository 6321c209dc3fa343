// bcd_skid: a skid buffer (bcdsim RTL library). Words pass through in the same cycle (no latency)
// while the reader is ready; when it is not, one word waits in a register and in_ready drops
// for a cycle. in_ready is a register, so the reader's ready never reaches the writer's stall
// logic combinationally: a long ready chain (a stage's enable fanning out to every pipeline
// register of the unit before it) is cut in two. Full throughput.
`default_nettype none

module bcd_skid #(
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
    reg [W-1:0] held;
    reg held_valid;
    assign in_ready = !held_valid;
    assign out_valid = held_valid || in_valid;
    assign out_data = held_valid ? held : in_data;

    always @(posedge clk)
        if (!held_valid && in_valid && !out_ready) held <= in_data;
    always @(posedge clk)
        if (!rst_n) held_valid <= 1'b0;
        else if (held_valid) held_valid <= !out_ready;
        else held_valid <= in_valid && !out_ready;
endmodule

`default_nettype wire
