"""The `bcdsim` command: subcommands, logging, and one-line errors with exit codes."""
from __future__ import annotations

import argparse
import logging
import sys

from bcdsim import __version__
from bcdsim.cli import analyze, build, compare, csim, devices, explore, generate, rtl, synth, train, verify, zoo
from bcdsim.errors import UserError

COMMANDS = [analyze, zoo, compare, train, verify, devices, explore, generate, csim, build, rtl, synth]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bcdsim", description="Operation counts, FPGA cost and verified accelerators for BNNs.",
        epilog="run 'bcdsim COMMAND --help' for a command's options and examples")
    parser.add_argument("--version", action="version", version=f"bcdsim {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
