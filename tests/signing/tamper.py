"""One-byte changes of a signed document, each with the outcome it must have.

Every alphanumeric byte of the document (and every byte of character data) is changed once:

- character data and attribute values, changed through the tree so that the serialised
  document differs in exactly that one byte (checked);
- the values of namespace declarations;
- markup: element names, attribute names and the XML declaration.

``outcome`` names what :func:`harness.signing.verify` did: "verified", a
:class:`~harness.errors.SignatureError` reason, or the class name of a typed input error.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography import x509
from lxml import etree

from harness.duis.namespaces import ds
from harness.errors import InputError, SignatureError
from harness.signing import verify

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_B64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
_TAG = re.compile(rb"<(/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+=\"[^\"]*\")*)\s*(/?)>")
_ATTRIBUTE = re.compile(rb"([\w.:-]+)=\"([^\"]*)\"")

SIGNED_INFO = {ds("SignedInfo")}


@dataclass(frozen=True)
class Case:
    """Replace the byte at ``offset`` by ``byte``; verification must give ``expected``."""

    region: str
    offset: int
    byte: int
    expected: str
    why: str

    def apply(self, document: bytes) -> bytes:
        """The document with this one byte changed."""
        return document[: self.offset] + bytes([self.byte]) + document[self.offset + 1 :]


def outcome(document: bytes, certificates: list[x509.Certificate]) -> str:
    """What verification made of ``document`` (typed failures only; anything else raises)."""
    try:
        verify(document, certificates, "tampered.xml")
    except SignatureError as exc:
        return exc.reason
    except InputError as exc:
        return type(exc).__name__
    return "verified"


def other(char: str) -> str:
    """A different character of the same kind: next digit or letter, other whitespace, '_'."""
    if char in string.digits:
        return str((int(char) + 1) % 10)
    for alphabet in (string.ascii_lowercase, string.ascii_uppercase):
        if char in alphabet:
            return alphabet[(alphabet.index(char) + 1) % 26]
    return {" ": "\t", "\n": " ", "\t": " ", "_": "-"}.get(char, "_")


def _within(element: etree._Element, tags: set[str]) -> bool:
    return element.tag in tags or any(a.tag in tags for a in element.iterancestors())


def _content_expectation(container: etree._Element, slot: str, char: str) -> tuple[str, str, str]:
    """(region, replacement, expected outcome) for one character of text or attribute value."""
    if not _within(container, {ds("Signature")}):
        return "document content", other(char), "digest mismatch"
    if _within(container, SIGNED_INFO):
        if slot.startswith("@"):
            return "SignedInfo", other(char), "malformed signature"
        if container.tag == ds("DigestValue") and slot == "text":
            return "SignedInfo", *_base64_change(char)
        return "SignedInfo", other(char), "signature mismatch"
    if container.tag == ds("SignatureValue") and slot == "text":
        return "SignatureValue", *_base64_change(char)
    if container.tag == ds("X509SerialNumber") and slot == "text":
        return "KeyInfo", other(char), "unknown certificate"
    if container.tag == ds("X509IssuerName") and slot == "text":
        return "KeyInfo", other(char), _issuer_expectation(char)
    return "unsigned layout", other(char), "verified"


def _base64_change(char: str) -> tuple[str, str]:
    """Flip the high bit of a base64 digit (still canonical base64, another value: the
    signature no longer matches); padding '=' becomes '_', which is no base64."""
    if char == "=":
        return "_", "malformed signature"
    return _B64[_B64.index(char) ^ 32], "signature mismatch"


def _issuer_expectation(char: str) -> str:
    if char.isspace():
        return "verified"  # tab and space are the same in a name (RFC 4518 insignificant space)
    if char.isalnum() or char == ",":
        return "unknown certificate"  # another name (an unescaped ',' separates RDNs)
    return "malformed signature"  # '=' or '\' changed: no longer a distinguished name


def _escaped_comma(value: str, index: int) -> bool:
    return value[index] == "," and index > 0 and value[index - 1] == "\\"


def _set_slot(element: etree._Element, slot: str, value: str) -> None:
    if slot == "text":
        element.text = value
    elif slot == "tail":
        element.tail = value
    else:
        element.set(slot[1:], value)


def _slots(element: etree._Element) -> Iterator[tuple[str, str, etree._Element | None]]:
    yield "text", element.text or "", element
    yield "tail", element.tail or "", element.getparent()
    for name, value in element.attrib.items():
        yield f"@{name!s}", str(value), element


def serialise(root: etree._Element) -> bytes:
    """The document as :func:`harness.signing.sign` writes it."""
    return DECLARATION + etree.tostring(root, encoding="UTF-8") + b"\n"


def content_cases(signed: bytes) -> Iterator[Case]:
    """Every character of every text node and attribute value, changed once."""
    original = etree.fromstring(signed)
    assert serialise(original) == signed, "the signed document is not as lxml writes it"
    for number, element in enumerate(original.iter(tag=etree.Element)):
        for slot, value, container in _slots(element):
            if container is None:
                continue
            for index, char in enumerate(value):
                region, new, expected = _content_expectation(container, slot, char)
                if container.tag == ds("X509IssuerName") and _escaped_comma(value, index):
                    expected = "malformed signature"  # '\_' is no escape
                copy = etree.fromstring(signed)
                target = list(copy.iter(tag=etree.Element))[number]
                _set_slot(target, slot, value[:index] + new + value[index + 1 :])
                changed = serialise(copy)
                offsets = [
                    i for i, (a, b) in enumerate(zip(signed, changed, strict=True)) if a != b
                ]
                assert len(offsets) == 1, (slot, value, index)
                why = f"{etree.QName(container).localname} {slot} {value!r}[{index}]"
                yield Case(region, offsets[0], changed[offsets[0]], expected, why)


def namespace_cases(signed: bytes) -> Iterator[Case]:
    """Every character of every namespace URI declared, changed once."""
    for match in re.finditer(rb'xmlns(?::(\w+))?="([^"]*)"', signed):
        prefix = (match.group(1) or b"").decode()
        scheme_end = signed.index(b":", match.start(2))
        for offset in range(match.start(2), match.end(2)):
            if prefix == "ds":
                expected, why = "no signature", "the Signature is no longer in the ds namespace"
            elif offset == scheme_end:
                expected, why = "MalformedXmlError", "a relative namespace URI cannot be canonical"
            else:
                expected, why = "digest mismatch", "the document's elements changed namespace"
            new = other(chr(signed[offset])).encode()
            yield Case("namespaces", offset, new[0], expected, f"xmlns:{prefix} URI: {why}")


def _region_of(offset: int, signed: bytes) -> str:
    signature = signed.index(b"<ds:Signature")
    if signature <= offset < signed.index(b"</ds:SignedInfo>") + len(b"</ds:SignedInfo>"):
        return "SignedInfo" if offset > signed.index(b"<ds:SignedInfo") else "Signature"
    if signature <= offset < signed.index(b"</ds:Signature>") + len(b"</ds:Signature>"):
        return "Signature"
    return "document"


def _markup_expectation(
    part: str, region: str, empty: bool, name: bytes, offset_in_name: int
) -> tuple[str, str]:
    if part == "element":
        if not empty:
            return "MalformedXmlError", "start and end tags no longer match"
        if offset_in_name < name.find(b":"):
            return "MalformedXmlError", "undeclared prefix"
    elif name.startswith(b"xmlns"):
        return "MalformedXmlError", "namespace declaration renamed: a prefix is undeclared"
    if region == "document":
        return "digest mismatch", f"{part} renamed in the document"
    return "malformed signature", f"{part} renamed in {region}"


def markup_cases(signed: bytes) -> Iterator[Case]:
    """Every letter or digit of element and attribute names, changed once."""
    root_start = signed.index(b"<", len(DECLARATION) - 1)
    for tag in _TAG.finditer(signed, root_start):
        region = _region_of(tag.start(), signed)
        empty = bool(tag.group(4))
        names = [("element", tag.start(2), tag.group(2))]
        for attribute in _ATTRIBUTE.finditer(tag.group(3)):
            names.append(("attribute", tag.start(3) + attribute.start(1), attribute.group(1)))
        for part, start, name in names:
            for index, byte in enumerate(name):
                if not chr(byte).isalnum():
                    continue
                expected, why = _markup_expectation(part, region, empty, name, index)
                new = other(chr(byte)).encode()[0]
                yield Case(f"markup: {region}", start + index, new, expected, why)


def declaration_cases(signed: bytes) -> Iterator[Case]:
    """Every letter or digit of the XML declaration, changed once (it is not signed)."""
    assert signed.startswith(DECLARATION)
    minor_version = DECLARATION.index(b'1.0"') + 2
    for offset in range(len(DECLARATION)):
        byte = signed[offset]
        if not chr(byte).isalnum():
            continue
        if offset in (2, 3, 4):
            expected, why = "digest mismatch", "'<?xml' becomes a processing instruction"
        elif offset == minor_version:
            expected, why = "verified", "version 1.1: the declaration is not signed"
        else:
            expected, why = "MalformedXmlError", "no longer a valid XML declaration"
        yield Case("XML declaration", offset, other(chr(byte)).encode()[0], expected, why)


def all_cases(signed: bytes) -> list[Case]:
    """Every case above."""
    return [
        *content_cases(signed),
        *namespace_cases(signed),
        *markup_cases(signed),
        *declaration_cases(signed),
    ]
