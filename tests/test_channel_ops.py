"""Per-channel elementwise ops reach every backend through their channel form (ops.ChannelForm).

LeakyReLU was added as the proof: its class in bcdsim/ir/ops.py, its torch.fx lowering in
bcdsim/ir/lower.py and its aten lowering in bcdsim/ir/aten.py are all it has; hw mode, the design,
the cost model, the HLS kernels (tests/test_hls_kernels.py, eltwise_leaky_relu) and the RTL unit
(rtl_tests/test_units.py, leaky-relu) take it through the form.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from bcdsim.cost.estimate import estimate, typed_hardware
from bcdsim.design import units as k
from bcdsim.hw.interpret import run_hw, to_real
from bcdsim.ir import ops
from bcdsim.ir.foreign import lower_foreign
from bcdsim.ir.interpret import run
from bcdsim.ir.lower import lower
from bcdsim.nn import BinaryConv2d, RSign
from bcdsim.registry import ByClass

SHAPE = (1, 1, 8, 8)


class LeakyNet(nn.Module):
    """A real stem, a binary 3x3 with a shortcut, LeakyReLU after each, a pooled head."""

    def __init__(self, functional: bool = False):
        super().__init__()
        self.functional = functional
        self.stem, self.bn0 = nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8)
        self.sign, self.conv, self.bn1 = RSign(8), BinaryConv2d(8, 8, 3, 1, 1), nn.BatchNorm2d(8)
        self.act0, self.act1 = nn.LeakyReLU(0.125), nn.LeakyReLU(0.1)
        self.pool, self.fc = nn.AdaptiveAvgPool2d(1), nn.Linear(8, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.functional:
            x = F.leaky_relu(self.bn0(self.stem(x)), 0.125)
        else:
            x = self.act0(self.bn0(self.stem(x)))
        y = self.act1(self.bn1(self.conv(self.sign(x)))) + x
        return self.fc(torch.flatten(self.pool(y), 1))


@pytest.fixture(scope="module")
def model() -> LeakyNet:
    torch.manual_seed(0)
    m = LeakyNet()
    with torch.no_grad():
        for bn in (m.bn0, m.bn1):
            bn.running_mean.uniform_(-0.2, 0.2)
            bn.running_var.uniform_(0.5, 1.5)
    return m.eval()


def test_by_class_answers_for_subclasses_and_keeps_own_handlers():
    table = ByClass()
    table[ops.ChannelOp] = "form"
    table[ops.BatchNorm] = "own"
    assert table[ops.LeakyReLU] == "form" and table[ops.BatchNorm] == "own"
    assert ops.RPReLU in table and ops.Add not in table and table.get(ops.Add, "none") == "none"
    with pytest.raises(KeyError):
        table[ops.Add]


@pytest.mark.parametrize("frontend", ["fx", "aten"])
def test_leaky_relu_lowers_and_runs_as_torch(model, frontend):
    x = torch.randn(4, *SHAPE[1:], generator=torch.Generator().manual_seed(1))
    if frontend == "fx":
        graph = lower(model, SHAPE)
    else:
        model.functional = True  # F.leaky_relu for the stem: the aten frontend sees both forms
        graph = lower_foreign(model, SHAPE)
        model.functional = False
    leaky = [n.op for n in graph if isinstance(n.op, ops.LeakyReLU)]
    assert sorted(op.slope for op in leaky) == pytest.approx([0.1, 0.125])
    with torch.no_grad():
        want = model(x).numpy()
    got = run(graph, x.numpy())[graph.outputs[0]]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_leaky_relu_is_an_eltwise_unit_in_the_design_and_hw_mode_follows_torch(model):
    from bcdsim.ir.frontend import to_ir

    hw = typed_hardware(to_ir(model, SHAPE), SHAPE)
    design = estimate(hw, "zcu104", folding="default").design
    names = {n.name for n in hw if isinstance(n.op, ops.LeakyReLU)}
    assert names, "the hw passes kept no LeakyReLU node"
    units = [u for u in design.units if u.node in names]
    assert {(u.kind, u.stage) for u in units} == {(k.ELTWISE, "prelu")}
    assert all(m.name == "slope" for u in units for m in u.memories if m.name not in ("bias_in", "bias_out"))
    x = torch.rand(8, *SHAPE[1:], generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        want = model(x).numpy()
    got = to_real(run_hw(hw, x.numpy()).values[hw.outputs[0]], hw.node(hw.outputs[0]).dtype)
    assert np.abs(got - want).max() < 0.05 * np.abs(want).max()
