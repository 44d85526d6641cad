"""The reference model's prepayment rules: S1SR-18.5(ee)(gg)(hh), 18.6(b), 18.27(q)(r), SSD-UTRN.

Read Prepayment Configuration (4.13) exists only in the official DUIS 5.4 schema set (the
bundled subset declares neither its request body nor its response), so tests that read the
configuration back run a model on the official set and skip when it is absent.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from harness.duis import bodies
from harness.duis.body_prepayment import Fuel, RecoveryPeriod
from harness.duis.identifiers import Eui64
from harness.duis.namespaces import RA, SR, sr
from harness.duis.responses import DCCAlertMessage, Response, SMETS1ResponseMessage
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.smets1 import S1SPAlert
from harness.errors import HarnessError
from harness.model.baselines import Baseline
from harness.model.handlers.prepayment import (
    DEFAULT_TOP_UP_PENCE,
    PART_POUND_TOP_UP_ALERT_CODE,
    non_disablement_in_force,
    set_top_up_value,
)
from harness.model.handling import HANDLERS
from harness.model.reference import ReferenceModel
from harness.user import DccUser, Dialogue
from tests.conftest import OFFICIAL_XSD
from tests.model.conftest import ModelFactory, assert_valid

REGISTER = Path(__file__).resolve().parents[2] / "features" / "requirements.yaml"
NS = {"sr": SR, "ra": RA}
SENTINEL = "3000-12-31"
#: Mapped to every clause of this file in the sample DMVES.
MAPPED_ESME, MAPPED_GSME = "FOC-ESME-1", "FOC-GSME-1"
#: Negative controls: SMETS1 meters the sample DMVES maps to none of these clauses.
UNMAPPED_ESMES = ("IOC-ESME-1", "MOCS-ESME-1")
UNMAPPED_GSME = "IOC-GSME-1"

Setup = Callable[..., tuple[ReferenceModel, Eui64, DccUser]]


# --- fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture
def official() -> SchemaSet:
    """The official DUIS 5.4 schema set (4.13 needs it)."""
    directory = OFFICIAL_XSD / "v5.4"
    if not directory.is_dir():
        pytest.skip(f"official DUIS 5.4 schemas absent ({directory}): 4.13 cannot be built")
    return load_schema_set(directory)


@pytest.fixture
def on_meter(make_model: ModelFactory, supplier_for: Callable[..., DccUser]) -> Setup:
    """A model (bundled schemas), one installed meter of a DMVES model, and the supplier."""

    def setup(model_id: str, baseline: str = "s1sr_v11+mp202_enduring") -> Any:
        model = make_model(baseline)
        hub = model.install_comms_hub()
        meter = model.install_device(model_id, hub=hub)
        return model, meter, supplier_for(model)

    return setup


@pytest.fixture
def readable(official: SchemaSet) -> Setup:
    """As ``on_meter``, on the official schema set so that 4.13 can be requested."""

    def setup(model_id: str, baseline: str = "s1sr_v11+mp202_enduring") -> Any:
        model = ReferenceModel(baseline=Baseline.parse(baseline), schema_set=official)
        hub = model.install_comms_hub()
        meter = model.install_device(model_id, hub=hub)
        return model, meter, DccUser(model, schema_set=official)

    return setup


def assert_valid_read(dialogue: Dialogue) -> None:
    """Everything a 4.13 dialogue emitted is valid (bundled set, and official 5.4 if present)."""
    assert_valid(dialogue)


def register_examples(entry_id: str) -> list[dict[str, Any]]:
    """The examples of one register entry."""
    entries = yaml.safe_load(REGISTER.read_text("utf-8"))["requirements"]
    found: list[dict[str, Any]] = next(e for e in entries if e["id"] == entry_id)["examples"]
    return found


def final_response(dialogue: Dialogue) -> Response:
    """The one asynchronous delivery of the dialogue, after an I99 acknowledgement."""
    assert dialogue.final.reply().response_code == "I99"
    messages = dialogue.final.messages()
    assert len(messages) == 1, messages
    message = messages[0]
    assert isinstance(message, Response)
    return message


def smets1_rsp(dialogue: Dialogue, name: str) -> etree._Element:
    """The ``ra:<name>`` of the S1SP's signed response (which must be the only delivery)."""
    body = final_response(dialogue).body
    assert isinstance(body, SMETS1ResponseMessage)
    payload = body.signed_response.body
    data = getattr(payload, "response_data", None)
    assert data is not None
    assert data.local_name == name
    element: etree._Element = data.element()
    return element


