"""The ECP5 board top in simulation: images through the UART into the stand-in network
(tests/fixtures/standin_network, the NETWORK_TOP ports) and back, checked byte for byte against the
stand-in's reference; on the RTL (Icarus) and on yosys' synth_ecp5 netlist with yosys' ECP5 cell
models (gate level). Expected bytes are packed here with struct from the reference logits, not by
bcdsim's protocol code."""
from __future__ import annotations

import json
import os
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
import rtl_sim as sim
from rtl_benches import require

from bcdsim.backends.ecp5.network import read_network
from bcdsim.backends.ecp5.top import BOARD_SOURCES, board_verilog
from bcdsim.libraries import rtl_library

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import ecp5_standin as standin  # noqa: E402

PERIOD_NS = 10          # 100 MHz
BAUD = 12_500_000       # 8 cycles per bit: short simulations, same logic as 3 Mbaud's 33
BUILD = sim.BUILD / "ecp5"


def _board_sources() -> list[Path]:
    network = read_network(standin.FOLDER)
    BUILD.mkdir(parents=True, exist_ok=True)
    board = BUILD / "bcd_board.v"
    board.write_text(board_verilog(network.ports, 100.0, BAUD, 8))
    return [*(rtl_library() / s for s in BOARD_SOURCES), standin.FOLDER / "bcd_network.v", board]


def _case(images: range, garbage_before: int | None = None) -> dict:
    data = np.load(standin.FOLDER / "stimulus.npz")
    send, expect, leds = [], [], []
    for i in images:
        words = data["input_words"][i]
        frame = bytes([0xA5]) + words.astype(np.int8).tobytes()  # 4 lanes x int8 = one little-endian word
        if i == garbage_before:
            frame = bytes([0x00, 0x13, 0x5A]) + frame  # bytes outside a frame are skipped
        logits = standin.logits(words)
        best = logits.index(max(logits))
        send.append(list(frame))
        expect.append(list(bytes([0x5A]) + struct.pack("<10h", *logits) + bytes([best])))
        leds.append(best)
    return {"period_ns": PERIOD_NS, "baud": BAUD, "send": send, "expect": expect, "leds": leds}


def _run(built, name: str, case: dict) -> None:
    test_dir = BUILD / name
    test_dir.mkdir(parents=True, exist_ok=True)
    (test_dir / "case.json").write_text(json.dumps(case))
    sim.run(built, test_dir, {"BCD_CASE": str(test_dir / "case.json")}, module="tb_board",
            testcase=["test_uart_frames"])


def test_board_uart_rtl():
    require("icarus")
    built = sim.build("icarus", "bcd_board", _board_sources())
    _run(built, "rtl", _case(range(5), garbage_before=2))


def test_board_uart_gate_level():
    """yosys synth_ecp5 netlist of the whole board top (UART, FIFO, framer, core, result sender)."""
    require("icarus")
    from bcdsim.backends.ecp5.netlist import simulation_models, synthesize_netlist
    from bcdsim.errors import ToolMissing

    try:
        models = simulation_models(BUILD / "netlist")
        netlist = synthesize_netlist(_board_sources(), "bcd_board", BUILD / "netlist")
    except ToolMissing as e:
        pytest.skip(f"skipped: {e}")
    built = sim.build("icarus", "bcd_board", [models, netlist])
    _run(built, "gate", _case(range(3)))


def _opt_in() -> None:
    """The long ECP5 checks run with BCDSIM_ECP5_SLOW=1 (make ecp5-slow), outside make test's budget."""
    if not os.environ.get("BCDSIM_ECP5_SLOW"):
        pytest.skip("skipped: long ECP5 check, set BCDSIM_ECP5_SLOW=1 (make ecp5-slow)")


def _words(values, bits: int) -> int:
    return sum((int(v) & ((1 << bits) - 1)) << (p * bits) for p, v in enumerate(values))


