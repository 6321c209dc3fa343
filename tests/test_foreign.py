"""Foreign BNNs (other people's code, TorchScript, torch.export) are counted by their operands."""
from __future__ import annotations

import logging
from collections import Counter

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from foreign_models import ForeignReActNet, SignedConv, plain_sign, scramble
from torch import nn

import bcdsim
from bcdsim.cost.counts import count_ops
from bcdsim.ir import ops
from bcdsim.ir.foreign import lower_foreign
from bcdsim.ir.graph import Graph
from bcdsim.ir.lower import lower
from bcdsim.ir.operands import activation_magnitude, binary_weight
from bcdsim.ir.passes import canonicalize
from bcdsim.models import ZOO, build, randomize
from bcdsim.models.reactnet import ReActNet

IMAGENET = (1, 3, 224, 224)
REACTNET_A = (4_816_896_000, 11_862_016)  # DESIGN.md §4 anchors (BOPs, FLOPs)


def kinds(graph: Graph) -> Counter:
    return Counter(type(n.op).__name__ for n in graph)


def totals(graph: Graph, profile: str = "paper") -> tuple[int, int]:
    t = count_ops(graph, profile).totals
    return t.bops, t.flops


@pytest.fixture(scope="module")
def foreign_reactnet() -> nn.Module:
    return scramble(ForeignReActNet(), seed=0)


@pytest.fixture(scope="module")
def loaded_script(foreign_reactnet, tmp_path_factory) -> torch.jit.ScriptModule:
    path = tmp_path_factory.mktemp("torchscript") / "foreign_reactnet.pt"
    torch.jit.save(torch.jit.script(foreign_reactnet), str(path))
    return bcdsim.load(path)  # checked before and after torch.jit.load (bcdsim.io.torchscript)


@pytest.fixture(scope="module")
def zoo_reactnet_graph() -> Graph:
    return canonicalize(lower(randomize(build("reactnet-a"), seed=1), IMAGENET, "reactnet-a"))


# --- 1. ReActNet-A written elsewhere -----------------------------------------------------------

def test_torchscript_reactnet_is_counted_like_the_paper(loaded_script):
    graph = lower_foreign(loaded_script, IMAGENET, "foreign")
    graph.lint()
    assert totals(graph) == REACTNET_A
    k = kinds(graph)
    assert (k["BinaryConv2d"], k["Conv2d"], k["Linear"], k["Opaque"]) == (31, 1, 1, 0)


def test_eager_reactnet_matches_the_anchor_and_the_zoo_graph(foreign_reactnet, zoo_reactnet_graph):
    graph = lower_foreign(foreign_reactnet, IMAGENET, "foreign")
    assert totals(graph) == REACTNET_A
    canonical = canonicalize(graph)
    # same ops as the zoo's fx lowering, RSign and RPReLU included, so every profile agrees
    assert kinds(canonical) == kinds(zoo_reactnet_graph)
    assert totals(canonical, "extended") == totals(zoo_reactnet_graph, "extended")
    conv = graph.node("body_3_kernel")  # named after the parameter it reads
    assert isinstance(conv.op, ops.BinaryConv2d) and "body.3" in conv.source


@pytest.mark.parametrize("name", ["reactnet-a", "bireal-18", "bcdnet-tiny", "bcdnet-tiny-b"])
def test_zoo_models_count_the_same_through_the_aten_trace(name):
    model = randomize(build(name), seed=2)
    shape = ZOO[name].input_shape
    assert totals(lower_foreign(model, shape, name)) == totals(lower(model, shape, name))


# --- 2. binary only when both operands are ----------------------------------------------------

