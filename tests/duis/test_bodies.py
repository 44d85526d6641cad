from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from harness.duis import bodies
from harness.duis.bodies import TYPED_BODIES
from harness.duis.builder import BuiltRequest, build_request
from harness.duis.catalogue import catalogue
from harness.duis.namespaces import SR
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.skeleton import body_element_names
from harness.errors import BuildError

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
VERSIONS = ["v5.0", "v5.1", "v5.3a", "v5.4"]
DEVICE = "00-DB-12-34-56-78-90-A0"
PPMID = "00-DB-12-34-56-78-90-A3"
NS = {"sr": SR}
EXPECTED_SRVS = {
    "1.1.1", "1.1.2", "1.6", "2.1", "2.2", "2.3", "4.4.2", "4.4.3", "4.4.4", "4.6.1", "4.8.1",
    "4.8.2", "4.8.3", "5.1", "6.8", "8.2", "8.11", "11.1", "11.2", "11.3", "11.4", "12.2",
}  # fmt: skip


def official(version: str) -> SchemaSet:
    """The official schema set of ``version``; skip when the reference material is absent."""
    directory = REFERENCE / "duis-xsd" / version
    if not directory.is_dir():
        pytest.skip(f"official DUIS XSDs absent: {directory} (reference material not checked out)")
    return load_schema_set(directory)


def build(srv: str, body: etree._Element, schema_set: SchemaSet | None = None) -> BuiltRequest:
    """A validated request for ``srv`` around ``body`` (official 5.4 unless told otherwise)."""
    entry = catalogue().get(srv)
    target = None if entry.default_command_variant == 8 else DEVICE
    chosen = schema_set if schema_set is not None else official("v5.4")
    return build_request(srv, target=target, body=body, schema_set=chosen)


def body_of(built: BuiltRequest) -> etree._Element:
    """The body element of a built request."""
    return built.element().find("sr:Body", NS)[0]  # type: ignore[index]


def texts(element: etree._Element, path: str) -> list[str]:
    """The text of every element at ``path`` (sr: prefix)."""
    return [e.text or "" for e in element.findall(path, NS)]


def test_registry_covers_the_srvs_the_features_need() -> None:
    """TYPED_BODIES has a builder for each SRV the S1SR/MP202 features use, keyed by SRV."""
    assert set(TYPED_BODIES) == EXPECTED_SRVS
    for srv, builder in TYPED_BODIES.items():
        assert etree.QName(builder()).localname == catalogue().get(srv).body_element


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("srv", sorted(EXPECTED_SRVS))
def test_default_typed_body_is_valid_in_every_official_version(srv: str, version: str) -> None:
    """Each typed builder's default body makes a request the official set accepts."""
    schema_set = official(version)
    body = TYPED_BODIES[srv]()
    assert etree.QName(body).localname in body_element_names(schema_set)
    built = build(srv, body, schema_set)
    assert built.srv.srv == srv
    assert version[1:] in built.schema


