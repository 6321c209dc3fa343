"""The op allowlist of bcdsim's archive readers: what it lets through is pure, and ordinary layers pass.

The refusals themselves are in tests/test_hostile_archives.py; here the list is checked against
torch's own op metadata (no write annotations, no random draws outside the training-flag ops), and
models built from common layers load through both readers and compute what the eager model does.
"""
from __future__ import annotations

import pytest
import torch
import torch._export.serde.serialize as torch_serde
from torch import nn

import bcdsim
from bcdsim.io.allowlist import INPLACE_OPS, TENSOR_OPS, TRAIN_FLAG
from bcdsim.io.pt2 import ProgramModule
from bcdsim.io.serde import DTYPES


def test_tensor_ops_write_nothing_and_draw_no_random_numbers_unless_training():
    for key, op in TENSOR_OPS.items():
        assert not op._schema.is_mutable, key
        assert not any(a.alias_info is not None and a.alias_info.is_write for a in op._schema.arguments), key
    seeded = {key for key, op in TENSOR_OPS.items() if torch.Tag.nondeterministic_seeded in op.tags}
    assert seeded and seeded <= set(TRAIN_FLAG)
    for key, (index, name) in TRAIN_FLAG.items():
        assert TENSOR_OPS[key]._schema.arguments[index].name == name


def test_inplace_ops_are_the_inplace_forms_of_listed_ops():
    for key, op in INPLACE_OPS.items():
        assert key.replace("_.", ".", 1) in TENSOR_OPS, key
        writes = [a for a in op._schema.arguments if a.alias_info is not None and a.alias_info.is_write]
        assert [a.name for a in writes] == ["self"], key


def test_dtype_codes_match_torchs_schema():
    for code, dtype in DTYPES.items():
        assert int(torch_serde._TORCH_TO_SERIALIZE_DTYPE[dtype]) == code
    assert not any(d.is_complex for d in DTYPES.values())


LAYERS = {
    "conv_bn_relu_inplace": lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(inplace=True)),
    "dropout_pool_linear": lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.Dropout(0.1), nn.Hardtanh(), nn.MaxPool2d(2),
                                                 nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2)),
    "dropout2d": lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.Dropout2d(0.1)),
    "prelu_groupnorm": lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.PReLU(4), nn.GroupNorm(2, 4)),
    "upsample_avgpool": lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.Upsample(scale_factor=2), nn.AvgPool2d(2)),
    "activations": lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.GELU(), nn.SiLU(), nn.Sigmoid(), nn.Tanh(),
                                         nn.LeakyReLU(), nn.Hardtanh(inplace=True)),
    "softmax_head": lambda: nn.Sequential(nn.Flatten(), nn.Linear(3 * 8 * 8, 10), nn.Softmax(dim=1)),
}


@pytest.mark.filterwarnings("ignore::torch.jit.TracerWarning")  # group_norm's size check, traced as a constant
@pytest.mark.parametrize("kind", ["pt2", "script", "trace"])
@pytest.mark.parametrize("layers", list(LAYERS))
def test_common_layers_load_and_compute_like_eager(layers, kind, tmp_path):
    torch.manual_seed(0)
    model = LAYERS[layers]().eval()
    x = torch.randn(2, 3, 8, 8)
    path = tmp_path / ("m.pt2" if kind == "pt2" else "m.pt")
    if kind == "pt2":
        torch.export.save(torch.export.export(model, (x,)), path)
    else:
        (torch.jit.script(model) if kind == "script" else torch.jit.trace(model, x)).save(str(path))
    loaded = bcdsim.load(path)
    assert isinstance(loaded, ProgramModule) == (kind == "pt2")
    with torch.no_grad():
        torch.testing.assert_close(loaded(x), model(x), rtol=0, atol=0)
