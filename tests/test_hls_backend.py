"""HLS backend: project contents, determinism, golden files, folding, and refusals of bad input."""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("hls4ml")

import hls_cli  # noqa: E402
from hls_cli import ROOT, WEIGHTS, bcdsim, files_of  # noqa: E402

from bcdsim.backends.hls import flow  # noqa: E402
from bcdsim.backends.hls.plan import Planner  # noqa: E402
from bcdsim.errors import UserError  # noqa: E402
from bcdsim.ir import ops  # noqa: E402
from bcdsim.ir.dtypes import BIPOLAR, Fixed  # noqa: E402
from bcdsim.ir.graph import GraphBuilder  # noqa: E402

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
                "firmware/ap_types/ap_fixed.h", "build_prj.tcl", "build_lib.sh", "bcdsim_top_test.cpp",
                "bcdsim_top_bridge.cpp", "build.sh", "scripts/hls_ip.tcl", "folding.json", "README.md"):
        assert (p / rel).is_file(), rel
    m = json.loads((p / "bcdsim.json").read_text())
    assert m["tb_images"] == 450 and m["data"] == "digits test split" and m["device"] == "zcu104"
    assert m["folding"].startswith("auto") and m["output_type"] == "fixed<16,5>"
    lines = (p / "tb_data" / "tb_input_features.dat").read_text().splitlines()
    assert len(lines) == 450 and len(lines[0].split()) == 64
    assert len((p / "tb_data" / "tb_output_mantissas.dat").read_text().splitlines()) == 450
    top = (p / "firmware" / "bcdsim_top.cpp").read_text()
    assert top.count("bcd::xnor_conv<") + top.count("bcd::mvau<") == 7 and top.count("bcd::shift_mlp<") == 3
    assert top.count("bcd::context_") == 4 and "#pragma HLS DATAFLOW" in top
    assert "./build.sh" in (p / "README.md").read_text()


def test_generation_is_byte_identical(tiny_b_project, tmp_path):
    out = tmp_path / "again"
    code, _, err = bcdsim("generate", "--out", out)
    assert code == 0, err
    first, second = files_of(tiny_b_project), files_of(out)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_generated_cpp_matches_golden_files(tiny_b_default_project):
    """Golden files of the generated C++ (default folding: independent of the cost model).
    BCDSIM_UPDATE_GOLDEN=1 rewrites them after an intended change."""
    for rel in GOLDEN_FILES:
        got = (tiny_b_default_project / rel).read_text()
        golden = GOLDEN / Path(rel).name
        if os.environ.get("BCDSIM_UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(got)
        assert golden.is_file(), f"no golden file {golden} (run with BCDSIM_UPDATE_GOLDEN=1)"
        assert got == golden.read_text(), f"{rel} differs from {golden}"


def _design(folding_arg, model=WEIGHTS / "bcdnet-tiny-b.pth"):
    from bcdsim.cost.devices import get_device
    from bcdsim.io.loaded import load_model

    return flow.prepare(load_model(str(model)), str(model), get_device("zcu104"), None, folding_arg)


@functools.cache
def _auto_folding(model: Path = WEIGHTS / "bcdnet-tiny-b.pth") -> str:
    """The cost model's folding of a shipped model, as JSON text."""
    from bcdsim.cost.devices import get_device
    from bcdsim.io.loaded import load_model
    from bcdsim.ir.frontend import to_ir

    loaded = load_model(str(model))
    graph = to_ir(loaded.module, loaded.input_shape, loaded.arch)
    return json.dumps(flow.folding.auto(graph, get_device("zcu104"), loaded.arch).document)


def test_folding_file_sets_simd_and_pe(tmp_path):
    doc = json.loads(_auto_folding())
    doc["units"]["feature_1_binary_3x3"].update(simd=16, pe=4)  # SIMD = C, PE | 16
    doc["units"]["feature_1_binary_3x3__swu"]["simd"] = 16
    path = tmp_path / "fold.json"
    path.write_text(json.dumps(doc))
    units = {u.name: u for u in _design(str(path)).units}
    conv = units["feature_1_bn1_affine"]  # the XNOR unit carries its fused output stage's name
    assert (conv.attrs["simd"], conv.attrs["pe"]) == (16, 4)
    assert units["feature_1_bn1_affine"].attrs["windowed"]


def test_plan_lists_every_op_it_cannot_emit():
    b = GraphBuilder("bad")
    b.add(ops.Input((1, 8, 4, 4)), [], "x", dtype=Fixed(16, 4))
    b.add(ops.Sign(), ["x"], "s", dtype=BIPOLAR)
    b.add(ops.ChannelShift(1, 1), ["s"], "shift", dtype=BIPOLAR)
    b.add(ops.Concat(1), ["s", "shift"], "cat", dtype=BIPOLAR)
    b.add(ops.Flatten(), ["cat"], "flat", dtype=BIPOLAR)
    g = b.build(["flat"])
    with pytest.raises(UserError) as e:
        Planner(g, lambda n: flow.folding.default_fold(n), lambda n: None).run()
    msg = str(e.value)
    assert "3 op(s)" in msg and "ChannelShift (shift)" in msg and "Concat (cat" in msg and "Flatten (flat" in msg


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


def test_folding_of_another_model_is_refused(tmp_path):
    (tmp_path / "fold.json").write_text(_auto_folding(WEIGHTS / "bcdnet-tiny.pth"))
    _refused(tmp_path, "--folding", tmp_path / "fold.json", expect="unknown unit(s) for this model")


def test_folding_with_bad_simd_is_refused(tmp_path):
    doc = json.loads(_auto_folding())
    doc["units"]["feature_1_binary_3x3"]["simd"] = 7
    (tmp_path / "fold.json").write_text(json.dumps(doc))
    _refused(tmp_path, "--folding", tmp_path / "fold.json", expect="SIMD 7")


def test_model_with_ops_the_backend_cannot_emit_is_refused(tmp_path):
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
    _refused(tmp_path, tmp_path / "net.pt", expect="cannot emit 2 op(s): Concat (cat")
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
