"""Steps about DCC's inventory: pre-notification, comms hub device logs, SMETS versions, routes.

Device models come from the run's DMVES: the MP202 and SEC-A2.13 scenarios run once per
dual-mode PPMID model, the SSD-HAN-UPDATE-8.11 ones once per SMETS1 gas meter model
(:func:`pytest_generate_tests`). What DCC records is read with Read Inventory (8.2; assumptions
A-MP202-OBSERVATION, A-SMETS-VERSION-STRINGS), which route answered a request from the reply
(A-ROUTING-EVIDENCE), and a failure is any form A-FAILURE-FORM allows. Set-up that DUIS has no
request for (listing a model on the CPL, installing a migrated hub) uses target capabilities.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from lxml import etree
from pytest_bdd import given, parsers, then, when

from harness.duis import bodies
from harness.duis.identifiers import Eui64
from harness.duis.responses import ResponseMessage
from harness.errors import HarnessError
from harness.model.cpl import CplEntry, DuplicateCplRowError
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.dmves import DeviceModel
from harness.register import default_register
from harness.suite.inventory import InventoryEntry, inventory_entries
from harness.suite.observations import observe
from harness.suite.outcomes import answered, failure_forms, route_of
from harness.suite.plugin import settings_of
from harness.suite.settings import Settings
from harness.suite.verdicts import not_applicable
from harness.user import DccUser, Dialogue, Target
from steps.capabilities import capability

#: EUI-64s the scenarios give devices they pre-notify themselves (fictitious, unlike the
#: 00-DB-12-34-56-78-00-xx range the reference model allocates to devices it installs).
NEW_PPMID = Eui64.parse("00-DB-12-34-56-78-AA-01")
SECOND_PPMID = Eui64.parse("00-DB-12-34-56-78-AA-02")
REPLACEMENT = Eui64.parse("00-DB-12-34-56-78-AA-03")

# --- vocabulary --------------------------------------------------------------------------------

SMETS_WORDS = {"SMETS1": SmetsVersion.SMETS1, "SMETS2+": SmetsVersion.SMETS2}
HAN_DEVICES = {"PPMID": DeviceType.PPMID, "gas meter": DeviceType.GSME}


@dataclass(frozen=True)
class Probe:
    """A request a supplier can aim at a PPMID: its SRV and how the request names the PPMID."""

    words: str
    srv: str
    #: True when the request is addressed to the PPMID; False when it names it in its body.
    to_device: bool
    body: Callable[[Eui64], etree._Element]

    def send(self, supplier: DccUser, ppmid: Eui64) -> Dialogue:
        """Send the request about ``ppmid`` (critical flow included)."""
        device = ppmid if self.to_device else None
        return supplier.request(self.srv, device=device, body=self.body(ppmid))


PROBES = {
    p.words: p
    for p in (
        Probe("a firmware version read", "11.2", True, lambda _: bodies.read_firmware_version()),
        Probe("a firmware activation", "11.3", True, lambda _: bodies.activate_firmware()),
        Probe(
            "a PPMID firmware upgrade",
            "11.4",
            False,
            lambda d: bodies.update_ppmid_firmware(device_ids=[d]),
        ),
    )
}


def _choice(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def parse_smets(text: str) -> SmetsVersion:
    """A SMETS version: ``SMETS1`` or ``SMETS2+``."""
    return SMETS_WORDS[text]


def parse_han_device(text: str) -> DeviceType:
    """A device a comms hub's device log holds: ``PPMID`` or ``gas meter``."""
    return HAN_DEVICES[text]


def parse_probe(text: str) -> Probe:
    """A request aimed at a PPMID, in business words."""
    return PROBES[text]


parse_smets.pattern = _choice(list(SMETS_WORDS))  # type: ignore[attr-defined]
parse_han_device.pattern = _choice(list(HAN_DEVICES))  # type: ignore[attr-defined]
parse_probe.pattern = _choice(list(PROBES))  # type: ignore[attr-defined]

TYPES = {"Smets": parse_smets, "HanDevice": parse_han_device, "Probe": parse_probe}


