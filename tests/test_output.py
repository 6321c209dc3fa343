"""Output folders (bcdsim.backends.output): all or nothing, never over a folder that appeared
meanwhile or that bcdsim did not write, the old output back when the final move fails, leftovers
of killed runs cleaned, the umask followed. Races are injected at the moment they matter."""
from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bcdsim.backends import output
from bcdsim.backends.output import MANIFEST, atomic_directory
from bcdsim.errors import UserError

BCDSIM = str(Path(sys.executable).parent / "bcdsim")


def write_files(files: dict[str, str]):
    def fill(folder: Path) -> None:
        for name, text in files.items():
            (folder / name).write_text(text)
    return fill


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".bcdsim-" in p.name)


def dead_pid() -> int:
    """The PID of a process that has exited (and been reaped)."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_manifest_marks_the_folder(tmp_path):
    out = tmp_path / "out"
    atomic_directory(out, write_files({"a.txt": "1"}), force=False, command="bcdsim test")
    m = json.loads((out / MANIFEST).read_text())
    assert m["tool"] == "bcdsim" and m["command"] == "bcdsim test" and m["version"] and "T" in m["time"]
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.txt"]
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_folders_follow_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        atomic_directory(tmp_path / "new" / "out", write_files({"a.txt": "1"}), force=False)
    finally:
        os.umask(old)
    for folder in (tmp_path / "new", tmp_path / "new" / "out"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder
    assert stat.S_IMODE((tmp_path / "new" / "out" / "a.txt").stat().st_mode) == 0o666 & ~umask


def test_a_folder_that_appears_meanwhile_is_never_replaced(tmp_path):
    out = tmp_path / "out"

    def fill(folder: Path) -> None:  # someone creates --out while bcdsim works
        (folder / "new.txt").write_text("bcdsim")
        out.mkdir()
        (out / "theirs.txt").write_text("keep")

    with pytest.raises(UserError, match="appeared while bcdsim was working"):
        atomic_directory(out, fill, force=True)
    assert [p.name for p in out.iterdir()] == ["theirs.txt"] and leftovers(tmp_path) == []


def test_an_empty_folder_that_appears_meanwhile_is_not_replaced_either(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(UserError, match="appeared"):
        atomic_directory(out, lambda folder: out.mkdir(), force=False)
    assert out.is_dir() and list(out.iterdir()) == [] and leftovers(tmp_path) == []


def test_force_replaces_only_folders_bcdsim_wrote(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.tex").write_text("mine")
    with pytest.raises(UserError, match="not written by bcdsim"):
        atomic_directory(out, write_files({"a.txt": "1"}), force=True)
    assert [p.name for p in out.iterdir()] == ["thesis.tex"]
    (out / "thesis.tex").unlink()  # an empty folder needs no --force
    atomic_directory(out, write_files({"a.txt": "1"}), force=False)
    with pytest.raises(UserError, match="use --force"):
        atomic_directory(out, write_files({"b.txt": "2"}), force=False)
    atomic_directory(out, write_files({"b.txt": "2"}), force=True)  # bcdsim's own: replaced
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "b.txt"] and leftovers(tmp_path) == []


def test_a_manifest_that_is_not_bcdsims_does_not_count(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text(json.dumps({"tool": "other"}))
    (out / "data.bin").write_text("x")
    with pytest.raises(UserError, match="not written by bcdsim"):
        atomic_directory(out, write_files({"a.txt": "1"}), force=True)
    (out / MANIFEST).write_text("[1, 2]")
    with pytest.raises(UserError, match="not written by bcdsim"):
        atomic_directory(out, write_files({"a.txt": "1"}), force=True)
    assert (out / "data.bin").exists()


@pytest.mark.parametrize("name, fmt", [("bcdsim.json", "bcdsim-hls/1"), ("manifest.json", "bcdsim-rtl/1")])
def test_projects_of_earlier_bcdsim_versions_count_as_bcdsims(tmp_path, name, fmt):
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_text(json.dumps({"format": fmt}))
    (out / "firmware.cpp").write_text("x")
    atomic_directory(out, write_files({"a.txt": "1"}), force=True)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.txt"]


def test_a_failed_final_move_puts_the_old_output_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    atomic_directory(out, write_files({"old.txt": "previous"}), force=False)
    real = output.rename_noreplace

    def failing(src: Path, dst: Path) -> None:
        if ".bcdsim-tmp-" in Path(src).name and Path(dst) == out:
            raise OSError(errno.EIO, "Input/output error (injected)")
        real(src, dst)

    monkeypatch.setattr(output, "rename_noreplace", failing)
    with pytest.raises(UserError, match="previous output is left in place"):
        atomic_directory(out, write_files({"new.txt": "next"}), force=True)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "old.txt"]
    assert (out / "old.txt").read_text() == "previous" and leftovers(tmp_path) == []


def test_someone_elses_folder_swapped_in_at_the_last_moment_is_put_back(tmp_path, monkeypatch):
    """Between the check and the move another program replaces --out: the moved-aside folder is
    checked again and returned, untouched."""
    out = tmp_path / "out"
    atomic_directory(out, write_files({"old.txt": "previous"}), force=False)
    real = output.rename_noreplace

    def swap_then_move(src: Path, dst: Path) -> None:
        if Path(src) == out and ".bcdsim-old-" in Path(dst).name:
            real(out, tmp_path / "moved-by-them")
            out.mkdir()
            (out / "theirs.txt").write_text("keep")
        real(src, dst)

    monkeypatch.setattr(output, "rename_noreplace", swap_then_move)
    with pytest.raises(UserError, match="changed while bcdsim was working"):
        atomic_directory(out, write_files({"new.txt": "next"}), force=True)
    assert [p.name for p in out.iterdir()] == ["theirs.txt"] and leftovers(tmp_path) == []


def test_two_concurrent_writers_one_wins_the_other_refuses(tmp_path):
    """Both pass the first check and finish their work together; the commit lets exactly one in."""
    out = tmp_path / "out"
    both_done = threading.Barrier(2)
    results: dict[int, object] = {}

    def run(i: int) -> None:
        def fill(folder: Path) -> None:
            (folder / "writer.txt").write_text(str(i))
            both_done.wait(timeout=10)

        try:
            atomic_directory(out, fill, force=False)
            results[i] = "ok"
        except UserError as e:
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(str(r) == "ok" for r in results.values()) == [False, True], results
    refused = next(r for r in results.values() if r != "ok")
    assert "appeared while bcdsim was working" in str(refused)
    winner = next(i for i, r in results.items() if r == "ok")
    assert (out / "writer.txt").read_text() == str(winner) and leftovers(tmp_path) == []


def test_leftovers_of_killed_runs_are_cleaned(tmp_path):
    pid = dead_pid()
    stale = tmp_path / f".out.bcdsim-tmp-{pid}-0123abcd"
    stale.mkdir()
    (stale / "half.txt").write_text("x")
    lost = tmp_path / f".gone.bcdsim-old-{pid}-89abcdef"  # killed between the two renames
    lost.mkdir()
    (lost / "previous.txt").write_text("theirs")
    live = subprocess.Popen(["sleep", "30"])
    try:
        running = tmp_path / f".other.bcdsim-tmp-{live.pid}-00000000"
        running.mkdir()
        atomic_directory(tmp_path / "out", write_files({"a.txt": "1"}), force=False)
        assert not stale.exists()
        assert (tmp_path / "gone" / "previous.txt").read_text() == "theirs"  # put back, not deleted
        assert running.is_dir()  # its run is alive
    finally:
        live.kill()
        live.wait()


def test_generate_refuses_a_folder_created_during_the_run(tmp_path, monkeypatch):
    """The real command: --out appears while the project is written; it survives, exit 2."""
    pytest.importorskip("hls4ml")
    from hls_cli import bcdsim

    from bcdsim.backends.hls import project

    out = tmp_path / "out"
    real = project.write_project

    def write_then_interfere(model, out_dir, extra):
        real(model, out_dir, extra)
        out.mkdir()
        (out / "theirs.txt").write_text("keep")

    monkeypatch.setattr(project, "write_project", write_then_interfere)
    code, stdout, err = bcdsim("generate", "--folding", "default", "--out", out)
    errors = [ln for ln in err.splitlines() if ln.startswith("bcdsim: error:")]
    assert code == 2 and len(errors) == 1 and "appeared while bcdsim was working" in errors[0], err
    assert [p.name for p in out.iterdir()] == ["theirs.txt"] and leftovers(tmp_path) == []


def test_two_concurrent_generate_commands_one_writes(tmp_path):
    """Two real `bcdsim generate` processes into one folder: one exit 0, the other exit 2."""
    pytest.importorskip("hls4ml")
    out = tmp_path / "out"
    procs = [subprocess.Popen([BCDSIM, "generate", "--folding", "default", "--out", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    done = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    codes = sorted(code for code, _ in done)
    assert codes == [0, 2], done
    err = next(e for code, e in done if code == 2)
    assert "bcdsim: error: --out" in err and ("appeared" in err or "not empty" in err), err
    assert (out / "bcdsim.json").is_file() and (out / MANIFEST).is_file() and leftovers(tmp_path) == []
