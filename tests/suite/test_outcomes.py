"""How Then steps read outcomes: failure forms, routes, inventory entries and firmware reports,
checked on what the reference model really sends."""

from __future__ import annotations

import pytest
from lxml import etree

from harness.duis import bodies
from harness.duis.identifiers import Eui64
from harness.duis.namespaces import SR
from harness.errors import IdentifierError
from harness.model.baselines import Baseline
from harness.model.devices import SmetsVersion
from harness.model.dmves import parse_dmves
from harness.model.reference import ReferenceModel
from harness.suite.firmware_report import (
    FirmwareReport,
    firmware_read,
    firmware_report,
    uncertain_outcome,
)
from harness.suite.inventory import inventory_entries
from harness.suite.observations import observe
from harness.suite.outcomes import answered, failure_forms, route_of
from harness.user import DccUser, Dialogue

NEW_FW = "0F000009"
HEADER = (
    "id,cohort,device_type,manufacturer,model,hardware_version,firmware_version,smets_version,"
    "bilingual,firmware_upgrade,clauses,outcomes"
)
HUB = "CHF-PLAIN,FOC,CHF,Illustrative Hubs,IH-310,0001,00000102,SMETS1,no,yes,,"
#: A PPMID whose upgrade succeeds, and one whose upgrade the DMVES configures to fail (18.63(d)).
PPMIDS = (
    "PPMID-OK,MOC (MDS),PPMID,Illustrative Displays,IP-410,0001,0A000010,SMETS1,no,yes,,",
    "PPMID-FAIL,MOC (MDS),PPMID,Illustrative Displays,IP-420,0001,0A000020,SMETS1,no,yes,"
    "18.63(d),18.63(d)=fail",
)


@pytest.fixture
def model() -> ReferenceModel:
    """A model with a plain hub and the two PPMID models."""
    dmves = parse_dmves("\n".join([HEADER, HUB, *PPMIDS]), "test")
    return ReferenceModel(baseline=Baseline.parse("s1sr_v11+mp202_enduring"), dmves=dmves)


def _ppmid(model: ReferenceModel, model_id: str) -> Eui64:
    return model.install_device(model_id, hub=model.install_comms_hub(model_id="CHF-PLAIN"))


def _upgrade(user: DccUser, device: Eui64) -> Dialogue:
    body = bodies.update_firmware(version=NEW_FW, device_ids=[device], ppmid=True)
    return user.request("11.4", body=body)


def test_smets1_answer_is_the_smets1_route_and_no_failure() -> None:
    """A SMETS1 meter's answer shows the SMETS1 route, counts as answered, and is no failure."""
    model = ReferenceModel()
    meter = model.install_device("FOC-ESME-1", hub=model.install_comms_hub())
    observed = observe(DccUser(model).request("11.2", device=meter))
    assert route_of(observed) is SmetsVersion.SMETS1
    assert answered(observed)
    assert failure_forms(observed) == []


def test_error_reply_is_a_failure_with_no_route() -> None:
    """A request to a device DCC does not know: the E19 reply is the one failure; no route."""
    observed = observe(DccUser(ReferenceModel()).request("11.2", device=Eui64(0xDB0000000001)))
    assert failure_forms(observed) == ["error E19"]
    assert route_of(observed) is None
    assert not answered(observed)


def test_s1sp_alert_is_a_failure_on_the_smets1_route() -> None:
    """A 4.4.2 that times out (S1SR-18.17(i)): the S1SP alert is a failure form and shows the
    SMETS1 route, but the meter did not answer."""
    model = ReferenceModel()
    meter = model.install_device("FOC-ESME-1", hub=model.install_comms_hub())
    observed = observe(DccUser(model).request("4.4.2", device=meter))
    assert failure_forms(observed) == ["S1SP alert S1CE20"]
    assert route_of(observed) is SmetsVersion.SMETS1
    assert not answered(observed)


def test_inventory_entries_of_a_comms_hub_read() -> None:
    """8.2 by a hub's DeviceID gives the hub and its log's devices, all of the SMETS1 generation."""
    model = ReferenceModel()
    hub = model.install_comms_hub()
    meter = model.install_device("FOC-ESME-1", hub=hub)
    dialogue = DccUser(model).request("8.2", body=bodies.read_inventory(device_id=hub))
    body = dialogue.final.reply().body
    payload = body.payload  # type: ignore[union-attr]
    assert payload is not None
    entries = inventory_entries(payload.element())
    assert set(entries) == {hub, meter}
    assert entries[meter].device_type == "ESME"
    assert {e.generation for e in entries.values()} == {SmetsVersion.SMETS1}


