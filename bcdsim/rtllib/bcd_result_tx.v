// bcd_result_tx: the core's output words to bytes for the host, with the class (bcdsim RTL
// library, board tops). Per frame it sends the sync byte 0x5A, WORDS words of BYTES bytes each
// (little-endian, the logits as the core wrote them) and then the class: the index of the largest
// of the first CLASSES logits (signed, BITS each, lane p of word j is logit j*LANES + p), the first
// one on a tie (as torch.argmax). The comparison runs one lane per cycle while the bytes go out.
`default_nettype none

module bcd_result_tx #(
    parameter integer LANES = 1,
    parameter integer BITS = 16,
    parameter integer BYTES = 2,    // ceil(LANES * BITS / 8)
    parameter integer WORDS = 1,    // output words per frame
    parameter integer CLASSES = 1
) (
    input  wire                  clk,
    input  wire                  rst_n,
    input  wire [LANES*BITS-1:0] in_data,   // from the core's m_axis
    input  wire                  in_valid,
    output wire                  in_ready,
    output reg  [7:0]            out_data,  // to the UART transmitter
    output reg                   out_valid,
    input  wire                  out_ready,
    output reg  [7:0]            last_class,
    output reg                   class_valid  // a pulse when last_class changes to a new frame's
);
    localparam [7:0] SYNC = 8'h5A;
    localparam integer W = LANES * BITS;
    localparam integer BW = $clog2(BYTES + 1);
    localparam integer WW = $clog2(WORDS + 1);
    localparam integer LW = $clog2(LANES + 1);
    localparam integer LAST_WORD_I = WORDS - 1;
    localparam [WW-1:0] LAST_WORD = LAST_WORD_I[WW-1:0];
    localparam [BW-1:0] BYTES_B = BYTES[BW-1:0];
    localparam [LW-1:0] LANES_W = LANES[LW-1:0];
    localparam [15:0] CLASSES_G = CLASSES[15:0];  // at most 256 classes: the class is one byte

    reg [8*BYTES-1:0] word;     // bytes still to send, lowest first
    reg [W-1:0] lanes;          // logits still to compare, lane 0 lowest
    reg busy;                   // a word is held
    reg header_due;             // the frame's sync byte goes before its first word
    reg [BW-1:0] bytes_left;
    reg [LW-1:0] lanes_left;
    reg [WW-1:0] word_index;
    reg [15:0] logit_index;
    reg class_due;              // after the frame's last word: send the class
    reg signed [BITS-1:0] best;
    reg [7:0] best_index;
    wire signed [BITS-1:0] logit = lanes[BITS-1:0];
    wire byte_sent = out_valid && out_ready;
    assign in_ready = !busy && !class_due;

    always @(posedge clk)
        if (!rst_n) begin
            word <= {(8 * BYTES){1'b0}};
            lanes <= {W{1'b0}};
            busy <= 1'b0;
            header_due <= 1'b1;
            bytes_left <= {BW{1'b0}};
            lanes_left <= {LW{1'b0}};
            word_index <= {WW{1'b0}};
            logit_index <= 16'd0;
            class_due <= 1'b0;
            best <= {BITS{1'b0}};
            best_index <= 8'd0;
            out_data <= 8'd0;
            out_valid <= 1'b0;
            last_class <= 8'd0;
            class_valid <= 1'b0;
        end else begin
            class_valid <= 1'b0;
            if (in_valid && in_ready) begin
                word <= {(8 * BYTES){1'b0}};
                word[W-1:0] <= in_data;  // the padding bits above W stay zero
                lanes <= in_data;
                busy <= 1'b1;
                bytes_left <= BYTES_B;
                lanes_left <= LANES_W;
            end
            // the comparison: one lane per cycle
            if (busy && lanes_left != 0) begin
                if (logit_index < CLASSES_G && (logit_index == 0 || logit > best)) begin
                    best <= logit;
                    best_index <= logit_index[7:0];
                end
                lanes <= lanes >> BITS;
                lanes_left <= lanes_left - 1'b1;
                logit_index <= logit_index + 1'b1;
            end
            // the byte stream: header, word bytes, class
            if (!out_valid || byte_sent) begin
                out_valid <= 1'b0;
                if (busy && header_due) begin
                    out_data <= SYNC;
                    out_valid <= 1'b1;
                    header_due <= 1'b0;
                end else if (busy && bytes_left != 0) begin
                    out_data <= word[7:0];
                    out_valid <= 1'b1;
                    word <= word >> 8;
                    bytes_left <= bytes_left - 1'b1;
                end else if (busy && lanes_left == 0) begin  // the word is out and compared
                    busy <= 1'b0;
                    if (word_index == LAST_WORD) begin
                        word_index <= {WW{1'b0}};
                        class_due <= 1'b1;
                    end else word_index <= word_index + 1'b1;
                end else if (class_due) begin
                    out_data <= best_index;
                    out_valid <= 1'b1;
                    last_class <= best_index;
                    class_valid <= 1'b1;
                    class_due <= 1'b0;
                    header_due <= 1'b1;
                    logit_index <= 16'd0;
                end
            end
        end
endmodule
