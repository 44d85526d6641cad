"""Typed bodies for device records and firmware: SRVs 8.2, 8.11, 11.1–11.4 and 12.2."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from lxml import etree

from harness.duis.body_parts import (
    PLACEHOLDER_DEVICE_ID,
    child,
    choice,
    device,
    execution,
    integer,
    root,
    text,
)
from harness.duis.identifiers import Eui64
from harness.errors import BuildError

HanAction = Literal["Add", "Remove"]
DeviceType = Literal["ESME", "GSME", "GPF", "CHF", "HCALCS", "PPMID", "IHD", "CAD"]
EsmeVariant = Literal["A", "B", "C", "AD", "BD", "CD"]

#: Firmware image used when none is given (11.1, 11.4); its SHA-256 is 11.3's default hash.
PLACEHOLDER_FIRMWARE_IMAGE = b"duis-harness placeholder firmware image"


def read_inventory(
    *,
    device_id: str | Eui64 | None = None,
    uprn: int | None = None,
    mpxn: str | None = None,
    postcode: str | None = None,
    address_identifier: str | None = None,
) -> etree._Element:
    """8.2 ``ReadInventory`` by one criterion: device, UPRN, MPxN, or postcode (+ address).

    With no criterion the placeholder device ID is searched for.
    """
    srv = "8.2"
    criteria = {
        "device_id": device_id is not None,
        "uprn": uprn is not None,
        "mpxn": mpxn is not None,
        "postcode": postcode is not None or address_identifier is not None,
    }
    given = [name for name, present in criteria.items() if present]
    if len(given) > 1:
        reason = f"give exactly one search criterion (got {', '.join(given)})"
        raise BuildError(srv, reason, given[1])
    body = root("ReadInventory")
    if uprn is not None:
        child(body, "UPRN", integer(srv, "uprn", uprn, (1, 10**12 - 1)))
    elif mpxn is not None:
        child(body, "MPxN", text(srv, "mpxn", mpxn, 1, 13))
    elif criteria["postcode"]:
        found = child(body, "PropertyFilter")
        child(found, "PostCode", text(srv, "postcode", postcode or "", 6, 8))
        address = text(srv, "address_identifier", address_identifier or "", 0, 30)
        child(found, "AddressIdentifier", address)
    else:
        child(body, "DeviceID", device(srv, "device_id", device_id or PLACEHOLDER_DEVICE_ID))
    return body


def update_han_device_log(
    device_id: str | Eui64 = PLACEHOLDER_DEVICE_ID,
    action: HanAction = "Add",
    *,
    install_code: bytes | None = None,
    join_time_period: int = 3600,
    import_mpxn: str | None = None,
    secondary_import_mpan: str | None = None,
    export_mpan: str | None = None,
    execution_datetime: datetime | None = None,
) -> etree._Element:
    """8.11 ``UpdateHANDeviceLog``: add a device (e.g. a PPMID) to, or remove it from, the log.

    ``install_code`` (6–16 bytes) also whitelists the device on the comms hub, joining within
    ``join_time_period`` seconds (1–3600), optionally with the meter point numbers.
    """
    srv = "8.11"
    choice(srv, "action", action, ("Add", "Remove"))
    body = root("UpdateHANDeviceLog")
    execution(body, srv, execution_datetime)
    child(body, "DeviceID", device(srv, "device_id", device_id))
    child(body, "RequestType", action)
    extras = {
        "import_mpxn": import_mpxn,
        "secondary_import_mpan": secondary_import_mpan,
        "export_mpan": export_mpan,
    }
    if install_code is None:
        given = [name for name, value in extras.items() if value is not None]
        if given:
            raise BuildError(srv, f"{given[0]} needs install_code (CHF whitelist entry)", given[0])
        return body
    if action != "Add":
        raise BuildError(srv, "install_code is for adding a device", "install_code")
    if not isinstance(install_code, bytes) or not 6 <= len(install_code) <= 16:
        raise BuildError(
            srv, f"install_code must be 6 to 16 bytes (got {install_code!r})", "install_code"
        )
    whitelist = child(body, "AddDeviceToCHFWhitelist")
    child(
        whitelist, "JoinTimePeriod", integer(srv, "join_time_period", join_time_period, (1, 3600))
    )
    child(whitelist, "InstallCode", install_code.hex().upper())
    for name, parameter, low in (
        ("ImportMPxN", "import_mpxn", 1),
        ("SecondaryImportMPAN", "secondary_import_mpan", 13),
        ("ExportMPAN", "export_mpan", 13),
    ):
        value = extras[parameter]
        if value is not None:
            child(whitelist, name, text(srv, parameter, value, low, 13))
    return body


def update_firmware(
    image: bytes = PLACEHOLDER_FIRMWARE_IMAGE,
    version: str = "00000001",
    device_ids: Sequence[str | Eui64] = (PLACEHOLDER_DEVICE_ID,),
    *,
    ppmid: bool = False,
) -> etree._Element:
    """11.1 ``UpdateFirmware`` (or 11.4 ``UpdatePPMIDFirmware`` with ``ppmid=True``).

    Distributes ``image`` (at most 10,240,000 bytes) tagged ``version`` (1–8 characters) to
    the listed devices.
    """
    srv = "11.4" if ppmid else "11.1"
    if not isinstance(image, bytes) or not 1 <= len(image) <= 10_240_000:
        raise BuildError(srv, "image must be 1 to 10,240,000 bytes", "image")
    if not device_ids:
        raise BuildError(srv, "device_ids must name at least one device", "device_ids")
    body = root("UpdatePPMIDFirmware" if ppmid else "UpdateFirmware")
    child(body, "FirmwareImage", base64.b64encode(image).decode("ascii"))
    child(body, "FirmwareVersion", text(srv, "version", version, 1, 8))
    child(body, "DeviceIDList", ",".join(device(srv, "device_ids", d) for d in device_ids))
    return body


def update_ppmid_firmware(
    image: bytes = PLACEHOLDER_FIRMWARE_IMAGE,
    version: str = "00000001",
    device_ids: Sequence[str | Eui64] = (PLACEHOLDER_DEVICE_ID,),
) -> etree._Element:
    """11.4 ``UpdatePPMIDFirmware``: see :func:`update_firmware`."""
    return update_firmware(image, version, device_ids, ppmid=True)


def read_firmware_version(*, execution_datetime: datetime | None = None) -> etree._Element:
    """11.2 ``ReadFirmwareVersion``."""
    body = root("ReadFirmwareVersion")
    execution(body, "11.2", execution_datetime)
    return body


def activate_firmware(
    firmware_hash: bytes | str | None = None,
    *,
    image: bytes | None = None,
    execution_datetime: datetime | None = None,
) -> etree._Element:
    """11.3 ``ActivateFirmware`` for the image whose SHA-256 is ``firmware_hash``.

    Give the hash (32 bytes, or 64 hex digits) or the ``image`` itself; by default the hash of
    :data:`PLACEHOLDER_FIRMWARE_IMAGE`.
    """
    srv = "11.3"
    if firmware_hash is not None and image is not None:
        raise BuildError(srv, "give firmware_hash or image, not both", "firmware_hash")
    if firmware_hash is None:
        digest = hashlib.sha256(image if image is not None else PLACEHOLDER_FIRMWARE_IMAGE).digest()
    elif isinstance(firmware_hash, str):
        try:
            digest = bytes.fromhex(firmware_hash)
        except ValueError:
            raise BuildError(
                srv, f"firmware_hash must be hexadecimal (got {firmware_hash!r})", "firmware_hash"
            ) from None
    else:
        digest = firmware_hash
    if len(digest) != 32:
        raise BuildError(
            srv, f"firmware_hash must be 32 bytes (got {len(digest)})", "firmware_hash"
        )
    body = root("ActivateFirmware")
    execution(body, srv, execution_datetime)
    child(body, "FirmwareHash", digest.hex().upper())
    return body


def device_prenotification(
    device_id: str | Eui64 = PLACEHOLDER_DEVICE_ID,
    device_type: DeviceType = "PPMID",
    manufacturer: str = "0000",
    model: str = "00000000",
    *,
    smets_version: str | None = None,
    firmware_version: str | None = None,
    esme_variant: EsmeVariant | None = None,
    associated_gpf: str | Eui64 | None = None,
) -> etree._Element:
    """12.2 ``DevicePrenotification``: tell DCC a device is coming, with its CPL identity.

    ``smets_version`` is the SMETS/CHTS version text (1–20 characters; MP202 pre-notifies
    dual-mode PPMIDs with the SMETS version they are to work as); ``esme_variant`` is for ESMEs.
    """
    srv = "12.2"
    choice(
        srv,
        "device_type",
        device_type,
        ("ESME", "GSME", "GPF", "CHF", "HCALCS", "PPMID", "IHD", "CAD"),
    )
    if esme_variant is not None:
        choice(srv, "esme_variant", esme_variant, ("A", "B", "C", "AD", "BD", "CD"))
        if device_type != "ESME":
            raise BuildError(
                srv, f"esme_variant is for ESMEs (device_type is {device_type})", "esme_variant"
            )
    body = root("DevicePrenotification")
    child(body, "DeviceID", device(srv, "device_id", device_id))
    child(body, "DeviceManufacturer", text(srv, "manufacturer", manufacturer, 0, 30))
    child(body, "DeviceModel", text(srv, "model", model, 0, 30))
    child(body, "DeviceType", device_type)
    if smets_version is not None:
        child(body, "SMETSCHTSVersion", text(srv, "smets_version", smets_version, 1, 20))
    if firmware_version is not None:
        child(body, "FirmwareVersion", text(srv, "firmware_version", firmware_version, 1, 8))
    if esme_variant is not None:
        child(body, "ESMEVariant", esme_variant)
    if associated_gpf is not None:
        child(body, "AssociatedGPFDeviceID", device(srv, "associated_gpf", associated_gpf))
    return body
