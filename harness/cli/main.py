"""``duis-harness``: the command line, a thin shell over the library.

Exit codes: 0 success / conformant / all valid; 1 failures (invalid documents, failed
scenarios); 2 usage, configuration or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from harness import __version__
from harness.cli import build, inspect, steps, validate
from harness.cli import report as report_command
from harness.cli import run as run_command
from harness.cli import serve as serve_command
from harness.cli import sign as sign_command
from harness.cli import spec as spec_command
from harness.cli import verify as verify_command
from harness.errors import HarnessError

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2

_COMMANDS = (
    run_command,
    validate,
    build,
    inspect,
    steps,
    sign_command,
    verify_command,
    serve_command,
    report_command,
    spec_command,
)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and a one-line hint on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = _Parser(
        prog="duis-harness",
        description="Conformance harness for GB smart-metering DUIS integrations.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for command in _COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = make_parser().parse_args(argv)
    try:
        code: int = args.execute(args)
    except HarnessError as exc:
        print(f"duis-harness {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
