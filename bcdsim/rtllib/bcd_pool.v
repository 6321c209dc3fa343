// bcd_pool: AvgPool2d (MAX 0) or MaxPool2d (MAX 1) on PE lanes (bcdsim RTL library).
// hw mode (bcdsim.hw.interpret): average = exact sum over the K x K window of the zero-padded
// map (padding counts, PyTorch's count_include_pad) times the reciprocal mantissa R of 1/K^2,
// rounded once (y = sat_OW((((sum * R) << A) + half) >>> RSH)); max = the largest value of the
// window's pixels inside the map (padding never wins), no rounding.
//
// Schedule (docs/hardware_units.md §4): iteration n reads word n; the words of output pixel
// (oy, ox) are written by the iterations that read the same channel word of input pixel
// (min(H-1, oy*S-P+K-1), min(W-1, ox*S-P+K-1)), the last pixel of its window (the design
// refuses pools where two windows end at one pixel). Line buffer: K-1 delay lines of a row
// (W*NF words) hold the window's column above the current pixel; their column reduction goes
// into K-1 delay lines of a pixel (NF words) that hold the window's previous columns.
// Pipeline (en = !out_valid | out_ready): s1 input and column, s2 column reduction, s3 window
// reduction, s4 product (average) or copy (max), then the output register: depth 5.
`default_nettype none

module bcd_pool #(
    parameter integer PE = 4,
    parameter integer NF = 4,    // channel words per pixel (C / PE)
    parameter integer H = 8,
    parameter integer W = 8,
    parameter integer K = 2,
    parameter integer S = 2,
    parameter integer P = 0,
    parameter integer MAX = 0,
    parameter integer XW = 16,
    parameter integer R = 1,     // average: reciprocal mantissa of 1/K^2 (RB bits, unsigned)
    parameter integer RB = 18,
    parameter integer A = 0,
    parameter integer RSH = 0,
    parameter integer OW = 16    // output width (max: XW)
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire [PE*XW-1:0] in_data,
    input  wire             in_valid,
    output wire             in_ready,
    output wire [PE*OW-1:0] out_data,
    output reg              out_valid,
    input  wire             out_ready
);
    localparam integer OH = (H + 2 * P - K) / S + 1;
    localparam integer OWD = (W + 2 * P - K) / S + 1;
    localparam integer KL = (K > 1) ? K - 1 : 1;                  // delay lines (at least one)
    localparam integer SUMW = XW + $clog2(K * K) + 1;              // exact window sum
    localparam integer PW = SUMW + RB + 1;
    localparam integer VW = $clog2(H + W + 2 * (K + S + P)) + 2;   // signed coordinates
    localparam integer NFW = $clog2(NF > 1 ? NF : 2);
    localparam integer NF_M1 = NF - 1;
    localparam [NFW-1:0] NF_LAST = NF_M1[NFW-1:0];
    localparam integer H_M1 = H - 1, W_M1 = W - 1, OH_M1 = OH - 1, OW_M1 = OWD - 1;
    localparam integer TOP0 = -P, END0 = (K - 1 - P < H - 1) ? K - 1 - P : H - 1;
    localparam integer XEND0 = (K - 1 - P < W - 1) ? K - 1 - P : W - 1;
    localparam signed [VW-1:0] YMAX = H_M1[VW-1:0], XMAX = W_M1[VW-1:0];
    localparam integer K_M1 = K - 1;
    localparam signed [VW-1:0] VS = S[VW-1:0], VK1 = K_M1[VW-1:0];

    function automatic signed [SUMW-1:0] sx(input [XW-1:0] v);  // sign-extend to the sum width
        sx = {{(SUMW-XW){v[XW-1]}}, v};
    endfunction

    function automatic signed [VW-1:0] clip(input signed [VW-1:0] v, input signed [VW-1:0] hi);
        clip = (v > hi) ? hi : v;
    endfunction

    wire en = !out_valid || out_ready;
    wire issue = en && in_valid;
    assign in_ready = en;

    // ---- position in the frame and the window that ends here ----------------------------------
    reg [NFW-1:0] j;
    reg signed [VW-1:0] y, x, ytop, yend, xleft, xend;
    reg [VW-1:0] oy, ox;
    reg rows_left, cols_left;
    wire end_row = rows_left && (y == yend);
    wire end_col = cols_left && (x == xend);
    wire signed [VW-1:0] ylo = (ytop < 0) ? {VW{1'b0}} : ytop;
    wire signed [VW-1:0] xlo = (xleft < 0) ? {VW{1'b0}} : xleft;
    wire [K-1:0] rowmask, colmask;   // bit k: row y-k / column x-k lies in the window
    genvar k, p;
    generate
        for (k = 0; k < K; k = k + 1) begin : masks
            localparam signed [VW-1:0] VKK = k;
            assign rowmask[k] = (y - VKK >= ylo);
            assign colmask[k] = (x - VKK >= xlo);
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) begin
            j <= {NFW{1'b0}};
            {y, x, oy, ox} <= {4 * VW{1'b0}};
            ytop <= TOP0[VW-1:0];
            yend <= END0[VW-1:0];
            xleft <= TOP0[VW-1:0];
            xend <= XEND0[VW-1:0];
            rows_left <= 1'b1;
            cols_left <= 1'b1;
        end else if (issue) begin
            j <= (j == NF_LAST) ? {NFW{1'b0}} : j + 1'b1;
            if (j == NF_LAST) begin
                if (end_col) begin
                    if (ox == OW_M1[VW-1:0]) cols_left <= 1'b0;
                    ox <= ox + 1'b1;
                    xleft <= xleft + VS;
                    xend <= clip(xleft + VS + VK1, XMAX);
                end
                if (x == XMAX) begin
                    x <= {VW{1'b0}};
                    ox <= {VW{1'b0}};
                    xleft <= TOP0[VW-1:0];
                    xend <= XEND0[VW-1:0];
                    cols_left <= 1'b1;
                    if (end_row) begin
                        if (oy == OH_M1[VW-1:0]) rows_left <= 1'b0;
                        oy <= oy + 1'b1;
                        ytop <= ytop + VS;
                        yend <= clip(ytop + VS + VK1, YMAX);
                    end
                    if (y == YMAX) begin
                        y <= {VW{1'b0}};
                        oy <= {VW{1'b0}};
                        ytop <= TOP0[VW-1:0];
                        yend <= END0[VW-1:0];
                        rows_left <= 1'b1;
                    end else begin
                        y <= y + 1'b1;
                    end
                end else begin
                    x <= x + 1'b1;
                end
            end
        end

    // ---- s1: input word and the column above it (rows y-1 .. y-K+1) ---------------------------
    reg s1_valid, s1_emit, s2_valid, s2_emit, s3_valid, s4_valid;
    reg [K-1:0] s1_rowmask, s1_colmask, s2_colmask;
    reg [PE*XW-1:0] s1_x;
    wire [KL*PE*XW-1:0] above;
    always @(posedge clk)
        if (!rst_n) {s1_valid, s2_valid, s3_valid, s4_valid} <= 4'b0000;
        else if (en) {s1_valid, s2_valid, s3_valid, s4_valid} <= {issue, s1_valid, s2_valid && s2_emit, s3_valid};
    always @(posedge clk)
        if (en) begin
            s1_x <= in_data;
            s1_emit <= end_row && end_col;
            s1_rowmask <= rowmask;
            s1_colmask <= colmask;
            s2_emit <= s1_emit;
            s2_colmask <= s1_colmask;
        end
    generate
        for (k = 1; k < K; k = k + 1) begin : rows
            bcd_delay #(.D(k == 1 ? W * NF : W * NF - 1), .W(PE * XW)) line (
                .clk(clk), .rst_n(rst_n), .adv(issue),
                .din(k == 1 ? in_data : above[(k-2)*PE*XW +: PE*XW]), .dout(above[(k-1)*PE*XW +: PE*XW]));
        end
        if (K == 1) begin : no_rows
            assign above = {PE*XW{1'b0}};
        end
    endgenerate

    // ---- s2: column reductions; s3: window reductions ------------------------------------------
    wire adv2 = en && s1_valid;
    wire [PE*SUMW-1:0] column;
    reg [PE*SUMW-1:0] s2_column;
    wire [KL*PE*SUMW-1:0] left;   // the columns of pixels x-1 .. x-K+1 (same channel word)
    always @(posedge clk)
        if (adv2) s2_column <= column;
    generate
        for (k = 1; k < K; k = k + 1) begin : cols
            bcd_delay #(.D(k == 1 ? NF : NF - 1), .W(PE * SUMW)) line (
                .clk(clk), .rst_n(rst_n), .adv(adv2),
                .din(k == 1 ? column : left[(k-2)*PE*SUMW +: PE*SUMW]), .dout(left[(k-1)*PE*SUMW +: PE*SUMW]));
        end
        if (K == 1) begin : no_cols
            assign left = {PE*SUMW{1'b0}};
            wire unused = &{1'b0, above, left, s1_rowmask, s2_colmask};
        end
    endgenerate

    localparam [RB:0] RECIP = R[RB:0];
    localparam integer HALF_I = (RSH > 0) ? (1 << (RSH - 1)) : 0;
    localparam [RSH:0] HALF = HALF_I[RSH:0];
    generate
        for (p = 0; p < PE; p = p + 1) begin : lane
            reg signed [SUMW-1:0] col, win, s3_win;
            integer i;
            always @* begin
                col = sx(s1_x[p*XW +: XW]);
                for (i = 1; i < K; i = i + 1)
                    if (s1_rowmask[i]) begin
                        if (MAX != 0) col = (sx(above[((i-1)*PE+p)*XW +: XW]) > col)
                                            ? sx(above[((i-1)*PE+p)*XW +: XW]) : col;
                        else col = col + sx(above[((i-1)*PE+p)*XW +: XW]);
                    end
            end
            assign column[p*SUMW +: SUMW] = col;
            always @* begin
                win = $signed(s2_column[p*SUMW +: SUMW]);
                for (i = 1; i < K; i = i + 1)
                    if (s2_colmask[i]) begin
                        if (MAX != 0) win = ($signed(left[((i-1)*PE+p)*SUMW +: SUMW]) > win)
                                            ? $signed(left[((i-1)*PE+p)*SUMW +: SUMW]) : win;
                        else win = win + $signed(left[((i-1)*PE+p)*SUMW +: SUMW]);
                    end
            end
            always @(posedge clk)
                if (en) s3_win <= win;
            if (MAX != 0) begin : largest
                reg [OW-1:0] q;
                always @(posedge clk)
                    if (en) q <= s3_win[OW-1:0];
                reg [OW-1:0] y_out;
                always @(posedge clk)
                    if (en && s4_valid) y_out <= q;
                assign out_data[p*OW +: OW] = y_out;
                wire unused = &{1'b0, s3_win[SUMW-1:OW]};
            end else begin : mean
                reg signed [PW-1:0] prod;
                always @(posedge clk)
                    if (en) prod <= s3_win * $signed(RECIP);
                bcd_requant #(.AW(PW), .CB(RSH + 2), .A(A), .RSH(RSH), .OW(OW)) out (
                    .clk(clk), .load(en && s4_valid), .acc(prod), .c({1'b0, HALF}), .y(out_data[p*OW +: OW]));
            end
        end
        if (K > 1) begin : unused_masks
            wire unused = &{1'b0, s1_rowmask[0], s2_colmask[0], s1_colmask[0]};
        end
    endgenerate

    always @(posedge clk)
        if (!rst_n) out_valid <= 1'b0;
        else if (en) out_valid <= s4_valid;
endmodule

`default_nettype wire
