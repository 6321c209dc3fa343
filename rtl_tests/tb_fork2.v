// Bench wrapper: bcd_fork with two readers, its packed valid/ready split into two stream ports
// (out0_*, out1_*) that cocotbext-axi sinks can drive.
`default_nettype none

module tb_fork2 #(
    parameter integer W = 8
) (
    input  wire         clk,
    input  wire         rst_n,
    input  wire [W-1:0] in_data,
    input  wire         in_valid,
    output wire         in_ready,
    output wire [W-1:0] out0_data,
    output wire         out0_valid,
    input  wire         out0_ready,
    output wire [W-1:0] out1_data,
    output wire         out1_valid,
    input  wire         out1_ready
);
    wire [W-1:0] data;
    bcd_fork #(.N(2), .W(W)) dut (
        .clk(clk), .rst_n(rst_n), .in_data(in_data), .in_valid(in_valid), .in_ready(in_ready),
        .out_data(data), .out_valid({out1_valid, out0_valid}), .out_ready({out1_ready, out0_ready}));
    assign out0_data = data;
    assign out1_data = data;
endmodule

`default_nettype wire
