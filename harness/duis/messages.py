"""DUIS XML into typed, frozen objects and back: the one place messages are parsed.

:func:`parse_message` reads untrusted bytes defensively and returns a :class:`Request`, a
:class:`~harness.duis.responses.Response`, a :class:`~harness.duis.smets1.S1SPAlert` or a
:class:`~harness.duis.smets1.SMETS1SignedResponse`; XML that is not one of them raises
:class:`~harness.errors.MessageError` naming the source, the XPath, what was expected and what
was found. Each message writes itself back with ``to_element()``/``to_xml()`` (prefixes
``sr``/``ra``/``ds``, or the declarations the parsed document had). Round trips are compared by
:func:`canonical`: Canonical XML 1.0 (inclusive, without comments) after every whitespace-only
text and tail node has been dropped; ``to_xml()`` re-indents, so signatures must be verified
on the bytes received, not on a re-serialised message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from harness.duis._xmltree import (
    DEFAULT_NAMESPACES,
    Namespaces,
    Reader,
    boolean,
    namespaces_of,
    request_id,
    unsigned,
    xs_bool,
    xs_str,
)
from harness.duis.catalogue import COMMAND_VARIANTS, ServiceReferenceVariant, catalogue
from harness.duis.fragment import Fragment, Signature, canonical, qualified_name
from harness.duis.identifiers import RequestId
from harness.duis.namespaces import SR, ds, sr
from harness.duis.responses import (
    DCCAlertMessage,
    DeviceAlertMessage,
    Response,
    ResponseBody,
    ResponseMessage,
    SMETS1ResponseMessage,
)
from harness.duis.smets1 import (
    DeviceAlertContent,
    MMCHeader,
    S1SPAlert,
    SMETS1DeviceAlert,
    SMETS1Payload,
    SMETS1SignedResponse,
)
from harness.duis.writer import Writer, element_of, write_document
from harness.duis.xmlinput import DEFAULT_MAX_BYTES, parse_bytes
from harness.errors import IdentifierError, MessageError, UnknownServiceError

__all__ = [
    "DCCAlertMessage",
    "Description",
    "DeviceAlertContent",
    "DeviceAlertMessage",
    "Fragment",
    "MMCHeader",
    "Message",
    "Request",
    "Response",
    "ResponseBody",
    "ResponseMessage",
    "S1SPAlert",
    "SMETS1DeviceAlert",
    "SMETS1Payload",
    "SMETS1ResponseMessage",
    "SMETS1SignedResponse",
    "Signature",
    "canonical",
    "describe",
    "message_from_element",
    "parse_message",
]


@dataclass(frozen=True, kw_only=True)
class Request:
    """A DUIS Service Request (``sr:Request``)."""

    schema_version: str
    request_id: RequestId
    first_in_sequence: bool | None = None
    preceding_request_id: RequestId | None = None
    command_variant: int
    service_reference: str
    srv: str
    body: Fragment
    signature: Signature | None = None
    namespaces: Namespaces = field(default=DEFAULT_NAMESPACES, compare=False, repr=False)

    @property
    def body_element(self) -> str:
        """Local name of the body element, e.g. ``ReadFirmwareVersion``."""
        return self.body.local_name

    @property
    def catalogue_entry(self) -> ServiceReferenceVariant:
        """The catalogue's entry for this SRV (UnknownServiceError if there is none)."""
        return catalogue().get(self.srv)

    @classmethod
    def from_element(
        cls, element: etree._Element, source: str = "<element>", path: str | None = None
    ) -> Request:
        """Read an ``sr:Request`` element."""
        r = Reader(element, source, path or "/sr:Request", sr("Request"))
        version = r.attribute("schemaVersion")
        h = r.sub(r.required(sr("Header")))
        identifier = h.value(sr("RequestID"), request_id)
        first = h.optional_value(sr("FirstInSequence"), boolean)
        preceding = h.optional_value(sr("PrecedingServiceRequestID"), request_id)
        command_variant = h.value(sr("CommandVariant"), unsigned)
        service_reference = h.text(sr("ServiceReference"))
        srv = h.text(sr("ServiceReferenceVariant"))
        h.finish()
        body = r.sub(r.required(sr("Body")))
        content = Fragment.from_element(body.choice(SR, "one sr: body element"))
        body.finish()
        signature = r.optional(ds("Signature"))
        r.finish()
        return cls(
            schema_version=version,
            request_id=identifier,
            first_in_sequence=first,
            preceding_request_id=preceding,
            command_variant=command_variant,
            service_reference=service_reference,
            srv=srv,
            body=content,
            signature=None if signature is None else Signature.from_element(signature),
            namespaces=namespaces_of(element),
        )

    @classmethod
    def from_valid(
        cls, element: etree._Element, source: str = "<element>", *, adopt: bool = False
    ) -> Request:
        """Read an ``sr:Request`` the DUIS schema has accepted, by the shape the schema allows.

        The same request as :meth:`from_element` gives, read faster: the header's elements are
        taken in one pass. Anything this shortcut does not expect (comments inside a value, an
        order or element the schema would refuse) is left to :meth:`from_element`, with its
        errors. With ``adopt`` the caller gives the tree up (nothing may change it again), and
        the body is read where it is instead of copied (:meth:`Fragment.adopt`).
        """
        try:
            return _valid_request(element, adopt)
        except (_NotShortcutError, ValueError, IdentifierError):
            return cls.from_element(element, source)

    def write(self, w: Writer) -> None:
        """Describe as ``sr:Request`` with the namespaces it was read with."""
        w.open(sr("Request"), self.namespaces)
        w.attribute("schemaVersion", self.schema_version)
        w.open(sr("Header"))
        w.leaf(sr("RequestID"), str(self.request_id))
        w.leaf(sr("FirstInSequence"), xs_bool(self.first_in_sequence))
        w.leaf(sr("PrecedingServiceRequestID"), xs_str(self.preceding_request_id))
        w.leaf(sr("CommandVariant"), str(self.command_variant))
        w.leaf(sr("ServiceReference"), self.service_reference)
        w.leaf(sr("ServiceReferenceVariant"), self.srv)
        w.close()
        w.open(sr("Body"))
        w.graft(self.body)
        w.close()
        if self.signature is not None:
            w.graft(self.signature)
        w.close()

    def to_element(self) -> etree._Element:
        """The request as an lxml element tree."""
        return element_of(self.write)

    def to_xml(self) -> bytes:
        """The request as an XML document (written as text; the same bytes as the tree's)."""
        return write_document(self.write)


