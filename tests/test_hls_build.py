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
    assert "export_design -format ip_catalog" in hls and hls.count("-DAP_INT_MAX_W=4096") == 2
    bd = (p / "scripts" / "vivado_bd.tcl").read_text()
    for needle in ("-part xc7z020clg400-1", "tul.com.tw:pynq-z2", "processing_system7", "axi_dma",
                   "xilinx.com:hls:bcdsim_top_axi:1.0", "write_bitstream", "report_utilization",
                   "CONFIG.PCW_USE_M_AXI_GP1 {0}"):
        assert needle in bd, needle
    beat = _beat(p / "firmware" / "bcdsim_top_axi.cpp")
    assert f"CONFIG.c_m_axis_mm2s_tdata_width {{{beat}}}" in bd  # the DMA moves the wrapper's beats
    assert bd.count("{") == bd.count("}")
    assert "./build.sh" in (p / "README.md").read_text()


def test_every_board_gets_its_integration():
    from bcdsim.cost.devices import get_device

    for name, b in boards.BOARDS.items():
        design = hls_cli.board_design(get_device(b.device), name)
        files = boards.scripts(design)
        period = f"-period {round(1000 / design.device.clock_mhz, 3)}"
        assert f"set_part {design.device.part}" in files["scripts/hls_ip.tcl"] and period in files["scripts/hls_ip.tcl"]
        if b.family == "alveo":
            kernel = files["firmware/bcdsim_kernel.cpp"]
            assert "v++ -l -t hw --platform xilinx_u250" in files["build.sh"]
            assert "-flow_target vitis" in files["scripts/hls_ip.tcl"]
            assert "IN_WORDS = 1024, OUT_WORDS = 5" in kernel and "typedef ap_uint<64> beat_t;" in kernel
            # the input transfer, the top and the output transfer in one dataflow region, per frame
            region = kernel.split("static void run_frame(")[1].split("\n}\n")[0]
            assert "#pragma HLS DATAFLOW" in region and region.index("read_frame(") < region.index(
                "bcdsim_top(") < region.index("write_frame(")
        else:
            ps = "zynq_ultra_ps_e" if b.family == "zynqmp" else "processing_system7"
            bd = files["scripts/vivado_bd.tcl"]
            assert ps in bd and b.board_part in bd and f"-part {design.device.part}" in bd
            assert "IN_WORDS = 1024, OUT_WORDS = 5" in files["firmware/bcdsim_top_axi.cpp"]
            # missing board files: one clear message saying how to install them, no silent skip
            assert "Vivado has no board files for" in bd and "Vivado Store" in bd and "exit 2" in bd
            # the preset's extra PS ports switched off, every remaining one checked for a connection
            if b.family == "zynqmp":
                assert "CONFIG.PSU__USE__M_AXI_GP1 {0}" in bd and "CONFIG.PSU__USE__M_AXI_GP2 {0}" in bd
            assert "is enabled but not connected" in bd
            assert "m_axi_gmem" not in bd  # no DDR in this design: no master, no control port


def test_zynq_block_design_connects_the_ddr_master_when_the_design_uses_ddr():
    from bcdsim.backends.hls.plan import Ddr, Layer
    from bcdsim.cost.devices import get_device

    design = hls_cli.board_design(get_device("zcu104"), "zcu104")
    design.layers = [Layer("w", "BcdXnorMvau", (), [], [], ddr=[Ddr("w", "weights", 512, 4, b"")])]
    files = boards.scripts(design)
    bd = files["scripts/vivado_bd.tcl"]
    assert "[get_bd_intf_pins accel/m_axi_gmem]" in bd and "[get_bd_intf_pins accel/s_axi_control]" in bd
    wrapper = files["firmware/bcdsim_top_axi.cpp"]
    assert "m_axi port = ddr bundle = gmem" in wrapper and "s_axilite port = load" in wrapper


def _beat(wrapper: Path) -> int:
    import re

    return int(re.search(r"(?:ap_axiu|beat_t = ap_uint|typedef ap_uint)<(\d+)", wrapper.read_text()).group(1))


