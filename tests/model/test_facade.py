"""The reference model's facade: DCC's own checks, the critical flow and dispatch to handlers."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from harness.duis import bodies
from harness.duis.builder import build_request
from harness.duis.catalogue import catalogue
from harness.duis.identifiers import DCC_ACCESS_CONTROL_BROKER, Eui64
from harness.duis.namespaces import sr
from harness.duis.responses import ResponseMessage
from harness.model import handling
from harness.model.cpl import CplEntry
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.exchange import Exchange
from harness.model.reference import ReferenceModel
from harness.user import DccUser
from tests.model.conftest import ModelFactory, assert_valid

Supplier = Callable[[ReferenceModel], DccUser]
OTHER_USER = "90-B3-D5-1F-30-01-00-77"


def reply_code(exchange: Exchange) -> str:
    """The synchronous ResponseCode (everything emitted checked valid)."""
    assert_valid(exchange)
    return exchange.reply().response_code


def meter_model(make_model: ModelFactory) -> tuple[ReferenceModel, Eui64]:
    """A model with one SMETS1 electricity meter behind a generic hub."""
    model = make_model()
    hub = model.install_comms_hub()
    return model, model.install_device("IOC-ESME-1", hub=hub)


def firmware_read(target: Eui64 | str, counter: int = 1) -> bytes:
    """A valid 11.2 Read Firmware Version request to ``target`` from the default user."""
    return build_request("11.2", target=target, counter=counter).xml


def test_unparseable_request_gets_http_400(make_model: ModelFactory) -> None:
    """A request that is not XML gets HTTP 400 and no DUIS reply."""
    exchange = make_model().handle(b"<sr:Request")
    assert (exchange.http_status, exchange.reply_xml, exchange.deliveries) == (400, b"", ())
    assert exchange.notes


def test_schema_invalid_request_gets_error_code(make_model: ModelFactory) -> None:
    """M-DCC-CHECK-CODES: a schema-invalid request whose SRV can be read gets an E code."""
    model, meter = meter_model(make_model)
    bad = firmware_read(meter).replace(b"<sr:CommandVariant>1<", b"<sr:CommandVariant>x<")
    exchange = model.handle(bad)
    assert reply_code(exchange).startswith("E")


def test_body_not_matching_srv_is_refused(make_model: ModelFactory) -> None:
    """A body belonging to another SRV than the header names is refused with an E code."""
    model = make_model()
    xml = build_request("8.2", target=None, counter=1).xml
    swapped = xml.replace(b">8.2</sr:ServiceReference", b">12.2</sr:ServiceReference").replace(
        b">8.2</sr:ServiceReferenceVariant", b">12.2</sr:ServiceReferenceVariant"
    )
    exchange = model.handle(swapped)
    assert reply_code(exchange).startswith("E")
    assert "belongs to SRV 8.2" in exchange.notes[0]


def test_command_variant_not_allowed(make_model: ModelFactory) -> None:
    """A CommandVariant the SRV does not allow gets E12."""
    model = make_model()
    xml = build_request("8.2", target=None, counter=1).xml
    exchange = model.handle(xml.replace(b"<sr:CommandVariant>8<", b"<sr:CommandVariant>1<"))
    assert reply_code(exchange) == handling.VARIANT_NOT_ALLOWED == "E12"


def test_unknown_originator(make_model: ModelFactory) -> None:
    """A request from a User the model does not know gets E1."""
    model, meter = meter_model(make_model)
    dialogue = DccUser(model, originator=OTHER_USER).request("11.2", device=meter)
    assert reply_code(dialogue.final) == "E1"


def test_role_not_eligible(make_model: ModelFactory) -> None:
    """A User whose role may not use the SRV (ED sending 8.11, for IS GS OU) gets E2."""
    model, meter = meter_model(make_model)
    model.add_user(OTHER_USER, "ED")
    assert "ED" not in catalogue().get("8.11").eligible_roles
    user = DccUser(model, originator=OTHER_USER)
    dialogue = user.request("8.11", device=meter, body=bodies.update_han_device_log(meter))
    assert reply_code(dialogue.final) == "E2"
    assert "role ED" in dialogue.final.notes[0]


def test_counter_must_increase(make_model: ModelFactory) -> None:
    """A RequestID counter not above the originator's last one gets E4."""
    model, meter = meter_model(make_model)
    assert reply_code(model.handle(firmware_read(meter, counter=7))) == "I99"
    assert reply_code(model.handle(firmware_read(meter, counter=7))) == "E4"
    assert reply_code(model.handle(firmware_read(meter, counter=6))) == "E4"
    assert reply_code(model.handle(firmware_read(meter, counter=8))) == "I99"


