"""The `bcdsim` command: subcommands, logging, and one-line errors with exit codes."""
from __future__ import annotations

import argparse
import logging
import sys
from importlib import import_module
from types import ModuleType

from bcdsim import __version__
from bcdsim.errors import UserError

# Each command is a module of bcdsim.cli (add_parser, run). A command line naming one imports only
# that module, so `bcdsim analyze` never pays for torch, hls4ml or matplotlib it does not use.
COMMANDS: list[str | ModuleType] = ["analyze", "zoo", "compare", "train", "verify", "devices", "explore",
                                    "generate", "csim", "build", "rtl", "rtlsim", "synth", "bitstream", "board_run"]


def _name(command: str | ModuleType) -> str:
    name = command if isinstance(command, str) else command.__name__.rsplit(".", 1)[-1]
    return name.replace("_", "-")  # module board_run is the command board-run


def _requested(argv: list[str]) -> str | None:
    """The command a command line names (its first word that is not an option), if it is one."""
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in {_name(c) for c in COMMANDS} else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The CLI parser; ``only`` builds just that command's subparser (the others are not imported)."""
    parser = argparse.ArgumentParser(
        prog="bcdsim", description="Operation counts, FPGA cost and verified accelerators for BNNs.",
        epilog="run 'bcdsim COMMAND --help' for a command's options and examples")
    parser.add_argument("--version", action="version", version=f"bcdsim {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    added: set[str] = set()
    for command in COMMANDS:
        name = _name(command)
        if name in added or only not in (None, name):
            continue
        module = import_module(f"bcdsim.cli.{command}") if isinstance(command, str) else command
        module.add_parser(sub)
        added.add(name)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_requested(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="bcdsim: %(message)s", stream=sys.stderr)
    logging.captureWarnings(True)  # library warnings (torch's pickle notes) only with --verbose
    logging.getLogger("py.warnings").setLevel(logging.WARNING if args.verbose else logging.ERROR)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except UserError as e:  # one line, even when the message quotes a name holding a newline
        print("bcdsim: error: " + str(e).replace("\r", "\\r").replace("\n", "\\n"), file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("bcdsim: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a bug in bcdsim: one line, the traceback only on request
        if args.debug:
            raise
        print(f"bcdsim: internal error: {type(e).__name__}: {e} (rerun with --debug for the traceback)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
