"""Inventory rules through DUIS: pre-notification (12.2), device logs (8.11), Read Inventory (8.2),
the MP202 versioning rules and the TMAD migration checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from lxml import etree

from harness.duis import bodies
from harness.duis.identifiers import Eui64
from harness.duis.namespaces import ra, sr
from harness.duis.responses import Response, ResponseMessage, SMETS1ResponseMessage
from harness.model.baselines import Baseline
from harness.model.cpl import CplEntry
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.dmves import Dmves, parse_dmves
from harness.model.migration import GAS_HUB_CHECK, IGT_CHECK, MigrationCandidate
from harness.model.reference import ReferenceModel
from harness.user import DccUser, Dialogue
from tests.model.conftest import ModelFactory, assert_valid

REGISTER = Path(__file__).resolve().parents[2] / "features" / "requirements.yaml"
S1 = SmetsVersion.SMETS1
S2 = SmetsVersion.SMETS2
REAL_FW = "0B000002"
MADE_UP_FW = "FB000002"
#: The sample DMVES's dual-mode PPMID (FOC-PPMID-DUAL), whose CPL rows the tests add.
DUAL = CplEntry(
    "Illustrative Displays", "IP-400 Dual", "0002", REAL_FW, DeviceType.PPMID, S2, dual_mode=True
)
NEW_DEVICE = "00-DB-12-34-56-78-AA-01"
SECOND_DEVICE = "00-DB-12-34-56-78-AA-02"
HEADER = (
    "id,cohort,device_type,manufacturer,model,hardware_version,firmware_version,smets_version,"
    "bilingual,firmware_upgrade,clauses,outcomes"
)

Supplier = Callable[[ReferenceModel], DccUser]


def register_entry(requirement_id: str) -> dict[str, object]:
    """One entry of the requirement register, as loaded from YAML."""
    entries = yaml.safe_load(REGISTER.read_text("utf-8"))["requirements"]
    found: dict[str, object] = next(e for e in entries if e["id"] == requirement_id)
    return found


def dual_rows(model: ReferenceModel) -> None:
    """Put the dual-mode PPMID on the CPL as the model's MP202 baseline keys it."""
    model.cpl.add(DUAL)
    made_up = MADE_UP_FW if model.baseline.mp202 == "tactical" else REAL_FW
    model.cpl.add(dataclasses.replace(DUAL, smets_version=S1, firmware_version=made_up))


def code(dialogue: Dialogue) -> str:
    """The ResponseCode of the final synchronous reply."""
    assert_valid(dialogue)
    return dialogue.final.reply().response_code


def prenotify(
    user: DccUser,
    version: str | None,
    firmware: str | None = None,
    device: str = NEW_DEVICE,
    row: CplEntry = DUAL,
) -> Dialogue:
    """Send 12.2 for a device of ``row``'s model, stating ``version`` and ``firmware``."""
    body = bodies.device_prenotification(
        device,
        row.device_type.value,
        row.manufacturer,
        row.model,
        smets_version=version,
        firmware_version=firmware,
    )
    return user.request("12.2", body=body)


def han_log(user: DccUser, hub: Eui64, device: str | Eui64, action: str = "Add") -> Dialogue:
    """Send 8.11 to ``hub`` adding or removing ``device``."""
    body = bodies.update_han_device_log(device, action)  # type: ignore[arg-type]
    return user.request("8.11", device=hub, body=body)


def inventory(user: DccUser, device: str | Eui64) -> dict[str, dict[str, str]]:
    """8.2 by DeviceID: each reported device's fields, by DeviceID."""
    dialogue = user.request("8.2", body=bodies.read_inventory(device_id=device))
    assert code(dialogue) == "I0", dialogue.final.notes
    body = dialogue.final.reply().body
    assert isinstance(body, ResponseMessage)
    assert body.payload is not None
    found = {}
    for node in body.payload.element().iter(sr("Device")):
        fields = {str(c.tag).rpartition("}")[2]: (c.text or "") for c in node}
        found[fields["DeviceID"]] = fields
    return found