def succeeded(rsp: etree._Element) -> bool:
    """The MessageSuccess attribute."""
    return rsp.get("MessageSuccess") == "true"


def s1sp_alert(dialogue: Dialogue) -> S1SPAlert:
    """The S1SP alert that is the only delivery (A-S1SP-ALERT-WRAPPER)."""
    body = final_response(dialogue).body
    assert isinstance(body, DCCAlertMessage)
    assert body.alert_kind == "S1SPAlertDSP"
    assert body.s1sp_alert is not None
    return body.s1sp_alert


def read_configuration(user: DccUser, meter: Eui64) -> etree._Element:
    """Send 4.13 and return the ReadPrepaymentConfigurationRsp (validated)."""
    dialogue = user.request("4.13", device=meter)
    assert_valid_read(dialogue)
    rsp = smets1_rsp(dialogue, "ReadPrepaymentConfigurationRsp")
    assert succeeded(rsp)
    return rsp


def reported_schedules(rsp: etree._Element) -> list[tuple[str, str]]:
    """(StartDate, EndDate) of every reported electricity schedule."""
    path = "ra:Electricity/ra:NonDisablementCalendar/ra:ElectricityNonDisablementSchedule"
    return [
        (
            s.findtext("ra:ScheduleDatesAndTime/ra:StartDate", namespaces=NS) or "",
            s.findtext("ra:ScheduleDatesAndTime/ra:EndDate", namespaces=NS) or "",
        )
        for s in rsp.findall(path, NS)
    ]


def reported_periods(rsp: etree._Element, fuel: str = "Electricity") -> list[str]:
    """The DebtRecoveryRatePeriod of DebtRecovery1 and DebtRecovery2, where reported."""
    found = (
        rsp.findtext(f"ra:{fuel}/ra:DebtRecovery{n}/ra:DebtRecoveryRatePeriod", namespaces=NS)
        for n in (1, 2)
    )
    return [period for period in found if period is not None]


def set_text(element: etree._Element, path: str, value: str) -> None:
    """Replace the text of the element at ``path`` (sr: prefixes) under ``element``."""
    found = element.find(path, NS)
    assert found is not None, path
    found.text = value


def electricity_ndc(schedules: Sequence[tuple[str, str]], **amounts: Any) -> etree._Element:
    """The typed 2.1 body with one non-disablement schedule per (start, end) pair."""
    body = bodies.update_prepay_configuration("electricity", **amounts)
    calendar = body.find(
        "sr:UpdatePrepayConfigElectricity/sr:ElectricityNonDisablementCalendar", NS
    )
    assert calendar is not None
    template = calendar.find("sr:ElectricityNonDisablementSchedule", NS)
    assert template is not None
    calendar.remove(template)
    for start, end in schedules:
        schedule = copy.deepcopy(template)
        set_text(schedule, "sr:ScheduleDatesAndTime/sr:StartDate", start)
        set_text(schedule, "sr:ScheduleDatesAndTime/sr:EndDate", end)
        calendar.append(schedule)
    return body


def gas_ndc(season_starts: Sequence[tuple[int | None, int, int]]) -> etree._Element:
    """The typed gas 2.1 body with one season per (year or None for any, month, day) start."""
    body = bodies.update_prepay_configuration("gas")
    seasons = body.find(
        "sr:UpdatePrepayConfigGas/sr:GasNonDisablementCalendar/sr:SeasonProfiles", NS
    )
    assert seasons is not None
    template = seasons[0]
    seasons.remove(template)
    for year, month, day in season_starts:
        season = copy.deepcopy(template)
        start = season.find("sr:SeasonStartDate", NS)
        assert start is not None
        year_part = start.find("sr:GasYearWithWildcards", NS)
        assert year_part is not None
        year_part.clear()
        if year is None:
            etree.SubElement(year_part, sr("NonSpecifiedYear"))
        else:
            etree.SubElement(year_part, sr("SpecifiedYear")).text = str(year)
        set_text(start, "sr:GasMonthWithWildcards/sr:SpecifiedMonth", str(month))
        set_text(start, "sr:GasDayOfMonthWithWildcards/sr:SpecifiedDayOfMonth", str(day))
        seasons.append(season)
    return body