@pytest.mark.parametrize(
    ("version", "region", "generation"),
    [
        ("SMETS 1", "North", SmetsVersion.SMETS1),
        ("smets1 v1.2", "", SmetsVersion.SMETS1),
        ("SMETS2", "SMETS1", SmetsVersion.SMETS1),
        ("SMETS2 v4.1", "South", SmetsVersion.SMETS2),
        ("", "", SmetsVersion.SMETS2),
    ],
)
def test_inventory_generation_reads_the_version_text_or_region(
    version: str, region: str, generation: SmetsVersion
) -> None:
    """A-SMETS-VERSION-STRINGS: SMETS1 wherever the version text (any case or spacing) or the
    CSPRegion names it; anything else is SMETS2+; absent fields read as empty text."""
    payload = etree.fromstring(
        f'<sr:DSPInventory xmlns:sr="{SR}"><sr:Device>'
        f"<sr:DeviceID>00-db-12-34-56-78-90-a4</sr:DeviceID>"
        f"<sr:SMETSCHTSVersion>{version}</sr:SMETSCHTSVersion>"
        f"<sr:CSPRegion>{region}</sr:CSPRegion></sr:Device></sr:DSPInventory>"
    )
    (entry,) = inventory_entries(payload).values()
    assert entry.device_id == Eui64.parse("00-DB-12-34-56-78-90-A4")
    assert entry.firmware_version == ""
    assert entry.generation is generation


def test_inventory_entry_without_a_device_id_is_an_identifier_error() -> None:
    """A Device without a valid DeviceID is an IdentifierError, not a silent entry."""
    payload = etree.fromstring(f'<sr:DSPInventory xmlns:sr="{SR}"><sr:Device/></sr:DSPInventory>')
    with pytest.raises(IdentifierError):
        inventory_entries(payload)


def test_successful_upgrade_report_and_read(model: ReferenceModel) -> None:
    """An upgrade the PPMID activates: no failure, not refused, and the later read shows it, an
    outcome 18.63(d) allows; the same success without the new version read is not allowed."""
    user = DccUser(model)
    ppmid = _ppmid(model, "PPMID-OK")
    report = firmware_report(_upgrade(user, ppmid), ppmid)
    assert (report.reply_code, report.activation, report.failures) == (
        "I0",
        "ActivationSuccess",
        (),
    )
    assert not report.refused
    read = firmware_read(user.request("11.2", device=ppmid))
    assert read == NEW_FW
    assert uncertain_outcome(report, read, NEW_FW)[0]
    assert not uncertain_outcome(report, "0A000010", NEW_FW)[0]


def test_failed_upgrade_report_and_read(model: ReferenceModel) -> None:
    """An upgrade the DMVES makes fail: the ActivationFailure is the failure form, the old
    version stays, which 18.63(d) allows; a failure with the new version read is not allowed."""
    user = DccUser(model)
    ppmid = _ppmid(model, "PPMID-FAIL")
    dialogue = _upgrade(user, ppmid)
    report = firmware_report(dialogue, ppmid)
    assert report.failures == ("ActivationFailure from the PPMID",)
    assert not report.refused  # taken on; the failure came afterwards
    read = firmware_read(user.request("11.2", device=ppmid))
    assert read == "0A000020"
    allowed, said = uncertain_outcome(report, read, NEW_FW)
    assert allowed, said
    assert "ActivationFailure" in said
    assert not uncertain_outcome(report, NEW_FW, NEW_FW)[0]


def test_distribution_failure_counts_only_for_the_request_it_names() -> None:
    """S1SR-18.63(c): a Secure third-party PPMID's FirmwareDistributionFailure names the device
    and the upgrade's RequestID: a failure of that upgrade, not of an earlier one."""
    model = ReferenceModel()
    user = DccUser(model)
    ppmid = model.install_device("MOCS-PPMID-3P", hub=model.install_comms_hub())
    first = _upgrade(user, ppmid)
    second = _upgrade(user, ppmid)
    own = firmware_report(second, ppmid)
    assert own.failures == ("FirmwareDistributionFailure naming the device",)
    assert own.refused
    earlier = firmware_report(second, ppmid, first.request.request_id)
    assert earlier.reply_code is None
    assert earlier.failures == ()
    assert not firmware_report(second, Eui64(1)).distribution_failed  # another device


def test_both_success_and_failure_is_never_an_allowed_outcome() -> None:
    """An ActivationSuccess alongside any failure form is outside what the clauses allow."""
    report = FirmwareReport(
        Eui64(1), "I0", activation="ActivationSuccess", alerts=("S1SP alert X",)
    )
    allowed, said = uncertain_outcome(report, NEW_FW, NEW_FW)
    assert not allowed
    assert "both" in said
    assert not uncertain_outcome(FirmwareReport(Eui64(1), "I0"), None, NEW_FW)[0]
