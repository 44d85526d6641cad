"""Replies DCC gives itself: acknowledgements, errors, non-device answers, Read Inventory and the
PreCommand of the critical flow.

Header rules, as DCC Boxed shows them (its sample responses in SmartDCCInnovation/duis-parser):
an acknowledgement or success carries the request's RequestID and a ResponseID with originator
and target swapped and is signed by DCC; an error response carries the RequestID only and is
unsigned. Both name the request's ServiceReference and ServiceReferenceVariant, which the DUIS
schema requires in every ResponseMessage.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from lxml import etree

from harness.duis.catalogue import catalogue
from harness.duis.fragment import Fragment, canonical
from harness.duis.identifiers import Eui64, RequestId
from harness.duis.messages import Request
from harness.duis.namespaces import SR, sr
from harness.duis.responses import ResponseMessage
from harness.duis.writer import Writer, WrittenFragment
from harness.model.devices import DeviceStatus, DeviceType, SmetsVersion
from harness.model.replies_envelope import check_response_code, respond
from harness.model.replies_templated import message_reply

__all__ = [
    "PRECOMMAND_GBCS_VERSION",
    "RESPONSE_PAYLOADS",
    "InventoryRecord",
    "acknowledgement",
    "error_response",
    "inventory_response",
    "precommand_payload",
    "precommand_response",
    "success_response",
]

#: The elements DUIS 5.4 allows as the payload of a ResponseMessage (one at most).
RESPONSE_PAYLOADS = (
    "CINMessage",
    "DSPInventory",
    "DSPOptIn",
    "DSPSchedulesRead",
    "DSPScheduledMessage",
    "DSPScheduleID",
    "DSPUpdateFirmwareWarning",
    "DSPUpdatePPMIDFirmwareWarning",
    "DSPWANMatrix",
    "FutureDatedDeviceAlertMessage",
    "GBCSPayload",
    "LocalCommand",
    "PreCommand",
)

#: GBCSVersion written in a PreCommand: the GBCS version the DUIS 5.4 schema says it is aligned
#: with. A SMETS1 device has no GBCS version; no source says what DCC writes for one.
PRECOMMAND_GBCS_VERSION = "4.3"

_MAX_INVENTORY = 17
_CRITICAL = 4
_READ_INVENTORY = "8.2"


_SR_ONLY = (("sr", SR),)


def _message(request: Request, payload: Fragment | None = None) -> ResponseMessage:
    return ResponseMessage(
        service_reference=request.service_reference, srv=request.srv, payload=payload
    )


def acknowledgement(request: Request, *, now: datetime) -> bytes:
    """``I99``: DCC accepted the request and sent it on; the answer follows asynchronously."""
    return _message_reply(request, now, "I99", None)


def _message_reply(request: Request, now: datetime, code: str, payload: Fragment | None) -> bytes:
    """A DCC-signed ResponseMessage answering ``request``: from the template when it serves."""
    filled = message_reply(request, now=now, code=code, payload=payload)
    if filled is not None:
        return filled
    return respond(
        now=now,
        code=code,
        body=_message(request, payload),
        request_id=request.request_id,
        response_id=request.request_id.swapped(),
    )


def error_response(
    request_id: RequestId | None,
    *,
    code: str,
    now: datetime,
    service_reference: str | None = None,
    srv: str | None = None,
) -> bytes:
    """An unsigned error response with the E-code ``code``, RequestID only (no ResponseID).

    The schema's ResponseMessage requires ServiceReference and ServiceReferenceVariant: give
    ``srv`` (the ServiceReference is then looked up in the catalogue unless given). A request
    whose SRV cannot be read cannot be answered with a valid DUIS error (ValueError).
    """
    check_response_code(code, error=True)
    if srv is None:
        raise ValueError(
            "'srv' is required: the DUIS ResponseMessage of an error response must name the "
            "ServiceReferenceVariant (got None)"
        )
    reference = service_reference or catalogue().get(srv).service_reference
    return respond(
        now=now,
        code=code,
        body=ResponseMessage(service_reference=reference, srv=srv),
        request_id=request_id,
        signer=None,
    )


def success_response(
    request: Request, *, now: datetime, payload: etree._Element | Fragment | None = None
) -> bytes:
    """``I0`` with a ResponseMessage, optionally carrying one payload element.

    ``payload`` must be an ``sr:`` element (or fragment) of :data:`RESPONSE_PAYLOADS`
    (DSPInventory, GBCSPayload, PreCommand…); an element is copied, not changed.
    """
    fragment = Fragment.from_element(payload) if isinstance(payload, etree._Element) else payload
    if fragment is not None:
        name = etree.QName(fragment.tag)
        if name.namespace != SR or name.localname not in RESPONSE_PAYLOADS:
            raise ValueError(
                f"'payload' must be an sr: element among {', '.join(RESPONSE_PAYLOADS)} "
                f"(got {fragment.tag})"
            )
    return _message_reply(request, now, "I0", fragment)


# --- 8.2 Read Inventory --------------------------------------------------------------------


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, DeviceType | DeviceStatus | SmetsVersion):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _bounded(name: str, value: str | None, low: int, high: int) -> None:
    if value is not None and not low <= len(value) <= high:
        raise ValueError(f"'{name}' must have {low} to {high} characters (got {value!r})")


@dataclass(frozen=True, kw_only=True)
class InventoryRecord:
    """One device as Read Inventory reports it (``sr:Device`` of DUIS 5.4, in schema order).

    DeviceID, DeviceType, DeviceManufacturer and DeviceModel are required by the schema;
    the SMETS/CHTS version is optional there but required here, because the MP202 rules are
    observed through it. The DSPInventory entry has no hardware version and no comms hub link.
    """

    device_id: Eui64
    device_type: DeviceType
    status: DeviceStatus | None = None
    manufacturer: str
    model: str
    smets_chts_version: SmetsVersion | str
    firmware_version: str | None = None
    firmware_version_status: str | None = None
    cpl_status: str | None = None
    date_commissioned: date | None = None
    import_mpxn: str | None = None
    secondary_import_mpan: str | None = None
    export_mpan: str | None = None
    esme_variant: str | None = None
    uprn: int | None = None
    post_code: str | None = None
    address_identifier: str | None = None
    csp_region: str | None = None
    gbcs_version: str | None = None
    han_variant: str | None = None
    s1sp: str | None = None
    connectivity: str | None = None

    def __post_init__(self) -> None:
        if self.status is DeviceStatus.NOT_APPLICABLE:
            raise ValueError("'status' NotApplicable is not in the DUIS DeviceStatus enumeration")
        _bounded("manufacturer", self.manufacturer, 0, 30)
        _bounded("model", self.model, 0, 30)
        _bounded("smets_chts_version", _text(self.smets_chts_version), 1, 20)
        _bounded("firmware_version", self.firmware_version, 1, 8)
        _bounded("import_mpxn", self.import_mpxn, 1, 13)
        _bounded("secondary_import_mpan", self.secondary_import_mpan, 13, 13)
        _bounded("export_mpan", self.export_mpan, 13, 13)
        _bounded("post_code", self.post_code, 6, 8)
        _bounded("address_identifier", self.address_identifier, 0, 30)
        if self.uprn is not None and not 1 <= self.uprn <= 999_999_999_999:
            raise ValueError(
                f"'uprn' must be a positive integer of up to 12 digits (got {self.uprn})"
            )
        if (self.post_code is None) != (self.address_identifier is None):
            raise ValueError("'post_code' and 'address_identifier' go together (PropertyFilter)")

    def write(self, w: Writer) -> None:
        """Describe this record as ``sr:Device``."""
        w.open(_DEVICE)
        self._write_content(w)
        w.close()

    @cached_property
    def fragment(self) -> WrittenFragment:
        """This record as an ``sr:Device`` fragment: a DSPInventory grafts it, and a record
        written once is not written again (the model keeps a record per unchanged device)."""

        def write(w: Writer) -> None:
            w.open(_DEVICE, _SR_ONLY)
            self._write_content(w)
            w.close()

        return WrittenFragment.of(_DEVICE, write)

    def _write_content(self, w: Writer) -> None:
        _write_rows(
            w,
            (
                ("DeviceID", self.device_id),
                ("DeviceType", self.device_type),
                ("DeviceStatus", self.status),
                ("DeviceManufacturer", self.manufacturer),
                ("DeviceModel", self.model),
                ("SMETSCHTSVersion", self.smets_chts_version),
                ("DeviceFirmwareVersion", self.firmware_version),
                ("DeviceFirmwareVersionStatus", self.firmware_version_status),
                ("CPLStatus", self.cpl_status),
                ("DateCommissioned", self.date_commissioned),
                ("ImportMPxN", self.import_mpxn),
                ("SecondaryImportMPAN", self.secondary_import_mpan),
                ("ExportMPAN", self.export_mpan),
                ("ESMEVariant", self.esme_variant),
                ("UPRN", self.uprn),
            ),
        )
        if self.post_code is not None and self.address_identifier is not None:
            w.open(_PROPERTY_FILTER)
            _write_rows(
                w, (("PostCode", self.post_code), ("AddressIdentifier", self.address_identifier))
            )
            w.close()
        _write_rows(
            w,
            (
                ("CSPRegion", self.csp_region),
                ("DeviceGBCSVersion", self.gbcs_version),
                ("HANVariant", self.han_variant),
                ("S1SP", self.s1sp),
                ("Connectivity", self.connectivity),
            ),
        )


_DEVICE = sr("Device")
_PROPERTY_FILTER = sr("PropertyFilter")
_DSP_INVENTORY = sr("DSPInventory")


def _write_rows(w: Writer, rows: Sequence[tuple[str, object]]) -> None:
    for name, value in rows:
        w.leaf(sr(name), _text(value))


def inventory_response(
    request: Request, *, now: datetime, devices: Sequence[InventoryRecord]
) -> bytes:
    """``I0`` for SRV 8.2 Read Inventory: ResponseMessage/DSPInventory with 1 to 17 devices."""
    if request.srv != _READ_INVENTORY:
        raise ValueError(f"'request' must be a Read Inventory (SRV 8.2) (got SRV {request.srv})")
    if not 1 <= len(devices) <= _MAX_INVENTORY:
        raise ValueError(f"'devices' must hold 1 to 17 records (got {len(devices)})")
    records = tuple(devices)

    def write(w: Writer) -> None:
        w.open(_DSP_INVENTORY, _SR_ONLY)
        for record in records:
            w.graft(record.fragment)
        w.close()

    return success_response(request, now=now, payload=WrittenFragment.of(_DSP_INVENTORY, write))


# --- critical flow: PreCommand -------------------------------------------------------------


def precommand_payload(request: Request) -> str:
    """The base64 GBCSPayload of the PreCommand the model issues for ``request``.

    A placeholder: the ASCII text ``harness-precommand;srv=…;request=…;body-sha256=…`` (the
    SHA-256 of the canonical body), so the same request always gets the same payload and a
    later SignedPreCommand can be matched to it. It is not a GBCS command.
    """
    body = canonical(request.body.xml)
    digest = hashlib.sha256(body).hexdigest()
    text = f"harness-precommand;srv={request.srv};request={request.request_id};body-sha256={digest}"
    return base64.b64encode(text.encode("ascii")).decode("ascii")


def precommand_response(
    request: Request, *, now: datetime, gbcs_version: str = PRECOMMAND_GBCS_VERSION
) -> bytes:
    """``I0`` answering a critical request sent with CommandVariant 4: a PreCommand to sign.

    Assumption (the model's SMETS1 devices have no GBCS): the PreCommand's GBCSVersion is
    :data:`PRECOMMAND_GBCS_VERSION` and its GBCSPayload is :func:`precommand_payload`, a
    deterministic placeholder, not a GBCS or SMETS1 command.
    """
    if request.command_variant != _CRITICAL:
        raise ValueError(
            f"a PreCommand answers CommandVariant 4 (got CommandVariant {request.command_variant})"
        )
    pre = etree.Element(sr("PreCommand"), nsmap={"sr": SR})
    etree.SubElement(pre, sr("GBCSVersion")).text = gbcs_version
    etree.SubElement(pre, sr("GBCSPayload")).text = precommand_payload(request)
    return success_response(request, now=now, payload=pre)
