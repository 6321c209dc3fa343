// bcd_frame_rx: bytes from the host to the core's input words (bcdsim RTL library, board tops).
// Protocol (bcdsim board-run): a frame is the sync byte 0xA5 followed by WORDS words of BYTES bytes
// each, every word little-endian (lane p at bits [p*IN_BITS +: IN_BITS], as network.json says).
// Bytes outside a frame other than 0xA5 are skipped; a frame whose bytes stop for 2**TIMEOUT_BITS
// cycles is abandoned (the host resends), so a lost byte never shifts the following frames.
`default_nettype none

module bcd_frame_rx #(
    parameter integer W = 8,       // core input word width
    parameter integer BYTES = 1,   // ceil(W / 8)
    parameter integer WORDS = 1,   // input words per frame
    parameter integer TIMEOUT_BITS = 24
) (
    input  wire         clk,
    input  wire         rst_n,
    input  wire [7:0]   in_data,   // bytes (from a FIFO)
    input  wire         in_valid,
    output wire         in_ready,
    output wire [W-1:0] out_data,  // to the core's s_axis
    output reg          out_valid,
    input  wire         out_ready,
    output wire         out_last,
    output reg          frame_started  // a pulse: a sync byte began a frame
);
    localparam [7:0] SYNC = 8'hA5;
    localparam integer BW = $clog2(BYTES + 1);
    localparam integer WW = $clog2(WORDS + 1);
    localparam integer LAST_BYTE_I = BYTES - 1;
    localparam integer LAST_WORD_I = WORDS - 1;
    localparam [BW-1:0] LAST_BYTE = LAST_BYTE_I[BW-1:0];
    localparam [WW-1:0] LAST_WORD = LAST_WORD_I[WW-1:0];

    reg in_frame;
    reg [8*BYTES-1:0] word;
    reg [BW-1:0] byte_index;
    reg [WW-1:0] word_index;
    reg [TIMEOUT_BITS-1:0] idle;
    assign in_ready = !out_valid;  // assemble the next word only after the core took this one
    assign out_data = word[W-1:0];
    assign out_last = (word_index == LAST_WORD);
    wire take = in_valid && in_ready;
    wire [8*BYTES-1:0] shifted;  // the word with in_data as its new top byte
    generate
        if (BYTES == 1) begin : one_byte
            assign shifted = in_data;
        end else begin : bytes
            assign shifted = {in_data, word[8*BYTES-1:8]};
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) begin
            in_frame <= 1'b0;
            word <= {(8 * BYTES){1'b0}};
            byte_index <= {BW{1'b0}};
            word_index <= {WW{1'b0}};
            idle <= {TIMEOUT_BITS{1'b0}};
            out_valid <= 1'b0;
            frame_started <= 1'b0;
        end else begin
            frame_started <= 1'b0;
            if (out_valid && out_ready) begin
                out_valid <= 1'b0;
                if (out_last) in_frame <= 1'b0;
                else word_index <= word_index + 1'b1;
            end
            if (take) idle <= {TIMEOUT_BITS{1'b0}};
            else if (in_frame && !out_valid) idle <= idle + 1'b1;
            if (take && !in_frame) begin
                if (in_data == SYNC) begin
                    in_frame <= 1'b1;
                    frame_started <= 1'b1;
                    byte_index <= {BW{1'b0}};
                    word_index <= {WW{1'b0}};
                end
            end else if (take) begin
                word <= shifted;  // little-endian: the first byte ends lowest
                if (byte_index == LAST_BYTE) begin
                    byte_index <= {BW{1'b0}};
                    out_valid <= 1'b1;
                end else byte_index <= byte_index + 1'b1;
            end else if (in_frame && !out_valid && (&idle)) in_frame <= 1'b0;  // the host gave up
        end
endmodule
