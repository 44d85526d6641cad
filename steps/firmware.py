"""Steps about firmware: upgrading PPMIDs, meters and comms hubs, and reading firmware versions.

An upgrade goes out as Update PPMID Firmware (11.4) for PPMIDs and Update Firmware (11.1) for
meters and hubs; DCC answers for each device it names. What the supplier is told about one
device is read by :mod:`harness.suite.firmware_report`, which counts as a failure any form
assumption A-FAILURE-FORM accepts.
Devices are installed through the target's set-up capabilities and travel between steps as
:class:`Installed` values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pytest
from pytest_bdd import given, parsers, then, when

from harness.duis import bodies
from harness.duis.identifiers import Eui64
from harness.duis.responses import ResponseMessage
from harness.errors import HarnessError
from harness.model.devices import Cohort, DeviceType, SmetsVersion
from harness.model.dmves import DeviceModel
from harness.register import Requirement, default_register
from harness.suite.firmware_report import (
    firmware_read,
    firmware_report,
    uncertain_outcome,
)
from harness.suite.observations import observe
from harness.suite.settings import Settings
from harness.suite.verdicts import not_applicable
from harness.user import DccUser, Dialogue, Target
from steps.capabilities import capability

#: The firmware version every upgrade in the scenarios carries (unlike the sample DMVES's).
NEW_FIRMWARE = "FE1A0001"
_UPGRADE_SRVS = frozenset({"11.1", "11.4"})
_METERS = frozenset({DeviceType.ESME, DeviceType.GSME})
_PPMIDS = frozenset({DeviceType.PPMID})


# --- vocabulary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receiver:
    """A kind of device a firmware upgrade can name, with the device types it covers."""

    words: str
    types: frozenset[DeviceType]


RECEIVERS = {r.words: r for r in (Receiver("meter", _METERS), Receiver("PPMID", _PPMIDS))}
GENERATIONS = {"SMETS1": SmetsVersion.SMETS1, "SMETS2+": SmetsVersion.SMETS2}
#: Where a second device is installed: on the first device's network (True) or another hub's.
NETWORKS = {"the same home area network": True, "another comms hub's home area network": False}
#: How a version read compares with the inventory's: equal (True) or not.
COMPARISONS = {"matches": True, "differs from": False}


def _pattern(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _parse_type(table: Mapping[str, object]) -> Callable[[str], object]:
    def parse(text: str) -> object:
        return table[text]

    parse.pattern = _pattern(table)  # type: ignore[attr-defined]
    return parse


TYPES = {
    "Receiver": _parse_type(RECEIVERS),
    "Generation": _parse_type(GENERATIONS),
    "Network": _parse_type(NETWORKS),
    "Comparison": _parse_type(COMPARISONS),
}


def catalogue_rows() -> list[tuple[str, str, str]]:
    """The firmware words as (type, words, meaning), like ``steps.vocabulary.catalogue_rows``."""
    rows = [("Receiver", "meter", "an ESME or GSME; Update Firmware (SRV 11.1)")]
    rows.append(("Receiver", "PPMID", "a PPMID; Update PPMID Firmware (SRV 11.4)"))
    rows += [
        ("Generation", w, f"a comms hub of {g.value}: the system it forms")
        for w, g in GENERATIONS.items()
    ]
    rows.append(("Network", "the same home area network", "behind the first device's comms hub"))
    rows.append(("Network", "another comms hub's home area network", "behind a new comms hub"))
    rows += [("Comparison", w, "equal" if same else "not equal") for w, same in COMPARISONS.items()]
    return rows


# --- devices -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    """A device a scenario installed: its EUI-64, its DMVES device model and its comms hub."""

    device: Eui64
    model: DeviceModel
    hub: Eui64


def _install(
    target: Target,
    model: DeviceModel,
    *,
    hub: Eui64 | None = None,
    hub_model: DeviceModel | None = None,
    generation: SmetsVersion = SmetsVersion.SMETS1,
) -> Installed:
    """A device of ``model`` on ``hub`` or a new hub; a comms hub model is installed as the hub."""
    install_hub = capability(target, "install_comms_hub", "install a comms hub")
    install = capability(target, "install_device", "install a migrated SMETS1 device")
    if model.device_type is DeviceType.CHF:
        own: Eui64 = install_hub(model_id=model.id)
        return Installed(own, model, own)
    if hub is None:
        hub = install_hub(smets_version=generation, model_id=hub_model.id if hub_model else None)
    return Installed(install(model.id, hub=hub), model, hub)


def _requirement(request: pytest.FixtureRequest) -> Requirement:
    tags = {m.name for m in request.node.iter_markers()}
    found = [r for r in default_register() if r.tag in tags]
    if len(found) != 1:
        raise HarnessError(f"a firmware scenario needs one requirement tag (found {found})")
    return found[0]


def _require_ppmid(model: DeviceModel) -> None:
    if model.device_type is not DeviceType.PPMID:
        kind = model.device_type.value
        pytest.skip(not_applicable(f"device model {model.id} is a {kind}, not a PPMID"))


def _skip_where_br7_governs(
    settings: Settings, requirement: Requirement, model: DeviceModel
) -> None:
    """Not applicable: under mp202_enduring, MP202-BR7 decides a dual-mode PPMID's upgrades."""
    upgrades = _UPGRADE_SRVS & set(requirement.srvs)
    if upgrades and model.bilingual and settings.baseline.mp202 == "enduring":
        reason = (
            f"under mp202_enduring, over-the-air firmware for the dual-mode PPMID model "
            f"{model.id} in a SMETS1 system is governed by MP202-BR7"
        )
        pytest.skip(not_applicable(reason))