def _mantissas(p: Path, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([r.split() for r in (p / "tb_data/tb_input_features.dat").read_text().splitlines()[:n]], float)
    want = np.array([r.split() for r in (p / "tb_data/tb_output_mantissas.dat").read_text().splitlines()[:n]], int)
    int_bits = int(json.loads((p / "bcdsim.json").read_text())["input_type"].split(",")[1].rstrip(">"))
    return np.round(x * 2 ** (16 - int_bits)).astype(np.int64), want


def _run_cpp(p: Path, tmp_path: Path, main: str, sources: list[Path]) -> str:
    (tmp_path / "main.cpp").write_text(main)
    exe = tmp_path / "prog"
    fw = p / "firmware"
    build = subprocess.run(["g++", "-std=c++11", "-O0", "-w", "-DAP_INT_MAX_W=4096", "-I", str(fw / "ap_types"),
                            "-I", str(p), "-I", str(fw), f"-DWEIGHTS_DIR=\"{fw / 'weights'}\"",
                            str(tmp_path / "main.cpp"), *map(str, sources), "-o", str(exe)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def _pack(mantissas: np.ndarray, lanes: int, bits: int = 16) -> list[list[str]]:
    """One stream word per beat: value j at bits [j*16, (j+1)*16), as hex text per image."""
    words = []
    for img in mantissas:
        row = []
        for w in img.reshape(-1, lanes):
            v = sum((int(m) & 0xFFFF) << (16 * j) for j, m in enumerate(w))
            row.append(f"{v:x}")
        words.append(row)
    return words


def _unpack(lines: list[str], lanes: int) -> np.ndarray:
    out = []
    for line in lines:
        vals = []
        for h in line.split():
            v = int(h, 16)
            vals += [((v >> (16 * j)) & 0xFFFF) - (1 << 16 if (v >> (16 * j)) & 0x8000 else 0) for j in range(lanes)]
        out.append(vals)
    return np.array(out)


def test_axi_wrapper_is_bit_exact_in_c_simulation(board_project, tmp_path):
    """The board's AXI-stream wrapper around the top, compiled with g++: one pixel per beat in,
    output words out with TLAST on the last, equal to hw mode's outputs."""
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    p, n = board_project, 3
    x, want = _mantissas(p, n)
    (tmp_path / "in.txt").write_text("\n".join(" ".join(r) for r in _pack(x, 1)))
    main = f"""#include <fstream>
#include <iostream>
#include "firmware/bcdsim_top_axi.cpp"
int main() {{
    std::ifstream f("{tmp_path}/in.txt");
    for (int img = 0; img < {n}; img++) {{
        hls::stream<axi_word> src("src"), dst("dst");
        for (unsigned i = 0; i < IN_WORDS; i++) {{
            std::string h;
            f >> h;
            axi_word a;
            a.data = ap_uint<axi_word_bits>(h.c_str(), 16);
            a.last = 0;
            src.write(a);
        }}
        bcdsim_top_axi(src, dst);
        while (!dst.empty()) {{
            axi_word a = dst.read();
            std::cout << a.data.to_string(16, false).substr(2) << (a.last ? "\\n" : " ");
        }}
    }}
}}
""".replace("axi_word_bits", str(_beat(p / "firmware" / "bcdsim_top_axi.cpp")))
    out = _run_cpp(p, tmp_path, main, [p / "firmware" / "bcdsim_top.cpp"])
    lanes = json.loads((p / "folding.json").read_text())["units"]["head"]["pe"]
    got = _unpack(out.splitlines(), lanes)
    assert got.shape == want.shape and np.array_equal(got, want)


def test_alveo_kernel_is_bit_exact_in_c_simulation(tmp_path):
    """The U250 kernel (frames from and to device memory, one dataflow region per frame) compiled
    with g++ on three frames at once."""
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    p = tmp_path / "u250"
    code, _, err = bcdsim("generate", "--board", "u250", "--folding", "default", "--out", p)
    assert code == 0, err
    n = 3
    x, want = _mantissas(p, n)
    (tmp_path / "in.txt").write_text("\n".join(" ".join(r) for r in _pack(x, 1)))
    main = f"""#include <fstream>
#include <iostream>
#include <vector>
#include "firmware/bcdsim_kernel.cpp"
int main() {{
    std::ifstream f("{tmp_path}/in.txt");
    std::vector<beat_t> src({n} * IN_WORDS), dst({n} * OUT_WORDS);
    for (unsigned i = 0; i < src.size(); i++) {{
        std::string h;
        f >> h;
        src[i] = beat_t(h.c_str(), 16);
    }}
    bcdsim_kernel(&src[0], &dst[0], {n});
    for (unsigned i = 0; i < dst.size(); i++)
        std::cout << dst[i].to_string(16, false).substr(2) << ((i + 1) % OUT_WORDS ? " " : "\\n");
}}
"""
    out = _run_cpp(p, tmp_path, main, [p / "firmware" / "bcdsim_top.cpp"])
    lanes = json.loads((p / "folding.json").read_text())["units"]["head"]["pe"]
    got = _unpack(out.splitlines(), lanes)
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


# Written by hand from the structure of Vitis HLS's csynth XML reports (one <module>_csynth.xml
# per synthesized function, and a ModuleInformation list in the top's report): not a vendor output.
MODULE_REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<profile><RTLDesignHierarchy/><PerformanceEstimates><SummaryOfOverallLatency>
<Best-caseLatency>{lat}</Best-caseLatency><Worst-caseLatency>{lat}</Worst-caseLatency>
<Interval-min>{ii}</Interval-min><Interval-max>{ii}</Interval-max></SummaryOfOverallLatency></PerformanceEstimates>
<AreaEstimates><Resources><BRAM_18K>{bram}</BRAM_18K><DSP>{dsp}</DSP><FF>{ff}</FF><LUT>{lut}</LUT><URAM>0</URAM>
</Resources></AreaEstimates></profile>
"""
TOP_WITH_MODULES = """<?xml version="1.0" encoding="UTF-8"?>
<profile><PerformanceEstimates><SummaryOfOverallLatency>
<Worst-caseLatency>900</Worst-caseLatency><Interval-min>192</Interval-min><Interval-max>192</Interval-max>
</SummaryOfOverallLatency></PerformanceEstimates>
<AreaEstimates><Resources><BRAM_18K>40</BRAM_18K><DSP>800</DSP><FF>20000</FF><LUT>60000</LUT><URAM>0</URAM></Resources>
</AreaEstimates>
<ModuleInformation><Module><Name>{gather}</Name><PerformanceEstimates><SummaryOfOverallLatency>
<Worst-caseLatency>195</Worst-caseLatency><Interval-max>193</Interval-max></SummaryOfOverallLatency>
</PerformanceEstimates><AreaEstimates><Resources><BRAM_18K>0</BRAM_18K><DSP>0</DSP><FF>120</FF><LUT>340</LUT>
</Resources></AreaEstimates></Module></ModuleInformation></profile>
"""


def _config_index(project: Path, unit: str) -> int:
    import re

    text = (project / "firmware" / "parameters.h").read_text()
    for index, body in re.findall(r"struct config(\d+) \{(.*?)\n\};", text, re.S):
        if f'name() {{ return "{unit}"; }}' in body:
            return int(index)
    raise KeyError(unit)


def test_csynth_per_unit_figures_sit_next_to_the_cost_model(tiny_b_project, tmp_path):
    """Module reports map back to design units by kernel function and config struct; a module of
    no unit (a DDR streamer) is left out; units without a report keep the cost model's figures."""
    from bcdsim.backends.hls import csim

    conv = "feature_1_binary_3x3_popcount"
    gather = "mlp_layer_0_mlp_layer_0_bn1_popcount__gather_out"
    i, j = _config_index(tiny_b_project, conv), _config_index(tiny_b_project, gather)
    rpt = tmp_path / "bcdsim_top_ip_prj" / "solution1" / "syn" / "report"
    rpt.mkdir(parents=True)
    (rpt / "bcdsim_top_csynth.xml").write_text(TOP_WITH_MODULES.format(gather=f"gather_out_config{j}_s"))
    module = f"mvau_config{i}_stage_affine_ap_uint_24_ap_fixed_16_1_ap_fixed_16_1_s"
    (rpt / f"{module}_csynth.xml").write_text(MODULE_REPORT.format(lat=140, ii=129, bram=0, dsp=8, ff=900, lut=2500))
    (rpt / f"ddr_stream_config{i}_ddr_s_csynth.xml").write_text(MODULE_REPORT.format(lat=1, ii=1, bram=0, dsp=0,
                                                                                   ff=1, lut=1))
    _, d = csim.load_design(tiny_b_project)
    r = reports.read_reports(tmp_path, {"device": "zcu104", "board": None, "clock_mhz": 200.0}, d)
    units = {u["name"]: u for u in r["units"]}
    assert units[conv]["module"] == module and units[conv]["csynth_interval"] == 129
    assert (units[conv]["csynth_lut"], units[conv]["csynth_dsp"], units[conv]["csynth_latency"]) == (2500, 8, 140)
    assert units[conv]["predicted_cycles"] == 128 and units[conv]["predicted_lut"] > 0
    assert units[gather]["csynth_interval"] == 193 and units[gather]["csynth_lut"] == 340
    assert units["head"]["module"] is None and units["head"]["predicted_cycles"] > 0
    assert r["predicted"]["cycles_per_frame"] == d.point.cycles and r["cycles_per_frame"] == 192
