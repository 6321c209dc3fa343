"""A behavioural DP16KD (the ECP5 18 Kbit block RAM) for gate-level simulation: yosys ships it only
as a blackbox. Written from Lattice TN1264 (ECP5 Memory Usage Guide: DP16KD ports, DATA_WIDTH x1-x18,
the byte enables on AD[1:0] in x18, CSDECODE, WRITEMODE, REGMODE, INITVAL_00..3F) and from how
yosys' ECP5 memory mapping drives the cell (share/lattice/brams_16kd.txt, brams_map_16kd.v): the
memory is 1024 rows of 18 bits, row r in INITVAL_{r/16} bits [20*(r%16) +: 18]; a x9 word n is half
n%2 of row n/2 (AD[13:3]), a x18 word is row AD[13:4]; yosys' pseudo-dual-port form (DATA_WIDTH 36 on
both ports) writes a 36-bit word through port A (DIA low, DIB high, byte enables AD[3:0], address
AD[13:5]) and reads it through port B (DOA low, DOB high).

Modelled: those widths, CE and chip select (CS == 000), WRITEMODE NORMAL / WRITETHROUGH /
READBEFOREWRITE, REGMODE NOREG, outputs 0 after configuration, the synchronous read reset (RESETMODE
SYNC: the output to 0 whatever CE, no write that edge, as yosys' mapping rule "rdsrst zero ungated
block_wr" assumes); x1/x2/x4 (address AD[13:log2 width], data on DI/DO[width-1:0], as yosys'
mapping drives them) when uninitialised with the same width on both ports, in a row layout of ours
(a self-consistent one: such a memory is only ever read as this model wrote it). Anything else
(OUTREG, initialised or mixed x1/x2/x4, mixed 36, inverted pin muxes, another CSDECODE,
an asynchronous reset) stops the simulation with a message instead of being simulated wrongly. A
read on one port of a row the other port writes at the same edge returns the old row (TN1264 leaves
such collisions to the design; yosys adds its own bypass logic where the RTL needs the new value)."""
from __future__ import annotations

_PINS_A = ("DI", "AD", "CE", "OCE", "CLK", "WE", "RST", "CS", "DO")
_SIDE_WIDTH = {"DI": 18, "AD": 14, "CS": 3, "DO": 18}


def _bus(name: str, width: int) -> str:
    return "{" + ", ".join(f"{name}{i}" for i in reversed(range(width))) + "}"


def _port_pins(side: str) -> list[str]:
    pins = []
    for pin in _PINS_A:
        width = _SIDE_WIDTH.get(pin)
        base = f"{pin}{side}" if width is None else None
        pins += [base] if base else [f"{pin}{side}{i}" for i in reversed(range(width))]
    return pins


def _mux_parameters() -> list[tuple[str, str]]:
    """Every pin's polarity mux (``<pin>MUX``, default the pin itself; "INV" would invert it)."""
    return [(f"{p}MUX", p) for side in "AB" for p in _port_pins(side)]


def _port(side: str) -> str:
    """One port's clocked read/write; in the 36-bit form port A only writes and port B reads both halves."""
    s = side
    return f"""
    always @(posedge CLK{s}) begin
        if (RST{s} === 1'b1) begin
            // the synchronous read reset as yosys maps onto it (lattice/brams_16kd.txt: "rdsrst
            // zero ungated block_wr"): the output register to 0 whatever CE, no write this edge
            if (RESETMODE != "SYNC") begin
                $display("bcdsim DP16KD model (%m): asynchronous reset RST{s} is not modelled"); $finish;
            end
{_reset(s)}
        end else if (CE{s} && cs_{s.lower()} == 3'b000) begin
            if (WIDE) begin
{_wide(s)}
            end else begin
                row_{s.lower()} = ad_{s.lower()}[13:4];
                old_{s.lower()} = mem[row_{s.lower()}];
                new_{s.lower()} = old_{s.lower()};
                if (DATA_WIDTH_{s} == 18) begin
                    if (ad_{s.lower()}[0]) new_{s.lower()}[8:0] = di_{s.lower()}[8:0];
                    if (ad_{s.lower()}[1]) new_{s.lower()}[17:9] = di_{s.lower()}[17:9];
                end else if (DATA_WIDTH_{s} == 9) begin
                    if (ad_{s.lower()}[3]) new_{s.lower()}[17:9] = di_{s.lower()}[8:0];
                    else new_{s.lower()}[8:0] = di_{s.lower()}[8:0];
                end else
                    new_{s.lower()} = narrow_write(old_{s.lower()}, di_{s.lower()}, DATA_WIDTH_{s},
                                                   ad_{s.lower()}[3:0]);
                if (WE{s}) mem[row_{s.lower()}] <= new_{s.lower()};
                if (!WE{s} || WRITEMODE_{s} == "READBEFOREWRITE")
                    do_{s.lower()} <= word(old_{s.lower()}, DATA_WIDTH_{s}, ad_{s.lower()}[3:0]);
                else if (WRITEMODE_{s} == "WRITETHROUGH")
                    do_{s.lower()} <= word(new_{s.lower()}, DATA_WIDTH_{s}, ad_{s.lower()}[3:0]);
            end
        end
    end
"""


def _reset(side: str) -> str:
    wide = "            wide_lo <= 18'd0;\n" if side == "B" else ""
    return f"{wide}            do_{side.lower()} <= 18'd0;"


