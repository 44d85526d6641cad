"""Signing and verification hooks built from key and certificate files (serve, HTTP target)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from cryptography import x509
from lxml import etree

from harness.duis.namespaces import SR
from harness.duis.xmlinput import parse_bytes
from harness.errors import SignatureError, UsageError
from harness.signing.keys import certificate_for, load_certificates, load_private_key
from harness.signing.sign import sign
from harness.signing.verify import verify

#: Signs one DUIS document.
Signer = Callable[[bytes], bytes]
#: Verifies one DUIS document (``xml``, ``source``), raising SignatureError when it fails.
Verifier = Callable[[bytes, str], None]


def signer_from(
    key_file: str | None, cert_file: str | None, password_env: str | None = None
) -> Signer | None:
    """A signer for the key and its certificate (None when neither is given).

    The key's password is read from the environment variable ``password_env``, never from an
    option, so it does not show in process lists or logs.
    """
    if key_file is None and cert_file is None:
        return None
    if key_file is None or cert_file is None:
        raise UsageError("signing needs both a private key and its certificate")
    password = None
    if password_env is not None:
        password = os.environ.get(password_env)
        if password is None:
            raise UsageError(f"environment variable {password_env} (the key password) is not set")
    key = load_private_key(key_file, password)
    certificate = certificate_for(key, load_certificates(cert_file), cert_file)

    def signer(xml: bytes) -> bytes:
        return sign(xml, key, certificate)

    return signer


def verifier_from(cert_files: Sequence[str]) -> Verifier | None:
    """A verifier accepting signatures by any of the certificates (None when none is given).

    An error response with no signature at all is accepted: DOMAIN.md "Signing" notes that
    some DCC error responses are unsigned. Every other document must carry a valid signature.
    """
    if not cert_files:
        return None
    certificates: list[x509.Certificate] = []
    for path in cert_files:
        certificates.extend(load_certificates(path))

    def verifier(xml: bytes, source: str) -> None:
        try:
            verify(xml, certificates, source)
        except SignatureError as exc:
            if exc.reason != "no signature" or not _is_error_response(xml, source):
                raise

    return verifier


def _is_error_response(xml: bytes, source: str) -> bool:
    """Whether ``xml`` is a DUIS Response with an error code (DCC may leave those unsigned)."""
    root = parse_bytes(xml, source)
    code = root.findtext(f"{{{SR}}}Header/{{{SR}}}ResponseCode")
    return etree.QName(root).localname == "Response" and (code or "").strip().startswith("E")
