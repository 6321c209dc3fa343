"""The zoo as data (bcdsim/models/data) against the torch models it stands for (issue 14).

- the stored files are what ``bcdsim.models.make_templates`` writes from the models today;
- their state_dict signatures equal the torch models' keys, shapes and dtypes at several head
  sizes and input channels, and their "initialised" values match torch's initialisation;
- the IR built from them (no torch) equals the torch.fx lowering node by node;
- ``bcdsim analyze`` prints byte-identical JSON on the torch-free path and on the torch path
  (load_model + to_ir, what analyze did before), and imports neither torch nor the backends.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from test_checkpoint import official_state

from bcdsim.cli import analyze
from bcdsim.cli.main import main
from bcdsim.io.loaded import DEFAULT_MODEL, LoadedGraph, load_model
from bcdsim.ir.frontend import to_ir
from bcdsim.ir.lower import lower
from bcdsim.ir.passes import canonicalize
from bcdsim.ir.template import template_graph
from bcdsim.models import ZOO, build, make_templates, randomize, template

WEIGHTS = Path(DEFAULT_MODEL).parent
IMAGENET = [a for a in ZOO if ZOO[a].input_shape[2] == 224]
TINY = [a for a in ZOO if a not in IMAGENET]


@pytest.mark.parametrize("arch", list(ZOO))
def test_stored_template_is_up_to_date(arch):
    stored = template.data_file(arch).read_text()
    assert stored == make_templates.render(arch), f"run: python -m bcdsim.models.make_templates ({arch})"


@pytest.mark.parametrize("arch", list(ZOO))
@pytest.mark.parametrize("classes, channels", [(None, None), (7, 2), (21841, 4)])
def test_signature_equals_the_torch_state_dict(arch, classes, channels):
    with torch.device("meta"):
        model = ZOO[arch].build(classes, channels)
    expected = [(k, tuple(v.shape), str(v.dtype).removeprefix("torch.")) for k, v in model.state_dict().items()]
    sig, dtypes = template.signature(arch, classes, channels), template.dtypes(arch)
    assert [(k, s, dtypes[k]) for k, s in sig.items()] == expected


@pytest.mark.parametrize("arch", list(ZOO))
def test_initial_values_match_torch_initialisation(arch):
    fresh = build(arch).state_dict()
    initial = template.initial_state(arch)
    assert list(initial) == list(fresh)
    for key, value in fresh.items():
        value = value.double()
        if bool((value == value.flatten()[0]).all()):  # BN, biases, PReLU, zero heads: exactly torch's
            assert np.all(initial[key] == value.flatten()[0].item()), key
        else:  # random init: the stored value is the middle of torch's range
            lo, hi = value.min().item(), value.max().item()
            assert lo < float(initial[key].flat[0]) < hi, key


def _assert_same_graph(expected, got) -> None:
    assert (expected.name, expected.outputs, len(expected)) == (got.name, got.outputs, len(got))
    for a, b in zip(expected, got):
        where = f"node {a.name}"
        assert (a.name, type(a.op), a.inputs, a.shape, a.dtype, a.source) == \
               (b.name, type(b.op), b.inputs, b.shape, b.dtype, b.source), where
        fields_a, fields_b = vars(a.op), vars(b.op)
        assert fields_a.keys() == fields_b.keys(), where
        for field, value in fields_a.items():
            other = fields_b[field]
            if isinstance(value, np.ndarray):
                assert isinstance(other, np.ndarray) and value.dtype == other.dtype, (where, field)
                assert value.shape == other.shape and np.array_equal(value, other), (where, field)
            else:
                assert value == other and type(value) is type(other), (where, field)


def _state(model: torch.nn.Module) -> dict[str, np.ndarray]:
    return {k: v.detach().numpy() for k, v in model.state_dict().items()}


# (classes, in_channels, input size): a head and stem unlike the defaults, and maps where GlobalShift
# rolls by 1 (96: 3x3 at the MLP blocks) or 2 (tiny at 16: 4x4 -> 2; at 12: 3x3 -> 1).
CONFIGS = [(10, 1, 96)]
TINY_CONFIGS = [(None, None, None), (7, 2, 16), (3, 1, 12)]


def _check_lowering(arch: str, classes: int | None, channels: int | None, size: int | None) -> None:
    entry = ZOO[arch]
    model = randomize(build(arch, classes, channels), seed=2)
    shape = entry.input_shape if size is None else (1, channels or entry.input_shape[1], size, size)
    expected, got = lower(model, shape, arch), template_graph(arch, _state(model), shape, arch)
    _assert_same_graph(expected, got)
    _assert_same_graph(canonicalize(expected), canonicalize(got))


@pytest.mark.parametrize("arch, classes, channels, size",
                         [(a, *c) for a in IMAGENET for c in CONFIGS] + [(a, *c) for a in TINY for c in TINY_CONFIGS])
def test_template_ir_equals_the_fx_lowering(arch, classes, channels, size):
    _check_lowering(arch, classes, channels, size)


@pytest.mark.slow
@pytest.mark.parametrize("arch", IMAGENET)
@pytest.mark.parametrize("classes, channels, size", [(None, None, None), (100, 3, 64), (21841, 4, 160), (5, 3, 256)])
def test_template_ir_equals_the_fx_lowering_more_sizes(arch, classes, channels, size):
    _check_lowering(arch, classes, channels, size)


def _torch_load_graph(spec, arch=None, input_shape=None, values=False, trust_code=False) -> LoadedGraph:
    """What analyze did before: the torch module, lowered by torch.fx."""
    loaded = load_model(spec, arch, input_shape, trust_code=trust_code)
    graph = to_ir(loaded.module, loaded.input_shape, loaded.arch or "model")
    return LoadedGraph(graph, loaded.label, loaded.arch, loaded.input_shape, loaded.identified)


def _both_paths(monkeypatch, capsys, *argv: str) -> tuple[str, str]:
    outputs = []
    for loader in (None, _torch_load_graph):
        with monkeypatch.context() as m:
            if loader:
                m.setattr(analyze, "load_graph", loader)
            assert main(["analyze", *argv, "--format", "json"]) == 0
        outputs.append(capsys.readouterr().out)
    return outputs[0], outputs[1]


@pytest.mark.parametrize("arch", list(ZOO))
def test_analyze_json_is_identical_without_torch_zoo_names(arch, monkeypatch, capsys):
    fast, slow = _both_paths(monkeypatch, capsys, arch)
    assert fast == slow and json.loads(fast)["arch"] == arch


@pytest.mark.parametrize("argv", [[DEFAULT_MODEL, "--device", "zcu104"],
                                  [str(WEIGHTS / "bcdnet-tiny.pth"), "--device", "kv260", "--fps", "1000"]])
def test_analyze_json_with_the_cost_model_is_identical_without_torch(argv, monkeypatch, capsys):
    """Checkpoints keep the torch-free path with --device (zoo names then build the torch model)."""
    fast, slow = _both_paths(monkeypatch, capsys, *argv)
    assert fast == slow and "hardware" in json.loads(fast)


def _official_files(tmp_path: Path) -> dict[str, list[str]]:
    bcdnet = {"module." + k: v for k, v in official_state("bcdnet_a", seed=0).items()}
    torch.save({"model": bcdnet, "optimizer": {}, "last_iter": 5}, tmp_path / "bcdnet.pth.tar")
    reactnet = {"module." + k: v for k, v in official_state("reactnet_a", seed=1).items()}
    torch.save({"epoch": 1, "state_dict": reactnet, "best_top1_acc": 0.5, "optimizer": {}},
               tmp_path / "reactnet.pth.tar", _use_new_zipfile_serialization=False)
    odd = randomize(build("bcdnet-tiny-b", 7, 2), seed=4).state_dict()
    torch.save(odd, tmp_path / "odd.pth", pickle_protocol=4)
    return {"bcdnet-official": [str(tmp_path / "bcdnet.pth.tar")],
            "bcdnet-official-step1": [str(tmp_path / "bcdnet.pth.tar"), "--arch", "bcdnet-a-step1"],
            "reactnet-official-legacy": [str(tmp_path / "reactnet.pth.tar"), "--profile", "extended"],
            "tiny-7-classes-2-channels": [str(tmp_path / "odd.pth"), "--input-shape", "1x2x16x16"],
            "shipped-tiny": [str(WEIGHTS / "bcdnet-tiny.pth")],
            "shipped-tiny-b": [str(WEIGHTS / "bcdnet-tiny-b.pth"), "--profile", "extended"]}


def test_analyze_json_is_identical_without_torch_checkpoints(tmp_path, monkeypatch, capsys):
    for case, argv in _official_files(tmp_path).items():
        fast, slow = _both_paths(monkeypatch, capsys, *argv)
        assert fast == slow, case
        assert json.loads(fast)["totals"]["flops"] > 0, case


_IMPORTS = ("import sys; from bcdsim.cli.main import main; code = main(sys.argv[1:]); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'hls4ml', 'cocotb', 'matplotlib', "
            "'pandas', 'sympy'}), file=sys.stderr)")


@pytest.mark.parametrize("argv", [["bcdnet-a", "--format", "json"], [str(WEIGHTS / "bcdnet-tiny.pth"), "--format",
                                                                     "json"], [], ["reactnet-a", "--per-layer"]])
def test_analyze_imports_no_torch_and_no_backends(argv):
    proc = subprocess.run([sys.executable, "-c", _IMPORTS, "analyze", *argv], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    imported = json.loads(proc.stderr.strip().splitlines()[-1].replace("'", '"'))
    assert not {"torch", "hls4ml", "cocotb", "matplotlib", "sympy"} & set(imported), imported
    if "json" in argv:
        assert "pandas" not in imported  # JSON records need no DataFrame
