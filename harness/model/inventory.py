"""The Smart Metering Inventory (SMI): the reference model's record of each device.

State changes only through the named transitions of :class:`Inventory`; each stores a new
frozen :class:`SmiDevice`. The rules, with the register entries they trace to:

- a pre-notification records the SMETS version it states (``MP202-PRENOTIFY-SMETS-VERSION``);
- whitelisting a PPMID on a hub, that is adding it to the hub's device log
  (``A-WHITELIST-MOMENT``): under ``enduring`` its SMI version becomes the hub's
  (``MP202-SMI-FOLLOWS-CH``, ``SEC-A2.13``); under ``tactical`` the pre-notified version stays and
  a mismatch leaves the PPMID unable to be the target of any request
  (``MP202-TACTICAL-WRONG-INSTALLATION``);
- Update HAN Device Log (8.11) adds and removes devices, PPMID swap-out included; under
  ``s1sr_v10`` adding a PPMID to a SMETS1 hub's log is refused (``S1SR-18.62(f)``), while a
  replacement gas meter is added under both baselines (``SSD-HAN-UPDATE-8.11``);
- over-the-air firmware to dual-mode PPMIDs (``MP202-BR7``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from harness.duis.identifiers import Eui64
from harness.model.baselines import Mp202Mode, S1srVersion
from harness.model.cpl import Cpl, CplEntry
from harness.model.devices import Cohort, DeviceStatus, DeviceType, SmetsVersion
from harness.model.dmves import Dmves
from harness.model.smi import (
    HanLogError,
    InventoryError,
    LifecycleError,
    NotTargetableError,
    RegistrationError,
    SearchError,
    SmiDevice,
    UnknownDeviceError,
    effective_smets_version,
    ota_firmware_allowed,
)

__all__ = [
    "HanLogError",
    "Inventory",
    "InventoryError",
    "LifecycleError",
    "NotTargetableError",
    "RegistrationError",
    "SearchError",
    "SmiDevice",
    "UnknownDeviceError",
    "effective_smets_version",
    "ota_firmware_allowed",
]

_S = DeviceStatus
#: transition -> (statuses it may start from, status it leaves). Assumption A-SMI-LIFECYCLE.
TRANSITIONS: dict[str, tuple[frozenset[DeviceStatus], DeviceStatus]] = {
    "whitelist": (frozenset({_S.PENDING}), _S.WHITELISTED),
    "commission": (frozenset({_S.WHITELISTED, _S.INSTALLED_NOT_COMMISSIONED}), _S.COMMISSIONED),
    "decommission": (
        frozenset({_S.COMMISSIONED, _S.INSTALLED_NOT_COMMISSIONED}),
        _S.DECOMMISSIONED,
    ),
    "suspend": (
        frozenset({_S.PENDING, _S.WHITELISTED, _S.INSTALLED_NOT_COMMISSIONED, _S.COMMISSIONED}),
        _S.SUSPENDED,
    ),
}


class Inventory:
    """Every device record and every comms hub's device log (the HAN whitelist)."""

    def __init__(self, cpl: Cpl, *, s1sr: S1srVersion, dmves: Dmves | None = None) -> None:
        self._cpl = cpl
        self._s1sr: S1srVersion = s1sr
        self._dmves = dmves
        self._devices: dict[Eui64, SmiDevice] = {}
        self._logs: dict[Eui64, tuple[Eui64, ...]] = {}

    @property
    def mode(self) -> Mp202Mode:
        """The MP202 baseline, taken from the CPL."""
        return self._cpl.mode

    @property
    def s1sr(self) -> S1srVersion:
        """The S1SR baseline."""
        return self._s1sr

    def get(self, device_id: Eui64) -> SmiDevice:
        """The device's record; :class:`UnknownDeviceError` when there is none."""
        try:
            return self._devices[device_id]
        except KeyError:
            raise UnknownDeviceError(device_id) from None

    def __contains__(self, device_id: object) -> bool:
        return device_id in self._devices

    def __iter__(self) -> Iterator[SmiDevice]:
        return iter(tuple(self._devices.values()))

    def __len__(self) -> int:
        return len(self._devices)

    # --- entering the inventory -------------------------------------------------------------

    def prenotify(
        self,
        device_id: Eui64,
        cpl_entry: CplEntry,
        smets_version: SmetsVersion,
        *,
        running_firmware: str | None = None,
        device_model_id: str | None = None,
        cohort: Cohort | None = None,
    ) -> SmiDevice:
        """Device Pre-notification (12.2): a Pending record with the stated SMETS version.

        Under ``tactical`` the SMETS1 row of a dual-mode PPMID holds a made-up firmware version
        (``MP202-TACTICAL-DIFF-FW``), so ``running_firmware`` must then say what it really runs.
        """
        self._check_new(device_id, "prenotify", cpl_entry)
        if cpl_entry.smets_version is not smets_version:
            raise RegistrationError(
                device_id,
                f"pre-notified as {smets_version.value} against a "
                f"{cpl_entry.smets_version.value} CPL row ({cpl_entry.describe()})",
            )
        fictitious = self.mode == "tactical" and cpl_entry.dual_mode
        if running_firmware is None and fictitious and smets_version is SmetsVersion.SMETS1:
            raise RegistrationError(
                device_id,
                "under the tactical arrangement the SMETS1 row of a dual-mode model carries a "
                "made-up firmware version; give the firmware the device really runs",
            )
        record = self._record(device_id, cpl_entry, running_firmware, device_model_id, cohort)
        return self._store(replace(record, prenotified_smets_version=smets_version))

    def install(
        self,
        device_id: Eui64,
        cpl_entry: CplEntry,
        status: DeviceStatus,
        *,
        comms_hub: Eui64 | None = None,
        running_firmware: str | None = None,
        device_model_id: str | None = None,
        cohort: Cohort | None = None,
    ) -> SmiDevice:
        """Set-up capability: put a non-PPMID device straight into ``status``.

        The SMETS version is the CPL row's; with ``comms_hub`` the device is also put in that
        hub's device log, without the checks of 8.11. PPMIDs enter only by :meth:`prenotify`
        and whitelisting, so that the MP202 rules apply to them.
        """
        self._check_new(device_id, "install", cpl_entry)
        if cpl_entry.device_type is DeviceType.PPMID:
            raise RegistrationError(device_id, "a PPMID enters by pre-notification, not install")
        if status is DeviceStatus.NOT_APPLICABLE:
            raise RegistrationError(device_id, "NotApplicable is not a DUIS 5.4 device status")
        if comms_hub is not None and cpl_entry.device_type is DeviceType.CHF:
            raise RegistrationError(device_id, "a comms hub function is in no hub's device log")
        if comms_hub is not None:
            self._hub(comms_hub, device_id)
        record = self._record(device_id, cpl_entry, running_firmware, device_model_id, cohort)
        device = self._store(replace(record, status=status, comms_hub=comms_hub))
        if comms_hub is not None:
            self._logs[comms_hub] = (*self._logs[comms_hub], device_id)
        return device

    # --- status lifecycle -------------------------------------------------------------------

    def whitelist(self, device_id: Eui64) -> SmiDevice:
        """Pending -> Whitelisted (done by :meth:`join_to_hub` for a Pending device)."""
        return self._transition(device_id, "whitelist")

    def commission(self, device_id: Eui64) -> SmiDevice:
        """Whitelisted or InstalledNotCommissioned -> Commissioned; needs a targetable device."""
        device = self.get(device_id)
        self._allowed(device, "commission")
        self._require_targetable(device)
        return self._transition(device_id, "commission")

    def decommission(self, device_id: Eui64) -> SmiDevice:
        """Commissioned or InstalledNotCommissioned -> Decommissioned."""
        return self._transition(device_id, "decommission")

    def suspend(self, device_id: Eui64) -> SmiDevice:
        """Pending, Whitelisted, InstalledNotCommissioned or Commissioned -> Suspended."""
        return self._transition(device_id, "suspend")

    def target(self, device_id: Eui64) -> SmiDevice:
        """The record of a device a Service Request may address; raises otherwise."""
        return self._require_targetable(self.get(device_id))

    # --- comms hub device logs --------------------------------------------------------------

    def han_log(self, hub_id: Eui64) -> tuple[Eui64, ...]:
        """The devices in a comms hub's device log, in the order they were added."""
        self._hub(hub_id, hub_id)
        return self._logs[hub_id]

    def join_to_hub(self, device_id: Eui64, hub_id: Eui64) -> SmiDevice:
        """Whitelist a device on a hub: put it in the hub's log and apply the MP202 rules.

        The state change behind 8.11, without its refusals (see :meth:`add_to_han_log`).
        """
        hub = self._hub(hub_id, device_id)
        device = self.get(device_id)
        if device.device_type is DeviceType.CHF:
            raise HanLogError(hub_id, device_id, "a comms hub function cannot join a device log")
        if device.comms_hub is not None:
            raise HanLogError(hub_id, device_id, f"already in the log of {device.comms_hub}")
        joined = replace(device, comms_hub=hub_id)
        if device.device_type is DeviceType.PPMID:
            joined = self._mp202_join(joined, hub)
        if joined.status is DeviceStatus.PENDING:
            joined = replace(joined, status=TRANSITIONS["whitelist"][1])
        self._logs[hub_id] = (*self._logs[hub_id], device_id)
        return self._store(joined)

    def add_to_han_log(self, hub_id: Eui64, device_id: Eui64) -> SmiDevice:
        """Update HAN Device Log (8.11), adding a device; then :meth:`join_to_hub`.

        Under ``s1sr_v10`` a PPMID cannot be added to a SMETS1 hub that the DMVES maps to
        18.62(f), or to any SMETS1 hub when no DMVES is given (``S1SR-18.62(f)``).
        """
        hub = self._hub(hub_id, device_id)
        device = self.get(device_id)
        if (
            self._s1sr == "s1sr_v10"
            and device.device_type is DeviceType.PPMID
            and hub.smets_version is SmetsVersion.SMETS1
            and self._subject_to(hub, "18.62(f)")
        ):
            raise HanLogError(
                hub_id,
                device_id,
                "under s1sr_v10 a PPMID cannot be added to this SMETS1 comms hub's device log",
                "S1SR-18.62(f)",
            )
        return self.join_to_hub(device_id, hub_id)

    def remove_from_han_log(self, hub_id: Eui64, device_id: Eui64) -> SmiDevice:
        """Update HAN Device Log (8.11), removing a device; its status is left unchanged."""
        self._hub(hub_id, device_id)
        device = self.get(device_id)
        if device_id not in self._logs[hub_id]:
            raise HanLogError(hub_id, device_id, "is not in this device log")
        self._logs[hub_id] = tuple(d for d in self._logs[hub_id] if d != device_id)
        return self._store(replace(device, comms_hub=None, targetable=True))

    # --- Read Inventory (8.2) ---------------------------------------------------------------

    def search(
        self,
        *,
        device_ids: Iterable[Eui64] | None = None,
        comms_hub: Eui64 | None = None,
        mpxn: str | None = None,
        uprn: int | None = None,
        postcode: str | None = None,
    ) -> tuple[SmiDevice, ...]:
        """Records matching exactly one criterion; unknown ids are absent from the result.

        ``device_ids`` generalises the schema's single DeviceID; ``comms_hub`` gives the hub and
        the devices in its log. MPxN, UPRN and PropertyFilter (postcode) need premises data the
        model does not hold and raise :class:`SearchError`.
        """
        given = {
            "device_ids": device_ids,
            "comms_hub": comms_hub,
            "mpxn": mpxn,
            "uprn": uprn,
            "postcode": postcode,
        }
        named = [name for name, value in given.items() if value is not None]
        if len(named) != 1:
            raise SearchError(", ".join(named) or "nothing", "give exactly one criterion")
        if device_ids is not None:
            return tuple(self._devices[d] for d in dict.fromkeys(device_ids) if d in self)
        if comms_hub is not None:
            hub = self._devices.get(comms_hub)
            if hub is None:
                return ()
            if hub.device_type is not DeviceType.CHF:
                raise SearchError("comms_hub", f"{comms_hub} is not a comms hub function")
            return (hub, *(self._devices[d] for d in self._logs[comms_hub]))
        raise SearchError(named[0], "the reference model holds no premises data")

    # --- internals --------------------------------------------------------------------------

    def _store(self, device: SmiDevice) -> SmiDevice:
        self._devices[device.device_id] = device
        if device.device_type is DeviceType.CHF:
            self._logs.setdefault(device.device_id, ())
        return device

    @staticmethod
    def _record(
        device_id: Eui64,
        entry: CplEntry,
        running_firmware: str | None,
        device_model_id: str | None,
        cohort: Cohort | None,
    ) -> SmiDevice:
        return SmiDevice(
            device_id=device_id,
            device_type=entry.device_type,
            smets_version=entry.smets_version,
            status=DeviceStatus.PENDING,
            cpl_entry=entry,
            device_model_id=device_model_id,
            cohort=cohort,
            running_firmware=running_firmware or entry.firmware_version,
        )

    def _check_new(self, device_id: Eui64, transition: str, cpl_entry: CplEntry) -> None:
        if device_id in self._devices:
            current = self._devices[device_id].status
            raise LifecycleError(device_id, current, transition, "only for a new device")
        if cpl_entry not in self._cpl:
            raise RegistrationError(device_id, f"not on the CPL: {cpl_entry.describe()}")

    def _allowed(self, device: SmiDevice, transition: str) -> DeviceStatus:
        sources, target = TRANSITIONS[transition]
        if device.status not in sources:
            allowed = ", ".join(sorted(s.value for s in sources))
            raise LifecycleError(device.device_id, device.status, transition, f"from {allowed}")
        return target

    def _transition(self, device_id: Eui64, transition: str) -> SmiDevice:
        device = self.get(device_id)
        return self._store(replace(device, status=self._allowed(device, transition)))

    def _require_targetable(self, device: SmiDevice) -> SmiDevice:
        if not device.targetable:
            raise NotTargetableError(
                device.device_id,
                f"registered as {device.smets_version.value} but joined to a comms hub of "
                "the other SMETS version (MP202-TACTICAL-WRONG-INSTALLATION)",
            )
        return device

    def _hub(self, hub_id: Eui64, device_id: Eui64) -> SmiDevice:
        hub = self.get(hub_id)
        if hub.device_type is not DeviceType.CHF:
            raise HanLogError(hub_id, device_id, f"{hub_id} is not a comms hub function")
        return hub

    def _subject_to(self, hub: SmiDevice, clause: str) -> bool:
        if self._dmves is None or hub.device_model_id is None:
            return True
        return self._dmves.get(hub.device_model_id).subject_to(clause)

    def _mp202_join(self, ppmid: SmiDevice, hub: SmiDevice) -> SmiDevice:
        if ppmid.smets_version is hub.smets_version:
            return replace(ppmid, targetable=True)
        if self.mode == "tactical" or not ppmid.dual_mode:
            return replace(ppmid, targetable=False)
        row = ppmid.cpl_entry
        manufacturer, model, hardware = row.model_key[:3]
        other = self._cpl.find(
            manufacturer, model, hardware, row.firmware_version, row.device_type, hub.smets_version
        )
        if other is None:
            raise HanLogError(
                hub.device_id,
                ppmid.device_id,
                f"no {hub.smets_version.value} CPL row for {row.describe()}; the MP202 table "
                "assumes every model is on the CPL",
                "MP202-SMI-FOLLOWS-CH",
            )
        version = effective_smets_version(ppmid, hub)
        return replace(ppmid, smets_version=version, cpl_entry=other, targetable=True)