def route(dialogue: Dialogue) -> str:
    """Which route answered a device request: "SMETS1" (S1SP) or "SMETS2+" (GBCS)."""
    assert code(dialogue) == "I99", dialogue.final.notes
    (response,) = dialogue.final.messages()
    assert isinstance(response, Response)
    if isinstance(response.body, SMETS1ResponseMessage):
        return "SMETS1"
    assert isinstance(response.body, ResponseMessage)
    assert response.body.payload_kind == "GBCSPayload"
    return "SMETS2+"


def custom_dmves(*rows: str) -> Dmves:
    """A DMVES made of ``rows`` (CSV lines under the standard header)."""
    return parse_dmves("\n".join([HEADER, *rows]), "test")


# --- 12.2 Device Pre-notification ---------------------------------------------------------------


@pytest.mark.parametrize("mode", ["tactical", "enduring"])
@pytest.mark.parametrize("version", [S1, S2])
def test_prenotified_version_is_recorded(
    make_model: ModelFactory, supplier_for: Supplier, mode: str, version: SmetsVersion
) -> None:
    """MP202-PRENOTIFY-SMETS-VERSION: 8.2 shows the pre-notified version until whitelisting."""
    model = make_model(f"s1sr_v11+mp202_{mode}")
    dual_rows(model)
    user = supplier_for(model)
    firmware = MADE_UP_FW if (mode, version) == ("tactical", S1) else REAL_FW
    assert code(prenotify(user, version.value, firmware)) == "I0"
    record = inventory(user, NEW_DEVICE)[NEW_DEVICE]
    assert (record["SMETSCHTSVersion"], record["DeviceStatus"]) == (version.value, "Pending")


