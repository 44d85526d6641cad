"""Templates made from a message's description give the bytes writing the message gives.

The oracle is the text writer (``write_document``), itself held to the lxml tree by
``test_writer``: a template filled with a document's values must give its bytes, escaped alike,
or decline (None) where the text writer would fall back to the tree.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from harness.duis.fragment import Fragment
from harness.duis.identifiers import Eui64, RequestId
from harness.duis.namespaces import SR, sr
from harness.duis.responses import Response, ResponseMessage
from harness.duis.template import _SPECIAL, Template
from harness.duis.writer import _NOT_XML, _TEXT_SPECIAL, Writer, WrittenFragment, write_document

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ID = RequestId(Eui64(0x0101010101010101), Eui64(0x0202020202020202), 31415926535)
SLOTS = ("\ue010v", str(ID), "\ue010c", "\ue010r", "\ue010s")
texts = st.text(max_size=30)  # any code point, control characters and surrogates included


def _response(
    version: str, code: str, reference: str, srv: str, payload: Fragment | None
) -> Response:
    return Response(
        schema_version=version,
        request_id=ID,
        response_code=code,
        response_datetime="2026-01-15T12:00:00Z",
        body=ResponseMessage(service_reference=reference, srv=srv, payload=payload),
    )


def _payload(text: str) -> WrittenFragment:
    def write(w: Writer) -> None:
        w.open(sr("GBCSPayload"), (("sr", SR),))
        w.leaf(sr("Marker"), text)
        w.close()

    return WrittenFragment.of(sr("GBCSPayload"), write)


HOLE = _payload("never written")


def _template(with_payload: bool) -> Template:
    example = _response(*SLOTS[:1], *SLOTS[2:], payload=HOLE if with_payload else None)
    made = Template.of(example.write, SLOTS, HOLE if with_payload else None)
    assert made is not None
    return made


@SETTINGS
@given(version=texts, code=texts, reference=texts, srv=texts, marker=texts)
@example(version='"q"\t\n\r<&>', code="a&b", reference="]]>\r", srv="é€😀", marker="x")
@example(version="5.4", code="I0", reference="\x00", srv="4.1", marker="y")
@example(version="5.4", code="I0", reference="4.1", srv="4.1", marker="\ud800")
def test_a_filled_template_gives_the_written_bytes_or_declines_alike(
    version: str, code: str, reference: str, srv: str, marker: str
) -> None:
    """A filled template gives the text writer's bytes for any values, or declines alike."""
    for with_payload in (False, True):
        payload = _payload(marker) if with_payload else None
        message = _response(version, code, reference, srv, payload)
        values = (version, str(ID), code, reference, srv)
        filled = _template(with_payload).fill(values, payload)
        carried = (version, code, reference, srv, *([marker] if with_payload else []))
        if any(_NOT_XML.search(v) for v in carried):
            assert filled is None
        else:
            assert filled == write_document(message.write)


def test_an_example_whose_slot_is_not_written_once_is_no_template() -> None:
    """A slot the example leaves out, or writes twice, makes no template; slots must differ."""
    example = _response("\ue010v", "\ue010c", "\ue010r", "\ue010r", None)
    assert Template.of(example.write, ("\ue010v", "\ue010c", "\ue010r")) is None  # twice
    assert Template.of(example.write, ("\ue010v", "\ue010c", "\ue010x")) is None  # never
    with pytest.raises(ValueError, match="text of its own"):
        Template.of(example.write, ("\ue010v", "\ue010v"))


def test_a_template_with_a_hole_needs_its_fragment() -> None:
    """Filling a template that has a hole without a fragment is a ValueError."""
    with pytest.raises(ValueError, match="give its fragment"):
        _template(True).fill(("5.4", str(ID), "I0", "4.1", "4.1"))


def test_the_escape_classes_match_their_definitions() -> None:
    """The escape-check character classes match exactly the characters they are defined by."""
    not_xml = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    samples = [chr(c) for c in range(0x10000)] + ["\U00010000", "\U0001f600", "\U0010ffff"]
    for char in samples:
        cannot = bool(not_xml.search(char))
        assert bool(_TEXT_SPECIAL.search(char)) == (cannot or char in "&<>\r"), repr(char)
        assert bool(_SPECIAL.search(char)) == (cannot or char in '&<>"\t\n\r'), repr(char)