def _wide(side: str) -> str:
    if side == "A":  # the write port: 4 bytes over rows 2n (DIA) and 2n+1 (DIB)
        return """                if (WEA) begin
                    if (ad_a[0]) mem[{ad_a[13:5], 1'b0}][8:0] <= di_a[8:0];
                    if (ad_a[1]) mem[{ad_a[13:5], 1'b0}][17:9] <= di_a[17:9];
                    if (ad_a[2]) mem[{ad_a[13:5], 1'b1}][8:0] <= di_b[8:0];
                    if (ad_a[3]) mem[{ad_a[13:5], 1'b1}][17:9] <= di_b[17:9];
                end"""
    return """                wide_lo <= mem[{ad_b[13:5], 1'b0}];
                do_b <= mem[{ad_b[13:5], 1'b1}];"""


def dp16kd_model() -> str:
    pins_a, pins_b = _port_pins("A"), _port_pins("B")
    outputs = {p for p in pins_a + pins_b if p.startswith("DO")}
    ports = ",\n    ".join(f"{'output' if p in outputs else 'input'} {p}" for p in pins_a + pins_b)
    init_params = "\n".join(f"    parameter [319:0] INITVAL_{i:02X} = 320'h0;" for i in range(64))
    init_any = ", ".join(f"INITVAL_{i:02X}" for i in range(64))
    init_rows = "\n".join(f"        for (i = 0; i < 16; i = i + 1) mem[{16 * k} + i] = INITVAL_{k:02X}[20 * i +: 18];"
                          for k in range(64))
    muxes = _mux_parameters()
    mux_params = "\n".join(f'    parameter {name} = "{pin}";' for name, pin in muxes)
    mux_checks = " ||\n            ".join(f'{name} != "{pin}"' for name, pin in muxes)
    return f"""// bcdsim: behavioural DP16KD (see bcdsim/backends/ecp5/dp16kd.py for the modelled configurations)
module DP16KD (
    {ports}
);
    parameter DATA_WIDTH_A = 18;
    parameter DATA_WIDTH_B = 18;
    parameter REGMODE_A = "NOREG";
    parameter REGMODE_B = "NOREG";
    parameter RESETMODE = "SYNC";
    parameter ASYNC_RESET_RELEASE = "SYNC";
    parameter CSDECODE_A = "0b000";
    parameter CSDECODE_B = "0b000";
    parameter WRITEMODE_A = "NORMAL";
    parameter WRITEMODE_B = "NORMAL";
    parameter GSR = "ENABLED";
    parameter WID = 0;
    parameter INIT_DATA = "STATIC";
{mux_params}
{init_params}
    localparam WIDE = DATA_WIDTH_A == 36;
    localparam initialised = |{{{init_any}}};

    reg [17:0] mem [0:1023];
    reg [17:0] do_a, do_b, wide_lo, old_a, old_b, new_a, new_b;
    reg [9:0] row_a, row_b;
    wire [17:0] di_a = {_bus("DIA", 18)}, di_b = {_bus("DIB", 18)};
    wire [13:0] ad_a = {_bus("ADA", 14)}, ad_b = {_bus("ADB", 14)};
    wire [2:0] cs_a = {_bus("CSA", 3)}, cs_b = {_bus("CSB", 3)};
    assign {_bus("DOA", 18)} = WIDE ? wide_lo : do_a;
    assign {_bus("DOB", 18)} = do_b;

    // a x9 word is the half AD[3] of its row; x18 the whole row; a x1/x2/x4 word the bits from
    // AD[3:0] (its low log2(width) bits 0) of row AD[13:4] (unused output bits 0)
    function [17:0] word(input [17:0] row, input integer width, input [3:0] low);
        if (width == 18) word = row;
        else if (width == 9) word = {{9'd0, low[3] ? row[17:9] : row[8:0]}};
        else word = (row >> (low & ~(width - 1))) & ((18'd1 << width) - 1);
    endfunction

    function [17:0] narrow_write(input [17:0] row, input [17:0] di, input integer width, input [3:0] low);
        integer b;
        begin
            narrow_write = row;
            for (b = 0; b < width; b = b + 1) narrow_write[(low & ~(width - 1)) + b] = di[b];
        end
    endfunction

    // x1/x2/x4 only uninitialised and the same width on both ports: their layout in a row is ours
    // (self-consistent), not necessarily the silicon's or yosys' INITVAL order
    function width_ok(input integer width);
        width_ok = width == 9 || width == 18 || (DATA_WIDTH_A == DATA_WIDTH_B && !initialised &&
                                                 (width == 1 || width == 2 || width == 4));
    endfunction

    function mode_ok(input [8*15:1] mode);
        mode_ok = mode == "NORMAL" || mode == "WRITETHROUGH" || mode == "READBEFOREWRITE";
    endfunction

    integer i;
    initial begin
        if (!(WIDE ? DATA_WIDTH_B == 36 : width_ok(DATA_WIDTH_A) && width_ok(DATA_WIDTH_B)) ||
            REGMODE_A != "NOREG" || REGMODE_B != "NOREG" || CSDECODE_A != "0b000" || CSDECODE_B != "0b000" ||
            !mode_ok(WRITEMODE_A) || !mode_ok(WRITEMODE_B) ||
            {mux_checks}) begin
            $display("bcdsim DP16KD model (%m): configuration not modelled (widths %0d/%0d, %s/%s, %s/%s)",
                     DATA_WIDTH_A, DATA_WIDTH_B, REGMODE_A, REGMODE_B, WRITEMODE_A, WRITEMODE_B);
            $finish;
        end
{init_rows}
        do_a = 18'd0;
        do_b = 18'd0;
        wide_lo = 18'd0;
    end
{_port("A")}{_port("B")}endmodule
"""
