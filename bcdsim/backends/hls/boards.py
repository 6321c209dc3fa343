"""Scripts from the generated C++ to a bitstream, per board, and the project's README.

Every project gets ``build.sh``: Vitis HLS synthesis and IP export (``scripts/hls_ip.tcl``); with a
board, also the integration: for the Zynq boards a Vivado block design (processing system, AXI
DMA, the accelerator behind an AXI-stream wrapper with TLAST) up to the bitstream and its
reports; for the Alveo U250 a Vitis kernel (``.xo``) linked by ``v++`` into an ``.xclbin``.
hls4ml's VivadoAccelerator backend drives the older Vivado HLS and knows only pynq-z2 and the
Alveo cards of this list, so the scripts are bcdsim's own. They are generated and checked here,
not run: that needs the vendor tools (``bcdsim build``).
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from bcdsim.backends.hls import project, wrappers
from bcdsim.backends.hls.plan import uses_ddr
from bcdsim.backends.output import comment_text
from bcdsim.errors import UserError

# What a board's strings may hold: they are written into Tcl and sh as bare words (as are the
# device's name and part, checked by bcdsim.cost.devices), so no quoting can be escaped.
BOARD_TOKENS = {"name": re.compile(r"[a-z0-9][a-z0-9-]*"),
                "board_part": re.compile(r"(?:[a-z0-9][a-z0-9._-]*)?(?::[a-z0-9][a-z0-9._-]*){3}|"),
                "platform": re.compile(r"[A-Za-z0-9_]*")}


@dataclass(frozen=True)
class Board:
    name: str
    device: str  # bcdsim.cost.devices preset
    family: str  # zynq7, zynqmp or alveo
    board_part: str = ""  # Vivado board files, used when installed
    platform: str = ""  # Alveo shell

    def __post_init__(self) -> None:
        for field, pattern in BOARD_TOKENS.items():
            value = getattr(self, field)
            if not pattern.fullmatch(value) or len(value) > 64:
                raise UserError(f"board {self.name!r}: {field} {value!r} is not a plain word")
        if self.family not in ("zynq7", "zynqmp", "alveo"):
            raise UserError(f"board {self.name!r}: unknown family {self.family!r}")


BOARDS = {b.name: b for b in (
    Board("zcu104", "zcu104", "zynqmp", "xilinx.com:zcu104:part0:1.1"),
    Board("pynq-z2", "pynq-z2", "zynq7", "tul.com.tw:pynq-z2:part0:1.0"),
    Board("ultra96", "ultra96-v2", "zynqmp", "avnet.com:ultra96v2:part0:1.2"),
    Board("kv260", "kv260", "zynqmp", "xilinx.com:kv260_som:part0:1.4"),
    Board("u250", "u250", "alveo", platform="xilinx_u250_gen3x16_xdma_4_1_202210_1"),
)}

# Processing system: IP, automation rule, the config every port is set by (the board preset may
# enable more: every AXI port not listed is switched off), AXI master / slave port, PL clock.
PS = {
    "zynq7": ("xilinx.com:ip:processing_system7", "xilinx.com:bd_rule:processing_system7",
              "CONFIG.PCW_USE_M_AXI_GP0 {{1}} CONFIG.PCW_USE_M_AXI_GP1 {{0}} CONFIG.PCW_USE_S_AXI_GP0 {{0}} "
              "CONFIG.PCW_USE_S_AXI_GP1 {{0}} CONFIG.PCW_USE_S_AXI_ACP {{0}} CONFIG.PCW_USE_S_AXI_HP0 {{1}} "
              "CONFIG.PCW_USE_S_AXI_HP1 {{0}} CONFIG.PCW_USE_S_AXI_HP2 {{0}} CONFIG.PCW_USE_S_AXI_HP3 {{0}} "
              "CONFIG.PCW_FPGA0_PERIPHERAL_FREQMHZ {{{mhz:g}}}",
              "M_AXI_GP0", "S_AXI_HP0", "FCLK_CLK0"),
    "zynqmp": ("xilinx.com:ip:zynq_ultra_ps_e", "xilinx.com:bd_rule:zynq_ultra_ps_e",
               "CONFIG.PSU__USE__M_AXI_GP0 {{1}} CONFIG.PSU__USE__M_AXI_GP1 {{0}} CONFIG.PSU__USE__M_AXI_GP2 {{0}} "
               "CONFIG.PSU__USE__S_AXI_GP0 {{0}} CONFIG.PSU__USE__S_AXI_GP1 {{0}} CONFIG.PSU__USE__S_AXI_GP2 {{1}} "
               "CONFIG.PSU__USE__S_AXI_GP3 {{0}} CONFIG.PSU__USE__S_AXI_GP4 {{0}} CONFIG.PSU__USE__S_AXI_GP5 {{0}} "
               "CONFIG.PSU__USE__S_AXI_GP6 {{0}} CONFIG.PSU__USE__S_AXI_ACP {{0}} CONFIG.PSU__USE__S_AXI_ACE {{0}} "
               "CONFIG.PSU__CRL_APB__PL0_REF_CTRL__FREQMHZ {{{mhz:g}}}",
               "M_AXI_HPM0_FPD", "S_AXI_HP0_FPD", "pl_clk0"),
}


def board(name: str) -> Board:
    try:
        return BOARDS[name]
    except KeyError:
        raise UserError(f"unknown board '{name}' (boards: {', '.join(BOARDS)})") from None


def top_name(b: Board | None) -> str:
    if b is None:
        return project.PROJECT_NAME
    return "bcdsim_kernel" if b.family == "alveo" else "bcdsim_top_axi"


HLS_TCL = """# Vitis HLS: synthesis and export of {top} ({what}). Run from the project directory.
open_project -reset {top}_ip_prj
set_top {top}
add_files firmware/{project}.cpp -cflags "-std=c++0x -DAP_INT_MAX_W={max_w}"
{extra_files}open_solution -reset solution1{flow}
set_part {part}
create_clock -period {period} -name default
config_compile -name_max_length 80
csynth_design
export_design -format {fmt}
exit
"""

VIVADO_TCL = """# Vivado: block design (PS, AXI DMA, accelerator), bitstream and reports for {board}.
set root [file dirname [file dirname [file normalize [info script]]]]
if {{![llength [get_board_parts -quiet {board_part}]]}} {{
    puts stderr "bcdsim: error: Vivado has no board files for {board_part} ({board}). Install them: Vivado >\\
 Tools > Vivado Store > Boards (or clone https://github.com/Xilinx/XilinxBoardStore and add\\
 'set_param board.repoPaths <path>' to your Vivado_init.tcl), then run build.sh again."
    exit 2
}}
create_project bcdsim_{board} $root/vivado_prj -part {part} -force
set_property board_part {board_part} [current_project]
set_property ip_repo_paths $root/{top}_ip_prj/solution1/impl/ip [current_project]
update_ip_catalog
create_bd_design bcdsim
create_bd_cell -type ip -vlnv {ps_ip} ps
apply_bd_automation -rule {ps_rule} -config {{apply_board_preset "1"}} [get_bd_cells ps]
set_property -dict [list {ps_config}] [get_bd_cells ps]
create_bd_cell -type ip -vlnv xilinx.com:ip:axi_dma dma
set_property -dict [list CONFIG.c_include_sg {{0}} CONFIG.c_sg_length_width {{26}} \\
    CONFIG.c_m_axis_mm2s_tdata_width {{{beat}}} CONFIG.c_s_axis_s2mm_tdata_width {{{beat}}}] [get_bd_cells dma]