def network_case(words: np.ndarray, logits: np.ndarray, in_bits: int, out_lanes: int, out_bits: int) -> dict:
    """Input and expected output words of each image (logits padded to whole output words)."""
    outputs = []
    for row in logits:
        padded = list(row) + [0] * (-len(row) % out_lanes)
        outputs.append([_words(padded[j:j + out_lanes], out_bits) for j in range(0, len(padded), out_lanes)])
    return {"inputs": [[_words(w, in_bits) for w in image] for image in words], "outputs": outputs}


def test_network_gate_level():
    """The stand-in core alone at gate level on 20 images through its stream ports."""
    require("icarus")
    from bcdsim.backends.ecp5.netlist import simulation_models, synthesize_netlist
    from bcdsim.errors import ToolMissing

    try:
        models = simulation_models(BUILD / "core_netlist")
        netlist = synthesize_netlist([standin.FOLDER / "bcd_network.v"], "bcd_network", BUILD / "core_netlist")
    except ToolMissing as e:
        pytest.skip(f"skipped: {e}")
    data = standin.stimulus(20, seed=7)
    expected = np.array([standin.logits(w) for w in data["input_words"]])
    case = network_case(data["input_words"], expected, 8, 5, 16)
    built = sim.build("icarus", "bcd_network", [models, netlist])
    test_dir = BUILD / "core_gate"
    test_dir.mkdir(parents=True, exist_ok=True)
    (test_dir / "case.json").write_text(json.dumps(case))
    sim.run(built, test_dir, {"BCD_CASE": str(test_dir / "case.json")}, module="tb_network", testcase=["test_stream"])


def _run_network(folder: Path, n: int, gate: bool, nobram: bool = False, simulator: str = "icarus") -> None:
    """The bcd_network of ``folder`` (network.json, stimulus.npz) on n frames, RTL or gate level
    (block RAM as DP16KD, simulated by our model, unless ``nobram``)."""
    from bcdsim.backends.ecp5.netlist import simulation_models, synthesize_netlist

    net = json.loads((folder / "network.json").read_text())
    stim = np.load(folder / "stimulus.npz")
    case = network_case(stim["input_words"][:n], stim["expected_logits"][:n], net["input"]["bits"],
                        net["output"]["lanes"], net["output"]["bits"])
    memories = [folder / m for m in net["memories"]]
    sources = [folder / s for s in net["sources"]]
    if gate:
        sources = [simulation_models(folder / "gate"),
                   synthesize_netlist(sources, "bcd_network", folder / "gate", memories, nobram)]
    built = sim.build(simulator, "bcd_network", sources, internals=not gate)
    test_dir = folder / ("run_gate" if gate else "run_rtl")
    test_dir.mkdir(exist_ok=True)
    for mem in memories:
        (test_dir / mem.name).write_bytes(mem.read_bytes())
    (test_dir / "case.json").write_text(json.dumps(case))
    sim.run(built, test_dir, {"BCD_CASE": str(test_dir / "case.json")}, module="tb_network", testcase=["test_stream"])


@pytest.mark.slow
def test_default_layer_gate_level():
    """A default-model XNOR layer (feature_2 3x3: MW 288, SIMD 32 x PE 16, affine on 16 MULT18X18D)
    wrapped to the network ports: its synth_ecp5 netlist equals hw mode on 20 output pixels."""
    _opt_in()
    require("icarus")
    from bcdsim.backends.ecp5.layer_network import wrap_layer
    from bcdsim.backends.rtl import build_units, write_design
    from bcdsim.errors import ToolMissing

    unit = "feature_2_binary_3x3_popcount"
    design = BUILD / "layer_design"
    label, units = build_units(None, [unit], None, 2, None, 0, "auto")
    write_design(design, units, label, force=True)
    folder = wrap_layer(design, unit, BUILD / "layer_network")
    try:
        _run_network(folder, 20, gate=True)
        _run_board_uart(folder, 2)
    except ToolMissing as e:
        pytest.skip(f"skipped: {e}")


