"""SRV handlers: the Smart Metering Inventory seen through DUIS.

- 8.2 Read Inventory (non-device, answered by DCC): the inventory records, with the SMETS
  version and the CPL row's firmware version, which is how ``MP202-SMI-FOLLOWS-CH``,
  ``MP202-PRENOTIFY-SMETS-VERSION``, ``MP202-TACTICAL-DIFF-FW``,
  ``MP202-TACTICAL-MIGRATED-PPMID``, ``SEC-A2.13`` and ``S1SR-18.64(c)`` are observed
  (``A-MP202-OBSERVATION``).
- 8.11 Update HAN Device Log (device request to the comms hub): adds a device to, or removes
  it from, the hub's device log (``S1SR-18.62(f)``, ``SSD-HAN-UPDATE-8.11``,
  ``MP202-SMI-FOLLOWS-CH``, ``MP202-TACTICAL-WRONG-INSTALLATION``, ``A-WHITELIST-MOMENT``).
- 12.2 Device Pre-notification: :mod:`harness.model.handlers.prenotification`.

Model decision M-SRV-ERROR-CODES: the meanings of the schema's SRV-specific error codes are
not public; the model uses E080201 (no device matches), E080202 (a search criterion the model
cannot answer), E081101 (the device to add or remove is not in the inventory) and E081102
(the device-log change is refused), and every refusal's note names the rule.
"""

from __future__ import annotations

from harness.duis.identifiers import Eui64
from harness.model import replies
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.handlers import device_log as _device_log  # noqa: F401  (registers 8.9)
from harness.model.handlers.prenotification import device_prenotification
from harness.model.handlers.smets_route import answer, refuse
from harness.model.handling import Context, Outcome, handles
from harness.model.inventory import HanLogError, InventoryError, SearchError, SmiDevice

NO_DEVICE_FOUND = "E080201"
CRITERION_NOT_SUPPORTED = "E080202"
HAN_DEVICE_UNKNOWN = "E081101"
HAN_CHANGE_REFUSED = "E081102"

#: At most this many devices in one DSPInventory (DUIS 5.4).
MAX_RECORDS = 17
#: CSPRegion of a SMETS1 device (A-SMETS-VERSION-STRINGS: the enumeration has "SMETS1").
SMETS1_REGION = "SMETS1"

__all__ = ["device_prenotification", "inventory_record", "read_inventory", "update_han_device_log"]


#: Records of devices reported so far, by the SmiDevice object (immutable: a change to a device
#: replaces it), so an unchanged device's record, written once, is reused.
_RECORDS: dict[int, tuple[SmiDevice, replies.InventoryRecord]] = {}
_RECORDS_KEPT = 4096


def inventory_record(device: SmiDevice) -> replies.InventoryRecord:
    """How Read Inventory reports one device (the same record while the device is unchanged)."""
    kept = _RECORDS.get(id(device))
    if kept is not None and kept[0] is device:
        return kept[1]
    if len(_RECORDS) >= _RECORDS_KEPT:
        _RECORDS.clear()
    record = _record(device)
    _RECORDS[id(device)] = (device, record)
    return record


def _record(device: SmiDevice) -> replies.InventoryRecord:
    """How Read Inventory reports one device.

    SMETSCHTSVersion is the version in the SMI; DeviceFirmwareVersion the firmware of the CPL
    row the device is registered against (left out if longer than DUIS allows), so a tactical
    SMETS1 dual-mode PPMID shows the made-up version (``MP202-TACTICAL-DIFF-FW``). A SMETS1
    device has CSPRegion "SMETS1" and, as S1SP, its cohort (model decision M-INVENTORY-S1SP).
    """
    row = device.cpl_entry
    smets1 = device.smets_version is SmetsVersion.SMETS1
    cohort = device.cohort.value if device.cohort is not None else "S1SP"
    return replies.InventoryRecord(
        device_id=device.device_id,
        device_type=device.device_type,
        status=device.status,
        manufacturer=row.manufacturer[:30],
        model=row.model[:30],
        smets_chts_version=device.smets_version,
        firmware_version=row.firmware_version if len(row.firmware_version) <= 8 else None,
        cpl_status="Active",
        csp_region=SMETS1_REGION if smets1 else None,
        s1sp=cohort if smets1 else None,
    )


