"""Firmware rules through DUIS: Update Firmware (11.1), Read Firmware Version (11.2), Activate
Firmware (11.3) and Update PPMID Firmware (11.4), per S1SR 18.63 to 18.65 and MP202."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable

import pytest

from harness.duis import bodies
from harness.duis.identifiers import Eui64
from harness.duis.messages import DCCAlertMessage, Response, ResponseMessage, SMETS1ResponseMessage
from harness.model.baselines import Baseline
from harness.model.cpl import CplEntry
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.dmves import parse_dmves
from harness.model.handlers.firmware_upgrade import _uncertain_outcome
from harness.model.reference import ReferenceModel
from harness.user import DccUser, Dialogue
from tests.model.conftest import ModelFactory, assert_valid

S1 = SmetsVersion.SMETS1
S2 = SmetsVersion.SMETS2
NEW_FW = "0F000009"
HEADER = (
    "id,cohort,device_type,manufacturer,model,hardware_version,firmware_version,smets_version,"
    "bilingual,firmware_upgrade,clauses,outcomes"
)
#: A PPMID model with no Section 18 clause: the negative control of the PPMID firmware clauses.
PLAIN_PPMID = "PPMID-PLAIN,FOC,PPMID,Illustrative Displays,IP-410,0001,0A000010,SMETS1,no,yes,,"
PLAIN_HUB = "CHF-PLAIN,FOC,CHF,Illustrative Hubs,IH-310,0001,00000102,SMETS1,no,yes,,"
MOC_PPMID = "PPMID-MOC,MOC (MDS),PPMID,Illustrative Displays,IP-411,0001,0A000011,SMETS1,no,yes,,"

Supplier = Callable[[ReferenceModel], DccUser]


def code(dialogue: Dialogue) -> str:
    """The ResponseCode of the final synchronous reply (every document checked valid)."""
    assert_valid(dialogue)
    return dialogue.final.reply().response_code


def alerts(dialogue: Dialogue, kind: str) -> list[DCCAlertMessage]:
    """The DCC alerts of ``kind`` delivered for the final exchange."""
    found = []
    for message in dialogue.final.messages():
        assert isinstance(message, Response)
        if isinstance(message.body, DCCAlertMessage) and message.body.alert_kind == kind:
            found.append(message.body)
    return found


def failed_devices(dialogue: Dialogue, request: Dialogue | None = None) -> set[str]:
    """MeterIDs of FirmwareDistributionFailure alerts about ``request`` (default: this one)."""
    wanted = str((request or dialogue).request.request_id)
    found: set[str] = set()
    for alert in alerts(dialogue, "FirmwareDistributionFailure"):
        if alert.alert.text_of("UpdateFirmwareRequestID") == wanted:
            found.update((alert.alert.text_of("MeterIDs") or "").split(","))
    return found


def activations(dialogue: Dialogue) -> dict[str, str]:
    """ActivateImageResultCode of each PPMIDAlert, by PPMID."""
    return {
        a.alert.text_of("DeviceID") or "": a.alert.text_of(
            "PPMIDFirmwareUpgradeAlert/ActivateImageResultCode"
        )
        or ""
        for a in alerts(dialogue, "PPMIDAlert")
    }


def upgrade(user: DccUser, devices: list[Eui64], *, ppmid: bool = True) -> Dialogue:
    """11.4 (or 11.1) distributing :data:`NEW_FW` to ``devices``."""
    body = bodies.update_firmware(version=NEW_FW, device_ids=devices, ppmid=ppmid)
    return user.request("11.4" if ppmid else "11.1", body=body)


def read_firmware(user: DccUser, device: Eui64) -> tuple[str, str]:
    """11.2 answered: (route, firmware version) — "SMETS1" with the Rsp, "SMETS2+" via GBCS."""
    dialogue = user.request("11.2", device=device, body=bodies.read_firmware_version())
    assert code(dialogue) == "I99", dialogue.final.notes
    (response,) = dialogue.final.messages()
    assert isinstance(response, Response)
    if isinstance(response.body, SMETS1ResponseMessage):
        data = response.body.signed_response.response_data
        assert data is not None
        return "SMETS1", data.text_of("FirmwareVersion") or ""
    assert isinstance(response.body, ResponseMessage)
    assert response.body.payload is not None
    text = base64.b64decode(response.body.payload.text_of() or "").decode("ascii")
    fields = dict(part.split("=", 1) for part in text.split(";")[1:])
    return "SMETS2+", fields["firmware"]


def activate(user: DccUser, device: Eui64, image: bytes | None = None) -> str:
    """11.3 through the critical flow: the ASN1Status the device reports."""
    body = bodies.activate_firmware(image=image) if image else bodies.activate_firmware()
    dialogue = user.request("11.3", device=device, body=body)
    assert [e.reply().response_code for e in dialogue.exchanges] == ["I0", "I99"]
    assert code(dialogue) == "I99"
    (response,) = dialogue.final.messages()
    assert isinstance(response, Response)
    assert isinstance(response.body, SMETS1ResponseMessage)
    data = response.body.signed_response.response_data
    assert data is not None
    return data.text_of("ActivateImageResponseCode/ASN1Status") or ""


def model_with(baseline: str, *rows: str) -> ReferenceModel:
    """A model whose DMVES is ``rows`` (custom outcomes for the uncertain clauses)."""
    dmves = parse_dmves("\n".join([HEADER, *rows]), "test")
    return ReferenceModel(baseline=Baseline.parse(baseline), dmves=dmves)


def installed(model: ReferenceModel, device_model: str, hub_model: str | None = None) -> Eui64:
    """A device of ``device_model`` behind a new comms hub (of ``hub_model``, else generic)."""
    hub = model.install_comms_hub(model_id=hub_model)
    return model.install_device(device_model, hub=hub)


def dual_on(model: ReferenceModel, hub_version: SmetsVersion) -> Eui64:
    """Under MP202, the sample's dual-mode PPMID joined to a hub of ``hub_version``."""
    dual = model.dmves.get("FOC-PPMID-DUAL")
    row = CplEntry(
        dual.manufacturer,
        dual.model,
        dual.hardware_version,
        dual.firmware_version,
        DeviceType.PPMID,
        S2,
        dual_mode=True,
    )
    if row not in model.cpl:
        model.cpl.add(row)
    hub = model.install_comms_hub(smets_version=hub_version)
    return model.install_device("FOC-PPMID-DUAL", hub=hub)


