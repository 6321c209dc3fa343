"""Every bad input of issue 15 item 7 through the real CLI: exit 2, exactly one stderr line
``bcdsim: error: ...`` naming the reason, no traceback, nothing written.

Cases marked ``early`` must be refused before any work: the checkpoint loader is replaced by one
that fails the test if called. The C simulation cases (bad weights files in a project) compile the
project and run as a subprocess, so a crash in the C++ cannot take pytest down (``slow``).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bcdsim.backends.output import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "bcdsim" / "models" / "weights" / "bcdnet-tiny-b.pth"
DEVICE = {"lut": 274080, "ff": 548160, "bram36": 912, "uram": 0, "dsp": 2520, "clock_mhz": 200, "ddr_gbps": 19.2}
HUGE = "1x1x100000x100000"


@dataclass(frozen=True)
class Case:
    argv: Callable[[Path], list]  # tmp_path -> the command line (after `bcdsim`)
    expect: str  # a fragment of the error line: the reason
    early: bool = False  # refused before the model is loaded
    chdir: bool = False  # run from tmp_path/work (a folder holding a file)


def device_file(tmp: Path, text: str) -> Path:
    path = tmp / "dev.toml"
    path.write_text(text)
    return path


def device(tmp: Path, **fields) -> Path:
    values = {**DEVICE, **fields}
    return device_file(tmp, "".join(f"{k} = {v}\n" for k, v in values.items() if v is not None))


def folder(tmp: Path, name: str) -> Path:
    (tmp / name).mkdir(exist_ok=True)
    return tmp / name


def project_with(tmp: Path, text: str) -> Path:
    """A folder with only a bcdsim.json: csim and build read it first."""
    proj = folder(tmp, "proj")
    (proj / "bcdsim.json").write_text(text)
    return proj


def readonly(tmp: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions (the /proc cases cover the writability probe)")
    ro = folder(tmp, "ro")
    ro.chmod(0o555)
    return ro / "out"


def model_inside_bcdsim_folder(tmp: Path) -> list:
    """--out is a folder bcdsim wrote (so --force may replace it) that holds the model itself."""
    out = folder(tmp, "old_project")
    (out / MANIFEST).write_text(json.dumps({"tool": "bcdsim"}))
    shutil.copy(TINY, out / "model.pth")
    return ["generate", out / "model.pth", "--out", out, "--force"]


GOOD_MANIFEST = {"format": "bcdsim-hls/2", "model": "bcdnet-tiny-b", "arch": None, "device": "zcu104",
                 "board": None, "stamp": "0123abcd", "tb_images": 1, "clock_mhz": 200.0,
                 "input_shape": [1, 1, 8, 8], "ddr": False}

CASES = {
    # --fps
    **{f"fps-{v}": Case(lambda t, v=v: ["analyze", "bcdnet-tiny", "--device", "zcu104", f"--fps={v}"], "--fps must be",
                        early=True) for v in ("nan", "inf", "-inf", "-3", "0")},
    # a folder where a file is read
    "device-folder": Case(lambda t: ["analyze", "bcdnet-tiny", "--device", folder(t, "d.toml")], "is a folder",
                          early=True),
    "device-folder-no-suffix": Case(lambda t: ["generate", "--device", folder(t, "dev"), "--out", t / "o"],
                                    "is a folder", early=True),
    "folding-folder-analyze": Case(lambda t: ["analyze", "bcdnet-tiny", "--device", "zcu104", "--folding",
                                              folder(t, "f")], "--folding", early=True),
    "folding-folder-generate": Case(lambda t: ["generate", "--folding", folder(t, "f"), "--out", t / "o"],
                                    "is a folder", early=True),
    "folding-folder-rtl": Case(lambda t: ["rtl", "--all-binary", "--folding", folder(t, "f"), "--out", t / "o"],
                               "is a folder", early=True),
    # unwritable --out, refused before the work
    "out-proc-generate": Case(lambda t: ["generate", "--out", "/proc/bcdsim-out"], "cannot write --out", early=True),
    "out-proc-rtl": Case(lambda t: ["rtl", "--all-binary", "--out", "/proc/bcdsim-out/x"], "cannot write --out",
                         early=True),
    "out-proc-compare": Case(lambda t: ["compare", "bcdnet-tiny", "--out", "/proc/bcdsim-out"], "cannot write --out",
                             early=True),
    "out-proc-train": Case(lambda t: ["train", "--epochs", "1", "--out", "/proc/bcdsim-out.pth"],
                           "cannot write --out", early=True),
    "out-proc-explore": Case(lambda t: ["explore", "bcdnet-tiny", "--device", "zcu104", "--out", "/proc/bcdsim.png"],
                             "cannot write --out", early=True),
    "out-proc-save-folding": Case(lambda t: ["analyze", "bcdnet-tiny", "--device", "zcu104", "--save-folding",
                                             "/proc/bcdsim-fold.json"], "cannot write --save-folding", early=True),
    "out-folder-train": Case(lambda t: ["train", "--epochs", "1", "--out", folder(t, "ckpt")], "is a folder",
                             early=True),
    "out-readonly": Case(lambda t: ["generate", "--out", readonly(t)], "cannot write --out", early=True),
    # --out that holds the current folder or an input
    "out-dot-generate": Case(lambda t: ["generate", "--out", ".", "--force"], "current folder", early=True,
                             chdir=True),
    "out-dot-rtl": Case(lambda t: ["rtl", "--all-binary", "--out", "."], "current folder", early=True, chdir=True),
    "out-dot-compare": Case(lambda t: ["compare", "bcdnet-tiny", "--out", "."], "current folder", early=True,
                            chdir=True),
    "out-parent": Case(lambda t: ["generate", "--out", "..", "--force"], "current folder", early=True, chdir=True),
    "out-holds-model": Case(model_inside_bcdsim_folder, "contains the input", early=True),
    # bcdsim.json of an HLS project
    **{f"manifest-{name}-{cmd}": Case(lambda t, text=text, cmd=cmd: [*cmd.split(), project_with(t, text)], expect)
       for name, text, expect in [
           ("not-json", "{not json", "not valid JSON"),
           ("list", "[1, 2, 3]", "expected a JSON object"),
           ("null", "null", "expected a JSON object"),
           ("incomplete", json.dumps({"format": "bcdsim-hls/2", "model": "bcdnet-tiny-b"}), "missing key(s)"),
           ("bad-images", json.dumps({**GOOD_MANIFEST, "tb_images": "many"}), "'tb_images' must be"),
           ("bad-clock", json.dumps({**GOOD_MANIFEST, "clock_mhz": "nan"}), "'clock_mhz' must be"),
           ("list-model", json.dumps({**GOOD_MANIFEST, "model": ["a"]}), "'model' must be"),
       ] for cmd in ("csim", "build --reports-only")},
    # input shapes too large for memory
    **{f"shape-{cmd}": Case(lambda t, cmd=cmd: [cmd, "bcdnet-tiny", "--input-shape", HUGE,
                                                *(["--device", "zcu104"] if cmd == "explore" else [])],
                            "GiB as float32") for cmd in ("analyze", "verify", "explore")},
    # device files: numbers finite and in range, known keys only
    **{f"device-{key}-{value}": Case(lambda t, key=key, value=value: ["generate", "--device", device(t, **{key: value}),
                                                                      "--out", t / "o"], f"field '{key}'", early=True)
       for key, value in [("clock_mhz", "nan"), ("clock_mhz", "inf"), ("clock_mhz", "1e12"), ("clock_mhz", "0"),
                          ("ddr_gbps", "nan"), ("ddr_gbps", "-inf"), ("ddr_gbps", "1e12"), ("lut", "1000000000000"),
                          ("lut", "0"), ("ff", "nan"), ("bram36", "-1"), ("uram", "1e12"), ("dsp", "99999999999")]},
    "device-unknown-key": Case(lambda t: ["generate", "--device", device(t, luts=3), "--out", t / "o"],
                               "unknown field(s) luts", early=True),
    "device-missing-key": Case(lambda t: ["analyze", "bcdnet-tiny", "--device", device(t, dsp=None)],
                               "missing field(s) dsp", early=True),
}


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``root``, with size and time of files (a folder's time changes when a build
    artefact comes and goes; built libraries and objects are left out)."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) if p.is_file() else (0, 0)
            for p in sorted(root.rglob("*")) if p.suffix not in (".so", ".o")}


def check_refusal(code: int, out: str, err: str, expect: str) -> None:
    lines = err.splitlines()
    assert code == 2, f"exit {code}: {err}"
    assert len(lines) == 1 and lines[0].startswith("bcdsim: error:"), err
    assert expect in lines[0], err
    assert "Traceback" not in err and "internal error" not in err and out == ""


@pytest.mark.parametrize("name", CASES)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(name, tmp_path, monkeypatch):
    from hls_cli import bcdsim

    case = CASES[name]
    work = folder(tmp_path, "work")
    (work / "notes.txt").write_text("mine")
    argv = case.argv(tmp_path)
    if case.chdir:
        monkeypatch.chdir(work)
    if case.early:
        def loaded(*args, **kwargs):
            raise AssertionError("the model was loaded before the bad input was refused")
        monkeypatch.setattr("bcdsim.io.checkpoint.load", loaded)
    before = snapshot(tmp_path)
    code, out, err = bcdsim(*argv)
    check_refusal(code, out, err, case.expect)
    assert snapshot(tmp_path) == before, "something was written"
    assert not Path("/proc/bcdsim-out").exists()


# --- weights files of an HLS project: the C simulation reports them ------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    pytest.importorskip("hls4ml")
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    from hls_cli import tiny_b_default

    return tiny_b_default(tmp_path_factory)


def _values(path: Path) -> list[str]:
    return path.read_text().split(",")


WEIGHTS = {
    "missing": (lambda p: p.unlink(), "cannot be read"),
    "oversized": (lambda p: p.write_text(",".join(_values(p) * 50)), "holds more than the 144 values expected"),
    "truncated": (lambda p: p.write_text(",".join(_values(p)[:100])), "holds 100 values, expected 144"),
}  # each case compiles the project (~30 s); test_bounded_weight_loader covers more variants in C++ alone


@pytest.mark.slow
@pytest.mark.parametrize("name", WEIGHTS)
def test_bad_weights_file_in_a_project_exits_2(name, project, tmp_path):
    """Today's hls4ml loader exits the process (missing file) or writes past the array (too many
    values: a segfault, exit 139); bcdsim's loader reports to csim, which says it in one line."""
    proj = tmp_path / "proj"
    shutil.copytree(project, proj, ignore=shutil.ignore_patterns("*.so", "*.o"))
    change, expect = WEIGHTS[name]
    change(proj / "firmware" / "weights" / "wfix_3.txt")
    before = snapshot(tmp_path)
    done = subprocess.run([str(Path(sys.executable).parent / "bcdsim"), "csim", str(proj), "--images", "1"],
                          capture_output=True, text=True, timeout=600)
    check_refusal(done.returncode, done.stdout, done.stderr, expect)
    assert "wfix_3.txt" in done.stderr
    assert snapshot(tmp_path) == before  # the compiled library aside


