"""SMETS1 messages: the S1SP-signed response (with its MMC header) and the S1SP alert.

``sr:SMETS1SignedResponse`` wraps ``sr:SMETS1Response`` (``sr:Header`` of type ``ra:HeaderType``,
``sr:Body`` holding ``ra:ResponsePayload`` or ``ra:DeviceAlertMessageType``) and the S1SP's
``ds:Signature``; ``sr:S1SPAlert`` is a global element that DCC also wraps in the DCC alert
``S1SPAlertDSP``. Field names follow DUIS 5.4 and MMC 5.4 (SEC Appendices AD and AF).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from harness.duis._xmltree import (
    DEFAULT_NAMESPACES,
    Namespaces,
    Reader,
    boolean,
    eui64,
    hex_binary,
    namespaces_of,
    request_id,
    unsigned,
    xs_bool,
    xs_datetime,
    xs_str,
)
from harness.duis.fragment import Fragment, Signature, qualified_name
from harness.duis.identifiers import Eui64, RequestId
from harness.duis.namespaces import RA, SR, ds, ra, sr
from harness.duis.writer import Writer, element_of, write_document

__all__ = [
    "DeviceAlertContent",
    "MMCHeader",
    "S1SPAlert",
    "SMETS1DeviceAlert",
    "SMETS1Payload",
    "SMETS1SignedResponse",
]


def _signature(reader: Reader) -> Signature | None:
    found = reader.optional(ds("Signature"))
    return None if found is None else Signature.from_element(found)


def _path(path: str | None, tag: str) -> str:
    return path if path is not None else f"/{qualified_name(tag)}"


@dataclass(frozen=True, kw_only=True)
class MMCHeader:
    """The MMC header (``ra:HeaderType``) of an S1SP response: who, to whom, which SRV, when."""

    business_originator_id: Eui64
    business_target_id: Eui64
    originator_counter: int
    supplementary_remote_party_id: Eui64 | None = None
    supplementary_remote_party_counter: int | None = None
    supplementary_originator_counter: int | None = None
    gbcs_hex_message_code: str | None = None
    service_reference: str | None = None
    srv: str | None = None
    timestamp: str | None = None
    timestamp_is_from_gsme: bool | None = None
    timestamp_clock_status: str | None = None

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> MMCHeader:
        """Read an ``sr:Header`` of type ``ra:HeaderType``."""
        r = Reader(element, source, _path(path, sr("Header")), sr("Header"))
        originator = r.value(ra("BusinessOriginatorID"), eui64)
        target = r.value(ra("BusinessTargetID"), eui64)
        counter = r.value(ra("OriginatorCounter"), unsigned)
        remote_party = r.optional_value(ra("SupplementaryRemotePartyID"), eui64)
        remote_party_counter = r.optional_value(ra("SupplementaryRemotePartyCounter"), unsigned)
        originator_counter = r.optional_value(ra("SupplementaryOriginatorCounter"), unsigned)
        code = r.optional_text(ra("GBCSHexadecimalMessageCode"), check=hex_binary)
        service_reference = r.optional_text(ra("ServiceReference"))
        srv = r.optional_text(ra("ServiceReferenceVariant"))
        stamp, from_gsme, clock_status = _timestamp(r)
        r.finish()
        return cls(
            business_originator_id=originator,
            business_target_id=target,
            originator_counter=counter,
            supplementary_remote_party_id=remote_party,
            supplementary_remote_party_counter=remote_party_counter,
            supplementary_originator_counter=originator_counter,
            gbcs_hex_message_code=code,
            service_reference=service_reference,
            srv=srv,
            timestamp=stamp,
            timestamp_is_from_gsme=from_gsme,
            timestamp_clock_status=clock_status,
        )

    def write(self, w: Writer) -> None:
        """Describe as ``sr:Header``."""
        w.open(sr("Header"), needs=(RA,))
        w.leaf(ra("BusinessOriginatorID"), str(self.business_originator_id))
        w.leaf(ra("BusinessTargetID"), str(self.business_target_id))
        w.leaf(ra("OriginatorCounter"), str(self.originator_counter))
        w.leaf(ra("SupplementaryRemotePartyID"), xs_str(self.supplementary_remote_party_id))
        w.leaf(
            ra("SupplementaryRemotePartyCounter"), xs_str(self.supplementary_remote_party_counter)
        )
        w.leaf(ra("SupplementaryOriginatorCounter"), xs_str(self.supplementary_originator_counter))
        w.leaf(ra("GBCSHexadecimalMessageCode"), self.gbcs_hex_message_code)
        w.leaf(ra("ServiceReference"), self.service_reference)
        w.leaf(ra("ServiceReferenceVariant"), self.srv)
        attributes: list[tuple[str, str]] = []
        if self.timestamp_is_from_gsme is not None:
            attributes.append(("isFromGSME", xs_bool(self.timestamp_is_from_gsme) or ""))
        if self.timestamp_clock_status is not None:
            attributes.append(("ClockStatus", self.timestamp_clock_status))
        w.leaf(ra("Timestamp"), self.timestamp, tuple(attributes))
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:Header`` (under ``parent`` when given)."""
        return element_of(self.write, parent)


