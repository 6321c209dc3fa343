// bcd_slot_ram: per-channel values accessed a different number of channels at a time by two
// processes (bcdsim RTL library; the contextual unit: PE channels per map word, SIMD per MAC).
// A slot holds L = gcd(PE, SIMD) consecutive channels (SW bits). Slots are spread cyclically
// over M = (PE/L)*(SIMD/L) memories, slot s in memory s mod M at row s / M, so that an access
// of up to M consecutive slots touches each memory at most once. An access starting at slot
// s0 = row*M + first (bcd_slot_cursor keeps these) finds its slot q in memory (first + q) mod M,
// at row `row` when that memory is at or after `first`, at row + 1 otherwise.
// Write: WK consecutive slots (synchronous); WK = M writes whole rows (`first` is 0 then).
// Read (asynchronous: LUT RAM; the caller registers it): r_raw, memory m's word (the access's
// slot m when first = 0: accesses of M slots), and r_data, the access's first RK slots rotated
// into place (an M-to-1 multiplexer per slot, built only for the RK slots asked for).
`default_nettype none

module bcd_slot_ram #(
    parameter integer M = 2,
    parameter integer SW = 16,
    parameter integer ROWS = 4,
    parameter integer WK = 1,
    parameter integer RK = 1,
    parameter integer RW = $clog2(ROWS > 1 ? ROWS : 2),
    parameter integer FW = $clog2(M > 1 ? M : 2)
) (
    input  wire             clk,
    input  wire             we,
    input  wire [RW-1:0]    w_row,
    input  wire [FW-1:0]    w_first,
    input  wire [WK*SW-1:0] w_data,
    input  wire [RW-1:0]    r_row,
    input  wire [FW-1:0]    r_first,
    output wire [M*SW-1:0]  r_raw,
    output wire [RK*SW-1:0] r_data
);
    localparam [FW:0] MV = M[FW:0];

    genvar m, q;
    generate
        for (m = 0; m < M; m = m + 1) begin : bank
            localparam [FW:0] MI = m[FW:0];
            wire [SW-1:0] wd;    // this memory's slot of the write
            wire write, wrap_w, wrap_r;   // wrap: it holds the access's slot of the next row
            if (m == M - 1) begin : top
                assign {wrap_w, wrap_r} = 2'b00;
            end else begin : below
                assign wrap_w = WK < M && MI < {1'b0, w_first};
                assign wrap_r = MI < {1'b0, r_first};
            end
            if (WK == M) begin : whole_rows
                assign write = we;
                assign wd = w_data[m*SW +: SW];
                wire unused = &{1'b0, w_first};
            end else begin : some_slots
                wire [FW:0] wq = wrap_w ? MI + MV - {1'b0, w_first} : MI - {1'b0, w_first};
                reg [SW-1:0] pick;
                integer k;
                always @* begin
                    pick = w_data[SW-1:0];
                    for (k = 1; k < WK; k = k + 1)
                        if (wq == k[FW:0]) pick = w_data[k*SW +: SW];
                end
                assign wd = pick;
                assign write = we && wq < WK[FW:0];
            end
            wire [RW-1:0] wrow = w_row + {{(RW-1){1'b0}}, wrap_w};
            wire [RW-1:0] rrow = r_row + {{(RW-1){1'b0}}, wrap_r};
            reg [SW-1:0] mem [0:ROWS-1];
            always @(posedge clk)
                if (write) mem[wrow] <= wd;
            assign r_raw[m*SW +: SW] = mem[rrow];
        end
        for (q = 0; q < RK; q = q + 1) begin : rotate
            localparam [FW:0] QI = q[FW:0];
            wire [FW:0] at = {1'b0, r_first} + QI;
            wire [FW:0] src = (at >= MV) ? at - MV : at;
            assign r_data[q*SW +: SW] = r_raw[src*SW +: SW];
        end
    endgenerate
endmodule

`default_nettype wire
