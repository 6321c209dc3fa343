"""bcdsim.io: TorchScript and torch.export archives, and the checks that keep archive code from running.

torch.export.load evaluates expressions and code stored in the archive (see bcdsim/io/pt2.py);
each attack below is a real exported program with one field rewritten, and the control tests show
that plain torch.export.load does run the payloads that bcdsim refuses.
"""
from __future__ import annotations

import json
import os
import warnings
import zipfile
from pathlib import Path

import pytest
import torch
from torch import nn

import bcdsim
from bcdsim import UserError
from bcdsim.io.pt2 import check_graph, check_guard, check_sym_expr
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
    assert isinstance(model, torch.fx.GraphModule) and model.bcdsim_arch is None
    reference = torch.export.load(dynamic_pt2).module()
    x = torch.randn(3, 3, 8, 8)
    assert torch.equal(model(x), reference(x))


def test_export_archive_of_a_zoo_model_loads_into_arch(tmp_path):
    tiny = build("bcdnet-tiny")
    torch.export.save(torch.export.export(tiny, (torch.randn(1, 1, 8, 8),)), tmp_path / "tiny.pt2")
    model = bcdsim.load(tmp_path / "tiny.pt2", arch="bcdnet-tiny")
    assert model.bcdsim_arch == "bcdnet-tiny"
    loaded = model.state_dict()
    assert set(loaded) == set(tiny.state_dict())
    assert all(torch.equal(loaded[k], v) for k, v in tiny.state_dict().items())


def _rewrite_pt2(src: Path, dst: Path, edit=None, extra: str | None = None) -> None:
    """Copy an export archive, editing its model JSON and/or adding an entry."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        root = zin.namelist()[0].split("/")[0]
        for info in zin.infolist():
            data = zin.read(info)
            if edit and info.filename.endswith("models/model.json"):
                document = json.loads(data)
                edit(document)
                data = json.dumps(document).encode()
            zout.writestr(info, data)
        if extra:
            with warnings.catch_warnings():  # a duplicate name is one of the attacks
                warnings.simplefilter("ignore", UserWarning)
                zout.writestr(f"{root}/{extra}", b"\x80\x04N.")


def _nodes(document: dict) -> list[dict]:
    return document["graph_module"]["graph"]["nodes"]


def _replace_expr(payload: str):
    def edit(document: dict) -> None:
        text = json.dumps(document)
        assert '"expr_str": "Symbol(' in text
        document.clear()
        document.update(json.loads(text.replace('"expr_str": "Symbol(', f'"expr_str": "{payload} + Symbol(')))
    return edit


def _set_first_node_target(target: str):
    def edit(document: dict) -> None:
        _nodes(document)[0]["target"] = target
    return edit


def _set_parameter_name(name: str):
    def edit(document: dict) -> None:
        spec = next(s for s in document["graph_module"]["signature"]["input_specs"] if "parameter" in s)
        spec["parameter"]["parameter_name"] = name
    return edit


ATTACKS = {
    "sympify": lambda m: dict(edit=_replace_expr(f"__import__('os').system('touch {m}')")),
    "guards": lambda m: dict(edit=lambda d: d.update(guards_code=[f"__import__('os').system('touch {m}') == 0"])),
    "target": lambda m: dict(edit=_set_first_node_target("torch.serialization.os.system")),
    "fqn": lambda m: dict(edit=_set_parameter_name(f'conv")+__import__("os").system("touch {m}")+("')),
    "opaque": lambda m: dict(extra="data/constants/opaque_obj_0"),
    "aoti": lambda m: dict(extra="data/aotinductor/model/model.so"),
    "duplicate": lambda m: dict(extra="models/model.json"),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_export_archive_with_code_is_refused(attack, dynamic_pt2, tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / f"{attack}.pt2"
    _rewrite_pt2(dynamic_pt2, path, **ATTACKS[attack](marker))
    with pytest.raises(UserError) as excinfo:
        model = bcdsim.load(path)
        model(torch.randn(2, 3, 8, 8))
    assert "refuses" in one_line_error(excinfo)
    assert not marker.exists()


@pytest.mark.parametrize("attack", ["sympify", "guards"])
def test_torch_export_load_alone_would_run_the_payload(attack, dynamic_pt2, tmp_path):
    """Control for the refusals above: plain torch.export.load runs these payloads (into tmp_path)."""
    marker = tmp_path / "pwned"
    _rewrite_pt2(dynamic_pt2, tmp_path / "evil.pt2", **ATTACKS[attack](marker))
    try:
        torch.export.load(tmp_path / "evil.pt2").module()(torch.randn(2, 3, 8, 8))
    except Exception:  # noqa: BLE001 (a payload's return value breaks the program afterwards)
        pass
    if not marker.exists():
        pytest.skip(f"this torch no longer runs the {attack} payload; bcdsim's check stays in place")


def test_expression_and_guard_grammar():
    check_sym_expr("Mul(Integer(2), FloorDiv(Symbol('s17', positive=True, integer=True), Integer(2)))")
    check_sym_expr("Max(Integer(1), Add(Symbol('s0', integer=True), Float('1.5', precision=53)))")
    check_guard("2*(L['y'].size()[0] // 2) <= L['x'].size()[0]")
    for bad in ["__import__('os')", "Symbol('x').__class__", "eval('1')", "Max('1+1')", "open",
                "Symbol('a b')", "lambda: 0", "[Integer(1)]"]:
        with pytest.raises(ValueError):
            check_sym_expr(bad)
    for bad in ["L['x'].size()[0] == __import__('os').system('x')", "L['x'].numpy()", "L.__class__",
                "open('f') == 0"]:
        with pytest.raises(ValueError):
            check_guard(bad)


def test_graph_check_refuses_python_calls():
    graph = torch.fx.Graph()
    x = graph.placeholder("x")
    graph.output(graph.call_function(os.getcwd, ()))
    with pytest.raises(ValueError, match="not a torch operator"):
        check_graph(torch.fx.GraphModule(nn.Module(), graph))
    graph = torch.fx.Graph()
    x = graph.placeholder("x")
    graph.output(graph.call_function(torch.ops.aten.relu.default, (x,)))
    check_graph(torch.fx.GraphModule(nn.Module(), graph))