def catalogue_rows() -> list[tuple[str, str, str]]:
    """Every word of this module's vocabulary as (type, words, meaning) for the catalogue."""
    rows = [
        ("Smets", "SMETS1", "SMETSCHTSVersion naming SMETS1, or CSPRegion SMETS1; S1SP route"),
        ("Smets", "SMETS2+", "any other SMETSCHTSVersion; GBCS route"),
    ]
    rows += [("HanDevice", w, t.value) for w, t in HAN_DEVICES.items()]
    rows += [("Probe", w, f"SRV {p.srv}") for w, p in PROBES.items()]
    return rows


def _step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


# --- which device models a scenario runs on ----------------------------------------------------

DUAL_MODE_PPMID = "dual-mode PPMID"
SMETS1_GAS_METER = "SMETS1 gas meter"

#: Requirement tag -> the kind of DMVES model its scenarios run on, once per model.
MODEL_KINDS = {
    "sec_a2_13": DUAL_MODE_PPMID,
    "mp202_tactical_diff_fw": DUAL_MODE_PPMID,
    "mp202_tactical_wrong_installation": DUAL_MODE_PPMID,
    "mp202_tactical_migrated_ppmid": DUAL_MODE_PPMID,
    "mp202_cpl_dual_rows": DUAL_MODE_PPMID,
    "mp202_prenotify_smets_version": DUAL_MODE_PPMID,
    "mp202_smi_follows_ch": DUAL_MODE_PPMID,
    "mp202_br_entry_distinction": DUAL_MODE_PPMID,
    "ssd_han_update_8_11": SMETS1_GAS_METER,
}
_MODEL_ARG = "duis_device_model"