def _skip_unless_clean_control(requirement: Requirement, model: DeviceModel) -> None:
    """Not applicable: a control subject to another clause acting on the same requests."""
    by_clause = {r.clause: r for r in default_register() if r.clause}
    wanted = set(requirement.srvs)
    others = sorted(
        c
        for c in model.clauses
        if c != requirement.clause and c in by_clause and wanted & set(by_clause[c].srvs)
    )
    if others:
        reason = f"device model {model.id} is also subject to {', '.join(others)}"
        pytest.skip(not_applicable(f"{reason} on the same requests: it cannot be a control"))


def _plainest(
    models: Iterable[DeviceModel], types: frozenset[DeviceType], besides: str | None = None
) -> DeviceModel:
    """The single-mode model of these types with the fewest clauses, not subject to ``besides``."""
    found = [
        m
        for m in models
        if m.device_type in types and not m.bilingual and not (besides and m.subject_to(besides))
    ]
    if not found:
        kinds = "/".join(sorted(t.value for t in types))
        outside = f" outside {besides}" if besides else ""
        pytest.skip(not_applicable(f"the DMVES has no single-mode {kinds} model{outside}"))
    return min(found, key=lambda m: len(m.clauses))


def _dual(model: DeviceModel) -> bool:
    return model.device_type is DeviceType.PPMID and model.bilingual


def _dual_mode_model(request: pytest.FixtureRequest, settings: Settings) -> DeviceModel:
    """The dual-mode PPMID model the scenario runs on, else the DMVES's first one."""
    callspec = getattr(request.node, "callspec", None)
    chosen = callspec.params.get("duis_device_model") if callspec is not None else None
    found = [m for m in (chosen, *settings.dmves) if isinstance(m, DeviceModel) and _dual(m)]
    if not found:
        pytest.skip(not_applicable("the DMVES lists no dual-mode PPMID model"))
    return found[0]


def _send_upgrade(supplier: DccUser, devices: Sequence[Installed]) -> Dialogue:
    """11.4 naming PPMIDs, else 11.1, distributing :data:`NEW_FIRMWARE` to ``devices``."""
    ppmid = all(d.model.device_type is DeviceType.PPMID for d in devices)
    ids = [d.device for d in devices]
    body = bodies.update_firmware(version=NEW_FIRMWARE, device_ids=ids, ppmid=ppmid)
    return supplier.request("11.4" if ppmid else "11.1", body=body)


# --- Given -------------------------------------------------------------------------------------


@given(
    "a SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub",
    target_fixture="firmware_ppmid",
)
def ppmid_subject_to_clause(
    request: pytest.FixtureRequest,
    duis_target: Target,
    duis_settings: Settings,
    duis_device_model: DeviceModel,
) -> Installed:
    """Install a PPMID of each device model the DMVES maps to the clause, on a new comms hub."""
    _require_ppmid(duis_device_model)
    _skip_where_br7_governs(duis_settings, _requirement(request), duis_device_model)
    return _install(duis_target, duis_device_model)


