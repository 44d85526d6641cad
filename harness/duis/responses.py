"""DUIS responses and alerts (``sr:Response``): header, and one of four kinds of body.

The body is a :class:`ResponseMessage` (answer to a Service Request), a
:class:`DeviceAlertMessage` (GBCS alert from a device), a :class:`DCCAlertMessage` (alert raised
by DCC, e.g. ``N42`` or an ``S1SPAlertDSP``) or a :class:`SMETS1ResponseMessage` (S1SP-signed
SMETS1 response). Content models follow ``DUIS Schema V5.4.xsd``. A DCC alert is written back
from its ``alert`` fragment; its ``s1sp_alert`` is read from that fragment (kind ``S1SPAlertDSP``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from harness.duis._xmltree import (
    DEFAULT_NAMESPACES,
    Namespaces,
    Reader,
    hex_binary,
    namespaces_of,
    request_id,
    unsigned,
    xs_datetime,
    xs_str,
)
from harness.duis.fragment import Fragment, Signature, qualified_name
from harness.duis.identifiers import RequestId
from harness.duis.namespaces import SR, ds, sr
from harness.duis.smets1 import S1SPAlert, SMETS1SignedResponse
from harness.duis.writer import Writer, element_of, write_document

__all__ = [
    "DCCAlertMessage",
    "DeviceAlertMessage",
    "Response",
    "ResponseBody",
    "ResponseMessage",
    "SMETS1ResponseMessage",
]


def _path(path: str | None, tag: str) -> str:
    return path if path is not None else f"/{qualified_name(tag)}"


def _throttling(r: Reader) -> tuple[int | None, int | None]:
    return (
        r.optional_value(sr("ThrottledAlertSequenceId"), unsigned),
        r.optional_value(sr("ThrottledAlertCount"), unsigned),
    )


def _write_throttling(w: Writer, sequence_id: int | None, count: int | None) -> None:
    w.leaf(sr("ThrottledAlertSequenceId"), xs_str(sequence_id))
    w.leaf(sr("ThrottledAlertCount"), xs_str(count))


@dataclass(frozen=True, kw_only=True)
class ResponseMessage:
    """The answer to a Service Request: its SRV and an optional payload (GBCSPayload, …)."""

    service_reference: str
    srv: str
    payload: Fragment | None = None

    @property
    def payload_kind(self) -> str | None:
        """Local name of the payload element (``GBCSPayload``, ``PreCommand``, …), if any."""
        return None if self.payload is None else self.payload.local_name

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> ResponseMessage:
        """Read an ``sr:ResponseMessage`` element."""
        tag = sr("ResponseMessage")
        r = Reader(element, source, _path(path, tag), tag)
        service_reference = r.text(sr("ServiceReference"))
        srv = r.text(sr("ServiceReferenceVariant"))
        payload = None
        if r.remaining():
            payload = Fragment.from_element(r.choice(SR, "one sr: payload element"))
        r.finish()
        return cls(service_reference=service_reference, srv=srv, payload=payload)

    def write(self, w: Writer) -> None:
        """Describe as ``sr:ResponseMessage``."""
        w.open(sr("ResponseMessage"))
        w.leaf(sr("ServiceReference"), self.service_reference)
        w.leaf(sr("ServiceReferenceVariant"), self.srv)
        if self.payload is not None:
            w.graft(self.payload)
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:ResponseMessage``."""
        return element_of(self.write, parent)


