// bcd_uart_rx: 8N1 UART receiver (bcdsim RTL library, board tops). CLKS_PER_BIT clock cycles per
// bit; the line is synchronised by two flip-flops, a start bit is confirmed at its middle and each
// data bit is sampled at its middle, LSB first. out_valid pulses one cycle per byte with a valid
// stop bit (a framing error drops the byte). No back-pressure: the reader must take every byte.
`default_nettype none

module bcd_uart_rx #(
    parameter integer CLKS_PER_BIT = 33
) (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       rx,
    output reg  [7:0] out_data,
    output reg        out_valid
);
    localparam integer CW = $clog2(CLKS_PER_BIT + 1);
    localparam integer FULL_I = CLKS_PER_BIT - 1;
    localparam integer HALF_I = CLKS_PER_BIT / 2 - 1;
    localparam [CW-1:0] FULL = FULL_I[CW-1:0];
    localparam [CW-1:0] HALF = HALF_I[CW-1:0];
    localparam [1:0] IDLE = 2'd0, START = 2'd1, DATA = 2'd2, STOP = 2'd3;

    reg [1:0] sync;  // metastability guard: the pin is asynchronous to clk
    reg [1:0] state;
    reg [CW-1:0] count;
    reg [2:0] bit_index;
    reg [7:0] shift;
    wire line = sync[1];

    always @(posedge clk)
        if (!rst_n) sync <= 2'b11;
        else sync <= {sync[0], rx};

    always @(posedge clk)
        if (!rst_n) begin
            state <= IDLE;
            count <= {CW{1'b0}};
            bit_index <= 3'd0;
            shift <= 8'd0;
            out_data <= 8'd0;
            out_valid <= 1'b0;
        end else begin
            out_valid <= 1'b0;
            case (state)
                IDLE: if (!line) begin
                    state <= START;
                    count <= HALF;
                end
                START: if (count != 0) count <= count - 1'b1;
                    else if (line) state <= IDLE;  // a glitch, not a start bit
                    else begin
                        state <= DATA;
                        count <= FULL;
                        bit_index <= 3'd0;
                    end
                DATA: if (count != 0) count <= count - 1'b1;
                    else begin
                        shift <= {line, shift[7:1]};
                        count <= FULL;
                        bit_index <= bit_index + 1'b1;
                        if (bit_index == 3'd7) state <= STOP;
                    end
                default: if (count != 0) count <= count - 1'b1;
                    else begin
                        state <= IDLE;
                        if (line) begin
                            out_data <= shift;
                            out_valid <= 1'b1;
                        end
                    end
            endcase
        end
endmodule
