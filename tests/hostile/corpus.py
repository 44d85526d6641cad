"""Hostile and broken inputs, made by the tests (nothing downloaded), with what each must give.

``expected`` is the error kind every reader must report: ``forbidden`` (DTD, entities),
``malformed`` (not well-formed, over libxml2's depth or node-size limits, bad encoding),
``oversize`` (over the size limit), ``not-duis`` (well-formed, but not a DUIS message), or
``accepted`` (hostile-looking but legal: a UTF-8 byte-order mark before a valid request).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from harness.duis.builder import build_request
from harness.duis.namespaces import SR

DEVICE = "00-DB-12-34-56-78-90-A4"
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Sample:
    """One input and the kind of outcome it must have."""

    name: str
    data: bytes
    expected: str


def _request() -> bytes:
    return build_request("11.2", target=DEVICE).xml


@cache
def corpus() -> tuple[Sample, ...]:
    """Every sample (built once per process; the large ones are a few tens of MB)."""
    request = _request()
    laughs = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    deep = b"<a>" * 10_000 + b"</a>" * 10_000
    return (
        Sample(
            "external-entity",
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<r>&x;</r>",
            "forbidden",
        ),
        Sample(
            "entity-expansion-bomb",
            f'<?xml version="1.0"?><!DOCTYPE r [{laughs}]><r>&l9;</r>'.encode(),
            "forbidden",
        ),
        Sample(
            "external-dtd",
            b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.invalid/r.dtd"><r/>',
            "forbidden",
        ),
        Sample("deep-nesting", deep, "malformed"),
        Sample(
            "fifty-megabytes",
            b"<r>" + b"<x>filler</x>" * (50 * MEGABYTE // 13) + b"</r>",
            "oversize",
        ),
        Sample("huge-attribute", b'<r a="' + b"x" * (12 * MEGABYTE) + b'"/>', "malformed"),
        Sample("huge-text", b"<r>" + b"x" * (12 * MEGABYTE) + b"</r>", "malformed"),
        Sample(
            "invalid-utf8",
            b'<?xml version="1.0" encoding="UTF-8"?><r>\xff\xfe\xfa</r>',
            "malformed",
        ),
        Sample("utf8-byte-order-mark", b"\xef\xbb\xbf" + request, "accepted"),
        Sample("utf16-byte-order-mark-on-utf8", b"\xff\xfe" + request, "malformed"),
        Sample(
            "wrong-namespace",
            request.replace(SR.encode(), b"http://example.invalid/not-duis"),
            "not-duis",
        ),
        Sample("wrong-root", f'<Foo xmlns="{SR}"><Bar/></Foo>'.encode(), "not-duis"),
    )