class _NotShortcutError(Exception):
    """The request is not of the plain shape :meth:`Request.from_valid` reads by itself."""


_HEADER_ORDERS = frozenset(
    tuple(sr(name) for name in names)
    for names in (
        ("RequestID", "CommandVariant", "ServiceReference", "ServiceReferenceVariant"),
        (
            "RequestID",
            "FirstInSequence",
            "CommandVariant",
            "ServiceReference",
            "ServiceReferenceVariant",
        ),
        (
            "RequestID",
            "PrecedingServiceRequestID",
            "CommandVariant",
            "ServiceReference",
            "ServiceReferenceVariant",
        ),
        (
            "RequestID",
            "FirstInSequence",
            "PrecedingServiceRequestID",
            "CommandVariant",
            "ServiceReference",
            "ServiceReferenceVariant",
        ),
    )
)
_REQUEST, _HEADER, _BODY, _SIGNATURE = sr("Request"), sr("Header"), sr("Body"), ds("Signature")
_FIRST, _PRECEDING = sr("FirstInSequence"), sr("PrecedingServiceRequestID")
_SR_PREFIX = f"{{{SR}}}"


def _valid_request(element: etree._Element, adopt: bool = False) -> Request:
    parts = list(element.iterchildren(etree.Element))
    version = element.get("schemaVersion")
    if element.tag != _REQUEST or version is None or not 2 <= len(parts) <= 3:
        raise _NotShortcutError
    header, body = parts[0], parts[1]
    signature = parts[2] if len(parts) == 3 else None
    if header.tag != _HEADER or body.tag != _BODY:
        raise _NotShortcutError
    if signature is not None and signature.tag != _SIGNATURE:
        raise _NotShortcutError
    tags: list[object] = []
    texts: list[str] = []
    for field_ in header:  # one pass: each lxml proxy is made once
        if len(field_):
            raise _NotShortcutError  # comments or elements inside a value
        tags.append(field_.tag)
        texts.append((field_.text or "").strip())
    if tuple(tags) not in _HEADER_ORDERS:
        raise _NotShortcutError  # another order
    contents = list(body)
    if len(contents) != 1 or not str(contents[0].tag).startswith(_SR_PREFIX):
        raise _NotShortcutError  # comments in the body, or not one sr: element
    first = preceding = None
    if len(tags) > 4:  # the optional fields sit between RequestID and CommandVariant
        optional = dict(zip(tags[1:-3], texts[1:-3], strict=True))
        first, preceding = optional.get(_FIRST), optional.get(_PRECEDING)
    return Request(
        schema_version=version,
        request_id=request_id(texts[0]),
        first_in_sequence=None if first is None else boolean(first),
        preceding_request_id=None if preceding is None else request_id(preceding),
        command_variant=unsigned(texts[-3]),
        service_reference=texts[-2],
        srv=texts[-1],
        body=(Fragment.adopt if adopt else Fragment.from_element)(contents[0]),
        signature=None if signature is None else Signature.from_element(signature),
        namespaces=namespaces_of(element),
    )


