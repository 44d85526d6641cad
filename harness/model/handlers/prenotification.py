"""SRV handler: 12.2 Device Pre-notification (non-device, answered by DCC with I0).

The pre-notification names the device's CPL identity (manufacturer, model, device type, and
optionally firmware version and SMETS/CHTS version); DCC finds the CPL row and records the
device as Pending with the SMETS version stated (``MP202-PRENOTIFY-SMETS-VERSION``). The CPL's
key rules then decide what can be pre-notified:

- under the tactical arrangement a dual-mode PPMID's SMETS1 row carries a made-up firmware
  version, so a SMETS1 pre-notification quoting the real one finds no row
  (``MP202-TACTICAL-DIFF-FW``, ``MP202-TACTICAL-MIGRATED-PPMID``);
- under MP202 the same firmware version has a SMETS1 and a SMETS2+ row, and either may be
  pre-notified (``MP202-CPL-DUAL-ROWS``).

Model decisions:

- M-PRENOTIFY-CPL-MATCH: DUIS 5.4's 12.2 carries no hardware version, so the model matches CPL
  rows on manufacturer, model, device type and, when given, firmware and SMETS version; the
  request is refused unless exactly one row matches. A PPMID pre-notification must state the
  SMETS version (``MP202-PRENOTIFY-SMETS-VERSION``).
- M-SMETS-VERSION-TEXT: per ``A-SMETS-VERSION-STRINGS``, SMETSCHTSVersion text naming SMETS1
  (``SMETS1``, ``1``, ``smets 1``…) means SMETS1 and anything else SMETS2+.
- M-TACTICAL-REAL-FIRMWARE: under the tactical arrangement the firmware a dual-mode PPMID
  pre-notified against its SMETS1 row really runs is the firmware of the model's one SMETS2+
  row, else the DMVES model's firmware version; without either the request is refused.
- The device's DMVES model (for Section 18 clauses) is the one with the row's manufacturer,
  model, hardware version and device type.
- M-SRV-ERROR-CODES: E120201 no CPL row matches; E120203 several rows match; E120204 the
  device cannot be registered (already in the inventory, no SMETS version for a PPMID…).
"""

from __future__ import annotations

from harness.duis.identifiers import Eui64
from harness.model import replies
from harness.model.baselines import Mp202Mode
from harness.model.cpl import Cpl, CplEntry
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.dmves import DeviceModel, Dmves
from harness.model.handlers.smets_route import refuse
from harness.model.handling import Context, Outcome, handles
from harness.model.inventory import InventoryError

__all__ = ["device_prenotification", "smets_version_of"]

NOT_ON_CPL = "E120201"
SEVERAL_CPL_ROWS = "E120203"
NOT_REGISTERED = "E120204"


def smets_version_of(text: str) -> SmetsVersion:
    """SMETSCHTSVersion text as a SMETS version (M-SMETS-VERSION-TEXT)."""
    folded = "".join(text.upper().split())
    if folded in ("1", "SMETS1") or "SMETS1" in folded:
        return SmetsVersion.SMETS1
    return SmetsVersion.SMETS2


@handles("12.2")
def device_prenotification(ctx: Context) -> Outcome:
    """12.2: record a Pending device against the one CPL row the request names."""
    body = ctx.body_request.body
    device_id = Eui64.parse(body.text_of("DeviceID") or "")
    device_type = DeviceType(body.text_of("DeviceType"))
    stated = body.text_of("SMETSCHTSVersion")
    firmware = body.text_of("FirmwareVersion")
    if stated is None and device_type is DeviceType.PPMID:
        return refuse(
            ctx,
            NOT_REGISTERED,
            "MP202-PRENOTIFY-SMETS-VERSION: a PPMID pre-notification must state the SMETS version",
        )
    version = smets_version_of(stated) if stated is not None else None
    identity = (body.text_of("DeviceManufacturer") or "", body.text_of("DeviceModel") or "")
    cpl = ctx.model.cpl
    rows = [
        row
        for row in cpl
        if (row.manufacturer, row.model) == identity
        and row.device_type is device_type
        and (firmware is None or row.firmware_version == firmware)
        and (version is None or row.smets_version is version)
    ]
    wanted = _describe(identity, device_type, firmware, version)
    if not rows:
        return refuse(ctx, NOT_ON_CPL, _no_row_reason(cpl, wanted, identity, device_type))
    if len(rows) > 1:
        found = "; ".join(row.describe() for row in rows)
        return refuse(ctx, SEVERAL_CPL_ROWS, f"{wanted} matches several CPL rows: {found}")
    row = rows[0]
    model = _dmves_model(ctx.model.dmves, row)
    running = _real_firmware(cpl, ctx.model.dmves, row, ctx.baseline.mp202)
    try:
        ctx.model.inventory.prenotify(
            device_id,
            row,
            row.smets_version,
            running_firmware=running,
            device_model_id=model.id if model is not None else None,
            cohort=model.cohort if model is not None else None,
        )
    except InventoryError as exc:
        return refuse(ctx, NOT_REGISTERED, str(exc))
    notes = [
        f"MP202-PRENOTIFY-SMETS-VERSION: {device_id} pre-notified as "
        f"{row.smets_version.value} against {row.describe()}"
    ]
    if running is not None and running != row.firmware_version:
        notes.append(
            f"MP202-TACTICAL-DIFF-FW: the SMETS1 row's firmware {row.firmware_version} is "
            f"made up; the device runs {running}"
        )
    return Outcome(replies.success_response(ctx.request, now=ctx.now), (), tuple(notes))


def _describe(
    identity: tuple[str, str],
    device_type: DeviceType,
    firmware: str | None,
    version: SmetsVersion | None,
) -> str:
    parts = [*identity, device_type.value]
    parts.append(f"fw {firmware}" if firmware is not None else "any firmware")
    parts.append(version.value if version is not None else "any SMETS version")
    return "pre-notification of " + " ".join(parts)


def _no_row_reason(
    cpl: Cpl, wanted: str, identity: tuple[str, str], device_type: DeviceType
) -> str:
    reason = f"{wanted} matches no CPL row"
    dual = [
        row
        for row in cpl
        if (row.manufacturer, row.model) == identity
        and row.device_type is device_type
        and row.dual_mode
    ]
    if dual and cpl.mode == "tactical":
        listed = ", ".join(f"{r.smets_version.value} fw {r.firmware_version}" for r in dual)
        reason += (
            f" (MP202-TACTICAL-DIFF-FW: the dual-mode model's rows are {listed}; the SMETS1 "
            "row carries a different firmware version)"
        )
    return reason


def _dmves_model(dmves: Dmves, row: CplEntry) -> DeviceModel | None:
    for model in dmves:
        key = (model.manufacturer, model.model, model.hardware_version, model.device_type)
        if key == row.model_key:
            return model
    return None


def _real_firmware(cpl: Cpl, dmves: Dmves, row: CplEntry, mode: Mp202Mode) -> str | None:
    """M-TACTICAL-REAL-FIRMWARE; None when the row's firmware is the real one."""
    if mode != "tactical" or not row.dual_mode or row.smets_version is not SmetsVersion.SMETS1:
        return None
    smets2 = {
        other.firmware_version
        for other in cpl.rows_for(*row.model_key)
        if other.smets_version is SmetsVersion.SMETS2
    }
    if len(smets2) == 1:
        return smets2.pop()
    model = _dmves_model(dmves, row)
    return model.firmware_version if model is not None else None
