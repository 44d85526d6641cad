"""The two header fields a receiver files a delivery by, read without parsing the whole body.

A Receive Response URL under load gets thousands of deliveries; reading each one into typed
objects (:class:`~harness.duis.responses.Response`, with its SMETS1 content) only to file it by
RequestID costs more than the rest of the exchange. The receiver reads just the header here;
the full parse and schema check happen once, when the request that owns the delivery collects it.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from harness.duis.fragment import qualified_name
from harness.duis.identifiers import RequestId
from harness.duis.namespaces import sr
from harness.errors import HarnessError, MessageError


@dataclass(frozen=True)
class ResponseHeader:
    """RequestID (absent on some alerts) and ResponseCode of a DUIS ``sr:Response``."""

    request_id: RequestId | None
    response_code: str

    @property
    def is_acknowledgement(self) -> bool:
        """Response code I99: accepted and sent on; the answer comes later."""
        return self.response_code == "I99"


def read_response_header(root: etree._Element, source: str) -> ResponseHeader:
    """The header of ``root``; MessageError when it is not a DUIS Response with a header."""
    if root.tag != sr("Response"):
        found = qualified_name(str(root.tag))
        raise MessageError(source, f"expected a DUIS sr:Response, found {found}", "/")
    header = root.find(sr("Header"))
    if header is None:
        raise MessageError(source, "sr:Response has no sr:Header", "/sr:Response")
    code = (header.findtext(sr("ResponseCode")) or "").strip()
    if not code:
        raise MessageError(source, "sr:Header has no ResponseCode", "/sr:Response/sr:Header")
    text = (header.findtext(sr("RequestID")) or "").strip()
    try:
        request_id = RequestId.parse(text) if text else None
    except HarnessError as exc:
        raise MessageError(source, str(exc), "/sr:Response/sr:Header/sr:RequestID") from None
    return ResponseHeader(request_id, code)
