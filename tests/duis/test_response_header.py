"""The receiver's light header read: RequestID and ResponseCode, or a MessageError saying why."""

from __future__ import annotations

import pytest
from lxml import etree

from harness.duis.namespaces import SR
from harness.duis.response_header import read_response_header
from harness.errors import MessageError

RID = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A4:7"


def _response(header: str) -> etree._Element:
    return etree.fromstring(
        f'<sr:Response xmlns:sr="{SR}"><sr:Header>{header}</sr:Header><sr:Body/></sr:Response>'
    )


def test_reads_request_id_and_code() -> None:
    """A response's RequestID and ResponseCode are read; I99 is an acknowledgement."""
    root = _response(
        f"<sr:RequestID>{RID.lower()}</sr:RequestID><sr:ResponseCode>I99</sr:ResponseCode>"
    )
    header = read_response_header(root, "delivery")
    assert str(header.request_id) == RID
    assert header.is_acknowledgement


def test_alert_without_request_id() -> None:
    """An alert may carry no RequestID."""
    header = read_response_header(_response("<sr:ResponseCode>I0</sr:ResponseCode>"), "alert")
    assert header.request_id is None
    assert not header.is_acknowledgement


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (f'<sr:Request xmlns:sr="{SR}"/>', "expected a DUIS sr:Response, found sr:Request"),
        (f'<sr:Response xmlns:sr="{SR}"/>', "has no sr:Header"),
        (f'<sr:Response xmlns:sr="{SR}"><sr:Header/></sr:Response>', "no ResponseCode"),
    ],
)
def test_what_is_not_a_response_is_named(xml: str, reason: str) -> None:
    """Another root, a missing header or code: a MessageError naming the source and reason."""
    with pytest.raises(MessageError, match=reason) as caught:
        read_response_header(etree.fromstring(xml), "delivery from 127.0.0.1")
    assert caught.value.source == "delivery from 127.0.0.1"


def test_bad_request_id_is_a_message_error() -> None:
    """A RequestID that is not originator:target:counter is refused with its path."""
    root = _response("<sr:RequestID>nope</sr:RequestID><sr:ResponseCode>I0</sr:ResponseCode>")
    with pytest.raises(MessageError) as caught:
        read_response_header(root, "delivery")
    assert caught.value.path == "/sr:Response/sr:Header/sr:RequestID"