def reported_seasons(rsp: etree._Element) -> list[tuple[str | None, str, str]]:
    """(year or None, month, day) of every reported gas season start."""
    found = []
    for season in rsp.findall("ra:Gas/ra:NonDisablementCalendar/ra:SeasonProfiles/ra:Season", NS):
        start = season.find("ra:SeasonStartDate", NS)
        assert start is not None
        found.append(
            (
                start.findtext("ra:GasYearWithWildcards/ra:SpecifiedYear", namespaces=NS),
                start.findtext("ra:GasMonthWithWildcards/ra:SpecifiedMonth", namespaces=NS) or "",
                start.findtext(
                    "ra:GasDayOfMonthWithWildcards/ra:SpecifiedDayOfMonth", namespaces=NS
                )
                or "",
            )
        )
    return found


def configure(user: DccUser, meter: Eui64, body: etree._Element) -> Dialogue:
    """Send 2.1 through the critical flow and require the S1SP's success."""
    dialogue = user.request("2.1", device=meter, body=body)
    assert_valid(dialogue)
    assert succeeded(smets1_rsp(dialogue, "UpdatePrepayConfigurationRsp"))
    return dialogue


def top_up(model: ReferenceModel, user: DccUser, meter: Eui64, pence: int | None) -> Dialogue:
    """Ask for a UTRN for ``pence`` (None: no value given) with 2.2."""
    if pence is not None:
        set_top_up_value(model, meter, pence)
    dialogue = user.request("2.2", device=meter, body=bodies.top_up_device())
    assert_valid(dialogue)
    return dialogue


def utrn_issued(dialogue: Dialogue) -> bool:
    """Whether the S1SP's successful TopUpDeviceRsp (not an alert) answered."""
    body = final_response(dialogue).body
    if isinstance(body, DCCAlertMessage):
        return False
    return succeeded(smets1_rsp(dialogue, "TopUpDeviceRsp"))


def pence_of(top_up_text: str) -> int:
    """``£10.50`` as 1050."""
    pounds, _, pence = top_up_text.removeprefix("£").partition(".")
    return int(pounds) * 100 + int(pence or "0")


# --- registration ---------------------------------------------------------------------------------


def test_prepayment_srvs_have_handlers() -> None:
    """2.1, 2.2, 2.3 and 4.13 are answered by the prepayment handlers."""
    for srv in ("2.1", "2.2", "2.3", "4.13"):
        assert HANDLERS[srv].__module__ == "harness.model.handlers.prepayment"


# --- S1SR-18.6(b): whole pounds, SSD-UTRN-BY-S1SP -------------------------------------------------

TOP_UP_ROWS = [
    pytest.param("£10.00", True, id="whole-pounds"),
    pytest.param("£10.50", False, id="half-a-pound-over"),
    pytest.param("£0.01", False, id="one-penny"),  # edge: smallest part-pound value
    pytest.param("£9.99", False, id="one-penny-short"),  # edge: just under a whole pound
    pytest.param("£1.00", True, id="one-pound"),  # edge: smallest whole-pound value
    pytest.param("£1000.00", True, id="large-whole"),  # edge: many pounds, no pence
]


def test_top_up_rows_cover_the_register_examples() -> None:
    """The rows below include every S1SR-18.6(b) example with the register's outcome."""
    rows = {p.values[0]: p.values[1] for p in TOP_UP_ROWS}
    for example in register_examples("S1SR-18.6(b)"):
        assert rows[example["top_up"]] is (example["outcome"] == "UTRN issued"), example["note"]


@pytest.mark.parametrize("model_id", [MAPPED_ESME, MAPPED_GSME])
@pytest.mark.parametrize(("value", "served"), TOP_UP_ROWS)
def test_1806b_part_pound_top_up_gets_an_s1sp_alert(
    on_meter: Setup, model_id: str, value: str, served: bool
) -> None:
    """On a mapped meter a part-pound UTRN request gets an S1SP alert and no UTRN."""
    model, meter, user = on_meter(model_id)
    dialogue = top_up(model, user, meter, pence_of(value))
    assert utrn_issued(dialogue) is served
    if not served:
        alert = s1sp_alert(dialogue)
        assert alert.s1sp_alert_code == PART_POUND_TOP_UP_ALERT_CODE
        assert alert.request_id == dialogue.request.request_id
        assert alert.device_id == meter
        assert alert.utrn is None


@pytest.mark.parametrize("model_id", [*UNMAPPED_ESMES, UNMAPPED_GSME])
def test_1806b_unmapped_meters_serve_part_pounds(on_meter: Setup, model_id: str) -> None:
    """Negative control: a meter not mapped to 18.6(b) serves a part-pound top-up."""
    model, meter, user = on_meter(model_id)
    assert utrn_issued(top_up(model, user, meter, 1050))


