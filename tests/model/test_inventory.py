from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from harness.duis.identifiers import Eui64
from harness.model.baselines import Mp202Mode, S1srVersion
from harness.model.cpl import Cpl, CplEntry
from harness.model.devices import Cohort, DeviceStatus, DeviceType, SmetsVersion
from harness.model.dmves import Dmves, parse_dmves
from harness.model.inventory import (
    HanLogError,
    Inventory,
    LifecycleError,
    NotTargetableError,
    RegistrationError,
    SearchError,
    UnknownDeviceError,
    effective_smets_version,
    ota_firmware_allowed,
)

REGISTER = Path(__file__).resolve().parents[2] / "features" / "requirements.yaml"
S1 = SmetsVersion.SMETS1
S2 = SmetsVersion.SMETS2
ST = DeviceStatus
REAL_FW = "0B000002"
MADE_UP_FW = "FB000002"

HUB1 = Eui64(0x1001)  # SMETS1 comms hub
HUB2 = Eui64(0x2002)  # SMETS2+ comms hub
PPMID = Eui64(0x3003)
PPMID_NEW = Eui64(0x3004)
GSME = Eui64(0x4004)
GSME_NEW = Eui64(0x4005)
ESME = Eui64(0x5005)
NOBODY = Eui64(0xDEAD)

CHF_S1 = CplEntry("Hubs", "H1", "0001", "00000101", DeviceType.CHF, S1)
CHF_S2 = CplEntry("Hubs", "H2", "0001", "00000201", DeviceType.CHF, S2)
DUAL_S2 = CplEntry("Displays", "Dual", "0002", REAL_FW, DeviceType.PPMID, S2, dual_mode=True)
SINGLE_S1 = CplEntry("Displays", "Old", "0001", "0A000001", DeviceType.PPMID, S1)
GSME_S1 = CplEntry("Meters", "G", "0101", "02030405", DeviceType.GSME, S1)
ESME_S2 = CplEntry("Meters", "E", "0101", "01020304", DeviceType.ESME, S2)


def dual_s1(mode: Mp202Mode) -> CplEntry:
    """The SMETS1 row of the dual-mode PPMID: made-up firmware when tactical, real when enduring."""
    firmware = MADE_UP_FW if mode == "tactical" else REAL_FW
    return dataclasses.replace(DUAL_S2, smets_version=S1, firmware_version=firmware)


def row(mode: Mp202Mode, version: SmetsVersion) -> CplEntry:
    """The dual-mode PPMID's CPL row for ``version``."""
    return DUAL_S2 if version is S2 else dual_s1(mode)


def world(
    mode: Mp202Mode = "enduring",
    s1sr: S1srVersion = "s1sr_v11",
    dmves: Dmves | None = None,
    rows: tuple[CplEntry, ...] | None = None,
) -> Inventory:
    """A CPL and an inventory holding a commissioned SMETS1 hub and a commissioned SMETS2+ hub."""
    cpl_rows = rows or (CHF_S1, CHF_S2, DUAL_S2, dual_s1(mode), SINGLE_S1, GSME_S1, ESME_S2)
    inventory = Inventory(Cpl(mode, cpl_rows), s1sr=s1sr, dmves=dmves)
    inventory.install(HUB1, CHF_S1, ST.COMMISSIONED, device_model_id="FOC-CHF-1")
    inventory.install(HUB2, CHF_S2, ST.COMMISSIONED)
    return inventory


def prenotify_dual(inventory: Inventory, device: Eui64, version: SmetsVersion) -> None:
    """Pre-notify the dual-mode PPMID against the row of ``version`` (real firmware given)."""
    entry = row(inventory.mode, version)
    inventory.prenotify(device, entry, version, running_firmware=REAL_FW)


# --- pre-notification -----------------------------------------------------------------------


@pytest.mark.parametrize("version", [S1, S2])
def test_prenotify_records_the_stated_version(version: SmetsVersion) -> None:
    """A pre-notified PPMID is Pending with the SMETS version it was pre-notified with."""
    inventory = world()
    prenotify_dual(inventory, PPMID, version)
    device = inventory.get(PPMID)
    assert device.status is ST.PENDING
    assert device.smets_version is version
    assert device.prenotified_smets_version is version
    assert device.comms_hub is None
    assert device.targetable


