"""The reference model's replies: schema-valid documents whose fields say what was asked."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from harness.duis.builder import build_request
from harness.duis.fragment import Fragment
from harness.duis.identifiers import DCC_ACCESS_CONTROL_BROKER, Eui64, RequestId
from harness.duis.messages import (
    DCCAlertMessage,
    DeviceAlertMessage,
    Request,
    Response,
    ResponseMessage,
    SMETS1DeviceAlert,
    SMETS1ResponseMessage,
    parse_message,
)
from harness.duis.namespaces import RA, SR, ds
from harness.duis.schemas import load_schema_set
from harness.duis.skeleton import declaration, minimal_instance
from harness.duis.validation import Validator
from harness.errors import BuildError
from harness.model import replies
from harness.model.devices import DeviceStatus, DeviceType, SmetsVersion
from harness.model.replies import (
    ActivationStatus,
    DebtPayment,
    ElecRegisters,
    Fuel,
    GasRegisters,
    Interval,
    InventoryRecord,
    PrepaymentEntry,
    RegisterEntry,
)
from harness.model.replies_envelope import EVERY_DCC_ALERT_CODE, EVERY_RESPONSE_CODE
from tests.conftest import OFFICIAL_XSD, require_reference

NOW = datetime(2024, 6, 10, 22, 15, 30, 123000, tzinfo=UTC)
METER = "00-DB-12-34-56-78-90-A4"
PPMID = "00-DB-12-34-56-78-90-B7"
USER = "90-B3-D5-1F-30-01-00-00"
NS = {"sr": SR, "ra": RA}

# 18.21(f): the same midnight reading logged at 23:00 and at 00:00 (BST: both are 00:00 local
# on consecutive days' boundaries, written here in UTC).
DUPLICATE_READS = (
    RegisterEntry(datetime(2024, 6, 10, 23, 0, tzinfo=UTC), GasRegisters(Decimal("1234.5"))),
    RegisterEntry(datetime(2024, 6, 11, 0, 0, tzinfo=UTC), GasRegisters(Decimal("1234.5"))),
)


def _request(srv: str, *, target: str | None = METER, **options: object) -> Request:
    """A built, parsed Service Request for ``srv``."""
    built = build_request(srv, target=target, counter=1001, **options)  # type: ignore[arg-type]
    message = parse_message(built.xml, f"request {srv}")
    assert isinstance(message, Request)
    return message


def _response(xml: bytes) -> Response:
    """``xml`` parsed, which must be an sr:Response."""
    message = parse_message(xml, "reply")
    assert isinstance(message, Response)
    return message


def _rsp(xml: bytes) -> etree._Element:
    """The ``…Rsp`` element inside a SMETS1 response."""
    body = _response(xml).body
    assert isinstance(body, SMETS1ResponseMessage)
    data = body.signed_response.response_data
    assert data is not None
    return data.element()


def _texts(element: etree._Element, path: str) -> list[str]:
    """Text of every node the XPath ``path`` (prefixes sr, ra) reaches."""
    found = element.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [str(node.text) for node in found if isinstance(node, etree._Element)]


def _record(**changes: object) -> InventoryRecord:
    """A commissioned SMETS1 PPMID inventory record, with ``changes``."""
    fields: dict[str, object] = {
        "device_id": Eui64.parse(PPMID),
        "device_type": DeviceType.PPMID,
        "status": DeviceStatus.COMMISSIONED,
        "manufacturer": "1234",
        "model": "P450 Pebble",
        "smets_chts_version": SmetsVersion.SMETS1,
        "firmware_version": "01020304",
    }
    fields.update(changes)
    return InventoryRecord(**fields)  # type: ignore[arg-type]


# --- every reply is valid under the bundled set and the official 5.4 schema ----------------------

REPLIES: dict[str, Callable[[], bytes]] = {
    "acknowledgement": lambda: replies.acknowledgement(_request("11.2"), now=NOW),
    "error": lambda: replies.error_response(
        RequestId.parse(f"{USER}:{METER}:7"), code="E19", now=NOW, srv="4.4.2"
    ),
    "success": lambda: replies.success_response(_request("8.2", target=None), now=NOW),
    "inventory": lambda: replies.inventory_response(
        _request("8.2", target=None),
        now=NOW,
        devices=[
            _record(
                date_commissioned=date(2024, 1, 2),
                import_mpxn="1234567890",
                uprn=10012345678,
                post_code="AB1 2CD",
                address_identifier="Flat 1",
                csp_region="SMETS1",
                gbcs_version="1.0",
                han_variant="SMETS1",
                s1sp="S1SP-A",
                cpl_status="Active",
                firmware_version_status="Active",
            ),
            _record(device_id=Eui64.parse(METER), device_type=DeviceType.GSME),
        ],
    ),
    "precommand": lambda: replies.precommand_response(_request("1.6"), now=NOW),
    "firmware version": lambda: replies.smets1_response(
        _request("11.2"), now=NOW, data=replies.read_firmware_version_rsp("1.2.3")
    ),
    "activate firmware": lambda: replies.smets1_response(
        _request("11.3"),
        now=NOW,
        data=replies.activate_firmware_rsp(
            status=ActivationStatus.HASH_MISMATCH, firmware_version="0102"
        ),
    ),
    "billing log 4.4.2 electricity": lambda: replies.smets1_response(
        _request("4.4.2"),
        now=NOW,
        data=replies.com_or_tariff_billing_log_rsp(
            Fuel.ELECTRICITY,
            [RegisterEntry(NOW, ElecRegisters(10, [1, 2], [[3], [4, 5]], 6, [7]))],
            [PrepaymentEntry(timestamp=NOW, meter_balance=500, accumulated_debt=-20)],
        ),
    ),
    "billing log 4.4.2 gas": lambda: replies.smets1_response(
        _request("4.4.2"),
        now=NOW,
        data=replies.com_or_tariff_billing_log_rsp(
            Fuel.GAS, [RegisterEntry(NOW, GasRegisters(Decimal("1.5"), [1], [Decimal("2.25")]))]
        ),
    ),
    "empty billing log 4.4.2": lambda: replies.smets1_response(
        _request("4.4.2"), now=NOW, data=replies.com_or_tariff_billing_log_rsp(Fuel.GAS)
    ),
    "billing log 4.4.3 electricity": lambda: replies.smets1_response(
        _request("4.4.3"),
        now=NOW,
        data=replies.billing_calendar_log_rsp(
            Fuel.ELECTRICITY,
            [RegisterEntry(NOW, ElecRegisters(10, [1], [[2]], 3, [4]))],
            [PrepaymentEntry(meter_balance=1)],
        ),
    ),
    "billing log 4.4.3 gas": lambda: replies.smets1_response(
        _request("4.4.3"),
        now=NOW,
        data=replies.billing_calendar_log_rsp(
            Fuel.GAS,
            [RegisterEntry(NOW, GasRegisters(Decimal(3), [4], [Decimal(5)]))],
            [PrepaymentEntry(time_debt_1=2)],
        ),
    ),
    "debt payments": lambda: replies.smets1_response(
        _request("4.4.4"), now=NOW, data=replies.debt_payments_rsp([DebtPayment(NOW, 250)])
    ),
    "daily read log": lambda: replies.smets1_response(
        _request("4.6.1"),
        now=NOW,
        data=replies.import_daily_read_log_rsp(
            [
                *DUPLICATE_READS,
                RegisterEntry(NOW, GasRegisters(Decimal(1), [Decimal(2)], [Decimal("3.5")])),
                RegisterEntry(NOW, ElecRegisters(1, [2], [[3]], 4, [5])),
            ]
        ),
    ),
    "profile 4.8.1": lambda: replies.smets1_response(
        _request("4.8.1"),
        now=NOW,
        data=replies.active_import_profile_rsp(Fuel.ELECTRICITY, [Interval(NOW, 5, 6)]),
    ),
    "profile 4.8.1 gas": lambda: replies.smets1_response(
        _request("4.8.1"),
        now=NOW,
        data=replies.active_import_profile_rsp(Fuel.GAS, replies.intervals(NOW, [Decimal("0.5")])),
    ),
    "profile 4.8.2": lambda: replies.smets1_response(
        _request("4.8.2"), now=NOW, data=replies.reactive_import_profile_rsp([Interval(NOW, 3)])
    ),
    "profile 4.8.3": lambda: replies.smets1_response(
        _request("4.8.3"), now=NOW, data=replies.export_profile_rsp([Interval(NOW, 3, 4)])
    ),
    "update payment mode": lambda: replies.smets1_response(
        _request("1.6"), now=NOW, data=replies.update_payment_mode_rsp()
    ),
    "update import tariff": lambda: replies.smets1_response(
        _request("1.1.1"), now=NOW, data=replies.update_import_tariff_rsp()
    ),
    "update prepay configuration": lambda: replies.smets1_response(
        _request("2.1"), now=NOW, data=replies.update_prepay_configuration_rsp()
    ),
    "top up": lambda: replies.smets1_response(
        _request("2.2"), now=NOW, data=replies.top_up_device_rsp(success=False)
    ),
    "update debt": lambda: replies.smets1_response(
        _request("2.3"), now=NOW, data=replies.update_debt_rsp()
    ),
    "billing calendar": lambda: replies.smets1_response(
        _request("6.8"), now=NOW, data=replies.billing_calendar_rsp()
    ),
    "update HAN device log": lambda: replies.smets1_response(
        _request("8.11"), now=NOW, data=replies.update_han_device_log_rsp()
    ),
    "minimal rsp": lambda: replies.smets1_response(
        _request("11.2"), now=NOW, data=replies.minimal_rsp("ReadFirmwareVersionRsp")
    ),
    "S1SP alert": lambda: replies.s1sp_alert(
        _request("2.2"), now=NOW, code="S1CE20", utrn="12345678901234567890"
    ),
    "firmware distribution failure": lambda: replies.firmware_distribution_failure(
        _request("11.1", target=None), now=NOW, devices=[METER, PPMID]
    ),
    "PPMID firmware activation": lambda: replies.ppmid_firmware_activation(
        _request("11.4", target=None),
        now=NOW,
        success=False,
        firmware_version="0203",
        device_id=PPMID,
    ),
    "generated DCC alert": lambda: replies.dcc_alert(
        now=NOW, code="N1", kind="PPMIDRemoval", recipient=USER
    ),
    "device alert": lambda: replies.device_alert(
        now=NOW, device_id=METER, recipient=USER, alert_code="8F35", gbcs_payload=b"\xdf\x09"
    ),
    "SMETS1 device alert": lambda: replies.smets1_device_alert(
        now=NOW, device_id=METER, recipient=USER, description="Supply Outage", alert_code="8F35"
    ),
}


@pytest.fixture(params=["bundled", "official 5.4"])
def validator(request: pytest.FixtureRequest) -> Validator:
    """The bundled schema set, and the official DUIS 5.4 set when the reference is present."""
    if request.param == "bundled":
        return Validator()
    return Validator(load_schema_set(require_reference() / "duis-xsd" / "v5.4"))


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_reply_is_schema_valid(name: str, validator: Validator) -> None:
    """Each reply the model sends validates (every problem listed if not) and parses back."""
    xml = REPLIES[name]()
    report = validator.validate_bytes(xml, name)
    assert report.valid, "\n".join(str(p) for p in report.problems)
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert isinstance(parse_message(xml, name), Response)


# --- DCC's own replies -----------------------------------------------------------------------


def test_acknowledgement_swaps_the_request_id() -> None:
    """I99 echoes the RequestID, swaps it for the ResponseID and names the request's SRV."""
    request = _request("11.2")
    reply = _response(replies.acknowledgement(request, now=NOW))
    assert reply.response_code == "I99"
    assert reply.request_id == request.request_id
    assert reply.response_id == RequestId(Eui64.parse(METER), Eui64.parse(USER), 1001)
    assert reply.datetime == NOW
    assert reply.response_datetime == "2024-06-10T22:15:30.123Z"
    assert isinstance(reply.body, ResponseMessage)
    assert (reply.body.service_reference, reply.body.srv, reply.body.payload) == (
        "11.2",
        "11.2",
        None,
    )
    assert reply.signature is not None
    assert reply.signature.issuer_name == "CN=DCC,OU=PLACEHOLDER"


