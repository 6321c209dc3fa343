"""bcdsim.io: TorchScript and torch.export archives load as foreign models through bcdsim's own readers.

The attacks on these readers (archives that would run code or write files) are in
tests/test_hostile_archives.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

import bcdsim
from bcdsim import UserError
from bcdsim.io.pt2 import ProgramModule
from bcdsim.io.shapes import Linear, ShapeTextError, linear, parse_guard, parse_sympy
from bcdsim.models import build


def one_line_error(excinfo: pytest.ExceptionInfo) -> str:
    message = str(excinfo.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.relu(self.bn(self.conv(x))).mean(dim=(2, 3)))


def test_torchscript_archive_loads_as_foreign_model(tmp_path):
    small = Small().eval()
    torch.jit.script(small).save(tmp_path / "small_ts.pt")
    model = bcdsim.load(tmp_path / "small_ts.pt")
    assert isinstance(model, torch.jit.ScriptModule)
    assert model.bcdsim_arch is None and not model.training
    x = torch.randn(2, 3, 8, 8)
    assert torch.allclose(model(x), small(x))


@pytest.fixture(scope="module")
def dynamic_pt2(tmp_path_factory) -> Path:
    """A small exported program with a dynamic batch: its archive holds symbolic expressions."""
    path = tmp_path_factory.mktemp("pt2") / "small.pt2"
    batch = torch.export.Dim("batch", min=1, max=64)
    program = torch.export.export(Small().eval(), (torch.randn(2, 3, 8, 8),),
                                  dynamic_shapes=({0: batch},))
    torch.export.save(program, path)
    return path


def test_export_archive_loads_as_foreign_model(dynamic_pt2):
    model = bcdsim.load(dynamic_pt2)
    assert isinstance(model, ProgramModule) and model.bcdsim_arch is None
    assert model.bcdsim_input_shape == (2, 3, 8, 8)  # the exported example, from the archive's metadata
    reference = torch.export.load(dynamic_pt2).module()  # torch's own loader, on a benign file
    x = torch.randn(3, 3, 8, 8)
    assert torch.equal(model(x), reference(x))


def test_export_archive_outside_its_recorded_range_is_a_user_error(dynamic_pt2):
    model = bcdsim.load(dynamic_pt2)
    with pytest.raises(UserError) as excinfo:
        model(torch.randn(65, 3, 8, 8))  # batch was exported as Dim(min=1, max=64)
    assert "outside what the program was exported for" in one_line_error(excinfo)
    with pytest.raises(UserError, match="dimension 2 is fixed at 8"):
        model(torch.randn(2, 3, 9, 8))


def test_export_archive_of_a_zoo_model_loads_into_arch(tmp_path):
    tiny = build("bcdnet-tiny")
    torch.export.save(torch.export.export(tiny, (torch.randn(1, 1, 8, 8),)), tmp_path / "tiny.pt2")
    model = bcdsim.load(tmp_path / "tiny.pt2", arch="bcdnet-tiny")
    assert model.bcdsim_arch == "bcdnet-tiny"
    loaded = model.state_dict()
    assert set(loaded) == set(tiny.state_dict())
    assert all(torch.equal(loaded[k], v) for k, v in tiny.state_dict().items())


def test_expression_and_guard_grammar():
    """bcdsim parses stored shape text with its own grammars (never sympify/exec): what torch writes
    passes, anything else is refused."""
    assert linear(parse_sympy("Mul(Integer(2), Symbol('s17', positive=True, integer=True))")) == Linear("s17", 2)
    parse_sympy("Max(Integer(1), Add(Symbol('s0', integer=True), Float('1.5', precision=53)))")
    guard = parse_guard("2*(L['y'].size()[0] // 2) <= L['y'].size()[1]")
    assert guard({"y": ((4, 4), (4, 1))}) and not guard({"y": ((4, 3), (3, 1))})
    either = parse_guard("L['x'].size()[0] == 0 or 8 // L['x'].size()[0] > 1")  # Python's short-circuit
    assert either({"x": ((0,), (1,))}) and either({"x": ((4,), (1,))}) and not either({"x": ((8,), (1,))})
    for bad in ["__import__('os')", "Symbol('x').__class__", "eval('1')", "Max('1+1')", "open",
                "Symbol('a b')", "lambda: 0", "[Integer(1)]", "Symbol('s0')\\\n+ Integer(1)"]:
        with pytest.raises(ShapeTextError):
            parse_sympy(bad)
    for bad in ["L['x'].size()[0] == __import__('os').system('x')", "L['x'].numpy()", "L.__class__",
                "open('f') == 0", "L['x'].size()[0] <= 8 \\\n# comment"]:
        with pytest.raises(ShapeTextError):
            parse_guard(bad)
