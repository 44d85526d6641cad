"""Signing a DUIS message: an enveloped XML signature as the last child of the root.

The Signature names the signer's certificate by issuer and serial number only. The digest
covers the whole document as it is written out (whitespace included) except the Signature
element itself; the ECDSA signature covers the exclusive canonical form of ``ds:SignedInfo``.
"""

from __future__ import annotations

import base64
import copy
import re

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from harness.duis.namespaces import DS, ds
from harness.duis.xmlinput import DEFAULT_MAX_BYTES, parse_bytes
from harness.errors import KeyFileError
from harness.signing import algorithms as alg
from harness.signing.canonical import document_digest, signed_info_octets
from harness.signing.ecdsa import sign_raw
from harness.signing.envelope import document_of, trailing_signature
from harness.signing.keys import require_p256, same_key

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_INDENT = re.compile(r"\n([ \t]*)\Z")


def _add(
    parent: etree._Element, name: str, text: str | None = None, **attrs: str
) -> etree._Element:
    child = etree.SubElement(parent, ds(name), attrs)
    child.text = text
    return child


def signature_template(certificate: x509.Certificate) -> etree._Element:
    """An unsigned ``ds:Signature`` naming ``certificate`` (empty DigestValue, SignatureValue)."""
    signature = etree.Element(ds("Signature"), nsmap={"ds": DS})
    info = _add(signature, "SignedInfo")
    _add(info, "CanonicalizationMethod", Algorithm=alg.EXCLUSIVE_C14N)
    _add(info, "SignatureMethod", Algorithm=alg.ECDSA_SHA256)
    reference = _add(info, "Reference", URI="")
    _add(_add(reference, "Transforms"), "Transform", Algorithm=alg.ENVELOPED_SIGNATURE)
    _add(reference, "DigestMethod", Algorithm=alg.SHA256)
    _add(reference, "DigestValue")
    _add(signature, "SignatureValue")
    serial = _add(_add(_add(signature, "KeyInfo"), "X509Data"), "X509IssuerSerial")
    _add(serial, "X509IssuerName", certificate.issuer.rfc4514_string())
    _add(serial, "X509SerialNumber", str(certificate.serial_number))
    return signature


def _place(root: etree._Element, signature: etree._Element) -> None:
    """Make ``signature`` the root's last child, replacing a trailing one, following the
    document's indentation when it has one."""
    indent = _INDENT.search(root.text or "") if (root.text or "").strip() == "" else None
    if indent is not None:
        etree.indent(signature, space=indent.group(1) or "  ", level=1)
    existing = trailing_signature(root)
    if existing is not None:
        signature.tail = existing.tail
        root.replace(existing, signature)
        return
    last = root[-1] if len(root) else None
    if indent is not None and last is not None:
        signature.tail = last.tail
        last.tail = root.text
    root.append(signature)


def _document(document: bytes | etree._Element, source: str, max_bytes: int) -> etree._ElementTree:
    if isinstance(document, bytes):
        return parse_bytes(document, source, max_bytes).getroottree()
    return copy.deepcopy(document_of(document))


def _child(parent: etree._Element, path: str) -> etree._Element:
    found = parent.find(path, {"ds": DS})
    if found is None:  # pragma: no cover - the template always has it
        raise LookupError(path)
    return found


def sign(
    document: bytes | etree._Element,
    key: ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    *,
    source: str = "<document>",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """``document`` with an enveloped DUIS signature by ``key``, as UTF-8 XML bytes.

    Bytes are parsed defensively (``source`` names them in errors); an element is copied, not
    changed. A ``ds:Signature`` that already ends the root (a placeholder) is replaced.
    ``key`` must be EC P-256 and ``certificate`` must hold its public key
    (:class:`~harness.errors.KeyFileError` otherwise).
    """
    require_p256(key, "<private key>")
    if not same_key(key, certificate):
        subject = certificate.subject.rfc4514_string()
        raise KeyFileError("<certificate>", f"{subject} does not belong to the private key")
    tree = _document(document, source, max_bytes)
    signature = signature_template(certificate)
    _place(tree.getroot(), signature)
    digest = document_digest(tree, source)
    _child(signature, "ds:SignedInfo/ds:Reference/ds:DigestValue").text = _b64(digest)
    raw = sign_raw(key, signed_info_octets(_child(signature, "ds:SignedInfo"), source))
    _child(signature, "ds:SignatureValue").text = _b64(raw)
    return _DECLARATION + etree.tostring(tree, encoding="UTF-8", xml_declaration=False) + b"\n"


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")