def test_unknown_device(make_model: ModelFactory) -> None:
    """A device request to a device not in the inventory gets E19."""
    exchange = make_model().handle(firmware_read("00-DB-12-34-56-78-FF-FF"))
    assert reply_code(exchange) == "E19"


def test_non_device_request_must_target_dcc(make_model: ModelFactory) -> None:
    """A non-device (CommandVariant 8) request addressed to a device is refused with an E code."""
    model, meter = meter_model(make_model)
    xml = build_request("8.2", target=None, counter=1).xml
    aimed = xml.replace(DCC_ACCESS_CONTROL_BROKER.encode(), str(meter).encode(), 1)
    exchange = model.handle(aimed)
    assert reply_code(exchange).startswith("E")
    assert "must target the DCC" in exchange.notes[0]


def test_critical_flow(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """CommandVariant 4 gets a PreCommand (I0); the same RequestID with CV 5 executes it."""
    model, meter = meter_model(make_model)
    dialogue = supplier_for(model).request("11.3", device=meter)
    assert_valid(dialogue)
    first, signed = dialogue.exchanges
    body = first.reply().body
    assert isinstance(body, ResponseMessage)
    assert (first.reply().response_code, body.payload_kind) == ("I0", "PreCommand")
    assert first.deliveries == ()
    assert signed.reply().response_code == "I99"
    assert signed.reply().request_id == dialogue.request.request_id
    assert len(signed.deliveries) == 1


def signed_precommand(target: Eui64, counter: int) -> bytes:
    """An 11.3 request with CommandVariant 5 and a (placeholder) SignedPreCommand body."""
    body = etree.Element(sr("SignedPreCommand"))
    etree.SubElement(body, sr("GBCSPayload")).text = "aGFybmVzcw=="
    return build_request("11.3", target=target, counter=counter, command_variant=5, body=body).xml


def test_signed_precommand_without_precommand(make_model: ModelFactory) -> None:
    """CommandVariant 5 for a RequestID that never had a PreCommand is refused with an E code."""
    model, meter = meter_model(make_model)
    exchange = model.handle(signed_precommand(meter, 41))
    assert reply_code(exchange).startswith("E")
    assert "no PreCommand was issued" in exchange.notes[0]


def test_precommand_is_used_once(make_model: ModelFactory) -> None:
    """A PreCommand executes once: the same signed request again is refused."""
    model, meter = meter_model(make_model)
    critical = build_request("11.3", target=meter, counter=42, command_variant=4).xml
    assert reply_code(model.handle(critical)) == "I0"
    assert reply_code(model.handle(signed_precommand(meter, 42))) == "I99"
    assert reply_code(model.handle(signed_precommand(meter, 42))).startswith("E")


def test_unimplemented_srv(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """An SRV without a handler gets E11 and a note naming it."""
    srv = next(
        e
        for e in catalogue()
        if e.srv not in handling.HANDLERS
        and e.non_device
        and "IS" in e.eligible_roles
        and e.allows(8)
    )
    dialogue = supplier_for(make_model()).request(srv.srv)
    assert reply_code(dialogue.final) == "E11"
    assert f"does not implement SRV {srv.srv}" in dialogue.final.notes[0]


def test_not_targetable_device(make_model: ModelFactory, supplier_for: Supplier) -> None:
    """M-DCC-CHECK-CODES: a device no request may target (MP202 tactical rule) gets E3."""
    model = make_model("s1sr_v11+mp202_tactical")
    smets2_hub = model.install_comms_hub(smets_version=SmetsVersion.SMETS2)
    pebble = model.dmves.get("FOC-PPMID-PEBBLE")
    row = model.cpl.add(
        CplEntry(
            pebble.manufacturer,
            pebble.model,
            pebble.hardware_version,
            pebble.firmware_version,
            DeviceType.PPMID,
            SmetsVersion.SMETS1,
        )
    )
    ppmid = Eui64.parse("00-DB-12-34-56-78-AA-01")
    model.inventory.prenotify(ppmid, row, SmetsVersion.SMETS1)
    model.inventory.join_to_hub(ppmid, smets2_hub)
    dialogue = supplier_for(model).request("11.2", device=ppmid)
    assert reply_code(dialogue.final) == "E3"
