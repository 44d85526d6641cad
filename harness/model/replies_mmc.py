"""The ``…Rsp`` elements an S1SP puts in ``ra:SMETSData``: updates and firmware.

Each builder returns a fresh ``ra:…Rsp`` element (11.2's, the commonest answer, a fragment
written straight into the response), valid under the bundled set and the official
MMC 5.4 schema, for :func:`harness.model.replies_smets1.smets1_response`. ``success`` sets the
``MessageSuccess`` attribute every ``…Rsp`` has. The logs (4.4.x, 4.6.1, 4.8.x) are built by
:mod:`harness.model.replies_logs`; for any other ``…Rsp`` the schema set knows,
:func:`minimal_rsp` gives its minimal instance, generated from the schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from lxml import etree

from harness.duis.identifiers import Eui64
from harness.duis.namespaces import RA, ra
from harness.duis.schemas import SchemaSet
from harness.duis.skeleton import minimal_instance
from harness.duis.writer import Writer, WrittenFragment
from harness.model.replies_envelope import xs_timestamp

__all__ = [
    "ActivationStatus",
    "TariffSeason",
    "activate_firmware_rsp",
    "billing_calendar_rsp",
    "minimal_rsp",
    "read_device_log_rsp",
    "read_firmware_version_rsp",
    "read_tariff_primary_element_rsp",
    "read_tariff_secondary_element_rsp",
    "top_up_device_rsp",
    "update_debt_rsp",
    "update_han_device_log_rsp",
    "update_import_tariff_rsp",
    "update_import_tariff_secondary_rsp",
    "update_payment_mode_rsp",
    "update_prepay_configuration_rsp",
]

_RA_ONLY = (("ra", RA),)

#: A register value: an integer (electricity) or a decimal (gas).
Number = int | Decimal


class ActivationStatus(Enum):
    """The ActivateImageResponseCode of 11.3 (ASN1Status and its GBCS enumeration value)."""

    SUCCESS = ("success", 0)
    NO_IMAGE_HELD = ("noImageHeld", 1)
    HASH_MISMATCH = ("hashMismatch", 2)
    ACTIVATION_FAILURE = ("activationFailure", 3)

    @property
    def status(self) -> str:
        """The ASN1Status text."""
        return self.value[0]

    @property
    def code(self) -> int:
        """The integer written as the ResponseCode attribute."""
        return self.value[1]


# --- writing ----------------------------------------------------------------------------------


def new_rsp(name: str, success: bool) -> etree._Element:
    """An empty ``ra:<name>`` with its MessageSuccess attribute (shared with the log builders)."""
    element = etree.Element(ra(name), nsmap={"ra": RA})
    element.set("MessageSuccess", "true" if success else "false")
    return element


def number_text(value: Number) -> str:
    """A register value as xs:integer / xs:decimal text."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def add_value(parent: etree._Element, name: str, value: Number | str | datetime | None) -> None:
    """Append ``ra:<name>`` holding ``value`` (times in UTC) unless ``value`` is None."""
    if value is None:
        return
    text = xs_timestamp(value) if isinstance(value, datetime) else value
    etree.SubElement(parent, ra(name)).text = text if isinstance(text, str) else number_text(text)


def add_matrix(parent: etree._Element, name: str, values: Sequence[Number]) -> None:
    """Append one ``ra:<name index="i">`` per value, ``i`` counting from 1."""
    for index, value in enumerate(values, start=1):
        etree.SubElement(parent, ra(name), index=str(index)).text = number_text(value)


# --- 11.2, 11.3 -------------------------------------------------------------------------------


@lru_cache(maxsize=256)  # immutable, and versions recur: written once per document depth
def read_firmware_version_rsp(firmware_version: str, *, success: bool = True) -> WrittenFragment:
    """11.2 Read Firmware Version: ``ReadFirmwareVersionRsp/FirmwareVersion`` (one string)."""

    def write(w: Writer) -> None:
        w.open(_READ_FIRMWARE_VERSION_RSP, _RA_ONLY)
        w.attribute("MessageSuccess", "true" if success else "false")
        w.leaf(_FIRMWARE_VERSION, firmware_version)
        w.close()

    return WrittenFragment.of(_READ_FIRMWARE_VERSION_RSP, write)