# --- 11.2 Read Firmware Version ----------------------------------------------------------------


@pytest.mark.parametrize(("s1sr", "served"), [("s1sr_v10", False), ("s1sr_v11", True)])
def test_foc_ppmid_firmware_read_restriction_removed(
    make_model: ModelFactory, supplier_for: Supplier, s1sr: str, served: bool
) -> None:
    """S1SR-18.64(a): a PPMID mapped to 18.64(a) has its firmware read only from s1sr_v11."""
    model = make_model(f"{s1sr}+mp202_tactical")
    user = supplier_for(model)
    ppmid = installed(model, "FOC-PPMID-PEBBLE", "FOC-CHF-1")
    if served:
        assert read_firmware(user, ppmid) == ("SMETS1", "0A000001")
    else:
        dialogue = user.request("11.2", device=ppmid, body=bodies.read_firmware_version())
        assert code(dialogue) == "E11"
        assert dialogue.final.messages() == ()
        assert "S1SR-18.64(a)" in dialogue.final.notes[0]


def test_firmware_read_served_under_v10_for_unmapped_ppmid(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """S1SR-18.64(a) negative control: a PPMID model not mapped to 18.64(a) is read under v10."""
    model = make_model("s1sr_v10")
    ppmid = installed(model, "MOCM-PPMID-1")
    assert read_firmware(supplier_for(model), ppmid) == ("SMETS1", "0D000004")


@pytest.mark.parametrize("s1sr", ["s1sr_v10", "s1sr_v11"])
def test_secure_third_party_ppmid_firmware_read_fails(
    make_model: ModelFactory, supplier_for: Supplier, s1sr: str
) -> None:
    """S1SR-18.64(b): reading a Secure third-party PPMID's firmware fails, never succeeds."""
    model = make_model(s1sr)
    user = supplier_for(model)
    ppmid = installed(model, "MOCS-PPMID-3P")
    dialogue = user.request("11.2", device=ppmid, body=bodies.read_firmware_version())
    assert code(dialogue).startswith("E")
    assert "S1SR-18.64(b)" in dialogue.final.notes[0]
    control = installed(model, "MOCM-PPMID-1")
    assert read_firmware(user, control) == ("SMETS1", "0D000004")


def tactical_dual_ppmid(model: ReferenceModel, user: DccUser, device_model_known: bool) -> Eui64:
    """Under tactical: a dual-mode PPMID pre-notified against its made-up SMETS1 row and added to
    a SMETS1 hub with 12.2 and 8.11; its model is the sample's FOC-PPMID-DUAL, or one the DMVES
    does not know."""
    name = "IP-400 Dual" if device_model_known else "IP-999 Dual"
    real = CplEntry("Illustrative Displays", name, "0002", "0B000002", DeviceType.PPMID, S2, True)
    model.cpl.add(real)
    model.cpl.add(dataclasses.replace(real, smets_version=S1, firmware_version="FB000002"))
    device = Eui64.parse("00-DB-12-34-56-78-AA-01")
    body = bodies.device_prenotification(
        device,
        "PPMID",
        real.manufacturer,
        real.model,
        smets_version="SMETS1",
        firmware_version="FB000002",
    )
    assert code(user.request("12.2", body=body)) == "I0"
    hub = model.install_comms_hub(smets_version=S1)
    added = user.request("8.11", device=hub, body=bodies.update_han_device_log(device, "Add"))
    assert code(added) == "I99"
    return device


def inventory_firmware(user: DccUser, device: Eui64) -> str:
    """DeviceFirmwareVersion that 8.2 reports for ``device``."""
    dialogue = user.request("8.2", body=bodies.read_inventory(device_id=device))
    assert code(dialogue) == "I0"
    body = dialogue.final.reply().body
    assert isinstance(body, ResponseMessage)
    assert body.payload is not None
    return body.payload.text_of("Device/DeviceFirmwareVersion") or ""


def test_foc_firmware_read_returns_real_version_under_tactical(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """S1SR-18.64(c), mp202_tactical: the real version is read and differs from the inventory."""
    model = make_model("s1sr_v11+mp202_tactical")
    user = supplier_for(model)
    ppmid = tactical_dual_ppmid(model, user, device_model_known=True)
    assert read_firmware(user, ppmid) == ("SMETS1", "0B000002")
    assert inventory_firmware(user, ppmid) == "FB000002"


def test_unmapped_firmware_read_reports_cpl_version(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """S1SR-18.64(c) negative control (M-1864C-OTHERS): a model not mapped reports its CPL row."""
    model = make_model("s1sr_v11+mp202_tactical")
    user = supplier_for(model)
    ppmid = tactical_dual_ppmid(model, user, device_model_known=False)
    assert read_firmware(user, ppmid) == ("SMETS1", "FB000002")


def test_foc_firmware_read_matches_inventory_under_enduring(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """S1SR-18.64(c), mp202_enduring: the real version is read and matches the inventory."""
    model = make_model("s1sr_v11+mp202_enduring")
    user = supplier_for(model)
    ppmid = dual_on(model, S1)
    assert read_firmware(user, ppmid) == ("SMETS1", "0B000002")
    assert inventory_firmware(user, ppmid) == "0B000002"


def test_entries_of_one_model_answered_by_different_routes(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """MP202-BR-ENTRY-DISTINCTION: identical PPMIDs in SMETS1 and SMETS2+ systems take different
    routes."""
    model = make_model("s1sr_v11+mp202_enduring")
    user = supplier_for(model)
    in_smets1, in_smets2 = dual_on(model, S1), dual_on(model, S2)
    assert read_firmware(user, in_smets1) == ("SMETS1", "0B000002")
    assert read_firmware(user, in_smets2) == ("SMETS2+", "0B000002")


# --- 11.4 Update PPMID Firmware: restrictions lifted (v10 / v11) ------------------------------


@pytest.mark.parametrize("s1sr", ["s1sr_v10", "s1sr_v11"])
def test_foc_ppmid_upgrade_restriction_lifted(
    make_model: ModelFactory, supplier_for: Supplier, s1sr: str
) -> None:
    """S1SR-18.63(b), S1SR-18.65(c), DUIS-FOC-PPMID-FW: refused under v10, taken on under v11."""
    model = make_model(f"{s1sr}+mp202_tactical")
    user = supplier_for(model)
    ppmid = installed(model, "FOC-PPMID-PEBBLE", "FOC-CHF-1")
    dialogue = upgrade(user, [ppmid])
    if s1sr == "s1sr_v10":
        assert code(dialogue) == "E110401"
        assert dialogue.final.messages() == ()
        for rule in ("DUIS-FOC-PPMID-FW", "S1SR-18.63(b)", "S1SR-18.65(c)"):
            assert rule in dialogue.final.notes[0]
    else:
        assert code(dialogue) == "I0"
        # taken on; the Pebble's configured 18.63(d) / 18.65(e) outcome is "fail"
        assert activations(dialogue) == {str(ppmid): "ActivationFailure"}
        assert failed_devices(dialogue) == set()


def test_v10_refusal_named_alongside_devices_taken_on(supplier_for: Supplier) -> None:
    """DUIS-FOC-PPMID-FW: in a mixed list under v10 only the FOC PPMID is reported as failed."""
    model = model_with("s1sr_v10", PLAIN_HUB, PLAIN_PPMID, MOC_PPMID)
    user = supplier_for(model)
    foc = installed(model, "PPMID-PLAIN", "CHF-PLAIN")
    moc = installed(model, "PPMID-MOC", "CHF-PLAIN")
    dialogue = upgrade(user, [foc, moc])
    assert code(dialogue) == "I0"
    assert failed_devices(dialogue) == {str(foc)}
    assert activations(dialogue) == {str(moc): "ActivationSuccess"}
    assert read_firmware(user, moc) == ("SMETS1", NEW_FW)


# --- 11.4: Secure third-party PPMIDs and uncertain outcomes -----------------------------------


def test_secure_third_party_ppmid_upgrade_fails(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """S1SR-18.63(c): the firmware never reaches a Secure third-party PPMID; the user is told."""
    model = make_model()
    user = supplier_for(model)
    ppmid = installed(model, "MOCS-PPMID-3P")
    dialogue = upgrade(user, [ppmid])
    assert code(dialogue) == "I0"
    assert failed_devices(dialogue) == {str(ppmid)}
    assert activations(dialogue) == {}
    assert model.history(ppmid).firmware_running is None


@pytest.mark.parametrize("clause", ["18.63(d)", "18.65(e)"])
@pytest.mark.parametrize("outcome", ["succeed", "fail", None])
def test_uncertain_ppmid_upgrade_outcome_configured(
    supplier_for: Supplier, clause: str, outcome: str | None
) -> None:
    """S1SR-18.63(d), S1SR-18.65(e): the DMVES outcome picks success or a reported failure
    (default fail)."""
    configured = f"{clause}={outcome}" if outcome else ""
    row = (
        f"PPMID-U,MOC (MDS),PPMID,Illustrative Displays,IP-420,0001,0A000020,SMETS1,no,yes,"
        f"{clause},{configured}"
    )
    model = model_with("s1sr_v11+mp202_enduring", row)
    user = supplier_for(model)
    ppmid = installed(model, "PPMID-U")
    dialogue = upgrade(user, [ppmid])
    assert code(dialogue) == "I0"
    succeeded = outcome == "succeed"
    result = "ActivationSuccess" if succeeded else "ActivationFailure"
    assert activations(dialogue) == {str(ppmid): result}
    assert any("outcome allowed, not certain" in note for note in dialogue.final.notes)
    assert read_firmware(user, ppmid) == ("SMETS1", NEW_FW if succeeded else "0A000020")


def test_uncertain_outcome_from_comms_hub_model(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """S1SR-18.63(d): a PPMID behind a hub mapped to the clause takes the hub model's outcome."""
    model = model_with(
        "s1sr_v11",
        PLAIN_PPMID,
        PLAIN_HUB.replace(",,", ",18.63(d),18.63(d)=fail").replace("CHF-PLAIN", "CHF-D"),
    )
    user = supplier_for(model)
    behind_mapped = installed(model, "PPMID-PLAIN", "CHF-D")
    dialogue = upgrade(user, [behind_mapped])
    assert activations(dialogue) == {str(behind_mapped): "ActivationFailure"}
    assert code(dialogue) == "I0"


def test_ppmid_upgrade_negative_control(supplier_for: Supplier) -> None:
    """A PPMID model mapped to no firmware clause is upgraded and reads the new version."""
    model = model_with("s1sr_v11", PLAIN_PPMID, PLAIN_HUB)
    user = supplier_for(model)
    ppmid = installed(model, "PPMID-PLAIN", "CHF-PLAIN")
    dialogue = upgrade(user, [ppmid])
    assert code(dialogue) == "I0"
    assert activations(dialogue) == {str(ppmid): "ActivationSuccess"}
    assert not any("not certain" in note for note in dialogue.final.notes)
    assert read_firmware(user, ppmid) == ("SMETS1", NEW_FW)


# --- MP202 business requirement 7 -------------------------------------------------------------


def test_ota_firmware_only_in_smets2_systems(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """MP202-BR7: of two dual-mode PPMIDs, only the one in a SMETS2+ system gets the firmware."""
    model = make_model("s1sr_v11+mp202_enduring")
    user = supplier_for(model)
    in_smets1, in_smets2 = dual_on(model, S1), dual_on(model, S2)
    dialogue = upgrade(user, [in_smets1, in_smets2])
    assert code(dialogue) == "I0"
    assert failed_devices(dialogue) == {str(in_smets1)}
    assert activations(dialogue) == {str(in_smets2): "ActivationSuccess"}
    assert any("MP202-BR7" in note for note in dialogue.final.notes)
    assert read_firmware(user, in_smets2) == ("SMETS2+", NEW_FW)
    assert read_firmware(user, in_smets1) == ("SMETS1", "0B000002")
    alone = upgrade(user, [in_smets1])
    assert code(alone) == "E110401"


def test_br7_does_not_apply_under_tactical(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """MP202-BR7 is an enduring rule: under tactical a SMETS1 dual-mode PPMID is taken on."""
    model = make_model("s1sr_v11+mp202_tactical")
    user = supplier_for(model)
    ppmid = tactical_dual_ppmid(model, user, device_model_known=True)
    dialogue = upgrade(user, [ppmid])
    assert code(dialogue) == "I0"
    # FOC-PPMID-DUAL's configured 18.63(d) / 18.65(e) outcome is "succeed"
    assert activations(dialogue) == {str(ppmid): "ActivationSuccess"}
    assert read_firmware(user, ppmid) == ("SMETS1", NEW_FW)


def test_untargetable_ppmid_gets_no_firmware(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """MP202-TACTICAL-WRONG-INSTALLATION: an upgrade naming the PPMID is not carried out."""
    model = make_model("s1sr_v11+mp202_tactical")
    user = supplier_for(model)
    real = CplEntry(
        "Illustrative Displays", "IP-999 Dual", "0002", "0B000002", DeviceType.PPMID, S2, True
    )
    model.cpl.add(real)
    device = Eui64.parse("00-DB-12-34-56-78-AA-01")
    body = bodies.device_prenotification(
        device, "PPMID", real.manufacturer, real.model, smets_version="SMETS2+"
    )
    assert code(user.request("12.2", body=body)) == "I0"
    hub = model.install_comms_hub(smets_version=S1)
    assert (
        code(user.request("8.11", device=hub, body=bodies.update_han_device_log(device))) == "I99"
    )
    dialogue = upgrade(user, [device])
    assert code(dialogue) == "E110401"
    assert "MP202-TACTICAL-WRONG-INSTALLATION" in dialogue.final.notes[0]


def test_upgrade_refusals(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """11.4 names PPMIDs only; unknown devices and devices on no HAN receive nothing."""
    model = make_model()
    user = supplier_for(model)
    meter = installed(model, "IOC-ESME-1")
    lone = model.install_device("IOC-GSME-1")
    stranger = Eui64.parse("00-DB-12-34-56-78-FF-FF")
    assert code(upgrade(user, [meter])) == "E110401"
    dialogue = upgrade(user, [stranger, lone], ppmid=False)
    assert code(dialogue) == "E110101"
    assert "not in the Smart Metering Inventory" in dialogue.final.notes[0]
    assert "in no comms hub's device log" in dialogue.final.notes[1]


# --- 11.1 + 11.3 and the second upgrade on one HAN --------------------------------------------


def test_meter_upgrade_activated_by_11_3(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """11.1 leaves the image awaiting 11.3; activation needs the image's hash."""
    model = make_model()
    user = supplier_for(model)
    meter = installed(model, "IOC-ESME-1")
    assert activate(user, meter) == "noImageHeld"
    dialogue = upgrade(user, [meter], ppmid=False)
    assert code(dialogue) == "I0"
    assert dialogue.final.messages() == ()
    assert model.history(meter).firmware_pending == NEW_FW
    assert activate(user, meter, image=b"another image") == "hashMismatch"
    assert activate(user, meter) == "success"
    assert read_firmware(user, meter) == ("SMETS1", NEW_FW)
    assert model.history(meter).firmware_request is None


@pytest.mark.parametrize("second", ["11.1 gas meter", "11.4 PPMID"])
def test_second_upgrade_on_same_han_stops_first(supplier_for: Supplier, second: str) -> None:
    """S1SR-18.65(d): a second upgrade behind the same hub fails the first, for its RequestID."""
    model = model_with(
        "s1sr_v11",
        "FOC-ESME-1,FOC,ESME,Illustrative Meters,IE-100,0101,01020304,SMETS1,no,yes,18.65(d),",
        "FOC-GSME-1,FOC,GSME,Illustrative Meters,IG-200,0101,02030405,SMETS1,no,yes,18.65(d),",
        PLAIN_PPMID,
        PLAIN_HUB,
    )
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="CHF-PLAIN")
    meter = model.install_device("FOC-ESME-1", hub=hub)
    first = upgrade(user, [meter], ppmid=False)
    assert code(first) == "I0"
    if second == "11.4 PPMID":
        later = upgrade(user, [model.install_device("PPMID-PLAIN", hub=hub)])
    else:
        later = upgrade(user, [model.install_device("FOC-GSME-1", hub=hub)], ppmid=False)
    assert code(later) == "I0"
    assert failed_devices(later, first) == {str(meter)}
    assert failed_devices(later) == set()
    assert any("S1SR-18.65(d)" in note for note in later.final.notes)
    assert activate(user, meter) == "noImageHeld"


def test_second_upgrade_mapped_through_comms_hub(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """S1SR-18.65(d): with the sample DMVES, a hub mapped to the clause stops the first upgrade."""
    model = make_model()
    user = supplier_for(model)
    hub = model.install_comms_hub(model_id="FOC-CHF-1")
    meter = model.install_device("IOC-ESME-1", hub=hub)
    first = upgrade(user, [meter], ppmid=False)
    later = upgrade(user, [model.install_device("IOC-GSME-1", hub=hub)], ppmid=False)
    assert failed_devices(later, first) == {str(meter)}


def test_upgrades_behind_different_hubs_do_not_interfere(
    make_model: ModelFactory, supplier_for: Supplier
) -> None:
    """S1SR-18.65(d): an upgrade behind another hub leaves the first one running."""
    model = make_model()
    user = supplier_for(model)
    meter = installed(model, "FOC-ESME-1", "FOC-CHF-1")
    gas = installed(model, "FOC-GSME-1", "FOC-CHF-1")
    first = upgrade(user, [meter], ppmid=False)
    later = upgrade(user, [gas], ppmid=False)
    assert code(later) == "I0"
    assert failed_devices(later, first) == set()
    assert activate(user, meter) == "success"


def test_second_upgrade_negative_control(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """S1SR-18.65(d) negative control: devices and hub not mapped, so both upgrades continue."""
    model = make_model()
    user = supplier_for(model)
    hub = model.install_comms_hub()
    meter = model.install_device("IOC-ESME-1", hub=hub)
    gas = model.install_device("IOC-GSME-1", hub=hub)
    first = upgrade(user, [meter], ppmid=False)
    later = upgrade(user, [gas], ppmid=False)
    assert failed_devices(later, first) == set()
    assert any("continues" in note for note in later.final.notes)
    assert (activate(user, meter), activate(user, gas)) == ("success", "success")


def test_new_image_replaces_pending_one(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """M-FW-ONE-IMAGE: a second 11.1 for the same device reports the first as failed."""
    model = make_model()
    user = supplier_for(model)
    meter = installed(model, "IOC-ESME-1")
    first = upgrade(user, [meter], ppmid=False)
    later = upgrade(user, [meter], ppmid=False)
    assert failed_devices(later, first) == {str(meter)}
    pending = model.history(meter).firmware_request
    assert pending is not None
    assert pending.request_id == later.request.request_id


def test_uncertain_outcomes_are_kept_per_device_model_object() -> None:
    """An uncertain-clause outcome kept for one device model object never serves another."""
    (model,) = parse_dmves(
        "id,cohort,device_type,manufacturer,model,hardware_version,firmware_version,"
        "smets_version,bilingual,firmware_upgrade,clauses,outcomes\n"
        "PPMID-K,MOC (MDS),PPMID,Illustrative Displays,IP-421,0001,0A000021,SMETS1,no,yes,"
        "18.63(d),18.63(d)=fail\n",
        "kept.csv",
    ).models
    succeeding = dataclasses.replace(model, outcomes={"18.63(d)": "succeed"})
    assert _uncertain_outcome(model, None)[0] == "activation_failed"
    assert _uncertain_outcome(succeeding, None)[0] == "installed"
    assert _uncertain_outcome(model, None)[0] == "activation_failed"
    assert _uncertain_outcome(None, None) == (
        "installed",
        "the PPMID activated the image",
        None,
        False,
    )