def test_1806b_not_applied_under_s1sr_v10(on_meter: Setup) -> None:
    """Under s1sr_v10 (no 18.6(b) expectation) a mapped meter serves a part-pound top-up."""
    model, meter, user = on_meter(MAPPED_ESME, "s1sr_v10")
    assert utrn_issued(top_up(model, user, meter, 1050))


def test_top_up_value_is_used_once(on_meter: Setup) -> None:
    """A given value applies to the next UTRN request only; then whole pounds are assumed."""
    model, meter, user = on_meter(MAPPED_ESME)
    assert not utrn_issued(top_up(model, user, meter, 1050))
    assert model.history(meter).top_up_pence is None
    assert utrn_issued(top_up(model, user, meter, None))
    assert DEFAULT_TOP_UP_PENCE % 100 == 0


@pytest.mark.parametrize("pence", [0, -100, True, 10.5])
def test_top_up_value_must_be_positive_pence(on_meter: Setup, pence: Any) -> None:
    """The set-up refuses a value that is not a positive whole number of pence."""
    model, meter, _ = on_meter(MAPPED_ESME)
    with pytest.raises(ValueError, match="positive whole number of pence"):
        set_top_up_value(model, meter, pence)


def test_top_up_value_needs_a_known_device(on_meter: Setup) -> None:
    """The set-up refuses a device the SMI does not hold."""
    model, _, _ = on_meter(MAPPED_ESME)
    with pytest.raises(HarnessError):
        set_top_up_value(model, "00-DB-00-00-00-00-00-99", 1000)


@pytest.mark.parametrize("baseline", ["s1sr_v10", "s1sr_v11+mp202_enduring"])
@pytest.mark.parametrize("model_id", [MAPPED_ESME, MAPPED_GSME, *UNMAPPED_ESMES, UNMAPPED_GSME])
def test_ssd_utrn_comes_signed_by_the_s1sp(on_meter: Setup, model_id: str, baseline: str) -> None:
    """SSD-UTRN-BY-S1SP: a served UTRN request is answered in the S1SP's signed response."""
    model, meter, user = on_meter(model_id, baseline)
    body = final_response(top_up(model, user, meter, 2000)).body
    assert isinstance(body, SMETS1ResponseMessage)
    assert body.srv == "2.2"
    signed = body.signed_response
    assert signed.signature is not None
    assert (signed.signature.issuer_name or "").startswith("CN=S1SP,")
    assert signed.header.business_originator_id == meter


# --- credit and payment-based debt recovery (history for 18.19(a)) --------------------------------


@pytest.mark.parametrize(
    ("debt", "recovers"),
    [
        pytest.param(None, False, id="no-debt-update"),
        pytest.param({"payment_debt_register": 5000, "debt_recovery_per_payment": 2500}, True),
        # edge: a payment debt but no per-payment rate recovers nothing
        pytest.param({"payment_debt_register": 5000, "debt_recovery_per_payment": 0}, False),
        # edge: a per-payment rate but no payment debt recovers nothing
        pytest.param({"payment_debt_register": 0, "debt_recovery_per_payment": 2500}, False),
    ],
)
def test_top_up_records_credit_and_payment_debt_recovery(
    on_meter: Setup, debt: dict[str, Any] | None, recovers: bool
) -> None:
    """A served top-up adds credit; it recovers payment debt only with a configured rate."""
    model, meter, user = on_meter(MAPPED_ESME)
    if debt is not None:
        assert_valid(user.request("2.3", device=meter, body=bodies.update_debt(**debt)))
    top_up(model, user, meter, 1000)
    history = model.history(meter)
    assert history.credit_added
    assert history.payment_debt_recovered is recovers


def test_refused_top_up_adds_no_credit(on_meter: Setup) -> None:
    """A top-up refused under 18.6(b) leaves the credit history unchanged."""
    model, meter, user = on_meter(MAPPED_ESME)
    top_up(model, user, meter, 999)
    assert not model.history(meter).credit_added


def test_top_up_to_a_comms_hub_is_refused(on_meter: Setup) -> None:
    """2.2 aimed at a device that is not a meter gets an error response and no delivery."""
    model, _, user = on_meter(MAPPED_ESME)
    hub = model.install_comms_hub()
    dialogue = user.request("2.2", device=hub, body=bodies.top_up_device())
    assert_valid(dialogue)
    assert dialogue.final.reply().is_error
    assert dialogue.final.deliveries == ()


# --- 2.1 Update Prepay Configuration --------------------------------------------------------------


