"""Device files and names cannot inject commands into the generated Tcl and shell scripts.

Hostile strings in every text field of a device file are refused (exit 2, the field named,
nothing written). For accepted values the emitted scripts are run the way the vendor tools would
read them, with every command recorded instead of executed: Tcl in a safe interpreter whose
``unknown`` handler records each command's words, build.sh by sh with stub vendor tools. Each
value must arrive as exactly one literal word, and nothing else may run.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("hls4ml")

from hls_cli import bcdsim, board_design  # noqa: E402

from bcdsim.backends.hls import boards  # noqa: E402
from bcdsim.cost.devices import Device, get_device  # noqa: E402
from bcdsim.errors import UserError  # noqa: E402

DEVICE = {"name": "my-board", "part": "xczu9eg-ffvb1156-2-e", "description": "a test board", "lut": 274080,
          "ff": 548160, "bram36": 912, "uram": 0, "dsp": 2520, "clock_mhz": 200, "ddr_gbps": 19.2}
PAYLOADS = ['";exec touch {m};#', "$(touch {m})", "`touch {m}`", "[exec touch {m}]", "x\ntouch {m}",
            "x\\\ntouch {m}", "x}} ; exec touch {m} ; {{", "-x; touch {m}"]
REAL_PARTS = ["xc7z020clg400-1", "xczu9eg-ffvb1156-2-e", "xcu280-fsvh2892-2L-e", "xcvc1902-vsva2197-2MP-e-S",
              "xc7a35ticsg324-1L", "xcku040-ffva1156-2-e"]


def toml(fields: dict) -> str:
    # JSON string escapes (\n, \", \\, \uXXXX) are valid TOML basic-string escapes
    return "".join(f"{k} = {json.dumps(v)}\n" for k, v in fields.items())


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


@pytest.mark.parametrize("field", ["name", "part", "description"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_device_strings_are_refused(tmp_path, field, payload):
    marker = tmp_path / "pwned"
    device = tmp_path / "dev.toml"
    device.write_text(toml({**DEVICE, field: payload.format(m=marker)}))
    before = snapshot(tmp_path)
    code, out, err = bcdsim("generate", "--device", device, "--folding", "default", "--out", tmp_path / "out")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("bcdsim: error:"), err
    assert f"field '{field}'" in lines[0] and out == ""
    assert snapshot(tmp_path) == before and not marker.exists()
    code, _, err = bcdsim("devices", "--file", device)  # every command reads devices the same way
    assert code == 2 and f"field '{field}'" in err


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_board_names_are_refused(tmp_path, payload):
    marker = tmp_path / "pwned"
    code, _, err = bcdsim("generate", f"--board={payload.format(m=marker)}", "--out", tmp_path / "out")
    assert code == 2 and "unknown board" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
    for field in ("board_part", "platform"):
        with pytest.raises(UserError, match=field):
            boards.Board("x", "zcu104", "zynqmp", **{field: payload.format(m=marker)})


# --- accepted values stay single literal words ---------------------------------------------------

def tcl_calls(script: str) -> list[list[str]]:
    """Evaluate ``script`` in a safe Tcl interpreter where every command that is not core Tcl (all
    vendor commands, and exec/open/file/glob/exit, which a safe interpreter hides) is recorded with
    its words and returns "1" instead of running."""
    tkinter = pytest.importorskip("tkinter")
    tcl = tkinter.Tcl()
    tcl.eval("interp create -safe box")
    tcl.eval("box eval {set ::calls {}; proc unknown args {lappend ::calls $args; return 1}}")
    tcl.call("box", "eval", script)
    calls = tcl.eval("box eval {set ::calls}")
    return [list(tcl.splitlist(c)) for c in tcl.splitlist(calls)]


def design(device: Device, board: str | None, label: str = "m"):
    return board_design(device, board, label)


def words_holding(calls: list[list[str]], value: str) -> list[str]:
    return [w for c in calls for w in c if value in w]


@pytest.mark.parametrize("part", REAL_PARTS)
def test_real_part_names_reach_tcl_as_one_word(part):
    dev = Device(**{**DEVICE, "part": part, "clock_mhz": 200.0, "ddr_gbps": 19.2})
    for board in [None, *boards.BOARDS]:
        b = boards.BOARDS.get(board)
        files = boards.scripts(design(dev, board))
        calls = tcl_calls(files["scripts/hls_ip.tcl"])
        assert ["set_part", dev.part] in calls, calls
        assert words_holding(calls, dev.part) == [dev.part]
        assert not [c for c in calls if c[0] in ("exec", "open", "source", "socket")]
        if "scripts/vivado_bd.tcl" in files:
            calls = tcl_calls(files["scripts/vivado_bd.tcl"])
            assert words_holding(calls, dev.part) == [dev.part]
            assert words_holding(calls, b.board_part) == [b.board_part, b.board_part]
            assert ["set_property", "board_part", b.board_part, "1"] in calls
            assert not [c for c in calls if c[0] in ("exec", "open", "source", "socket")]


def test_hls4ml_project_tcl_holds_the_part_as_one_word(tmp_path):
    """The full generated project with a custom device: hls4ml's project.tcl sets the part."""
    device = tmp_path / "dev.toml"
    device.write_text(toml({**DEVICE, "part": "xcvc1902-vsva2197-2MP-e-S", "name": "versal.test+1"}))
    out = tmp_path / "out"
    code, _, err = bcdsim("generate", "--device", device, "--folding", "default", "--out", out)
    assert code == 0, err
    tkinter = pytest.importorskip("tkinter")
    tcl = tkinter.Tcl()
    tcl.eval("interp create -safe box")
    tcl.call("box", "eval", (out / "project.tcl").read_text())
    assert tcl.eval("box eval {set part}") == "xcvc1902-vsva2197-2MP-e-S"
    calls = tcl_calls((out / "scripts" / "hls_ip.tcl").read_text())
    assert ["set_part", "xcvc1902-vsva2197-2MP-e-S"] in calls


