"""bcdsim.io: safe checkpoint loading and architecture identification.

Official-format checkpoints are made from the official key/shape lists in tests/data (random
tensors of exactly those keys and shapes, wrapped as the official training scripts save them),
so the tests need no download. ImageNet-sized models are loaded once per module.
TorchScript and torch.export archives: tests/test_checkpoint_archives.py.
"""
from __future__ import annotations

import json
import logging
import os
import random
from pathlib import Path

import pytest
import torch
from torch import nn

import bcdsim
from bcdsim import UserError
from bcdsim.io import Identification, identify
from bcdsim.models import ZOO, build

DATA = Path(__file__).parent / "data"
BN_STATS = ("weight", "bias", "running_mean", "running_var")


def official_state(name: str, seed: int) -> dict[str, torch.Tensor]:
    """Random tensors with exactly the keys and shapes of an official state_dict."""
    shapes = json.loads((DATA / f"{name}_state_dict_shapes.json").read_text())
    g = torch.Generator().manual_seed(seed)
    state = {}
    for key, shape in shapes.items():
        if key.endswith("num_batches_tracked"):
            state[key] = torch.tensor(12345)
        elif key.endswith("running_var"):
            state[key] = torch.rand(shape, generator=g) + 0.5
        else:
            state[key] = torch.randn(shape, generator=g)
    return state


def is_bn(key: str) -> bool:
    parts = key.split(".")
    return len(parts) >= 2 and parts[-2].startswith("bn") and parts[-1] in BN_STATS


def assert_loaded(model: nn.Module, saved: dict[str, torch.Tensor]) -> None:
    """The model holds exactly the saved values (flattened: saved shapes may differ by a reshape)."""
    loaded = model.state_dict()
    assert set(loaded) == set(saved)
    for key, tensor in saved.items():
        assert torch.equal(loaded[key].flatten(), tensor.flatten()), key