def test_prenotify_refuses_a_version_that_is_not_the_rows() -> None:
    """Pre-notifying as SMETS1 against the SMETS2+ row is refused."""
    inventory = world()
    with pytest.raises(RegistrationError, match="pre-notified as SMETS1") as caught:
        inventory.prenotify(PPMID, DUAL_S2, S1)
    assert caught.value.device_id == PPMID
    assert PPMID not in inventory


def test_prenotify_refuses_a_row_not_on_the_cpl() -> None:
    """A CPL entry the CPL does not hold cannot be pre-notified."""
    inventory = world()
    stranger = dataclasses.replace(DUAL_S2, model="Unlisted")
    with pytest.raises(RegistrationError, match="not on the CPL"):
        inventory.prenotify(PPMID, stranger, S2)


def test_prenotify_twice_is_a_lifecycle_error() -> None:
    """A second pre-notification of a known device names its status and the transition."""
    inventory = world()
    prenotify_dual(inventory, PPMID, S2)
    with pytest.raises(LifecycleError) as caught:
        prenotify_dual(inventory, PPMID, S2)
    assert (caught.value.device_id, caught.value.status) == (PPMID, ST.PENDING)
    assert caught.value.transition == "prenotify"


def test_tactical_smets1_row_carries_made_up_firmware_and_device_runs_real() -> None:
    """Tactical: the SMETS1 registration shows the made-up version, the device runs the real one."""
    inventory = world("tactical")
    prenotify_dual(inventory, PPMID, S1)
    device = inventory.get(PPMID)
    assert device.cpl_entry.firmware_version == MADE_UP_FW
    assert device.running_firmware == REAL_FW


def test_tactical_smets1_prenotify_needs_the_real_firmware() -> None:
    """Tactical: without the running firmware a SMETS1 dual-mode registration is refused."""
    inventory = world("tactical")
    with pytest.raises(RegistrationError, match="made-up firmware"):
        inventory.prenotify(PPMID, dual_s1("tactical"), S1)


def test_running_firmware_defaults_to_the_cpl_row() -> None:
    """Where the row holds the real firmware, the device is taken to run it."""
    inventory = world("enduring")
    inventory.prenotify(PPMID, dual_s1("enduring"), S1)
    assert inventory.get(PPMID).running_firmware == REAL_FW


# --- the MP202 versioning table (seed 004 §3) ---------------------------------------------------

#: (pre-notified version, hub, resulting SMI version): the four rows of seed 004 §3.
MP202_TABLE: list[tuple[SmetsVersion, Eui64, SmetsVersion]] = [
    (S1, HUB1, S1),  # versions agree
    (S1, HUB2, S2),  # hub overrides pre-notification
    (S2, HUB1, S1),  # hub overrides pre-notification
    (S2, HUB2, S2),  # versions agree
]
TABLE_IDS = [
    "SMETS1-on-SMETS1-hub",
    "SMETS1-on-SMETS2+-hub",
    "SMETS2+-on-SMETS1-hub",
    "SMETS2+-both",
]


def test_parametrised_table_is_the_registers() -> None:
    """The four rows below equal the MP202-SMI-FOLLOWS-CH examples in the register."""
    entries = yaml.safe_load(REGISTER.read_text("utf-8"))["requirements"]
    entry = next(e for e in entries if e["id"] == "MP202-SMI-FOLLOWS-CH")
    hub_version = {HUB1: S1, HUB2: S2}
    ours = [(pre.value, hub_version[hub].value, res.value) for pre, hub, res in MP202_TABLE]
    theirs = [(e["prenotified"], e["comms_hub"], e["resulting"]) for e in entry["examples"]]
    assert ours == theirs


@pytest.mark.parametrize(("prenotified", "hub", "resulting"), MP202_TABLE, ids=TABLE_IDS)
def test_enduring_smi_version_follows_the_hub(
    prenotified: SmetsVersion, hub: Eui64, resulting: SmetsVersion
) -> None:
    """Enduring: once 8.11 adds the PPMID its SMI version is the hub's, not the pre-notified one."""
    inventory = world("enduring")
    prenotify_dual(inventory, PPMID, prenotified)
    device = inventory.add_to_han_log(hub, PPMID)
    assert device.smets_version is resulting
    assert device.cpl_entry.smets_version is resulting
    assert device.cpl_entry.firmware_version == REAL_FW
    assert device.prenotified_smets_version is prenotified
    assert device.targetable
    assert device.status is ST.WHITELISTED
    assert inventory.han_log(hub) == (PPMID,)
    assert inventory.get(PPMID) == device


