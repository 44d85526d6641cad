"""``duis-harness inspect``: say what a DUIS message is, in words a tester reads."""

from __future__ import annotations

import argparse
import json
from typing import Any

from harness.cli.options import (
    add_format_option,
    add_max_bytes_option,
    add_xsd_option,
    schema_set_from,
)
from harness.duis.messages import describe, message_from_element
from harness.duis.validation import Validator
from harness.duis.xmlinput import parse_bytes, read_limited


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "inspect",
        help="describe a DUIS message",
        description="Describe a DUIS request, response or alert and check it against the schema "
        "set. Exit 0 valid, 1 not valid under the schema set, 2 unreadable or not DUIS.",
    )
    parser.add_argument("file", metavar="FILE")
    add_xsd_option(parser)
    add_format_option(parser)
    add_max_bytes_option(parser)
    parser.set_defaults(execute=execute)


def execute(args: argparse.Namespace) -> int:
    """Parse, describe and validate one file."""
    root = parse_bytes(read_limited(args.file, args.max_bytes), args.file, args.max_bytes)
    description = describe(message_from_element(root, args.file))
    report = Validator(schema_set_from(args), max_bytes=args.max_bytes).validate_element(
        root, args.file
    )
    problems = [str(p) for p in report.problems]
    if args.format == "json":
        document = {
            "file": args.file,
            "message": description.to_dict(),
            "schema": report.schema,
            "valid": report.valid,
            "problems": problems,
        }
        print(json.dumps(document, indent=2))
    else:
        width = max(len(label) for label, _ in description.rows)
        for label, value in description.rows:
            print(f"{label:<{width}}  {value}")
        verdict = "valid" if report.valid else f"NOT valid ({len(problems)} problems)"
        print(f"{'Schema':<{width}}  {verdict} under {report.schema}")
        for problem in problems:
            print(f"{'':<{width}}  - {problem}")
    return 0 if report.valid else 1
