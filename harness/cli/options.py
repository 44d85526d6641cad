"""Options shared by several sub-commands."""

from __future__ import annotations

import argparse

from harness.duis.schemas import XSD_DIR_ENV, SchemaSet, load_schema_set
from harness.duis.xmlinput import DEFAULT_MAX_BYTES


def add_xsd_option(parser: argparse.ArgumentParser) -> None:
    """``--xsd DIR``: an official DUIS XSD directory instead of the bundled set."""
    parser.add_argument(
        "--xsd",
        metavar="DIR",
        help=f"official DUIS XSD directory (default: ${XSD_DIR_ENV}, else the bundled set)",
    )


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """``--format text|json``."""
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def add_max_bytes_option(parser: argparse.ArgumentParser) -> None:
    """``--max-bytes N``: the size limit for input documents."""
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse documents larger than N bytes (default {DEFAULT_MAX_BYTES})",
    )


def schema_set_from(args: argparse.Namespace) -> SchemaSet:
    """The schema set the user chose."""
    return load_schema_set(args.xsd)