create_bd_cell -type ip -vlnv xilinx.com:hls:{top}:1.0 accel
connect_bd_intf_net [get_bd_intf_pins dma/M_AXIS_MM2S] [get_bd_intf_pins accel/src]
connect_bd_intf_net [get_bd_intf_pins accel/dst] [get_bd_intf_pins dma/S_AXIS_S2MM]
apply_bd_automation -rule xilinx.com:bd_rule:axi4 -config {{Master "/ps/{m_axi}" Clk "Auto"}} \\
    [get_bd_intf_pins dma/S_AXI_LITE]
apply_bd_automation -rule xilinx.com:bd_rule:axi4 -config {{Slave "/ps/{s_axi}" Clk "Auto"}} \\
    [get_bd_intf_pins dma/M_AXI_MM2S]
apply_bd_automation -rule xilinx.com:bd_rule:axi4 -config {{Slave "/ps/{s_axi}" Clk "Auto"}} \\
    [get_bd_intf_pins dma/M_AXI_S2MM]
apply_bd_automation -rule xilinx.com:bd_rule:clkrst -config {{Clk "/ps/{clk}"}} [get_bd_pins accel/ap_clk]
{ddr_tcl}# every AXI port of the PS must be connected (an enabled one with an unconnected clock fails validation)
foreach port [get_bd_intf_pins -of_objects [get_bd_cells ps] -filter {{VLNV =~ "xilinx.com:interface:aximm_rtl:*"}}] {{
    if {{![llength [get_bd_intf_nets -quiet -of_objects $port]]}} {{
        puts stderr "bcdsim: error: the PS port $port is enabled but not connected"
        exit 2
    }}
}}
validate_bd_design
save_bd_design
make_wrapper -files [get_files bcdsim.bd] -top -import
launch_runs impl_1 -to_step write_bitstream -jobs 4
wait_on_run impl_1
open_run impl_1
file mkdir $root/reports $root/bitstream
report_utilization -file $root/reports/utilization.rpt
report_timing_summary -file $root/reports/timing.rpt
file copy -force [get_property DIRECTORY [get_runs impl_1]]/bcdsim_wrapper.bit $root/bitstream/bcdsim.bit
file copy -force {{*}}[glob $root/vivado_prj/*.gen/sources_1/bd/bcdsim/hw_handoff/bcdsim.hwh] $root/bitstream/bcdsim.hwh
"""

BUILD_SH = """#!/bin/sh
# {what}: the one command from C++ to {result}. Needs {tools} on PATH.
set -e
cd "$(dirname "$0")"
vitis_hls -f scripts/hls_ip.tcl
{integration}"""


DDR_TCL = """# the accelerator's control registers (the load flag) and its DDR master (weights, banks, FIFOs)
apply_bd_automation -rule xilinx.com:bd_rule:axi4 -config {{Master "/ps/{m_axi}" Clk "Auto"}} \\
    [get_bd_intf_pins accel/s_axi_control]
apply_bd_automation -rule xilinx.com:bd_rule:axi4 -config {{Slave "/ps/{s_axi}" Clk "Auto"}} \\
    [get_bd_intf_pins accel/m_axi_gmem]
"""


def scripts(d) -> dict[str, str]:
    """The files a project for ``d.board`` adds (the wrapper, tcl and build.sh)."""
    b = board(d.board) if d.board else None
    top = top_name(b)
    period = round(1000.0 / d.clock_mhz, 3)
    files: dict[str, str] = {}
    fmt, flow, extra, what = "ip_catalog", "", "", "the dataflow IP"
    if b is not None and b.family == "alveo":
        files[f"firmware/{top}.cpp"] = wrappers.alveo_kernel(d)
        fmt, flow, what = "xo", " -flow_target vitis", f"Vitis kernel for {b.name}"
        extra = f"add_files firmware/{top}.cpp -cflags \"-std=c++0x -DAP_INT_MAX_W={project.AP_INT_MAX_W}\"\n"
        integration = (f"v++ -l -t hw --platform {shlex.quote(b.platform)} -o bitstream/bcdsim.xclbin "
                       f"{top}_ip_prj/solution1/impl/export.xo --report_dir reports\n")
        tools, result = "vitis_hls and v++ (Vitis, with the U250 platform)", "an .xclbin"
    elif b is not None:
        files[f"firmware/{top}.cpp"] = wrappers.axi_wrapper(d)
        ps_ip, ps_rule, ps_config, m_axi, s_axi, clk = PS[b.family]
        ddr_tcl = DDR_TCL.format(m_axi=m_axi, s_axi=s_axi) if uses_ddr(d.layers) else ""
        files["scripts/vivado_bd.tcl"] = VIVADO_TCL.format(
            board=b.name, part=d.device.part, board_part=b.board_part, top=top, ps_ip=ps_ip, ps_rule=ps_rule,
            ps_config=ps_config.format(mhz=d.clock_mhz), m_axi=m_axi, s_axi=s_axi, clk=clk,
            beat=wrappers.beat_bits(d), ddr_tcl=ddr_tcl)
        extra = f"add_files firmware/{top}.cpp -cflags \"-std=c++0x -DAP_INT_MAX_W={project.AP_INT_MAX_W}\"\n"
        what = f"AXI-stream IP for {b.name}"
        integration = "vivado -mode batch -source scripts/vivado_bd.tcl\n"
        tools, result = "vitis_hls and vivado", "a bitstream (bitstream/bcdsim.bit, .hwh)"
    else:
        integration, tools, result = "", "vitis_hls", "an exported IP (no --board given)"
    files["scripts/hls_ip.tcl"] = HLS_TCL.format(top=top, what=comment_text(what), project=project.PROJECT_NAME,
                                                 extra_files=extra, flow=flow, part=d.device.part, period=period,
                                                 fmt=fmt, max_w=project.AP_INT_MAX_W)
    files["build.sh"] = BUILD_SH.format(what=comment_text(f"{d.label} on {b.name if b else d.device.name}"),
                                        result=result,
                                        tools=tools, integration=integration)
    return files