def _run_board_uart(folder: Path, n: int, nobram: bool = False, simulator: str = "icarus") -> None:
    """n frames of ``folder``'s network through the whole board top's netlist and its UART; the
    expected answer is packed here from hw mode's values (0x5A, output words little-endian, the
    first largest value's index)."""
    from bcdsim.backends.ecp5.netlist import simulation_models, synthesize_netlist
    from bcdsim.backends.ecp5.network import read_network

    network = read_network(folder)
    ports = network.ports
    board = folder / "bcd_board.v"
    board.write_text(board_verilog(ports, 100.0, BAUD, 8))
    board_only = [rtl_library() / s for s in BOARD_SOURCES if s not in network.info["sources"]]  # bcd_fifo.v once
    sources = [*board_only, *(folder / s for s in network.info["sources"]), board]
    memories = [folder / m for m in network.info["memories"]]
    netlist = synthesize_netlist(sources, "bcd_board", folder / "board_gate", memories, nobram)
    built = sim.build(simulator, "bcd_board", [simulation_models(folder / "board_gate"), netlist], internals=False)
    stim = np.load(folder / "stimulus.npz")
    send, expect = [], []
    for i in range(n):
        words = [_words(w, ports.in_bits).to_bytes(ports.in_bytes, "little") for w in stim["input_words"][i]]
        values = [int(v) for v in stim["expected_logits"][i]]
        out = network_case(stim["input_words"][i:i + 1], stim["expected_logits"][i:i + 1], ports.in_bits,
                           ports.out_lanes, ports.out_bits)["outputs"][0]
        send.append(list(bytes([0xA5]) + b"".join(words)))
        expect.append(list(bytes([0x5A]) + b"".join(w.to_bytes(ports.out_bytes, "little") for w in out)
                            + bytes([values.index(max(values))])))
    test_dir = folder / "run_board_gate"
    test_dir.mkdir(exist_ok=True)
    for mem in memories:
        (test_dir / mem.name).write_bytes(mem.read_bytes())
    (test_dir / "case.json").write_text(json.dumps({"period_ns": PERIOD_NS, "baud": BAUD, "send": send,
                                                    "expect": expect}))
    sim.run(built, test_dir, {"BCD_CASE": str(test_dir / "case.json")}, module="tb_board",
            testcase=["test_uart_frames"])


def _whole_network(out: Path, *args: str) -> Path:
    """``bcdsim rtl`` of the shipped default model (bcdnet-tiny-b) into ``out``."""
    from bcdsim.cli.main import main

    assert main(["rtl", "--out", str(out), "--force", *args]) == 0
    return out


@pytest.mark.slow
def test_default_network_gate_level():
    """The default model's whole network at --fps 100000 (the folding `make bitstream` placed until it
    moved to --fps 20000, the design that meets timing at 100 MHz), its synth_ecp5 netlist with
    block RAM (DP16KD, our model): 20 images through the stream ports and 2 through the whole board
    top's UART, bit-exact with hw mode (stimulus.npz, written by bcdsim rtl from the interpreter,
    not from this RTL). Icarus by default: Verilator turns even the --fps 100000 netlist into a 41 MB
    header and 372 MB of C++ (its precompiled header alone compiled > 35 min here); BCDSIM_ECP5_SIM=verilator
    picks it. BCDSIM_ECP5_RTL_ARGS replaces the `bcdsim rtl` folding options (e.g. "--folding
    default": a 4x larger netlist)."""
    _opt_in()
    simulator = os.environ.get("BCDSIM_ECP5_SIM", "icarus")
    require(simulator)
    from bcdsim.errors import ToolMissing

    extra = os.environ.get("BCDSIM_ECP5_RTL_ARGS", "--fps 100000").split()
    out = _whole_network(BUILD / "default_network", "--images", "20", *extra)
    try:
        _run_network(out, 20, gate=True, simulator=simulator)
        _run_board_uart(out, 2, simulator=simulator)
    except ToolMissing as e:
        pytest.skip(f"skipped: {e}")
