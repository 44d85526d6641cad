"""``duis-harness verify``: check the XML signatures of DUIS messages against certificates."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from harness.cli.options import add_format_option, add_max_bytes_option
from harness.duis.xmlinput import read_limited
from harness.errors import InputError, SignatureError
from harness.signing import load_certificates, verify


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "verify",
        help="verify the XML signatures of DUIS messages",
        description="Verify the enveloped signature ending each FILE against the certificates "
        "given with --cert (no chain or validity checks). Exit 0 all verified, 1 some did not "
        "verify, 2 some could not be read (or usage error, unreadable certificate).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument(
        "--cert",
        action="append",
        required=True,
        metavar="CERT",
        dest="certs",
        help="certificate file, PEM (may hold several) or DER; repeatable",
    )
    add_format_option(parser)
    add_max_bytes_option(parser)
    parser.set_defaults(execute=execute)


@dataclass(frozen=True)
class _Outcome:
    file: str
    status: str  # "verified", "failed" or "unreadable"
    reason: str | None = None
    detail: str = ""
    signer: dict[str, Any] | None = None


def _check(file: str, certificates: list[x509.Certificate], max_bytes: int) -> _Outcome:
    try:
        found = verify(read_limited(file, max_bytes), certificates, file, max_bytes)
    except InputError as exc:
        return _Outcome(file, "unreadable", "unreadable", str(exc))
    except SignatureError as exc:
        return _Outcome(file, "failed", exc.reason, exc.detail)
    signer = {
        "subject": found.subject,
        "issuer": found.certificate.issuer.rfc4514_string(),
        "serial": str(found.serial_number),
    }
    return _Outcome(file, "verified", signer=signer)


def _print_text(outcomes: list[_Outcome]) -> None:
    for outcome in outcomes:
        if outcome.signer is not None:
            signer = outcome.signer
            print(
                f"verified    {outcome.file}: signed by {signer['subject']} "
                f"(issuer {signer['issuer']}, serial {signer['serial']})"
            )
        elif outcome.status == "failed":
            print(f"FAILED      {outcome.file}: {outcome.reason} ({outcome.detail})")
        else:
            print(f"UNREADABLE  {outcome.file}: {outcome.detail}")


def execute(args: argparse.Namespace) -> int:
    """Verify every file and print the verdicts."""
    certificates = [c for path in args.certs for c in load_certificates(path)]
    outcomes = [_check(file, certificates, args.max_bytes) for file in args.files]
    counts = {s: sum(o.status == s for o in outcomes) for s in ("verified", "failed", "unreadable")}
    if args.format == "json":
        files = [
            {
                "file": o.file,
                "status": o.status,
                "reason": o.reason,
                "detail": o.detail,
                "signer": o.signer,
            }
            for o in outcomes
        ]
        print(json.dumps({"summary": {"files": len(outcomes), **counts}, "files": files}, indent=2))
    else:
        _print_text(outcomes)
        print(
            f"{len(outcomes)} files: {counts['verified']} verified, {counts['failed']} failed, "
            f"{counts['unreadable']} unreadable"
        )
    if counts["unreadable"]:
        return 2
    return 1 if counts["failed"] else 0
