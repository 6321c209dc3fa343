"""Writing a generated folder (``generate``, ``rtl``, ``compare``): all or nothing, never over
someone else's files.

1. ``check_output_dir`` (before the work): ``--out`` is not a file, does not contain the current
   folder or an input, is empty or absent, or with ``--force`` was written by bcdsim (it holds
   ``MANIFEST``); its parent is writable (probed by creating a staging folder, as root ignores
   permission bits).
2. ``atomic_directory`` fills a staging folder ``.NAME.bcdsim-tmp-PID-XXXXXXXX`` beside ``--out``,
   adds the manifest, and moves it into place: the check of 1 and the move are one step (``_commit``).
   A failed move puts the previous output back. Staging folders of killed runs (dead PID) are
   removed by the next run into the same parent.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from bcdsim import __version__
from bcdsim.errors import UserError

log = logging.getLogger(__name__)

MANIFEST = ".bcdsim-output.json"
# Folders written before MANIFEST existed: their own manifest and its format prefix.
LEGACY_MANIFESTS = {"bcdsim.json": "bcdsim-hls/", "manifest.json": "bcdsim-rtl/"}
_STAGING = re.compile(r"^\.(?P<name>.+)\.bcdsim-(?P<kind>tmp|old)-(?P<pid>\d+)-[0-9a-f]{8}$")


def comment_text(text: str) -> str:
    """``text`` for a comment in a generated script or source: a newline (or any control character)
    would end the comment and start code, a trailing backslash would continue it (Tcl, C++); each
    becomes '?' or '/'. Model file names and layer names reach comments this way."""
    return "".join(c if c.isprintable() else "?" for c in text).replace("\\", "/")


def manifest(command: str) -> dict:
    return {"tool": "bcdsim", "version": __version__, "command": command,
            "time": datetime.now(UTC).isoformat(timespec="seconds")}


def written_by_bcdsim(folder: Path) -> bool:
    """Whether ``folder`` carries bcdsim's manifest (or an older bcdsim project's own manifest)."""
    marks = {MANIFEST: None, **LEGACY_MANIFESTS}
    for name, prefix in marks.items():
        path = folder / name
        if path.is_symlink() or not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if not isinstance(data, dict):
            continue
        if prefix is None and data.get("tool") == "bcdsim":
            return True
        if prefix is not None and str(data.get("format", "")).startswith(prefix):
            return True
    return False


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _refusal(out: Path, force: bool) -> str | None:
    """Why ``out`` may not be replaced now (None: it may)."""
    if out.is_symlink() and not out.exists():
        return f"--out {out} is a dangling symbolic link"
    if out.exists() and not out.is_dir():
        return f"--out {out} is a file, not a directory"
    if not out.is_dir() or not any(out.iterdir()):
        return None
    if not force:
        return f"--out {out} is not empty (use --force to replace it)"
    if not written_by_bcdsim(out):
        return (f"--out {out} is not empty and was not written by bcdsim (no {MANIFEST}): --force replaces "
                "only bcdsim's output folders")
    return None


def check_output_dir(out: Path, force: bool, inputs: Iterable[str | Path | None] = ()) -> None:
    """Refuse an unusable ``--out`` before any work (see the module docstring); ``inputs``: files the
    command reads, which must not be inside ``--out``."""
    given, out = out, Path(os.path.abspath(out))  # "a/.." is normalised (and refused below if it is ".")
    for parent in out.parents:
        if parent.exists() and not parent.is_dir():
            raise UserError(f"--out {out}: {parent} is a file, not a directory")
    target = out.resolve()
    if _inside(Path.cwd().resolve(), target):
        raise UserError(f"--out {given} is or contains the current folder: bcdsim replaces --out as a whole, "
                        "give a new folder")
    for item in inputs:
        if item is not None and Path(item).exists() and _inside(Path(item).resolve(), target):
            raise UserError(f"--out {out} contains the input {item}: give another folder")
    why = _refusal(out, force)
    if why:
        raise UserError(why)
    _probe(out)


def check_output_file(path: str | Path, option: str) -> None:
    """Refuse, before the work, a file output that cannot be written: a folder, a missing folder,
    or one we cannot create files in (probed, as root ignores permission bits)."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{option} {path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise UserError(f"{option} {path}: folder {path.parent} does not exist")
    probe = path.parent / f".{path.name}.bcdsim-probe-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        probe.unlink()
    except OSError as e:
        raise UserError(f"cannot write {option} {path}: {e.strerror or e}") from None
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"cannot write {option} {path}: it is read-only")


