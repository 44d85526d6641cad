"""The text writer gives exactly the bytes of the lxml tree serialised, or falls back to it.

Every message writes ``to_xml()`` as text where it can; the oracle is the tree the same message
builds (``to_element()``) serialised by ``_xmltree.serialise``.
"""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from harness.duis._xmltree import serialise
from harness.duis.fragment import Fragment
from harness.duis.identifiers import Eui64, RequestId
from harness.duis.messages import (
    DCCAlertMessage,
    Request,
    Response,
    ResponseMessage,
    S1SPAlert,
    SMETS1ResponseMessage,
    SMETS1SignedResponse,
    parse_message,
)
from harness.duis.namespaces import DS, RA, SR, sr
from harness.duis.smets1 import DeviceAlertContent, SMETS1DeviceAlert
from harness.duis.writer import Writer, WrittenFragment, element_of
from tests.conftest import TEMPLATES, require_reference
from tests.duis.test_messages import ACKNOWLEDGEMENT, FIXTURES, SMETS1_RESPONSE

TEMPLATE_NAMES = sorted(p.name for p in TEMPLATES.glob("*.XML")) or ["(reference absent)"]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Written = Request | Response | S1SPAlert | SMETS1SignedResponse


def _same_both_ways(message: Written) -> bytes:
    text = message.to_xml()
    assert text == serialise(message.to_element())
    return text


def _same_both_ways_or_refused(message: Written) -> None:
    """The same bytes from text and tree, or a ValueError from both."""
    try:
        tree: bytes | None = serialise(message.to_element())
    except ValueError:
        tree = None
    try:
        text: bytes | None = message.to_xml()
    except ValueError:
        text = None
    assert text == tree


def _response(body: ResponseMessage | DCCAlertMessage | SMETS1ResponseMessage) -> Response:
    identifier = RequestId(
        Eui64.parse("90-B3-D5-1F-30-01-00-00"), Eui64.parse("00-00-00-00-00-00-00-01"), 7
    )
    return Response(
        schema_version="5.4",
        request_id=identifier,
        response_id=identifier.swapped(),
        response_code="I0",
        response_datetime="2026-01-15T12:00:00Z",
        body=body,
    )


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixtures_write_the_same_bytes_as_the_tree(name: str) -> None:
    """Each response/alert fixture, parsed, is written as text byte for byte as its tree."""
    message = parse_message(FIXTURES[name].encode(), name)
    assert isinstance(message, Response | S1SPAlert | SMETS1SignedResponse)
    _same_both_ways(message)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_rtds_requests_write_the_same_bytes_as_the_tree(name: str) -> None:
    """Each RTDS request template, parsed, is written as text byte for byte as its tree."""
    require_reference()
    message = parse_message((TEMPLATES / name).read_bytes(), name)
    assert isinstance(message, Request)
    _same_both_ways(message)


def test_default_namespace_document_falls_back_to_the_tree() -> None:
    """A document with sr as the default namespace is written through the tree, unchanged."""
    data = ACKNOWLEDGEMENT.replace("sr:", "").replace("xmlns:sr=", "xmlns=").encode()
    message = parse_message(data, "default-ns")
    assert isinstance(message, Response)
    assert b"<Response " in _same_both_ways(message)


def test_namespace_declared_on_a_nested_element_stays_there() -> None:
    """A declaration only a nested global element makes is written on it, as the tree does."""
    data = SMETS1_RESPONSE.replace(
        '<sr:SMETS1SignedResponse schemaVersion="5.4">',
        '<sr:SMETS1SignedResponse xmlns:x="urn:example:x" schemaVersion="5.4">',
    )
    message = parse_message(data.encode(), "nested-ns")
    assert isinstance(message, Response)
    assert b'<sr:SMETS1SignedResponse xmlns:x="urn:example:x"' in _same_both_ways(message)