def test_error_response_is_unsigned_and_has_no_response_id() -> None:
    """An error names the E-code, the RequestID only, and the SRV with its ServiceReference."""
    identifier = RequestId.parse(f"{USER}:{METER}:7")
    reply = _response(replies.error_response(identifier, code="E19", now=NOW, srv="4.4.2"))
    assert (reply.response_code, reply.request_id, reply.response_id) == ("E19", identifier, None)
    assert reply.is_error
    assert reply.signature is None
    assert isinstance(reply.body, ResponseMessage)
    assert (reply.body.service_reference, reply.body.srv) == ("4.4", "4.4.2")


def test_error_response_without_a_request_id() -> None:
    """A request whose RequestID could not be read still gets a header-valid error."""
    reply = _response(replies.error_response(None, code="E11", now=NOW, srv="11.2"))
    assert reply.request_id is None
    assert reply.response_code == "E11"


@pytest.mark.parametrize("code", ["E999", "I0", "W050201", "e19", ""])
def test_error_response_refuses_other_codes(code: str) -> None:
    """Only E-codes of the schema's ResponseCode enumeration are accepted."""
    with pytest.raises(ValueError, match=r"error code .* of the DUIS ResponseCode enumeration"):
        replies.error_response(None, code=code, now=NOW, srv="11.2")


