"""``duis-harness build``: build a schema-valid DUIS Service Request for any SRV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness.cli.options import add_xsd_option, schema_set_from
from harness.duis.builder import DEFAULT_ORIGINATOR, build_request
from harness.errors import UsageError


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "build",
        help="build a DUIS Service Request",
        description="Build a DUIS Service Request for SRV, valid against the chosen schema set, "
        "and write it to stdout (or --output). Typed SRVs get meaningful defaults; any other SRV "
        "gets a minimal body generated from the schema, to be filled with --set.",
    )
    parser.add_argument("srv", metavar="SRV", help="Service Reference Variant, e.g. 4.4.2")
    parser.add_argument("--target", metavar="EUI", help="target device EUI-64 (non-device: DCC)")
    parser.add_argument(
        "--originator",
        metavar="EUI",
        default=DEFAULT_ORIGINATOR,
        help=f"originator (User ID) EUI-64 (default {DEFAULT_ORIGINATOR})",
    )
    parser.add_argument("--counter", type=int, metavar="N", help="RequestID counter (default 1)")
    parser.add_argument("--cv", type=int, metavar="N", help="CommandVariant (default per SRV)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        dest="fields",
        help="set a body field by path relative to the body element, e.g. "
        "ReadLogPeriod/StartDateTime=2026-01-01T00:00:00Z or @attr=value; repeatable",
    )
    parser.add_argument("--schema-version", default="5.4", help="schemaVersion attribute")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    add_xsd_option(parser)
    parser.set_defaults(execute=execute)


def _fields(pairs: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set takes FIELD=VALUE (got {pair!r})")
        fields[name.strip()] = value
    return fields


def execute(args: argparse.Namespace) -> int:
    """Build the request and write it out."""
    built = build_request(
        args.srv,
        target=args.target,
        originator=args.originator,
        counter=args.counter,
        command_variant=args.cv,
        fields=_fields(args.fields),
        schema_set=schema_set_from(args),
        schema_version=args.schema_version,
    )
    if args.output:
        Path(args.output).write_bytes(built.xml)
    else:
        sys.stdout.buffer.write(built.xml)
        sys.stdout.flush()
    print(
        f"built SRV {built.srv.srv} ({built.srv.name}), CV {built.command_variant}, "
        f"RequestID {built.request_id}; valid under {built.schema}",
        file=sys.stderr,
    )
    return 0
