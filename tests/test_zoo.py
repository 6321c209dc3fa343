"""The zoo: official key layouts, any class count / input channels / input size, block semantics."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from bcdsim.cli.main import main
from bcdsim.models import ZOO, build, randomize
from bcdsim.nn import ShiftBlock, SignSTE

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name, ref", [("bcdnet-a", "bcdnet_a"), ("bcdnet-a-step1", "bcdnet_a"),
                                       ("reactnet-a", "reactnet_a")])
def test_official_keys_and_shapes_in_order(name, ref):
    expected = json.loads((DATA / f"{ref}_state_dict_shapes.json").read_text())
    with torch.device("meta"):
        got = {k: list(v.shape) for k, v in ZOO[name].build().state_dict().items()}
    assert list(got) == list(expected) and got == expected


@pytest.mark.parametrize("name", list(ZOO))
def test_any_class_count_and_channels(name):
    model = build(name, num_classes=7, in_channels=2)
    size = 8 if ZOO[name].input_shape[2] < 32 else 64
    with torch.no_grad():
        assert model(torch.randn(2, 2, size, size)).shape == (2, 7)


def test_sign_ste_gradient_is_reactnets_polynomial():
    x = torch.tensor([-1.5, -0.5, 0.0, 0.25, 1.0], requires_grad=True)
    SignSTE.apply(x).sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 2.0, 1.5, 0.0]  # 2+2x on [-1,0), 2-2x on [0,1), 0 elsewhere
    assert SignSTE.apply(torch.tensor([0.0])).item() == 0.0


def test_shift_block_semantics_by_hand():
    """y = BN(fc(a) + fc1(Shift(a)) + fc2(GlobalShift(a))) + x, out = RPReLU(y) (DESIGN.md §3)."""
    block = randomize(ShiftBlock(8), seed=4)
    x = torch.randn(1, 8, 5, 5)
    a = torch.sign(x + block.move0.bias)

    def fc(conv, inp):
        w = conv.weight
        return torch.nn.functional.conv2d(inp, w.abs().mean(dim=(1, 2, 3), keepdim=True) * torch.sign(w))

    def roll(t, s):
        return torch.cat([t[:, :2].roll(s, 2), t[:, 2:4].roll(-s, 2), t[:, 4:6].roll(s, 3), t[:, 6:].roll(-s, 3)], 1)

    mixed = fc(block.binary_conv, a) + fc(block.binary_conv1, roll(a, 1)) + fc(block.binary_conv2, roll(a, 2))
    y = block.bn1(mixed) + x
    expected = block.move2(block.prelu(block.move1(y)))
    with torch.no_grad():
        torch.testing.assert_close(block(x), expected)


def test_zoo_command_lists_every_architecture(capsys):
    assert main(["zoo"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ZOO)