def one_line_error(excinfo: pytest.ExceptionInfo) -> str:
    message = str(excinfo.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


@pytest.fixture(scope="module")
def bcdnet_state() -> dict[str, torch.Tensor]:
    return official_state("bcdnet_a", seed=0)


@pytest.fixture(scope="module")
def bcdnet_file(bcdnet_state, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bcdnet") / "bcdnet_a_official.pth.tar"
    model = {"module." + k: v for k, v in bcdnet_state.items()}
    torch.save({"model": model, "optimizer": {}, "last_iter": 5}, path)
    return path


@pytest.fixture(scope="module")
def bcdnet_model(bcdnet_file) -> nn.Module:
    return bcdsim.load(bcdnet_file)


@pytest.fixture(scope="module")
def reactnet_state() -> dict[str, torch.Tensor]:
    return official_state("reactnet_a", seed=1)


@pytest.fixture(scope="module")
def reactnet_model(reactnet_state, tmp_path_factory) -> nn.Module:
    path = tmp_path_factory.mktemp("reactnet") / "reactnet_a_official.pth.tar"
    wrapped = {"module." + k: v for k, v in reactnet_state.items()}
    torch.save({"epoch": 1, "state_dict": wrapped, "best_top1_acc": 0.5, "optimizer": {}}, path)
    return bcdsim.load(path)


@pytest.fixture(scope="module")
def tiny_state() -> dict[str, torch.Tensor]:
    return build("bcdnet-tiny").state_dict()


# --- official checkpoints -------------------------------------------------------------------

def test_bcdnet_official_container_is_identified_and_loaded(bcdnet_model, bcdnet_state):
    assert bcdnet_model.bcdsim_arch == "bcdnet-a"
    assert bcdnet_model.bcdsim_identification == Identification("bcdnet-a", 1000, 3)
    assert not bcdnet_model.training
    assert_loaded(bcdnet_model, bcdnet_state)
    assert bcdnet_model.feature[1].binary_3x3.binary_weights  # step 2, not the step-1 alias


def test_reactnet_official_container_is_identified_and_loaded(reactnet_model, reactnet_state):
    assert reactnet_model.bcdsim_arch == "reactnet-a"
    assert_loaded(reactnet_model, reactnet_state)  # including the flat (N, 1) `weights`


@pytest.mark.parametrize("fixture", ["bcdnet_model", "reactnet_model"])
def test_loaded_models_give_finite_logits(fixture, request):
    model = request.getfixturevalue(fixture)
    with torch.no_grad():
        logits = model(torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(0)))
    assert logits.shape == (1, 1000)
    assert torch.isfinite(logits).all()


def test_bcdnet_without_counters_and_with_4d_bn(bcdnet_state, tmp_path, caplog):
    variant = {k: v.reshape(1, -1, 1, 1) if is_bn(k) else v
               for k, v in bcdnet_state.items() if not k.endswith("num_batches_tracked")}
    assert any(v.dim() == 4 and is_bn(k) for k, v in variant.items())
    torch.save(variant, tmp_path / "plain.pth")
    with caplog.at_level(logging.INFO, logger="bcdsim.io"):
        model = bcdsim.load(tmp_path / "plain.pth")
    assert model.bcdsim_arch == "bcdnet-a"
    assert "identified as bcdnet-a" in caplog.text
    loaded = model.state_dict()
    for key, tensor in variant.items():
        assert torch.equal(loaded[key].flatten(), tensor.flatten()), key
    assert loaded["feature.1.bn1.weight"].shape == (32,)
    assert int(loaded["feature.1.bn1.num_batches_tracked"]) == 0


def test_reactnet_with_4d_binary_weights(reactnet_state, tmp_path):
    """The other direction: `X.weight` (o, i, k, k) in the file where the model stores flat `weights`."""
    with torch.device("meta"):
        reference = ZOO["reactnet-a"].build()
    variant = {}
    for key, tensor in reactnet_state.items():
        if key.endswith(".weights"):
            conv = reference.get_submodule(key.rsplit(".", 1)[0])
            variant[key[:-1]] = tensor.reshape(conv.shape)
        elif not key.endswith("num_batches_tracked"):
            variant[key] = tensor.reshape(1, -1, 1, 1) if is_bn(key) else tensor
    assert sum(k.endswith("binary_3x3.weight") for k in variant) == 13
    torch.save({"state_dict": {"module." + k: v for k, v in variant.items()}}, tmp_path / "r.pth")
    model = bcdsim.load(tmp_path / "r.pth")
    assert model.bcdsim_arch == "reactnet-a"
    loaded = model.state_dict()
    for key, tensor in reactnet_state.items():
        if not key.endswith("num_batches_tracked"):
            assert torch.equal(loaded[key].flatten(), tensor.flatten()), key


def test_step1_needs_arch_and_loads_the_same_file(bcdnet_file, bcdnet_state):
    model = bcdsim.load(bcdnet_file, arch="bcdnet-a-step1")
    assert model.bcdsim_arch == "bcdnet-a-step1"
    assert not model.feature[1].binary_3x3.binary_weights
    assert_loaded(model, bcdnet_state)


def test_identify_returns_arch_classes_and_channels(bcdnet_file, tmp_path):
    container = torch.load(bcdnet_file, weights_only=True)
    assert identify(container) == ("bcdnet-a", 1000, 3)
    odd = build("bcdnet-tiny", num_classes=7, in_channels=2).state_dict()
    assert identify(odd) == Identification("bcdnet-tiny", 7, 2)
    torch.save(odd, tmp_path / "odd.pth")
    model = bcdsim.load(tmp_path / "odd.pth")
    assert model.fc.out_features == 7 and model.feature[0].conv1.in_channels == 2
    assert_loaded(model, odd)


# --- zoo names and arch= ----------------------------------------------------------------------

def test_zoo_name_builds_eval_model():
    model = bcdsim.load("bcdnet-tiny")
    assert model.bcdsim_arch == "bcdnet-tiny" and not model.training
    assert model(torch.randn(2, 1, 8, 8)).shape == (2, 10)


def test_missing_file_that_is_no_zoo_name(tmp_path):
    with pytest.raises(UserError) as excinfo:
        bcdsim.load(tmp_path / "nope.pth")
    message = one_line_error(excinfo)
    assert message.startswith("no such file or zoo model:") and "bcdnet-a" in message


def test_unknown_arch_lists_the_zoo(tiny_state, tmp_path):
    torch.save(tiny_state, tmp_path / "tiny.pth")
    with pytest.raises(UserError) as excinfo:
        bcdsim.load(tmp_path / "tiny.pth", arch="resnet-50")
    message = one_line_error(excinfo)
    assert "resnet-50" in message and all(name in message for name in ZOO)


def test_arch_that_does_not_fit_names_first_differences(tiny_state, tmp_path):
    torch.save(tiny_state, tmp_path / "tiny.pth")
    assert bcdsim.load(tmp_path / "tiny.pth", arch="bcdnet-tiny").bcdsim_arch == "bcdnet-tiny"
    with pytest.raises(UserError) as excinfo:
        bcdsim.load(tmp_path / "tiny.pth", arch="bcdnet-tiny-b")
    message = one_line_error(excinfo)
    assert "does not fit bcdnet-tiny-b" in message and "missing feature.1.context1.embed.weight" in message
    assert "unexpected feature.1.move11.bias (1, 16, 1, 1)" in message


@pytest.mark.parametrize("arch", [None, "bcdnet-tiny"])
def test_one_tensor_of_wrong_shape(tiny_state, tmp_path, arch):
    bad = dict(tiny_state)
    assert bad["feature.1.bn1.weight"].shape == (16,)
    bad["feature.1.bn1.weight"] = torch.ones(5)
    torch.save(bad, tmp_path / "bad.pth")
    with pytest.raises(UserError) as excinfo:
        bcdsim.load(tmp_path / "bad.pth", arch=arch)
    message = one_line_error(excinfo)
    assert "feature.1.bn1.weight checkpoint (5,) vs bcdnet-tiny (16,)" in message
    if arch is None:
        assert "closest: bcdnet-tiny (" in message


def test_unknown_architecture_names_the_closest(tmp_path):
    foreign = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.Flatten(), nn.Linear(8, 4))
    torch.save(foreign.state_dict(), tmp_path / "foreign.pth")
    with pytest.raises(UserError) as excinfo:
        bcdsim.load(tmp_path / "foreign.pth")
    message = one_line_error(excinfo)
    assert "no zoo architecture matches" in message
    assert message.count("tensors match)") == 3
    assert "unexpected 0.weight (8, 3, 3, 3)" in message