def _schema_dirs() -> list[str]:
    official = sorted(str(d) for d in OFFICIAL_XSD.glob("v5.*")) if OFFICIAL_XSD.is_dir() else []
    return ["(bundled)", *official]


@pytest.mark.parametrize("directory", _schema_dirs())
def test_the_codes_checked_without_a_look_up_are_in_every_schema_set(directory: str) -> None:
    """I0, I99 and N42 are in the code enumerations of the bundled and every official set."""
    schema_set = load_schema_set(None if directory == "(bundled)" else directory)
    codes = declaration(schema_set, "sr:Response/Header/ResponseCode").type.enumeration
    alerts = declaration(schema_set, "sr:DCCAlertMessage/DCCAlertCode").type.enumeration
    assert {str(c) for c in codes or ()} >= EVERY_RESPONSE_CODE
    assert {str(c) for c in alerts or ()} >= EVERY_DCC_ALERT_CODE


def test_error_response_needs_the_srv() -> None:
    """The schema's ResponseMessage requires the SRV, so an error without one is refused."""
    with pytest.raises(ValueError, match="'srv' is required"):
        replies.error_response(None, code="E11", now=NOW)


def test_success_response_carries_the_payload() -> None:
    """I0 carries the given payload element as the ResponseMessage choice."""
    payload = etree.Element(f"{{{SR}}}DSPScheduleID", nsmap={"sr": SR})
    payload.text = "42"
    reply = _response(
        replies.success_response(_request("8.2", target=None), now=NOW, payload=payload)
    )
    assert reply.response_code == "I0"
    assert reply.response_id == reply.request_id.swapped()  # type: ignore[union-attr]
    assert isinstance(reply.body, ResponseMessage)
    assert reply.body.payload_kind == "DSPScheduleID"
    assert reply.body.payload is not None
    assert reply.body.payload.text_of() == "42"


def test_success_response_refuses_a_payload_the_schema_has_not() -> None:
    """A payload outside the ResponseMessage choice is a ValueError naming the allowed ones."""
    with pytest.raises(ValueError, match="DSPInventory"):
        replies.success_response(
            _request("8.2", target=None), now=NOW, payload=etree.Element(f"{{{SR}}}Nonsense")
        )