@pytest.mark.parametrize("srv", sorted(EXPECTED_SRVS))
def test_default_typed_body_is_valid_with_the_bundled_set(
    srv: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no schema set given, every typed SRV builds valid against the bundled xsd/."""
    monkeypatch.delenv("DUIS_XSD_DIR", raising=False)
    bundled = load_schema_set()
    assert bundled.bundled
    entry = catalogue().get(srv)
    built = build_request(srv, target=None if entry.default_command_variant == 8 else DEVICE)
    assert "bundled" in built.schema
    assert etree.QName(body_of(built)).localname == entry.body_element


# ---------------------------------------------------------------------------------------------
# Parameters land where DUIS puts them

WHEN = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)


def test_tariff_electricity_tou_values() -> None:
    """1.1.1: switch times, rates, prices, scales and execution time appear in schema order."""
    body = bodies.update_import_tariff(
        prices=(2121, 3127),
        switch_times=((time(7, 0), 2), (time(0, 0), 1), (time(23, 0), 1)),
        standing_charge=20000,
        standing_charge_scale=-5,
        price_scale=-4,
        execution_datetime=WHEN,
    )
    element = body_of(build("1.1.1", body))
    assert texts(element, "sr:ExecutionDateTime") == ["2030-01-15T09:00:00Z"]
    schedule = (
        "sr:ElecTariffElements/sr:SwitchingTable/sr:DayProfiles/sr:DayProfile/sr:ProfileSchedule"
    )
    assert texts(element, f"{schedule}/sr:StartTime") == ["00:00:00Z", "07:00:00Z", "23:00:00Z"]
    assert texts(element, f"{schedule}/sr:TOUTariffAction") == ["1", "2", "1"]
    prices = element.findall(".//sr:ElectricityPriceElements/sr:TOUTariff/sr:TOUPrice", NS)
    assert [(p.get("index"), p.text) for p in prices] == [("1", "2121"), ("2", "3127")]
    assert texts(element, ".//sr:PriceScale") == ["-4"]
    assert texts(element, ".//sr:StandingChargeScale") == ["-5"]
    assert len(element.findall(".//sr:ThresholdMatrix/sr:Thresholds", NS)) == 8


def test_tariff_gas_values() -> None:
    """1.1.1 gas: prices, currency, standing charge and the all-day rate."""
    body = bodies.update_import_tariff(
        fuel="gas", prices=(9600, 10200), standing_charge=22465, day_rate=2, currency="GBP"
    )
    element = body_of(build("1.1.1", body))
    assert texts(element, ".//sr:GasTariffElements//sr:DayProfile/sr:TOUTariffAction") == ["2"]
    assert texts(element, ".//sr:GasPriceElements/sr:StandingCharge") == ["22465"]
    assert texts(element, ".//sr:GasPriceElements/sr:TOUTariff/sr:TOUPrice") == ["9600", "10200"]
    assert element.find("sr:ElecTariffElements", NS) is None


def test_tariff_secondary_element_values() -> None:
    """1.1.2: the secondary element's switch times, rates, prices, scale and execution time."""
    body = bodies.update_import_tariff_secondary(
        prices=(1800, 900, 2500),
        switch_times=((time(19, 0), 3), (time(0, 0), 2), (time(7, 0), 1)),
        price_scale=-3,
        execution_datetime=WHEN,
    )
    element = body_of(build("1.1.2", body))
    assert texts(element, "sr:ExecutionDateTime") == ["2030-01-15T09:00:00Z"]
    schedule = "sr:SwitchingTable/sr:DayProfiles/sr:DayProfile/sr:ProfileSchedule"
    assert texts(element, f"{schedule}/sr:StartTime") == ["00:00:00Z", "07:00:00Z", "19:00:00Z"]
    assert texts(element, f"{schedule}/sr:TOUTariffAction") == ["2", "1", "3"]
    assert texts(element, "sr:SwitchingTable/sr:Seasons/sr:Season/sr:SeasonName") == ["ALLYEAR"]
    prices = element.findall("sr:PriceElements/sr:ElectricityPriceElement", NS)
    assert [(p.get("index"), p.text) for p in prices] == [
        ("1", "1800"),
        ("2", "900"),
        ("3", "2500"),
    ]
    assert texts(element, "sr:PriceElements/sr:PriceScale") == ["-3"]


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"prices": (1, 2, 3, 4, 5)}, "prices"),
        ({"prices": ()}, "prices"),
        ({"prices": (1, 2), "switch_times": ((time(0, 0), 3),)}, "switch_times rate"),
        ({"switch_times": ((time(1, 0), 1), (time(1, 0), 1))}, "switch_times"),
        ({"price_scale": 200}, "price_scale"),
    ],
)
def test_tariff_secondary_element_rejects_what_the_schema_cannot_hold(
    arguments: dict[str, Any], parameter: str
) -> None:
    """1.1.2: more than four rates, a rate not priced, a repeated switch time or a scale out of
    range is a BuildError naming SRV 1.1.2 and the parameter."""
    with pytest.raises(BuildError) as caught:
        bodies.update_import_tariff_secondary(**arguments)
    assert caught.value.srv == "1.1.2"
    assert caught.value.field == parameter


def test_payment_mode_values() -> None:
    """1.6: Credit by default; Prepayment with its three settings and a future date."""
    credit = body_of(build("1.6", bodies.update_payment_mode()))
    assert [etree.QName(c).localname for c in credit] == ["Credit"]
    body = bodies.update_payment_mode(
        "prepayment",
        execution_datetime=WHEN,
        suspend_debt_disabled=True,
        suspend_debt_emergency=False,
        disablement_threshold=-500,
    )
    element = body_of(build("1.6", body))
    assert texts(element, "sr:ExecutionDateTime") == ["2030-01-15T09:00:00Z"]
    assert texts(element, "sr:Prepayment/*") == ["true", "false", "-500"]


