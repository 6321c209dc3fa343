"""`bcdsim analyze --device`, `bcdsim devices`, `bcdsim explore`: outputs and one-line errors (exit 2).

The commands are driven through their own ``add_parser`` (as bcdsim.cli.main registers them).
"""
from __future__ import annotations

import argparse
import json

import pytest

from bcdsim.cli import analyze, devices, explore
from bcdsim.errors import UserError


def run(capsys, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="bcdsim")
    sub = parser.add_subparsers()
    for command in (analyze, devices, explore):
        command.add_parser(sub)
    args = parser.parse_args(list(argv))
    try:
        code = args.run(args)
    except UserError as e:  # what bcdsim.cli.main does
        print(f"bcdsim: error: {e}", file=__import__("sys").stderr)
        code = e.exit_code
    out, err = capsys.readouterr()
    return code, out, err


def test_devices(capsys):
    code, out, _ = run(capsys, "devices")
    assert code == 0 and "zcu104" in out and "ultra96-v2" in out
    code, out, _ = run(capsys, "devices", "--format", "json")
    assert code == 0 and {d["name"] for d in json.loads(out)} >= {"pynq-z2", "u280"}


def test_analyze_hardware_json_and_folding(capsys, tmp_path):
    fold = tmp_path / "fold.json"
    code, out, err = run(capsys, "analyze", "bcdnet-tiny", "--device", "zcu104", "--clock", "200",
                         "--budget", "lut=0.5", "--format", "json", "--save-folding", str(fold))
    assert code == 0, err
    hw = json.loads(out)["hardware"]
    assert {"fps", "latency_ms", "latency_cycles", "lut", "ff", "bram36", "uram", "dsp", "lanes",
            "lane_utilisation", "roofline", "source", "sources", "units", "memories", "bottleneck"} <= set(hw)
    assert hw["utilisation"]["lut"] <= 0.5 and hw["budget"]["lut"] == 0.5
    xnor = [u for u in hw["units"] if u["kind"] == "xnor_mvau"]
    assert xnor and all(u["cycles_source"] == "rtl-sim" and u["lut_source"] == "yosys-fitted" for u in xnor)
    assert any(u["bottleneck"] for u in hw["units"])
    assert {m["unit"] for m in hw["memories"]} >= {u["unit"] for u in xnor}  # every weight memory is placed
    assert all(m["style"] in ("lutram", "bram", "uram", "ddr") for m in hw["memories"])
    code, out, err = run(capsys, "analyze", "bcdnet-tiny", "--device", "zcu104", "--folding", str(fold),
                         "--format", "json")
    assert code == 0 and json.loads(out)["hardware"]["fps"] == pytest.approx(hw["fps"])


def test_analyze_hardware_table_and_csv(capsys):
    code, out, _ = run(capsys, "analyze", "bcdnet-tiny", "--device", "kv260", "--fps", "2000", "--per-layer")
    assert code == 0 and "hardware on kv260" in out and "frames/s" in out and "roofline" in out
    assert "feature_1_binary_3x3_popcount" in out  # units by hardware-graph node
    code, out, _ = run(capsys, "analyze", "bcdnet-tiny", "--device", "kv260", "--format", "csv")
    assert code == 0 and out.startswith("unit,kind,layer,simd,pe,cycles")


@pytest.mark.parametrize("argv, message", [
    (["analyze", "bcdnet-tiny", "--device", "zcu999"], "unknown device 'zcu999'"),
    (["analyze", "bcdnet-tiny", "--device", "zcu104", "--budget", "lut:0.7"], "bad budget"),
    (["analyze", "bcdnet-tiny", "--device", "zcu104", "--fps", "1e9"], "even fully unfolded"),
    (["analyze", "bcdnet-tiny", "--budget", "lut=0.7"], "--budget needs --device"),
    (["analyze", "bcdnet-tiny", "--device", "zcu104", "--clock", "-5"], "--clock must be"),
    (["analyze", "bcdnet-tiny", "--device", "zcu104", "--folding", "/nonexistent.json"], "not found"),
    (["analyze", "bcdnet-tiny", "--device", "zcu104", "--fps", "nan"], "--fps must be"),
    (["devices", "--file", "/nonexistent.toml"], "not found"),
    (["explore", "bcdnet-tiny", "--device", "zcu104", "--out", "x.svg"], "must be a .png"),
])
def test_bad_input_is_one_line_exit_2(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_folding_of_another_model(capsys, tmp_path):
    fold = tmp_path / "fold.json"
    assert run(capsys, "analyze", "bcdnet-tiny", "--device", "zcu104", "--save-folding", str(fold))[0] == 0
    code, _, err = run(capsys, "analyze", "bcdnet-tiny-b", "--device", "zcu104", "--folding", str(fold))
    assert code == 2 and "names no unit of this model" in err


def test_explore_writes_plot_points_and_folding(capsys, tmp_path):
    out = tmp_path / "front.png"
    code, stdout, err = run(capsys, "explore", "bcdnet-tiny", "--device", "pynq-z2", "--points", "12",
                            "--out", str(out))
    assert code == 0, err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "front.csv").read_text().startswith("cycles,fps,lut")
    fold = json.loads((tmp_path / "front.folding.json").read_text())
    assert fold["device"] == "pynq-z2" and "Pareto front" in stdout
