"""Every `bcdsim` command line in the README is one the CLI accepts: the command exists and takes
exactly those options (a renamed or removed option fails here, not in a user's shell). The cheap
ones are run for real in the tests of their commands; this check covers them all."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from bcdsim.cli.main import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_commands() -> list[str]:
    """`bcdsim ...` lines of the README's ```sh blocks, comments removed."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text(), re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("bcdsim "):
                lines.append(line)
    return lines


def test_readme_has_examples():
    assert len(readme_commands()) >= 20


@pytest.mark.parametrize("line", readme_commands())
def test_readme_example_parses(line):
    argv = shlex.split(line)[1:]
    argv = [a.replace("<layer>", "feature_1_binary_3x3_popcount") for a in argv]
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as e:  # argparse prints the reason on stderr
        pytest.fail(f"the CLI refuses the README's example: {line} (exit {e.code})")
    assert getattr(args, "run", None) is not None, line