LOADER_MAIN = r"""
#include <cstdio>
#include "bcd_weights.h"
#include "ap_fixed.h"
int main(int argc, char **argv) {
    bcd::weights_status().quiet = true;
    ap_fixed<16, 6> w[5];
    ap_fixed<16, 6> guard[4] = {7, 7, 7, 7};  // would change if the loader wrote past w
    bcd::load_weights_txt<ap_fixed<16, 6>, 5>(w, argv[1]);
    std::printf("%s|%g %g|%g\n", bcd::weights_status().error.c_str(), w[0].to_double(), w[4].to_double(),
                guard[0].to_double() + guard[3].to_double());
}
"""


def test_bounded_weight_loader(tmp_path):
    """bcd_weights.h alone (g++, no project): counts, bounds and the error text."""
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    hls4ml = pytest.importorskip("hls4ml")
    from bcdsim.libraries import hls_library

    ap_types = Path(hls4ml.__file__).parent / "templates" / "vivado" / "ap_types"
    (tmp_path / "main.cpp").write_text(LOADER_MAIN)
    exe = tmp_path / "loader"

    def compile_loader(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(["g++", "-std=c++11", "-w", *extra, f"-DWEIGHTS_DIR=\"{tmp_path}\"", "-I",
                               str(hls_library()), "-I", str(ap_types), str(tmp_path / "main.cpp"), "-o", str(exe)],
                              capture_output=True, text=True)

    # AddressSanitizer turns a write past the array into a failed run (where the compiler has it)
    build = compile_loader("-fsanitize=address")
    if build.returncode != 0:
        build = compile_loader()
    assert build.returncode == 0, build.stderr[-2000:]
    files = {"good.txt": "1.5, 2, 3, 4, -0.25", "trailing.txt": "1.5, 2, 3, 4, -0.25 \n\n",
             "long.txt": ", ".join(["1"] * 100_000), "short.txt": "1, 2", "empty.txt": "", "word.txt": "1, 2, x, 4, 5",
             "gap.txt": "1,,3,4,5", "huge-token.txt": "1" * 10_000}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    got = {}
    for name in [*files, "absent.txt"]:
        run = subprocess.run([str(exe), name], capture_output=True, text=True, timeout=30)
        assert run.returncode == 0, (name, run.stderr)
        got[name] = run.stdout.strip().split("|")
    assert got["good.txt"] == ["", "1.5 -0.25", "14"] and got["trailing.txt"] == got["good.txt"]
    assert got["long.txt"][0].endswith("holds more than the 5 values expected") and got["long.txt"][2] == "14"
    assert got["short.txt"][0].endswith("holds 2 values, expected 5 (truncated?)")
    assert got["empty.txt"][0].endswith("holds 0 values, expected 5 (truncated?)")
    assert got["word.txt"][0].endswith("value 3 is not a number")
    assert got["gap.txt"][0].endswith("value 2 is not a number")
    assert got["huge-token.txt"][0].endswith("value 1 is not a number")
    assert "absent.txt cannot be read" in got["absent.txt"][0]
    # without `quiet` (the Vitis HLS testbench) the message is printed and the process exits 1
    (tmp_path / "main.cpp").write_text(LOADER_MAIN.replace("bcd::weights_status().quiet = true;", ""))
    assert compile_loader().returncode == 0
    run = subprocess.run([str(exe), "short.txt"], capture_output=True, text=True, timeout=30)
    assert run.returncode == 1 and "ERROR: weights file" in run.stderr and "holds 2 values" in run.stderr
