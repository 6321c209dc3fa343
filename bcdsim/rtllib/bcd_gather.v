// bcd_gather: the frame buffer of BCDNet's shift-MLP (bcdsim RTL library): gather_in and
// gather_out of docs/hardware_units.md §4 in one module around a double-buffered bank.
//
// gather_in reads the bipolar map, IL bits per word (IL = SIMD, or SIMD/3 interleaved), into a
// bank (one iteration per word); a bank is written only after gather_out has finished the frame it
// held. gather_out starts a frame in the cycle after gather_in wrote its last word and writes, per
// pixel (y, x) in raster order, the 3C gathered bits (a, Shift(a), GlobalShift(a)) at (y, x),
// SIMD bits per word: source-major (ILV 0, SIMD | C: all words of a, then of the local shift,
// then of the global shift) or channel-interleaved (ILV 1, SIMD = 3s: word t holds channels
// t*s .. t*s+s-1 of each source, source b at bits [b*s +: s]). A shift rolls four channel
// chunks circularly like bcdsim.ir.interpret.channel_shift (torch.roll): chunk 0 reads row
// y - sh, chunk 1 row y + sh, chunk 2 column x - sw, chunk 3 column x + sw (mod H, W).
// The bank is four chunk memories (C/4 bits per pixel), one copy per source read in one word
// (1 source-major, 3 interleaved), each with one synchronous read per cycle.
// gather_out pipeline (en = !out_valid | out_ready): s1 the chunk reads, the output register:
// depth 2; gather_in has no output (its words are visible to gather_out one cycle after its
// last iteration).
`default_nettype none

module bcd_gather #(
    parameter integer C = 64,
    parameter integer H = 4,
    parameter integer W = 4,
    parameter integer SIMD = 64,
    parameter integer ILV = 0,
    parameter integer IL = (ILV != 0) ? SIMD / 3 : SIMD,
    parameter integer SH = 1,   // local shift (rows, columns)
    parameter integer SWD = 1,
    parameter integer GH = 2,   // global shift
    parameter integer GWD = 2
) (
    input  wire            clk,
    input  wire            rst_n,
    input  wire [IL-1:0]   in_data,
    input  wire            in_valid,
    output wire            in_ready,
    output reg  [SIMD-1:0] out_data,
    output reg             out_valid,
    input  wire            out_ready
);
    localparam integer Q = C / 4;
    localparam integer HW = H * W;
    localparam integer COPIES = (ILV != 0) ? 3 : 1;
    localparam integer IW = C / IL;                   // input words per pixel
    localparam integer OWP = 3 * C / SIMD;            // output words per pixel
    localparam integer CS = C / SIMD;                 // source-major: words per source
    localparam integer S3 = SIMD / 3;
    localparam integer AW = $clog2(2 * HW);
    localparam integer PW = $clog2(HW > 1 ? HW : 2);
    localparam integer YW = $clog2(H > 1 ? H : 2), XW = $clog2(W > 1 ? W : 2);
    localparam integer IWW = $clog2(IW > 1 ? IW : 2), TW = $clog2(OWP > 1 ? OWP : 2);
    localparam integer IW_M1 = IW - 1, OWP_M1 = OWP - 1, HW_M1 = HW - 1, H_M1 = H - 1, W_M1 = W - 1;
    localparam [IWW-1:0] J_LAST = IW_M1[IWW-1:0];
    localparam [TW-1:0] T_LAST = OWP_M1[TW-1:0];
    localparam [PW-1:0] P_LAST = HW_M1[PW-1:0];

    // ---- gather_in ---------------------------------------------------------------------------
    reg [1:0] full;
    reg bin, bout;
    reg [IWW-1:0] j;
    reg [PW-1:0] wpix;
    assign in_ready = !full[bin];
    wire take = in_valid && in_ready;
    wire [C-1:0] assembled;
    generate
        if (IW > 1) begin : words
            reg [C-IL-1:0] pixel;   // the pixel's earlier words, the latest at the top
            assign assembled = {in_data, pixel};
            always @(posedge clk)
                if (take) pixel <= assembled[C-1:IL];
        end else begin : one_word
            assign assembled = in_data;
        end
    endgenerate
    wire wlast = take && (j == J_LAST);
    wire in_done = wlast && (wpix == P_LAST);
    always @(posedge clk)
        if (!rst_n) begin
            j <= {IWW{1'b0}};
            wpix <= {PW{1'b0}};
            bin <= 1'b0;
        end else if (take) begin
            j <= (j == J_LAST) ? {IWW{1'b0}} : j + 1'b1;
            if (j == J_LAST) wpix <= (wpix == P_LAST) ? {PW{1'b0}} : wpix + 1'b1;
            if (in_done) bin <= !bin;
        end
    wire [AW-1:0] waddr = {{(AW-PW){1'b0}}, wpix} + (bin ? HW[AW-1:0] : {AW{1'b0}});

    // ---- gather_out: counters ------------------------------------------------------------------
    wire en = !out_valid || out_ready;
    wire issue = en && full[bout];
    reg [YW-1:0] y;
    reg [XW-1:0] x;
    reg [TW-1:0] t;
    wire out_done = issue && (t == T_LAST) && (y == H_M1[YW-1:0]) && (x == W_M1[XW-1:0]);
    always @(posedge clk)
        if (!rst_n) begin
            {y, x, t} <= 0;
            bout <= 1'b0;
        end else if (issue) begin
            t <= (t == T_LAST) ? {TW{1'b0}} : t + 1'b1;
            if (t == T_LAST) begin
                x <= (x == W_M1[XW-1:0]) ? {XW{1'b0}} : x + 1'b1;
                if (x == W_M1[XW-1:0]) y <= (y == H_M1[YW-1:0]) ? {YW{1'b0}} : y + 1'b1;
            end
            if (out_done) bout <= !bout;
        end
    always @(posedge clk)
        if (!rst_n) full <= 2'b00;
        else begin
            if (in_done) full[bin] <= 1'b1;
            if (out_done) full[bout] <= 1'b0;
        end

    // neighbour rows / columns (mod H, W) of the current pixel for a shift (sh, sw)
    function automatic [YW-1:0] yroll(input [YW-1:0] v, input integer d);  // (v + d) mod H, |d| < H
        integer s;
        begin
            s = {{(32-YW){1'b0}}, v} + d;
            s = (s < 0) ? s + H : (s >= H) ? s - H : s;
            yroll = s[YW-1:0];
        end
    endfunction
    function automatic [XW-1:0] xroll(input [XW-1:0] v, input integer d);
        integer s;
        begin
            s = {{(32-XW){1'b0}}, v} + d;
            s = (s < 0) ? s + W : (s >= W) ? s - W : s;
            xroll = s[XW-1:0];
        end
    endfunction
    /* verilator lint_off UNUSEDSIGNAL */  // the address's integer carries unused high bits
    function automatic [AW-1:0] at(input b, input [YW-1:0] yy, input [XW-1:0] xx);
        integer a;
        begin
            a = {{(32-YW){1'b0}}, yy} * W + {{(32-XW){1'b0}}, xx} + (b ? HW : 0);
            at = a[AW-1:0];
        end
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // source of the current word (source-major) and its bit offset within the source
    wire [TW-1:0] srcw = (ILV != 0) ? {TW{1'b0}} : t / CS[TW-1:0];
    wire [1:0] src = srcw[1:0];
    wire [TW-1:0] toff = (ILV != 0) ? t : t - srcw * CS[TW-1:0];
    localparam integer SHM = SH % H, SWM = SWD % W, GHM = GH % H, GWM = GWD % W;

    reg s1_valid;
    reg [TW-1:0] s1_t;
    always @(posedge clk)
        if (!rst_n) s1_valid <= 1'b0;
        else if (en) s1_valid <= issue;
    always @(posedge clk)
        if (en) s1_t <= toff;

    genvar b, q;
    wire [COPIES*C-1:0] virt;   // per copy: the C bits its source gathers at (y, x)
    generate
        for (b = 0; b < COPIES; b = b + 1) begin : copy
            // the source this copy serves: its own (interleaved) or the current word's
            wire [1:0] s = (ILV != 0) ? b[1:0] : src;
            wire [YW-1:0] up = (s == 2'd2) ? yroll(y, -GHM) : (s == 2'd1) ? yroll(y, -SHM) : y;
            wire [YW-1:0] down = (s == 2'd2) ? yroll(y, GHM) : (s == 2'd1) ? yroll(y, SHM) : y;
            wire [XW-1:0] lft = (s == 2'd2) ? xroll(x, -GWM) : (s == 2'd1) ? xroll(x, -SWM) : x;
            wire [XW-1:0] rgt = (s == 2'd2) ? xroll(x, GWM) : (s == 2'd1) ? xroll(x, SWM) : x;
            wire [4*AW-1:0] raddr = {at(bout, y, rgt), at(bout, y, lft), at(bout, down, x), at(bout, up, x)};
            for (q = 0; q < 4; q = q + 1) begin : chunk
                reg [Q-1:0] mem [0:2*HW-1];
                reg [Q-1:0] rq;
                always @(posedge clk)
                    if (take && j == J_LAST) mem[waddr] <= assembled[q*Q +: Q];
                always @(posedge clk)
                    if (en) rq <= mem[raddr[q*AW +: AW]];
                assign virt[b*C + q*Q +: Q] = rq;
            end
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s1_valid;
    generate
        if (ILV != 0) begin : interleaved
            always @(posedge clk)
                if (en && s1_valid)
                    out_data <= {virt[2*C + s1_t*S3 +: S3], virt[C + s1_t*S3 +: S3], virt[s1_t*S3 +: S3]};
        end else begin : source_major
            always @(posedge clk)
                if (en && s1_valid) out_data <= virt[s1_t*SIMD +: SIMD];
        end
    endgenerate
endmodule

`default_nettype wire