def test_2_1_runs_through_the_critical_flow(on_meter: Setup) -> None:
    """2.1 returns a PreCommand, then the signed request is applied and the S1SP confirms it."""
    model, meter, user = on_meter(MAPPED_ESME)
    dialogue = configure(user, meter, electricity_ndc([("2026-03-10", SENTINEL)]))
    assert len(dialogue.exchanges) == 2
    assert model.history(meter).prepay_configuration is not None


def test_2_1_without_the_signed_precommand_changes_nothing(on_meter: Setup) -> None:
    """A CommandVariant 4 request alone is not executed on the meter."""
    model, meter, user = on_meter(MAPPED_ESME)
    body = electricity_ndc([("2026-03-10", SENTINEL)])
    dialogue = user.request("2.1", device=meter, body=body, command_variant=4)
    assert_valid(dialogue)
    assert model.history(meter).prepay_configuration is None


def test_2_1_for_the_other_fuel_fails(on_meter: Setup) -> None:
    """A gas configuration sent to an electricity meter fails and is not remembered."""
    model, meter, user = on_meter(MAPPED_ESME)
    dialogue = user.request("2.1", device=meter, body=bodies.update_prepay_configuration("gas"))
    assert_valid(dialogue)
    assert not succeeded(smets1_rsp(dialogue, "UpdatePrepayConfigurationRsp"))
    assert model.history(meter).prepay_configuration is None


def test_future_dated_2_1_is_applied_at_once_with_a_note(on_meter: Setup) -> None:
    """The model does not defer a future-dated 2.1; it says so in the exchange's notes."""
    model, meter, user = on_meter(MAPPED_ESME)
    later = model.clock.now() + timedelta(days=2)
    body = bodies.update_prepay_configuration(execution_datetime=later)
    dialogue = configure(user, meter, body)
    assert any("ExecutionDateTime" in note for note in dialogue.final.notes)


# --- S1SR-18.27(r) and S1SR-18.5(hh): the sentinel end date ---------------------------------------

END_DATE_ROWS = [
    pytest.param("2026-03-10", "2026-03-09", id="ordinary-date"),
    pytest.param("2026-01-01", "2025-12-31", id="year-boundary"),  # edge: crosses the year
    pytest.param("2028-03-01", "2028-02-29", id="leap-year"),  # edge: 29 February exists
    pytest.param("2027-03-01", "2027-02-28", id="common-year"),  # edge: no 29 February
    pytest.param("2026-04-01", "2026-03-31", id="month-boundary"),  # edge: 31-day month before
]


def test_end_date_rows_cover_the_register_examples() -> None:
    """The rows below include every S1SR-18.27(r) example with the register's reported date."""
    rows = {p.values[0]: p.values[1] for p in END_DATE_ROWS}
    for example in register_examples("S1SR-18.27(r)"):
        assert rows[example["start_date"]] == example["reported_end_date"], example["note"]


@pytest.mark.parametrize(("start", "reported_end"), END_DATE_ROWS)
def test_1827r_sentinel_end_date_reads_back_as_day_before_start(
    readable: Setup, start: str, reported_end: str
) -> None:
    """On a mapped meter 4.13 reports an end date of 31/12/3000 as the day before the start."""
    _, meter, user = readable(MAPPED_ESME)
    configure(user, meter, electricity_ndc([(start, SENTINEL)]))
    assert reported_schedules(read_configuration(user, meter)) == [(start, reported_end)]


def test_1827r_each_schedule_uses_its_own_start(readable: Setup) -> None:
    """With several schedules ending 31/12/3000, each end date follows its own start date."""
    _, meter, user = readable(MAPPED_ESME)
    configure(user, meter, electricity_ndc([("2026-03-10", SENTINEL), ("2027-01-01", SENTINEL)]))
    reported = reported_schedules(read_configuration(user, meter))
    assert reported == [("2026-03-10", "2026-03-09"), ("2027-01-01", "2026-12-31")]


def test_1827r_other_end_dates_read_back_as_set(readable: Setup) -> None:
    """An end date other than 31/12/3000 is reported unchanged on a mapped meter."""
    _, meter, user = readable(MAPPED_ESME)
    configure(user, meter, electricity_ndc([("2026-03-10", "2027-06-30")]))
    assert reported_schedules(read_configuration(user, meter)) == [("2026-03-10", "2027-06-30")]


