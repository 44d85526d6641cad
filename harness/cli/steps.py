"""``duis-harness steps``: print (or write) the step catalogue for testers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "steps",
        help="print the step catalogue",
        description="Print the catalogue of steps feature files may use (docs/steps.md).",
    )
    parser.add_argument("--write", metavar="FILE", help="write the catalogue to FILE instead")
    parser.set_defaults(execute=execute)


def execute(args: argparse.Namespace) -> int:
    """Render the catalogue."""
    from harness.suite.catalogue import render

    text = render()
    if args.write:
        Path(args.write).write_text(text, "utf-8")
    else:
        print(text, end="")
    return 0
