"""``duis-harness report verify DIR``: check a report against its manifest."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.report.manifest import check_report


def add_parser(commands: Any) -> None:
    """Register the sub-command and its actions."""
    parser = commands.add_parser(
        "report",
        help="work with a run's report",
        description="Work with the report a run wrote with --report DIR (docs/report.md).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    verify = actions.add_parser(
        "verify",
        help="check that no file of a report changed since the run",
        description="Recompute the SHA-256 of every file of the report and compare with its "
        "manifest.json. Exit 0 intact, 1 some file changed, went missing or was added, 2 no "
        "readable manifest.",
    )
    verify.add_argument("directory", metavar="DIR")
    verify.set_defaults(execute=execute_verify)


def execute_verify(args: argparse.Namespace) -> int:
    """Print every difference; exit 1 if there is one."""
    directory = Path(args.directory)
    findings = check_report(directory)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{directory}: {len(findings)} difference(s) from manifest.json: NOT intact")
        return 1
    print(f"{directory}: every file matches manifest.json: intact")
    return 0
