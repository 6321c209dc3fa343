"""Errors a user can cause. The CLI prints them as one line and exits with their code."""
from __future__ import annotations


class UserError(Exception):
    """Bad input (file, name, shape, option): one line on stderr, exit code 2."""

    exit_code = 2


class ToolMissing(UserError):
    """A vendor tool is not installed (e.g. vitis_hls): exit code 3."""

    exit_code = 3