@given(
    "a dual-mode SMETS1 PPMID whose device model is subject to the clause, joined to a comms hub",
    target_fixture="firmware_ppmid",
)
def dual_mode_ppmid_subject_to_clause(
    duis_target: Target, duis_device_model: DeviceModel
) -> Installed:
    """Install a PPMID of each dual-mode device model mapped to the clause (others: n/a)."""
    _require_ppmid(duis_device_model)
    if not duis_device_model.bilingual:
        reason = f"device model {duis_device_model.id} is not dual-mode"
        pytest.skip(not_applicable(f"{reason}; the tactical CPL entry concerns dual-mode PPMIDs"))
    return _install(duis_target, duis_device_model)


@given(
    "a SMETS1 PPMID whose device model is not subject to the clause, joined to a comms hub",
    target_fixture="firmware_ppmid",
)
def ppmid_not_subject_to_clause(
    request: pytest.FixtureRequest,
    duis_target: Target,
    duis_settings: Settings,
    duis_device_model: DeviceModel,
) -> Installed:
    """Install a PPMID of a model outside the clause and outside clauses on the same requests."""
    requirement = _requirement(request)
    _require_ppmid(duis_device_model)
    _skip_unless_clean_control(requirement, duis_device_model)
    _skip_where_br7_governs(duis_settings, requirement, duis_device_model)
    return _install(duis_target, duis_device_model)


@given(
    "a SMETS1 PPMID joined to a comms hub where the PPMID's or the hub's device model is "
    "subject to the clause",
    target_fixture="firmware_ppmid",
)
def ppmid_or_hub_subject_to_clause(
    request: pytest.FixtureRequest,
    duis_target: Target,
    duis_settings: Settings,
    duis_device_model: DeviceModel,
) -> Installed:
    """Install a PPMID of a mapped model, or the plainest PPMID behind a hub of a mapped model."""
    requirement = _requirement(request)
    if duis_device_model.device_type is DeviceType.CHF:
        ppmid = _plainest(duis_settings.dmves, _PPMIDS)
        return _install(duis_target, ppmid, hub_model=duis_device_model)
    _require_ppmid(duis_device_model)
    _skip_where_br7_governs(duis_settings, requirement, duis_device_model)
    return _install(duis_target, duis_device_model)


@given(
    "a SMETS1 PPMID of a FOC device model, joined to a comms hub", target_fixture="firmware_ppmid"
)
def foc_ppmid(duis_target: Target, duis_settings: Settings) -> Installed:
    """Install a PPMID of the single-mode FOC PPMID model with the fewest Section 18 clauses."""
    foc = (m for m in duis_settings.dmves if m.cohort is Cohort.FOC)
    return _install(duis_target, _plainest(foc, _PPMIDS))


@given(
    parsers.parse(
        "a dual-mode PPMID joined to a {generation:Generation} comms hub", extra_types=TYPES
    ),
    target_fixture="firmware_ppmid",
)
def dual_mode_ppmid(
    request: pytest.FixtureRequest,
    duis_target: Target,
    duis_settings: Settings,
    generation: SmetsVersion,
) -> Installed:
    """Install a PPMID of the dual-mode model on a new comms hub of that SMETS generation."""
    model = _dual_mode_model(request, duis_settings)
    return _install(duis_target, model, generation=generation)


@given(
    "dual-mode PPMIDs joined to a SMETS1 and to a SMETS2+ comms hub",
    target_fixture="firmware_ppmids",
)
def dual_mode_ppmids(
    request: pytest.FixtureRequest, duis_target: Target, duis_settings: Settings
) -> dict[SmetsVersion, Installed]:
    """Install a PPMID of the dual-mode model on a SMETS1 hub and another on a SMETS2+ hub."""
    model = _dual_mode_model(request, duis_settings)
    return {g: _install(duis_target, model, generation=g) for g in GENERATIONS.values()}


@given(
    "a SMETS1 device whose device model is subject to the clause, on a comms hub's home area "
    "network",
    target_fixture="firmware_device",
)
def device_subject_to_clause(
    request: pytest.FixtureRequest,
    duis_target: Target,
    duis_settings: Settings,
    duis_device_model: DeviceModel,
) -> Installed:
    """Install a device of each mapped model: a comms hub model as the hub, others on a new hub."""
    _skip_where_br7_governs(duis_settings, _requirement(request), duis_device_model)
    return _install(duis_target, duis_device_model)


@given(
    "a SMETS1 device whose device model is not subject to the clause, on a comms hub's home "
    "area network",
    target_fixture="firmware_device",
)
def device_not_subject_to_clause(
    request: pytest.FixtureRequest,
    duis_target: Target,
    duis_settings: Settings,
    duis_device_model: DeviceModel,
) -> Installed:
    """Install a device of a model outside the clause and outside clauses on the same requests."""
    requirement = _requirement(request)
    _skip_unless_clean_control(requirement, duis_device_model)
    _skip_where_br7_governs(duis_settings, requirement, duis_device_model)
    return _install(duis_target, duis_device_model)


