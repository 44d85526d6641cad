"""Reading the parts of a ``ds:Signature`` the way DUIS uses it, or saying what is wrong.

Expected shape (comments are ignored; anything else is a "malformed signature")::

    Signature
      SignedInfo
        CanonicalizationMethod  Algorithm=exclusive c14n
        SignatureMethod         Algorithm=ecdsa-sha256
        Reference URI=""        (exactly one)
          Transforms/Transform  enveloped-signature [, inclusive c14n]
          DigestMethod          Algorithm=sha256
          DigestValue           base64 of 32 bytes (whitespace allowed, unused bits zero)
      SignatureValue            base64 of 64 bytes: r‖s (whitespace allowed, unused bits zero)
      KeyInfo/X509Data/X509IssuerSerial
        X509IssuerName          RFC 4514 distinguished name
        X509SerialNumber        decimal integer
      Object*                   (ignored)
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from lxml import etree

from harness.duis.namespaces import ds
from harness.errors import SignatureError
from harness.signing import algorithms as alg
from harness.signing.names import NameSyntaxError, Rdn, parse_name

_WHITESPACE = re.compile(r"[ \t\r\n]+")
_INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class SignatureParts:
    """What a verifier needs from a ``ds:Signature``."""

    signed_info: etree._Element
    digest: bytes
    value: bytes
    issuer_name: str
    issuer: tuple[Rdn, ...]
    serial: int


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, detail: str) -> SignatureError:
        return SignatureError(self.source, "malformed signature", detail)

    def children(
        self,
        parent: etree._Element,
        names: tuple[str, ...],
        optional: tuple[str, ...] = (),
        ignored: tuple[str, ...] = (),
    ) -> dict[str, etree._Element]:
        """The element children of ``parent``, which must be ``names`` in this order (those in
        ``optional`` may be missing; elements named in ``ignored`` are skipped)."""
        skip = {ds(name) for name in ignored}
        found = [c for c in parent.iterchildren(tag=etree.Element) if c.tag not in skip]
        result: dict[str, etree._Element] = {}
        index = 0
        for name in names:
            if index < len(found) and found[index].tag == ds(name):
                result[name] = found[index]
                index += 1
            elif name not in optional:
                raise self.fail(f"ds:{_local(parent)} lacks ds:{name} (in this order: {names})")
        if index < len(found):
            raise self.fail(f"unexpected {_qualified(found[index])} in ds:{_local(parent)}")
        return result

    def algorithm(self, element: etree._Element, expected: str) -> None:
        found = element.get("Algorithm")
        if found != expected:
            raise self.fail(f"ds:{_local(element)} Algorithm {found!r} is not supported")
        if len(element):
            raise self.fail(f"ds:{_local(element)} parameters are not supported")

    def base64(self, element: etree._Element, size: int) -> bytes:
        text = _WHITESPACE.sub("", element.text or "")
        try:
            value = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise self.fail(f"ds:{_local(element)} is not base64") from None
        if len(value) != size:
            raise self.fail(f"ds:{_local(element)} holds {len(value)} bytes, not {size}")
        if base64.b64encode(value).decode("ascii") != text:
            raise self.fail(f"ds:{_local(element)} is not canonical base64 (unused bits set)")
        return value


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _qualified(element: etree._Element) -> str:
    prefix = element.prefix
    return f"{prefix}:{_local(element)}" if prefix else _local(element)


def _transforms(reader: _Reader, reference: etree._Element) -> None:
    transforms = reference.find(ds("Transforms"))
    listed: list[str | None] = []
    if transforms is not None:
        for transform in transforms.iterchildren(tag=etree.Element):
            if transform.tag != ds("Transform") or len(transform):
                raise reader.fail(f"unexpected {_qualified(transform)} in ds:Transforms")
            listed.append(transform.get("Algorithm"))
    if tuple(listed) not in alg.ACCEPTED_TRANSFORMS:
        raise reader.fail(f"Transforms {listed} are not supported (expected enveloped-signature)")


def _signed_info(reader: _Reader, signed_info: etree._Element) -> bytes:
    parts = reader.children(signed_info, ("CanonicalizationMethod", "SignatureMethod", "Reference"))
    reader.algorithm(parts["CanonicalizationMethod"], alg.EXCLUSIVE_C14N)
    reader.algorithm(parts["SignatureMethod"], alg.ECDSA_SHA256)
    reference = parts["Reference"]
    if reference.get("URI") != "":
        raise reader.fail(f'Reference URI is {reference.get("URI")!r}, not "" (whole document)')
    inner = reader.children(
        reference, ("Transforms", "DigestMethod", "DigestValue"), optional=("Transforms",)
    )
    _transforms(reader, reference)
    reader.algorithm(inner["DigestMethod"], alg.SHA256)
    return reader.base64(inner["DigestValue"], alg.DIGEST_SIZE)


def _issuer_serial(reader: _Reader, key_info: etree._Element) -> tuple[str, tuple[Rdn, ...], int]:
    found = key_info.find(f"{ds('X509Data')}/{ds('X509IssuerSerial')}")
    if found is None:
        raise reader.fail("ds:KeyInfo has no ds:X509Data/ds:X509IssuerSerial")
    parts = reader.children(found, ("X509IssuerName", "X509SerialNumber"))
    name = parts["X509IssuerName"].text or ""
    try:
        issuer = parse_name(name)
    except NameSyntaxError as exc:
        raise reader.fail(f"X509IssuerName {name!r} is not a distinguished name: {exc}") from None
    serial_text = (parts["X509SerialNumber"].text or "").strip()
    if not _INTEGER.fullmatch(serial_text):
        raise reader.fail(f"X509SerialNumber {serial_text!r} is not a decimal integer")
    return name, issuer, int(serial_text)


def read_signature(signature: etree._Element, source: str) -> SignatureParts:
    """The parts of ``signature``, or a "malformed signature" :class:`SignatureError`."""
    reader = _Reader(source)
    parts = reader.children(
        signature, ("SignedInfo", "SignatureValue", "KeyInfo"), ignored=("Object",)
    )
    digest = _signed_info(reader, parts["SignedInfo"])
    value = reader.base64(parts["SignatureValue"], alg.SIGNATURE_SIZE)
    name, issuer, serial = _issuer_serial(reader, parts["KeyInfo"])
    return SignatureParts(parts["SignedInfo"], digest, value, name, issuer, serial)