@pytest.mark.parametrize(
    ("model_id", "baseline"),
    [
        pytest.param("IOC-ESME-1", "s1sr_v11+mp202_enduring", id="IOC-unmapped"),
        pytest.param("MOCS-ESME-1", "s1sr_v11+mp202_enduring", id="MOCS-unmapped"),
        pytest.param(MAPPED_ESME, "s1sr_v10", id="mapped-under-v10"),
    ],
)
def test_1827r_sentinel_reads_back_unchanged_elsewhere(
    readable: Setup, model_id: str, baseline: str
) -> None:
    """Unmapped meters, and mapped ones under s1sr_v10, report 31/12/3000 as set."""
    _, meter, user = readable(model_id, baseline)
    configure(user, meter, electricity_ndc([("2026-03-10", SENTINEL)]))
    assert reported_schedules(read_configuration(user, meter)) == [("2026-03-10", SENTINEL)]


def test_185hh_sentinel_schedule_runs_without_end(on_meter: Setup) -> None:
    """On a mapped meter a schedule ending 31/12/3000 is in force a year on and past 3000."""
    model, meter, user = on_meter(MAPPED_ESME)
    configure(user, meter, electricity_ndc([("2026-03-10", SENTINEL)]))
    assert non_disablement_in_force(model, meter, date(2026, 3, 9)) == ()  # before the start
    assert len(non_disablement_in_force(model, meter, date(2027, 3, 10))) == 1
    assert len(non_disablement_in_force(model, meter, date(3001, 1, 1))) == 1


@pytest.mark.parametrize(
    ("model_id", "baseline"),
    [
        pytest.param("IOC-ESME-1", "s1sr_v11+mp202_enduring", id="IOC-unmapped"),
        pytest.param(MAPPED_ESME, "s1sr_v10", id="mapped-under-v10"),
    ],
)
def test_185hh_sentinel_is_an_ordinary_date_elsewhere(
    on_meter: Setup, model_id: str, baseline: str
) -> None:
    """Elsewhere a schedule ending 31/12/3000 applies until that date only."""
    model, meter, user = on_meter(model_id, baseline)
    configure(user, meter, electricity_ndc([("2026-03-10", SENTINEL)]))
    assert len(non_disablement_in_force(model, meter, date(3000, 12, 31))) == 1
    assert non_disablement_in_force(model, meter, date(3001, 1, 1)) == ()


def test_185hh_real_end_date_still_ends(on_meter: Setup) -> None:
    """On a mapped meter a schedule with an ordinary end date stops after it."""
    model, meter, user = on_meter(MAPPED_ESME)
    configure(user, meter, electricity_ndc([("2026-03-10", "2026-06-30")]))
    assert len(non_disablement_in_force(model, meter, date(2026, 6, 30))) == 1
    assert non_disablement_in_force(model, meter, date(2026, 7, 1)) == ()


def test_185hh_schedule_still_reported_a_year_later(readable: Setup) -> None:
    """A year after the start, 4.13 still reports the schedule, with the 18.27(r) end date."""
    model, meter, user = readable(MAPPED_ESME)
    configure(user, meter, electricity_ndc([("2026-03-10", SENTINEL)]))
    model.clock.advance(timedelta(days=366))
    assert reported_schedules(read_configuration(user, meter)) == [("2026-03-10", "2026-03-09")]
    assert len(non_disablement_in_force(model, meter, model.clock.now().date())) == 1


def test_185hh_gas_calendar_has_no_end_date(on_meter: Setup) -> None:
    """A gas calendar has no end dates: no electricity schedule is ever in force for it."""
    model, meter, user = on_meter(MAPPED_GSME)
    configure(user, meter, bodies.update_prepay_configuration("gas"))
    assert non_disablement_in_force(model, meter, date(2027, 1, 1)) == ()


# --- S1SR-18.5(ee), S1SR-18.5(gg): any season dates ----------------------------------------------

SCHEDULE_DATE_ROWS = [
    pytest.param("2027-01-01", "2027-06-30", id="starts-1-January"),
    pytest.param("2026-06-01", "2026-12-31", id="ends-31-December"),
    pytest.param("2026-11-01", "2027-02-28", id="spans-the-year-end"),  # edge: end in next year
    pytest.param("2028-02-29", "2028-09-30", id="starts-29-February"),  # edge: leap day
]