def test_inventory_reports_every_device_with_its_smets_version() -> None:
    """DSPInventory lists the records in order with SMETSCHTSVersion and the given fields."""
    records = [
        _record(post_code="AB1 2CD", address_identifier="1", csp_region="SMETS1"),
        _record(
            device_id=Eui64.parse(METER), device_type=DeviceType.GSME, smets_chts_version="SMETS2+"
        ),
    ]
    reply = _response(
        replies.inventory_response(_request("8.2", target=None), now=NOW, devices=records)
    )
    assert isinstance(reply.body, ResponseMessage)
    assert reply.body.payload_kind == "DSPInventory"
    assert reply.body.payload is not None
    inventory = reply.body.payload.element()
    assert _texts(inventory, "sr:Device/sr:DeviceID") == [PPMID, METER]
    assert _texts(inventory, "sr:Device/sr:DeviceType") == ["PPMID", "GSME"]
    assert _texts(inventory, "sr:Device/sr:SMETSCHTSVersion") == ["SMETS1", "SMETS2+"]
    assert _texts(inventory, "sr:Device/sr:DeviceStatus") == ["Commissioned"] * 2
    assert _texts(inventory, "sr:Device/sr:DeviceModel") == ["P450 Pebble"] * 2
    assert _texts(inventory, "sr:Device/sr:DeviceFirmwareVersion") == ["01020304"] * 2
    assert _texts(inventory, "sr:Device/sr:PropertyFilter/sr:PostCode") == ["AB1 2CD"]
    assert _texts(inventory, "sr:Device/sr:CSPRegion") == ["SMETS1"]


@pytest.mark.parametrize("count", [0, 18])
def test_inventory_holds_one_to_seventeen_devices(count: int) -> None:
    """DSPInventory's bounds are kept: an empty or oversized inventory is refused."""
    with pytest.raises(ValueError, match="1 to 17 records"):
        replies.inventory_response(
            _request("8.2", target=None), now=NOW, devices=[_record()] * count
        )


def test_inventory_answers_read_inventory_only() -> None:
    """An inventory reply to another SRV is a model bug and is refused."""
    with pytest.raises(ValueError, match="Read Inventory"):
        replies.inventory_response(_request("11.2"), now=NOW, devices=[_record()])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": DeviceStatus.NOT_APPLICABLE}, "NotApplicable"),
        ({"smets_chts_version": ""}, "smets_chts_version"),
        ({"firmware_version": "123456789"}, "firmware_version"),
        ({"post_code": "AB1 2CD"}, "go together"),
    ],
)
def test_inventory_record_refuses_values_the_schema_would(
    changes: dict[str, object], message: str
) -> None:
    """Values outside the Device type's facets fail when the record is made, naming the field."""
    with pytest.raises(ValueError, match=message):
        _record(**changes)


def test_precommand_answers_commandvariant_4() -> None:
    """A CV 4 request gets I0 with a PreCommand: GBCS version and a deterministic payload."""
    request = _request("1.6")
    assert request.command_variant == 4
    reply = _response(replies.precommand_response(request, now=NOW))
    assert reply.response_code == "I0"
    assert isinstance(reply.body, ResponseMessage)
    assert reply.body.payload_kind == "PreCommand"
    assert reply.body.payload is not None
    assert reply.body.payload.text_of("GBCSVersion") == replies.PRECOMMAND_GBCS_VERSION
    payload = reply.body.payload.text_of("GBCSPayload")
    assert payload == replies.precommand_payload(request)
    decoded = base64.b64decode(payload or "").decode("ascii")
    assert f"srv=1.6;request={request.request_id}" in decoded
    assert replies.precommand_payload(_request("1.6")) == payload


def test_precommand_refuses_other_command_variants() -> None:
    """Only CommandVariant 4 is answered with a PreCommand."""
    with pytest.raises(ValueError, match="CommandVariant 4"):
        replies.precommand_response(_request("11.2"), now=NOW)


# --- SMETS1 responses --------------------------------------------------------------------------


def test_smets1_response_header_and_signatures() -> None:
    """The S1SP response pairs with its request and is signed twice (placeholders)."""
    request = _request("11.2")
    data = replies.read_firmware_version_rsp("1.2.3")
    reply = _response(replies.smets1_response(request, now=NOW, data=data, s1sp_id="S1SP-A"))
    assert (reply.response_code, reply.request_id) == ("I0", request.request_id)
    assert reply.response_id == request.request_id.swapped()
    body = reply.body
    assert isinstance(body, SMETS1ResponseMessage)
    assert (body.service_reference, body.srv) == ("11.2", "11.2")
    signed = body.signed_response
    header = signed.header
    assert header.business_originator_id == Eui64.parse(METER)
    assert header.business_target_id == Eui64.parse(USER)
    assert header.originator_counter == 1001
    assert (header.service_reference, header.srv) == ("11.2", "11.2")
    assert header.timestamp == "2024-06-10T22:15:30.123Z"
    assert signed.response_data_name == "ReadFirmwareVersionRsp"
    assert signed.signature is not None
    assert signed.signature.issuer_name == "CN=S1SP-A,OU=PLACEHOLDER"
    assert reply.signature is not None
    assert reply.signature.issuer_name == "CN=DCC,OU=PLACEHOLDER"


