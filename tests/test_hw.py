"""hw mode (the golden model): popcounts against PyTorch, the shipped models' agreement, `verify`."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from bcdsim.cli.main import main
from bcdsim.hw.interpret import HW_KERNELS
from bcdsim.hw.ops import XnorConv2d, XnorShiftMLP
from bcdsim.hw.passes import to_hardware
from bcdsim.io import load
from bcdsim.io.loaded import DEFAULT_MODEL
from bcdsim.models import build, randomize
from bcdsim.nn import BinaryConv2d
from bcdsim.train.data import load_dataset
from bcdsim.train.trainer import train_two_step

SHIPPED = ["bcdnet-tiny", "bcdnet-tiny-b"]


def _conv_inputs(model, x) -> dict[str, torch.Tensor]:
    """The +-1 input of every binary conv module, as PyTorch produces it on ``x``."""
    seen: dict[str, torch.Tensor] = {}
    hooks = [m.register_forward_hook(lambda m, i, o, key=key: seen.__setitem__(key, i[0].detach()))
             for key, m in model.named_modules() if isinstance(m, BinaryConv2d)]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return seen


def _torch_popcount(model, key: str, a: torch.Tensor) -> np.ndarray:
    conv = model.get_submodule(key)
    # float64: exact for these integer sums whatever algorithm (e.g. Winograd) the CPU backend picks
    return F.conv2d(a.double(), torch.sign(conv.weight.detach()).double(), None, conv.stride, conv.padding).numpy()


def _check_popcounts(model, shape, seed=0) -> int:
    x = torch.randn(shape, generator=torch.Generator().manual_seed(seed))
    from bcdsim.ir.frontend import to_ir

    hw = to_hardware(to_ir(model, shape))
    inputs = _conv_inputs(model, x)
    checked = 0
    for node in hw.ops_of(XnorConv2d, XnorShiftMLP):
        if isinstance(node.op, XnorConv2d):
            keys, a = [node.source], inputs[node.source]
        else:  # one unit for the ShiftBlock: its branches read binary_conv, binary_conv1, binary_conv2
            block = node.source.rsplit(".", 1)[0]
            keys = [f"{block}.binary_conv", f"{block}.binary_conv1", f"{block}.binary_conv2"]
            a = inputs[keys[0]]
        assert set(np.unique(a.numpy())) <= {-1.0, 1.0}, "random inputs give no sign(0)"
        bits = (a.numpy() > 0).astype(np.uint8)
        got, _ = HW_KERNELS[type(node.op)](node.op, [bits], [None], node)
        expected = np.concatenate([_torch_popcount(model, k, inputs[k]) for k in keys], axis=1)
        assert got.dtype == np.int64 and np.array_equal(got, expected), f"{node.name} differs from PyTorch"
        checked += len(keys)
    return checked


@pytest.mark.parametrize("name", SHIPPED)
def test_popcounts_equal_pytorch_tiny(name):
    model = load(f"bcdsim/models/weights/{name}.pth")
    assert _check_popcounts(model, (4, 1, 8, 8)) == 2 * 3 + 3 * 3 + 1


def test_popcounts_equal_pytorch_bcdnet_a_224():
    """Every binary conv of bcdnet-a at 224x224, border pixels included (padding = 1 on 3x3)."""
    model = randomize(build("bcdnet-a"), seed=2)
    assert _check_popcounts(model, (1, 3, 224, 224)) == 25 + 30


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits")


def _verify_json(capsys, *argv):
    code = main(["verify", *argv, "--format", "json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else None), err


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_models_meet_the_targets(capsys, name):
    code, report, _ = _verify_json(capsys, f"bcdsim/models/weights/{name}.pth")
    assert code == 0
    assert report["images"] == 450
    assert report["float_accuracy"] >= 0.95
    assert abs(report["hw_accuracy"] - report["float_accuracy"]) <= 0.01
    assert report["agreement"] >= 0.99
    assert report["saturating_tensors"] == []
    assert {"name", "max_abs_error", "mean_abs_error", "saturated"} <= set(report["tensors"][0])


def test_default_model_is_the_shipped_bcdnet_tiny_b():
    assert DEFAULT_MODEL.endswith("bcdnet-tiny-b.pth")
    assert load(DEFAULT_MODEL).bcdsim_arch == "bcdnet-tiny-b"


def test_narrow_integer_part_names_saturating_tensors(capsys):
    code, report, _ = _verify_json(capsys, "--int-bits", "2", "--images", "40")
    assert report["saturating_tensors"], "forced overflow must be reported"
    named = {t["name"] for t in report["tensors"] if t["saturated"]}
    assert named == set(report["saturating_tensors"])
    assert "feature_0_bn1" in named  # the stem's output exceeds +-2
    # saturation costs agreement: below the 0.99 threshold, verify fails with exit 1
    assert report["agreement"] < 0.99 and code == 1


@pytest.mark.parametrize("argv, fragment", [
    (["--dataset", "cifar-9"], "unknown dataset"),
    (["--width", "3"], "below what the graph needs"),
    (["--width", "1"], "below the 2 bits"),
    (["bcdnet-a", "--dataset", "digits"], "inputs; the model takes"),
])
def test_verify_bad_input(capsys, argv, fragment):
    code = main(["verify", *argv])
    err = capsys.readouterr().err
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1


def test_verify_refuses_ops_hw_cannot_express(capsys, tmp_path):
    class Odd(torch.nn.Module):
        def forward(self, x):
            return torch.tanh(x).mean(dim=(2, 3))

    path = tmp_path / "odd.pt"
    torch.jit.save(torch.jit.script(Odd()), path)
    code = main(["verify", str(path), "--input-shape", "1x3x8x8"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot" in err and len(err.strip().splitlines()) == 1


def test_training_is_deterministic(digits):
    small = type(digits)(digits.x_train[:128], digits.y_train[:128], digits.x_test[:64], digits.y_test[:64])
    a, ra = train_two_step("bcdnet-tiny", small, 1, seed=5)
    b, rb = train_two_step("bcdnet-tiny", small, 1, seed=5)
    c, _ = train_two_step("bcdnet-tiny", small, 1, seed=6)
    assert all(torch.equal(a.state_dict()[k], b.state_dict()[k]) for k in a.state_dict())
    assert ra == rb
    assert not all(torch.equal(a.state_dict()[k], c.state_dict()[k]) for k in a.state_dict())