def _of_kind(model: DeviceModel, kind: str) -> bool:
    if kind == DUAL_MODE_PPMID:
        return model.device_type is DeviceType.PPMID and model.bilingual
    return model.device_type is DeviceType.GSME and model.smets_version is SmetsVersion.SMETS1


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the scenarios of :data:`MODEL_KINDS` once per DMVES model of their kind."""
    kinds = {
        MODEL_KINDS[m.name] for m in metafunc.definition.iter_markers() if m.name in MODEL_KINDS
    }
    if len(kinds) != 1 or _MODEL_ARG in metafunc.fixturenames:
        return
    kind = kinds.pop()
    dmves = settings_of(metafunc.config).dmves
    models = [m for m in dmves if _of_kind(m, kind)]
    params = [pytest.param(m, id=m.id, marks=[getattr(pytest.mark, m.cohort.tag)]) for m in models]
    if not params:
        reason = not_applicable(f"the DMVES ({dmves.source}) has no {kind} model")
        params = [pytest.param(None, id="no-model", marks=pytest.mark.skip(reason=reason))]
    metafunc.fixturenames.append(_MODEL_ARG)
    metafunc.parametrize(_MODEL_ARG, params)


def model_of_kind(request: pytest.FixtureRequest, settings: Settings, kind: str) -> DeviceModel:
    """The scenario's DMVES model of ``kind``: its run parameter, else the DMVES's first one."""
    callspec = getattr(request.node, "callspec", None)
    chosen = callspec.params.get(_MODEL_ARG) if callspec is not None else None
    if isinstance(chosen, DeviceModel) and _of_kind(chosen, kind):
        return chosen
    found = next((m for m in settings.dmves if _of_kind(m, kind)), None)
    if found is None:
        pytest.skip(not_applicable(f"the DMVES ({settings.dmves.source}) has no {kind} model"))
    return found


@pytest.fixture
def dual_mode_model(request: pytest.FixtureRequest, duis_settings: Settings) -> DeviceModel:
    """The dual-mode PPMID model the scenario runs on (from the run's DMVES)."""
    return model_of_kind(request, duis_settings, DUAL_MODE_PPMID)


@pytest.fixture
def ppmid() -> Eui64:
    """The EUI-64 the scenario gives the PPMID it pre-notifies."""
    return NEW_PPMID


# --- the CPL (a set-up capability) and DCC's inventory (8.2) ------------------------------------


def cpl_rows(target: Target, model: DeviceModel) -> dict[SmetsVersion, CplEntry]:
    """The target's CPL rows for a dual-mode PPMID model by SMETS version, listing it if need be.

    Both rows get the model's real firmware version when the CPL accepts that (MP202-CPL-DUAL-ROWS);
    a CPL keyed without the SMETS version refuses the second, and the SMETS1 row then gets a
    different firmware version (MP202-TACTICAL-DIFF-FW; model decision M-TACTICAL-MADE-UP-FIRMWARE).
    """
    cpl = capability(target, "cpl", "list device models on its Central Products List")
    key = (model.manufacturer, model.model, model.hardware_version, DeviceType.PPMID)
    rows = {row.smets_version: row for row in cpl.rows_for(*key)}
    for version in (SmetsVersion.SMETS2, SmetsVersion.SMETS1):
        if version not in rows:
            real = model.firmware_version
            entry = CplEntry(*key[:3], real, DeviceType.PPMID, version, dual_mode=True)
            try:
                rows[version] = cpl.add(entry)
            except DuplicateCplRowError:
                made_up = ("E" if real[:1] == "F" else "F") + real[1:]
                rows[version] = cpl.add(replace(entry, firmware_version=made_up))
    return rows


def read_inventory(supplier: DccUser, device: Eui64) -> dict[Eui64, InventoryEntry]:
    """Read Inventory (8.2) by DeviceID: every device reported (a comms hub brings its log)."""
    dialogue = supplier.request("8.2", body=bodies.read_inventory(device_id=device))
    reply = dialogue.final.reply()
    assert reply.is_success, f"Read Inventory of {device}: reply {reply.response_code}"
    body = reply.body
    assert isinstance(body, ResponseMessage), f"Read Inventory of {device}: {body}"
    assert body.payload is not None, f"Read Inventory of {device}: no DSPInventory"
    return inventory_entries(body.payload.element())


def inventory_entry(supplier: DccUser, device: Eui64) -> InventoryEntry:
    """The device's own record in DCC's inventory (a Then fails when there is none)."""
    found = read_inventory(supplier, device).get(device)
    assert found is not None, f"Read Inventory does not report {device}"
    return found


#: Section 18 clauses that stop a SMETS1 PPMID's firmware being read, by S1SR baseline
#: (S1SR-18.64(a) before Uplift 2.1, S1SR-18.64(b) for Secure third-party PPMIDs).
READ_WITHHELD = {"s1sr_v10": ("18.64(a)", "18.64(b)"), "s1sr_v11": ("18.64(b)",)}


def require_observable_route(settings: Settings, model: DeviceModel, route: SmetsVersion) -> None:
    """Not applicable when a Section 18 clause withholds the firmware read a route shows in."""
    if route is not SmetsVersion.SMETS1:
        return
    for clause in READ_WITHHELD[settings.baseline.s1sr]:
        if model.subject_to(clause):
            pytest.skip(
                not_applicable(
                    f"{model.id} is subject to S1SR-{clause}, which withholds its firmware under "
                    f"{settings.baseline.s1sr}: the SMETS1 route cannot be seen in a firmware read"
                )
            )


# --- Givens: pre-notified PPMIDs and comms hubs ------------------------------------------------


def prenotify(
    supplier: DccUser, model: DeviceModel, device: Eui64, version: SmetsVersion, firmware: str
) -> Dialogue:
    """Send Device Pre-notification (12.2) for a PPMID of ``model`` stating ``version``."""
    body = bodies.device_prenotification(
        device,
        "PPMID",
        model.manufacturer,
        model.model,
        smets_version=version.value,
        firmware_version=firmware,
    )
    return supplier.request("12.2", body=body)


def _prenotified(
    supplier: DccUser, target: Target, model: DeviceModel, device: Eui64, version: SmetsVersion
) -> Eui64:
    firmware = cpl_rows(target, model)[version].firmware_version
    reply = prenotify(supplier, model, device, version, firmware).final.reply()
    if not reply.is_success:
        raise HarnessError(f"precondition: pre-notification of {device} got {reply.response_code}")
    return device


def add_to_log(supplier: DccUser, hub: Eui64, device: Eui64) -> Dialogue:
    """Send Update HAN Device Log (8.11) to ``hub``, adding ``device``."""
    return supplier.request("8.11", device=hub, body=bodies.update_han_device_log(device, "Add"))


def _added(supplier: DccUser, hub: Eui64, device: Eui64) -> None:
    reply = add_to_log(supplier, hub, device).final.reply()
    if not reply.is_acknowledgement:
        raise HarnessError(f"precondition: adding {device} to {hub} got {reply.response_code}")


@given(_step("a dual-mode PPMID pre-notified as {version:Smets}"))
def prenotified_ppmid(
    supplier: DccUser,
    duis_target: Target,
    dual_mode_model: DeviceModel,
    ppmid: Eui64,
    version: SmetsVersion,
) -> None:
    """Pre-notify (12.2) a PPMID of the model, quoting its CPL row's firmware for the version."""
    _prenotified(supplier, duis_target, dual_mode_model, ppmid, version)


#: The clause that, under s1sr_v10, stops PPMIDs joining the SMETS1 comms hubs mapped to it.
SWAP_OUT_CLAUSE = "18.62(f)"


def hub_for_ppmids(target: Target, settings: Settings, version: SmetsVersion) -> Eui64:
    """A commissioned hub a PPMID may join: SMETS2+, or SMETS1 of a model 18.62(f) leaves alone.

    A SMETS1 hub is of a DMVES comms hub model outside 18.62(f) if there is one, else generic;
    under s1sr_v10 a generic hub is not enough (S1SR-18.62(f)) and the scenario is not applicable.
    """
    install = capability(target, "install_comms_hub", "install a commissioned comms hub")
    free = [
        m.id
        for m in settings.dmves.not_subject_to(SWAP_OUT_CLAUSE, DeviceType.CHF)
        if m.smets_version is SmetsVersion.SMETS1
    ]
    if version is SmetsVersion.SMETS1 and not free and settings.baseline.s1sr == "s1sr_v10":
        pytest.skip(
            not_applicable(
                f"under s1sr_v10 S1SR-{SWAP_OUT_CLAUSE} stops PPMIDs joining SMETS1 comms hubs, "
                f"and the DMVES ({settings.dmves.source}) has no SMETS1 comms hub model outside it"
            )
        )
    smets1_model = free[0] if free and version is SmetsVersion.SMETS1 else None
    hub: Eui64 = install(model_id=smets1_model) if smets1_model else install(smets_version=version)
    return hub


@given(_step("a commissioned {version:Smets} comms hub"), target_fixture="comms_hub")
def commissioned_hub(duis_target: Target, duis_settings: Settings, version: SmetsVersion) -> Eui64:
    """Install a commissioned comms hub of that SMETS version that PPMIDs may join (set-up)."""
    return hub_for_ppmids(duis_target, duis_settings, version)


@given("the PPMID has been added to the comms hub's device log")
def ppmid_in_log(supplier: DccUser, comms_hub: Eui64, ppmid: Eui64) -> None:
    """Add the PPMID with Update HAN Device Log (8.11) and require the acknowledgement."""
    _added(supplier, comms_hub, ppmid)


@dataclass(frozen=True)
class Systems:
    """Two PPMIDs of one dual-mode model, by the SMETS version of the system each is in."""

    ppmids: dict[SmetsVersion, Eui64]


@given(
    "a dual-mode PPMID in a SMETS1 system and one of the same model in a SMETS2+ system",
    target_fixture="systems",
)
def ppmids_in_both_systems(
    supplier: DccUser, duis_target: Target, duis_settings: Settings, dual_mode_model: DeviceModel
) -> Systems:
    """Pre-notify each PPMID as its system's version and add it to a hub of that version."""
    ppmids = {SmetsVersion.SMETS1: NEW_PPMID, SmetsVersion.SMETS2: SECOND_PPMID}
    for version, device in ppmids.items():
        _prenotified(supplier, duis_target, dual_mode_model, device, version)
        _added(supplier, hub_for_ppmids(duis_target, duis_settings, version), device)
    return Systems(ppmids)


# --- Givens: an installation whose device is replaced (8.11 remove, 12.2, 8.11 add) --------------


@dataclass(frozen=True)
class Installation:
    """A migrated SMETS1 comms hub and one device in its log, with the device's DMVES model."""

    hub: Eui64
    device: Eui64
    model: DeviceModel


def _clause(request: pytest.FixtureRequest) -> str:
    tags = {m.name for m in request.node.iter_markers()}
    clauses = [r.clause for r in default_register() if r.tag in tags and r.clause]
    if len(clauses) != 1:
        raise HarnessError(f"the scenario needs exactly one clause tag (found {clauses})")
    return clauses[0]


def _partner(settings: Settings, model: DeviceModel, clause: str, subject: bool) -> DeviceModel:
    wanted = DeviceType.PPMID if model.device_type is DeviceType.CHF else DeviceType.CHF
    for other in settings.dmves:
        kind = (other.device_type, other.smets_version, other.subject_to(clause))
        if kind == (wanted, SmetsVersion.SMETS1, subject):
            return other
    where = "mapped to" if subject else "outside"
    pytest.skip(
        not_applicable(
            f"the DMVES ({settings.dmves.source}) has no SMETS1 {wanted.value} model {where} "
            f"{clause} to pair with {model.id}"
        )
    )


def _installed(target: Target, hub_model: str | None, model: DeviceModel) -> Installation:
    install_hub = capability(target, "install_comms_hub", "install a migrated SMETS1 comms hub")
    install = capability(target, "install_device", "install a migrated SMETS1 device")
    hub = install_hub(model_id=hub_model) if hub_model else install_hub()
    return Installation(hub, install(model.id, hub=hub), model)


def _hub_and_ppmid(
    request: pytest.FixtureRequest,
    settings: Settings,
    target: Target,
    model: DeviceModel,
    subject: bool,
) -> Installation:
    clause = _clause(request)
    if model.device_type not in (DeviceType.CHF, DeviceType.PPMID):
        pytest.skip(not_applicable(f"{model.id} is neither a comms hub nor a PPMID"))
    if model.subject_to(clause) is not subject:
        raise HarnessError(f"{model.id}: subject to {clause} is {not subject}; tag the scenario")
    partner = _partner(settings, model, clause, subject)
    hub, ppmid_model = (model, partner) if model.device_type is DeviceType.CHF else (partner, model)
    return _installed(target, hub.id, ppmid_model)


@given(
    "a SMETS1 comms hub and PPMID whose device models are subject to the clause",
    target_fixture="installation",
)
def hub_and_ppmid_subject(
    request: pytest.FixtureRequest,
    duis_settings: Settings,
    duis_target: Target,
    duis_device_model: DeviceModel,
) -> Installation:
    """Install a hub and a PPMID in its log, the run's model and a DMVES partner both mapped."""
    return _hub_and_ppmid(request, duis_settings, duis_target, duis_device_model, True)


@given(
    "a SMETS1 comms hub and PPMID whose device models are not subject to the clause",
    target_fixture="installation",
)
def hub_and_ppmid_not_subject(
    request: pytest.FixtureRequest,
    duis_settings: Settings,
    duis_target: Target,
    duis_device_model: DeviceModel,
) -> Installation:
    """Install a hub and a PPMID in its log, the run's model and a DMVES partner, neither mapped."""
    return _hub_and_ppmid(request, duis_settings, duis_target, duis_device_model, False)


@given("a SMETS1 comms hub with a gas meter in its device log", target_fixture="installation")
def hub_with_gas_meter(
    request: pytest.FixtureRequest, duis_settings: Settings, duis_target: Target
) -> Installation:
    """Install a migrated SMETS1 hub and a gas meter of the run's SMETS1 gas meter model."""
    model = model_of_kind(request, duis_settings, SMETS1_GAS_METER)
    return _installed(duis_target, None, model)


@given(_step("the supplier has removed the {device:HanDevice} from the comms hub's device log"))
def removed_from_log(supplier: DccUser, installation: Installation, device: DeviceType) -> None:
    """Remove the device with Update HAN Device Log (8.11) and require the acknowledgement."""
    body = bodies.update_han_device_log(installation.device, "Remove")
    reply = supplier.request("8.11", device=installation.hub, body=body).final.reply()
    if not reply.is_acknowledgement:
        raise HarnessError(f"precondition: removing the {device.value} got {reply.response_code}")


@given(
    _step("a replacement {device:HanDevice} of the same model has been pre-notified"),
    target_fixture="replacement",
)
def replacement_prenotified(
    supplier: DccUser, installation: Installation, device: DeviceType
) -> Eui64:
    """Pre-notify (12.2) a new device of the removed device's model and SMETS version."""
    model = installation.model
    body = bodies.device_prenotification(
        REPLACEMENT,
        device.value,
        model.manufacturer,
        model.model,
        smets_version=model.smets_version.value,
    )
    reply = supplier.request("12.2", body=body).final.reply()
    if not reply.is_success:
        raise HarnessError(
            f"precondition: pre-notification of the replacement got {reply.response_code}"
        )
    return REPLACEMENT


# --- Whens ------------------------------------------------------------------------------------


@when(
    _step("the supplier pre-notifies a dual-mode PPMID as {version:Smets}"),
    target_fixture="dialogue",
)
def request_prenotification(
    supplier: DccUser,
    duis_target: Target,
    dual_mode_model: DeviceModel,
    ppmid: Eui64,
    version: SmetsVersion,
) -> Dialogue:
    """Pre-notify (12.2) quoting the firmware version the CPL lists for the model and version."""
    firmware = cpl_rows(duis_target, dual_mode_model)[version].firmware_version
    return prenotify(supplier, dual_mode_model, ppmid, version, firmware)


@when(
    _step(
        "the supplier pre-notifies a dual-mode PPMID as {version:Smets}"
        " quoting its real firmware version"
    ),
    target_fixture="dialogue",
)
def request_prenotification_real(
    supplier: DccUser,
    duis_target: Target,
    dual_mode_model: DeviceModel,
    ppmid: Eui64,
    version: SmetsVersion,
) -> Dialogue:
    """Pre-notify (12.2) quoting the firmware version the model really runs (from the DMVES)."""
    cpl_rows(duis_target, dual_mode_model)
    return prenotify(supplier, dual_mode_model, ppmid, version, dual_mode_model.firmware_version)


@when(
    "the supplier pre-notifies a dual-mode PPMID without a SMETS version", target_fixture="dialogue"
)
def request_prenotification_unversioned(
    supplier: DccUser, duis_target: Target, dual_mode_model: DeviceModel, ppmid: Eui64
) -> Dialogue:
    """Pre-notify (12.2) a PPMID of the model, leaving out the SMETS/CHTS version."""
    cpl_rows(duis_target, dual_mode_model)
    body = bodies.device_prenotification(
        ppmid, "PPMID", dual_mode_model.manufacturer, dual_mode_model.model
    )
    return supplier.request("12.2", body=body)


@when("the supplier adds the PPMID to the comms hub's device log", target_fixture="dialogue")
def request_add_ppmid(supplier: DccUser, comms_hub: Eui64, ppmid: Eui64) -> Dialogue:
    """Send Update HAN Device Log (8.11) adding the PPMID: it is whitelisted on the hub."""
    return add_to_log(supplier, comms_hub, ppmid)


@when(
    _step("the supplier adds the replacement {device:HanDevice} to the comms hub's device log"),
    target_fixture="dialogue",
)
def request_add_replacement(
    supplier: DccUser, installation: Installation, replacement: Eui64, device: DeviceType
) -> Dialogue:
    """Send Update HAN Device Log (8.11) adding the replacement device to the hub's log."""
    return add_to_log(supplier, installation.hub, replacement)


@when(_step("the supplier sends {probe:Probe} to the PPMID"), target_fixture="dialogue")
def request_probe(supplier: DccUser, ppmid: Eui64, probe: Probe) -> Dialogue:
    """Send a request addressed to (or naming) the PPMID."""
    return probe.send(supplier, ppmid)


@when(
    "the supplier sends a firmware version read to each of the two PPMIDs",
    target_fixture="answers",
)
def request_probe_both(supplier: DccUser, systems: Systems) -> dict[SmetsVersion, Dialogue]:
    """Read Firmware Version (11.2) from each PPMID, by the SMETS version of its system."""
    read = PROBES["a firmware version read"]
    return {version: read.send(supplier, device) for version, device in systems.ppmids.items()}


@when("DCC migrates a SMETS1 installation with a dual-mode PPMID", target_fixture="ppmid")
def migrate_with_ppmid(duis_target: Target, dual_mode_model: DeviceModel) -> Eui64:
    """Install a migrated SMETS1 hub and a PPMID of the model in its log (set-up capability)."""
    return _installed(duis_target, None, dual_mode_model).device


# --- Thens ------------------------------------------------------------------------------------


@then("DCC accepts the pre-notification")
def prenotification_accepted(dialogue: Dialogue) -> None:
    """The pre-notification's reply is the success I0."""
    reply = dialogue.final.reply()
    assert reply.is_success, f"reply {reply.response_code}; {dialogue.final.notes}"


@then("DCC refuses the pre-notification")
def prenotification_refused(dialogue: Dialogue) -> None:
    """The pre-notification's reply is an error (E) code."""
    reply = dialogue.final.reply()
    assert reply.is_error, f"reply {reply.response_code}; {dialogue.final.notes}"


@then(_step("DCC's inventory records the PPMID as {version:Smets}"))
def inventory_version(supplier: DccUser, ppmid: Eui64, version: SmetsVersion) -> None:
    """Read Inventory (8.2) shows the PPMID with that SMETS version."""
    entry = inventory_entry(supplier, ppmid)
    assert entry.generation is version, f"{entry}"


@then("DCC's inventory shows the PPMID's real firmware version")
def inventory_real_firmware(supplier: DccUser, ppmid: Eui64, dual_mode_model: DeviceModel) -> None:
    """Read Inventory (8.2) shows the firmware version the model really runs."""
    entry = inventory_entry(supplier, ppmid)
    assert entry.firmware_version == dual_mode_model.firmware_version, f"{entry}"


@then("DCC's inventory shows a firmware version other than the PPMID's real one")
def inventory_other_firmware(supplier: DccUser, ppmid: Eui64, dual_mode_model: DeviceModel) -> None:
    """Read Inventory (8.2) shows a firmware version, and not the one the model really runs."""
    entry = inventory_entry(supplier, ppmid)
    assert entry.firmware_version not in ("", dual_mode_model.firmware_version), f"{entry}"


@then("DCC's inventory shows the same firmware version for the two PPMIDs")
def inventory_same_firmware(supplier: DccUser, systems: Systems) -> None:
    """Read Inventory (8.2) shows one firmware version for both PPMIDs of the model."""
    entries = [inventory_entry(supplier, device) for device in systems.ppmids.values()]
    assert len({e.firmware_version for e in entries}) == 1, f"{entries}"


@then(_step("DCC answers by the {version:Smets} route"))
def answered_by_route(
    dialogue: Dialogue, duis_settings: Settings, dual_mode_model: DeviceModel, version: SmetsVersion
) -> None:
    """The answer comes through the S1SP for SMETS1, through GBCS for SMETS2+."""
    require_observable_route(duis_settings, dual_mode_model, version)
    observed = observe(dialogue)
    assert route_of(observed) is version, observed.summary()


@then(_step("DCC answers the PPMID in the {system:Smets} system by the {version:Smets} route"))
def answered_by_route_in_system(
    answers: dict[SmetsVersion, Dialogue],
    duis_settings: Settings,
    dual_mode_model: DeviceModel,
    system: SmetsVersion,
    version: SmetsVersion,
) -> None:
    """The firmware read of that system's PPMID came by the route of ``version``."""
    require_observable_route(duis_settings, dual_mode_model, version)
    observed = observe(answers[system])
    assert route_of(observed) is version, observed.summary()


@then("the request to the PPMID fails")
def request_fails(dialogue: Dialogue) -> None:
    """A failure in a form A-FAILURE-FORM allows arrives, and no answer from the PPMID."""
    observed = observe(dialogue)
    assert failure_forms(observed), observed.summary()
    assert not answered(observed), observed.summary()


@then("the comms hub confirms the device log change")
def log_change_confirmed(dialogue: Dialogue) -> None:
    """DCC acknowledges (I99) and the hub's answer arrives, with no failure."""
    observed = observe(dialogue)
    assert observed.reply is not None, observed.summary()
    assert observed.reply.is_acknowledgement, observed.summary()
    assert answered(observed), observed.summary()
    assert not failure_forms(observed), observed.summary()


@then("DCC does not carry out the device log change")
def log_change_refused(dialogue: Dialogue) -> None:
    """A failure arrives and no confirmation from the hub (A-REMOVED-RESTRICTION-V10)."""
    observed = observe(dialogue)
    assert failure_forms(observed), observed.summary()
    assert not answered(observed), observed.summary()


@then(_step("the replacement {device:HanDevice} appears in the comms hub's device log"))
def replacement_in_log(
    supplier: DccUser, installation: Installation, replacement: Eui64, device: DeviceType
) -> None:
    """Read Inventory (8.2) of the hub lists the replacement among the devices in its log."""
    found = read_inventory(supplier, installation.hub).get(replacement)
    assert found is not None, f"{replacement} is not in the log of {installation.hub}"
    assert found.device_type == device.value, f"{found}"


@then(_step("the replacement {device:HanDevice} is not in the comms hub's device log"))
def replacement_not_in_log(
    supplier: DccUser, installation: Installation, replacement: Eui64, device: DeviceType
) -> None:
    """Read Inventory (8.2) of the hub does not list the replacement."""
    assert replacement not in read_inventory(supplier, installation.hub), device.value