def test_smets1_response_code_is_checked() -> None:
    """A response code outside the schema's enumeration is refused."""
    with pytest.raises(ValueError, match="ResponseCode enumeration"):
        replies.smets1_response(
            _request("11.2"),
            now=NOW,
            data=replies.read_firmware_version_rsp("1"),
            response_code="I1",
        )


def test_smets1_response_refuses_non_rsp_data() -> None:
    """The SMETSData child must be an ra:…Rsp element."""
    with pytest.raises(ValueError, match=r"ra:…Rsp"):
        replies.smets1_response(
            _request("11.2"), now=NOW, data=etree.Element(f"{{{SR}}}ReadFirmwareVersionRsp")
        )


def test_firmware_version_lands_in_the_rsp() -> None:
    """11.2: the firmware version string is the Rsp's FirmwareVersion."""
    xml = replies.smets1_response(
        _request("11.2"), now=NOW, data=replies.read_firmware_version_rsp("SMETS1-9.8")
    )
    rsp = _rsp(xml)
    assert etree.QName(rsp).localname == "ReadFirmwareVersionRsp"
    assert rsp.get("MessageSuccess") == "true"
    assert _texts(rsp, "ra:FirmwareVersion") == ["SMETS1-9.8"]


def test_activate_firmware_reports_status_and_version() -> None:
    """11.3: ASN1Status text, its numeric ResponseCode and the running version."""
    rsp = replies.activate_firmware_rsp(
        status=ActivationStatus.ACTIVATION_FAILURE, firmware_version="0A0B", success=False
    )
    assert rsp.get("MessageSuccess") == "false"
    assert _texts(rsp, "ra:ActivateImageResponseCode/ra:ASN1Status") == ["activationFailure"]
    assert rsp.xpath("ra:ActivateImageResponseCode/@ResponseCode", namespaces=NS) == ["3"]
    assert _texts(rsp, "ra:FirmwareVersion") == ["0A0B"]
    assert len(replies.activate_firmware_rsp(status=None)) == 0


def test_daily_read_log_keeps_the_duplicate_midnight_entry() -> None:
    """4.6.1: a 23:00 and a 00:00 entry with the same reading are both reported (18.21(f))."""
    xml = replies.smets1_response(
        _request("4.6.1"), now=NOW, data=replies.import_daily_read_log_rsp(DUPLICATE_READS)
    )
    rsp = _rsp(xml)
    assert _texts(rsp, "ra:LogEntry/ra:Timestamp") == [
        "2024-06-10T23:00:00Z",
        "2024-06-11T00:00:00Z",
    ]
    assert _texts(rsp, "ra:LogEntry/ra:Gas/ra:GasActiveImportRegisterConsumption") == [
        "1234.5",
        "1234.5",
    ]


def test_daily_read_log_writes_gas_block_counters_and_electricity_registers() -> None:
    """4.6.1: gas block counters and TOU registers are indexed from 1; electricity keeps order."""
    rsp = replies.import_daily_read_log_rsp(
        [
            RegisterEntry(NOW, GasRegisters(Decimal(7), [Decimal("1.5")], [Decimal("0.25"), 3])),
            RegisterEntry(NOW, ElecRegisters(100, [10, 20], [[1, 2], [3]], 50, [5])),
        ]
    )
    gas = rsp[0].find("ra:Gas", NS)
    assert gas is not None
    assert _texts(gas, "ra:TariffBlockCounterMatrix") == ["0.25", "3"]
    assert gas.xpath("ra:TariffBlockCounterMatrix/@index", namespaces=NS) == ["1", "2"]
    assert _texts(gas, "ra:TariffTOURegisterMatrix") == ["1.5"]
    elec = rsp[1].find("ra:Electricity", NS)
    assert elec is not None
    assert [etree.QName(child).localname for child in elec] == [
        "ElecActiveImportRegisterConsumption",
        "SecondaryActiveImportRegisterConsumption",
        "SecondaryTariffTOURegisterMatrixValue",
        "TariffTOURegisterMatrixValue",
        "TariffTOURegisterMatrixValue",
        "TariffTOUBlock1RegisterMatrixValue",
        "TariffTOUBlock1RegisterMatrixValue",
        "TariffTOUBlock2RegisterMatrixValue",
    ]
    assert _texts(elec, "ra:TariffTOUBlock1RegisterMatrixValue") == ["1", "2"]


def test_billing_logs_name_their_fuel_and_entries() -> None:
    """4.4.2 and 4.4.3 write the registers and prepayment data under the chosen fuel."""
    gas = RegisterEntry(NOW, GasRegisters(Decimal("9.75"), [], [Decimal(4)]))
    com = replies.com_or_tariff_billing_log_rsp(
        Fuel.GAS, [gas], [PrepaymentEntry(meter_balance=-5, timestamp=NOW)]
    )
    assert _texts(com, "ra:Gas/ra:LogEntryConsumptionRegister/ra:ConsumptionRegister") == ["9.75"]
    assert _texts(com, "ra:Gas/ra:LogEntryConsumptionRegister/ra:BlockRegisterMatrixValue") == ["4"]
    assert _texts(com, "ra:Gas/ra:LogEntryPrepaymentData/ra:MeterBalance") == ["-5"]
    calendar = replies.billing_calendar_log_rsp(
        Fuel.ELECTRICITY, [RegisterEntry(NOW, ElecRegisters(active_import=321))]
    )
    path = "ra:Electricity/ra:ESMEBillingDataLogEntry/ra:ActiveImportRegisterValueConsumption"
    assert _texts(calendar, path) == ["321"]