@pytest.mark.parametrize(
    "payload",
    [
        # declarations the document makes are dropped, others kept
        f'<sr:GBCSPayload xmlns:sr="{SR}" xmlns:x="urn:x">AA<x:n/></sr:GBCSPayload>',
        # a nested declaration, and a prefix the document binds to another namespace
        f'<sr:GBCSPayload xmlns:sr="{SR}"><ra:n xmlns:ra="urn:other">t</ra:n></sr:GBCSPayload>',
        # another prefix for the document's namespace
        f'<p:GBCSPayload xmlns:p="{SR}">AA</p:GBCSPayload>',
        # mixed content, comments, processing instructions and layout kept by the fragment
        f'<sr:GBCSPayload xmlns:sr="{SR}">a<!-- c --><sr:x>\n y </sr:x><?pi d?>b</sr:GBCSPayload>',
        f'<sr:GBCSPayload xmlns:sr="{SR}">\n  <sr:x a="1&#10;&gt;"/>\n</sr:GBCSPayload>',
    ],
)
def test_payload_fragments_are_written_as_the_tree_grafts_them(payload: str) -> None:
    """Fragments with their own, nested or conflicting declarations give the tree's bytes."""
    body = ResponseMessage(service_reference="4.1", srv="4.1.1", payload=Fragment(payload.encode()))
    _same_both_ways(_response(body))


def test_a_root_declaring_nothing_is_written_as_the_tree_writes_it() -> None:
    """A response whose namespaces are empty gets lxml's generated prefixes, as from the tree."""
    message = replace(
        _response(ResponseMessage(service_reference="4.1", srv="4.1.1")), namespaces=()
    )
    assert b"<ns0:Response" in _same_both_ways(message)


texts = st.text(max_size=40)  # any code point, control characters and surrogates included


@SETTINGS
@given(reference=texts, srv=texts, version=texts)
@example(reference="a&b<c>d]]>", srv="\r\n\t x", version='"q"\t\n\r<&>')
@example(reference="é€😀", srv="\x00", version="5.4")
@example(reference="ok", srv="\ufffe", version="\x1f")
def test_any_text_is_escaped_as_lxml_escapes_it_or_refused_the_same_way(
    reference: str, srv: str, version: str
) -> None:
    """Leaf text and attribute values give the tree's bytes, or the tree's ValueError."""
    message = replace(
        _response(ResponseMessage(service_reference=reference, srv=srv)), schema_version=version
    )
    _same_both_ways_or_refused(message)


@SETTINGS
@given(
    description=texts, code=st.sampled_from([None, "8F1C"]), clock=st.sampled_from([None, "Valid"])
)
def test_smets1_device_alert_text_matches_the_tree(
    description: str, code: str | None, clock: str | None
) -> None:
    """A SMETS1 device alert (leaf attributes, a nested global element) gives the tree's bytes."""
    data = SMETS1_RESPONSE
    message = parse_message(data.encode(), "smets1")
    assert isinstance(message, Response)
    assert isinstance(message.body, SMETS1ResponseMessage)
    signed = message.body.signed_response
    alert = SMETS1DeviceAlert(
        content=DeviceAlertContent(
            gbcs_hex_alert_code=code,
            alert_description=description,
            timestamp="2026-01-15T12:00:00Z",
        )
    )
    header = replace(
        signed.header, timestamp_clock_status=clock, timestamp_is_from_gsme=clock is None
    )
    body = replace(message.body, signed_response=replace(signed, body=alert, header=header))
    changed = replace(message, body=body)
    _same_both_ways_or_refused(changed)


# --- written fragments ----------------------------------------------------------------------


def _written_alert(code: str = "N42", text: str = "S1CE20") -> DCCAlertMessage:
    """A DCC alert whose content is written: a wrapper holding a global S1SPAlert (which
    declares its own namespaces) and a leaf with ``text``."""
    message = parse_message(SMETS1_RESPONSE.encode(), "smets1")
    assert isinstance(message, Response)
    assert message.signature is not None
    alert = S1SPAlert(
        schema_version="5.4",
        s1sp_alert_code=text,
        date_time="2026-01-15T12:00:00Z",
        signature=message.signature,
    )

    def write(w: Writer) -> None:
        w.open(sr("S1SPAlertDSP"), (("sr", SR),))
        alert.write(w)
        w.close()

    return DCCAlertMessage(dcc_alert_code=code, alert=WrittenFragment.of(sr("S1SPAlertDSP"), write))