@pytest.mark.parametrize(("prenotified", "hub", "resulting"), MP202_TABLE, ids=TABLE_IDS)
def test_tactical_keeps_the_prenotified_version(
    prenotified: SmetsVersion, hub: Eui64, resulting: SmetsVersion
) -> None:
    """Tactical: the pre-notified version stays; on a hub of the other version it is unusable."""
    inventory = world("tactical")
    prenotify_dual(inventory, PPMID, prenotified)
    device = inventory.add_to_han_log(hub, PPMID)
    assert device.smets_version is prenotified
    assert device.cpl_entry == row("tactical", prenotified)
    assert device.targetable is (prenotified is resulting)
    assert device.status is ST.WHITELISTED


def test_tactical_wrong_installation_cannot_be_targeted() -> None:
    """Tactical: a SMETS1 PPMID on a SMETS2+ hub cannot be targeted, commissioned or upgraded."""
    inventory = world("tactical")
    prenotify_dual(inventory, PPMID, S1)
    inventory.add_to_han_log(HUB2, PPMID)
    with pytest.raises(NotTargetableError, match="MP202-TACTICAL-WRONG-INSTALLATION") as caught:
        inventory.target(PPMID)
    assert caught.value.device_id == PPMID
    with pytest.raises(NotTargetableError):
        inventory.commission(PPMID)
    assert inventory.get(PPMID).status is ST.WHITELISTED
    assert not ota_firmware_allowed(inventory.get(PPMID), "tactical")


def test_enduring_single_mode_ppmid_on_other_generation_is_untargetable() -> None:
    """Enduring: a single-mode SMETS1 PPMID on a SMETS2+ hub keeps its version and is unusable."""
    inventory = world("enduring")
    inventory.prenotify(PPMID, SINGLE_S1, S1)
    device = inventory.add_to_han_log(HUB2, PPMID)
    assert device.smets_version is S1
    assert not device.targetable


def test_enduring_dual_mode_without_the_other_row_is_refused() -> None:
    """Enduring: with no CPL row for the hub's version the join is refused and nothing changes."""
    rows = (CHF_S1, CHF_S2, DUAL_S2)
    inventory = world("enduring", rows=rows)
    inventory.prenotify(PPMID, DUAL_S2, S2)
    with pytest.raises(HanLogError) as caught:
        inventory.add_to_han_log(HUB1, PPMID)
    assert caught.value.rule == "MP202-SMI-FOLLOWS-CH"
    assert (caught.value.hub_id, caught.value.device_id) == (HUB1, PPMID)
    assert inventory.get(PPMID).status is ST.PENDING
    assert inventory.han_log(HUB1) == ()


def test_enduring_switch_keeps_running_firmware_and_commissions() -> None:
    """Enduring: a PPMID its hub made SMETS1 keeps its running firmware and can be commissioned."""
    inventory = world("enduring")
    prenotify_dual(inventory, PPMID, S2)
    inventory.add_to_han_log(HUB1, PPMID)
    device = inventory.commission(PPMID)
    assert device.status is ST.COMMISSIONED
    assert device.running_firmware == REAL_FW


# --- SEC A2.13 and MP202 business requirement 7 ---------------------------------------------


@pytest.mark.parametrize(("hub", "expected"), [(HUB1, S1), (HUB2, S2), (None, S2)])
def test_effective_version_of_a_dual_mode_device(hub: Eui64 | None, expected: SmetsVersion) -> None:
    """SEC A2.13: a dual-mode device takes its hub's version; without a hub it keeps its own."""
    inventory = world("tactical")
    prenotify_dual(inventory, PPMID, S2)
    hub_record = inventory.get(hub) if hub is not None else None
    assert effective_smets_version(inventory.get(PPMID), hub_record) is expected


