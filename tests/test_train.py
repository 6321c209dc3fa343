"""`bcdsim train`: writes a loadable checkpoint, never overwrites without --force."""
from __future__ import annotations

from bcdsim.cli.main import main
from bcdsim.io import load


def test_train_writes_a_loadable_checkpoint(capsys, tmp_path):
    out = tmp_path / "quick.pth"
    assert main(["train", "--arch", "bcdnet-tiny", "--epochs", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "step 1" in printed and "step 2" in printed and "450 images" in printed
    assert load(str(out)).bcdsim_arch == "bcdnet-tiny"
    assert [p.name for p in tmp_path.iterdir()] == ["quick.pth"]  # no temporary left behind

    before = out.read_bytes()
    assert main(["train", "--arch", "bcdnet-tiny", "--epochs", "1", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_bytes() == before


def test_train_bad_input(capsys, tmp_path):
    for argv, fragment in [(["--dataset", "mnist"], "unknown dataset"), (["--epochs", "0"], "at least 1")]:
        assert main(["train", *argv, "--out", str(tmp_path / "m.pth")]) == 2
        assert fragment in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