def _timestamp(r: Reader) -> tuple[str | None, bool | None, str | None]:
    found = r.optional(ra("Timestamp"))
    if found is None:
        return None, None, None
    sub = r.sub(found)
    sub.finish()
    gsme = found.get("isFromGSME")
    try:
        text = "".join(str(t) for t in found.itertext()).strip()
        xs_datetime(text)
        from_gsme = None if gsme is None else boolean(gsme.strip())
    except ValueError as exc:
        raise sub.error(f"invalid ra:Timestamp: {exc}") from None
    return text, from_gsme, found.get("ClockStatus")


@dataclass(frozen=True, kw_only=True)
class SMETS1Payload:
    """An S1SP response payload (``ra:ResponsePayload``): the ``…Rsp`` element in SMETSData."""

    gbcs_data: tuple[Fragment, ...] = ()
    response_data: Fragment | None = None
    debug_info: Fragment | None = None

    @property
    def response_data_name(self) -> str | None:
        """Local name of the SMETSData child, e.g. ``ReadFirmwareVersionRsp``."""
        return None if self.response_data is None else self.response_data.local_name

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> SMETS1Payload:
        """Read an ``sr:ResponseMessage`` of type ``ra:ResponsePayload``."""
        r = Reader(element, source, _path(path, sr("ResponseMessage")), sr("ResponseMessage"))
        gbcs = tuple(Fragment.from_element(e) for e in r.repeated(ra("GBCSData")))
        response_data = None
        smets_data = r.optional(ra("SMETSData"))
        if smets_data is not None:
            inner = r.sub(smets_data)
            response_data = Fragment.from_element(inner.choice(RA, "one ra:…Rsp element"))
            inner.finish()
        debug = r.optional(ra("DebugInfo"))
        r.finish()
        return cls(
            gbcs_data=gbcs,
            response_data=response_data,
            debug_info=None if debug is None else Fragment.from_element(debug),
        )

    def write(self, w: Writer) -> None:
        """Describe as ``sr:ResponseMessage``."""
        w.open(sr("ResponseMessage"), needs=(RA,))
        for gbcs in self.gbcs_data:
            w.graft(gbcs)
        if self.response_data is not None:
            w.open(ra("SMETSData"))
            w.graft(self.response_data)
            w.close()
        if self.debug_info is not None:
            w.graft(self.debug_info)
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:ResponseMessage``."""
        return element_of(self.write, parent)


@dataclass(frozen=True, kw_only=True)
class DeviceAlertContent:
    """The decoded content of an S1SP device alert (``ra:DeviceAlertContentType``)."""

    gbcs_hex_alert_code: str | None = None
    alert_description: str
    timestamp: str
    payload: Fragment | None = None


@dataclass(frozen=True, kw_only=True)
class SMETS1DeviceAlert:
    """An S1SP device alert (``ra:DeviceAlertMessageType``)."""

    gbcs_data: tuple[Fragment, ...] = ()
    content: DeviceAlertContent | None = None

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> SMETS1DeviceAlert:
        """Read an ``sr:DeviceAlertMessage`` of type ``ra:DeviceAlertMessageType``."""
        tag = sr("DeviceAlertMessage")
        r = Reader(element, source, _path(path, tag), tag)
        gbcs = tuple(Fragment.from_element(e) for e in r.repeated(ra("GBCSData")))
        content = None
        found = r.optional(ra("DeviceAlertContent"))
        if found is not None:
            c = r.sub(found)
            code = c.optional_text(ra("GBCSHexAlertCode"), check=hex_binary)
            description = c.text(ra("AlertDescription"), strip=False)
            timestamp = c.text(ra("Timestamp"), check=xs_datetime)
            payload = c.optional(ra("Payload"))
            c.finish()
            content = DeviceAlertContent(
                gbcs_hex_alert_code=code,
                alert_description=description,
                timestamp=timestamp,
                payload=None if payload is None else Fragment.from_element(payload),
            )
        r.finish()
        return cls(gbcs_data=gbcs, content=content)

    def write(self, w: Writer) -> None:
        """Describe as ``sr:DeviceAlertMessage``."""
        w.open(sr("DeviceAlertMessage"), needs=(RA,))
        for gbcs in self.gbcs_data:
            w.graft(gbcs)
        if self.content is not None:
            w.open(ra("DeviceAlertContent"))
            w.leaf(ra("GBCSHexAlertCode"), self.content.gbcs_hex_alert_code)
            w.leaf(ra("AlertDescription"), self.content.alert_description)
            w.leaf(ra("Timestamp"), self.content.timestamp)
            if self.content.payload is not None:
                w.graft(self.content.payload)
            w.close()
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:DeviceAlertMessage``."""
        return element_of(self.write, parent)


