"""``duis-harness``: the command line, a thin shell over the library.

Exit codes: 0 success / conformant / all valid; 1 failures (invalid documents, failed
scenarios); 2 usage, configuration or unreadable input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from harness import __version__
from harness.errors import HarnessError

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2

#: Sub-command → (module, one-line help). A command's module, and what it needs, is imported
#: only when that command runs (or for ``--help``), so ``validate`` does not wait for pytest,
#: the HTTP server or the schema generator to load.
_COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("harness.cli.run", "run the feature suite against a target"),
    "validate": (
        "harness.cli.validate",
        "validate DUIS XML files, directories, globs and captures",
    ),
    "build": ("harness.cli.build", "build a DUIS Service Request"),
    "inspect": ("harness.cli.inspect", "describe a DUIS message"),
    "steps": ("harness.cli.steps", "print the step catalogue"),
    "sign": ("harness.cli.sign", "sign a DUIS message"),
    "verify": ("harness.cli.verify", "verify the XML signatures of DUIS messages"),
    "serve": ("harness.cli.serve", "serve the reference model over HTTP"),
    "report": ("harness.cli.report", "work with a run's report"),
    "spec": ("harness.cli.spec", "write the requirements and their scenarios as a specification"),
}


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and a one-line hint on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that sub-command is loaded in full."""
    parser = _Parser(
        prog="duis-harness",
        description="Conformance harness for GB smart-metering DUIS integrations.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, (module, summary) in _COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).add_parser(commands)
        else:
            commands.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    only = given[0] if given and given[0] in _COMMANDS else None
    args = make_parser(only).parse_args(given)
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
