"""The open ECP5 flow: out-of-context place and route of a small unit (nextpnr's report equals its
log), the whole flow on the stand-in network (the .bit read back by ecpunpack as the board's
device), board-run against a pseudo-terminal that speaks the board protocol, and bad input."""
from __future__ import annotations

import json
import os
import threading
import tty

import numpy as np
import pytest
from ecp5_standin import FOLDER as STANDIN
from ecp5_standin import logits as standin_logits

from bcdsim.cli.main import main
from bcdsim.errors import ToolMissing


def _tools():
    from bcdsim.backends.ecp5 import tools

    try:
        for name in ("yosys", "nextpnr-ecp5", "ecppack", "ecpunpack", "ecppll"):
            tools.tool(name)
    except ToolMissing as e:
        pytest.skip(f"skipped: {e}")


def test_out_of_context_unit(tmp_path):
    """The UART receiver placed and routed on the 85F: cells used, an Fmax, report == log."""
    _tools()
    from bcdsim.backends.ecp5.boards import board
    from bcdsim.backends.ecp5.flow import place_unit
    from bcdsim.libraries import rtl_library

    result = place_unit([rtl_library() / "bcd_uart_rx.v"], "bcd_uart_rx", board("ulx3s-85f"), 100.0, tmp_path)
    assert 10 < result["lut4"] < 200 and 10 < result["ff"] < 100, result
    assert result["fmax_mhz"] > 100
    assert result["nextpnr_log"]["used"] == {k: result[k] for k in ("lut4", "ff", "ebr", "dsp")}
    assert round(max(result["nextpnr_log"]["fmax_mhz"].values()), 2) == result["fmax_mhz"]


