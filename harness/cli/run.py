"""``duis-harness run``: the feature suite against a target, with a verdict table."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from harness.register import features_directory
from harness.report import pack
from harness.suite.progress import Progress
from harness.suite.results import ResultCollector
from harness.suite.verdicts import Verdict

_COLUMNS = (Verdict.PASS, Verdict.FAIL, Verdict.ERROR, Verdict.NOT_APPLICABLE)


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "run",
        help="run the feature suite against a target",
        description="Run the S1SR / MP202 feature suite and print verdicts per requirement and "
        "device model. Exit 0 conformant, 1 any failure or error, 2 usage error. Arguments "
        "after '--' go to pytest (e.g. -- -m 's1sr_18_17_i and foc' -n 2).",
    )
    parser.add_argument("--target", default="reference", help="'reference' (default) or an URL")
    parser.add_argument(
        "--baseline",
        default="s1sr_v11+mp202_enduring",
        help="baseline profile (docs/requirements.md)",
    )
    parser.add_argument("--xsd", metavar="DIR", help="official DUIS XSD directory")
    parser.add_argument("--dmves", metavar="FILE", help="DMVES CSV file (docs/dmves.md)")
    parser.add_argument(
        "--report",
        metavar="DIR",
        help="write the report here: verdicts, traceability, JUnit, evidence, manifest",
    )
    live = parser.add_argument_group("http(s) targets (docs/suite.md, 'Live targets')")
    for option, metavar, text in _LIVE_OPTIONS:
        repeat = option in _REPEATABLE
        live.add_argument(
            f"--{option}",
            metavar=metavar,
            action="append" if repeat else "store",
            default=[] if repeat else None,
            help=text,
        )
    parser.add_argument("pytest_args", nargs="*", metavar="-- PYTEST_ARGS")
    parser.set_defaults(execute=execute)


#: Options passed on to the plugin as ``--duis-NAME`` (name, metavar, help).
_LIVE_OPTIONS = (
    ("receiver", "HOST:PORT", "where the asynchronous receiver listens (default 127.0.0.1:0)"),
    ("receive-url", "URL", "Receive Response URL the target POSTs to (default: the receiver)"),
    ("reply-timeout", "S", "seconds to wait for a synchronous reply (default 10)"),
    ("deadline", "S", "seconds to wait for asynchronous responses (default 10)"),
    ("header", "'NAME: VALUE'", "extra HTTP header on every request (repeatable)"),
    ("sign-key", "FILE", "sign requests with this EC P-256 key (PEM or DER)"),
    ("sign-cert", "FILE", "the certificate of --sign-key"),
    ("password-env", "VAR", "environment variable holding the --sign-key password"),
    ("verify-cert", "FILE", "verify replies and deliveries against it (repeatable)"),
    ("client-cert", "FILE", "client certificate for mutual TLS"),
    ("client-key", "FILE", "key of --client-cert"),
    ("ca-bundle", "FILE", "CA bundle to verify the target's TLS certificate"),
)
_REPEATABLE = frozenset({"header", "verify-cert"})


def _live_arguments(args: argparse.Namespace) -> list[str]:
    arguments: list[str] = []
    for option, _, _ in _LIVE_OPTIONS:
        value = getattr(args, option.replace("-", "_"))
        values = value if option in _REPEATABLE else ([] if value is None else [value])
        arguments += [f"--duis-{option}={item}" for item in values]
    return arguments


def _arguments(args: argparse.Namespace) -> list[str]:
    arguments = [
        str(features_directory()),
        "-p",
        "no:cacheprovider",
        "-q",
        f"--duis-target={args.target}",
        f"--duis-baseline={args.baseline}",
    ]
    if args.xsd:
        arguments.append(f"--duis-xsd={args.xsd}")
    if args.dmves:
        arguments.append(f"--duis-dmves={args.dmves}")
    if args.report:
        arguments.append(f"--junitxml={Path(args.report) / pack.JUNIT}")
        arguments.append(f"--duis-evidence={Path(args.report) / pack.EVIDENCE}")
    return [*arguments, *_live_arguments(args), *args.pytest_args]


def _print_table(collector: ResultCollector) -> None:
    table = collector.table()
    width = max([len(r) for r, _ in table] + [11])
    model_width = max([len(m) for _, m in table] + [12])
    header = "  ".join(f"{v.value:>14}" for v in _COLUMNS)
    print(f"\n{'Requirement':<{width}}  {'Device model':<{model_width}}  {header}")
    for (requirement, model), counts in table.items():
        cells = "  ".join(f"{counts.get(v, 0):>14}" for v in _COLUMNS)
        print(f"{requirement:<{width}}  {model:<{model_width}}  {cells}")


def execute(args: argparse.Namespace) -> int:
    """Run pytest on the features with the harness plugin and summarise."""
    collector = ResultCollector()
    started = datetime.now(UTC)
    if args.report:
        pack.prepare(Path(args.report))
    code = pytest.main(_arguments(args), plugins=[collector, Progress()])
    if code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR):
        return 2
    _print_table(collector)
    if args.report:
        run = pack.RunDescription(
            target=args.target,
            baseline=args.baseline,
            xsd=args.xsd,
            dmves=args.dmves,
            pytest_args=tuple(args.pytest_args),
            started=started,
        )
        pack.finish(Path(args.report), collector, run)
    conformant = collector.conformant()
    verdict = "CONFORMANT" if conformant else "NOT CONFORMANT"
    print(f"\n{verdict}: {len(collector.results)} scenario runs, baseline {args.baseline}")
    return 0 if conformant else 1
