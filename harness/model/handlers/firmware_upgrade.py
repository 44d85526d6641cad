"""What an Update Firmware (11.1) or Update PPMID Firmware (11.4) does for each device it names.

Both are non-device requests answered by DCC; the body lists the devices. For each one the
model decides (:func:`decide`) whether DCC takes the upgrade on and how it ends:

- ``refused``: DCC does not carry it out for that device (unknown device, wrong SRV for the
  type, a device no request may target, a device not on a working HAN, and the rules below);
- ``distributed``: the image reaches a meter or hub and awaits Activate Firmware (11.3);
- ``installed``: a PPMID activates the image itself and reports success;
- ``activation_failed``: a PPMID reports that activation failed;
- ``distribution_failed``: the image never reaches the device.

PPMID rules, in order:

1. ``MP202-BR7`` (enduring): a dual-mode PPMID receives over-the-air firmware only when enrolled
   in a SMETS2+ system (:func:`harness.model.inventory.ota_firmware_allowed`);
2. Section 18 applies to SMETS1 PPMIDs only (``SEC-A2.13``). Under ``s1sr_v10`` an upgrade for
   a FOC PPMID is refused (``DUIS-FOC-PPMID-FW``), as for a PPMID mapped to 18.63(b) or
   18.65(c) (``S1SR-18.63(b)``, ``S1SR-18.65(c)``, ``A-REMOVED-RESTRICTION-V10``);
3. a PPMID mapped to 18.63(c), a third-party PPMID on a Secure installation, never receives
   the image (``S1SR-18.63(c)``);
4. a PPMID mapped to 18.63(d) or 18.65(e), or behind a comms hub mapped to them (the clauses
   name hub image limits and hub-specific metadata), ends as its DMVES ``outcomes`` column
   says, ``fail`` by default (``S1SR-18.63(d)``, ``S1SR-18.65(e)``, ``A-UNCERTAIN-VERDICT``).

Model decisions:

- M-FW-SRVS: 11.4 carries PPMID firmware only; a PPMID named in 11.1 is treated as in 11.4.
- M-FW-RECEIVERS: a device receives firmware only if it is Whitelisted, InstalledNotCommissioned
  or Commissioned and is a comms hub or in a comms hub's device log.
- M-FW-IN-PROGRESS: an image distributed by 11.1 to a meter or hub is an upgrade in progress until
  11.3 activates it; a PPMID activates at once (M-IMMEDIATE), so its upgrade is never in progress.
- The Section 18 firmware clauses are device behaviours and are applied under both S1SR
  baselines; the register states expectations for ``s1sr_v11`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from harness.duis.identifiers import Eui64
from harness.model.baselines import Baseline
from harness.model.devices import Cohort, DeviceStatus, DeviceType, SmetsVersion
from harness.model.dmves import DeviceModel
from harness.model.inventory import SmiDevice, ota_firmware_allowed

if TYPE_CHECKING:
    from harness.model.reference import ReferenceModel

__all__ = ["RECEIVING_STATUSES", "Decision", "Verdict", "decide", "hub_of"]

Verdict = Literal["refused", "distributed", "installed", "activation_failed", "distribution_failed"]

#: M-FW-RECEIVERS.
RECEIVING_STATUSES = frozenset(
    {DeviceStatus.WHITELISTED, DeviceStatus.INSTALLED_NOT_COMMISSIONED, DeviceStatus.COMMISSIONED}
)
_UNCERTAIN = ("18.63(d)", "18.65(e)")
_SUCCEED = "succeed"
_FAIL = "fail"


@dataclass(frozen=True)
class Decision:
    """What a firmware upgrade does for one device, the rule that decided it, and why."""

    device_id: Eui64
    verdict: Verdict
    reason: str
    rule: str | None = None
    #: True where the regulation leaves the outcome open (A-UNCERTAIN-VERDICT).
    uncertain: bool = False

    @property
    def taken_on(self) -> bool:
        """Whether DCC took the upgrade on for the device (anything but ``refused``)."""
        return self.verdict != "refused"

    def note(self) -> str:
        """One line of evidence: device, verdict, rule and reason."""
        rule = f" [{self.rule}]" if self.rule else ""
        open_ = " (outcome allowed, not certain)" if self.uncertain else ""
        return f"{self.device_id}: {self.verdict}{rule}{open_}: {self.reason}"


def hub_of(device: SmiDevice) -> Eui64 | None:
    """The comms hub whose HAN the device is on (a hub is on its own HAN)."""
    return device.device_id if device.device_type is DeviceType.CHF else device.comms_hub


def decide(model: ReferenceModel, device_id: Eui64, *, srv: str, baseline: Baseline) -> Decision:
    """How an 11.1 or 11.4 upgrade ends for ``device_id`` (see the module docstring)."""
    if device_id not in model.inventory:
        return Decision(device_id, "refused", "not in the Smart Metering Inventory")
    device = model.inventory.get(device_id)
    kind = device.device_type
    if srv == "11.4" and kind is not DeviceType.PPMID:
        reason = f"11.4 carries PPMID firmware only (device is a {kind.value}; M-FW-SRVS)"
        return Decision(device_id, "refused", reason)
    if not device.targetable:
        reason = "joined to a comms hub of the other SMETS version; no request may target it"
        return Decision(device_id, "refused", reason, "MP202-TACTICAL-WRONG-INSTALLATION")
    if device.status not in RECEIVING_STATUSES:
        reason = f"status {device.status.value} receives no firmware (M-FW-RECEIVERS)"
        return Decision(device_id, "refused", reason)
    if hub_of(device) is None:
        reason = "in no comms hub's device log (M-FW-RECEIVERS)"
        return Decision(device_id, "refused", reason)
    if kind is DeviceType.PPMID:
        return _ppmid(model, device, baseline)
    reason = "image distributed; awaits Activate Firmware (11.3) (M-FW-IN-PROGRESS)"
    return Decision(device_id, "distributed", reason)


def _ppmid(model: ReferenceModel, device: SmiDevice, baseline: Baseline) -> Decision:
    device_id = device.device_id
    if not ota_firmware_allowed(device, baseline.mp202):
        reason = (
            f"dual-mode PPMID enrolled in a {device.smets_version.value} system: over-the-air "
            "firmware only in SMETS2+ systems"
        )
        return Decision(device_id, "refused", reason, "MP202-BR7")
    if device.smets_version is not SmetsVersion.SMETS1:
        reason = "SMETS2+ PPMID: activated by the SMETS2+ route (SEC-A2.13)"
        return Decision(device_id, "installed", reason)
    own = model.device_model_of(device_id)
    hub = device.comms_hub
    hub_model = model.device_model_of(hub) if hub is not None else None
    if baseline.s1sr == "s1sr_v10":
        refused = _v10_restrictions(device, own)
        if refused:
            reason = "this model takes no PPMID firmware upgrade before s1sr_v11"
            return Decision(device_id, "refused", reason, ", ".join(refused))
    if own is not None and own.subject_to("18.63(c)"):
        reason = "third-party PPMID on a Secure installation: the firmware cannot be sent"
        return Decision(device_id, "distribution_failed", reason, "S1SR-18.63(c)")
    return _uncertain(device_id, own, hub_model)


def _v10_restrictions(device: SmiDevice, own: DeviceModel | None) -> list[str]:
    rules = []
    if device.cohort is Cohort.FOC:
        rules.append("DUIS-FOC-PPMID-FW")
    for clause in ("18.63(b)", "18.65(c)"):
        if own is not None and own.subject_to(clause):
            rules.append(f"S1SR-{clause}")
    return rules


def _uncertain(
    device_id: Eui64, own: DeviceModel | None, hub_model: DeviceModel | None
) -> Decision:
    verdict, reason, rules, uncertain = _uncertain_outcome(own, hub_model)
    return Decision(device_id, verdict, reason, rules, uncertain)


#: What _uncertain_outcome decided, by the two device models (immutable DMVES entries, kept
#: here with the result so that their ids stay theirs).
_OUTCOMES: dict[tuple[int, int], tuple[object, object, tuple[Verdict, str, str | None, bool]]] = {}


def _uncertain_outcome(
    own: DeviceModel | None, hub_model: DeviceModel | None
) -> tuple[Verdict, str, str | None, bool]:
    """How a PPMID upgrade ends under the regulation-uncertain clauses of the PPMID's and its
    hub's device models (the same for every PPMID of the two models: kept)."""
    kept = _OUTCOMES.get((id(own), id(hub_model)))
    if kept is not None and kept[0] is own and kept[1] is hub_model:
        return kept[2]
    outcomes: list[tuple[str, str, str]] = []
    for model in (own, hub_model):
        if model is None:
            continue
        for clause in _UNCERTAIN:
            if model.subject_to(clause):
                outcomes.append((f"S1SR-{clause}", model.id, model.outcome(clause, _FAIL)))
    found: tuple[Verdict, str, str | None, bool]
    if not outcomes:
        found = ("installed", "the PPMID activated the image", None, False)
    else:
        rules = ", ".join(dict.fromkeys(rule for rule, _, _ in outcomes))
        configured = "; ".join(f"{rule} on {model}: {outcome}" for rule, model, outcome in outcomes)
        if all(outcome == _SUCCEED for _, _, outcome in outcomes):
            reason = f"the PPMID activated the image (configured outcome: {configured})"
            found = ("installed", reason, rules, True)
        else:
            reason = f"the PPMID reports that activation failed (configured outcome: {configured})"
            found = ("activation_failed", reason, rules, True)
    if len(_OUTCOMES) >= 1024:
        _OUTCOMES.clear()
    _OUTCOMES[(id(own), id(hub_model))] = (own, hub_model, found)
    return found
