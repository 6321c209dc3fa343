"""Shared fixtures for tests/, and the CI rule: with BCDSIM_REQUIRE_TOOLS=1 (set by .ci/run) a
missing g++ or hls4ml stops the run as a failure instead of letting its tests skip."""
from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from zoo_graphs import zoo_graph


def pytest_sessionstart(session: pytest.Session) -> None:
    if not os.environ.get("BCDSIM_REQUIRE_TOOLS"):
        return
    missing = [tool for tool in ("g++",) if shutil.which(tool) is None]
    missing += [mod for mod in ("hls4ml",) if importlib.util.find_spec(mod) is None]
    if missing:
        pytest.exit(f"BCDSIM_REQUIRE_TOOLS is set but {', '.join(missing)} is missing: the C-simulation tests "
                    "would skip", returncode=3)


@pytest.fixture
def graph_of():
    return zoo_graph