def test_ppmid_prenotification_without_version_is_refused(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """MP202-PRENOTIFY-SMETS-VERSION: a PPMID pre-notification must state its SMETS version."""
    model = make_model()
    dual_rows(model)
    dialogue = prenotify(supplier_for(model), None, REAL_FW)
    assert code(dialogue) == "E120204"
    assert "MP202-PRENOTIFY-SMETS-VERSION" in dialogue.final.notes[0]


@pytest.mark.parametrize(
    ("version", "firmware", "expected"),
    [
        (S1, MADE_UP_FW, "I0"),  # the SMETS1 row quotes the made-up version
        (S1, REAL_FW, "E120201"),  # no SMETS1 row carries the real version
        (S2, REAL_FW, "I0"),  # the SMETS2+ row holds the real version
        (S2, MADE_UP_FW, "E120201"),  # the made-up version is only on the SMETS1 row
    ],
)
def test_tactical_smets1_row_has_a_different_firmware(
    make_model: ModelFactory,
    supplier_for: Supplier,
    version: SmetsVersion,
    firmware: str,
    expected: str,
) -> None:
    """MP202-TACTICAL-DIFF-FW: SMETS1 pre-notifications quote the made-up version, 8.2 shows it."""
    model = make_model("s1sr_v11+mp202_tactical")
    dual_rows(model)
    user = supplier_for(model)
    dialogue = prenotify(user, version.value, firmware)
    assert code(dialogue) == expected, dialogue.final.notes
    if expected == "I0":
        assert inventory(user, NEW_DEVICE)[NEW_DEVICE]["DeviceFirmwareVersion"] == firmware
    else:
        assert "matches no CPL row" in dialogue.final.notes[0]


@pytest.mark.parametrize("version", [S1, S2])
def test_enduring_real_firmware_prenotified_either_way(
    make_model: ModelFactory, supplier_for: Supplier, version: SmetsVersion
) -> None:
    """MP202-CPL-DUAL-ROWS: the real firmware version may be pre-notified as SMETS1 or SMETS2+."""
    model = make_model("s1sr_v11+mp202_enduring")
    dual_rows(model)
    user = supplier_for(model)
    assert code(prenotify(user, version.value, REAL_FW)) == "I0"
    record = inventory(user, NEW_DEVICE)[NEW_DEVICE]
    assert (record["SMETSCHTSVersion"], record["DeviceFirmwareVersion"]) == (
        version.value,
        REAL_FW,
    )


def test_prenotification_refusals(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """12.2 is refused off the CPL, when several rows match, and for a device already known."""
    model = make_model("s1sr_v11+mp202_enduring")
    dual_rows(model)
    user = supplier_for(model)
    unknown = dataclasses.replace(DUAL, model="Not Listed")
    assert code(prenotify(user, "SMETS1", REAL_FW, row=unknown)) == "E120201"
    several = prenotify(user, "SMETS1", None, device=SECOND_DEVICE)
    assert code(several) == "I0"  # one SMETS1 row, whatever its firmware
    model.cpl.add(dataclasses.replace(DUAL, smets_version=S1, firmware_version="0B000003"))
    assert code(prenotify(user, "SMETS1", None)) == "E120203"
    assert code(prenotify(user, "SMETS1", REAL_FW, device=SECOND_DEVICE)) == "E120204"


def test_smets_version_text_naming_smets1(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """A-SMETS-VERSION-STRINGS: free text naming SMETS1 means SMETS1, anything else SMETS2+."""
    model = make_model("s1sr_v11+mp202_enduring")
    dual_rows(model)
    user = supplier_for(model)
    assert code(prenotify(user, "smets 1", REAL_FW)) == "I0"
    assert code(prenotify(user, "SMETS2 v5", REAL_FW, device=SECOND_DEVICE)) == "I0"
    found = {d: inventory(user, d)[d]["SMETSCHTSVersion"] for d in (NEW_DEVICE, SECOND_DEVICE)}
    assert found == {NEW_DEVICE: "SMETS1", SECOND_DEVICE: "SMETS2+"}


# --- the MP202 versioning table: 12.2 + 8.11 + 8.2 ---------------------------------------------


def mp202_rows() -> list[tuple[SmetsVersion, SmetsVersion, SmetsVersion]]:
    """The four rows of seed 004 §3, from the register's MP202-SMI-FOLLOWS-CH examples."""
    examples = register_entry("MP202-SMI-FOLLOWS-CH")["examples"]
    assert isinstance(examples, list)
    return [
        (
            SmetsVersion.parse(e["prenotified"]),
            SmetsVersion.parse(e["comms_hub"]),
            SmetsVersion.parse(e["resulting"]),
        )
        for e in examples
    ]


@pytest.mark.parametrize(("prenotified", "hub_version", "resulting"), mp202_rows())
def test_enduring_ppmid_version_follows_comms_hub(
    make_model: ModelFactory,
    supplier_for: Supplier,
    prenotified: SmetsVersion,
    hub_version: SmetsVersion,
    resulting: SmetsVersion,
) -> None:
    """MP202-SMI-FOLLOWS-CH / SEC-A2.13: after 8.11 the PPMID has the hub's version and route."""
    model = make_model("s1sr_v11+mp202_enduring")
    dual_rows(model)
    user = supplier_for(model)
    hub = model.install_comms_hub(smets_version=hub_version)
    assert code(prenotify(user, prenotified.value, REAL_FW)) == "I0"
    added = han_log(user, hub, NEW_DEVICE)
    assert route(added) == hub_version.value
    assert inventory(user, NEW_DEVICE)[NEW_DEVICE]["SMETSCHTSVersion"] == resulting.value
    read = user.request("11.2", device=NEW_DEVICE, body=bodies.read_firmware_version())
    assert route(read) == resulting.value


@pytest.mark.parametrize(("prenotified", "hub_version", "resulting"), mp202_rows())
def test_tactical_ppmid_on_other_generation_cannot_be_targeted(
    make_model: ModelFactory,
    supplier_for: Supplier,
    prenotified: SmetsVersion,
    hub_version: SmetsVersion,
    resulting: SmetsVersion,
) -> None:
    """MP202-TACTICAL-WRONG-INSTALLATION: under tactical the pre-notified version stays, and a
    PPMID on a hub of the other version cannot be the target of any request."""
    model = make_model("s1sr_v11+mp202_tactical")
    dual_rows(model)
    user = supplier_for(model)
    hub = model.install_comms_hub(smets_version=hub_version)
    firmware = MADE_UP_FW if prenotified is S1 else REAL_FW
    assert code(prenotify(user, prenotified.value, firmware)) == "I0"
    added = han_log(user, hub, NEW_DEVICE)
    assert code(added) == "I99"
    assert inventory(user, NEW_DEVICE)[NEW_DEVICE]["SMETSCHTSVersion"] == prenotified.value
    read = user.request("11.2", device=NEW_DEVICE, body=bodies.read_firmware_version())
    if prenotified is hub_version:
        assert route(read) == prenotified.value
    else:
        assert resulting is hub_version  # the enduring rule would have followed the hub
        assert code(read) == "E3"
        assert "MP202-TACTICAL-WRONG-INSTALLATION" in added.final.notes[1]


def test_tactical_migrated_ppmid_registered_as_smets1(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """MP202-TACTICAL-MIGRATED-PPMID: a migrated PPMID shows as SMETS1 with the made-up firmware."""
    model = make_model("s1sr_v11+mp202_tactical")
    dual_rows(model)
    user = supplier_for(model)
    hub = model.install_comms_hub(smets_version=S1)
    assert code(prenotify(user, "SMETS1", MADE_UP_FW)) == "I0"
    assert code(han_log(user, hub, NEW_DEVICE)) == "I99"
    record = inventory(user, NEW_DEVICE)[NEW_DEVICE]
    assert (record["SMETSCHTSVersion"], record["DeviceFirmwareVersion"]) == ("SMETS1", MADE_UP_FW)
    assert (record["CSPRegion"], record["S1SP"]) == ("SMETS1", "FOC")


# --- 8.11 Update HAN Device Log -----------------------------------------------------------------


def pebble_row(model: ReferenceModel) -> CplEntry:
    """The CPL row of the sample's FOC-PPMID-PEBBLE (added if missing)."""
    pebble = model.dmves.get("FOC-PPMID-PEBBLE")
    entry = CplEntry(
        pebble.manufacturer,
        pebble.model,
        pebble.hardware_version,
        pebble.firmware_version,
        DeviceType.PPMID,
        S1,
    )
    return entry if entry in model.cpl else model.cpl.add(entry)


@pytest.mark.parametrize(("s1sr", "expected"), [("s1sr_v10", "E081102"), ("s1sr_v11", "I99")])
def test_ppmid_swap_out_on_mapped_hub(
    make_model: ModelFactory, supplier_for: Supplier, s1sr: str, expected: str
) -> None:
    """S1SR-18.62(f): a replacement PPMID joins an 18.62(f) hub's log under v11, not under v10."""
    model = make_model(f"{s1sr}+mp202_tactical")
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="FOC-CHF-1")
    old = model.install_device("FOC-PPMID-PEBBLE", hub=hub)
    assert code(han_log(user, hub, old, "Remove")) == "I99"
    assert code(prenotify(user, "SMETS1", row=pebble_row(model))) == "I0"
    added = han_log(user, hub, NEW_DEVICE)
    assert code(added) == expected
    log = inventory(user, hub)
    assert (NEW_DEVICE in log) is (expected == "I99")
    assert str(old) not in log
    if expected == "I99":
        (response,) = added.final.messages()
        assert isinstance(response, Response)
        assert isinstance(response.body, SMETS1ResponseMessage)
        assert response.body.signed_response.response_data_name == "UpdateHANDeviceLogRsp"
    else:
        assert "S1SR-18.62(f)" in added.final.notes[0]


def test_ppmid_added_under_v10_on_hub_not_mapped(supplier_for: Supplier) -> None:
    """S1SR-18.62(f) negative control: a hub model the DMVES does not map adds PPMIDs under v10."""
    dmves = custom_dmves(
        "CHF-PLAIN,FOC,CHF,Illustrative Hubs,IH-310,0001,00000102,SMETS1,no,yes,,",
        "PPMID-PLAIN,FOC,PPMID,Illustrative Displays,IP-410,0001,0A000010,SMETS1,no,yes,,",
    )
    model = ReferenceModel(baseline=Baseline.parse("s1sr_v10"), dmves=dmves)
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="CHF-PLAIN")
    row = model.cpl.add(
        CplEntry("Illustrative Displays", "IP-410", "0001", "0A000010", DeviceType.PPMID, S1)
    )
    assert code(prenotify(user, "SMETS1", row=row)) == "I0"
    assert code(han_log(user, hub, NEW_DEVICE)) == "I99"
    assert NEW_DEVICE in inventory(user, hub)


@pytest.mark.parametrize("s1sr", ["s1sr_v10", "s1sr_v11"])
def test_replacement_gas_meter_added_with_8_11(
    make_model: ModelFactory, supplier_for: Supplier, s1sr: str
) -> None:
    """SSD-HAN-UPDATE-8.11: a replacement SMETS1 gas meter joins the hub's log under either
    baseline."""
    model = make_model(f"{s1sr}+mp202_tactical")
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="FOC-CHF-1")
    old = model.install_device("FOC-GSME-1", hub=hub)
    gsme = model.inventory.get(old).cpl_entry
    assert code(han_log(user, hub, old, "Remove")) == "I99"
    assert code(prenotify(user, "SMETS1", gsme.firmware_version, row=gsme)) == "I0"
    assert code(han_log(user, hub, NEW_DEVICE)) == "I99"
    log = inventory(user, hub)
    assert (NEW_DEVICE in log, str(old) in log) == (True, False)
    assert log[NEW_DEVICE]["DeviceType"] == "GSME"
    assert log[NEW_DEVICE]["DeviceStatus"] == "Whitelisted"


def test_han_log_refusals(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """8.11 is refused for a device not pre-notified, to a non-hub, and to remove a stranger."""
    model = make_model()
    user = supplier_for(model)
    hub = model.install_comms_hub()
    meter = model.install_device("IOC-ESME-1", hub=hub)
    assert code(han_log(user, hub, NEW_DEVICE)) == "E081101"
    assert code(han_log(user, meter, meter)) == "E081102"
    other = model.install_comms_hub()
    assert code(han_log(user, other, meter, "Remove")) == "E081102"
    assert code(han_log(user, hub, meter)) == "E081102"  # already in this log


def test_han_log_on_smets2_hub_answers_through_gbcs(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """A-ROUTING-EVIDENCE: 8.11 to a SMETS2+ hub is answered by the GBCS route."""
    model = make_model()
    dual_rows(model)
    user = supplier_for(model)
    hub = model.install_comms_hub(smets_version=S2)
    assert code(prenotify(user, "SMETS2+", REAL_FW)) == "I0"
    assert route(han_log(user, hub, NEW_DEVICE)) == "SMETS2+"


# --- 8.9 Read Device Log (M-READ-DEVICE-LOG) ----------------------------------------------------


def device_log(user: DccUser, hub: Eui64) -> list[str]:
    """8.9 to ``hub``: the DeviceIDs of its ReadDeviceLogRsp/CHFDeviceLog, in order."""
    dialogue = user.request("8.9", device=hub)
    assert route(dialogue) == "SMETS1"
    (response,) = dialogue.final.messages()
    assert isinstance(response, Response)
    assert isinstance(response.body, SMETS1ResponseMessage)
    data = response.body.signed_response.response_data
    assert data is not None
    rsp = data.element()
    assert etree.QName(rsp).localname == "ReadDeviceLogRsp"
    assert rsp.get("MessageSuccess") == "true"
    (log,) = rsp
    assert etree.QName(log).localname == "CHFDeviceLog"
    return [str(entry.findtext(ra("DeviceID"))) for entry in log.iter(ra("CHFDeviceLogEntry"))]


@pytest.mark.parametrize("s1sr", ["s1sr_v10", "s1sr_v11"])
def test_read_device_log_after_gas_meter_replacement(
    make_model: ModelFactory, supplier_for: Supplier, s1sr: str
) -> None:
    """SSD-HAN-UPDATE-8.11: after 8.11 removes a gas meter and adds its replacement, 8.9 lists
    exactly the hub's device log: the replacement in place of the old meter."""
    model = make_model(f"{s1sr}+mp202_tactical")
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="FOC-CHF-1")
    esme = model.install_device("FOC-ESME-1", hub=hub)
    old = model.install_device("FOC-GSME-1", hub=hub)
    assert device_log(user, hub) == [str(esme), str(old)]
    gsme = model.inventory.get(old).cpl_entry
    assert code(han_log(user, hub, old, "Remove")) == "I99"
    assert device_log(user, hub) == [str(esme)]
    assert code(prenotify(user, "SMETS1", gsme.firmware_version, row=gsme)) == "I0"
    assert code(han_log(user, hub, NEW_DEVICE)) == "I99"
    listed = device_log(user, hub)
    assert listed == [str(esme), NEW_DEVICE]
    assert listed == [str(d) for d in model.inventory.han_log(hub)]


@pytest.mark.parametrize(("s1sr", "added"), [("s1sr_v10", False), ("s1sr_v11", True)])
def test_read_device_log_after_ppmid_swap_out(
    make_model: ModelFactory, supplier_for: Supplier, s1sr: str, added: bool
) -> None:
    """S1SR-18.62(f): 8.9 shows the replacement PPMID in an 18.62(f) hub's log under v11 only."""
    model = make_model(f"{s1sr}+mp202_tactical")
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="FOC-CHF-1")
    old = model.install_device("FOC-PPMID-PEBBLE", hub=hub)
    assert code(han_log(user, hub, old, "Remove")) == "I99"
    assert code(prenotify(user, "SMETS1", row=pebble_row(model))) == "I0"
    han_log(user, hub, NEW_DEVICE)
    assert device_log(user, hub) == ([NEW_DEVICE] if added else [])


def test_read_device_log_refusals_and_routes(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """8.9 naming a meter is refused (E11); a SMETS2+ hub answers through GBCS."""
    model = make_model()
    user = supplier_for(model)
    hub = model.install_comms_hub()
    meter = model.install_device("IOC-ESME-1", hub=hub)
    refused = user.request("8.9", device=meter)
    assert code(refused) == "E11"
    assert not refused.final.deliveries
    assert route(user.request("8.9", device=model.install_comms_hub(smets_version=S2))) == "SMETS2+"


# --- 8.2 Read Inventory -------------------------------------------------------------------------


def test_read_inventory_of_hub_lists_its_log(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """M-READ-INVENTORY: 8.2 naming a comms hub reports the hub and every device in its log."""
    model = make_model()
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="FOC-CHF-1")
    meters = [model.install_device(m, hub=hub) for m in ("FOC-ESME-1", "FOC-GSME-1")]
    found = inventory(user, hub)
    assert list(found) == [str(hub), *map(str, meters)]
    assert found[str(meters[0])]["DeviceFirmwareVersion"] == "01020304"
    assert found[str(hub)]["DeviceStatus"] == "Commissioned"


def test_read_inventory_reports_a_device_as_it_is_now(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """M-READ-INVENTORY: a device read after a status change is reported with its new status."""
    model = make_model()
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="FOC-CHF-1")
    meter = model.install_device("FOC-ESME-1", hub=hub)
    before = inventory(user, meter)
    assert inventory(user, meter) == before
    assert before[str(meter)]["DeviceStatus"] == "Commissioned"
    model.inventory.suspend(meter)
    after = inventory(user, meter)
    assert after[str(meter)]["DeviceStatus"] == "Suspended"
    assert {k: v for k, v in after[str(meter)].items() if k != "DeviceStatus"} == {
        k: v for k, v in before[str(meter)].items() if k != "DeviceStatus"
    }


def test_read_inventory_refusals(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """8.2 for an unknown device, or by MPxN (no premises data), is an error."""
    user = supplier_for(make_model())
    unknown = user.request("8.2", body=bodies.read_inventory(device_id=NEW_DEVICE))
    assert code(unknown) == "E080201"
    by_mpxn = user.request("8.2", body=bodies.read_inventory(mpxn="1234567890123"))
    assert code(by_mpxn) == "E080202"
    assert "M-READ-INVENTORY" in by_mpxn.final.notes[0]


# --- TMAD migration checks ----------------------------------------------------------------------


def tmad_rows() -> list[tuple[int, str, str]]:
    """(hours since contact, baseline, expected) from the register's TMAD-GAS-72H examples."""
    examples = register_entry("TMAD-GAS-72H")["examples"]
    assert isinstance(examples, list)
    return [
        (e["hours_since_contact"], s1sr, e[s1sr])
        for e in examples
        for s1sr in ("s1sr_v10", "s1sr_v11")
    ]


@pytest.mark.parametrize(("hours", "s1sr", "expected"), tmad_rows())
def test_gas_meter_hub_window(
    make_model: ModelFactory, hours: int, s1sr: str, expected: str
) -> None:
    """TMAD-GAS-72H: the gas meter and hub window is 24 h under v10 and 72 h under v11."""
    model = make_model(s1sr)
    contact = model.clock.now() - timedelta(hours=hours)
    result = model.migrate(MigrationCandidate(installation="I-1", gas_meter_hub_contact_at=contact))
    assert result.migrates is (expected == "migrates")
    assert result.check(GAS_HUB_CHECK).boundary is (hours == {"s1sr_v10": 24, "s1sr_v11": 72}[s1sr])
    assert result.checked_at == model.clock.now()


@pytest.mark.parametrize("s1sr", ["s1sr_v10", "s1sr_v11"])
def test_gas_meter_hub_window_exact_boundary(make_model: ModelFactory, s1sr: str) -> None:
    """A-TMAD-OBSERVATION: exactly the window counts as within and is flagged as a boundary."""
    model = make_model(s1sr)
    hours = 24 if s1sr == "s1sr_v10" else 72
    at_edge = model.clock.now() - timedelta(hours=hours)
    just_out = at_edge - timedelta(seconds=1)
    edge = model.migrate(MigrationCandidate(installation="E", gas_meter_hub_contact_at=at_edge))
    out = model.migrate(MigrationCandidate(installation="O", gas_meter_hub_contact_at=just_out))
    assert (edge.migrates, edge.check(GAS_HUB_CHECK).boundary) == (True, True)
    assert out.migrates is False


@pytest.mark.parametrize(("s1sr", "migrates"), [("s1sr_v10", False), ("s1sr_v11", True)])
def test_igt_certificate_check_removed(make_model: ModelFactory, s1sr: str, migrates: bool) -> None:
    """TMAD-IGT-CERT-REMOVED: wrong iGT registration data fails migration only under v10."""
    model = make_model(s1sr)
    candidate = MigrationCandidate(
        installation="iGT",
        gas_meter_hub_contact_at=model.clock.now() - timedelta(hours=1),
        igt_registration_correct=False,
    )
    result = model.migrate(candidate)
    assert result.migrates is migrates
    assert result.check(IGT_CHECK).outcome == ("failed" if s1sr == "s1sr_v10" else "not_applicable")
    assert result.tmad_version == ("16.0" if s1sr == "s1sr_v10" else "17.0")
