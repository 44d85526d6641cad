"""Alerts the reference model sends: DCC alerts (S1SP alerts among them) and device alerts.

Every alert is an ``sr:Response`` with ResponseCode ``I0``, signed by DCC (placeholder), whose
ResponseID is ``originator:recipient:counter``: DCC's EUI-64 for a DCC alert, the device's for
a device alert. The counter is the caller's, else ``now`` in milliseconds since the epoch
(DCC Boxed numbers its own messages that way), so alerts raised later count higher. Alerts
carry no header RequestID unless the caller gives one; the request an alert is about is named
inside it (S1SPAlert/RequestID, UpdateFirmwareRequestID).

No public source says which DCCAlertCode goes with which DCCAlert kind, so every helper takes
``dcc_alert_code`` with :data:`PLACEHOLDER_DCC_ALERT_CODE` as default (A-S1SP-ALERT-WRAPPER).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from lxml import etree

from harness.duis.fragment import Fragment
from harness.duis.identifiers import Eui64, RequestId
from harness.duis.messages import Request
from harness.duis.namespaces import SR, sr
from harness.duis.responses import DCCAlertMessage, DeviceAlertMessage, SMETS1ResponseMessage
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.skeleton import declaration, minimal_instance
from harness.duis.smets1 import (
    DeviceAlertContent,
    MMCHeader,
    S1SPAlert,
    SMETS1DeviceAlert,
    SMETS1SignedResponse,
)
from harness.duis.writer import Writer, WrittenFragment
from harness.model.replies_envelope import (
    DCC_ID,
    PLACEHOLDER_DCC_ALERT_CODE,
    S1SP,
    SCHEMA_VERSION,
    check_dcc_alert_code,
    placeholder_signature,
    respond,
    xs_timestamp,
)
from harness.model.replies_templated import dcc_alert_reply

__all__ = [
    "FIRMWARE_ACTIVATED",
    "FIRMWARE_NOT_ACTIVATED",
    "dcc_alert",
    "device_alert",
    "firmware_distribution_failure",
    "ppmid_firmware_activation",
    "s1sp_alert",
    "smets1_device_alert",
]

#: GBCS alert 8F43 "Change in the executing Firmware version": the PPMIDAlert DeviceAlertCode
#: of a successful activation (assumption: DUIS does not say which code a PPMIDAlert carries).
FIRMWARE_ACTIVATED = "8F43"
#: GBCS alert 8F1C "Firmware Verification Failed": the code of a failed activation (assumption).
FIRMWARE_NOT_ACTIVATED = "8F1C"

_UTRN = re.compile(r"[0-9]{20}")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")
_FIRMWARE_SRVS = ("11.1", "11.4")
_SR_ONLY = (("sr", SR),)


def _counter(now: datetime, counter: int | None) -> int:
    if counter is not None:
        return counter
    xs_timestamp(now)  # refuses a naive datetime
    return int(now.timestamp() * 1000)


def _eui(value: Eui64 | str) -> Eui64:
    return value if isinstance(value, Eui64) else Eui64.parse(value)


def _device_of(request_id: RequestId, device_id: Eui64 | str | None) -> Eui64:
    if device_id is not None:
        return _eui(device_id)
    if request_id.target == DCC_ID:
        raise ValueError(
            "'device_id' is required: the request was addressed to DCC, not to a device"
        )
    return request_id.target


def _hex_code(name: str, code: str) -> str:
    if not _HEX.fullmatch(code):
        raise ValueError(f"'{name}' must be hexadecimal byte pairs such as 8F43 (got {code!r})")
    return code.upper()


# --- DCC alerts ---------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _check_alert_kind(schema_set: SchemaSet, kind: str) -> None:
    """BuildError listing the kinds unless ``sr:DCCAlert`` of the schema set has ``kind``
    (looked up once per schema set and kind: the walk through the schema is slow)."""
    declaration(schema_set, f"sr:DCCAlert/{kind}")


def dcc_alert(
    *,
    now: datetime,
    code: str,
    kind: str,
    content: etree._Element | Fragment | None = None,
    request_id: RequestId | None = None,
    recipient: Eui64 | str | None = None,
    counter: int | None = None,
) -> bytes:
    """A DCCAlertMessage with DCCAlertCode ``code`` and the DCCAlert element ``sr:<kind>``.

    ``content`` is that ``sr:<kind>`` element (an element is copied) or its fragment; when
    None, the minimal instance the schema allows is generated (only useful for kinds without
    meaningful content). The alert goes to ``recipient``, else to the originator of
    ``request_id``; ``request_id``, when given, is also written as the header RequestID.
    """
    check_dcc_alert_code(code)
    _check_alert_kind(load_schema_set(), kind)
    if content is None:
        content = minimal_instance(f"sr:DCCAlert/{kind}")
    elif content.tag != sr(kind):
        raise ValueError(f"'content' must be the sr:{kind} element (got {content.tag})")
    alert = content if isinstance(content, Fragment) else Fragment.from_element(content)
    if recipient is not None:
        target = _eui(recipient)
    elif request_id is not None:
        target = request_id.originator
    else:
        raise ValueError("give 'recipient' or 'request_id': a DCC alert goes to one user")
    body = DCCAlertMessage(dcc_alert_code=code, alert=alert)
    return respond(
        now=now,
        code="I0",
        body=body,
        request_id=request_id,
        response_id=RequestId(DCC_ID, target, _counter(now, counter)),
    )


def s1sp_alert(
    request: Request,
    *,
    now: datetime,
    code: str,
    utrn: str | None = None,
    dcc_alert_code: str = PLACEHOLDER_DCC_ALERT_CODE,
    device_id: Eui64 | str | None = None,
    additional_information: str | None = None,
    s1sp_id: str = S1SP,
    counter: int | None = None,
) -> bytes:
    """An S1SP alert (e.g. ``S1CE20``) about ``request``, as A-S1SP-ALERT-WRAPPER delivers it.

    Response → DCCAlertMessage (``dcc_alert_code``: no source fixes it) → DCCAlert →
    S1SPAlertDSP → S1SPAlert with the request's RequestID, the device (``device_id``, else the
    request's target), ``code``, the optional ``utrn`` (20 digits) and additional information,
    ``now`` as DateTime and the S1SP's placeholder signature.
    """
    if not code.strip():
        raise ValueError("'code' must be an S1SP alert code such as S1CE20 (got an empty string)")
    if utrn is not None and not _UTRN.fullmatch(utrn):
        raise ValueError(f"'utrn' must be 20 digits (got {utrn!r})")
    device = device_id if device_id is not None else request.request_id.target
    alert = S1SPAlert(
        schema_version=SCHEMA_VERSION,
        request_id=request.request_id,
        device_id=None if _eui(device) == DCC_ID else _eui(device),
        s1sp_alert_code=code,
        additional_information=additional_information,
        utrn=utrn,
        date_time=xs_timestamp(now),
        signature=placeholder_signature(s1sp_id),
    )

    def write(w: Writer) -> None:
        w.open(_S1SP_ALERT_DSP, _SR_ONLY)
        alert.write(w)
        w.close()

    return dcc_alert(
        now=now,
        code=dcc_alert_code,
        kind="S1SPAlertDSP",
        content=WrittenFragment.of(_S1SP_ALERT_DSP, write),
        recipient=request.request_id.originator,
        counter=counter,
    )


def firmware_distribution_failure(
    request: Request,
    *,
    now: datetime,
    devices: Sequence[Eui64 | str],
    dcc_alert_code: str = PLACEHOLDER_DCC_ALERT_CODE,
    counter: int | None = None,
) -> bytes:
    """The DCC alert FirmwareDistributionFailure for an 11.1 or 11.4 request: its RequestID as
    UpdateFirmwareRequestID and the ``devices`` the image did not reach as MeterIDs."""
    if request.srv not in _FIRMWARE_SRVS:
        raise ValueError(f"'request' must be an 11.1 or 11.4 firmware update (got {request.srv})")
    if not devices:
        raise ValueError("'devices' must name at least one device")
    failure = etree.Element(sr("FirmwareDistributionFailure"), nsmap={"sr": SR})
    etree.SubElement(failure, sr("UpdateFirmwareRequestID")).text = str(request.request_id)
    etree.SubElement(failure, sr("MeterIDs")).text = ",".join(str(_eui(d)) for d in devices)
    return dcc_alert(
        now=now,
        code=dcc_alert_code,
        kind="FirmwareDistributionFailure",
        content=failure,
        recipient=request.request_id.originator,
        counter=counter,
    )


def ppmid_firmware_activation(
    request_or_id: Request | RequestId,
    *,
    now: datetime,
    success: bool,
    firmware_version: str,
    device_id: Eui64 | str | None = None,
    device_alert_code: str | None = None,
    dcc_alert_code: str = PLACEHOLDER_DCC_ALERT_CODE,
    counter: int | None = None,
) -> bytes:
    """The DCC alert PPMIDAlert with PPMIDFirmwareUpgradeAlert after a PPMID firmware upgrade.

    ActivateImageResultCode is ActivationSuccess or ActivationFailure; FirmwareVersion is
    ``firmware_version`` (1 to 8 characters). The PPMID is ``device_id``, else the request's
    target (an 11.4 request goes to DCC, so name the PPMID there). DeviceAlertCode defaults to
    :data:`FIRMWARE_ACTIVATED` or :data:`FIRMWARE_NOT_ACTIVATED` (an assumption).
    """
    identifier = request_or_id.request_id if isinstance(request_or_id, Request) else request_or_id
    if not 1 <= len(firmware_version) <= 8:
        raise ValueError(
            f"'firmware_version' must have 1 to 8 characters (got {firmware_version!r})"
        )
    default_code = FIRMWARE_ACTIVATED if success else FIRMWARE_NOT_ACTIVATED
    values = (
        str(_device_of(identifier, device_id)),
        _hex_code("device_alert_code", device_alert_code or default_code),
        xs_timestamp(now),
        firmware_version,
        "ActivationSuccess" if success else "ActivationFailure",
    )
    recipient = identifier.originator
    check_dcc_alert_code(dcc_alert_code)  # what dcc_alert checks, in its order
    _check_alert_kind(load_schema_set(), "PPMIDAlert")
    filled = dcc_alert_reply(
        _ppmid_alert, values, now=now, code=dcc_alert_code, recipient=recipient, counter=counter
    )
    if filled is not None:
        return filled
    return dcc_alert(
        now=now,
        code=dcc_alert_code,
        kind="PPMIDAlert",
        content=_ppmid_alert(*values),
        recipient=recipient,
        counter=counter,
    )


def _ppmid_alert(
    device: str, code: str, when: str, firmware_version: str, result: str
) -> WrittenFragment:
    """``sr:PPMIDAlert`` with its PPMIDFirmwareUpgradeAlert."""

    def write(w: Writer) -> None:
        w.open(_PPMID_ALERT, _SR_ONLY)
        w.leaf(sr("DeviceID"), device)
        w.leaf(sr("DeviceAlertCode"), code)
        w.leaf(sr("Timestamp"), when)
        w.open(sr("PPMIDFirmwareUpgradeAlert"))
        w.leaf(sr("FirmwareVersion"), firmware_version)
        w.leaf(sr("ActivateImageResultCode"), result)
        w.close()
        w.close()

    return WrittenFragment.of(_PPMID_ALERT, write)


_S1SP_ALERT_DSP = sr("S1SPAlertDSP")
_PPMID_ALERT = sr("PPMIDAlert")


# --- device alerts ------------------------------------------------------------------------------


def device_alert(
    *,
    now: datetime,
    device_id: Eui64 | str,
    recipient: Eui64 | str,
    alert_code: str,
    gbcs_payload: bytes,
    counter: int | None = None,
) -> bytes:
    """A DUIS DeviceAlertMessage (GBCS alert): hex ``alert_code`` and the GBCS payload bytes
    (written base64), ResponseID ``device:recipient:counter``."""
    body = DeviceAlertMessage(
        alert_code=_hex_code("alert_code", alert_code),
        gbcs_payload=base64.b64encode(gbcs_payload).decode("ascii"),
    )
    response_id = RequestId(_eui(device_id), _eui(recipient), _counter(now, counter))
    return respond(now=now, code="I0", body=body, response_id=response_id)


def smets1_device_alert(
    *,
    now: datetime,
    device_id: Eui64 | str,
    recipient: Eui64 | str,
    description: str,
    alert_code: str | None = None,
    s1sp_id: str = S1SP,
    counter: int | None = None,
) -> bytes:
    """A SMETS1 device alert relayed by DCC: SMETS1ResponseMessage (no SRV) → S1SP-signed
    SMETS1SignedResponse → DeviceAlertMessage/DeviceAlertContent with the optional GBCS hex
    ``alert_code``, ``description`` (at most 250 characters) and ``now`` as Timestamp."""
    if len(description) > 250:
        raise ValueError(f"'description' must have at most 250 characters (got {len(description)})")
    device, target = _eui(device_id), _eui(recipient)
    number = _counter(now, counter)
    content = DeviceAlertContent(
        gbcs_hex_alert_code=None if alert_code is None else _hex_code("alert_code", alert_code),
        alert_description=description,
        timestamp=xs_timestamp(now),
    )
    signed = SMETS1SignedResponse(
        schema_version=SCHEMA_VERSION,
        header=MMCHeader(
            business_originator_id=device,
            business_target_id=target,
            originator_counter=number,
            timestamp=xs_timestamp(now),
        ),
        body=SMETS1DeviceAlert(content=content),
        signature=placeholder_signature(s1sp_id),
    )
    body = SMETS1ResponseMessage(signed_response=signed)
    return respond(now=now, code="I0", body=body, response_id=RequestId(device, target, number))
