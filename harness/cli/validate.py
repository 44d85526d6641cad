"""``duis-harness validate``: check DUIS documents against a schema set."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness.cli.options import (
    add_format_option,
    add_max_bytes_option,
    add_xsd_option,
    schema_set_from,
)
from harness.duis.validation import ValidationReport, Validator

_XML_SUFFIXES = {".xml"}


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "validate",
        help="validate DUIS XML files",
        description="Validate DUIS XML files; every problem is listed with line and XPath. "
        "Exit 0 all valid, 1 some invalid, 2 some could not be read (or usage error).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files or directories (*.xml)")
    add_xsd_option(parser)
    add_format_option(parser)
    add_max_bytes_option(parser)
    parser.set_defaults(execute=execute)


def _expand(paths: list[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _XML_SUFFIXES
            )
        else:
            yield path


def _as_dict(report: ValidationReport) -> dict[str, Any]:
    return {
        "source": report.source,
        "valid": report.valid,
        "root": report.root,
        "srv": report.srv,
        "problems": [
            {"line": p.line, "path": p.path, "kind": p.kind, "reason": p.reason}
            for p in report.problems
        ],
    }


def execute(args: argparse.Namespace) -> int:
    """Validate every file and print the verdicts."""
    validator = Validator(schema_set_from(args), max_bytes=args.max_bytes)
    reports = [validator.validate_file(path) for path in _expand(args.files)]
    valid = sum(r.valid for r in reports)
    unchecked = sum(not r.checked for r in reports)
    invalid = len(reports) - valid - unchecked
    if args.format == "json":
        document = {
            "schema": validator.schema_set.label,
            "summary": {
                "files": len(reports),
                "valid": valid,
                "invalid": invalid,
                "unreadable": unchecked,
            },
            "files": [_as_dict(r) for r in reports],
        }
        print(json.dumps(document, indent=2))
    else:
        for report in reports:
            if report.valid:
                print(f"valid    {report.source}")
                continue
            print(f"{'INVALID' if report.checked else 'UNREAD '}  {report.source}")
            for problem in report.problems:
                line = f"line {problem.line}" if problem.line else "line ?"
                at = f" {problem.path}" if problem.path else ""
                print(f"    {line}{at}: {problem.reason}")
        print(
            f"{len(reports)} files: {valid} valid, {invalid} invalid, {unchecked} unreadable "
            f"(schema: {validator.schema_set.label})"
        )
    if not reports or unchecked:
        return 2
    return 1 if invalid else 0