@pytest.mark.parametrize("baseline", ["s1sr_v11+mp202_enduring", "s1sr_v10"])
@pytest.mark.parametrize("model_id", [MAPPED_ESME, *UNMAPPED_ESMES])
@pytest.mark.parametrize(("start", "end"), SCHEDULE_DATE_ROWS)
def test_1805ee_gg_electricity_schedule_dates_read_back(
    readable: Setup, model_id: str, baseline: str, start: str, end: str
) -> None:
    """Schedules starting and ending on any date are applied and reported as set."""
    _, meter, user = readable(model_id, baseline)
    configure(user, meter, electricity_ndc([(start, end)]))
    assert reported_schedules(read_configuration(user, meter)) == [(start, end)]


SEASON_ROWS = [
    pytest.param([(None, 1, 1)], id="starts-1-January"),
    pytest.param([(None, 12, 31)], id="starts-31-December"),  # edge: last day of the year
    pytest.param([(2028, 2, 29)], id="starts-29-February"),  # edge: leap day, year given
    # edge: three seasons, the last spanning the year end into the first
    pytest.param([(None, 3, 1), (None, 7, 1), (None, 11, 1)], id="spans-the-year-end"),
]


@pytest.mark.parametrize("model_id", [MAPPED_GSME, UNMAPPED_GSME])
@pytest.mark.parametrize("starts", SEASON_ROWS)
def test_1805ee_gg_gas_season_dates_read_back(
    readable: Setup, model_id: str, starts: list[tuple[int | None, int, int]]
) -> None:
    """Gas non-disablement seasons starting on any date are applied and reported as set."""
    _, meter, user = readable(model_id)
    configure(user, meter, gas_ndc(starts))
    expected = [(None if y is None else str(y), str(m), str(d)) for y, m, d in starts]
    assert reported_seasons(read_configuration(user, meter)) == expected


# --- 4.13 Read Prepayment Configuration -----------------------------------------------------------


def test_4_13_reports_the_amounts_2_1_set(readable: Setup) -> None:
    """4.13 reports 2.1's amounts under their MMC names."""
    _, meter, user = readable(MAPPED_ESME)
    amounts = {
        "debt_recovery_rate_cap": 45,
        "emergency_credit_limit": 310000,
        "emergency_credit_threshold": 110000,
        "low_credit_threshold": 210000,
        "max_meter_balance": 5100000,
        "max_credit_threshold": 1100000,
    }
    configure(user, meter, electricity_ndc([("2026-03-10", "2027-03-10")], **amounts))
    rsp = read_configuration(user, meter)
    reported = {
        name: int(rsp.findtext(f"ra:{element}", namespaces=NS) or "-1")
        for name, element in (
            ("debt_recovery_rate_cap", "DebtRecoveryRateCap"),
            ("emergency_credit_limit", "EmergencyCreditLimit"),
            ("emergency_credit_threshold", "EmergencyCreditThreshold"),
            ("low_credit_threshold", "LowCreditThreshold"),
            ("max_meter_balance", "MaxCreditMaxMeterBalance"),
            ("max_credit_threshold", "CreditMaxCreditThreshold"),
        )
    }
    assert reported == amounts


def test_4_13_reports_special_days_and_applicability(readable: Setup) -> None:
    """4.13 reports the electricity special days and each schedule's applicability as set."""
    _, meter, user = readable(MAPPED_ESME)
    body = electricity_ndc([("2026-03-10", "2027-03-10")])
    calendar = body.find(
        "sr:UpdatePrepayConfigElectricity/sr:ElectricityNonDisablementCalendar", NS
    )
    assert calendar is not None
    special = etree.SubElement(calendar[0], sr("SpecialDay"), index="1")
    day = etree.SubElement(special, sr("Date"))
    for part, choice, value in (
        ("Year", "NonSpecifiedYear", None),
        ("Month", "SpecifiedMonth", "12"),
        ("DayOfMonth", "SpecifiedDayOfMonth", "25"),
        ("DayOfWeek", "NonSpecifiedDayOfWeek", None),
    ):
        etree.SubElement(etree.SubElement(day, sr(part)), sr(choice)).text = value
    schedule = calendar[1]
    applicability = etree.SubElement(schedule[1], sr("SpecialDayApplicability"))
    etree.SubElement(applicability, sr("SpecialDayID")).text = "1"
    for weekday in ("Monday", "Saturday"):
        entry = etree.SubElement(schedule[2], sr("DayOfWeekApplicability"))
        etree.SubElement(entry, sr("DayOfWeekID")).text = weekday
    configure(user, meter, body)
    reported = read_configuration(user, meter).find("ra:Electricity/ra:NonDisablementCalendar", NS)
    assert reported is not None
    day_reported = reported.find("ra:ElectricitySpecialDays/ra:SpecialDay", NS)
    assert day_reported is not None
    assert day_reported.get("index") == "1"
    assert day_reported.findtext("ra:Month/ra:SpecifiedMonth", namespaces=NS) == "12"
    assert day_reported.findtext("ra:DayOfMonth/ra:SpecifiedDayOfMonth", namespaces=NS) == "25"
    assert day_reported.find("ra:Year/ra:NonSpecifiedYear", NS) is not None
    schedule_path = "ra:ElectricityNonDisablementSchedule"
    ids = reported.findall(f"{schedule_path}/ra:SpecialDaysApplicability//ra:SpecialDayID", NS)
    days = reported.findall(f"{schedule_path}/ra:DaysOfWeekApplicability//ra:DayOfWeekID", NS)
    assert [e.text for e in ids] == ["1"]
    assert [e.text for e in days] == ["Monday", "Saturday"]