def test_prepay_configuration_values() -> None:
    """2.1: the six amounts land in their elements, electricity and gas."""
    body = bodies.update_prepay_configuration(
        debt_recovery_rate_cap=40, emergency_credit_limit=1234, max_credit_threshold=999
    )
    element = body_of(build("2.1", body))
    config = "sr:UpdatePrepayConfigElectricity"
    assert texts(element, f"{config}/sr:DebtRecoveryRateCap") == ["40"]
    assert texts(element, f"{config}/sr:EmergencyCreditLimit") == ["1234"]
    assert texts(element, f"{config}/sr:MaxCreditThreshold") == ["999"]
    gas = body_of(build("2.1", bodies.update_prepay_configuration("gas", low_credit_threshold=77)))
    assert texts(gas, "sr:UpdatePrepayConfigGas/sr:LowCreditThreshold") == ["77"]


def test_top_up_utrn_is_compacted() -> None:
    """2.2: a UTRN written in groups is sent as its 20 digits."""
    element = body_of(build("2.2", bodies.top_up_device("7394 6144 3320 4021 7315")))
    assert texts(element, "sr:UTRN") == ["73946144332040217315"]


def test_update_debt_values() -> None:
    """2.3: registers, per-payment recovery and both time-based rates (gas shape too)."""
    body = bodies.update_debt(
        time_debt_register_1=30000,
        payment_debt_register=50000,
        debt_recovery_per_payment=1000,
        recovery_rates=(3, 15),
        recovery_price_scale=-1,
    )
    element = body_of(build("2.3", body))
    assert texts(element, "sr:TimeDebtRegister1") == ["30000"]
    assert texts(element, "sr:PaymentDebtRegister") == ["50000"]
    assert texts(element, "sr:DebtRecoveryPerPayment") == ["1000"]
    assert texts(element, "sr:*/sr:DebtRecoveryRate") == ["3", "15"]
    assert texts(element, "sr:ElecDebtRecovery1/sr:DebtRecoveryRatePriceScale") == ["-1"]
    gas = body_of(build("2.3", bodies.update_debt("gas", recovery_period="HOURLY")))
    assert texts(gas, "sr:GasDebtRecovery2/sr:DebtRecoveryRatePeriod") == ["HOURLY"]