def test_bitstream_standin(tmp_path, capsys):
    """The whole flow on the stand-in network (ULX3S 85F at 50 MHz): a .bit for the LFE5U-85F."""
    _tools()
    out = tmp_path / "bit"
    assert main(["bitstream", "--rtl", str(STANDIN), "--board", "ulx3s-85f", "--clock", "50", "--out", str(out),
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["timing_met"] and report["fmax_mhz"] >= 50 and report["clock_mhz"] == 50
    assert (out / "build" / "design.bit").stat().st_size > 100_000
    assert report["bitstream"] == str((out / "build" / "design.bit").resolve())
    assert report["bitstream_device"] == "LFE5U-85F"
    log = report["nextpnr_log"]
    assert log["used"] == {k: report[k] for k in ("lut4", "ff", "ebr", "dsp")}
    assert min(log["fmax_mhz"].values()) == pytest.approx(report["fmax_mhz"], abs=0.01)
    assert report["percent"]["lut4"] == pytest.approx(100 * report["lut4"] / 83640, abs=0.01)
    assert set(report["seconds"]) == {"ecppll", "yosys", "nextpnr", "ecppack", "ecpunpack"}
    assert json.loads((out / "report.json").read_text())["fmax_mhz"] == report["fmax_mhz"]
    # the same design at 400 MHz misses timing: one line naming the Fmax, exit 2, nothing written
    again = tmp_path / "fast"
    assert main(["bitstream", "--rtl", str(STANDIN), "--clock", "400", "--out", str(again)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("bcdsim: error: timing not met: nextpnr reached") and "400 MHz" in err
    assert not again.exists()


def _board_folder(tmp_path, stimulus=True):
    folder = tmp_path / "board"
    (folder / "network").mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps({"board": "ulx3s-85f", "clock_mhz": 100, "uart_baud": 3_000_000}))
    (folder / "network" / "network.json").write_text((STANDIN / "network.json").read_text())
    if stimulus:
        (folder / "network" / "stimulus.npz").write_bytes((STANDIN / "stimulus.npz").read_bytes())
    return folder


def _emulate(master: int, wrong_image: int | None) -> None:
    """The board's side of the protocol, computed with the stand-in's reference."""
    count = 0
    while True:
        try:
            sync = os.read(master, 1)
        except OSError:
            return
        if sync != b"\xa5":
            continue
        data = b""
        while len(data) < 32:
            data += os.read(master, 32 - len(data))
        words = np.frombuffer(data, dtype=np.int8).reshape(8, 4)
        logits = standin_logits(words)
        if count == wrong_image:
            logits[3] += 1
        best = logits.index(max(logits))
        answer = b"\x5a" + np.array(logits, dtype="<i2").tobytes() + bytes([best])
        os.write(master, answer)
        count += 1


@pytest.mark.parametrize("wrong_image", [None, 4])
def test_board_run_pty(tmp_path, capsys, wrong_image):
    pytest.importorskip("serial", reason="skipped: pyserial not found")
    folder = _board_folder(tmp_path)
    master, slave = os.openpty()
    tty.setraw(slave)
    thread = threading.Thread(target=_emulate, args=(master, wrong_image), daemon=True)
    thread.start()
    try:
        code = main(["board-run", str(folder), "--port", os.ttyname(slave), "--images", "10", "--format", "json"])
    finally:
        os.close(slave)
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["images"] == 10 and result["frames_per_s"] > 0
    assert result["logit_agreement"] == (1.0 if wrong_image is None else 0.9)
    labels = np.load(STANDIN / "stimulus.npz")["labels"][:10]
    expected = np.load(STANDIN / "stimulus.npz")["expected_logits"][:10].argmax(axis=1)
    if wrong_image is None:
        assert result["accuracy"] == pytest.approx(np.mean(labels == expected))


@pytest.mark.parametrize("argv, message", [
    (["bitstream", "--rtl", "MISSING", "--out", "OUT"], "is not a folder"),
    (["bitstream", "--rtl", "EMPTY", "--out", "OUT"], "has no network.json"),
    (["bitstream", "--rtl", "BROKEN", "--out", "OUT"], "lists bcd_network.v, which is missing"),
    (["bitstream", "--rtl", "STANDIN", "--clock", "1000", "--out", "OUT"], "outside 5..400 MHz"),
    (["bitstream", "--rtl", "STANDIN", "--folding", "f.json", "--out", "OUT"], "either MODEL (with --folding"),
    (["bitstream", "--rtl", "STANDIN", "--clock", "25", "--out", "OUT"], "baud +4.2% off"),
    (["board-run", "EMPTY", "--port", "/dev/null"], "has no report.json"),
    (["board-run", "NOSTIM", "--port", "/dev/null"], "has no stimulus"),
    (["board-run", "BOARD", "--port", "/dev/null", "--images", "99"], "--images must be 1..24"),
    (["board-run", "BOARD", "--port", "/nonexistent/tty"], "cannot open --port"),
])
def test_bad_input(tmp_path, capsys, argv, message):
    (tmp_path / "EMPTY").mkdir()
    broken = tmp_path / "BROKEN"
    broken.mkdir()
    (broken / "network.json").write_text((STANDIN / "network.json").read_text())
    names = {"MISSING": tmp_path / "missing", "EMPTY": tmp_path / "EMPTY", "BROKEN": broken, "STANDIN": STANDIN,
             "OUT": tmp_path / "out", "BOARD": _board_folder(tmp_path),
             "NOSTIM": _board_folder(tmp_path / "n", stimulus=False)}
    args = [str(names.get(a, a)) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("bcdsim: error: ") and message in err[0], err
    assert not (tmp_path / "out").exists()


def test_fit_check_names_the_resource():
    from bcdsim.backends.ecp5.boards import board
    from bcdsim.backends.ecp5.flow import synth_fit

    small = board("ulx3s-12f")
    assert synth_fit({"LUT4": 9000, "CCU2C": 1000, "TRELLIS_FF": 5000}, small) is None
    why = synth_fit({"LUT4": 11000, "CCU2C": 1000}, small)  # 11,000 + 2 x 1,000 LUT4 > 12,000
    assert why == "the design does not fit the LFE5U-12F of ulx3s-12f: LUT4 13,000 of 12,000 (yosys)"
    assert "EBR 40 of 32" in synth_fit({"DP16KD": 40}, small)


def test_uart_bit_time():
    from bcdsim.backends.ecp5.top import baud_error, clocks_per_bit

    assert clocks_per_bit(100, 3_000_000) == 33  # 100e6 / 3e6 = 33.3
    assert baud_error(100, 3_000_000) == pytest.approx(100e6 / 33 / 3e6 - 1)
    assert clocks_per_bit(25, 3_000_000) == 8


@pytest.mark.slow
def test_bitstream_default_network(tmp_path, capsys):
    """make bitstream as a test: the default model's whole network (--fps 20000) on the ULX3S 85F
    at 100 MHz, timing met, the .bit read back as LFE5U-85F, nextpnr's figures in the report equal to
    its log (BCDSIM_ECP5_SLOW=1, ~15 min)."""
    if not os.environ.get("BCDSIM_ECP5_SLOW"):
        pytest.skip("skipped: long ECP5 check, set BCDSIM_ECP5_SLOW=1 (make ecp5-slow)")
    _tools()
    out = tmp_path / "bit"
    assert main(["bitstream", "--fps", "20000", "--clock", "100", "--board", "ulx3s-85f", "--out", str(out),
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["timing_met"] and report["clock_mhz"] >= 100 and report["bitstream_device"] == "LFE5U-85F"
    assert report["fmax_mhz"] == pytest.approx(min(report["nextpnr_log"]["fmax_mhz"].values()), abs=0.01)
    assert {k: report[k] for k in ("lut4", "ff", "ebr", "dsp")} == report["nextpnr_log"]["used"]


def test_vivado_rtl_project(tmp_path, capsys):
    """A Xilinx board gets a Vivado project of the same RTL; 'bcdsim build' runs it or says why not."""
    import shutil

    out = tmp_path / "viv"
    assert main(["bitstream", "--rtl", str(STANDIN), "--board", "zcu104", "--out", str(out), "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["part"] == "xczu7ev-ffvc1156-2-e" and info["clock_mhz"] == 200
    tcl = (out / "build.tcl").read_text()
    assert "synth_design -top bcd_network -part xczu7ev-ffvc1156-2-e -mode out_of_context" in tcl
    assert (out / "clock.xdc").read_text().strip() == "create_clock -period 5.000 -name clk [get_ports clk]"
    assert (out / "rtl" / "bcd_network.v").read_bytes() == (STANDIN / "bcd_network.v").read_bytes()
    if shutil.which("vivado") is None:
        assert main(["build", str(out)]) == 3
        assert capsys.readouterr().err.strip() == ("bcdsim: error: skipped: vivado not found (the RTL project's "
                                                   "build.sh needs Vivado on PATH)")


def test_report_predicts_whole_networks_only(tmp_path):
    """The bitstream report's 'predicted' figures: the cost model on a whole network's instances;
    none for a folder without unit kinds (the stand-in, a wrapped layer)."""
    from bcdsim.backends.ecp5.boards import board
    from bcdsim.backends.ecp5.flow import predicted_area
    from bcdsim.backends.ecp5.network import Network, NetworkPorts
    from bcdsim.cost.ecp5 import board_top_area

    (tmp_path / "bcd_network.v").write_text("    bcd_fifo #(.DEPTH(2), .W(16)) f0 (.clk(clk));\n"
                                            "    bcd_fork #(.N(2), .W(16)) u_a__fork (\n")
    ports = NetworkPorts(1, 16, True, 64, 1, 16, 10, 10)
    units = {"a__fork": {"kind": "fork", "instance": "u_a__fork"}}
    area = predicted_area(Network(tmp_path, {"units": units}, ports), board("ulx3s-85f"))
    assert area["lut4"] > board_top_area(16, 16)["lut4"] and area["dsp"] == 0
    assert predicted_area(Network(tmp_path, {}, ports), board("ulx3s-85f")) is None
