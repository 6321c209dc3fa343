"""The built wheel carries the HLS kernels and the Verilog library: installed into a fresh
environment, away from the checkout, it generates and C-simulates the default model."""
from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


@pytest.mark.slow
def test_wheel_generates_and_simulates_outside_the_checkout(tmp_path):
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
          str(ROOT)], tmp_path)
    wheel = next(tmp_path.glob("bcdsim-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "bcdsim/hlslib/bcd_mvau.h" in names and "bcdsim/rtllib/bcd_xnor_mvau.v" in names
    assert "bcdsim/models/weights/bcdnet-tiny-b.pth" in names

    # A fresh environment: its own bcdsim from the wheel; the dependencies (torch, hls4ml, ...) of
    # this one reached through a .pth line, which does not run this environment's editable hook.
    fresh = tmp_path / "fresh"
    _run([sys.executable, "-m", "venv", str(fresh)], tmp_path)
    py = fresh / "bin" / "python"
    fresh_site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           tmp_path).stdout.strip())
    (fresh_site / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    _run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], tmp_path)
    where = _run([str(py), "-c", "import bcdsim, bcdsim.libraries as l; print(bcdsim.__file__); "
                  "print(l.hls_library())"], tmp_path).stdout.split()
    assert all(str(fresh) in w for w in where)  # the wheel's package, not the checkout

    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PATH": f"{fresh / 'bin'}:{os.environ['PATH']}"}
    _run([str(fresh / "bin" / "bcdsim"), "generate", "--out", "hls", "--folding", "default"], work, env)
    done = _run([str(fresh / "bin" / "bcdsim"), "csim", "hls", "--images", "20", "--format", "json"], work, env)
    report = json.loads(done.stdout)
    assert report["images"] == 20 and report["bit_exact"] is True