def test_effective_version_of_a_single_mode_device_is_its_own() -> None:
    """SEC A2.13 only concerns dual-capable devices; a SMETS1-only PPMID stays SMETS1."""
    inventory = world()
    inventory.prenotify(PPMID, SINGLE_S1, S1)
    assert effective_smets_version(inventory.get(PPMID), inventory.get(HUB2)) is S1


def test_effective_version_needs_a_comms_hub() -> None:
    """Giving a meter as the hub is refused."""
    inventory = world()
    inventory.install(ESME, ESME_S2, ST.COMMISSIONED)
    prenotify_dual(inventory, PPMID, S2)
    with pytest.raises(HanLogError, match="not a comms hub"):
        effective_smets_version(inventory.get(PPMID), inventory.get(ESME))


@pytest.mark.parametrize(
    ("mode", "hub", "allowed"),
    [
        ("enduring", HUB2, True),  # dual-mode PPMID in a SMETS2+ system
        ("enduring", HUB1, False),  # dual-mode PPMID in a SMETS1 system: BR7 refuses
        ("enduring", None, False),  # not yet enrolled in any system
        ("tactical", HUB1, True),  # BR7 is not part of the tactical baseline
    ],
)
def test_ota_firmware_for_dual_mode_ppmids(
    mode: Mp202Mode, hub: Eui64 | None, allowed: bool
) -> None:
    """MP202-BR7: enduring allows OTA firmware only to dual-mode PPMIDs in SMETS2+ systems."""
    inventory = world(mode)
    prenotify_dual(inventory, PPMID, S1 if hub == HUB1 else S2)
    if hub is not None:
        inventory.add_to_han_log(hub, PPMID)
    assert ota_firmware_allowed(inventory.get(PPMID), mode) is allowed


def test_ota_firmware_is_not_restricted_by_br7_for_single_mode_devices() -> None:
    """MP202-BR7 names dual-mode PPMIDs only; a single-mode SMETS1 PPMID is not refused by it."""
    inventory = world("enduring")
    inventory.prenotify(PPMID, SINGLE_S1, S1)
    inventory.add_to_han_log(HUB1, PPMID)
    assert ota_firmware_allowed(inventory.get(PPMID), "enduring")


# --- direct installation ----------------------------------------------------------------------


def test_install_puts_a_meter_in_status_and_hub_log() -> None:
    """Set-up: a gas meter is installed commissioned on the SMETS1 hub, with DMVES id and cohort."""
    inventory = world()
    device = inventory.install(
        GSME,
        GSME_S1,
        ST.COMMISSIONED,
        comms_hub=HUB1,
        device_model_id="FOC-GSME-1",
        cohort=Cohort.FOC,
    )
    assert (device.status, device.smets_version, device.comms_hub) == (ST.COMMISSIONED, S1, HUB1)
    assert (device.device_model_id, device.cohort) == ("FOC-GSME-1", Cohort.FOC)
    assert device.prenotified_smets_version is None
    assert inventory.han_log(HUB1) == (GSME,)


@pytest.mark.parametrize(
    ("entry", "status", "hub", "message"),
    [
        (DUAL_S2, ST.COMMISSIONED, None, "PPMID enters by pre-notification"),
        (ESME_S2, ST.NOT_APPLICABLE, None, "NotApplicable"),
        (CHF_S2, ST.COMMISSIONED, HUB1, "comms hub function"),
    ],
    ids=["ppmid", "not-applicable", "hub-in-a-hub"],
)
def test_install_refusals(
    entry: CplEntry, status: DeviceStatus, hub: Eui64 | None, message: str
) -> None:
    """install refuses PPMIDs, the NotApplicable status and a hub inside another hub's log."""
    inventory = world()
    with pytest.raises(RegistrationError, match=message):
        inventory.install(ESME, entry, status, comms_hub=hub)
    assert ESME not in inventory


def test_install_on_a_missing_or_wrong_hub() -> None:
    """An unknown hub is an unknown device; a meter given as hub is a device-log error."""
    inventory = world()
    with pytest.raises(UnknownDeviceError):
        inventory.install(GSME, GSME_S1, ST.COMMISSIONED, comms_hub=NOBODY)
    inventory.install(ESME, ESME_S2, ST.COMMISSIONED)
    with pytest.raises(HanLogError, match="not a comms hub"):
        inventory.install(GSME, GSME_S1, ST.COMMISSIONED, comms_hub=ESME)
    assert GSME not in inventory


