// bcd_convert: lane-count converter by an integer factor (bcdsim RTL library). Elements of EW
// bits, lane j at [j*EW +: EW] (bits: EW = 1). One narrow word per iteration
// (docs/hardware_units.md §4):
//   IN_L = r * OUT_L: iteration n writes narrow word n, reads wide word n/r when n mod r = 0;
//   OUT_L = r * IN_L: iteration n reads narrow word n, writes wide word n/r when n mod r = r-1.
// Pipeline: the output register only (en = !out_valid | out_ready): depth 1.
`default_nettype none

module bcd_convert #(
    parameter integer IN_L = 4,
    parameter integer OUT_L = 2,
    parameter integer EW = 16
) (
    input  wire              clk,
    input  wire              rst_n,
    input  wire [IN_L*EW-1:0]  in_data,
    input  wire              in_valid,
    output wire              in_ready,
    output reg  [OUT_L*EW-1:0] out_data,
    output reg               out_valid,
    input  wire              out_ready
);
    localparam integer R = (IN_L > OUT_L) ? IN_L / OUT_L : OUT_L / IN_L;
    localparam integer RW = $clog2(R > 1 ? R : 2);
    localparam integer R_M1 = R - 1;
    localparam [RW-1:0] R_LAST = R_M1[RW-1:0];
    localparam integer NW = ((IN_L < OUT_L) ? IN_L : OUT_L) * EW;   // narrow word bits

    wire en = !out_valid || out_ready;
    generate
        if (IN_L > OUT_L) begin : divide
            reg [RW-1:0] k;
            reg [IN_L*EW-1:0] hold;   // the wide word, consumed narrow word by narrow word
            wire first = (k == {RW{1'b0}});
            wire issue = en && (!first || in_valid);
            assign in_ready = en && first;
            always @(posedge clk)
                if (!rst_n) k <= {RW{1'b0}};
                else if (issue) k <= (k == R_LAST) ? {RW{1'b0}} : k + 1'b1;
            always @(posedge clk)
                if (issue) begin
                    out_data <= first ? in_data[NW-1:0] : hold[NW-1:0];
                    hold <= (first ? in_data : hold) >> NW;
                end
            always @(posedge clk)
                if (!rst_n) out_valid <= 1'b0;
                else if (en) out_valid <= issue;
        end else if (OUT_L > IN_L) begin : merge
            reg [RW-1:0] k;
            reg [(R-1)*NW-1:0] parts;  // the first R-1 narrow words, the latest at the top
            wire [R*NW-1:0] word = {in_data, parts};
            wire issue = en && in_valid;
            wire last = (k == R_LAST);
            assign in_ready = en;
            always @(posedge clk)
                if (!rst_n) k <= {RW{1'b0}};
                else if (issue) k <= last ? {RW{1'b0}} : k + 1'b1;
            always @(posedge clk)
                if (issue) parts <= word[R*NW-1:NW];
            always @(posedge clk)
                if (issue && last) out_data <= word;
            always @(posedge clk)
                if (!rst_n) out_valid <= 1'b0;
                else if (en) out_valid <= issue && last;
        end else begin : copy
            assign in_ready = en;
            always @(posedge clk)
                if (en && in_valid) out_data <= in_data;
            always @(posedge clk)
                if (!rst_n) out_valid <= 1'b0;
                else if (en) out_valid <= in_valid;
        end
    endgenerate
endmodule

`default_nettype wire
