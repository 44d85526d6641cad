"""``duis-harness sign``: add an enveloped XML signature to a DUIS message."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from harness.cli.options import add_max_bytes_option
from harness.duis.xmlinput import read_limited
from harness.errors import UsageError
from harness.signing import certificate_for, load_certificates, load_private_key, sign


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "sign",
        help="sign a DUIS message",
        description="Sign a DUIS message with an EC P-256 key: the ds:Signature becomes the last "
        "child of the root (a trailing placeholder signature is replaced). The signed XML goes "
        "to stdout or --output. Exit 0 signed, 2 unreadable input or unusable key/certificate.",
    )
    parser.add_argument("file", metavar="FILE", help="the XML document to sign")
    parser.add_argument(
        "--key", required=True, metavar="KEY", help="EC P-256 private key, PEM or DER (PKCS#8)"
    )
    parser.add_argument(
        "--cert",
        required=True,
        metavar="CERT",
        help="the key's X.509 certificate, PEM or DER (a PEM bundle is searched for it)",
    )
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        help="name of the environment variable holding the key's password",
    )
    parser.add_argument("--output", "-o", metavar="OUT", help="write here instead of stdout")
    add_max_bytes_option(parser)
    parser.set_defaults(execute=execute)


def _password(variable: str | None) -> str | None:
    if variable is None:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise UsageError(f"--password-env {variable}: that environment variable is not set")
    return value


def execute(args: argparse.Namespace) -> int:
    """Sign one file and write the result."""
    key = load_private_key(args.key, _password(args.password_env))
    certificate = certificate_for(key, load_certificates(args.cert), args.cert)
    data = read_limited(args.file, args.max_bytes)
    signed = sign(data, key, certificate, source=args.file, max_bytes=args.max_bytes)
    if args.output:
        try:
            Path(args.output).write_bytes(signed)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.buffer.write(signed)
        sys.stdout.flush()
    print(
        f"signed {args.file} as {certificate.subject.rfc4514_string()} "
        f"(issuer {certificate.issuer.rfc4514_string()}, serial {certificate.serial_number})",
        file=sys.stderr,
    )
    return 0
