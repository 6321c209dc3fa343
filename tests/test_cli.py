"""The `bcdsim` command: outputs, and one-line errors with exit code 2 on bad input."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from bcdsim.cli.main import main
from bcdsim.models import build, randomize


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_json_totals(capsys):
    code, out, err = run_cli(capsys, "analyze", "reactnet-a", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    totals = report["totals"]
    assert (totals["bops"], totals["flops"]) == (4_816_896_000, 11_862_016)
    assert totals["ops_x1e8"] == pytest.approx(0.8713, abs=1e-4)
    assert {"params_binary", "params_real", "weight_bits"} <= set(totals)
    assert all(isinstance(totals[k], int) for k in ("bops", "flops", "params_binary", "params_real", "weight_bits"))
    assert sum(layer["bops"] for layer in report["layers"]) == totals["bops"]
    assert report["input_shape"] == [1, 3, 224, 224]


def test_analyze_table_and_per_layer(capsys):
    code, out, _ = run_cli(capsys, "analyze", "bcdnet-tiny")
    assert code == 0 and "total" in out and "feature.1" in out and "mlp_layer.0" in out
    code, out, _ = run_cli(capsys, "analyze", "bcdnet-tiny", "--per-layer")
    assert code == 0 and "mlp_layer.0.mlp_layer.3.binary_conv" in out


def test_analyze_csv_and_markdown(capsys):
    code, out, _ = run_cli(capsys, "analyze", "bcdnet-tiny", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("layer,op,output,bops,flops")
    code, out, _ = run_cli(capsys, "analyze", "bcdnet-tiny", "--format", "markdown")
    assert code == 0 and out.lstrip().startswith("| block")


def test_analyze_checkpoint_says_what_it_identified(capsys, tmp_path):
    path = tmp_path / "tiny.pth"
    state = randomize(build("bcdnet-tiny-b")).state_dict()
    torch.save({"state_dict": {f"module.{k}": v for k, v in state.items()}}, path)
    code, out, err = run_cli(capsys, "analyze", str(path), "--format", "json")
    assert code == 0
    assert "identified as bcdnet-tiny-b" in err
    assert json.loads(out)["arch"] == "bcdnet-tiny-b"


def test_input_shape_option(capsys):
    # every map shrinks by 128/224 = 4/7 per side, so BOPs scale by 16/49 exactly
    code, out, _ = run_cli(capsys, "analyze", "reactnet-a", "--input-shape", "1x3x128x128", "--format", "json")
    assert code == 0 and json.loads(out)["totals"]["bops"] == 4_816_896_000 * 16 // 49


class Payload:
    """Unpickling this would create a marker file."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _bad_inputs(tmp_path: Path) -> dict[str, list[str]]:
    good = tmp_path / "good.pth"
    torch.save(build("bcdnet-tiny").state_dict(), good)
    files = {
        "empty.pth": b"",
        "random.pth": os.urandom(4096),
        "truncated.pth": good.read_bytes()[: good.stat().st_size // 2],
        "model.json": json.dumps({"a": 1}).encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with open(tmp_path / "evil.pth", "wb") as f:
        pickle.dump({"weight": Payload(str(tmp_path / "pwned"))}, f)
    unknown = {"encoder.weight": torch.zeros(3, 3), "decoder.bias": torch.zeros(3)}
    torch.save(unknown, tmp_path / "unknown.pth")
    wrong = build("bcdnet-tiny").state_dict()
    wrong["feature.1.binary_3x3.weight"] = torch.zeros(16, 16, 5, 5)
    torch.save(wrong, tmp_path / "wrong_shape.pth")
    argv = {name: ["analyze", str(tmp_path / name)] for name in [*files, "evil.pth", "unknown.pth", "wrong_shape.pth"]}
    argv["missing"] = ["analyze", str(tmp_path / "nope.pth")]
    argv["directory"] = ["analyze", str(tmp_path)]
    argv["bad_shape"] = ["analyze", "bcdnet-tiny", "--input-shape", "1x1x1x1"]
    argv["shape_syntax"] = ["analyze", "bcdnet-tiny", "--input-shape", "eight"]
    argv["wrong_channels"] = ["analyze", str(good), "--input-shape", "1x3x8x8"]
    argv["unknown_arch"] = ["analyze", str(good), "--arch", "resnet-9000"]
    argv["unknown_zoo_name"] = ["analyze", "bcdnet-z"]
    return argv


def test_bad_input_gives_one_line_and_exit_2(capsys, tmp_path):
    for case, argv in _bad_inputs(tmp_path).items():
        code, out, err = run_cli(capsys, *argv)
        lines = err.strip().splitlines()
        assert code == 2, f"{case}: exit {code}, stderr {err!r}"
        assert len(lines) == 1 and lines[0].startswith("bcdsim: error:"), f"{case}: {err!r}"
        assert "Traceback" not in err and out == "", case
    assert not (tmp_path / "pwned").exists(), "unpickling ran code from the file"


def test_error_messages_are_specific(capsys, tmp_path):
    argv = _bad_inputs(tmp_path)
    expect = {"evil.pth": "code", "wrong_shape.pth": "feature.1.binary_3x3.weight", "missing": "no such file",
              "unknown_zoo_name": "bcdnet-a", "bad_shape": "does not fit"}
    for case, fragment in expect.items():
        _, _, err = run_cli(capsys, *argv[case])
        assert fragment in err, f"{case}: {err!r}"


@pytest.mark.parametrize("case", ["missing", "evil.pth"])
def test_console_script_exit_code(tmp_path, case):
    """The installed entry point, as a user runs it: one line (no library warnings), exit 2."""
    argv = _bad_inputs(tmp_path)[case]
    proc = subprocess.run([str(Path(sys.executable).parent / "bcdsim"), *argv], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("bcdsim: error:"), proc.stderr
    assert not (tmp_path / "pwned").exists()


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit) as done:
        main(["analyze", "--help"])
    assert done.value.code == 0
    assert "examples:" in capsys.readouterr().out