@pytest.mark.parametrize(
    "namespaces",
    [
        None,  # the default sr/ra/ds: written in place
        (("p", SR), ("ra", RA), ("ds", DS)),  # another prefix for sr: through the tree
        ((None, SR), ("ra", RA), ("ds", DS)),  # sr as the default namespace: through the tree
        (),  # a root declaring nothing
    ],
)
def test_a_written_fragment_gives_the_bytes_of_its_tree_grafted(
    namespaces: tuple[tuple[str | None, str], ...] | None,
) -> None:
    """A written fragment, in place or through the tree, gives the bytes of grafting its tree."""
    message = _response(_written_alert())
    if namespaces is not None:
        message = replace(message, namespaces=namespaces)
    text = _same_both_ways(message)
    assert text.count(b"S1SPAlertDSP") == 2


def test_a_written_fragments_bytes_are_those_of_the_element_it_describes() -> None:
    """``xml`` is the element ``write`` builds, serialised; it reads and compares as a Fragment."""
    content = _written_alert().alert
    assert isinstance(content, WrittenFragment)
    tree = element_of(content.__dict__["write"])
    assert content.xml == etree.tostring(tree)
    plain = Fragment(content.xml)
    assert content == plain
    assert plain == content
    assert hash(content) == hash(plain)
    assert content.text_of("S1SPAlert/S1SPAlertCode") == "S1CE20"
    assert content != Fragment(content.xml.replace(b"S1CE20", b"S1CE21"))


def test_a_written_fragment_travels_as_its_bytes() -> None:
    """Pickled, a written fragment arrives as a plain fragment with the same bytes."""
    content = _written_alert().alert
    arrived = pickle.loads(pickle.dumps(content))
    assert type(arrived) is Fragment
    assert arrived.xml == content.xml


def test_a_written_fragment_must_describe_its_tag() -> None:
    """A write function describing another element than its tag is refused, read or written."""

    def write(w: Writer) -> None:
        w.open(sr("Other"), (("sr", SR),))
        w.close()

    fragment = WrittenFragment.of(sr("Expected"), write)
    with pytest.raises(ValueError, match=r"describes .*Other, not .*Expected"):
        _ = fragment.xml
    message = _response(ResponseMessage(service_reference="4.1", srv="4.1.1", payload=fragment))
    with pytest.raises(ValueError, match=r"describes .*Other, not .*Expected"):
        message.to_xml()  # written as text, it is refused as the tree refuses it
    with pytest.raises(ValueError, match=r"describes .*Other, not .*Expected"):
        message.to_element()


@SETTINGS
@given(text=texts)
@example(text="a&b<c>d]]>\r")
@example(text="\x00")
def test_any_text_in_a_written_fragment_matches_the_tree_or_is_refused_alike(text: str) -> None:
    """Leaf text inside a written fragment gives the tree's bytes, or the tree's ValueError."""
    _same_both_ways_or_refused(_response(_written_alert(text=text)))


def test_a_written_fragment_is_written_once_per_depth_and_reused_alike() -> None:
    """A written fragment grafted again gives the tree's bytes and is written once per depth."""
    calls = []

    def write(w: Writer) -> None:
        calls.append(1)
        w.open(sr("DSPInventory"), (("sr", SR),))
        w.leaf(sr("Marker"), "a&b")
        w.close()

    fragment = WrittenFragment.of(sr("DSPInventory"), write)
    message = _response(ResponseMessage(service_reference="8.2", srv="8.2", payload=fragment))
    first = _same_both_ways(message)  # once as text, once for the tree (kept as its _root)
    assert len(calls) == 2
    assert _same_both_ways(message) == first
    assert replace(message, response_code="I99").to_xml() == first.replace(b">I0<", b">I99<")
    assert len(calls) == 2
    nested = WrittenFragment.of(sr("DSPInventory"), write)

    def outer(w: Writer) -> None:
        w.open(sr("PPMIDAlert"), (("sr", SR),))
        w.graft(nested)
        w.graft(nested)
        w.close()

    twice = _response(
        DCCAlertMessage(dcc_alert_code="N42", alert=WrittenFragment.of(sr("PPMIDAlert"), outer))
    )
    assert _same_both_ways(twice).count(b"<sr:Marker>a&amp;b</sr:Marker>") == 2
    assert len(calls) == 2 + 1 + 1  # as text once (then kept), for the tree once
