"""Entry names of a torch zip archive, compared exactly (DESIGN.md §2).

Zip readers disagree on names: torch's C++ reader (miniz) can look entries up case-insensitively
and returns one of two duplicates, Python's ``zipfile`` the last. A name bcdsim checked could then
be a different entry from the one torch reads. So an archive is refused when two entries have the
same name, names that differ only by case, or names that are not plain relative paths, and every
entry must sit under one root folder, as torch writes them.
"""
from __future__ import annotations

import re
import zipfile

_SEGMENT = re.compile(r"[A-Za-z0-9_.+-]+")


def archive_root(names: list[str]) -> str:
    """The root folder shared by every entry; ``ValueError`` names the first entry that is wrong."""
    if not names:
        raise ValueError("the archive is empty")
    seen: dict[str, str] = {}
    for name in names:
        folded = name.casefold()
        if folded in seen:
            other = seen[folded]
            raise ValueError(f"entry {name!r} appears twice" if other == name else
                             f"entries {other!r} and {name!r} differ only by case")
        seen[folded] = name
        parts = name.rstrip("/").split("/")
        if not all(_SEGMENT.fullmatch(p) and p not in (".", "..") for p in parts):
            raise ValueError(f"entry name {name[:80]!r} is not a plain relative path")
    root = names[0].split("/", 1)[0]
    stray = next((n for n in names if not n.startswith(root + "/") and n != root + "/"), None)
    if stray is not None:
        raise ValueError(f"entry {stray[:80]!r} is outside the archive's root folder {root!r}")
    return root


def entries(archive: zipfile.ZipFile) -> tuple[str, dict[str, zipfile.ZipInfo]]:
    """(root, {name below the root: entry}) of a checked archive; folders are left out."""
    infos = archive.infolist()
    root = archive_root([i.filename for i in infos])
    return root, {i.filename[len(root) + 1:]: i for i in infos if not i.filename.endswith("/")}