@dataclass(frozen=True, kw_only=True)
class DeviceAlertMessage:
    """A GBCS alert from a device: hex alert code and the GBCS payload (base64)."""

    alert_code: str
    throttled_alert_sequence_id: int | None = None
    throttled_alert_count: int | None = None
    gbcs_payload: str

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> DeviceAlertMessage:
        """Read an ``sr:DeviceAlertMessage`` element."""
        tag = sr("DeviceAlertMessage")
        r = Reader(element, source, _path(path, tag), tag)
        code = r.text(sr("AlertCode"), check=hex_binary)
        sequence_id, count = _throttling(r)
        payload = r.text(sr("GBCSPayload"))
        r.finish()
        return cls(
            alert_code=code,
            throttled_alert_sequence_id=sequence_id,
            throttled_alert_count=count,
            gbcs_payload=payload,
        )

    def write(self, w: Writer) -> None:
        """Describe as ``sr:DeviceAlertMessage``."""
        w.open(sr("DeviceAlertMessage"))
        w.leaf(sr("AlertCode"), self.alert_code)
        _write_throttling(w, self.throttled_alert_sequence_id, self.throttled_alert_count)
        w.leaf(sr("GBCSPayload"), self.gbcs_payload)
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:DeviceAlertMessage``."""
        return element_of(self.write, parent)


@dataclass(frozen=True, kw_only=True)
class DCCAlertMessage:
    """A DCC alert: code (``N42``, ``AD1``…), the chosen DCCAlert element, its S1SP alert."""

    dcc_alert_code: str
    throttled_alert_sequence_id: int | None = None
    throttled_alert_count: int | None = None
    alert: Fragment
    s1sp_alert: S1SPAlert | None = None

    @property
    def alert_kind(self) -> str:
        """Local name of the chosen DCCAlert element, e.g. ``S1SPAlertDSP``."""
        return self.alert.local_name

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> DCCAlertMessage:
        """Read an ``sr:DCCAlertMessage`` element."""
        tag = sr("DCCAlertMessage")
        r = Reader(element, source, _path(path, tag), tag)
        code = r.text(sr("DCCAlertCode"))
        sequence_id, count = _throttling(r)
        wrapper = r.sub(r.required(sr("DCCAlert")))
        chosen = wrapper.choice(SR, "one sr: DCCAlert element")
        wrapper.finish()
        r.finish()
        s1sp_alert = None
        if chosen.tag == sr("S1SPAlertDSP"):
            dsp = wrapper.sub(chosen)
            inner = dsp.required(sr("S1SPAlert"))
            s1sp_alert = S1SPAlert.from_element(inner, source, dsp.child_path(inner.tag))
            dsp.optional_value(sr("DSPScheduleID"), unsigned)
            dsp.finish()
        return cls(
            dcc_alert_code=code,
            throttled_alert_sequence_id=sequence_id,
            throttled_alert_count=count,
            alert=Fragment.from_element(chosen),
            s1sp_alert=s1sp_alert,
        )

    def write(self, w: Writer) -> None:
        """Describe as ``sr:DCCAlertMessage``."""
        w.open(sr("DCCAlertMessage"))
        w.leaf(sr("DCCAlertCode"), self.dcc_alert_code)
        _write_throttling(w, self.throttled_alert_sequence_id, self.throttled_alert_count)
        w.open(sr("DCCAlert"))
        w.graft(self.alert)
        w.close()
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:DCCAlertMessage``."""
        return element_of(self.write, parent)