@given(
    parsers.parse(
        "a {receiver:Receiver} of a device model not subject to the clause, on {network:Network}",
        extra_types=TYPES,
    ),
    target_fixture="second_device",
)
def other_device(
    request: pytest.FixtureRequest,
    duis_target: Target,
    duis_settings: Settings,
    firmware_device: Installed,
    receiver: Receiver,
    network: bool,
) -> Installed:
    """Install a device of the plainest single-mode model of that kind outside the clause."""
    clause = _requirement(request).clause
    model = _plainest(duis_settings.dmves, receiver.types, besides=clause)
    return _install(duis_target, model, hub=firmware_device.hub if network else None)


@given("a firmware upgrade for the device is under way", target_fixture="upgrade_under_way")
def start_upgrade(supplier: DccUser, firmware_device: Installed) -> Dialogue:
    """Send the device a firmware upgrade; not applicable if the target ends it at once."""
    dialogue = _send_upgrade(supplier, [firmware_device])
    report = firmware_report(dialogue, firmware_device.device)
    if report.refused or report.activation is not None:
        reason = f"the target did not keep an upgrade of {firmware_device.model.id} under way"
        pytest.skip(not_applicable(f"{reason} ({report.summary()})"))
    return dialogue


@given(
    "the supplier has read the firmware version DCC's inventory holds for the PPMID",
    target_fixture="inventory_firmware",
)
def inventory_firmware(supplier: DccUser, firmware_ppmid: Installed) -> str:
    """Read Inventory (8.2) for the PPMID and keep the DeviceFirmwareVersion it reports."""
    reply = supplier.request(
        "8.2", body=bodies.read_inventory(device_id=firmware_ppmid.device)
    ).final.reply()
    payload = reply.body.payload if isinstance(reply.body, ResponseMessage) else None
    version = payload.text_of("Device/DeviceFirmwareVersion") if payload is not None else None
    if not version:
        raise HarnessError(f"precondition: no inventory firmware version ({reply.response_code})")
    return version


# --- When --------------------------------------------------------------------------------------


@when("the supplier sends a firmware upgrade to the PPMID", target_fixture="dialogue")
def upgrade_ppmid(supplier: DccUser, firmware_ppmid: Installed) -> Dialogue:
    """Send Update PPMID Firmware (11.4) naming the PPMID."""
    return _send_upgrade(supplier, [firmware_ppmid])


@when("the supplier sends one firmware upgrade naming both PPMIDs", target_fixture="dialogue")
def upgrade_both_ppmids(
    supplier: DccUser, firmware_ppmids: dict[SmetsVersion, Installed]
) -> Dialogue:
    """Send one Update PPMID Firmware (11.4) naming every PPMID of the scenario."""
    return _send_upgrade(supplier, list(firmware_ppmids.values()))


@when(
    parsers.parse(
        "the supplier sends a firmware upgrade to the other {receiver:Receiver}", extra_types=TYPES
    ),
    target_fixture="dialogue",
)
def upgrade_other_device(
    supplier: DccUser, second_device: Installed, receiver: Receiver
) -> Dialogue:
    """Send a firmware upgrade (11.1 for a meter, 11.4 for a PPMID) naming the other device."""
    if second_device.model.device_type not in receiver.types:
        raise HarnessError(f"the other device is a {second_device.model.device_type.value}")
    return _send_upgrade(supplier, [second_device])


@when("the supplier reads the firmware version of the PPMID", target_fixture="dialogue")
def read_ppmid_firmware(supplier: DccUser, firmware_ppmid: Installed) -> Dialogue:
    """Send Read Firmware Version (11.2) to the PPMID."""
    return supplier.request("11.2", device=firmware_ppmid.device)


# --- Then --------------------------------------------------------------------------------------


def _assert_taken_on(dialogue: Dialogue, firmware_ppmid: Installed) -> None:
    report = firmware_report(dialogue, firmware_ppmid.device)
    assert not report.refused, report.summary()


def _assert_failed(dialogue: Dialogue, firmware_ppmid: Installed) -> None:
    report = firmware_report(dialogue, firmware_ppmid.device)
    assert report.failures, report.summary()
    assert report.activation != "ActivationSuccess", report.summary()