_READ_FIRMWARE_VERSION_RSP = ra("ReadFirmwareVersionRsp")
_FIRMWARE_VERSION = ra("FirmwareVersion")


def activate_firmware_rsp(
    *,
    status: ActivationStatus | None = ActivationStatus.SUCCESS,
    firmware_version: str | None = None,
    success: bool = True,
) -> etree._Element:
    """11.3 Activate Firmware: ActivateImageResponseCode and the running firmware version.

    ``status`` None leaves the code out (a future-dated activation, per the MMC comment);
    ``firmware_version`` must have 1 to 8 characters (MMC FirmwareVersion).
    """
    if firmware_version is not None and not 1 <= len(firmware_version) <= 8:
        raise ValueError(
            f"'firmware_version' must have 1 to 8 characters (got {firmware_version!r})"
        )
    rsp = new_rsp("ActivateFirmwareRsp", success)
    if status is not None:
        code = etree.SubElement(rsp, ra("ActivateImageResponseCode"), ResponseCode=str(status.code))
        etree.SubElement(code, ra("ASN1Status")).text = status.status
    add_value(rsp, "FirmwareVersion", firmware_version)
    return rsp


# --- updates acknowledged by MessageSuccess only ----------------------------------------------


def update_import_tariff_rsp(*, success: bool = True) -> etree._Element:
    """1.1.1 Update Import Tariff (Primary Element): ``UpdateImportTariffPrimaryElementRsp``."""
    return new_rsp("UpdateImportTariffPrimaryElementRsp", success)


def update_import_tariff_secondary_rsp(*, success: bool = True) -> etree._Element:
    """1.1.2 Update Import Tariff (Secondary Element): ``UpdateImportTariffSecondaryElementRsp``."""
    return new_rsp("UpdateImportTariffSecondaryElementRsp", success)


def update_payment_mode_rsp(*, success: bool = True) -> etree._Element:
    """1.6 Update Payment Mode: ``UpdatePaymentModeRsp``."""
    return new_rsp("UpdatePaymentModeRsp", success)


def update_prepay_configuration_rsp(*, success: bool = True) -> etree._Element:
    """2.1 Update Prepay Configuration: ``UpdatePrepayConfigurationRsp``."""
    return new_rsp("UpdatePrepayConfigurationRsp", success)


def top_up_device_rsp(*, success: bool = True) -> etree._Element:
    """2.2 Top Up Device: ``TopUpDeviceRsp``."""
    return new_rsp("TopUpDeviceRsp", success)


def update_debt_rsp(*, success: bool = True) -> etree._Element:
    """2.3 Update Debt: ``UpdateDebtRsp``."""
    return new_rsp("UpdateDebtRsp", success)


def billing_calendar_rsp(*, success: bool = True) -> etree._Element:
    """6.8 Update Device Configuration (Billing Calendar)."""
    return new_rsp("UpdateDeviceConfigurationBillingCalendarRsp", success)


def update_han_device_log_rsp(*, success: bool = True) -> etree._Element:
    """8.11 Update HAN Device Log: ``UpdateHANDeviceLogRsp``."""
    return new_rsp("UpdateHANDeviceLogRsp", success)


# --- 4.11.1 / 4.11.2 Read Tariff, 8.9 Read Device Log ------------------------------------------


@dataclass(frozen=True)
class TariffSeason:
    """One season of a tariff's switching table, as an Update Import Tariff sent it.

    ``start`` lists the parts of the SeasonStartDate in order, each as (part, choice, value):
    e.g. ``("Month", "SpecifiedMonth", "7")`` or ``("Year", "NonSpecifiedYear", "")`` (the
    gas parts are named ``GasYearWithWildcards`` etc.). DUIS and the MMC schema use the same
    names for these, so the start date is reported exactly as it was sent.
    """

    name: str | None
    start: tuple[tuple[str, str, str], ...]
    week: str | None


#: The ReadTariffPrimaryElementRsp fuel element of each fuel, and the most seasons it holds.
_TARIFF_FUELS = {"electricity": ("Electricity", 4), "gas": ("Gas", 3)}


