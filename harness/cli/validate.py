"""``duis-harness validate``: check DUIS documents against a schema set, one or a million.

Documents are read, checked and printed one at a time (harness.batch), so memory does not grow
with their number; ``--jobs N`` spreads the work over N processes, keeping the input order.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from harness.batch import engine
from harness.batch.render import FORMATS
from harness.batch.sources import documents, units
from harness.cli.options import add_max_bytes_option, add_xsd_option, schema_set_from
from harness.errors import UsageError


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "validate",
        help="validate DUIS XML files, directories, globs and captures",
        description="Validate DUIS XML documents; every problem is listed with line and XPath. "
        "Inputs: files, directories (*.xml, recursively), glob patterns, and captures of many "
        "messages (.jsonl/.ndjson JSON lines, .cap/.xmls concatenated XML, or --capture). "
        "Exit 0 all valid, 1 some invalid, 2 some could not be read (or usage error).",
    )
    parser.add_argument("files", nargs="+", metavar="INPUT", help="file, directory, glob, capture")
    add_xsd_option(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), one JSON document, or JSON lines (one result per line)",
    )
    add_max_bytes_option(parser)
    parser.add_argument(
        "--jobs", "-j", type=int, default=1, metavar="N", help="worker processes (default 1)"
    )
    parser.add_argument(
        "--capture", action="store_true", help="read every file as concatenated XML messages"
    )
    parser.add_argument(
        "--report", metavar="FILE", help="write the summary (counts by SRV and problem) as JSON"
    )
    parser.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress on standard error (auto: when it is a terminal)",
    )
    parser.set_defaults(execute=execute)


class _Printer:
    """Writes each rendered result as it comes, with the format's opening and closing."""

    def __init__(self, form: str, out: TextIO, schema: str) -> None:
        self.form = form
        self.out = out
        self.first = True
        if form == "json":
            out.write(f'{{"schema": {json.dumps(schema)},\n "files": [\n')

    def __call__(self, block: engine.Block) -> None:
        if not block.text:
            return
        if self.form == "json":
            self.out.write(("  " if self.first else ",\n  ") + block.text)
            self.first = False
        else:
            self.out.write(block.text)

    def finish(self, summary: engine.Summary, schema: str) -> None:
        if self.form == "json":
            self.out.write(f'\n ],\n "summary": {json.dumps(summary.as_dict())}\n}}\n')
        elif self.form == "jsonl":
            self.out.write(json.dumps({"summary": summary.as_dict(), "schema": schema}) + "\n")
        else:
            self.out.write(
                f"{summary.files} files: {summary.valid} valid, {summary.invalid} invalid, "
                f"{summary.unreadable} unreadable (schema: {schema})\n"
            )


class _Progress:
    """Documents done and the rate, on standard error."""

    def __init__(self, mode: str, stream: TextIO) -> None:
        self.stream = stream
        self.live = mode == "always" or (mode == "auto" and stream.isatty())
        self.count = 0
        self.start = time.monotonic()
        self.shown = self.start

    def tick(self, done: int) -> None:
        self.count += done
        now = time.monotonic()
        if self.live and now - self.shown >= 0.25:
            self.shown = now
            rate = self.count / max(now - self.start, 1e-9)
            self.stream.write(f"\rvalidated {self.count} documents ({rate:,.0f}/s)")
            self.stream.flush()

    def done(self) -> None:
        if self.live:
            elapsed = max(time.monotonic() - self.start, 1e-9)
            self.stream.write(
                f"\rvalidated {self.count} documents in {elapsed:.1f} s "
                f"({self.count / elapsed:,.0f}/s)\n"
            )
            self.stream.flush()


def execute(args: argparse.Namespace) -> int:
    """Validate every document and print the verdicts and the summary."""
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1 (got {args.jobs})")
    schema_set = schema_set_from(args)
    xsd = None if schema_set.bundled else str(schema_set.directory)
    printer = _Printer(args.format, sys.stdout, schema_set.label)
    progress = _Progress(args.progress, sys.stderr)

    def shown(block: engine.Block) -> None:
        printer(block)
        progress.tick(block.summary.files)

    summary = engine.run(
        # one process reads documents whole; with workers, captures go out as chunks that the
        # workers read and cut, so the reading process only counts the messages
        units(args.files, capture=args.capture, max_bytes=args.max_bytes, by_reference=True)
        if args.jobs > 1
        else documents(args.files, capture=args.capture, max_bytes=args.max_bytes),
        xsd=xsd,
        max_bytes=args.max_bytes,
        jobs=args.jobs,
        form=args.format,
        on_block=shown,
    )
    progress.done()
    printer.finish(summary, schema_set.label)
    if args.report:
        report = {"schema": schema_set.label, **summary.as_dict()}
        Path(args.report).write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    if not summary.files or summary.unreadable:
        return 2
    return 1 if summary.invalid else 0
