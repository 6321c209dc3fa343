"""Registered multipliers on the ECP5's MULT18X18D for the ECP5 flows.

``bcd_mul`` (the RTL library's registered multiply) instantiates ``bcd_ecp5_mul_reg`` when
``BCD_ECP5_DSP`` is defined: a blackbox through synthesis, mapped after ``synth_ecp5`` to one
MULT18X18D with its output register in use (REG_OUTPUT_CLK CLK0, clock enable CE0). The product
register then sits inside the DSP block, so the routes into and out of the block fall in different
cycles (placed in a whole design, each took ~4 ns, and the multiplier with fabric registers around
it 12.3 ns). The mapping runs after synthesis because yosys 0.70's abc9 stopped without a message on
a MULT18X18D instantiated in the source whose product fed a flip-flop; a blackbox of ours passes it.
"""
from __future__ import annotations

from pathlib import Path

DEFINE = "BCD_ECP5_DSP"
CELL = "bcd_ecp5_mul_reg"
CELLS_FILE = "bcd_ecp5_dsp_cells.v"
MAP_FILE = "bcd_ecp5_dsp_map.v"
POST_SYNTH = [f"techmap -map {MAP_FILE}", "opt_clean"]  # after synth_ecp5, before writing the netlist

_PORTS = "input wire [17:0] A, input wire [17:0] B, input wire CLK, input wire CE, output wire [35:0] P"


def _bits(port: str, signal: str, width: int) -> str:
    return ", ".join(f".{port}{i}({signal}[{i}])" for i in range(width))


def read_sources(names: list[str]) -> str:
    """The yosys command reading ``names`` (and the cell declaration) with the define set."""
    return f"read_verilog -defer -D {DEFINE} {CELLS_FILE} {' '.join(names)}"


def write_files(build: Path) -> None:
    """The blackbox declaration and the techmap rule, into the build folder (the tools see only it)."""
    (build / CELLS_FILE).write_text(f"(* blackbox *)\nmodule {CELL}({_PORTS});\nendmodule\n", encoding="utf-8")
    zeros = ", ".join(f".C{i}(1'b0)" for i in range(18))
    (build / MAP_FILE).write_text(
        f"// bcdsim: {CELL} -> MULT18X18D, signed 18 x 18, product in the output register (CE0)\n"
        f"module {CELL}({_PORTS});\n"
        '    MULT18X18D #(.REG_OUTPUT_CLK("CLK0"), .REG_OUTPUT_CE("CE0"), .REG_OUTPUT_RST("RST0"),\n'
        '                 .GSR("DISABLED"), .RESETMODE("SYNC")) _TECHMAP_REPLACE_ (\n'
        f"        {_bits('A', 'A', 18)},\n        {_bits('B', 'B', 18)},\n        {zeros},\n"
        "        .SIGNEDA(1'b1), .SIGNEDB(1'b1), .SOURCEA(1'b0), .SOURCEB(1'b0),\n"
        "        .CLK0(CLK), .CE0(CE), .RST0(1'b0),\n"
        f"        {_bits('P', 'P', 36)});\nendmodule\n", encoding="utf-8")