# --- never run code from a file -----------------------------------------------------------------

class _Payload:
    """Unpickling this runs a shell command that creates a marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"echo pwned > '{self.marker}'",))


@pytest.mark.parametrize("zip_format", [True, False], ids=["zip", "legacy"])
def test_malicious_pickle_is_refused_without_running(tmp_path, zip_format):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pth"
    torch.save({"w": torch.zeros(2), "x": _Payload(marker)}, path,
               _use_new_zipfile_serialization=zip_format)
    with pytest.raises(UserError) as excinfo:
        bcdsim.load(path)
    assert not marker.exists()
    message = one_line_error(excinfo)
    assert "needs code to unpickle" in message and "system" in message and "refuses" in message
    # Control: the payload is live; an unsafe load does run it (into tmp_path only).
    torch.load(path, weights_only=False)
    assert marker.exists()


def test_whole_pickled_module_is_refused(tmp_path):
    torch.save(nn.Linear(2, 2), tmp_path / "module.pt")
    with pytest.raises(UserError) as excinfo:
        bcdsim.load(tmp_path / "module.pt")
    assert "torch.nn.modules.linear.Linear" in one_line_error(excinfo)


# --- bad input --------------------------------------------------------------------------------

def _make_bad(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{kind}.pth"
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        torch.save({"w": torch.randn(256, 256)}, path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "truncated-legacy":
        torch.save({"w": torch.randn(256, 256)}, path, _use_new_zipfile_serialization=False)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "random":
        path.write_bytes(bytes([0x13]) + random.Random(0).randbytes(4095))
    elif kind == "json":
        path.write_text(json.dumps({"model": {"fc.weight": [[1.0, 2.0]]}}))
    return path


@pytest.mark.parametrize("kind, phrase", [
    ("missing", "no such file or zoo model"),
    ("directory", "is a directory"),
    ("empty", "is empty"),
    ("truncated", "truncated or corrupt zip archive"),
    ("truncated-legacy", "not a readable PyTorch checkpoint"),
    ("random", "not a PyTorch checkpoint"),
    ("json", "is a JSON file"),
])
def test_bad_input_is_one_line_user_error(kind, phrase, tmp_path):
    path = tmp_path / "missing.pth" if kind == "missing" else _make_bad(kind, tmp_path)
    with pytest.raises(UserError) as excinfo:
        bcdsim.load(path)
    message = one_line_error(excinfo)
    assert phrase in message and str(path) in message
    assert excinfo.value.exit_code == 2


def test_non_state_dict_objects_are_refused(tmp_path):
    torch.save(torch.zeros(3), tmp_path / "tensor.pt")
    torch.save({"epoch": 3, "weights": [1, 2]}, tmp_path / "dict.pt")
    with pytest.raises(UserError, match="holds a Tensor, not a state_dict"):
        bcdsim.load(tmp_path / "tensor.pt")
    with pytest.raises(UserError, match="entry 'epoch' holds int, not a tensor"):
        bcdsim.load(tmp_path / "dict.pt")



# --- what torch writes, in all its variants, still loads (bcdsim's own reader, no torch.load) --------

@pytest.mark.parametrize("variant", ["protocol-4", "legacy", "parameters", "half", "bfloat16", "double", "cuda"])
def test_checkpoint_variants_load_with_the_same_values(variant, tiny_state, tmp_path):
    path = tmp_path / f"{variant}.pth"
    state = {k: v.clone() for k, v in tiny_state.items()}
    for i, key in enumerate(state):  # distinct values per tensor (expected: through the same dtype cast)
        if state[key].is_floating_point():
            state[key] = torch.arange(state[key].numel(), dtype=torch.float32).reshape(state[key].shape) / 64 + i
    casts = {"half": torch.float16, "bfloat16": torch.bfloat16, "double": torch.float64}
    saved = {k: v.to(casts[variant]) if variant in casts and v.is_floating_point() else v for k, v in state.items()}
    if variant == "parameters":
        saved = {k: nn.Parameter(v, requires_grad=False) if v.is_floating_point() else v for k, v in saved.items()}
    kwargs = {"protocol-4": {"pickle_protocol": 4}, "legacy": {"_use_new_zipfile_serialization": False}}
    torch.save(saved, path, **kwargs.get(variant, {}))
    if variant == "cuda":  # as saved on a GPU: only the storage location differs
        from hostile_files import fake_state, pickled, write_zip

        tensors, storages = fake_state(state)
        for tensor in tensors.values():
            tensor.storage.location = "cuda:0"
        write_zip(path, pickled(tensors), storages)
        assert b"cuda:0" in path.read_bytes()
    expected = {k: v.to(casts.get(variant, v.dtype)).float() if v.is_floating_point() else v for k, v in state.items()}
    model = bcdsim.load(path)
    assert model.bcdsim_arch == "bcdnet-tiny"
    loaded = model.state_dict()
    for key, tensor in expected.items():
        assert torch.equal(loaded[key], tensor.reshape(loaded[key].shape).to(loaded[key].dtype)), key
