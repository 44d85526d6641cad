"""``duis-harness spec --out DIR``: the requirements as a readable specification."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.model.dmves import load_dmves
from harness.register import default_register
from harness.report.spec import write_spec


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "spec",
        help="write the requirements and their scenarios as a readable specification",
        description="Render the requirement register and the feature files as spec.md and a "
        "self-contained index.html: per requirement its source, the rule in plain words, the "
        "scenarios, the device models it applies to and the assumptions (docs/report.md).",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument("--dmves", metavar="FILE", help="DMVES CSV file (default: the sample)")
    parser.set_defaults(execute=execute)


def execute(args: argparse.Namespace) -> int:
    """Write the specification and say where."""
    register = default_register()
    dmves = load_dmves(args.dmves, known_clauses=register.s1sr_clauses())
    for path in write_spec(Path(args.out), register, dmves):
        print(path)
    return 0
