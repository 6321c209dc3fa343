// bcd_mul: a registered signed multiply, p <= a * b at every edge with en (bcdsim RTL library).
//
// In the ECP5 flows (BCD_ECP5_DSP defined, bcdsim.backends.ecp5.dsp) operands of up to 18 bits
// become one MULT18X18D with the product in its output register: the routes into and out of the
// DSP block fall in different cycles. Elsewhere the same register in behavioural Verilog. The same
// value cycle for cycle either way: no latency added.
`default_nettype none

module bcd_mul #(
    parameter integer AW = 16,
    parameter integer BW = 16
) (
    input  wire                    clk,
    input  wire                    en,
    input  wire signed [AW-1:0]    a,
    input  wire signed [BW-1:0]    b,
    output wire signed [AW+BW-1:0] p
);
    generate
`ifdef BCD_ECP5_DSP
        if (AW <= 18 && BW <= 18) begin : dsp
            wire signed [17:0] a18 = a;   // sign-extended to the block's operands
            wire signed [17:0] b18 = b;
            wire [35:0] p36;
            bcd_ecp5_mul_reg mult (.A(a18), .B(b18), .CLK(clk), .CE(en), .P(p36));
            assign p = p36[AW+BW-1:0];
        end else
`endif
        if (1) begin : fabric
            reg signed [AW+BW-1:0] q;
            always @(posedge clk)
                if (en) q <= a * b;
            assign p = q;
        end
    endgenerate
endmodule

`default_nettype wire