class MixedOperands(nn.Module):
    """Every combination of binary/real activation and weight, plus a binary linear head."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(4, 8, 3, padding=1, bias=False)
        self.both = nn.Parameter(torch.randn(8, 8, 3, 3))
        self.act_only = nn.Conv2d(8, 8, 1, bias=False)
        self.weight_only = SignedConv(8, 8, 1, bias=False)
        self.fc = nn.Parameter(torch.randn(10, 8))
        self.fc_bias = nn.Parameter(torch.randn(10))

    def effective(self) -> tuple[torch.Tensor, torch.Tensor]:
        return (self.both.abs().mean(dim=(1, 2, 3), keepdim=True) * self.both.sign(),
                self.fc.abs().mean(dim=1, keepdim=True) * self.fc.sign())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.stem(x)
        a = 0.5 * plain_sign(y)  # activations in {-0.5, +0.5}
        w, wf = self.effective()
        z = F.conv2d(a, w, None, 1, 1) + self.act_only(a) + self.weight_only(y)
        return F.linear(plain_sign(z.mean(dim=(2, 3))), wf, self.fc_bias)


def test_binary_needs_binary_activations_and_binary_weights():
    torch.manual_seed(0)
    model = MixedOperands().eval()
    graph = lower_foreign(model, (1, 4, 8, 8))
    graph.lint()
    by_name = {n.name: type(n.op).__name__ for n in graph}
    assert (by_name["stem"], by_name["both"], by_name["act_only"], by_name["weight_only"], by_name["fc"]) == \
        ("Conv2d", "BinaryConv2d", "Conv2d", "Conv2d", "BinaryLinear")
    assert totals(graph) == (8 * 8 * 8 * 72 + 10 * 8, 8 * 8 * 8 * (36 + 8 + 8))
    # weight preprocessing (abs, mean, sign of parameters) and STE plumbing leave no nodes behind
    assert kinds(graph) == Counter(Input=1, Conv2d=3, Sign=2, Scale=1, BinaryConv2d=1, Add=2, GlobalAvgPool=1,
                                   Flatten=1, BinaryLinear=1)
    w, wf = (t.detach().numpy() for t in model.effective())
    conv, fc = graph.node("both").op, graph.node("fc").op
    np.testing.assert_allclose(conv.alpha[:, None, None, None] * conv.weight, w * 0.5, rtol=1e-6)
    np.testing.assert_allclose(fc.alpha[:, None] * fc.weight, wf, rtol=1e-6)
    np.testing.assert_allclose(fc.bias, model.fc_bias.detach().numpy())


def test_operand_rules():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(1, 16, 8, 8, generator=g)
    signs = torch.sign(x)
    assert activation_magnitude(0.25 * signs) == pytest.approx(0.25)
    assert activation_magnitude((signs - x).detach() + x) == pytest.approx(1.0)  # STE rounding tolerated
    assert activation_magnitude(signs * (torch.rand(x.shape, generator=g) > 0.01)) == pytest.approx(1.0)
    assert activation_magnitude(torch.relu(signs)) is None  # {0, 1}: half zeros is not binary
    assert activation_magnitude(x) is None
    w = torch.randn(6, 4, 3, 3, generator=g)
    alpha = w.abs().mean(dim=(1, 2, 3), keepdim=True)
    clipped = w.clamp(-1, 1)
    bw = binary_weight((alpha * w.sign()).detach() - clipped.detach() + clipped)  # ReActNet's STE
    assert bw is not None and bw.sign.dtype == np.int8
    np.testing.assert_allclose(bw.alpha, alpha.flatten().numpy(), rtol=1e-5)
    assert binary_weight(w) is None
    assert binary_weight(torch.ones(6, 1, 1, 1)) is None  # fan-in 1 is trivially +-alpha: real


# --- 3. torch.export and traced TorchScript archives ------------------------------------------

TINY = [8, 16, 16, 32]


@pytest.mark.parametrize("archive", ["export", "trace"])
def test_archived_small_bnn_counts_like_the_zoo(archive, tmp_path):
    model = scramble(ForeignReActNet(TINY, classes=10), seed=3)
    x = torch.randn(1, 3, 32, 32)
    if archive == "export":  # read by bcdsim's own .pt2 reader and interpreter (bcdsim.io.pt2)
        torch.export.save(torch.export.export(model, (x,)), str(tmp_path / "bnn.pt2"))
        loaded = bcdsim.load(tmp_path / "bnn.pt2")
    else:  # TorchScript, after bcdsim's allowlist check of its inlined graph
        torch.jit.save(torch.jit.trace(model, x), str(tmp_path / "bnn.pt"))
        loaded = bcdsim.load(tmp_path / "bnn.pt")
    graph = lower_foreign(loaded, (1, 3, 32, 32), archive)
    graph.lint()
    expected = totals(lower(ReActNet(10, 3, channels=TINY).eval(), (1, 3, 32, 32)))
    assert totals(graph) == expected and expected[0] > 0
    assert kinds(graph)["BinaryConv2d"] == 8 and kinds(graph)["Opaque"] == 0
    if archive == "export":  # exported programs keep the module path of every op
        assert any(n.source.endswith("in body.1") for n in graph.ops_of(ops.Sign))


# --- 4. what bcdsim cannot name stays visible, with the right shapes --------------------------

class Unusual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 4, 3, padding=1, bias=False)
        self.dilated = nn.Parameter(torch.randn(4, 4, 3, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        left, right = x.chunk(2, dim=1)
        y = torch.cat([torch.roll(left, 1, 2) * torch.tanh(right), x[:, 4:]], 1)
        z = self.conv(F.hardtanh(y))
        return F.conv2d(z, self.dilated, None, 1, 2, 2)[:, :, 1:5]


def test_unknown_ops_are_opaque_with_their_shapes(caplog):
    model = Unusual().eval()
    with caplog.at_level(logging.WARNING, logger="bcdsim.ir.foreign"):
        graph = lower_foreign(model, (1, 8, 6, 6))
    graph.lint()
    opaque = {n.name: n for n in graph.ops_of(ops.Opaque)}
    for n in opaque.values():
        assert n.shape == tuple(n.op.out_shape)
    assert opaque["split_0"].shape == opaque["split_1"].shape == (1, 4, 6, 6)
    assert {n.op.target for n in opaque.values()} >= {"aten.split.Tensor", "aten.roll.default", "aten.tanh.default",
                                                       "aten.hardtanh.default", "aten.slice.Tensor"}
    out = graph.node(graph.outputs[0])
    assert out.shape == (1, 4, 4, 6) and out.op.target == "aten.slice.Tensor"
    assert graph.node("conv").inputs == ("hardtanh",) and graph.node("cat").shape == (1, 8, 6, 6)
    # the dilated conv is kept but cannot be counted: only the plain conv's MACs are, and a warning says so
    assert totals(graph) == (0, 4 * 6 * 6 * 8 * 9)
    assert "NOT counted" in caplog.text and "dilated" in caplog.text
