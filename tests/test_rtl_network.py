"""`bcdsim rtl MODEL --out DIR` writes the whole network (no simulator needed here; the cocotb
bench is rtl_tests/test_network.py): the NETWORK_TOP.md contract, input words exactly as hw mode
quantises, expected words decoding to hw mode's logits, and one-line refusals."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from bcdsim.backends.rtl.network_io import logits
from bcdsim.backends.rtl.whole import from_u64
from bcdsim.cli.main import main


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("net") / "tiny_b"
    assert main(["rtl", "--out", str(out), "--images", "3"]) == 0
    return out


def test_whole_network_is_the_default_and_follows_the_contract(network):
    info = json.loads((network / "network.json").read_text())
    for key in ("top", "sources", "memories", "input", "output", "cycles_per_frame", "latency_cycles", "clock_mhz",
                "model", "folding"):
        assert key in info, key
    assert info["input"]["order"].startswith("HWC") and info["input"]["signed"] is True
    # the cost model's, default folding (4,391 before the context replay got its bank output register: +1 x 4)
    assert info["cycles_per_frame"] == 768 and info["latency_cycles"] == 4395
    for f in info["sources"] + info["memories"]:
        assert (network / f).is_file(), f
    top = (network / "bcd_network.v").read_text()
    for port in ("s_axis_tdata", "s_axis_tvalid", "s_axis_tready", "s_axis_tlast", "m_axis_tdata", "m_axis_tvalid",
                 "m_axis_tready", "m_axis_tlast"):
        assert port in top
    assert top.count("bcd_fifo #(") == len(info["streams"])


def test_stimulus_is_hw_mode_quantised_and_expected_is_hw_mode(network):
    from bcdsim.train.data import load_dataset

    info = json.loads((network / "network.json").read_text())
    stim = np.load(network / "stimulus.npz")
    x = load_dataset("digits").x_test[:3]
    frac, bits = info["input"]["frac_bits"], info["input"]["bits"]
    words = from_u64(stim["input"])
    # one lane per word (1 channel): word k = pixel k (row-major) rounded half up at frac bits
    mant = np.floor(x[0, 0].reshape(-1) * 2.0 ** frac + 0.5).astype(np.int64)
    assert list(words[0]) == [int(m) & ((1 << bits) - 1) for m in mant]
    out = info["output"]
    got = np.array([logits(w, out["lanes"], out["bits"], out["classes"]) for w in from_u64(stim["expected"])])
    assert np.array_equal(got, stim["logits"])
    assert got.shape == (3, 10)


def test_layer_mode_still_writes_per_layer_units(tmp_path, capsys):
    code, _, err = run_cli(capsys, "rtl", "--all-binary", "--out", str(tmp_path / "bin"), "--format", "json")
    assert code == 0, err
    assert (tmp_path / "bin" / "manifest.json").exists() and not (tmp_path / "bin" / "bcd_network.v").exists()


def test_op_without_rtl_unit_is_one_line_exit_2_nothing_written(tmp_path, capsys):
    torch = pytest.importorskip("torch")
    nn = torch.nn
    m = nn.Sequential(nn.Conv2d(1, 4, 3), nn.Sigmoid(), nn.Flatten(), nn.Linear(4 * 6 * 6, 10)).eval()
    path = tmp_path / "sigmoid.pt"
    torch.jit.save(torch.jit.trace(m, torch.zeros(1, 1, 8, 8)), str(path))
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "rtl", str(path), "--input-shape", "1x1x8x8", "--out", str(out))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bcdsim: error:") and "sigmoid" in lines[0]
    assert not out.exists()


def test_rtlsim_on_a_folder_without_network_is_one_line_exit_2(tmp_path, capsys):
    code, _, err = run_cli(capsys, "rtlsim", str(tmp_path))
    assert code == 2 and err.startswith("bcdsim: error:") and "network.json" in err


def _instances(verilog: str) -> dict[str, tuple[str, dict[str, int]]]:
    """Instance name -> (library module, integer parameters), parsed from bcd_network.v."""
    found = re.finditer(r"^\s*(bcd_\w+) #\((.*?)\) (u_\w+) \(", verilog, re.M)
    return {m.group(3): (m.group(1), {k: int(v) for k, v in re.findall(r"\.(\w+)\((\d+)\)", m.group(2))})
            for m in found}


def test_folding_file_from_analyze_drives_the_whole_network_rtl(tmp_path, capsys):
    """Every unit of bcdnet-a (1x3x32x32) named in `analyze --save-folding` is priced by the cost model
    and instantiated in the RTL with that unit's SIMD and PE (read from the Verilog parameters; the HLS
    side: test_hls_backend.py::test_folding_file_from_analyze_drives_generate); the file differs from
    the default folding, so the default cannot pass for it. u250: no weight streams from DDR (the RTL has no DDR)."""
    fold, default = tmp_path / "fold.json", tmp_path / "default.json"
    shape = ["bcdnet-a", "--input-shape", "1x3x32x32", "--device", "u250"]
    assert run_cli(capsys, "analyze", *shape, "--save-folding", str(fold), "--format", "json")[0] == 0
    assert run_cli(capsys, "analyze", *shape, "--folding", "default", "--save-folding", str(default),
                   "--format", "json")[0] == 0
    doc = json.loads(fold.read_text())["units"]
    base = json.loads(default.read_text())["units"]
    assert any((u["simd"], u["pe"]) != (base[n]["simd"], base[n]["pe"]) for n, u in doc.items())
    code, priced, err = run_cli(capsys, "analyze", *shape, "--folding", str(fold), "--format", "json")
    assert code == 0, err
    priced_units = {u["unit"]: (u["simd"], u["pe"]) for u in json.loads(priced)["hardware"]["units"]}
    assert {n: priced_units[n] for n in doc} == {n: (u["simd"], u["pe"]) for n, u in doc.items()}  # the cost model
    out = tmp_path / "net"
    code, _, err = run_cli(capsys, "rtl", *shape, "--folding", str(fold), "--images", "1", "--out", str(out))
    assert code == 0, err
    inst = _instances((out / "bcd_network.v").read_text())
    lanes = {"bcd_concat": "L"}  # every other per-map unit names its lanes PE
    for name, entry in doc.items():
        module, params = inst[f"u_{name}"]
        if entry["kind"] in ("xnor_mvau", "dsp_mvau"):
            assert (params["SIMD"], params["PE"]) == (entry["simd"], entry["pe"]), name
        else:
            assert params[lanes.get(module, "PE")] == entry["pe"], name
    bad = dict(json.loads(fold.read_text()))
    bad["units"] = {**doc, "no_such_unit": {"kind": "add", "simd": 1, "pe": 1}}
    fold.write_text(json.dumps(bad))
    code, _, err = run_cli(capsys, "rtl", *shape, "--folding", str(fold), "--out", str(tmp_path / "bad"))
    assert code == 2 and err.count("\n") == 1 and "'no_such_unit' names no unit" in err, err
    assert not (tmp_path / "bad").exists()


def test_stimulus_is_what_board_run_sends(network):
    """board-run and the ECP5 checks read the whole network's stimulus.npz through the board
    protocol: its lane values pack to the simulated input words, its logits are hw mode's."""
    from bcdsim.backends.ecp5.network import read_network
    from bcdsim.backends.ecp5.protocol import read_frames
    from bcdsim.backends.rtl.network_io import pack

    ports = read_network(network).ports
    words, expected, labels = read_frames(network / "stimulus.npz", ports)
    stim = np.load(network / "stimulus.npz")
    assert len(words) == len(expected) == len(labels) == 3
    bits = json.loads((network / "network.json").read_text())["input"]["bits"]
    assert [pack(f.reshape(-1), words.shape[2], bits) for f in words] == from_u64(stim["input"])
    assert (expected == stim["logits"]).all()