Message = Request | Response | S1SPAlert | SMETS1SignedResponse

_ROOTS: dict[str, type[Message]] = {
    sr("Request"): Request,
    sr("Response"): Response,
    sr("S1SPAlert"): S1SPAlert,
    sr("SMETS1SignedResponse"): SMETS1SignedResponse,
}


def message_from_element(root: etree._Element, source: str = "<element>") -> Message:
    """The typed message for a parsed DUIS document root."""
    kind = _ROOTS.get(root.tag) if isinstance(root.tag, str) else None
    if kind is None:
        expected = ", ".join(qualified_name(tag) for tag in _ROOTS)
        found = qualified_name(root.tag) if isinstance(root.tag, str) else "a non-element node"
        namespace = root.tag[1:].partition("}")[0] if str(root.tag).startswith("{") else ""
        if namespace != SR:
            found += f" in namespace {namespace!r}" if namespace else " in no namespace"
        reason = f"expected a DUIS message root ({expected}; namespace {SR}), found {found}"
        raise MessageError(source, reason, "/")
    return kind.from_element(root, source, f"/{qualified_name(root.tag)}")


def parse_message(
    data: bytes, source: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES
) -> Message:
    """Parse untrusted DUIS XML bytes (InputError if not XML, MessageError if not DUIS)."""
    return message_from_element(parse_bytes(data, source, max_bytes), source)


@dataclass(frozen=True)
class Description:
    """What a tester reads about a message: labelled values in display order."""

    rows: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, str]:
        """The rows as a JSON-serialisable mapping, in display order."""
        return dict(self.rows)


def describe(message: Message) -> Description:
    """Summarise a message for ``duis-harness inspect``."""
    rows: list[tuple[str, str]] = []
    if isinstance(message, Request):
        rows.append(("Message", "Service Request"))
        rows.append(("Schema version", message.schema_version))
        rows += _srv_rows(message.srv)
        cv = message.command_variant
        meaning = COMMAND_VARIANTS.get(cv, "not a DUIS CommandVariant")
        rows += [("CommandVariant", str(cv)), ("CommandVariant meaning", meaning)]
        rows += _id_rows(message.request_id)
        if message.first_in_sequence is not None:
            rows.append(("First in sequence", "yes" if message.first_in_sequence else "no"))
        if message.preceding_request_id is not None:
            rows.append(("Preceding request", str(message.preceding_request_id)))
        rows.append(("Body element", message.body_element))
    elif isinstance(message, Response):
        rows += _response_rows(message)
    elif isinstance(message, S1SPAlert):
        rows.append(("Message", "S1SP alert"))
        rows.append(("Schema version", message.schema_version))
        rows += _s1sp_rows(message)
    else:
        rows.append(("Message", "SMETS1 signed response"))
        rows += _smets1_rows(message)
    rows.append(("Signed", _signed(message.signature)))
    return Description(tuple(rows))