def read_tariff_primary_element_rsp(
    fuel: str,
    seasons: Sequence[TariffSeason] | None,
    *,
    schema_set: SchemaSet | None = None,
    success: bool = True,
) -> etree._Element:
    """4.11.1 Read Tariff (Primary Element): ``ReadTariffPrimaryElementRsp`` for ``fuel``
    ("electricity" or "gas") reporting ``seasons`` in its TariffSwitchingTable.

    Built from the schema's minimal instance (:func:`minimal_rsp`) with the fuel element
    chosen and the season fields filled in; ``seasons`` None reports no switching table.
    """
    if fuel not in _TARIFF_FUELS:
        raise ValueError(f"'fuel' must be 'electricity' or 'gas' (got {fuel!r})")
    element_name, most = _TARIFF_FUELS[fuel]
    if seasons is not None and len(seasons) > most:
        raise ValueError(f"a {fuel} tariff has at most {most} seasons (got {len(seasons)})")
    rsp = minimal_rsp("ReadTariffPrimaryElementRsp", schema_set)
    rsp.set("MessageSuccess", "true" if success else "false")
    for child in list(rsp):
        rsp.remove(child)
    data = etree.SubElement(rsp, ra(element_name))
    if seasons is None:
        return rsp
    table = etree.SubElement(data, ra("TariffSwitchingTable"))
    _add_seasons(etree.SubElement(table, ra("Seasons")), seasons, named=fuel == "electricity")
    return rsp


def read_tariff_secondary_element_rsp(
    seasons: Sequence[TariffSeason] | None, *, success: bool = True
) -> etree._Element:
    """4.11.2 Read Tariff (Secondary Element): ``ReadTariffSecondaryElementRsp`` reporting
    ``seasons`` in its TariffSwitchingTable; None reports no switching table (every element of
    the response is optional in the MMC schema)."""
    if seasons is not None and len(seasons) > _SECONDARY_SEASONS:
        raise ValueError(
            f"a secondary element has at most {_SECONDARY_SEASONS} seasons (got {len(seasons)})"
        )
    rsp = new_rsp("ReadTariffSecondaryElementRsp", success)
    if seasons is not None:
        table = etree.SubElement(rsp, ra("TariffSwitchingTable"))
        _add_seasons(etree.SubElement(table, ra("Seasons")), seasons, named=True)
    return rsp


def _add_seasons(parent: etree._Element, seasons: Sequence[TariffSeason], *, named: bool) -> None:
    """One ``ra:Season`` per season: name (electricity only), start date parts and week."""
    for season in seasons:
        element = etree.SubElement(parent, ra("Season"))
        if named:
            add_value(element, "SeasonName", season.name)
        if season.start:
            date = etree.SubElement(element, ra("SeasonStartDate"))
            for part, choice, value in season.start:
                etree.SubElement(etree.SubElement(date, ra(part)), ra(choice)).text = value or None
        add_value(element, "ReferencedWeekName", season.week)


#: The most seasons a secondary element's switching table holds (MMC ElecSeasonsSecondary).
_SECONDARY_SEASONS = 4

#: At most this many entries in a comms hub's device log (MMC CHFDeviceLogType).
CHF_DEVICE_LOG_ENTRIES = 16


def read_device_log_rsp(devices: Sequence[Eui64], *, success: bool = True) -> etree._Element:
    """8.9 Read Device Log of a comms hub: ``ReadDeviceLogRsp/CHFDeviceLog``, one
    ``CHFDeviceLogEntry`` (its DeviceID) per device, in order; at most 16."""
    if len(devices) > CHF_DEVICE_LOG_ENTRIES:
        raise ValueError(
            f"a comms hub device log holds at most {CHF_DEVICE_LOG_ENTRIES} devices "
            f"(got {len(devices)})"
        )
    rsp = new_rsp("ReadDeviceLogRsp", success)
    log = etree.SubElement(rsp, ra("CHFDeviceLog"))
    for device in devices:
        entry = etree.SubElement(log, ra("CHFDeviceLogEntry"))
        add_value(entry, "DeviceID", str(device))
    return rsp


# --- anything else -----------------------------------------------------------------------------


def minimal_rsp(name: str, schema_set: SchemaSet | None = None) -> etree._Element:
    """The minimal ``ra:<name>`` (e.g. ``ReadTariffPrimaryElementRsp``) the SMETSData choice of
    ``schema_set`` (bundled if None) allows, generated from the schema; BuildError if none."""
    return minimal_instance(f"ra:ResponsePayload/SMETSData/{name}", schema_set)