def run_build_sh(files: dict[str, str], folder: Path) -> list[list[str]]:
    """Run build.sh as sh does, with vendor tools that only record their arguments."""
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (folder / "build.sh").chmod(0o755)
    stubs = folder / "stubs"
    stubs.mkdir()
    log = folder / "calls.jsonl"
    for tool in ("vitis_hls", "vivado", "v++"):
        stub = stubs / tool
        stub.write_text(f'#!/bin/sh\nexec python3 -c \'import json,sys; print(json.dumps(sys.argv[1:]))\' '
                        f'"$(basename "$0")" "$@" >> {log}\n')
        stub.chmod(0o755)
    syntax = subprocess.run(["sh", "-n", str(folder / "build.sh")], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    env = {**os.environ, "PATH": f"{stubs}:/usr/bin:/bin"}
    done = subprocess.run(["sh", str(folder / "build.sh")], cwd=folder, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in log.read_text().splitlines()]


@pytest.mark.parametrize("board", [None, "zcu104", "u250"])
def test_build_sh_runs_only_the_vendor_tools_even_for_a_hostile_model_name(tmp_path, board):
    marker = tmp_path / "pwned"
    label = f"m\ntouch {marker}\n$(touch {marker})`touch {marker}`.pth"  # a model file name can hold all this
    b = boards.BOARDS.get(board)
    dev = get_device(b.device if b else "zcu104")
    files = boards.scripts(design(dev, board, label))
    calls = run_build_sh(files, tmp_path)
    assert not marker.exists()
    assert calls[0] == ["vitis_hls", "-f", "scripts/hls_ip.tcl"]
    if b is not None and b.family == "alveo":
        assert calls[1][:5] == ["v++", "-l", "-t", "hw", "--platform"] and calls[1][5] == b.platform
    elif b is not None:
        assert calls[1] == ["vivado", "-mode", "batch", "-source", "scripts/vivado_bd.tcl"]
    assert len(calls) == (1 if b is None else 2)
    assert files["build.sh"].count("\n") == boards.BUILD_SH.count("\n") + (1 if b else 0)


def test_every_preset_board_passes_its_own_checks():
    for b in boards.BOARDS.values():
        assert boards.Board(**vars(b)) == b and get_device(b.device).name == b.device
