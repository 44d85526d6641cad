"""SMI records, their errors and the MP202 rule helpers (used by :mod:`harness.model.inventory`).

Errors (all :class:`harness.errors.HarnessError`)::

    InventoryError
    ├── UnknownDeviceError   no record for the device (.device_id)
    ├── LifecycleError       illegal status transition (.device_id, .status, .transition)
    ├── RegistrationError    pre-notification or installation refused (.device_id, .reason)
    ├── NotTargetableError   no Service Request may target the device (.device_id, .reason)
    ├── HanLogError          a device-log change refused (.hub_id, .device_id, .reason, .rule)
    └── SearchError          Read Inventory criteria the model cannot answer (.criterion, .reason)
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.duis.identifiers import Eui64
from harness.errors import HarnessError
from harness.model.baselines import Mp202Mode
from harness.model.cpl import CplEntry
from harness.model.devices import Cohort, DeviceStatus, DeviceType, SmetsVersion


class InventoryError(HarnessError):
    """The inventory refuses a transition or cannot answer."""


class UnknownDeviceError(InventoryError):
    """No device with this id is in the inventory."""

    def __init__(self, device_id: Eui64) -> None:
        self.device_id = device_id
        super().__init__(f"device {device_id} is not in the Smart Metering Inventory")


class LifecycleError(InventoryError):
    """The transition is not allowed from the device's current status."""

    def __init__(self, device_id: Eui64, status: DeviceStatus, transition: str, allowed: str):
        self.device_id = device_id
        self.status = status
        self.transition = transition
        super().__init__(
            f"device {device_id}: cannot {transition} from status {status.value} "
            f"(allowed: {allowed})"
        )


class RegistrationError(InventoryError):
    """A pre-notification or direct installation cannot be recorded."""

    def __init__(self, device_id: Eui64, reason: str) -> None:
        self.device_id = device_id
        self.reason = reason
        super().__init__(f"device {device_id} cannot be registered: {reason}")


class NotTargetableError(InventoryError):
    """The device cannot be the target of any Service Request."""

    def __init__(self, device_id: Eui64, reason: str) -> None:
        self.device_id = device_id
        self.reason = reason
        super().__init__(f"device {device_id} cannot be the target of a Service Request: {reason}")


class HanLogError(InventoryError):
    """A change to a comms hub's device log is refused; ``rule`` names the register entry."""

    def __init__(self, hub_id: Eui64, device_id: Eui64, reason: str, rule: str | None = None):
        self.hub_id = hub_id
        self.device_id = device_id
        self.reason = reason
        self.rule = rule
        cite = f" ({rule})" if rule else ""
        super().__init__(f"device log of {hub_id}, device {device_id}: {reason}{cite}")


class SearchError(InventoryError):
    """Read Inventory criteria the reference model cannot answer."""

    def __init__(self, criterion: str, reason: str) -> None:
        self.criterion = criterion
        self.reason = reason
        super().__init__(f"cannot search the inventory by {criterion}: {reason}")


@dataclass(frozen=True, kw_only=True)
class SmiDevice:
    """DCC's record of one device."""

    device_id: Eui64
    device_type: DeviceType
    smets_version: SmetsVersion
    status: DeviceStatus
    #: The CPL row the device is registered against; 8.2 shows its firmware version.
    cpl_entry: CplEntry
    #: The DMVES id of a SMETS1 device model.
    device_model_id: str | None = None
    cohort: Cohort | None = None
    #: What the device really runs; differs from the row of a tactical SMETS1 dual-mode PPMID.
    running_firmware: str
    comms_hub: Eui64 | None = None
    prenotified_smets_version: SmetsVersion | None = None
    #: False for a PPMID in an installation of the other SMETS version (tactical rule).
    targetable: bool = True

    @property
    def dual_mode(self) -> bool:
        """Whether the device's model can act as SMETS1 and as SMETS2+."""
        return self.cpl_entry.dual_mode


def effective_smets_version(device: SmiDevice, hub: SmiDevice | None) -> SmetsVersion:
    """SEC A2.13: a dual-capable device takes the version of the system it belongs to.

    Associated with a SMETS2+ comms hub function it is SMETS2+, part of a SMETS1 system it is
    SMETS1 (``SEC-A2.13``). A single-mode device, or one not yet joined to a hub, keeps the
    version in its record.
    """
    if hub is not None and hub.device_type is not DeviceType.CHF:
        raise HanLogError(hub.device_id, device.device_id, "is not a comms hub function")
    if hub is None or not device.dual_mode:
        return device.smets_version
    return hub.smets_version


def ota_firmware_allowed(device: SmiDevice, mode: Mp202Mode) -> bool:
    """Whether the MP202 rules let DCC send the device an over-the-air firmware upgrade.

    Under ``enduring`` a dual-mode PPMID receives it only when enrolled in a SMETS2+ system
    (``MP202-BR7``); the register defines BR7 for ``mp202_enduring`` only, so under
    ``tactical`` it restricts nothing. Under either mode a device no request may target
    (``MP202-TACTICAL-WRONG-INSTALLATION``) receives nothing. Other devices are not restricted
    here; the S1SR firmware clauses (18.63, 18.65) decide their outcome elsewhere.
    """
    if not device.targetable:
        return False
    if mode == "tactical" or device.device_type is not DeviceType.PPMID or not device.dual_mode:
        return True
    return device.comms_hub is not None and device.smets_version is SmetsVersion.SMETS2