# --- status lifecycle -------------------------------------------------------------------------


def test_full_lifecycle() -> None:
    """Pending -> Whitelisted -> Commissioned -> Decommissioned, each a new frozen record."""
    inventory = world()
    inventory.prenotify(GSME, GSME_S1, S1)
    pending = inventory.get(GSME)
    whitelisted = inventory.whitelist(GSME)
    commissioned = inventory.commission(GSME)
    decommissioned = inventory.decommission(GSME)
    statuses = [d.status for d in (pending, whitelisted, commissioned, decommissioned)]
    assert statuses == [ST.PENDING, ST.WHITELISTED, ST.COMMISSIONED, ST.DECOMMISSIONED]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pending.status = ST.COMMISSIONED  # type: ignore[misc]


@pytest.mark.parametrize(
    "start", [ST.PENDING, ST.WHITELISTED, ST.INSTALLED_NOT_COMMISSIONED, ST.COMMISSIONED]
)
def test_suspend_from_live_statuses(start: DeviceStatus) -> None:
    """A device that is live or on its way is suspended."""
    inventory = world()
    inventory.install(ESME, ESME_S2, start)
    assert inventory.suspend(ESME).status is ST.SUSPENDED


def test_installed_not_commissioned_can_be_commissioned_and_decommissioned() -> None:
    """InstalledNotCommissioned leads to Commissioned or straight to Decommissioned."""
    inventory = world()
    inventory.install(ESME, ESME_S2, ST.INSTALLED_NOT_COMMISSIONED)
    inventory.install(GSME, GSME_S1, ST.INSTALLED_NOT_COMMISSIONED)
    assert inventory.commission(ESME).status is ST.COMMISSIONED
    assert inventory.decommission(GSME).status is ST.DECOMMISSIONED


@pytest.mark.parametrize(
    ("start", "transition"),
    [
        (ST.PENDING, "commission"),
        (ST.PENDING, "decommission"),
        (ST.WHITELISTED, "whitelist"),
        (ST.WHITELISTED, "decommission"),
        (ST.COMMISSIONED, "commission"),
        (ST.COMMISSIONED, "whitelist"),
        (ST.DECOMMISSIONED, "commission"),
        (ST.DECOMMISSIONED, "decommission"),
        (ST.DECOMMISSIONED, "suspend"),
        (ST.SUSPENDED, "commission"),
        (ST.WITHDRAWN, "whitelist"),
    ],
)
def test_illegal_transitions(start: DeviceStatus, transition: str) -> None:
    """An illegal transition names device, status and transition, and changes nothing."""
    inventory = world()
    inventory.install(ESME, ESME_S2, start)
    with pytest.raises(LifecycleError) as caught:
        getattr(inventory, transition)(ESME)
    error = caught.value
    assert (error.device_id, error.status, error.transition) == (ESME, start, transition)
    assert str(ESME) in str(error)
    assert start.value in str(error)
    assert inventory.get(ESME).status is start


@pytest.mark.parametrize(
    "transition", ["get", "whitelist", "commission", "decommission", "suspend", "target"]
)
def test_unknown_device(transition: str) -> None:
    """Every lookup or transition on an unknown id raises UnknownDeviceError carrying the id."""
    inventory = world()
    with pytest.raises(UnknownDeviceError) as caught:
        getattr(inventory, transition)(NOBODY)
    assert caught.value.device_id == NOBODY


def test_unknown_devices_in_han_log_operations() -> None:
    """Unknown hubs and unknown devices in device-log operations raise UnknownDeviceError."""
    inventory = world()
    with pytest.raises(UnknownDeviceError):
        inventory.han_log(NOBODY)
    with pytest.raises(UnknownDeviceError):
        inventory.add_to_han_log(HUB1, NOBODY)
    with pytest.raises(UnknownDeviceError):
        inventory.add_to_han_log(NOBODY, HUB1)
    with pytest.raises(UnknownDeviceError):
        inventory.remove_from_han_log(HUB1, NOBODY)


