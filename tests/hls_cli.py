"""Shared by the HLS tests: the bcdsim CLI in process, and projects generated once per session."""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

from bcdsim.cli import build, csim, generate
from bcdsim.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "bcdsim" / "models" / "weights"


def bcdsim(*argv: str) -> tuple[int, str, str]:
    """Run the bcdsim CLI (with the HLS commands, registered in main.py or not): (code, stdout, stderr)."""
    extra = [c for c in (generate, csim, build) if c not in cli_main.COMMANDS]
    saved = cli_main.COMMANDS
    out, err = io.StringIO(), io.StringIO()
    try:
        cli_main.COMMANDS = saved + extra
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli_main.main([str(a) for a in argv])
            except SystemExit as e:  # argparse's own errors
                code = int(e.code or 0)
    finally:
        cli_main.COMMANDS = saved
    return code, out.getvalue(), err.getvalue()


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of a project by relative path, except built artefacts and the output manifest
    (it records when and by which command the folder was written)."""
    from bcdsim.backends.output import MANIFEST

    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix not in (".so", ".o") and p.name != MANIFEST}


_PROJECTS: dict[str, Path] = {}


def project(tmp_path_factory, name: str, *args: str) -> Path:
    """A project generated once per test session (``args``: extra ``bcdsim generate`` options)."""
    if name not in _PROJECTS:
        out = tmp_path_factory.getbasetemp() / "hls_projects" / name
        out.parent.mkdir(exist_ok=True)
        code, _, err = bcdsim("generate", *args, "--out", out)
        assert code == 0, err
        _PROJECTS[name] = out
    return _PROJECTS[name]


def tiny_b(tmp_path_factory) -> Path:
    """The default model (bcdnet-tiny-b), folding from the cost model."""
    return project(tmp_path_factory, "tiny_b")


def tiny_b_default(tmp_path_factory) -> Path:
    """The default model with bcdsim's fixed default folding (independent of the cost model)."""
    return project(tmp_path_factory, "tiny_b_default", "--folding", "default")


def board_design(device, board: str | None, label: str = "m"):
    """The little a board's scripts read of a design: a 3x32x32 image in, 10 values out (two per
    word), no memory in DDR."""
    from types import SimpleNamespace

    from bcdsim.design.units import Stream
    from bcdsim.ir.dtypes import Fixed

    inp = Stream("x__to__y", "x", Fixed(16, 3), 3, 32, 32, 3, producer="x", consumer="y")
    out = Stream("y__to__out", "y", Fixed(16, 5), 10, 1, 1, 2, producer="y")
    return SimpleNamespace(board=board, device=device, label=label, clock_mhz=device.clock_mhz,
                           design=SimpleNamespace(input=inp, output=out), layers=[])
