"""Comparing an ``X509IssuerName`` with a certificate's issuer.

The signer writes the issuer as an RFC 4514 (RFC 2253) string; other tools write the same name
with spaces after the commas, lower-case attribute types or hex-escaped characters. Two names
match when they have the same RDNs in the same order, each with the same attribute types and
values, where types are compared by OID (or upper-cased keyword when unknown) and values
case-insensitively with leading, trailing and repeated spaces ignored.
"""

from __future__ import annotations

from cryptography import x509

#: One RDN: its (type, value) pairs, sorted (a multi-valued RDN has no order).
Rdn = tuple[tuple[str, str], ...]

_KEYWORDS = {
    "CN": "2.5.4.3",
    "SN": "2.5.4.4",
    "SERIALNUMBER": "2.5.4.5",
    "C": "2.5.4.6",
    "L": "2.5.4.7",
    "ST": "2.5.4.8",
    "STREET": "2.5.4.9",
    "O": "2.5.4.10",
    "OU": "2.5.4.11",
    "TITLE": "2.5.4.12",
    "GIVENNAME": "2.5.4.42",
    "DC": "0.9.2342.19200300.100.1.25",
    "UID": "0.9.2342.19200300.100.1.1",
    "E": "1.2.840.113549.1.9.1",
    "EMAILADDRESS": "1.2.840.113549.1.9.1",
}

_SPECIAL = ',+"\\<>;=# '


class NameSyntaxError(ValueError):
    """A string that is not an RFC 4514 distinguished name."""


def _attribute_type(text: str) -> str:
    name = text.strip()
    if not name:
        raise NameSyntaxError("an attribute type is empty")
    upper = name.upper()
    if upper.startswith("OID."):
        upper = upper[4:]
    return _KEYWORDS.get(upper, upper)


def _unescape(text: str) -> str:
    raw = bytearray()
    index = 0
    while index < len(text):
        char = text[index]
        if char != "\\":
            raw += char.encode()
            index += 1
            continue
        pair = text[index + 1 : index + 3]
        if len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair):
            raw.append(int(pair, 16))
            index += 3
        elif pair[:1] and pair[0] in _SPECIAL:
            raw += pair[0].encode()
            index += 2
        else:
            raise NameSyntaxError(f"bad escape in {text!r}")
    try:
        return raw.decode()
    except UnicodeDecodeError:
        raise NameSyntaxError(f"escaped bytes are not UTF-8 in {text!r}") from None


def _value(text: str) -> str:
    stripped = text.strip(" ")
    if stripped.startswith("#"):
        return stripped.lower()
    return " ".join(_unescape(stripped).split()).casefold()


def _split(text: str, separators: str) -> list[str]:
    """Split at unescaped separators (quoted values are not used by DUIS and not supported)."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        raise NameSyntaxError(f"trailing backslash in {text!r}")
    parts.append("".join(current))
    return parts


def parse_name(text: str) -> tuple[Rdn, ...]:
    """The comparable form of an RFC 4514 string; raises :class:`NameSyntaxError`."""
    if not text.strip():
        return ()
    rdns: list[Rdn] = []
    for rdn_text in _split(text, ",;"):
        pairs: list[tuple[str, str]] = []
        for pair_text in _split(rdn_text, "+"):
            kind, equals, value = pair_text.partition("=")
            if not equals:
                raise NameSyntaxError(f"{pair_text.strip()!r} has no '='")
            pairs.append((_attribute_type(kind), _value(value)))
        rdns.append(tuple(sorted(pairs)))
    return tuple(rdns)


def name_of(name: x509.Name) -> tuple[Rdn, ...]:
    """The comparable form of a certificate name (RFC 4514 order: most specific RDN first)."""
    return parse_name(name.rfc4514_string())


def same_name(text: str, name: x509.Name) -> bool:
    """Whether the string ``text`` names ``name``; a string that is no DN names nothing."""
    try:
        return parse_name(text) == name_of(name)
    except NameSyntaxError:
        return False