# --- Update HAN Device Log (8.11) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("s1sr", "hub", "refused"),
    [
        ("s1sr_v10", HUB1, True),  # restriction in force on a SMETS1 hub
        ("s1sr_v10", HUB2, False),  # SMETS2+ hubs were never restricted
        ("s1sr_v11", HUB1, False),  # Uplift 2.1 removed the restriction
    ],
)
def test_adding_a_ppmid_to_a_smets1_hub_by_baseline(
    s1sr: S1srVersion, hub: Eui64, refused: bool
) -> None:
    """S1SR-18.62(f): under s1sr_v10 a PPMID cannot be added to a SMETS1 hub's device log."""
    inventory = world("enduring", s1sr)
    prenotify_dual(inventory, PPMID, S1 if hub == HUB1 else S2)
    if refused:
        with pytest.raises(HanLogError) as caught:
            inventory.add_to_han_log(hub, PPMID)
        assert caught.value.rule == "S1SR-18.62(f)"
        assert inventory.han_log(hub) == ()
        assert inventory.get(PPMID).status is ST.PENDING
    else:
        inventory.add_to_han_log(hub, PPMID)
        assert inventory.han_log(hub) == (PPMID,)


def dmves_for_hub(clauses: str) -> Dmves:
    """A one-model DMVES mapping the hub model FOC-CHF-1 to ``clauses``."""
    header = (
        "id,cohort,device_type,manufacturer,model,hardware_version,firmware_version,"
        "smets_version,bilingual,firmware_upgrade,clauses,outcomes"
    )
    line = f"FOC-CHF-1,FOC,CHF,Hubs,H1,0001,00000101,SMETS1,no,yes,{clauses},"
    return parse_dmves(f"{header}\n{line}\n", "test.csv")


@pytest.mark.parametrize(("clauses", "refused"), [("18.62(f)", True), ("18.65(d)", False)])
def test_v10_restriction_follows_the_dmves(clauses: str, refused: bool) -> None:
    """With a DMVES, the s1sr_v10 restriction applies only to hubs mapped to 18.62(f)."""
    inventory = world("enduring", "s1sr_v10", dmves=dmves_for_hub(clauses))
    prenotify_dual(inventory, PPMID, S1)
    if refused:
        with pytest.raises(HanLogError, match=r"18\.62\(f\)"):
            inventory.add_to_han_log(HUB1, PPMID)
    else:
        assert inventory.add_to_han_log(HUB1, PPMID).comms_hub == HUB1


@pytest.mark.parametrize("s1sr", ["s1sr_v10", "s1sr_v11"])
def test_ppmid_swap_out(s1sr: S1srVersion) -> None:
    """S1SR-18.62(f): PPMID swap-out works under v11; under v10 adding the new PPMID fails."""
    inventory = world("enduring", s1sr)
    inventory.prenotify(PPMID, dual_s1("enduring"), S1)
    inventory.join_to_hub(PPMID, HUB1)  # set-up: the old PPMID is already on the HAN
    inventory.prenotify(PPMID_NEW, dual_s1("enduring"), S1)
    removed = inventory.remove_from_han_log(HUB1, PPMID)
    assert removed.comms_hub is None
    assert removed.status is ST.WHITELISTED  # removal leaves the status alone
    if s1sr == "s1sr_v10":
        with pytest.raises(HanLogError):
            inventory.add_to_han_log(HUB1, PPMID_NEW)
        assert inventory.han_log(HUB1) == ()
    else:
        inventory.add_to_han_log(HUB1, PPMID_NEW)
        assert inventory.han_log(HUB1) == (PPMID_NEW,)


@pytest.mark.parametrize("s1sr", ["s1sr_v10", "s1sr_v11"])
def test_replacement_gas_meter_joins_a_smets1_hub(s1sr: S1srVersion) -> None:
    """SSD-HAN-UPDATE-8.11: a replacement SMETS1 gas meter is added with 8.11 on both baselines."""
    inventory = world("tactical", s1sr)
    inventory.install(GSME, GSME_S1, ST.COMMISSIONED, comms_hub=HUB1)
    inventory.install(ESME, ESME_S2, ST.COMMISSIONED)
    inventory.prenotify(GSME_NEW, GSME_S1, S1)
    inventory.remove_from_han_log(HUB1, GSME)
    added = inventory.add_to_han_log(HUB1, GSME_NEW)
    assert added.status is ST.WHITELISTED
    assert inventory.han_log(HUB1) == (GSME_NEW,)


