from __future__ import annotations

from pathlib import Path

import pytest

from harness.duis.xmlinput import parse_bytes, parse_file
from harness.errors import (
    ForbiddenXmlError,
    MalformedXmlError,
    OversizeInputError,
    UnreadableInputError,
)

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""


def test_well_formed_document_parses() -> None:
    """A plain document parses to its root element."""
    assert parse_bytes(b"<a><b/></a>").tag == "a"


def test_entity_bomb_is_refused() -> None:
    """A document with entity declarations is refused as forbidden, not expanded."""
    with pytest.raises(ForbiddenXmlError) as caught:
        parse_bytes(BOMB, "bomb.xml")
    assert caught.value.source == "bomb.xml"


def test_external_entity_is_refused(tmp_path: Path) -> None:
    """An external entity is never read from disk."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doc = f'<!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]><a>&x;</a>'.encode()
    with pytest.raises(ForbiddenXmlError):
        parse_bytes(doc)


def test_malformed_reports_line() -> None:
    """Broken XML raises MalformedXmlError with the line of the fault."""
    with pytest.raises(MalformedXmlError) as caught:
        parse_bytes(b"<a>\n<b>\n</a>", "broken.xml")
    assert caught.value.line == 3
    assert str(caught.value).startswith("broken.xml:3:")


def test_empty_document_is_malformed() -> None:
    """An empty input is reported as malformed, not as a crash."""
    with pytest.raises(MalformedXmlError):
        parse_bytes(b"   ")


def test_size_limit_applies_to_bytes_and_files(tmp_path: Path) -> None:
    """Inputs larger than the limit are refused before parsing."""
    with pytest.raises(OversizeInputError) as caught:
        parse_bytes(b"<a>" + b"x" * 100 + b"</a>", max_bytes=50)
    assert caught.value.limit == 50
    big = tmp_path / "big.xml"
    big.write_bytes(b"<a>" + b"x" * 100 + b"</a>")
    with pytest.raises(OversizeInputError):
        parse_file(big, max_bytes=50)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    """A missing file raises UnreadableInputError naming it."""
    with pytest.raises(UnreadableInputError) as caught:
        parse_file(tmp_path / "nope.xml")
    assert caught.value.source.endswith("nope.xml")


def test_excessive_depth_is_refused() -> None:
    """Nesting beyond libxml2's safe depth is refused with a typed error."""
    deep = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(MalformedXmlError):
        parse_bytes(deep)
