// bcd_fifo: a stream FIFO of DEPTH words (bcdsim RTL library), first word fall-through. Read
// latency 1: a word handed over in cycle t is offered at the output in cycle t + 1. It accepts
// while it is not full, so DEPTH >= 2 is needed for one word per cycle. in_ready and out_valid are
// registers (not compares on the count): they start the ready and valid chains through the units
// on either side, which fan out to every pipeline enable there.
//
// Memory: a FIFO of at most BCD_FIFO_LUTRAM_DEPTH words or BCD_FIFO_LUTRAM_CELLS DPR16X4 cells (16
// words x 4 bits) reads LUT RAM asynchronously; larger ones are in block RAM (the split yosys 0.70
// made by itself, which the ECP5 cost model prices: bcdsim.cost.ecp5_units.fifo_in_ebr). Block RAM
// is read synchronously at the next cycle's read address, so the word offered comes from the block
// RAM's own read register (or, when the word read is the one written in that cycle, from a fabric
// copy of it), never through logic of the reader: with an asynchronous read, yosys moved the
// reader's first register into the block RAM, and its 5.8 ns clock-to-out then fed the reader's
// arithmetic in the same cycle. The ports behave the same cycle for cycle in both forms.
`default_nettype none
`ifndef BCD_FIFO_LUTRAM_DEPTH
`define BCD_FIFO_LUTRAM_DEPTH 32
`endif
`ifndef BCD_FIFO_LUTRAM_CELLS
`define BCD_FIFO_LUTRAM_CELLS 21
`endif

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
    localparam [CW-1:0] ONE = 1;
    localparam [CW-1:0] FULL_M1 = D_M1[CW-1:0];
    localparam integer LUTRAM_CELLS = ((DEPTH + 15) / 16) * ((W + 3) / 4);
    localparam integer IN_LUTRAM = (DEPTH <= `BCD_FIFO_LUTRAM_DEPTH || LUTRAM_CELLS <= `BCD_FIFO_LUTRAM_CELLS) ? 1 : 0;

    reg [AW-1:0] wr, rd;
    reg [CW-1:0] count;
    reg nonempty, notfull;
    assign in_ready = notfull;
    assign out_valid = nonempty;
    wire push = in_valid && notfull;
    wire pop = nonempty && out_ready;
    wire stay = nonempty && !(count == ONE && pop);   // words left after this cycle's pop
    wire [AW-1:0] rd_next = !pop ? rd : (rd == LAST) ? {AW{1'b0}} : rd + 1'b1;

    always @(posedge clk)
        if (!rst_n) begin
            wr <= {AW{1'b0}};
            rd <= {AW{1'b0}};
            count <= {CW{1'b0}};
            nonempty <= 1'b0;
            notfull <= 1'b1;
        end else begin
            if (push) wr <= (wr == LAST) ? {AW{1'b0}} : wr + 1'b1;
            rd <= rd_next;
            if (push && !pop) count <= count + 1'b1;
            else if (pop && !push) count <= count - 1'b1;
            nonempty <= push || stay;
            notfull <= pop || (notfull && !(count == FULL_M1 && push));
        end

    generate
        if (IN_LUTRAM != 0) begin : lut
            (* ram_style = "distributed" *) reg [W-1:0] mem [0:DEPTH-1];
            always @(posedge clk)
                if (push) mem[wr] <= in_data;
            assign out_data = mem[rd];
        end else begin : block
            // ram_style: with a synchronous read, yosys would put some shallow ones in LUT RAM
            (* ram_style = "block" *) reg [W-1:0] mem [0:DEPTH-1];
            reg [W-1:0] q, written;
            reg fresh;
            always @(posedge clk) begin
                if (push) mem[wr] <= in_data;
                q <= mem[rd_next];
                // the word at rd_next is the one written this cycle exactly when no older word stays
                fresh <= push && !stay;
                if (push) written <= in_data;
            end
            assign out_data = fresh ? written : q;
        end
    endgenerate
endmodule

`default_nettype wire
