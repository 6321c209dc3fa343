"""Layering (DESIGN.md §8): lower layers never import the CLI; the libraries ship as package data."""
from __future__ import annotations

import ast
from pathlib import Path

import bcdsim
from bcdsim.libraries import hls_library, rtl_library

PACKAGE = Path(bcdsim.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_nothing_below_the_cli_imports_it():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if "cli" not in p.relative_to(PACKAGE).parts[:1]
                 and any(m == "bcdsim.cli" or m.startswith("bcdsim.cli.") for m in _imports(p))]
    assert offenders == []


def _offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [str(p.relative_to(PACKAGE)) for p in (PACKAGE / package).rglob("*.py")
            if any(m == f or m.startswith(f + ".") for m in _imports(p) for f in forbidden)]


def test_the_design_and_hw_mode_import_no_backend():
    """Backends are visitors of the design: the design (and hw mode under it) never reach up."""
    forbidden = ("bcdsim.backends", "bcdsim.cost", "bcdsim.report")
    assert _offenders("design", forbidden) == [] and _offenders("hw", forbidden) == []


def test_hardware_libraries_are_package_data():
    assert (hls_library() / "bcd_mvau.h").is_file()
    assert (rtl_library() / "bcd_xnor_mvau.v").is_file()
    assert hls_library().parent == PACKAGE and rtl_library().parent == PACKAGE