def test_billing_log_refuses_mixed_fuel_and_too_many_entries() -> None:
    """Entries must match the log's fuel, and a billing log holds at most 12 of them."""
    elec = RegisterEntry(NOW, ElecRegisters(1))
    with pytest.raises(ValueError, match="gas registers"):
        replies.com_or_tariff_billing_log_rsp(Fuel.GAS, [elec])
    with pytest.raises(ValueError, match="at most 12 entries"):
        replies.billing_calendar_log_rsp(Fuel.ELECTRICITY, [elec] * 13)


def test_register_matrices_keep_schema_bounds() -> None:
    """Register matrices longer than the MMC allows are refused where they are made."""
    with pytest.raises(ValueError, match="'tou' must hold at most 4"):
        GasRegisters(tou=[1] * 5)
    with pytest.raises(ValueError, match="'blocks' must hold at most 4"):
        ElecRegisters(blocks=[[1]] * 5)


def test_debt_payments_list_amounts_and_times() -> None:
    """4.4.4: each repayment's amount and time stamp; none leaves the wrapper out."""
    rsp = replies.debt_payments_rsp([DebtPayment(NOW, 250), DebtPayment(NOW, 75)])
    assert _texts(rsp, "ra:PaymentBasedDebtRepayment/ra:LogEntry/ra:Amount") == ["250", "75"]
    assert len(replies.debt_payments_rsp()) == 0


def test_profile_data_intervals() -> None:
    """4.8.x: intervals are half-hourly from the start; values and secondary values land."""
    start = datetime(2024, 6, 10, 0, 30, tzinfo=UTC)
    rsp = replies.active_import_profile_rsp(
        Fuel.ELECTRICITY, replies.intervals(start, [5, None, 7])
    )
    assert _texts(rsp, "ra:LogEntry/ra:Timestamp") == [
        "2024-06-10T00:30:00Z",
        "2024-06-10T01:00:00Z",
        "2024-06-10T01:30:00Z",
    ]
    assert _texts(rsp, "ra:LogEntry/ra:Electricity/ra:PrimaryValue") == ["5", "7"]
    export = replies.export_profile_rsp([Interval(start, 8, 9)])
    assert _texts(export, "ra:LogEntry/ra:ActiveEnergyExportedValue") == ["8"]
    assert _texts(export, "ra:LogEntry/ra:ReactiveEnergyExportedValue") == ["9"]
    reactive = replies.reactive_import_profile_rsp([Interval(start, 4)])
    assert _texts(reactive, "ra:LogEntry/ra:ReactiveEnergyImportedValue") == ["4"]
    with pytest.raises(ValueError, match="no secondary value"):
        replies.active_import_profile_rsp(Fuel.GAS, [Interval(start, 1, 2)])


@pytest.mark.parametrize(
    ("builder", "name"),
    [
        (replies.update_import_tariff_rsp, "UpdateImportTariffPrimaryElementRsp"),
        (replies.update_payment_mode_rsp, "UpdatePaymentModeRsp"),
        (replies.update_prepay_configuration_rsp, "UpdatePrepayConfigurationRsp"),
        (replies.top_up_device_rsp, "TopUpDeviceRsp"),
        (replies.update_debt_rsp, "UpdateDebtRsp"),
        (replies.billing_calendar_rsp, "UpdateDeviceConfigurationBillingCalendarRsp"),
        (replies.update_han_device_log_rsp, "UpdateHANDeviceLogRsp"),
    ],
)
def test_update_rsps_carry_message_success(
    builder: Callable[..., etree._Element], name: str
) -> None:
    """Updates answer with an empty ra:…Rsp whose MessageSuccess says how it went."""
    element = builder(success=False)
    assert element.tag == f"{{{RA}}}{name}"
    assert element.get("MessageSuccess") == "false"
    assert len(element) == 0


def test_minimal_rsp_of_an_srv_without_a_builder(official_54: Path) -> None:
    """Any …Rsp of the official MMC can be generated minimal (here 4.1.1's)."""
    schema_set = load_schema_set(official_54)
    element = replies.minimal_rsp("ReadInstantaneousImportRegistersRsp", schema_set)
    assert element.tag == f"{{{RA}}}ReadInstantaneousImportRegistersRsp"


# --- alerts ------------------------------------------------------------------------------------


def test_s1sp_alert_is_wrapped_in_a_dcc_alert() -> None:
    """A-S1SP-ALERT-WRAPPER: DCCAlertMessage → S1SPAlertDSP → S1SPAlert about the request."""
    request = _request("2.2")
    reply = _response(
        replies.s1sp_alert(request, now=NOW, code="S1CE20", utrn="12345678901234567890")
    )
    assert reply.response_code == "I0"
    assert reply.request_id is None
    assert reply.response_id is not None
    assert str(reply.response_id.originator) == DCC_ACCESS_CONTROL_BROKER
    assert reply.response_id.target == Eui64.parse(USER)
    body = reply.body
    assert isinstance(body, DCCAlertMessage)
    assert (body.dcc_alert_code, body.alert_kind) == (
        replies.PLACEHOLDER_DCC_ALERT_CODE,
        "S1SPAlertDSP",
    )
    alert = body.s1sp_alert
    assert alert is not None
    assert alert.request_id == request.request_id
    assert alert.device_id == Eui64.parse(METER)
    assert (alert.s1sp_alert_code, alert.utrn) == ("S1CE20", "12345678901234567890")
    assert alert.datetime == NOW
    assert alert.signature is not None
    assert alert.signature.issuer_name == "CN=S1SP,OU=PLACEHOLDER"


