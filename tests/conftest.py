"""Shared fixtures for tests/."""
from __future__ import annotations

import pytest
from zoo_graphs import zoo_graph


@pytest.fixture
def graph_of():
    return zoo_graph