_CODE_MEANINGS = {"I0": "success", "I99": "acknowledgement"}


def _response_rows(message: Response) -> list[tuple[str, str]]:
    body = message.body
    code = message.response_code
    meaning = _CODE_MEANINGS.get(code) or (
        "error" if message.is_error else "warning" if message.is_warning else "service-specific"
    )
    rows = [
        ("Message", "Response"),
        ("Schema version", message.schema_version),
        ("Body", type(body).__name__),
    ]
    if message.request_id is not None:
        rows.append(("Request ID", str(message.request_id)))
    own_id = message.response_id or (message.request_id and message.request_id.swapped())
    if own_id is not None:
        rows += _id_rows(own_id)
    rows.append(("Response code", f"{code} ({meaning})"))
    rows.append(("Response date/time", message.response_datetime))
    if isinstance(body, ResponseMessage):
        rows += _srv_rows(body.srv)
        rows.append(("Payload", body.payload_kind or "none"))
    elif isinstance(body, DeviceAlertMessage):
        rows.append(("Alert code", body.alert_code))
    elif isinstance(body, DCCAlertMessage):
        rows += [("DCC alert code", body.dcc_alert_code), ("DCC alert", body.alert_kind)]
        if body.s1sp_alert is not None:
            rows += _s1sp_rows(body.s1sp_alert)
            rows.append(("S1SP signed", _signed(body.s1sp_alert.signature)))
    else:
        if body.srv is not None:
            rows += _srv_rows(body.srv)
        rows += _smets1_rows(body.signed_response)
        rows.append(("S1SP signed", _signed(body.signed_response.signature)))
    return rows


def _srv_rows(srv: str) -> list[tuple[str, str]]:
    try:
        name = catalogue().get(srv).name
    except UnknownServiceError:
        name = "(not in the catalogue)"
    return [("SRV", srv), ("Service", name)]


def _id_rows(identifier: RequestId) -> list[tuple[str, str]]:
    return [
        ("Originator", str(identifier.originator)),
        ("Target", str(identifier.target)),
        ("Counter", str(identifier.counter)),
    ]


def _s1sp_rows(alert: S1SPAlert) -> list[tuple[str, str]]:
    rows = [("S1SP alert code", alert.s1sp_alert_code)]
    optional = [
        ("S1SP request ID", alert.request_id),
        ("S1SP device", alert.device_id),
        ("S1SP information", alert.additional_information),
        ("UTRN", alert.utrn),
    ]
    rows += [(label, str(value)) for label, value in optional if value is not None]
    rows.append(("S1SP date/time", alert.date_time))
    return rows


def _smets1_rows(signed: SMETS1SignedResponse) -> list[tuple[str, str]]:
    header = signed.header
    rows = [
        ("SMETS1 body", signed.body_kind),
        ("MMC originator", str(header.business_originator_id)),
        ("MMC target", str(header.business_target_id)),
        ("MMC counter", str(header.originator_counter)),
    ]
    if header.srv is not None:
        rows.append(("MMC SRV", header.srv))
    if signed.response_data_name is not None:
        rows.append(("Response data", signed.response_data_name))
    if isinstance(signed.body, SMETS1DeviceAlert) and signed.body.content is not None:
        content = signed.body.content
        rows.append(("Device alert code", content.gbcs_hex_alert_code or "none"))
        rows.append(("Device alert", content.alert_description))
    return rows


def _signed(signature: Signature | None) -> str:
    if signature is None:
        return "no"
    issuer = signature.issuer_name or "unknown issuer"
    serial = signature.serial_number or "unknown serial"
    return f"yes (issuer {issuer}, serial {serial})"
