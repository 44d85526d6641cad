"""``Request.from_valid`` reads a schema-valid request as ``from_element`` does, or defers to it.

The oracle is ``Request.from_element``: the same fields (namespaces included) for every request
it reads, and the same ``MessageError`` (path and reason) for every request it refuses.
"""

from __future__ import annotations

import pickle

import pytest
from lxml import etree

from harness.duis.bodies import read_inventory
from harness.duis.builder import build_request
from harness.duis.catalogue import catalogue
from harness.duis.fragment import Fragment, Signature
from harness.duis.identifiers import RequestId
from harness.duis.messages import Request
from harness.duis.xmlinput import parse_bytes
from harness.errors import HarnessError, MessageError
from tests.conftest import TEMPLATES, require_reference
from tests.duis.test_messages import FIRMWARE

TEMPLATE_NAMES = sorted(p.name for p in TEMPLATES.glob("*.XML")) or ["(reference absent)"]
DEVICE = "00-DB-12-34-56-78-90-A4"


def _same_as_from_element(data: bytes) -> Request:
    root = parse_bytes(data, "request.xml")
    expected = Request.from_element(root, "request.xml")
    found = Request.from_valid(root, "request.xml")
    assert found == expected
    assert found.namespaces == expected.namespaces
    assert found.body.xml == expected.body.xml
    adopted = Request.from_valid(parse_bytes(data, "request.xml"), "request.xml", adopt=True)
    assert adopted == expected
    assert adopted.body.xml == expected.body.xml  # serialised when read, the same bytes
    return found


def _built(srv: str, non_device: bool) -> bytes | None:
    try:
        return build_request(srv, target=None if non_device else DEVICE, counter=5).xml
    except HarnessError:
        return None  # an SRV this schema set cannot build from its minimal instance


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_rtds_templates_read_the_same_both_ways(name: str) -> None:
    """Each RTDS request template gives the request from_element gives."""
    require_reference()
    _same_as_from_element((TEMPLATES / name).read_bytes())


def test_every_buildable_srv_reads_the_same_both_ways() -> None:
    """A request the builder makes for each SRV gives the request from_element gives."""
    entries = catalogue()
    built = [d for e in entries if (d := _built(e.srv, e.non_device)) is not None]
    assert len(built) >= 20  # the bundled set has bodies for 29 SRVs
    for data in built:
        _same_as_from_element(data)


@pytest.mark.parametrize(
    ("first", "preceding"),
    [(None, None), (True, None), (False, "90-B3-D5-1F-30-00-00-02:" + DEVICE + ":4")],
)
def test_optional_header_fields_read_the_same_both_ways(
    first: bool | None, preceding: str | None
) -> None:
    """FirstInSequence and PrecedingServiceRequestID, present or not, are read alike."""
    data = build_request(
        "11.2",
        target=DEVICE,
        counter=5,
        first_in_sequence=first,
        preceding_request_id=preceding,
    ).xml
    request = _same_as_from_element(data)
    assert request.first_in_sequence is first


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a comment inside a value: its text is in two nodes
        (b"<sr:ServiceReference>11.2<", b"<sr:ServiceReference>11<!-- c -->.2<"),
        # layout and a comment around the body element
        (b"<sr:ReadFirmwareVersion/>", b"<!-- c --><sr:ReadFirmwareVersion/>\n"),
        # outer whitespace in values
        (b"<sr:CommandVariant>1<", b"<sr:CommandVariant> 1 <"),
    ],
)
def test_unusual_but_valid_shapes_read_the_same_both_ways(old: bytes, new: bytes) -> None:
    """Comments inside values or around the body and padded values are read alike."""
    require_reference()
    data = (TEMPLATES / FIRMWARE).read_bytes()
    assert old in data
    _same_as_from_element(data.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"<sr:CommandVariant>1<", b"<sr:CommandVariant>one<"),
        (b' schemaVersion="5.4"', b""),
        (b"<sr:ReadFirmwareVersion/>", b"<sr:ReadFirmwareVersion/><sr:ReadFirmwareVersion/>"),
        (b"<sr:ReadFirmwareVersion/>", b""),
        (b"<sr:ServiceReference>11.2<", b"<sr:ServiceReference><sr:x/><"),
        (b"00-DB-12-34-56-78-90-A4:1000<", b"00-DB-12:1000<"),
        (b"<sr:RequestID>", b"<sr:FirstInSequence>true</sr:FirstInSequence><sr:RequestID>"),
    ],
)
def test_requests_the_schema_refuses_get_from_elements_error(old: bytes, new: bytes) -> None:
    """Given a request the schema would refuse, from_valid raises from_element's error."""
    require_reference()
    data = (TEMPLATES / FIRMWARE).read_bytes()
    assert old in data
    root = parse_bytes(data.replace(old, new), "bad.xml")
    with pytest.raises(MessageError) as expected:
        Request.from_element(root, "bad.xml")
    with pytest.raises(MessageError) as found:
        Request.from_valid(root, "bad.xml")
    assert (found.value.path, found.value.reason) == (expected.value.path, expected.value.reason)


def test_another_root_is_refused_as_from_element_refuses_it() -> None:
    """A root that is not sr:Request gets from_element's error."""
    root = etree.fromstring(
        b'<sr:Response xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway"/>'
    )
    with pytest.raises(MessageError, match="expected sr:Request"):
        Request.from_valid(root, "response.xml")


def test_a_plain_request_is_read_by_the_shortcut_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid request of the usual shape never needs from_element (the shortcut is taken)."""
    root = parse_bytes(build_request("11.2", target=DEVICE, counter=5).xml, "plain.xml")

    def refuse(*_: object, **__: object) -> Request:
        raise AssertionError("from_element was called")

    monkeypatch.setattr(Request, "from_element", classmethod(refuse))
    assert Request.from_valid(root, "plain.xml").srv == "11.2"


def test_an_adopted_body_is_read_in_place_and_behaves_as_a_plain_fragment() -> None:
    """An adopted body is read in place and compares, hashes and pickles as a plain fragment."""
    data = build_request("8.2", target=None, body=read_inventory(device_id=DEVICE)).xml
    root = parse_bytes(data, "inventory.xml")
    adopted = Request.from_valid(root, "inventory.xml", adopt=True).body
    plain = Fragment.from_element(root[1][0])
    assert adopted.__dict__["_tree"] is root[1][0]
    assert "xml" not in adopted.__dict__  # not serialised until read
    assert adopted == plain
    assert plain == adopted
    assert hash(adopted) == hash(plain)
    assert adopted.text_of("DeviceID") == plain.text_of("DeviceID") == DEVICE
    arrived = pickle.loads(pickle.dumps(adopted))
    assert type(arrived) is Fragment
    assert arrived == plain
    signature = Signature.from_element(
        etree.fromstring(b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>')
    )
    assert signature != Fragment(signature.xml)


def test_the_swapped_text_is_the_swapped_identifiers_text() -> None:
    """``swapped_text()`` is ``str(swapped())``: the ResponseID form of a RequestID."""
    identifier = RequestId.parse("90-B3-D5-1F-30-01-00-00:" + DEVICE + ":18446744073709551615")
    assert identifier.swapped_text() == str(identifier.swapped())
    assert identifier.swapped_text().startswith(DEVICE + ":90-B3-D5-1F-30-01-00-00:")