@then("DCC takes the firmware upgrade on for the PPMID")
def taken_on(dialogue: Dialogue, firmware_ppmid: Installed) -> None:
    """DCC accepts the upgrade and reports no refusal for the PPMID (activation may still fail)."""
    _assert_taken_on(dialogue, firmware_ppmid)


@then(
    parsers.parse(
        "DCC takes the firmware upgrade on for the PPMID in the {generation:Generation} system",
        extra_types=TYPES,
    )
)
def taken_on_in_system(
    dialogue: Dialogue, firmware_ppmids: dict[SmetsVersion, Installed], generation: SmetsVersion
) -> None:
    """No refusal for the PPMID on the comms hub of that generation (activation may still fail)."""
    _assert_taken_on(dialogue, firmware_ppmids[generation])


@then("the supplier is told that the firmware upgrade failed for the PPMID")
def told_upgrade_failed(dialogue: Dialogue, firmware_ppmid: Installed) -> None:
    """A failure form of A-FAILURE-FORM names the PPMID, and no activation success is reported."""
    _assert_failed(dialogue, firmware_ppmid)


@then(
    parsers.parse(
        "the supplier is told that the firmware upgrade failed for the PPMID in the "
        "{generation:Generation} system",
        extra_types=TYPES,
    )
)
def told_upgrade_failed_in_system(
    dialogue: Dialogue, firmware_ppmids: dict[SmetsVersion, Installed], generation: SmetsVersion
) -> None:
    """A failure form names the PPMID on the comms hub of that generation; no activation success."""
    _assert_failed(dialogue, firmware_ppmids[generation])


@then("the firmware upgrade ends in an outcome the regulation allows for the PPMID")
def allowed_uncertain_outcome(
    supplier: DccUser,
    dialogue: Dialogue,
    firmware_ppmid: Installed,
    record_outcome: Callable[[str], None],
) -> None:
    """Success confirmed by a later firmware read, or a reported failure; records which."""
    read = firmware_read(supplier.request("11.2", device=firmware_ppmid.device))
    allowed, outcome = uncertain_outcome(
        firmware_report(dialogue, firmware_ppmid.device), read, NEW_FIRMWARE
    )
    assert allowed, f"outside the allowed outcomes: {outcome}"
    record_outcome(outcome)


@then("the supplier is told that the earlier firmware upgrade failed for the device")
def earlier_upgrade_failed(
    dialogue: Dialogue, upgrade_under_way: Dialogue, firmware_device: Installed
) -> None:
    """A failure for the earlier upgrade's RequestID names the device (A-FW-SECOND-UPGRADE)."""
    earlier = upgrade_under_way.request.request_id
    report = firmware_report(dialogue, firmware_device.device, earlier)
    assert report.failures, f"earlier upgrade {earlier}: {report.summary()}"


@then("no failure is reported for the earlier firmware upgrade")
def earlier_upgrade_continues(
    dialogue: Dialogue, upgrade_under_way: Dialogue, firmware_device: Installed
) -> None:
    """No failure for the earlier upgrade's RequestID arrives with the later upgrade."""
    earlier = upgrade_under_way.request.request_id
    report = firmware_report(dialogue, firmware_device.device, earlier)
    assert not report.failures, f"earlier upgrade {earlier}: {report.summary()}"


@then("the supplier receives the PPMID's firmware version")
def receives_firmware_version(dialogue: Dialogue) -> None:
    """The PPMID's response to Read Firmware Version carries a firmware version."""
    assert firmware_read(dialogue), observe(dialogue).summary()


@then("the supplier receives the firmware version the PPMID really runs")
def receives_running_firmware(dialogue: Dialogue, firmware_ppmid: Installed) -> None:
    """The version read is the one the PPMID's device model runs (its DMVES firmware version)."""
    read = firmware_read(dialogue)
    assert read == firmware_ppmid.model.firmware_version, (
        f"read {read}; {observe(dialogue).summary()}"
    )


@then(
    parsers.parse(
        "the firmware version received {comparison:Comparison} the one DCC's inventory holds",
        extra_types=TYPES,
    )
)
def compare_with_inventory(dialogue: Dialogue, inventory_firmware: str, comparison: bool) -> None:
    """Compare the version read with the inventory's DeviceFirmwareVersion read beforehand."""
    read = firmware_read(dialogue)
    assert (read == inventory_firmware) is comparison, (
        f"read {read}; inventory {inventory_firmware}"
    )
