"""The flow from C++ to a bitstream: scripts per board, the AXI wrapper in C simulation, report
parsing, and the vendor run itself (skipped where the tools are not installed)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

hls4ml = pytest.importorskip("hls4ml")

import hls_cli  # noqa: E402
from hls_cli import bcdsim  # noqa: E402

from bcdsim.backends.hls import boards, reports  # noqa: E402
from bcdsim.errors import ToolMissing  # noqa: E402

VIVADO = Path(hls4ml.__file__).parent / "templates" / "vivado"

@pytest.fixture(scope="module")
def tiny_b_project(tmp_path_factory) -> Path:
    return hls_cli.tiny_b(tmp_path_factory)



@pytest.fixture(scope="module")
def board_project(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("board") / "pynq"
    code, _, err = bcdsim("generate", "--board", "pynq-z2", "--folding", "default", "--out", out)
    assert code == 0, err
    return out


def test_board_project_holds_the_scripts_to_a_bitstream(board_project):
    p = board_project
    m = json.loads((p / "bcdsim.json").read_text())
    assert m["board"] == "pynq-z2" and m["part"] == "xc7z020clg400-1" and m["clock_mhz"] == 100.0
    build = (p / "build.sh").read_text()
    assert "vitis_hls -f scripts/hls_ip.tcl" in build and "vivado -mode batch -source scripts/vivado_bd.tcl" in build
    hls = (p / "scripts" / "hls_ip.tcl").read_text()
    assert "set_top bcdsim_top_axi" in hls and "set_part xc7z020clg400-1" in hls and "-period 10.0" in hls
    assert "export_design -format ip_catalog" in hls
    bd = (p / "scripts" / "vivado_bd.tcl").read_text()
    for needle in ("-part xc7z020clg400-1", "tul.com.tw:pynq-z2", "processing_system7", "axi_dma",
                   "xilinx.com:hls:bcdsim_top_axi:1.0", "write_bitstream", "report_utilization"):
        assert needle in bd, needle
    assert bd.count("{") == bd.count("}")
    assert "./build.sh" in (p / "README.md").read_text()


def test_every_board_gets_its_integration():
    from types import SimpleNamespace

    from bcdsim.backends.hls.plan import Stream, Unit
    from bcdsim.cost.devices import get_device
    from bcdsim.ir.dtypes import Fixed

    units = [Unit("x", "InputLayer", [], [Stream("x", Fixed(16, 3), 3, 32, 32, 3)]),
             Unit("y", "BcdConvFixed", [], [Stream("y", Fixed(16, 5), 10, 1, 1, 2)])]
    for name, b in boards.BOARDS.items():
        design = SimpleNamespace(board=name, device=get_device(b.device), label="m", units=units)
        files = boards.scripts(design)
        period = f"-period {round(1000 / design.device.clock_mhz, 3)}"
        assert f"set_part {design.device.part}" in files["scripts/hls_ip.tcl"] and period in files["scripts/hls_ip.tcl"]
        if b.family == "alveo":
            assert "v++ -l -t hw --platform xilinx_u250" in files["build.sh"]
            assert "-flow_target vitis" in files["scripts/hls_ip.tcl"]
            assert "m_axi" in files["firmware/bcdsim_kernel.cpp"]
            assert "IN_WORDS = 1024, OUT_WORDS = 5" in files["firmware/bcdsim_kernel.cpp"]
        else:
            ps = "zynq_ultra_ps_e" if b.family == "zynqmp" else "processing_system7"
            bd = files["scripts/vivado_bd.tcl"]
            assert ps in bd and b.board_part in bd and f"-part {design.device.part}" in bd
            assert "IN_WORDS = 1024, OUT_WORDS = 5" in files["firmware/bcdsim_top_axi.cpp"]


def test_axi_wrapper_is_bit_exact_in_c_simulation(board_project, tmp_path):
    """The board's AXI-stream wrapper around the top, compiled with g++: one 32-bit word per value
    in, mantissas out with TLAST on the last, equal to hw mode's outputs."""
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    p = board_project
    n = 3
    x = np.array([r.split() for r in (p / "tb_data/tb_input_features.dat").read_text().splitlines()[:n]], float)
    want = np.array([r.split() for r in (p / "tb_data/tb_output_mantissas.dat").read_text().splitlines()[:n]], int)
    int_bits = int(json.loads((p / "bcdsim.json").read_text())["input_type"].split(",")[1].rstrip(">"))
    mantissas = np.round(x * 2 ** (16 - int_bits)).astype(np.int64)
    (tmp_path / "in.txt").write_text(" ".join(map(str, mantissas.reshape(-1))))
    main = tmp_path / "main.cpp"
    main.write_text(f"""#include <fstream>
#include <iostream>
#include "firmware/bcdsim_top_axi.cpp"
int main() {{
    std::ifstream f("{tmp_path}/in.txt");
    long long v;
    for (int img = 0; img < {n}; img++) {{
        hls::stream<axi_word> src("src"), dst("dst");
        for (unsigned i = 0; i < IN_WORDS * input_t::size; i++) {{
            f >> v;
            axi_word a;
            a.data = ap_int<32>(v);
            a.last = 0;
            src.write(a);
        }}
        bcdsim_top_axi(src, dst);
        while (!dst.empty()) {{
            axi_word a = dst.read();
            std::cout << ap_int<32>(a.data).to_int() << (a.last ? "\\n" : " ");
        }}
    }}
}}
""")
    exe = tmp_path / "axi"
    build = subprocess.run(["g++", "-std=c++11", "-O0", "-w", "-I", str(p / "firmware" / "ap_types"), "-I", str(p),
                            "-I", str(p / "firmware"), f"-DWEIGHTS_DIR=\"{p / 'firmware' / 'weights'}\"",
                            str(main), str(p / "firmware" / "bcdsim_top.cpp"), "-o", str(exe)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    got = np.array([r.split() for r in run.stdout.splitlines()], int)
    assert got.shape == want.shape and np.array_equal(got, want)


def test_build_without_vitis_hls_exits_3(tiny_b_project, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    code, out, err = bcdsim("build", tiny_b_project)
    assert code == 3 and err.strip() == "bcdsim: error: vitis_hls not found" and out == ""


def test_vendor_flow_runs_and_reports(board_project):
    if shutil.which("vitis_hls") is None:
        pytest.skip("vitis_hls not found")
    if shutil.which("vivado") is None:
        pytest.skip("vivado not found")
    code, out, err = bcdsim("build", board_project)
    assert code == 0, err
    r = json.loads(out)
    assert r["source"] == "vendor report" and r["fps"] > 0 and r["lut"] > 0


CSYNTH = """<?xml version="1.0" encoding="UTF-8"?>
<profile><PerformanceEstimates><SummaryOfOverallLatency>
<Best-caseLatency>1500</Best-caseLatency><Worst-caseLatency>2000</Worst-caseLatency>
<Interval-min>1000</Interval-min><Interval-max>1000</Interval-max></SummaryOfOverallLatency></PerformanceEstimates>
<AreaEstimates><Resources><BRAM_18K>9</BRAM_18K><DSP>12</DSP><FF>3456</FF><LUT>7890</LUT><URAM>0</URAM></Resources>
</AreaEstimates></profile>
"""
UTILIZATION = """1. CLB Logic
------------
+----------------------------+-------+-------+-----------+-------+
|          Site Type         |  Used | Fixed | Available | Util% |
+----------------------------+-------+-------+-----------+-------+
| CLB LUTs*                  | 12345 |     0 |    230400 |  5.36 |
| CLB Registers              | 23456 |     0 |    460800 |  5.09 |
2. BLOCKRAM
| Block RAM Tile | 10.5 |     0 |       312 |  3.37 |
| URAM           |    2 |     0 |        96 |  2.08 |
3. ARITHMETIC
| DSPs           |   14 |     0 |      1728 |  0.81 |
"""


def test_reports_are_read_into_the_cost_model_shape(tmp_path):
    m = {"device": "zcu104", "board": None, "clock_mhz": 200.0}
    rpt = tmp_path / "bcdsim_top_ip_prj" / "solution1" / "syn" / "report"
    rpt.mkdir(parents=True)
    (rpt / "bcdsim_top_csynth.xml").write_text(CSYNTH)
    r = reports.read_reports(tmp_path, m)
    assert r["fps"] == 200_000.0 and r["latency_ms"] == 0.01 and r["cycles_per_frame"] == 1000
    assert (r["lut"], r["ff"], r["bram36"], r["uram"], r["dsp"]) == (7890, 3456, 4.5, 0, 12)
    assert r["source"] == "vendor report" and r["report"] == "csynth estimate"
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "utilization.rpt").write_text(UTILIZATION)
    r = reports.read_reports(tmp_path, m)
    assert (r["lut"], r["ff"], r["bram36"], r["uram"], r["dsp"]) == (12345, 23456, 10.5, 2, 14)
    assert r["report"].startswith("post-route")


def test_required_tools_per_board():
    assert reports.required_tools({"board": None}) == ["vitis_hls"]
    assert reports.required_tools({"board": "kv260"}) == ["vitis_hls", "vivado"]
    assert reports.required_tools({"board": "u250"}) == ["vitis_hls", "v++"]
    if shutil.which("vitis_hls") is None:
        with pytest.raises(ToolMissing, match="^vitis_hls not found$"):
            reports.check_tools({"board": "u250"})
