"""HLS backend: project contents, determinism, golden files, the folding file driving generate,
and refusals of bad input."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("hls4ml")

import hls_cli  # noqa: E402
from hls_cli import ROOT, WEIGHTS, bcdsim, files_of  # noqa: E402

from bcdsim.errors import UserError  # noqa: E402

GOLDEN = ROOT / "tests" / "hls" / "golden" / "bcdnet_tiny_b_default"
GOLDEN_FILES = ("firmware/parameters.h", "firmware/bcdsim_top.cpp", "firmware/defines.h")


@pytest.fixture(scope="module")
def tiny_b_project(tmp_path_factory) -> Path:
    return hls_cli.tiny_b(tmp_path_factory)


@pytest.fixture(scope="module")
def tiny_b_default_project(tmp_path_factory) -> Path:
    return hls_cli.tiny_b_default(tmp_path_factory)


def test_project_holds_firmware_testbench_and_flow(tiny_b_project):
    p = tiny_b_project
    for rel in ("firmware/bcdsim_top.cpp", "firmware/parameters.h", "firmware/nnet_utils/bcd_mvau.h",
                "firmware/nnet_utils/bcd_fifo.h", "firmware/ap_types/ap_fixed.h", "build_prj.tcl", "build_lib.sh",
                "bcdsim_top_test.cpp", "bcdsim_top_bridge.cpp", "build.sh", "scripts/hls_ip.tcl", "folding.json",
                "README.md"):
        assert (p / rel).is_file(), rel
    m = json.loads((p / "bcdsim.json").read_text())
    assert m["tb_images"] == 450 and m["data"] == "digits test split" and m["device"] == "zcu104"
    assert m["folding"].startswith("fastest folding within") and m["output_type"] == "fixed<16,5>"
    assert m["input_shape"] == [1, 1, 8, 8] and m["ddr"] is False
    lines = (p / "tb_data" / "tb_input_features.dat").read_text().splitlines()
    assert len(lines) == 450 and len(lines[0].split()) == 64
    top = (p / "firmware" / "bcdsim_top.cpp").read_text()
    # bcdnet-tiny-b: 10 XNOR units (3 shift-MLPs behind their gathers), 4 contextual units
    assert top.count("bcd::mvau<") == 10 and top.count("bcd::gather_in<") == 3
    assert top.count("bcd::context_scan<") == 4 and "#pragma HLS DATAFLOW" in top
    assert "./build.sh" in (p / "README.md").read_text()


def test_generation_is_byte_identical(tiny_b_project, tmp_path):
    out = tmp_path / "again"
    code, _, err = bcdsim("generate", "--out", out)
    assert code == 0, err
    first, second = files_of(tiny_b_project), files_of(out)
    first = {k: v for k, v in first.items() if not k.startswith("bounded/")}  # a csim build, not generated
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_generated_cpp_matches_golden_files(tiny_b_default_project):
    """Golden files of the generated C++ (the default folding, placed on the ZCU104).
    BCDSIM_UPDATE_GOLDEN=1 rewrites them after an intended change."""
    for rel in GOLDEN_FILES:
        got = (tiny_b_default_project / rel).read_text()
        golden = GOLDEN / Path(rel).name
        if os.environ.get("BCDSIM_UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(got)
        assert golden.is_file(), f"no golden file {golden} (run with BCDSIM_UPDATE_GOLDEN=1)"
        assert got == golden.read_text(), f"{rel} differs from {golden}"


def _configs(project: Path) -> dict[str, dict[str, int]]:
    """Every config struct of the generated project with a name(): {unit: {constant: value}}."""
    text = (project / "firmware" / "parameters.h").read_text()
    out = {}
    for body in re.findall(r"struct config\d+ \{(.*?)\n\};", text, re.S):
        name = re.search(r'name\(\) \{ return "([^"]+)"; \}', body)
        if name:
            values = {k: int(v) for k, v in re.findall(r"\b(\w+) = (\d+)\b", body)}
            out[name.group(1)] = values
    return out


@pytest.fixture(scope="module")
def bcdnet_a_folding(tmp_path_factory) -> Path:
    """A folding file of bcdnet-a at 1x3x32x32, saved by `bcdsim analyze --device zcu104`."""
    path = tmp_path_factory.mktemp("fold") / "bcdnet_a_zcu104.json"
    code, _, err = bcdsim("analyze", "bcdnet-a", "--input-shape", "1x3x32x32", "--device", "zcu104",
                          "--save-folding", path, "--format", "json")
    assert code == 0, err
    return path


def test_folding_file_from_analyze_drives_generate(bcdnet_a_folding, tmp_path):
    """Every unit of the generated project has exactly the SIMD and PE the file names (read from
    the project's config structs), and the project keeps the file's design as folding.json."""
    out = tmp_path / "a32"
    code, _, err = bcdsim("generate", "bcdnet-a", "--input-shape", "1x3x32x32", "--folding", bcdnet_a_folding,
                          "--out", out)
    assert code == 0, err
    doc = json.loads(bcdnet_a_folding.read_text())
    configs = _configs(out)
    for name, entry in doc["units"].items():
        c = configs[name]
        if entry["kind"] in ("xnor_mvau", "dsp_mvau"):
            assert (c["simd"], c["pe"]) == (entry["simd"], entry["pe"]), name
        elif entry["kind"] == "context_replay":  # PE map lanes, SIMD MAC lanes
            assert (c["lanes"], c["simd"]) == (entry["pe"], entry["simd"]), name
        else:
            assert c["lanes"] == entry["pe"], name
    saved = json.loads((out / "folding.json").read_text())
    assert {n: (u["simd"], u["pe"], u.get("mem")) for n, u in saved["units"].items()} == \
        {n: (u["simd"], u["pe"], u.get("mem")) for n, u in doc["units"].items()}


def test_a_folding_entry_naming_no_unit_is_refused(bcdnet_a_folding, tmp_path):
    doc = json.loads(bcdnet_a_folding.read_text())
    doc["units"]["no_such_unit"] = {"kind": "add", "simd": 1, "pe": 1}
    (tmp_path / "fold.json").write_text(json.dumps(doc))
    _refused(tmp_path, "bcdnet-a", "--input-shape", "1x3x32x32", "--folding", tmp_path / "fold.json",
             expect="entry 'no_such_unit' names no unit of this model")


# --- bad input: one line, exit 2, nothing written ---------------------------------------------------

def _refused(tmp_path, *argv, expect: str, out_name: str = "out") -> None:
    out = tmp_path / out_name
    code, stdout, err = bcdsim("generate", *argv, "--out", out)
    lines = [ln for ln in err.splitlines() if ln.startswith("bcdsim: error")]
    assert code == 2 and len(lines) == 1 and expect in lines[0], err
    assert not out.exists() or out.is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_unknown_board_is_refused(tmp_path):
    _refused(tmp_path, "--board", "vcu118", expect="unknown board 'vcu118' (boards: zcu104, pynq-z2")


def test_board_contradicting_the_device_is_refused(tmp_path):
    _refused(tmp_path, "--board", "pynq-z2", "--device", "kv260", expect="--board pynq-z2 has a pynq-z2 device")


def test_unknown_device_is_refused(tmp_path):
    _refused(tmp_path, "--device", "zcu999", expect="unknown device 'zcu999'")


def test_output_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "out").write_text("not a directory\n")
    _refused(tmp_path, expect="is a file")
    assert (tmp_path / "out").read_text() == "not a directory\n"


def test_non_empty_output_needs_force(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine\n")
    code, _, err = bcdsim("generate", "--out", tmp_path / "out")
    assert code == 2 and "--force" in err and (tmp_path / "out" / "keep.txt").is_file()


def test_folding_of_another_model_is_refused(tmp_path, tiny_b_project):
    # bcdnet-tiny-b's folding for bcdnet-tiny: entries that name no unit of bcdnet-tiny
    (tmp_path / "fold.json").write_text((tiny_b_project / "folding.json").read_text())
    _refused(tmp_path, WEIGHTS / "bcdnet-tiny.pth", "--folding", tmp_path / "fold.json",
             expect="names no unit of this model")


def test_folding_with_bad_simd_is_refused(tmp_path, tiny_b_project):
    doc = json.loads((tiny_b_project / "folding.json").read_text())
    doc["units"]["feature_1_binary_3x3_popcount"]["simd"] = 7
    (tmp_path / "fold.json").write_text(json.dumps(doc))
    _refused(tmp_path, "--folding", tmp_path / "fold.json", expect="SIMD 7")


def test_model_with_ops_the_design_cannot_express_is_refused(tmp_path):
    torch = pytest.importorskip("torch")

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(3, 4, 8, stride=8)
            self.fc = torch.nn.Linear(12 * 28 * 28, 10)

        def forward(self, x):
            y = self.conv(x)
            return self.fc(torch.flatten(torch.cat([y, y, y], 1), 1))

    torch.manual_seed(0)
    torch.jit.script(Net().eval()).save(str(tmp_path / "net.pt"))
    _refused(tmp_path, tmp_path / "net.pt", expect="cannot express 3 op(s): Concat (cat")
    code, _, err = bcdsim("generate", tmp_path / "net.pt", "--out", tmp_path / "x")
    assert "Flatten (flatten: of a 28x28 map)" in err


def test_testbench_inputs_are_the_quantized_values(tiny_b_project):
    from bcdsim.train.data import load_dataset

    x = load_dataset("digits").x_test[:3]
    rows = (tiny_b_project / "tb_data" / "tb_input_features.dat").read_text().splitlines()[:3]
    got = np.array([r.split() for r in rows], dtype=np.float64)
    frac = 13  # input type fixed<16,3>
    assert np.array_equal(got, np.floor(x.reshape(3, -1).astype(np.float64) * 2 ** frac + 0.5) / 2 ** frac)


def test_a_failure_while_writing_leaves_nothing(tmp_path, monkeypatch):
    from bcdsim.backends.hls import project

    def broken(model, out_dir, extra):
        (out_dir / "half-written.txt").write_text("x")
        raise UserError("disk full")

    monkeypatch.setattr(project, "write_project", broken)
    _refused(tmp_path, "--folding", "default", expect="disk full", out_name="new/out")
    assert list(tmp_path.iterdir()) == []  # not even the parent directory it made