def _probe(out: Path) -> None:
    """Create (and remove) a staging folder where the real one will go: a folder we cannot write
    into (read-only, /proc, ...) fails now, before the work."""
    created = _missing_parents(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _staging(out, "tmp").rmdir()
    except OSError as e:
        raise UserError(f"cannot write --out {out}: {e.strerror or e}") from None
    finally:
        _remove_created(created)


def _missing_parents(out: Path) -> list[Path]:
    return [p for p in reversed(out.parents) if not p.exists()]


def _remove_created(created: list[Path]) -> None:
    for parent in reversed(created):
        with contextlib.suppress(OSError):
            parent.rmdir()


def _staging_name(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.bcdsim-{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _staging(out: Path, kind: str) -> Path:
    """A new empty folder beside ``out``; ``mkdir`` applies the umask (``mkdtemp`` would make it 0700)."""
    path = _staging_name(out, kind)
    path.mkdir()
    return path


def atomic_directory(out: Path, fill: Callable[[Path], object], force: bool, command: str = "bcdsim") -> None:
    """Run ``fill(tmp)`` on a staging folder beside ``out``, add the manifest, then move it into place:
    a failure leaves nothing half-written and an existing output untouched."""
    out = Path(os.path.abspath(out))
    check_output_dir(out, force)
    existed = os.path.lexists(out)  # a folder that appears later is never replaced
    created = _missing_parents(out)  # made now, removed on failure
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent):
        clean_leftovers(out.parent)
    tmp = _staging(out, "tmp")
    try:
        fill(tmp)
        (tmp / MANIFEST).write_text(json.dumps(manifest(command), indent=1) + "\n", encoding="utf-8")
        old = _commit(tmp, out, force, existed)
    except BaseException:
        _remove(tmp)
        _remove_created(created)
        raise
    if old is not None:
        _remove(old)


def _commit(tmp: Path, out: Path, force: bool, existed: bool) -> Path | None:
    """Move ``tmp`` to ``out``; return the previous output, moved aside, for the caller to delete.

    Two mechanisms, because neither covers both cases. ``renameat2(RENAME_NOREPLACE)`` makes "move
    into place unless something is there" one kernel step, against any process: a folder that
    appears meanwhile is never replaced. Replacing under ``--force`` is a check ("empty, or bcdsim
    wrote it") and two renames, which no single call makes atomic; an exclusive ``flock`` on the
    parent folder makes concurrent bcdsim runs take turns through the whole step (a lock on the
    folder itself, not a lock file: nothing to leave behind, no race on deleting it). Another
    program changing ``out`` between our check and our move is caught by checking again what we
    actually moved aside, under a name only this run uses.
    """
    with _locked(out.parent):
        if not os.path.lexists(out):
            try:
                rename_noreplace(tmp, out)
            except FileExistsError:
                raise UserError(f"--out {out} appeared while bcdsim was working; it is left as it is") from None
            except OSError as e:
                raise UserError(f"cannot move the output into {out}: {e.strerror or e}") from None
            return None
        if not existed:
            raise UserError(f"--out {out} appeared while bcdsim was working; it is left as it is")
        why = _refusal(out, force)
        if why:
            raise UserError(f"{why} (it changed while bcdsim was working; it is left as it is)")
        old = _staging_name(out, "old")
        try:
            rename_noreplace(out, old)
        except OSError as e:
            raise UserError(f"cannot move the previous {out} aside: {e.strerror or e}; it is left as it is") from None
        if _refusal(old, force) is not None:  # someone else's folder took its place just before the move
            _put_back(old, out)
            raise UserError(f"--out {out} changed while bcdsim was working; it is left as it is")
        try:
            rename_noreplace(tmp, out)
        except OSError as e:
            _put_back(old, out)
            raise UserError(f"cannot move the output into {out} ({e.strerror or e}); the previous output is "
                            "left in place") from None
        return old


def _put_back(old: Path, out: Path) -> None:
    try:
        rename_noreplace(old, out)
    except OSError as e:
        raise UserError(f"cannot put the previous {out} back ({e.strerror or e}): it is in {old}") from None


def clean_leftovers(parent: Path) -> None:
    """Remove the staging folders of runs that died (their PID is gone); a previous output moved
    aside by a run killed in mid-swap is put back when its place is free."""
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for path in entries:
        m = _STAGING.match(path.name)
        if not m or _alive(int(m["pid"])) or path.is_symlink() or not path.is_dir():
            continue
        target = parent / m["name"]
        if m["kind"] == "old":
            if not os.path.lexists(target):  # killed between moving the old output aside and the new one in
                with contextlib.suppress(OSError):
                    rename_noreplace(path, target)
                    log.warning("put back %s (moved aside by a bcdsim run that was killed)", target)
                continue
            if not written_by_bcdsim(target):  # not the run's new output: keep both, say so
                log.warning("%s holds an earlier %s; left for you to check", path, target)
                continue
        log.info("removing %s (left by a bcdsim run that was killed)", path)
        _remove(path)


def _alive(pid: int) -> bool:
    if os.name != "posix":  # no signal-0 probe: never guess that a run is dead
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: renames stay no-replace, concurrent --force runs are not serialised
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # an unreadable parent: go on unserialised (the renames stay no-replace)
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_renameat2 = None


def _libc_renameat2():
    global _renameat2
    if _renameat2 is None:
        try:
            fn = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            fn.restype = ctypes.c_int
            _renameat2 = fn
        except (AttributeError, OSError, TypeError):
            _renameat2 = False
    return _renameat2


def rename_noreplace(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``, failing with FileExistsError if ``dst`` exists (Linux: one
    renameat2 call; elsewhere, or on a file system without it, an existence check then a rename,
    which ``_commit``'s lock serialises among bcdsim runs)."""
    fn = _libc_renameat2()
    if fn:
        if fn(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), _RENAME_NOREPLACE) == 0:
            return
        err = ctypes.get_errno()
        if err not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(err, os.strerror(err), str(src), None, str(dst))
    if os.path.lexists(dst):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(src), None, str(dst))
    os.rename(src, dst)