def test_4_13_before_any_configuration_reports_nothing(readable: Setup) -> None:
    """Before any 2.1 or 2.3 the model reports a successful but empty configuration."""
    _, meter, user = readable(MAPPED_ESME)
    rsp = read_configuration(user, meter)
    assert len(rsp) == 0


def test_4_13_response_is_valid_under_the_bundled_set(readable: Setup) -> None:
    """4.13's response is valid under the bundled set too, once that set declares it."""
    _, meter, user = readable(MAPPED_ESME)
    assert_valid(user.request("4.13", device=meter))


# --- S1SR-18.27(q): the debt recovery rate period after a successful 2.3 -------------------------


@pytest.mark.parametrize("period", ["HOURLY", "DAILY"])
@pytest.mark.parametrize(
    ("model_id", "fuel"),
    [
        pytest.param(MAPPED_ESME, "electricity", id="mapped-ESME"),
        pytest.param(MAPPED_GSME, "gas", id="mapped-GSME"),
        pytest.param("IOC-ESME-1", "electricity", id="IOC-unmapped"),
    ],
)
def test_1827q_period_reported_after_successful_update_debt(
    readable: Setup, model_id: str, fuel: Fuel, period: RecoveryPeriod
) -> None:
    """After a successful 2.3, 4.13 reports the debt recovery rate period it set."""
    model, meter, user = readable(model_id)
    body = bodies.update_debt(fuel, recovery_period=period)
    dialogue = user.request("2.3", device=meter, body=body)
    assert_valid(dialogue)
    assert succeeded(smets1_rsp(dialogue, "UpdateDebtRsp"))
    assert model.history(meter).debt_updated
    rsp = read_configuration(user, meter)
    assert reported_periods(rsp, "Gas" if fuel == "gas" else "Electricity") == [period, period]


def test_1827q_no_period_before_any_update_debt(readable: Setup) -> None:
    """Before any successful 2.3 the model reports no debt recovery rate period."""
    _, meter, user = readable(MAPPED_ESME)
    configure(user, meter, electricity_ndc([("2026-03-10", SENTINEL)]))
    assert reported_periods(read_configuration(user, meter)) == []


def test_1827q_failed_update_debt_does_not_make_the_period_dependable(readable: Setup) -> None:
    """A 2.3 that fails (gas debt to an electricity meter) records no update and no period."""
    model, meter, user = readable(MAPPED_ESME)
    body = bodies.update_debt("gas", recovery_period="HOURLY")
    dialogue = user.request("2.3", device=meter, body=body)
    assert_valid(dialogue)
    assert not succeeded(smets1_rsp(dialogue, "UpdateDebtRsp"))
    assert not model.history(meter).debt_updated
    assert reported_periods(read_configuration(user, meter)) == []


def test_1827q_latest_successful_update_debt_wins(readable: Setup) -> None:
    """A later successful 2.3 replaces the period an earlier one set."""
    _, meter, user = readable(MAPPED_ESME)
    periods: tuple[RecoveryPeriod, ...] = ("HOURLY", "DAILY")
    for period in periods:
        body = bodies.update_debt(recovery_period=period)
        assert_valid(user.request("2.3", device=meter, body=body))
    assert reported_periods(read_configuration(user, meter)) == ["DAILY", "DAILY"]


def test_1827q_update_debt_without_signed_precommand_is_not_applied(on_meter: Setup) -> None:
    """A CommandVariant 4 Update Debt alone does not count as a completed update."""
    model, meter, user = on_meter(MAPPED_ESME)
    dialogue = user.request("2.3", device=meter, body=bodies.update_debt(), command_variant=4)
    assert_valid(dialogue)
    assert not model.history(meter).debt_updated