@dataclass(frozen=True, kw_only=True)
class SMETS1SignedResponse:
    """An S1SP-signed SMETS1 response (``sr:SMETS1SignedResponse``)."""

    schema_version: str
    header: MMCHeader
    body: SMETS1Payload | SMETS1DeviceAlert
    signature: Signature | None = None
    namespaces: Namespaces = field(default=DEFAULT_NAMESPACES, compare=False, repr=False)

    @property
    def body_kind(self) -> str:
        """``ResponseMessage`` or ``DeviceAlertMessage``."""
        return "ResponseMessage" if isinstance(self.body, SMETS1Payload) else "DeviceAlertMessage"

    @property
    def response_data(self) -> Fragment | None:
        """The ``…Rsp`` element of a response (None for a device alert)."""
        return self.body.response_data if isinstance(self.body, SMETS1Payload) else None

    @property
    def response_data_name(self) -> str | None:
        """Local name of the ``…Rsp`` element, e.g. ``ReadFirmwareVersionRsp``."""
        return self.body.response_data_name if isinstance(self.body, SMETS1Payload) else None

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> SMETS1SignedResponse:
        """Read an ``sr:SMETS1SignedResponse`` element."""
        tag = sr("SMETS1SignedResponse")
        r = Reader(element, source, _path(path, tag), tag)
        version = r.attribute("schemaVersion")
        response = r.sub(r.required(sr("SMETS1Response")))
        header_element = response.required(sr("Header"))
        header = MMCHeader.from_element(
            header_element, source, response.child_path(header_element.tag)
        )
        body = response.sub(response.required(sr("Body")))
        chosen = body.choice(SR, "sr:ResponseMessage or sr:DeviceAlertMessage")
        kind: type[SMETS1Payload] | type[SMETS1DeviceAlert] = (
            SMETS1DeviceAlert if chosen.tag == sr("DeviceAlertMessage") else SMETS1Payload
        )
        content = kind.from_element(chosen, source, body.child_path(chosen.tag))
        body.finish()
        response.finish()
        signature = _signature(r)
        r.finish()
        return cls(
            schema_version=version,
            header=header,
            body=content,
            signature=signature,
            namespaces=namespaces_of(element),
        )

    def write(self, w: Writer) -> None:
        """Describe as ``sr:SMETS1SignedResponse`` with the namespaces it was read with."""
        w.open(sr("SMETS1SignedResponse"), self.namespaces)
        w.attribute("schemaVersion", self.schema_version)
        w.open(sr("SMETS1Response"))
        self.header.write(w)
        w.open(sr("Body"))
        self.body.write(w)
        w.close()
        w.close()
        if self.signature is not None:
            w.graft(self.signature)
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:SMETS1SignedResponse`` (under ``parent`` when given)."""
        return element_of(self.write, parent)

    def to_xml(self) -> bytes:
        """The response as an XML document."""
        return write_document(self.write)


@dataclass(frozen=True, kw_only=True)
class S1SPAlert:
    """An alert raised by a SMETS1 Service Provider (``sr:S1SPAlert``), e.g. ``S1CE20``."""

    schema_version: str
    request_id: RequestId | None = None
    device_id: Eui64 | None = None
    s1sp_alert_code: str
    additional_information: str | None = None
    utrn: str | None = None
    date_time: str
    signature: Signature | None = None
    namespaces: Namespaces = field(default=DEFAULT_NAMESPACES, compare=False, repr=False)

    @property
    def datetime(self) -> datetime:
        """``date_time`` as a :class:`datetime`."""
        return xs_datetime(self.date_time)

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> S1SPAlert:
        """Read an ``sr:S1SPAlert`` element."""
        r = Reader(element, source, _path(path, sr("S1SPAlert")), sr("S1SPAlert"))
        alert = cls(
            schema_version=r.attribute("schemaVersion"),
            request_id=r.optional_value(sr("RequestID"), request_id),
            device_id=r.optional_value(sr("DeviceID"), eui64),
            s1sp_alert_code=r.text(sr("S1SPAlertCode"), strip=False),
            additional_information=r.optional_text(sr("AdditionalInformation"), strip=False),
            utrn=r.optional_text(sr("UTRN")),
            date_time=r.text(sr("DateTime"), check=xs_datetime),
            signature=_signature(r),
            namespaces=namespaces_of(element),
        )
        r.finish()
        return alert

    def write(self, w: Writer) -> None:
        """Describe as ``sr:S1SPAlert`` with the namespaces it was read with."""
        w.open(sr("S1SPAlert"), self.namespaces)
        w.attribute("schemaVersion", self.schema_version)
        w.leaf(sr("RequestID"), xs_str(self.request_id))
        w.leaf(sr("DeviceID"), xs_str(self.device_id))
        w.leaf(sr("S1SPAlertCode"), self.s1sp_alert_code)
        w.leaf(sr("AdditionalInformation"), self.additional_information)
        w.leaf(sr("UTRN"), self.utrn)
        w.leaf(sr("DateTime"), self.date_time)
        if self.signature is not None:
            w.graft(self.signature)
        w.close()

    def to_element(self, parent: etree._Element | None = None) -> etree._Element:
        """Write as ``sr:S1SPAlert`` (under ``parent`` when given)."""
        return element_of(self.write, parent)

    def to_xml(self) -> bytes:
        """The alert as an XML document."""
        return write_document(self.write)