def test_s1sp_alert_dcc_code_is_a_parameter() -> None:
    """The DCCAlertCode is the caller's, checked against the schema's enumeration."""
    reply = _response(
        replies.s1sp_alert(_request("2.2"), now=NOW, code="S1CE20", dcc_alert_code="N999")
    )
    assert isinstance(reply.body, DCCAlertMessage)
    assert reply.body.dcc_alert_code == "N999"
    with pytest.raises(ValueError, match="DCCAlertCode"):
        replies.s1sp_alert(_request("2.2"), now=NOW, code="S1CE20", dcc_alert_code="N32")


def test_s1sp_alert_refuses_a_malformed_utrn() -> None:
    """A UTRN is 20 digits."""
    with pytest.raises(ValueError, match="20 digits"):
        replies.s1sp_alert(_request("2.2"), now=NOW, code="S1CE20", utrn="1234")


def test_alert_counter_follows_the_clock_unless_given() -> None:
    """Without a counter, a later alert gets a higher ResponseID counter (ms since epoch)."""
    request = _request("2.2")
    first = _response(replies.s1sp_alert(request, now=NOW, code="S1CE20"))
    later = _response(replies.s1sp_alert(request, now=NOW + timedelta(seconds=1), code="S1CE20"))
    given = _response(replies.s1sp_alert(request, now=NOW, code="S1CE20", counter=5))
    assert first.response_id is not None
    assert later.response_id is not None
    assert first.response_id.counter == int(NOW.timestamp() * 1000)
    assert later.response_id.counter == first.response_id.counter + 1000
    assert given.response_id is not None
    assert given.response_id.counter == 5


def test_firmware_distribution_failure_names_request_and_meters() -> None:
    """11.1: UpdateFirmwareRequestID is the request's; MeterIDs lists the devices."""
    request = _request("11.1", target=None)
    reply = _response(
        replies.firmware_distribution_failure(request, now=NOW, devices=[METER, Eui64.parse(PPMID)])
    )
    assert isinstance(reply.body, DCCAlertMessage)
    assert reply.body.alert_kind == "FirmwareDistributionFailure"
    assert reply.body.alert.text_of("UpdateFirmwareRequestID") == str(request.request_id)
    assert reply.body.alert.text_of("MeterIDs") == f"{METER},{PPMID}"
    assert reply.response_id is not None
    assert reply.response_id.target == Eui64.parse(USER)
    with pytest.raises(ValueError, match=r"11\.1 or 11\.4"):
        replies.firmware_distribution_failure(_request("11.2"), now=NOW, devices=[METER])


@pytest.mark.parametrize(
    ("success", "result", "code"),
    [(True, "ActivationSuccess", "8F43"), (False, "ActivationFailure", "8F1C")],
)
def test_ppmid_firmware_activation(success: bool, result: str, code: str) -> None:
    """PPMIDAlert names the PPMID, the activation result, the version and the alert code."""
    request = _request("11.4", target=None)
    reply = _response(
        replies.ppmid_firmware_activation(
            request, now=NOW, success=success, firmware_version="0203", device_id=PPMID
        )
    )
    assert isinstance(reply.body, DCCAlertMessage)
    alert = reply.body.alert
    assert alert.local_name == "PPMIDAlert"
    assert alert.text_of("DeviceID") == PPMID
    assert alert.text_of("DeviceAlertCode") == code
    assert alert.text_of("PPMIDFirmwareUpgradeAlert/FirmwareVersion") == "0203"
    assert alert.text_of("PPMIDFirmwareUpgradeAlert/ActivateImageResultCode") == result


def test_ppmid_firmware_activation_needs_the_ppmid_of_a_dcc_request() -> None:
    """An 11.4 request goes to DCC, so the PPMID must be named; a RequestID is accepted too."""
    request = _request("11.4", target=None)
    with pytest.raises(ValueError, match="'device_id' is required"):
        replies.ppmid_firmware_activation(request, now=NOW, success=True, firmware_version="1")
    direct = RequestId.parse(f"{USER}:{PPMID}:9")
    reply = _response(
        replies.ppmid_firmware_activation(direct, now=NOW, success=True, firmware_version="1")
    )
    assert isinstance(reply.body, DCCAlertMessage)
    assert reply.body.alert.text_of("DeviceID") == PPMID


