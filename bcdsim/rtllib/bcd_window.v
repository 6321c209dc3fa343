// bcd_window: sliding-window unit (bcdsim RTL library) feeding a matrix unit: per output pixel
// the K*K*C window elements in window order (ky, kx, c), c innermost, SIMD elements per word
// (docs/hardware_units.md §1, §4).
//   VALID 1 (bipolar maps, EW = 1): out_data = {valid[SIMD-1:0], bits[SIMD-1:0]}, valid 0 where
//           the window hangs over the zero padding (the XNOR unit counts only valid lanes);
//   VALID 0 (fixed point, EW bits per element): out_data = SIMD values, 0 for padding.
// Input: IL = min(SIMD, C) elements per word, pixels in raster order. SIMD <= C: a window word is
// one input word (SIMD | C); SIMD > C: NSEG = SIMD / C whole pixels (NSEG | K*K).
//
// Schedule (§4): R = W*C/IL reads per input row, Wr = OW*K*K*C/SIMD writes per output row,
// need(oy) = min(H, oy*S - P + K), need(OH) = H. Fill: need(0)*R iterations, each reads one
// word. Then per output row oy a block of max(Wr, (need(oy+1) - need(oy))*R) iterations:
// iteration i writes the row's window word i if i < Wr and reads the next input word while rows
// below need(oy+1) remain (after the last output row: the rest of the frame, dropped).
// Line buffer: K + S rows (row r in slot r mod (K+S)), one memory of (K+S)*W*C/IL words, one
// read port per segment (NSEG > 1: replicated or flip-flops).
// Pipeline (en = !out_valid | out_ready): s1, then the output register: depth 2.
//   Large line buffer (DEPTH*IL*EW > BCD_LUTRAM_BITS, block RAM): s1 the line-buffer read
//   (synchronous), the output register masks it.
//   Small line buffer (LUT RAM): s1 the read address and its in-map flag; the output register
//   reads the memory asynchronously at that address (address arithmetic and the LUT-RAM read
//   mux in separate cycles). Same words: an iteration's write never hits a slot it reads (it
//   writes rows top+K .. top+K+S-1, up to H-1 < top+K+S in the last block, and reads rows
//   top .. top+K-1), and the next iteration's write lands at the same edge as the delayed read,
//   which sees the memory before that edge.
`default_nettype none
`ifndef BCD_LUTRAM_BITS
`define BCD_LUTRAM_BITS 4096
`endif