@dataclass(frozen=True, kw_only=True)
class SMETS1ResponseMessage:
    """A SMETS1 response relayed by DCC: optional SRV and the S1SP-signed response."""

    service_reference: str | None = None
    srv: str | None = None
    dsp_schedule_id: int | None = None
    throttled_alert_sequence_id: int | None = None
    throttled_alert_count: int | None = None
    signed_response: SMETS1SignedResponse

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> SMETS1ResponseMessage:
        """Read an ``sr:SMETS1ResponseMessage`` element."""
        tag = sr("SMETS1ResponseMessage")
        r = Reader(element, source, _path(path, tag), tag)
        service_reference = r.optional_text(sr("ServiceReference"))
        srv = r.optional_text(sr("ServiceReferenceVariant"))
        schedule = r.optional_value(sr("DSPScheduleID"), unsigned)
        sequence_id, count = _throttling(r)
        signed = r.required(sr("SMETS1SignedResponse"))
        r.finish()
        return cls(
            service_reference=service_reference,
            srv=srv,
            dsp_schedule_id=schedule,
            throttled_alert_sequence_id=sequence_id,
            throttled_alert_count=count,
            signed_response=SMETS1SignedResponse.from_element(
                signed, source, r.child_path(signed.tag)
            ),
        )

    def write(self, w: Writer) -> None:
        """Describe as ``sr:SMETS1ResponseMessage``."""
        w.open(sr("SMETS1ResponseMessage"))
        w.leaf(sr("ServiceReference"), self.service_reference)
        w.leaf(sr("ServiceReferenceVariant"), self.srv)
        w.leaf(sr("DSPScheduleID"), xs_str(self.dsp_schedule_id))
        _write_throttling(w, self.throttled_alert_sequence_id, self.throttled_alert_count)
        self.signed_response.write(w)
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:SMETS1ResponseMessage``."""
        return element_of(self.write, parent)


ResponseBody = ResponseMessage | DeviceAlertMessage | DCCAlertMessage | SMETS1ResponseMessage

_BODIES: dict[str, type[ResponseBody]] = {
    sr("ResponseMessage"): ResponseMessage,
    sr("DeviceAlertMessage"): DeviceAlertMessage,
    sr("DCCAlertMessage"): DCCAlertMessage,
    sr("SMETS1ResponseMessage"): SMETS1ResponseMessage,
}

_BODY_CHOICE = ", ".join(qualified_name(tag) for tag in _BODIES)


@dataclass(frozen=True, kw_only=True)
class Response:
    """A DUIS response or alert (``sr:Response``)."""

    schema_version: str
    request_id: RequestId | None = None
    response_id: RequestId | None = None
    response_code: str
    response_datetime: str
    body: ResponseBody
    signature: Signature | None = None
    namespaces: Namespaces = field(default=DEFAULT_NAMESPACES, compare=False, repr=False)

    @property
    def datetime(self) -> datetime:
        """``response_datetime`` as a :class:`datetime`."""
        return xs_datetime(self.response_datetime)

    @property
    def is_success(self) -> bool:
        """Response code I0."""
        return self.response_code == "I0"

    @property
    def is_acknowledgement(self) -> bool:
        """Response code I99: accepted and sent on; the answer comes later."""
        return self.response_code == "I99"

    @property
    def is_error(self) -> bool:
        """An ``E…`` response code."""
        return self.response_code.startswith("E")

    @property
    def is_warning(self) -> bool:
        """A ``W…`` response code."""
        return self.response_code.startswith("W")

    @property
    def srv(self) -> str | None:
        """The SRV the body names, if it names one."""
        if isinstance(self.body, ResponseMessage | SMETS1ResponseMessage):
            return self.body.srv
        return None

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> Response:
        """Read an ``sr:Response`` element."""
        r = Reader(element, source, _path(path, sr("Response")), sr("Response"))
        version = r.attribute("schemaVersion")
        header = r.sub(r.required(sr("Header")))
        ids = (
            header.optional_value(sr("RequestID"), request_id),
            header.optional_value(sr("ResponseID"), request_id),
        )
        code = header.text(sr("ResponseCode"))
        when = header.text(sr("ResponseDateTime"), check=xs_datetime)
        header.finish()
        body = r.sub(r.required(sr("Body")))
        chosen = body.choice(SR, _BODY_CHOICE)
        kind = _BODIES.get(chosen.tag)
        if kind is None:
            raise body.error(f"expected {_BODY_CHOICE}, found {qualified_name(chosen.tag)}")
        content = kind.from_element(chosen, source, body.child_path(chosen.tag))
        body.finish()
        signature = r.optional(ds("Signature"))
        r.finish()
        return cls(
            schema_version=version,
            request_id=ids[0],
            response_id=ids[1],
            response_code=code,
            response_datetime=when,
            body=content,
            signature=None if signature is None else Signature.from_element(signature),
            namespaces=namespaces_of(element),
        )

    def write(self, w: Writer) -> None:
        """Describe as ``sr:Response`` with the namespaces it was read with."""
        w.open(sr("Response"), self.namespaces)
        w.attribute("schemaVersion", self.schema_version)
        w.open(sr("Header"))
        w.leaf(sr("RequestID"), xs_str(self.request_id))
        w.leaf(sr("ResponseID"), xs_str(self.response_id))
        w.leaf(sr("ResponseCode"), self.response_code)
        w.leaf(sr("ResponseDateTime"), self.response_datetime)
        w.close()
        w.open(sr("Body"))
        self.body.write(w)
        w.close()
        if self.signature is not None:
            w.graft(self.signature)
        w.close()

    def to_element(self) -> etree._Element:
        """The response as an lxml element tree."""
        return element_of(self.write)

    def to_xml(self) -> bytes:
        """The response as an XML document (written as text; the same bytes as the tree's)."""
        return write_document(self.write)
