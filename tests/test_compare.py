"""`bcdsim compare`: the comparison report (CSV/Markdown/plots) against the published counting anchors."""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest
import torch

from bcdsim.backends.output import MANIFEST
from bcdsim.cli import compare
from bcdsim.cli import main as cli_main
from bcdsim.models import build

REPO = Path(__file__).resolve().parents[1]
CHECKED_IN = REPO / "reports"
DEFAULT_ORDER = ["bcdnet-a", "bcdnet-b", "reactnet-a", "reactnet-b", "reactnet-c", "bireal-18", "bireal-34"]
REPORT_FILES = ["comparison.csv", "comparison.md", "ops_comparison.png", "ops_comparison.svg", "accuracy_vs_ops.png",
                "accuracy_vs_ops.svg", "layers_bcdnet-a_vs_reactnet-a.png", "layers_bcdnet-a_vs_reactnet-a.svg"]

# DESIGN.md §4: integer BOPs / FLOPs at 224x224, each matching the published tables (independent of bcdsim).
ANCHORS = {
    "reactnet-a": (4_816_896_000, 11_862_016),
    "bcdnet-a": (4_816_896_000, 11_862_016),
    "reactnet-b": (4_688_445_440, 43_974_656),
    "reactnet-c": (4_688_445_440, 140_312_576),
    "bireal-18": (1_676_279_808, 137_793_536),
    "bireal-34": (3_525_967_872, 137_793_536),
}
BCDNET_B = {"bops": 4_816_896_000, "flops_e8": 0.14, "ops_e8": 0.89}  # FLOPs/OPs published to two decimals
COUNTED = ["model", "arch", "input", "bops", "flops", "ops_x1e8", "params_binary", "params_real", "weight_mb"]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli_main.main(["compare", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """The default report, generated once for the module (seven ImageNet models, ~6 s)."""
    out = tmp_path_factory.mktemp("compare") / "reports"
    assert cli_main.main(["compare", "--out", str(out)]) == 0
    return out


def read_csv(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "comparison.csv", keep_default_na=True).set_index("model")


def check_anchors(frame: pd.DataFrame) -> None:
    for model, (bops, flops) in ANCHORS.items():
        row = frame.loc[model]
        assert (int(row["bops"]), int(row["flops"])) == (bops, flops), model
        assert row["ops_x1e8"] == pytest.approx((bops / 64 + flops) / 1e8, abs=1e-6), model
    b = frame.loc["bcdnet-b"]
    assert int(b["bops"]) == BCDNET_B["bops"]
    assert round(b["flops"] / 1e8, 2) == BCDNET_B["flops_e8"]
    assert round(b["ops_x1e8"], 2) == BCDNET_B["ops_e8"]


def test_fresh_report_matches_anchors(fresh):
    frame = read_csv(fresh)
    assert list(frame.index) == DEFAULT_ORDER
    check_anchors(frame)


def test_checked_in_report_matches_anchors():
    assert (CHECKED_IN / "comparison.csv").is_file(), "reports/ is missing: run `make reports`"
    check_anchors(read_csv(CHECKED_IN))


def test_checked_in_report_is_current(fresh):
    """A stale reports/ folder (counts or files) fails here: regenerate it with `make reports`."""
    assert sorted(p.name for p in fresh.iterdir()) == sorted([*REPORT_FILES, MANIFEST])
    assert (CHECKED_IN / MANIFEST).is_file(), "reports/ was not written by bcdsim compare: run `make reports`"
    for name in REPORT_FILES:
        assert (CHECKED_IN / name).is_file(), f"reports/{name} missing: run `make reports`"
    new, old = read_csv(fresh).reset_index(), read_csv(CHECKED_IN).reset_index()
    pd.testing.assert_frame_equal(new[COUNTED], old[COUNTED], obj="reports/comparison.csv (run `make reports`)")
    assert (fresh / "comparison.md").read_text() == (CHECKED_IN / "comparison.md").read_text()


def test_published_values_carry_a_source(fresh):
    frame = read_csv(fresh)
    published = [c for c in frame.columns if c.startswith("published_") and c != "published_source"]
    assert published
    for model, row in frame.iterrows():
        if row[published].notna().any():
            assert isinstance(row["published_source"], str) and row["published_source"].strip(), model
    # every default model has a published OPs value, and counted - published stays within the rounding
    assert frame["published_ops_e8"].notna().all()
    diff = frame["ops_x1e8"] - frame["published_ops_e8"]
    assert (frame["diff_ops_e8"] - diff).abs().max() < 1e-6
    assert diff.abs().max() <= 0.0100001  # Bi-Real-18: counted 1.6399, ReActNet README 1.63
    assert "bcdsim/data/published_imagenet.csv" in (fresh / "comparison.md").read_text()


def test_plots_are_deterministic_files(fresh):
    for stem in ("ops_comparison", "accuracy_vs_ops", "layers_bcdnet-a_vs_reactnet-a"):
        assert (fresh / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        svg = (fresh / f"{stem}.svg").read_text()
        assert "<dc:date>" not in svg and "<svg" in svg


def test_user_checkpoint_beside_a_zoo_model(capsys, tmp_path):
    path = tmp_path / "tiny.pth"
    torch.save(build("bcdnet-tiny").state_dict(), path)
    outs = [tmp_path / "a", tmp_path / "b" / "nested"]
    for out in outs:
        code, stdout, err = run_cli(capsys, "bcdnet-tiny", str(path), "--layers", "bcdnet-tiny", str(path),
                                    "--out", str(out))
        assert code == 0, err
        assert "tiny.pth" in stdout
    frame = read_csv(outs[0])
    assert list(frame.index) == ["bcdnet-tiny", "tiny.pth"]
    user = frame.loc["tiny.pth"]
    assert user["arch"] == "bcdnet-tiny" and user["input"] == "1x1x8x8"
    assert user[[c for c in frame.columns if c.startswith(("published_", "diff_"))]].isna().all()
    for col in ("bops", "flops", "params_binary", "params_real"):
        assert user[col] == frame.loc["bcdnet-tiny", col] > 0
    names = sorted(p.name for p in outs[0].iterdir() if p.name != MANIFEST)
    assert "layers_bcdnet-tiny_vs_tiny.png" in names and len(names) == 8
    for name in names:  # regenerating gives identical files
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    assert not [p for p in tmp_path.rglob(".*.bcdsim-*")], "temporary folder left behind"


def _assert_refused(code: int, out: str, err: str) -> None:
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("bcdsim: error:"), err
    assert "Traceback" not in err and out == ""


def test_unknown_model_writes_nothing(capsys, tmp_path):
    out = tmp_path / "reports"
    _assert_refused(*run_cli(capsys, "bcdnet-tiny", "bcdnet-z", "--out", str(out)))
    assert list(tmp_path.iterdir()) == []


def test_output_path_that_is_a_file(capsys, tmp_path):
    target = tmp_path / "reports"
    target.write_text("keep me")
    code, out, err = run_cli(capsys, "bcdnet-tiny", "--out", str(target))
    _assert_refused(code, out, err)
    assert "is a file" in err
    _assert_refused(*run_cli(capsys, "bcdnet-tiny", "--out", str(target / "sub")))
    assert target.read_text() == "keep me" and [p.name for p in tmp_path.iterdir()] == ["reports"]


def test_unwritable_output_folder(capsys, tmp_path):
    code, out, err = run_cli(capsys, "bcdnet-tiny", "--out", "/proc/bcdsim-report")
    _assert_refused(code, out, err)
    assert "cannot write --out /proc/bcdsim-report" in err


def test_an_existing_report_needs_force_and_only_bcdsim_reports_are_replaced(capsys, tmp_path):
    out = tmp_path / "reports"
    assert run_cli(capsys, "bcdnet-tiny", "--layers", "bcdnet-tiny", "bcdnet-tiny", "--out", str(out))[0] == 0
    code, stdout, err = run_cli(capsys, "bcdnet-tiny", "--layers", "bcdnet-tiny", "bcdnet-tiny", "--out", str(out))
    _assert_refused(code, stdout, err)
    assert "--force" in err
    assert run_cli(capsys, "bcdnet-tiny", "--layers", "bcdnet-tiny", "bcdnet-tiny", "--out", str(out),
                   "--force")[0] == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    code, stdout, err = run_cli(capsys, "bcdnet-tiny", "--layers", "bcdnet-tiny", "bcdnet-tiny", "--out", str(mine),
                                "--force")
    _assert_refused(code, stdout, err)
    assert "not written by bcdsim" in err and [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_help_lists_options_and_examples(capsys):
    parser = argparse.ArgumentParser(prog="bcdsim")
    compare.add_parser(parser.add_subparsers())
    with pytest.raises(SystemExit) as done:
        parser.parse_args(["compare", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for fragment in ("examples:", "--out", "--profile", "--layers", "my_model.pth"):
        assert fragment in text


def test_device_panel_is_written_and_labelled_analytical(tmp_path, capsys):
    code = run_cli(capsys, "bcdnet-tiny", "--device", "zcu104", "--clock", "200", "--out", str(tmp_path / "hw"))[0]
    assert code == 0
    frame = pd.read_csv(tmp_path / "hw" / "hardware_zcu104.csv")
    assert list(frame["model"]) == ["bcdnet-tiny"] and set(frame["source"]) == {"analytical"}
    assert (frame["fps"] > 0).all() and (frame["lut"] > 0).all()
    assert (tmp_path / "hw" / "hardware_zcu104.png").exists()


def test_unknown_device_is_one_line_exit_2(tmp_path, capsys):
    code, _, err = run_cli(capsys, "bcdnet-tiny", "--device", "zcu999", "--out", str(tmp_path / "x"))
    assert code == 2 and "unknown device" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()
