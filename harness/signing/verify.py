"""Verifying the enveloped signature of a DUIS message against known certificates.

Checks, in order, each failure a :class:`~harness.errors.SignatureError` with its reason:
the root ends with a ``ds:Signature`` ("no signature"); it has the DUIS shape and algorithms
("malformed signature", see :mod:`harness.signing.parts`); its X509IssuerSerial names one of
the given certificates ("unknown certificate"); the SignatureValue is that certificate's
ECDSA signature of the canonical SignedInfo ("signature mismatch"); the DigestValue is the
digest of the document without the Signature ("digest mismatch"). The signature is checked
before the digest, so a changed SignedInfo (including its DigestValue) is a signature mismatch
and a changed document under an intact SignedInfo is a digest mismatch.

Only the certificates given are trusted: no chain, validity period or revocation is checked.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from harness.duis.xmlinput import DEFAULT_MAX_BYTES, parse_bytes
from harness.errors import SignatureError
from harness.signing.canonical import document_digest, signed_info_octets
from harness.signing.ecdsa import verify_raw
from harness.signing.envelope import document_of, trailing_signature
from harness.signing.keys import describe_key
from harness.signing.names import NameSyntaxError, name_of
from harness.signing.parts import SignatureParts, read_signature


@dataclass(frozen=True)
class Verified:
    """A signature that verified: which document, and which certificate signed it."""

    source: str
    certificate: x509.Certificate
    issuer_name: str
    serial_number: int

    @property
    def subject(self) -> str:
        """The signing certificate's subject (RFC 4514)."""
        return self.certificate.subject.rfc4514_string()


def _matches(parts: SignatureParts, certificate: x509.Certificate) -> bool:
    if certificate.serial_number != parts.serial:
        return False
    try:
        return name_of(certificate.issuer) == parts.issuer
    except NameSyntaxError:
        return False


def _certificate(
    parts: SignatureParts, certificates: Sequence[x509.Certificate], source: str
) -> tuple[x509.Certificate, ec.EllipticCurvePublicKey]:
    named = f"issuer {parts.issuer_name!r}, serial {parts.serial}"
    for certificate in certificates:
        if not _matches(parts, certificate):
            continue
        key = certificate.public_key()
        if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
            return certificate, key
        detail = f"the certificate for {named} has a {describe_key(key)} key, not EC P-256"
        raise SignatureError(source, "unknown certificate", detail)
    given = len(certificates)
    detail = f"{named} is none of the {given} certificate{'s' if given != 1 else ''} given"
    raise SignatureError(source, "unknown certificate", detail)


def verify_element(
    root: etree._Element, certificates: Sequence[x509.Certificate], source: str = "<document>"
) -> Verified:
    """Verify the signature ending ``root``, which stands for the whole document.

    ``root`` must be as parsed from the bytes received: whitespace counts.
    """
    document = document_of(root)
    signature = trailing_signature(document.getroot())
    if signature is None:
        raise SignatureError(
            source, "no signature", "the root element does not end with a ds:Signature"
        )
    parts = read_signature(signature, source)
    certificate, key = _certificate(parts, certificates, source)
    if not verify_raw(key, parts.value, signed_info_octets(parts.signed_info, source)):
        detail = f"SignatureValue is not {certificate.subject.rfc4514_string()}'s signature of "
        raise SignatureError(source, "signature mismatch", detail + "the SignedInfo")
    if not hmac.compare_digest(document_digest(document, source), parts.digest):
        detail = "the document differs from what was signed"
        raise SignatureError(source, "digest mismatch", detail)
    return Verified(source, certificate, parts.issuer_name, parts.serial)


def verify(
    document: bytes,
    certificates: Sequence[x509.Certificate],
    source: str = "<bytes>",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Verified:
    """Parse untrusted ``document`` defensively and verify its signature.

    Unparseable input raises a typed :class:`~harness.errors.InputError`; a signature that
    does not verify raises :class:`~harness.errors.SignatureError`.
    """
    return verify_element(parse_bytes(document, source, max_bytes), certificates, source)