@handles("8.2")
def read_inventory(ctx: Context) -> Outcome:
    """8.2: the device named, or a comms hub and every device in its log (M-READ-INVENTORY).

    A DeviceID naming a comms hub function answers with the hub and its device log, which is how
    a device log change made by 8.11 is observed (``S1SR-18.62(f)``, ``SSD-HAN-UPDATE-8.11``).
    A PPMID no request may target (``MP202-TACTICAL-WRONG-INSTALLATION``) is still reported:
    8.2 is addressed to DCC, not to the device, and shows the version it is registered with.
    """
    body = ctx.body_request.body
    inventory = ctx.model.inventory
    text = body.text_of("DeviceID")
    if text is None:
        criterion = next(
            (name for name in ("UPRN", "MPxN", "PropertyFilter") if body.text_of(name) is not None),
            "search",
        )
        reason = str(SearchError(criterion, "the reference model holds no premises data"))
        return refuse(ctx, CRITERION_NOT_SUPPORTED, f"M-READ-INVENTORY: {reason}")
    device_id = Eui64.parse(text)
    if device_id not in inventory:
        return refuse(ctx, NO_DEVICE_FOUND, f"device {device_id} is not in the inventory")
    device = inventory.get(device_id)
    if device.device_type is DeviceType.CHF:
        found = inventory.search(comms_hub=device_id)
    else:
        found = inventory.search(device_ids=[device_id])
    notes = [f"{d.device_id}: {d.device_type.value} {d.smets_version.value}" for d in found]
    if len(found) > MAX_RECORDS:
        notes.append(f"{len(found)} devices found; the first {MAX_RECORDS} are reported")
    records = [inventory_record(d) for d in found[:MAX_RECORDS]]
    reply = replies.inventory_response(ctx.request, now=ctx.now, devices=records)
    return Outcome(reply, (), tuple(notes))


@handles("8.11")
def update_han_device_log(ctx: Context) -> Outcome:
    """8.11: add a device to, or remove it from, the target comms hub's device log.

    The inventory applies the rules: under ``s1sr_v10`` a PPMID is not added to a SMETS1 hub
    mapped to 18.62(f) (``S1SR-18.62(f)``); a dual-mode PPMID takes the hub's SMETS version
    under MP202 (``MP202-SMI-FOLLOWS-CH``) or, under the tactical arrangement, cannot be
    targeted when the versions differ (``MP202-TACTICAL-WRONG-INSTALLATION``); a replacement
    gas meter is added as any other device (``SSD-HAN-UPDATE-8.11``). A refusal is a
    synchronous error (``A-FAILURE-FORM``); a change carried out is acknowledged (I99) and
    answered by the hub's route. The device must have been pre-notified (12.2).
    """
    hub = ctx.device
    if hub is None:
        raise ValueError("8.11 is a device request; the context has no comms hub")
    body = ctx.body_request.body
    device_id = Eui64.parse(body.text_of("DeviceID") or "")
    action = body.text_of("RequestType")
    inventory = ctx.model.inventory
    if device_id not in inventory:
        return refuse(
            ctx,
            HAN_DEVICE_UNKNOWN,
            f"device {device_id} is not in the inventory (pre-notify it with 12.2 first)",
        )
    before = inventory.get(device_id)
    try:
        if action == "Add":
            after = inventory.add_to_han_log(hub.device_id, device_id)
        else:
            after = inventory.remove_from_han_log(hub.device_id, device_id)
    except HanLogError as exc:
        rule = f"{exc.rule}: " if exc.rule else ""
        return refuse(ctx, HAN_CHANGE_REFUSED, f"{rule}{exc}")
    except InventoryError as exc:
        return refuse(ctx, HAN_CHANGE_REFUSED, str(exc))
    notes: tuple[str, ...] = (
        f"{action} {device_id} ({after.device_type.value}) on comms hub {hub.device_id}",
    )
    if action == "Add":
        notes += _join_notes(ctx, before, after, hub)
    return answer(ctx, replies.update_han_device_log_rsp(), {"device": str(device_id)}, notes)


def _join_notes(
    ctx: Context, before: SmiDevice, after: SmiDevice, hub: SmiDevice
) -> tuple[str, ...]:
    if after.device_type is not DeviceType.PPMID:
        return ()
    if not after.targetable:
        return (
            f"MP202-TACTICAL-WRONG-INSTALLATION: PPMID registered as "
            f"{after.smets_version.value} joined a {hub.smets_version.value} comms hub; no "
            "request may target it",
        )
    if ctx.baseline.mp202 == "enduring" and after.dual_mode:
        return (
            f"MP202-SMI-FOLLOWS-CH: pre-notified {_version(before.prenotified_smets_version)}, "
            f"comms hub {hub.smets_version.value}, recorded {after.smets_version.value}",
        )
    return ()


def _version(version: SmetsVersion | None) -> str:
    return version.value if version is not None else "without a version"