def test_removal_from_the_wrong_installation_restores_targetability() -> None:
    """Tactical: once out of the wrong hub's log, the PPMID can join the right hub and be used."""
    inventory = world("tactical")
    prenotify_dual(inventory, PPMID, S1)
    inventory.add_to_han_log(HUB2, PPMID)
    assert inventory.remove_from_han_log(HUB2, PPMID).targetable
    inventory.add_to_han_log(HUB1, PPMID)
    assert inventory.target(PPMID).comms_hub == HUB1


def test_device_log_refusals() -> None:
    """Adding twice, adding a hub, removing an absent device and a meter as hub are refused."""
    inventory = world()
    inventory.install(ESME, ESME_S2, ST.COMMISSIONED, comms_hub=HUB2)
    inventory.prenotify(GSME, GSME_S1, S1)
    with pytest.raises(HanLogError, match="already in the log"):
        inventory.add_to_han_log(HUB1, ESME)
    with pytest.raises(HanLogError, match="comms hub function cannot join"):
        inventory.add_to_han_log(HUB1, HUB2)
    with pytest.raises(HanLogError, match="not in this device log") as caught:
        inventory.remove_from_han_log(HUB1, ESME)
    assert (caught.value.hub_id, caught.value.device_id) == (HUB1, ESME)
    with pytest.raises(HanLogError, match="not a comms hub"):
        inventory.add_to_han_log(ESME, GSME)
    with pytest.raises(HanLogError, match="not a comms hub"):
        inventory.han_log(ESME)
    assert inventory.han_log(HUB1) == ()
    assert inventory.han_log(HUB2) == (ESME,)


# --- Read Inventory (8.2) ---------------------------------------------------------------------


def test_search_by_device_ids() -> None:
    """Records come back in the order asked, once each, unknown ids left out."""
    inventory = world()
    found = inventory.search(device_ids=[HUB2, NOBODY, HUB1, HUB2])
    assert [d.device_id for d in found] == [HUB2, HUB1]


def test_search_by_comms_hub() -> None:
    """A hub search returns the hub and the devices in its log; an unknown hub finds nothing."""
    inventory = world()
    inventory.install(GSME, GSME_S1, ST.COMMISSIONED, comms_hub=HUB1)
    prenotify_dual(inventory, PPMID, S1)
    inventory.add_to_han_log(HUB1, PPMID)
    assert [d.device_id for d in inventory.search(comms_hub=HUB1)] == [HUB1, GSME, PPMID]
    assert inventory.search(comms_hub=NOBODY) == ()
    with pytest.raises(SearchError, match="not a comms hub"):
        inventory.search(comms_hub=GSME)


@pytest.mark.parametrize(
    ("criteria", "criterion"),
    [
        ({"mpxn": "1234567890123"}, "mpxn"),
        ({"uprn": 10012345678}, "uprn"),
        ({"postcode": "AB1 2CD"}, "postcode"),
        ({}, "nothing"),
        ({"device_ids": [HUB1], "comms_hub": HUB1}, "device_ids, comms_hub"),
    ],
    ids=["mpxn", "uprn", "postcode", "no-criterion", "two-criteria"],
)
def test_search_refuses_criteria_it_cannot_answer(
    criteria: dict[str, object], criterion: str
) -> None:
    """Premises criteria, no criterion and several criteria raise SearchError naming them."""
    inventory = world()
    with pytest.raises(SearchError) as caught:
        inventory.search(**criteria)  # type: ignore[arg-type]
    assert caught.value.criterion == criterion


def test_a_prenotified_comms_hub_has_an_empty_device_log() -> None:
    """A comms hub entering by pre-notification gets a device log as an installed one does."""
    inventory = world()
    hub = Eui64(0x1009)
    inventory.prenotify(hub, CHF_S2, S2)
    assert inventory.han_log(hub) == ()
    assert [d.device_id for d in inventory.search(comms_hub=hub)] == [hub]