def test_dcc_alert_generates_minimal_content_and_checks_its_arguments() -> None:
    """A DCC alert of any kind: generated content, header RequestID when given, checked kind."""
    identifier = RequestId.parse(f"{USER}:{METER}:3")
    reply = _response(
        replies.dcc_alert(now=NOW, code="N12", kind="CommandFailure", request_id=identifier)
    )
    assert reply.request_id == identifier
    assert reply.response_id is not None
    assert reply.response_id.target == Eui64.parse(USER)
    assert isinstance(reply.body, DCCAlertMessage)
    assert (reply.body.dcc_alert_code, reply.body.alert_kind) == ("N12", "CommandFailure")
    with pytest.raises(BuildError, match="PowerOutageEvent"):
        replies.dcc_alert(now=NOW, code="N1", kind="NoSuchAlert", recipient=USER)
    with pytest.raises(ValueError, match="must be the sr:PPMIDRemoval element"):
        replies.dcc_alert(
            now=NOW, code="N1", kind="PPMIDRemoval", content=etree.Element("x"), recipient=USER
        )
    with pytest.raises(ValueError, match="'recipient' or 'request_id'"):
        replies.dcc_alert(now=NOW, code="N1", kind="PPMIDRemoval")


def test_device_alert_fields() -> None:
    """A GBCS device alert: hex code, base64 payload, ResponseID device → user."""
    reply = _response(
        replies.device_alert(
            now=NOW, device_id=METER, recipient=USER, alert_code="8f35", gbcs_payload=b"\xdf\x09"
        )
    )
    assert isinstance(reply.body, DeviceAlertMessage)
    assert reply.body.alert_code == "8F35"
    assert base64.b64decode(reply.body.gbcs_payload) == b"\xdf\x09"
    assert reply.response_id is not None
    assert (reply.response_id.originator, reply.response_id.target) == (
        Eui64.parse(METER),
        Eui64.parse(USER),
    )
    with pytest.raises(ValueError, match="hexadecimal"):
        replies.device_alert(
            now=NOW, device_id=METER, recipient=USER, alert_code="8F3", gbcs_payload=b""
        )


def test_smets1_device_alert_fields() -> None:
    """A SMETS1 device alert: S1SP-signed content with code, description and time."""
    reply = _response(
        replies.smets1_device_alert(
            now=NOW, device_id=METER, recipient=USER, description="Supply Outage", alert_code="8F35"
        )
    )
    body = reply.body
    assert isinstance(body, SMETS1ResponseMessage)
    assert body.srv is None
    alert = body.signed_response.body
    assert isinstance(alert, SMETS1DeviceAlert)
    assert alert.content is not None
    assert (alert.content.gbcs_hex_alert_code, alert.content.alert_description) == (
        "8F35",
        "Supply Outage",
    )
    assert body.signed_response.header.business_originator_id == Eui64.parse(METER)
    assert body.signed_response.signature is not None


# --- shared pieces -------------------------------------------------------------------------------


def test_placeholder_signature_has_the_duis_structure() -> None:
    """Exclusive c14n, ECDSA-SHA256, enveloped reference to the document, X509IssuerSerial."""
    signature = replies.placeholder_signature("S1SP-B")
    root = signature.element()
    algorithms = [e.get("Algorithm") for e in root.iter() if e.get("Algorithm")]
    assert algorithms == [
        "http://www.w3.org/2001/10/xml-exc-c14n#",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
        "http://www.w3.org/2001/04/xmlenc#sha256",
    ]
    reference = root.find(f"{ds('SignedInfo')}/{ds('Reference')}")
    assert reference is not None
    assert reference.get("URI") == ""
    assert signature.signature_value == replies.PLACEHOLDER_VALUE
    assert base64.b64decode(replies.PLACEHOLDER_VALUE) == b"placeholder"
    assert (signature.issuer_name, signature.serial_number) == ("CN=S1SP-B,OU=PLACEHOLDER", "1")


def test_times_are_written_in_utc_and_must_be_aware() -> None:
    """Aware times of any zone are written in UTC with Z; a naive time is refused."""
    bst = timezone(timedelta(hours=1))
    assert replies.xs_timestamp(datetime(2024, 6, 11, 0, 0, tzinfo=bst)) == "2024-06-10T23:00:00Z"
    assert replies.xs_timestamp(datetime(2024, 1, 1, 0, 0, 0, 5, tzinfo=UTC)).endswith(".000005Z")
    with pytest.raises(ValueError, match="time zone"):
        replies.acknowledgement(_request("11.2"), now=datetime(2024, 6, 10, 22, 15))


def test_minimal_instance_of_any_declaration() -> None:
    """skeleton.minimal_instance completes any element declaration, with its own prefix."""
    failure = minimal_instance("sr:DCCAlert/FirmwareDistributionFailure")
    assert [etree.QName(c).localname for c in failure] == ["UpdateFirmwareRequestID", "MeterIDs"]
    rsp = minimal_instance("ra:ResponsePayload/SMETSData/ActivateFirmwareRsp")
    assert rsp.prefix == "ra"
    assert declaration(load_schema_set(), "sr:Response/Header/ResponseCode").local_name == (
        "ResponseCode"
    )
    with pytest.raises(BuildError, match="has no child 'Nope'"):
        declaration(load_schema_set(), "sr:Response/Header/Nope")
    with pytest.raises(BuildError, match="names a type"):
        declaration(load_schema_set(), "sr:DCCAlert")


def test_public_surface_is_exported() -> None:
    """Everything replies.__all__ names exists; signatures are ds:Signature fragments."""
    missing = [name for name in replies.__all__ if not hasattr(replies, name)]
    assert missing == []
    assert isinstance(replies.placeholder_signature(), Fragment)
