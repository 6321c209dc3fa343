"""Writing a generated project: refuse unusable output folders, and write all or nothing."""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from bcdsim.errors import UserError


def check_output_dir(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file, not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise UserError(f"--out {out} is not empty (use --force to replace it)")
    for parent in out.parents:
        if parent.exists() and not parent.is_dir():
            raise UserError(f"--out {out}: {parent} is a file, not a directory")


def atomic_directory(out: Path, fill: Callable[[Path], object], force: bool) -> None:
    """Run ``fill(tmp)`` on a fresh directory next to ``out``, then move it into place: a failure
    leaves nothing half-written (and an existing project untouched)."""
    check_output_dir(out, force)
    created = [p for p in reversed(out.parents) if not p.exists()]  # made now, removed on failure
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        fill(tmp)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for parent in reversed(created):
            with contextlib.suppress(OSError):
                parent.rmdir()
        raise
