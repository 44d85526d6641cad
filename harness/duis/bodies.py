"""Typed request bodies for the SRVs the S1SR and MP202 features use.

Each builder takes meaningful, typed keyword parameters, checks them (raising
:class:`~harness.errors.BuildError` naming the parameter) and returns the ``sr:`` body element,
valid under DUIS 5.0–5.4 on its own with the defaults. Names, order and types follow the
official DUIS 5.4 content models. :data:`TYPED_BODIES` maps each SRV to its builder; SRVs not in
it get a schema skeleton (:mod:`harness.duis.skeleton`).

Dates and times: ``datetime`` values must be timezone-aware and are written in UTC; naive
``time`` values are written as UTC, as DUIS examples do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from lxml import etree

from harness.duis.body_devices import (
    PLACEHOLDER_FIRMWARE_IMAGE,
    activate_firmware,
    device_prenotification,
    read_firmware_version,
    read_inventory,
    update_firmware,
    update_han_device_log,
    update_ppmid_firmware,
)
from harness.duis.body_parts import PLACEHOLDER_DEVICE_ID
from harness.duis.body_prepayment import (
    top_up_device,
    update_debt,
    update_payment_mode,
    update_prepay_configuration,
)
from harness.duis.body_readings import (
    READ_LOG_BODIES,
    create_schedule,
    read_log,
    update_billing_calendar,
)
from harness.duis.body_tariff import update_import_tariff, update_import_tariff_secondary

__all__ = [
    "PLACEHOLDER_DEVICE_ID",
    "PLACEHOLDER_FIRMWARE_IMAGE",
    "TYPED_BODIES",
    "activate_firmware",
    "create_schedule",
    "device_prenotification",
    "read_firmware_version",
    "read_inventory",
    "read_log",
    "top_up_device",
    "update_billing_calendar",
    "update_debt",
    "update_firmware",
    "update_han_device_log",
    "update_import_tariff",
    "update_import_tariff_secondary",
    "update_payment_mode",
    "update_ppmid_firmware",
    "update_prepay_configuration",
]


#: Typed builder per SRV number; each callable with no arguments gives a valid default body.
TYPED_BODIES: Mapping[str, Callable[..., etree._Element]] = MappingProxyType(
    {
        "1.1.1": update_import_tariff,
        "1.1.2": update_import_tariff_secondary,
        "1.6": update_payment_mode,
        "2.1": update_prepay_configuration,
        "2.2": top_up_device,
        "2.3": update_debt,
        **READ_LOG_BODIES,
        "5.1": create_schedule,
        "6.8": update_billing_calendar,
        "8.2": read_inventory,
        "8.11": update_han_device_log,
        "11.1": update_firmware,
        "11.2": read_firmware_version,
        "11.3": activate_firmware,
        "11.4": update_ppmid_firmware,
        "12.2": device_prenotification,
    }
)