module bcd_window #(
    parameter integer C = 16,
    parameter integer H = 8,
    parameter integer W = 8,
    parameter integer K = 3,
    parameter integer S = 1,
    parameter integer P = 1,
    parameter integer SIMD = 16,
    parameter integer IL = (SIMD < C) ? SIMD : C,
    parameter integer EW = 1,
    parameter integer VALID = 1,
    parameter integer OUT_W = (VALID != 0) ? 2 * SIMD : SIMD * EW
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire [IL*EW-1:0] in_data,
    input  wire             in_valid,
    output wire             in_ready,
    output reg  [OUT_W-1:0] out_data,
    output reg              out_valid,
    input  wire             out_ready
);
    localparam integer OH = (H + 2 * P - K) / S + 1;
    localparam integer OWD = (W + 2 * P - K) / S + 1;
    localparam integer CW = C / IL;                  // input words per pixel
    localparam integer NSEG = SIMD / IL;             // pixels per window word (1 when SIMD <= C)
    localparam integer WPP = K * K * C / SIMD;       // window words per output pixel
    localparam integer ROWS = K + S;
    localparam integer DEPTH = ROWS * W * CW;
    localparam integer MAW = $clog2(DEPTH > 1 ? DEPTH : 2);
    localparam integer VW = $clog2(H + W + 2 * (K + S + P)) + 2;  // signed coordinates
    localparam integer CWW = $clog2(CW > 1 ? CW : 2);
    localparam integer TW = $clog2(WPP > 1 ? WPP : 2);
    localparam integer KKW = $clog2(K * K + 1) + 1;
    localparam integer SW = $clog2(ROWS) + 1;
    localparam integer SLW = ((SW > KKW) ? SW : KKW) + 1;
    localparam integer AXW = MAW + VW + SLW;
    localparam integer ROWSTRIDE_I = W * CW;
    localparam integer LUTRAM = (DEPTH * IL * EW <= `BCD_LUTRAM_BITS) ? 1 : 0;

    localparam integer CW_M1 = CW - 1, WPP_M1 = WPP - 1, DEPTH_M1 = DEPTH - 1;
    localparam integer H_I = H, W_M1 = W - 1, OH_M1 = OH - 1, OW_M1 = OWD - 1, NEED0 = (K - P < H) ? K - P : H;
    localparam [CWW-1:0] CH_LAST = CW_M1[CWW-1:0];
    localparam [TW-1:0] T_LAST = WPP_M1[TW-1:0];
    localparam [MAW-1:0] A_LAST = DEPTH_M1[MAW-1:0];
    localparam signed [VW-1:0] VH = H_I[VW-1:0], VW_M1 = W_M1[VW-1:0], VS = S[VW-1:0], VP = P[VW-1:0];
    localparam signed [VW-1:0] VK = K[VW-1:0], VNEED0 = NEED0[VW-1:0];
    localparam [VW-1:0] VOH_M1 = OH_M1[VW-1:0], VOW_M1 = OW_M1[VW-1:0];
    // block 0's target need(1) (raw_next holds its reset value K - P + S during the fill), the
    // next-to-last output row (all ones when OH = 1: oy never reaches it), H - S
    localparam integer BLOCK0 = (OH == 1 || K - P + S > H) ? H : K - P + S;
    localparam integer OH_M2 = OH - 2, H_MS = H - S;
    localparam signed [VW-1:0] VBLOCK0 = BLOCK0[VW-1:0], VH_MS = H_MS[VW-1:0];
    localparam [VW-1:0] VOH_M2 = OH_M2[VW-1:0];
    localparam [SW-1:0] SROWS = ROWS[SW-1:0], SS = S[SW-1:0];

    wire en = !out_valid || out_ready;

    // ---- read side: the next input word (pixel x, chunk ch) and its line-buffer address -------
    // target: rows that must be read before this phase ends; rem: how many of them are still to
    // read (target - rows read; a count instead of the row, so that `rd` and `rd_last` are
    // zero/one tests rather than a comparator on the control path)
    reg signed [VW-1:0] xr, target, rem;
    reg [CWW-1:0] ch;
    reg [MAW-1:0] waddr;
    // ---- write side: output row oy (window top row `top`, its slot), pixel ox, word t ---------
    reg in_block;
    reg row_written;  // the block's Wr window words are out; its remaining iterations only read
    reg [VW-1:0] oy, ox;
    reg signed [VW-1:0] top, left, raw_next;  // raw_next: oy*S - P + K + S, need(oy+1) unclipped
    reg [SW-1:0] slot_top;
    reg [TW-1:0] t;
    reg [KKW-1:0] pos;                        // first kernel position of word t
    reg [CWW-1:0] wch;                        // its channel chunk (SIMD <= C)

    wire rd = |rem;
    wire wr = in_block && !row_written;
    wire issue = en && (!rd || in_valid) && (rd || wr);
    assign in_ready = en && rd;
    wire rd_last = rd && (xr == VW_M1) && (ch == CH_LAST) && (rem == {{(VW-1){1'b0}}, 1'b1});
    wire wr_last = (ox == VOW_M1) && (t == T_LAST);
    wire reads_done = !rd || rd_last;         // after this iteration
    wire writes_done = !wr || wr_last;
    wire last_row = (oy == VOH_M1);
    // the next block's target and its new rows, from registers that hold still within a phase;
    // the row count from comparisons with constants, so no comparator feeds a subtractor
    wire signed [VW-1:0] raw_after = raw_next + VS;
    wire next_last = (oy == VOH_M2);  // the next block is the last row's: read the frame's rest
    wire next_clips = (raw_next > VH_MS);
    wire signed [VW-1:0] target_after = next_last ? VH : (next_clips ? VH : raw_after);
    wire signed [VW-1:0] rem_after = (next_last || next_clips) ? VH - target : raw_after - target;

    always @(posedge clk)
        if (!rst_n) begin
            {xr, ch, waddr} <= 0;
            target <= VNEED0;
            rem <= VNEED0;
            in_block <= 1'b0;
            row_written <= 1'b0;
            {oy, ox, t, pos, wch} <= 0;
            top <= -VP;
            left <= -VP;
            raw_next <= VK - VP + VS;
            slot_top <= (P == 0) ? {SW{1'b0}} : SROWS - P[SW-1:0];
        end else if (issue) begin
            if (rd) begin
                waddr <= (waddr == A_LAST) ? {MAW{1'b0}} : waddr + 1'b1;
                ch <= (ch == CH_LAST) ? {CWW{1'b0}} : ch + 1'b1;
                if (ch == CH_LAST) begin
                    xr <= (xr == VW_M1) ? {VW{1'b0}} : xr + 1'b1;
                    if (xr == VW_M1) rem <= rem - 1'b1;
                end
            end
            if (wr) begin
                t <= (t == T_LAST) ? {TW{1'b0}} : t + 1'b1;
                if (NSEG > 1) begin
                    pos <= (t == T_LAST) ? {KKW{1'b0}} : pos + NSEG[KKW-1:0];
                end else begin
                    wch <= (wch == CH_LAST) ? {CWW{1'b0}} : wch + 1'b1;
                    if (wch == CH_LAST) pos <= (t == T_LAST) ? {KKW{1'b0}} : pos + 1'b1;
                end
                if (t == T_LAST) begin
                    ox <= ox + 1'b1;
                    left <= left + VS;
                end
            end
            if (wr && wr_last) row_written <= 1'b1;  // a block with more reads than writes
            if (reads_done && writes_done) begin  // the phase ends with this iteration
                row_written <= 1'b0;
                // all `target` rows are read now: the new phase reads new target - target
                if (!in_block) begin               // fill done: block 0
                    in_block <= 1'b1;
                    target <= VBLOCK0;             // the fill ends with target = NEED0
                    rem <= VBLOCK0 - VNEED0;
                end else if (last_row) begin       // frame done: the next frame's fill
                    in_block <= 1'b0;
                    {xr, ch, waddr} <= 0;
                    target <= VNEED0;
                    rem <= VNEED0;
                    {oy, ox} <= 0;
                    top <= -VP;
                    left <= -VP;
                    raw_next <= VK - VP + VS;
                    slot_top <= (P == 0) ? {SW{1'b0}} : SROWS - P[SW-1:0];
                end else begin                     // next output row
                    oy <= oy + 1'b1;
                    ox <= {VW{1'b0}};
                    left <= -VP;
                    top <= top + VS;
                    slot_top <= (slot_top + SS >= SROWS) ? slot_top + SS - SROWS : slot_top + SS;
                    raw_next <= raw_next + VS;
                    target <= target_after;
                    rem <= rem_after;
                end
            end
        end

    reg [IL*EW-1:0] lines [0:DEPTH-1];
    always @(posedge clk)
        if (issue && rd) lines[waddr] <= in_data;

    // ---- s1: one line-buffer read (or its address) per segment ------------------------------------
    reg s1_valid;
    always @(posedge clk)
        if (!rst_n) s1_valid <= 1'b0;
        else if (en) s1_valid <= issue && wr;

    // Kernel position -> (ky, kx) and (top slot, kernel position) -> first address of the row's
    // slot as constant tables, and ix * CW as shifts and adds: no divider, multiplier or modulo
    // adder on the read-address path (a window with them reached 40 MHz on an ECP5; its critical
    // path ran through both).
    /* verilator lint_off UNUSEDSIGNAL */  // the tables' integers carry unused high bits
    // (ky, kx) of kernel position q + off (segment off's position: no adder before the table)
    function automatic [2*KKW-1:0] kernel_yx(input [KKW-1:0] q, input integer off);
        integer j;
        reg [31:0] y, x;
        begin
            kernel_yx = {2*KKW{1'b0}};
            for (j = 0; j + off < K * K; j = j + 1) begin
                y = (j + off) / K;
                x = (j + off) % K;
                if (q == j[KKW-1:0]) kernel_yx = {y[KKW-1:0], x[KKW-1:0]};
            end
        end
    endfunction

    // first address of the slot of kernel row (q + off) / K below the window's top slot
    function automatic [AXW-1:0] row_base(input [SW-1:0] top_slot, input [KKW-1:0] q, input integer off);
        integer j, m;
        reg [31:0] base;
        begin
            row_base = {AXW{1'b0}};
            for (j = 0; j < ROWS; j = j + 1)
                for (m = 0; m + off < K * K; m = m + 1) begin
                    base = ((j + (m + off) / K) % ROWS) * ROWSTRIDE_I;
                    if (top_slot == j[SW-1:0] && q == m[KKW-1:0]) row_base = base[AXW-1:0];
                end
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    function automatic [AXW-1:0] times_cw(input [AXW-1:0] q);
        integer b;
        begin
            times_cw = {AXW{1'b0}};
            for (b = 0; b < 31; b = b + 1)
                if (CW[b]) times_cw = times_cw + (q << b);
        end
    endfunction

    genvar i;
    generate
        for (i = 0; i < NSEG; i = i + 1) begin : seg
            wire [KKW-1:0] ky, kx;
            assign {ky, kx} = kernel_yx(pos, i);
            wire signed [VW-1:0] iy = top + $signed({{(VW-KKW){1'b0}}, ky});
            wire signed [VW-1:0] ix = left + $signed({{(VW-KKW){1'b0}}, kx});
            wire in_map = (iy >= 0) && (iy < VH) && (ix >= 0) && (ix <= VW_M1);
            wire [AXW-1:0] addr = row_base(slot_top, pos, i) + times_cw({{(AXW-VW){1'b0}}, ix}) + {{(AXW-CWW){1'b0}}, wch};
            wire [IL*EW-1:0] q;
            reg ok;
            always @(posedge clk)
                if (en) ok <= in_map;
            if (LUTRAM != 0) begin : async_read
                reg [MAW-1:0] addr_r;
                always @(posedge clk)
                    if (en) addr_r <= addr[MAW-1:0];
                assign q = lines[addr_r];
            end else begin : sync_read
                reg [IL*EW-1:0] q_r;
                always @(posedge clk)
                    if (en) q_r <= lines[addr[MAW-1:0]];
                assign q = q_r;
            end
            if (VALID != 0) begin : bits
                always @(posedge clk)
                    if (en && s1_valid) begin
                        out_data[i*IL +: IL] <= ok ? q : {IL{1'b0}};
                        out_data[SIMD + i*IL +: IL] <= {IL{ok}};
                    end
            end else begin : values
                always @(posedge clk)
                    if (en && s1_valid) out_data[i*IL*EW +: IL*EW] <= ok ? q : {IL*EW{1'b0}};
            end
            wire unused = &{1'b0, addr[AXW-1:MAW]};
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s1_valid;
endmodule

`default_nettype wire
