"""SRV handlers: firmware.

- 11.1 Update Firmware and 11.4 Update PPMID Firmware (non-device, answered by DCC): each device
  listed is decided by :mod:`harness.model.handlers.firmware_upgrade` (``S1SR-18.63(b)``,
  ``S1SR-18.63(c)``, ``S1SR-18.63(d)``, ``S1SR-18.65(c)``, ``S1SR-18.65(e)``,
  ``DUIS-FOC-PPMID-FW``, ``MP202-BR7``); a new upgrade stops one in progress on the same HAN
  (``S1SR-18.65(d)``, ``A-FW-SECOND-UPGRADE``).
- 11.2 Read Firmware Version (``S1SR-18.64(a)``, ``S1SR-18.64(b)``, ``S1SR-18.64(c)``,
  ``MP202-BR-ENTRY-DISTINCTION``, ``SEC-A2.13``).
- 11.3 Activate Firmware (critical): activates an image 11.1 distributed.

Failure forms (``A-FAILURE-FORM``): a request refused for every device it names gets a
synchronous error; otherwise DCC answers I0 and reports each device it did not carry the upgrade
out for, or whose image never arrived, in one FirmwareDistributionFailure alert for the request;
a PPMID reports its activation in a PPMIDAlert (ActivationSuccess or ActivationFailure, with the
upgrade's firmware version). A refused 11.2 gets a synchronous error.

Model decisions:

- M-SRV-ERROR-CODES: E110101 / E110401 when 11.1 / 11.4 is refused for every device; E11 for a
  Read Firmware Version the device model does not serve (11.2 has no specific codes).
- M-1864C-OTHERS: a SMETS1 device not mapped to 18.64(c) reports the firmware version of its
  CPL row until the model upgrades it (the S1SP translates); one mapped to 18.64(c) reports what
  it really runs. SMETS2+ devices report what they run.
- M-FW-ONE-IMAGE: a device holds one image awaiting activation; a new image for it replaces an
  earlier one, and the earlier request gets a FirmwareDistributionFailure for the device.
- 18.65(d) applies where the device whose upgrade is in progress, or its comms hub, is mapped to
  the clause; elsewhere an upgrade in progress continues.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import TYPE_CHECKING

from harness.duis.identifiers import Eui64, RequestId
from harness.duis.messages import Request
from harness.model import replies
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.handlers.firmware_upgrade import Decision, decide, hub_of
from harness.model.handlers.smets_route import answer, refuse
from harness.model.handling import Context, Outcome, handles
from harness.model.meter import MeterState
from harness.model.smi import SmiDevice

if TYPE_CHECKING:
    from harness.model.reference import ReferenceModel

REFUSED_FOR_ALL = {"11.1": "E110101", "11.4": "E110401"}
NOT_SERVED = "E11"


@handles("11.1", "11.4")
def update_firmware(ctx: Context) -> Outcome:
    """11.1 / 11.4: distribute an image to the devices listed, each as its rules decide."""
    body = ctx.body_request.body
    srv = ctx.request.srv
    version = body.text_of("FirmwareVersion") or ""
    image_hash = _image_hash(body.text_of("FirmwareImage") or "")
    listed = tuple(
        dict.fromkeys(Eui64.parse(d) for d in (body.text_of("DeviceIDList") or "").split(","))
    )
    model = ctx.model
    decisions = [decide(model, d, srv=srv, baseline=ctx.baseline) for d in listed]
    notes = [decision.note() for decision in decisions]
    taken = [decision for decision in decisions if decision.taken_on]
    if not taken:
        return refuse(ctx, REFUSED_FOR_ALL[srv], *notes)
    deliveries = list(_stop_earlier_upgrades(ctx, taken, notes))
    failed = [d.device_id for d in decisions if d.verdict in ("refused", "distribution_failed")]
    if failed:
        alert = replies.firmware_distribution_failure(ctx.request, now=ctx.now, devices=failed)
        deliveries.append(alert)
    for decision in taken:
        history = model.history(decision.device_id)
        if decision.verdict == "distributed":
            pending = history.with_firmware_distribution(version, ctx.now, ctx.request, image_hash)
            model.set_history(decision.device_id, pending)
        elif decision.verdict in ("installed", "activation_failed"):
            success = decision.verdict == "installed"
            if success:
                model.set_history(decision.device_id, history.after_firmware_installed(version))
            alert = replies.ppmid_firmware_activation(
                ctx.request,
                now=ctx.now,
                success=success,
                firmware_version=version,
                device_id=decision.device_id,
            )
            deliveries.append(alert)
    reply = replies.success_response(ctx.request, now=ctx.now)
    return Outcome(reply, tuple(deliveries), tuple(notes))


def _image_hash(text: str) -> str:
    try:
        image = base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error:
        image = text.encode("utf-8")
    return hashlib.sha256(image).hexdigest().upper()


def _stop_earlier_upgrades(
    ctx: Context, taken: list[Decision], notes: list[str]
) -> tuple[bytes, ...]:
    """S1SR-18.65(d): an upgrade in progress on the same HAN as a new one is stopped."""
    model = ctx.model
    current = ctx.request.request_id
    targets = {decision.device_id for decision in taken}
    stopped: dict[RequestId, tuple[Request, list[Eui64]]] = {}
    for hub in dict.fromkeys(hub_of(model.inventory.get(d)) for d in targets):
        if hub is None:
            continue
        for member in (hub, *model.inventory.han_log(hub)):
            history = model.history(member)
            earlier = history.firmware_request
            if earlier is None or earlier.request_id == current:
                continue
            rule = _stopping_rule(model, member, hub, member in targets)
            if rule is None:
                notes.append(
                    f"{member}: the upgrade of {earlier.request_id} continues (neither device nor "
                    "comms hub mapped to 18.65(d))"
                )
                continue
            model.set_history(member, history.after_firmware_abandoned())
            stopped.setdefault(earlier.request_id, (earlier, []))[1].append(member)
            notes.append(f"{member}: upgrade of {earlier.request_id} stopped [{rule}]")
    return tuple(
        replies.firmware_distribution_failure(request, now=ctx.now, devices=devices)
        for request, devices in stopped.values()
    )


def _stopping_rule(model: ReferenceModel, member: Eui64, hub: Eui64, replaced: bool) -> str | None:
    for device in (member, hub):
        found = model.device_model_of(device)
        if found is not None and found.subject_to("18.65(d)"):
            return "S1SR-18.65(d)"
    return "M-FW-ONE-IMAGE" if replaced else None


@handles("11.2")
def read_firmware_version(ctx: Context) -> Outcome:
    """11.2: the device's firmware version, by the device's route.

    A SMETS1 PPMID mapped to 18.64(a) is not served under ``s1sr_v10`` (``S1SR-18.64(a)``,
    ``A-REMOVED-RESTRICTION-V10``); one mapped to 18.64(b), a third-party PPMID on a Secure
    installation, is never served (``S1SR-18.64(b)``). A device mapped to 18.64(c) reports the
    firmware it really runs, which may differ from its CPL row (``S1SR-18.64(c)``). SMETS2+
    devices answer through GBCS (``MP202-BR-ENTRY-DISTINCTION``, ``SEC-A2.13``).
    """
    device = _device(ctx)
    smets1 = device.smets_version is SmetsVersion.SMETS1
    if smets1 and ctx.subject_to("18.64(b)"):
        reason = "S1SR-18.64(b): the firmware of a third-party PPMID on a Secure installation"
        return refuse(ctx, NOT_SERVED, f"{reason} cannot be read")
    if (
        smets1
        and ctx.baseline.s1sr == "s1sr_v10"
        and device.device_type is DeviceType.PPMID
        and ctx.subject_to("18.64(a)")
    ):
        reason = "S1SR-18.64(a): PPMID firmware requests for this model are not served"
        return refuse(ctx, NOT_SERVED, f"{reason} before s1sr_v11")
    version, why = reported_firmware(ctx, device, ctx.state)
    data = replies.read_firmware_version_rsp(version)
    return answer(ctx, data, {"firmware": version}, (f"{device.device_id}: {why}",))


def reported_firmware(ctx: Context, device: SmiDevice, state: MeterState) -> tuple[str, str]:
    """The version a Read Firmware Version reports, and why (M-1864C-OTHERS)."""
    if state.firmware_running is not None:
        return state.firmware_running, f"runs {state.firmware_running} since an upgrade"
    if device.smets_version is not SmetsVersion.SMETS1:
        return device.running_firmware, "SMETS2+ device reports the firmware it runs"
    if ctx.subject_to("18.64(c)"):
        differs = device.running_firmware != device.cpl_entry.firmware_version
        detail = (
            f"differs from its CPL row's {device.cpl_entry.firmware_version}"
            if differs
            else "matches its CPL row"
        )
        return device.running_firmware, f"S1SR-18.64(c): reports the firmware it runs, {detail}"
    return device.cpl_entry.firmware_version, "reports its CPL row's firmware (M-1864C-OTHERS)"


@handles("11.3")
def activate_firmware(ctx: Context) -> Outcome:
    """11.3 (critical): activate the image an 11.1 left on the device, if the hash names it."""
    device = _device(ctx)
    state = ctx.state
    wanted = (ctx.body_request.body.text_of("FirmwareHash") or "").upper()
    running, _ = reported_firmware(ctx, device, state)
    if state.firmware_pending is None:
        status, version = replies.ActivationStatus.NO_IMAGE_HELD, running
    elif state.firmware_image_hash != wanted:
        status, version = replies.ActivationStatus.HASH_MISMATCH, running
    else:
        status, version = replies.ActivationStatus.SUCCESS, state.firmware_pending
        ctx.remember(state.after_firmware_activation())
    success = status is replies.ActivationStatus.SUCCESS
    data = replies.activate_firmware_rsp(
        status=status,
        firmware_version=version if 1 <= len(version) <= 8 else None,
        success=success,
    )
    note = f"{device.device_id}: activation {status.status}, running {version}"
    return answer(ctx, data, {"activation": status.status, "firmware": version}, (note,))


def _device(ctx: Context) -> SmiDevice:
    if ctx.device is None:
        raise ValueError(f"SRV {ctx.request.srv} is a device request; the context has no device")
    return ctx.device