@pytest.mark.parametrize("srv", ["4.4.2", "4.4.3", "4.4.4", "4.6.1", "4.8.1", "4.8.2", "4.8.3"])
def test_read_log_period_and_execution_time(srv: str) -> None:
    """4.4.x/4.6.1/4.8.x: the read period (converted to UTC) and the execution time land."""
    start = datetime(2026, 3, 29, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    end = datetime(2026, 3, 30, tzinfo=UTC)
    body = TYPED_BODIES[srv](start, end, execution_datetime=WHEN)
    element = body_of(build(srv, body))
    assert texts(element, "sr:ExecutionDateTime") == ["2030-01-15T09:00:00Z"]
    assert texts(element, "sr:ReadLogPeriod/sr:StartDateTime") == ["2026-03-28T23:30:00Z"]
    assert texts(element, "sr:ReadLogPeriod/sr:EndDateTime") == ["2026-03-30T00:00:00Z"]


def test_read_log_default_period_ends_at_midnight_today() -> None:
    """Without a period, 4.6.1 reads the day before midnight UTC today."""
    element = TYPED_BODIES["4.6.1"]()
    end = datetime.fromisoformat(texts(element, "sr:ReadLogPeriod/sr:EndDateTime")[0])
    start = datetime.fromisoformat(texts(element, "sr:ReadLogPeriod/sr:StartDateTime")[0])
    assert (end.hour, end.minute, end - start) == (0, 0, timedelta(days=1))
    assert abs(datetime.now(UTC) - end) < timedelta(days=1, minutes=1)


def test_create_schedule_values() -> None:
    """5.1: the scheduled SRV, its service reference, device, dates and offsets."""
    body = bodies.create_schedule(
        "4.8.1",
        device_id=DEVICE.lower(),
        frequency="Weekly",
        start_date=date(2026, 1, 2),
        end_date=date(2026, 12, 31),
        start_date_offset=-7,
    )
    element = body_of(build("5.1", body))
    assert texts(element, "sr:ScheduleFrequency") == ["Weekly"]
    assert texts(element, "sr:ScheduleStartDate") == ["2026-01-02"]
    assert texts(element, "sr:ScheduleEndDate") == ["2026-12-31"]
    assert texts(element, "sr:DSPScheduledServiceReference") == ["4.8"]
    assert texts(element, "sr:DSPScheduledServiceReferenceVariant") == ["4.8.1"]
    assert texts(element, "sr:DeviceID") == [DEVICE]
    assert texts(element, "sr:DSPReadActiveImportProfileData/sr:StartDateOffset") == ["-7"]


def test_billing_calendar_values() -> None:
    """6.8: electricity quarterly calendar and gas calendar fields."""
    body = bodies.update_billing_calendar(
        periodicity="Quarterly", billing_time=time(12, 0), day_of_month=15, start_month=2
    )
    element = body_of(build("6.8", body))
    calendar = "sr:ElectricityBillingCalendar"
    assert texts(element, f"{calendar}/sr:BillingTime") == ["12:00:00Z"]
    assert texts(element, f"{calendar}/sr:Quarterly/*") == ["15", "2"]
    gas = bodies.update_billing_calendar(
        "gas", periodicity="Monthly", billing_period_start=datetime(2026, 2, 1, tzinfo=UTC)
    )
    element = body_of(build("6.8", gas))
    assert texts(element, "sr:GasBillingCalendar/*") == ["2026-02-01T00:00:00Z", "Monthly"]


@pytest.mark.parametrize(
    ("kwargs", "name", "values"),
    [
        ({"device_id": PPMID}, "DeviceID", [PPMID]),
        ({"uprn": 123456789012}, "UPRN", ["123456789012"]),
        ({"mpxn": "1312345678111"}, "MPxN", ["1312345678111"]),
        ({"postcode": "AB1 2CD", "address_identifier": "12"}, "PropertyFilter", ["AB1 2CD", "12"]),
    ],
)
def test_read_inventory_by_each_criterion(
    kwargs: dict[str, Any], name: str, values: list[str]
) -> None:
    """8.2: each search criterion becomes the one child of ReadInventory, with its values."""
    element = body_of(build("8.2", bodies.read_inventory(**kwargs)))
    assert [etree.QName(c).localname for c in element] == [name]
    assert [e.text for e in element.iter() if len(e) == 0] == values


def test_han_device_log_values() -> None:
    """8.11: add a PPMID with a whitelist entry, and remove it."""
    body = bodies.update_han_device_log(
        PPMID, install_code=bytes(range(16)), join_time_period=90, import_mpxn="1312345678111"
    )
    element = body_of(build("8.11", body))
    assert texts(element, "sr:DeviceID") == [PPMID]
    assert texts(element, "sr:RequestType") == ["Add"]
    whitelist = "sr:AddDeviceToCHFWhitelist"
    assert texts(element, f"{whitelist}/sr:JoinTimePeriod") == ["90"]
    assert texts(element, f"{whitelist}/sr:InstallCode") == ["000102030405060708090A0B0C0D0E0F"]
    assert texts(element, f"{whitelist}/sr:ImportMPxN") == ["1312345678111"]
    removal = body_of(build("8.11", bodies.update_han_device_log(PPMID, "Remove")))
    assert [c.text for c in removal] == [PPMID, "Remove"]


@pytest.mark.parametrize(("srv", "ppmid"), [("11.1", False), ("11.4", True)])
def test_firmware_update_values(srv: str, ppmid: bool) -> None:
    """11.1/11.4: base64 image, version and the comma-separated device list."""
    image = b"\x01\x02firmware"
    body = bodies.update_firmware(image, "0002012F", [DEVICE, PPMID], ppmid=ppmid)
    element = body_of(build(srv, body))
    assert base64.b64decode(texts(element, "sr:FirmwareImage")[0]) == image
    assert texts(element, "sr:FirmwareVersion") == ["0002012F"]
    assert texts(element, "sr:DeviceIDList") == [f"{DEVICE},{PPMID}"]


def test_read_firmware_version_and_activation() -> None:
    """11.2 takes an execution time; 11.3 hashes the image or takes the hash."""
    read = body_of(build("11.2", bodies.read_firmware_version(execution_datetime=WHEN)))
    assert texts(read, "sr:ExecutionDateTime") == ["2030-01-15T09:00:00Z"]
    image = b"image bytes"
    activate = body_of(build("11.3", bodies.activate_firmware(image=image)))
    assert texts(activate, "sr:FirmwareHash") == [hashlib.sha256(image).hexdigest().upper()]
    given = body_of(build("11.3", bodies.activate_firmware("ab" * 32)))
    assert texts(given, "sr:FirmwareHash") == ["AB" * 32]
    default = bodies.activate_firmware()
    expected = hashlib.sha256(bodies.PLACEHOLDER_FIRMWARE_IMAGE).hexdigest().upper()
    assert texts(default, "sr:FirmwareHash") == [expected]


def test_device_prenotification_values() -> None:
    """12.2: identity fields, the SMETS version (MP202) and firmware version, in order."""
    body = bodies.device_prenotification(
        PPMID, "PPMID", "AB01", "010A030B", smets_version="SMETS2", firmware_version="0002012F"
    )
    element = body_of(build("12.2", body))
    assert [(etree.QName(c).localname, c.text) for c in element] == [
        ("DeviceID", PPMID),
        ("DeviceManufacturer", "AB01"),
        ("DeviceModel", "010A030B"),
        ("DeviceType", "PPMID"),
        ("SMETSCHTSVersion", "SMETS2"),
        ("FirmwareVersion", "0002012F"),
    ]
    esme = bodies.device_prenotification(DEVICE, "ESME", esme_variant="AD")
    assert texts(esme, "sr:ESMEVariant") == ["AD"]


# ---------------------------------------------------------------------------------------------
# Invalid parameters are BuildErrors naming the parameter

NAIVE = datetime(2030, 1, 15, 9, 0)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: bodies.update_import_tariff(prices=()), "prices"),
        (lambda: bodies.update_import_tariff(prices=(40000,)), "prices[0]"),
        (lambda: bodies.update_import_tariff(switch_times=((time(0), 2),)), "switch_times rate"),
        (lambda: bodies.update_import_tariff(fuel="gas", switch_times=()), "switch_times"),
        (lambda: bodies.update_import_tariff(fuel="gas", prices=(1,) * 5), "prices"),
        (lambda: bodies.update_import_tariff(fuel="water"), "fuel"),  # type: ignore[arg-type]
        (lambda: bodies.update_payment_mode(disablement_threshold=1), "disablement_threshold"),
        (lambda: bodies.update_payment_mode(execution_datetime=NAIVE), "execution_datetime"),
        (
            lambda: bodies.update_prepay_configuration(debt_recovery_rate_cap=-1),
            "debt_recovery_rate_cap",
        ),
        (
            lambda: bodies.update_prepay_configuration("gas", max_meter_balance=-1),
            "max_meter_balance",
        ),
        (lambda: bodies.top_up_device("1234"), "utrn"),
        (lambda: bodies.update_debt(debt_recovery_per_payment=10001), "debt_recovery_per_payment"),
        (lambda: bodies.update_debt(recovery_rates=(40000, 0)), "recovery_rates[0]"),
        (lambda: bodies.read_log("4.6.1", NAIVE, NAIVE + timedelta(days=1)), "start"),
        (lambda: bodies.read_log("4.6.1", WHEN, WHEN), "start"),
        (lambda: bodies.read_log("4.1.1"), "srv"),
        (lambda: bodies.create_schedule("99.9"), "scheduled_srv"),
        (lambda: bodies.create_schedule(start_date_offset=-401), "start_date_offset"),
        (lambda: bodies.create_schedule(device_id="not-a-device"), "device_id"),
        (lambda: bodies.update_billing_calendar(day_of_month=29), "day_of_month"),
        (lambda: bodies.update_billing_calendar(billing_period_start=WHEN), "billing_period_start"),
        (lambda: bodies.read_inventory(device_id=DEVICE, uprn=1), "uprn"),
        (lambda: bodies.read_inventory(postcode="AB1"), "postcode"),
        (lambda: bodies.update_han_device_log(install_code=b"12"), "install_code"),
        (
            lambda: bodies.update_han_device_log(action="Remove", install_code=b"123456"),
            "install_code",
        ),
        (lambda: bodies.update_han_device_log(import_mpxn="1"), "import_mpxn"),
        (lambda: bodies.update_firmware(version="123456789"), "version"),
        (lambda: bodies.update_firmware(device_ids=()), "device_ids"),
        (lambda: bodies.activate_firmware("abcd"), "firmware_hash"),
        (lambda: bodies.activate_firmware("zz" * 32), "firmware_hash"),
        (lambda: bodies.device_prenotification(smets_version=""), "smets_version"),
        (lambda: bodies.device_prenotification(manufacturer="M" * 31), "manufacturer"),
        (lambda: bodies.device_prenotification(esme_variant="A"), "esme_variant"),
    ],
)
def test_invalid_parameter_is_a_build_error_naming_it(
    call: Callable[[], etree._Element], field: str
) -> None:
    """Out-of-range, malformed or contradictory parameters raise BuildError with .field set."""
    with pytest.raises(BuildError) as raised:
        call()
    assert raised.value.field == field
    assert raised.value.srv in EXPECTED_SRVS | {"4.1.1"}
