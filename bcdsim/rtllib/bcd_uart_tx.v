// bcd_uart_tx: 8N1 UART transmitter (bcdsim RTL library, board tops). Takes a byte when in_ready,
// sends start bit, 8 data bits LSB first and a stop bit, CLKS_PER_BIT cycles each. The line idles
// high (also during reset).
`default_nettype none

module bcd_uart_tx #(
    parameter integer CLKS_PER_BIT = 33
) (
    input  wire       clk,
    input  wire       rst_n,
    input  wire [7:0] in_data,
    input  wire       in_valid,
    output wire       in_ready,
    output wire       tx
);
    localparam integer CW = $clog2(CLKS_PER_BIT + 1);
    localparam integer FULL_I = CLKS_PER_BIT - 1;
    localparam [CW-1:0] FULL = FULL_I[CW-1:0];

    reg [9:0] frame;  // {stop, data, start}, shifted out LSB first
    reg [3:0] bits_left;
    reg [CW-1:0] count;
    assign in_ready = (bits_left == 4'd0);
    assign tx = frame[0];

    always @(posedge clk)
        if (!rst_n) begin
            frame <= 10'h3ff;
            bits_left <= 4'd0;
            count <= {CW{1'b0}};
        end else if (bits_left == 4'd0) begin
            if (in_valid) begin
                frame <= {1'b1, in_data, 1'b0};
                bits_left <= 4'd10;
                count <= FULL;
            end
        end else if (count != 0) count <= count - 1'b1;
        else begin
            frame <= {1'b1, frame[9:1]};
            bits_left <= bits_left - 1'b1;
            count <= FULL;
        end
endmodule
