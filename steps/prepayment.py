"""Steps about prepayment: non-disablement calendars, UTRN top-ups and debt (SRVs 2.1–2.3, 4.13).

Besides the shared vocabulary (``Fuel``, ``Seasons``), these steps use four parameter types of
their own (:func:`catalogue_rows`): a ``Day`` is written ``10 March 2026``, or ``31/12/3000``
for the far-future end date as the regulation writes it; ``Money`` is ``£10.50``;
``RecoveryPeriod`` is ``hourly`` or ``daily``; ``Cohort`` is ``FOC``, ``IOC``, ``MOC (MDS)``
or ``MOC (Secure)``. Each request is built for the meter's fuel (the ``meter_fuel`` fixture).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from lxml import etree
from pytest_bdd import given, parsers, then, when

from harness.duis import bodies
from harness.duis.body_parts import annual_date
from harness.duis.body_prepayment import RecoveryPeriod
from harness.duis.fragment import Fragment
from harness.duis.identifiers import Eui64
from harness.duis.messages import Message
from harness.duis.namespaces import RA, SR, sr
from harness.duis.responses import DeviceAlertMessage, Response, ResponseMessage
from harness.duis.smets1 import SMETS1SignedResponse
from harness.errors import HarnessError
from harness.model.devices import Cohort, DeviceType, SmetsVersion
from harness.model.dmves import DeviceModel
from harness.suite.observations import Observed, observe
from harness.suite.settings import Settings
from harness.suite.verdicts import not_applicable
from harness.user import DccUser, Dialogue, Target
from steps import vocabulary
from steps.capabilities import capability
from steps.responses import meter_confirmed
from steps.vocabulary import Fuel, Seasons

# --- vocabulary ---------------------------------------------------------------------------------

_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_DAY_MONTH = r"(?:[1-9]|[12]\d|3[01]) (?:" + "|".join(_MONTHS) + ")"
_COHORTS = {cohort.value: cohort for cohort in Cohort}
_PERIODS: dict[str, RecoveryPeriod] = {"hourly": "HOURLY", "daily": "DAILY"}


def _typed(pattern: str) -> Callable[[Callable[[str], Any]], Callable[[str], Any]]:
    def attach(parse: Callable[[str], Any]) -> Callable[[str], Any]:
        parse.pattern = pattern  # type: ignore[attr-defined]
        return parse

    return attach


@_typed(rf"{_DAY_MONTH} \d{{4}}|\d{{2}}/\d{{2}}/\d{{4}}")
def parse_day(text: str) -> date:
    """A calendar day: ``10 March 2026``, or ``31/12/3000`` as the regulation writes it."""
    return datetime.strptime(text, "%d/%m/%Y" if "/" in text else "%d %B %Y").date()


@_typed(r"£\d+\.\d\d")
def parse_money(text: str) -> int:
    """An amount in pounds and pence (``£10.50``) as pence (1050)."""
    pounds, pence = text.removeprefix("£").split(".")
    return int(pounds) * 100 + int(pence)


@_typed("|".join(_PERIODS))
def parse_recovery_period(text: str) -> RecoveryPeriod:
    """``hourly`` or ``daily``: the DUIS DebtRecoveryRatePeriod HOURLY or DAILY."""
    return _PERIODS[text]


@_typed("|".join(re.escape(name) for name in _COHORTS))
def parse_cohort(text: str) -> Cohort:
    """A SMETS1 cohort as the seeds name it: ``FOC``, ``IOC``, ``MOC (MDS)``, ``MOC (Secure)``."""
    return _COHORTS[text]


TYPES = {
    **vocabulary.TYPES,
    "Day": parse_day,
    "Money": parse_money,
    "RecoveryPeriod": parse_recovery_period,
    "Cohort": parse_cohort,
}


def catalogue_rows() -> list[tuple[str, str, str]]:
    """The prepayment words as (type, words, meaning), like ``steps.vocabulary.catalogue_rows``."""
    rows = [
        ("Day", "D Month YYYY", "a calendar day, e.g. 10 March 2026"),
        ("Day", "31/12/3000", "the far-future end date of S1SR 18.5(hh) and 18.27(r)"),
        ("Money", "£P.pp", "an amount in pounds and pence, e.g. £10.50"),
    ]
    rows += [("RecoveryPeriod", w, f"DebtRecoveryRatePeriod {p}") for w, p in _PERIODS.items()]
    rows += [("Cohort", w, f"SMETS1 cohort {c.name}") for w, c in _COHORTS.items()]
    return rows


def _step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


# --- Givens -------------------------------------------------------------------------------------


@given(
    _step("a commissioned SMETS1 {fuel:Fuel} meter of the {cohort:Cohort} cohort"),
    target_fixture="meter",
)
def meter_of_cohort(
    duis_target: Target, duis_settings: Settings, fuel: Fuel, cohort: Cohort
) -> Eui64:
    """Install a meter of the first SMETS1 DMVES device model of that fuel and cohort."""
    model = _first_model(duis_settings, _METER_TYPES[fuel], cohort)
    install_hub = capability(duis_target, "install_comms_hub", "install a migrated SMETS1 hub")
    install = capability(duis_target, "install_device", "install a migrated SMETS1 device")
    device: Eui64 = install(model.id, hub=install_hub())
    return device


@given(_step("the supplier has set a non-disablement schedule from {start:Day} to {end:Day}"))
def has_set_schedule(
    supplier: DccUser, meter: Eui64, meter_fuel: Fuel, start: date, end: date
) -> None:
    """Send Update Prepay Configuration (2.1) with that schedule; require the meter's success."""
    body = _schedule_body(meter_fuel, start, end)
    _require(supplier.request("2.1", device=meter, body=body), "the non-disablement schedule")


@given(_step("the supplier has set a non-disablement calendar with {seasons:Seasons}"))
def has_set_seasons(supplier: DccUser, meter: Eui64, meter_fuel: Fuel, seasons: Seasons) -> None:
    """Send Update Prepay Configuration (2.1) with those gas seasons; require its success."""
    body = _seasons_body(meter_fuel, seasons)
    _require(supplier.request("2.1", device=meter, body=body), "the non-disablement calendar")


@given(_step("the supplier has updated the debt with {period:RecoveryPeriod} recovery"))
def has_updated_debt(
    supplier: DccUser, meter: Eui64, meter_fuel: Fuel, period: RecoveryPeriod
) -> None:
    """Send Update Debt (2.3) with that recovery rate period; require the meter's success."""
    body = bodies.update_debt(meter_fuel, recovery_period=period)
    _require(supplier.request("2.3", device=meter, body=body), "the debt update")


# --- Whens --------------------------------------------------------------------------------------


@when(
    _step("the supplier sets a non-disablement schedule from {start:Day} to {end:Day}"),
    target_fixture="dialogue",
)
def set_schedule(
    supplier: DccUser, meter: Eui64, meter_fuel: Fuel, start: date, end: date
) -> Dialogue:
    """Send Update Prepay Configuration (2.1) whose calendar holds that one schedule."""
    return supplier.request("2.1", device=meter, body=_schedule_body(meter_fuel, start, end))


@when(
    _step("the supplier sets a non-disablement calendar with {seasons:Seasons}"),
    target_fixture="dialogue",
)
def set_seasons(supplier: DccUser, meter: Eui64, meter_fuel: Fuel, seasons: Seasons) -> Dialogue:
    """Send Update Prepay Configuration (2.1) whose gas calendar has those seasons."""
    return supplier.request("2.1", device=meter, body=_seasons_body(meter_fuel, seasons))


@when("the supplier reads the prepayment configuration", target_fixture="dialogue")
def read_configuration(supplier: DccUser, meter: Eui64) -> Dialogue:
    """Send Read Prepayment Configuration (4.13) to the meter."""
    return supplier.request("4.13", device=meter)


@when(
    _step("the supplier requests a UTRN for a top-up of {amount:Money}"),
    target_fixture="dialogue",
)
def request_utrn(duis_target: Target, supplier: DccUser, meter: Eui64, amount: int) -> Dialogue:
    """Ask for a UTRN with Top Up Device (2.2); the amount goes through a target capability."""
    set_value = capability(duis_target, "set_top_up_value", "take the amount of a UTRN request")
    set_value(meter, amount)
    return supplier.request("2.2", device=meter, body=bodies.top_up_device())


# --- Thens --------------------------------------------------------------------------------------


@then(_step("the reported non-disablement schedule runs from {start:Day} to {end:Day}"))
def reported_schedule(dialogue: Dialogue, start: date, end: date) -> None:
    """The 4.13 response reports exactly one electricity schedule, with these dates."""
    reported = _schedules(_configuration(dialogue))
    assert reported == [(start, end)], f"expected [({start}, {end})], got {reported}"


@then(_step("the reported non-disablement calendar has {seasons:Seasons}"))
def reported_seasons(dialogue: Dialogue, seasons: Seasons) -> None:
    """The 4.13 response reports gas seasons starting every year on these days, in order."""
    expected = [(month, day, None) for month, day in seasons.for_fuel("gas")]
    reported = _seasons(_configuration(dialogue))
    assert reported == expected, f"expected (month, day, year) {expected}, got {reported}"


@then(_step("the reported debt recovery rate period is {period:RecoveryPeriod}"))
def reported_period(dialogue: Dialogue, period: RecoveryPeriod) -> None:
    """Every debt recovery rate period in the 4.13 response is this one, and one is reported."""
    reported = _periods(_configuration(dialogue))
    assert reported, f"no debt recovery rate period reported, expected {period}"
    assert set(reported) == {period}, f"expected {period}, got {reported}"


@then("the supplier receives a UTRN from the S1SP")
def utrn_from_s1sp(dialogue: Dialogue) -> None:
    """A successful, S1SP-signed TopUpDeviceRsp answers; no S1SP alert, no SMETS2+ response."""
    observed = observe(dialogue)
    issued = _issued(observed)
    assert issued, f"no UTRN issued: {observed.summary()}"
    assert all(r.signature is not None for r in issued), f"unsigned: {observed.summary()}"
    assert not observed.s1sp_alerts, observed.summary()
    assert not _smets2_messages(observed), f"SMETS2+ route: {observed.summary()}"


@then("the supplier receives an S1SP alert instead of a UTRN")
def alert_instead_of_utrn(dialogue: Dialogue) -> None:
    """An S1SP alert without a UTRN answers, and no successful TopUpDeviceRsp arrives."""
    observed = observe(dialogue)
    assert observed.s1sp_alerts, observed.summary()
    utrns = [a.utrn for a in observed.s1sp_alerts if a.utrn is not None]
    assert not utrns, f"UTRN {utrns} in the alert; {observed.summary()}"
    assert not _issued(observed), observed.summary()


@then(_step("the non-disablement schedule is in force on {day:Day}"))
def schedule_in_force(duis_target: Target, meter: Eui64, day: date) -> None:
    """The target says that the schedule set applies on that day."""
    in_force = capability(duis_target, "non_disablement_in_force", _IN_FORCE)
    assert in_force(meter, day), f"no non-disablement schedule in force on {day}"


@then(_step("the non-disablement schedule is no longer in force on {day:Day}"))
def schedule_ended(duis_target: Target, meter: Eui64, day: date) -> None:
    """The target says that the schedule set no longer applies on that day."""
    found = capability(duis_target, "non_disablement_in_force", _IN_FORCE)(meter, day)
    assert not found, f"expected no schedule in force on {day}, got {found}"


# --- building requests and reading answers ------------------------------------------------------

_NS = {"sr": SR, "ra": RA}
_IN_FORCE = "say which non-disablement schedules are in force on a day"
_METER_TYPES: dict[Fuel, DeviceType] = {"electricity": DeviceType.ESME, "gas": DeviceType.GSME}
_WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SCHEDULE = (
    "sr:UpdatePrepayConfigElectricity/sr:ElectricityNonDisablementCalendar/"
    "sr:ElectricityNonDisablementSchedule"
)
_SEASONS = "sr:UpdatePrepayConfigGas/sr:GasNonDisablementCalendar/sr:SeasonProfiles"


def _first_model(settings: Settings, device_type: DeviceType, cohort: Cohort) -> DeviceModel:
    """The first SMETS1 model of that type and cohort in the DMVES (else not applicable)."""
    wanted = (device_type, cohort, SmetsVersion.SMETS1)
    for model in settings.dmves:
        if (model.device_type, model.cohort, model.smets_version) == wanted:
            return model
    kind = f"{cohort.value} {device_type.value} model"
    pytest.skip(not_applicable(f"the DMVES ({settings.dmves.source}) lists no {kind}"))


def _schedule_body(fuel: Fuel, start: date, end: date) -> etree._Element:
    """2.1 with one schedule of non-disablement every day from ``start`` to ``end``."""
    if fuel != "electricity":
        pytest.skip(not_applicable("a gas non-disablement calendar has no end dates in DUIS"))
    body = bodies.update_prepay_configuration("electricity")
    schedule = _found(body, _SCHEDULE)
    _found(schedule, "sr:NonDisablementScript").text = "START"
    weekdays = _found(schedule, "sr:DaysOfWeekApplicability")
    for name in _WEEK:
        entry = etree.SubElement(weekdays, sr("DayOfWeekApplicability"))
        etree.SubElement(entry, sr("DayOfWeekID")).text = name
    _found(schedule, "sr:ScheduleDatesAndTime/sr:StartDate").text = start.isoformat()
    _found(schedule, "sr:ScheduleDatesAndTime/sr:EndDate").text = end.isoformat()
    return body


def _seasons_body(fuel: Fuel, seasons: Seasons) -> etree._Element:
    """2.1 for gas whose seasons start every year on the given days (all with week 1)."""
    if fuel != "gas":
        pytest.skip(not_applicable("an electricity non-disablement calendar has no seasons"))
    body = bodies.update_prepay_configuration("gas")
    profiles = _found(body, _SEASONS)
    for old in list(profiles):
        profiles.remove(old)
    for month, day in seasons.for_fuel("gas"):
        season = etree.SubElement(profiles, sr("Season"))
        annual_date(etree.SubElement(season, sr("SeasonStartDate")), month, day, gas=True)
        etree.SubElement(season, sr("ReferencedWeekName")).text = "1"
    return body


def _found(element: etree._Element, path: str) -> etree._Element:
    found = element.find(path, _NS)
    if found is None:
        raise HarnessError(f"the typed 2.1 body has no {path}")
    return found


def _succeeded(data: Fragment | None, name: str) -> bool:
    """Whether ``data`` is ``ra:<name>`` without ``MessageSuccess="false"``."""
    if data is None or data.local_name != name:
        return False
    return data.element().get("MessageSuccess", "true").strip() in ("true", "1")


def _require(dialogue: Dialogue, what: str) -> None:
    """A Given's precondition: the meter confirmed the update."""
    observed = observe(dialogue)
    if not meter_confirmed(observed):
        raise HarnessError(f"precondition: {what} was not confirmed ({observed.summary()})")


def _issued(observed: Observed) -> list[SMETS1SignedResponse]:
    """The successful TopUpDeviceRsp responses: UTRNs issued (M-UTRN-ISSUED)."""
    rsp = "TopUpDeviceRsp"
    return [r for r in observed.smets1_responses if _succeeded(r.response_data, rsp)]


def _smets2_messages(observed: Observed) -> list[Message]:
    """GBCS answers for the request: DCC took the SMETS2+ route (A-ROUTING-EVIDENCE)."""
    gbcs = (ResponseMessage, DeviceAlertMessage)
    return [m for m in observed.others if isinstance(m, Response) and isinstance(m.body, gbcs)]


def _configuration(dialogue: Dialogue) -> etree._Element:
    """The ``ra:ReadPrepaymentConfigurationRsp`` the S1SP returned for the request."""
    observed = observe(dialogue)
    for response in observed.smets1_responses:
        data = response.response_data
        if data is not None and _succeeded(data, "ReadPrepaymentConfigurationRsp"):
            return data.element()
    raise AssertionError(f"no prepayment configuration returned: {observed.summary()}")


def _schedules(rsp: etree._Element) -> list[tuple[date, date]]:
    """(start, end) of every electricity schedule reported."""
    path = "ra:Electricity/ra:NonDisablementCalendar/ra:ElectricityNonDisablementSchedule"
    dates = "ra:ScheduleDatesAndTime/ra:"
    return [
        (_xs_date(s, dates + "StartDate"), _xs_date(s, dates + "EndDate"))
        for s in rsp.findall(path, _NS)
    ]


def _xs_date(element: etree._Element, path: str) -> date:
    return date.fromisoformat((element.findtext(path, namespaces=_NS) or "").strip()[:10])


def _seasons(rsp: etree._Element) -> list[tuple[int, int, int | None]]:
    """(month, day, year or None for every year) of every gas season start reported."""
    path = "ra:Gas/ra:NonDisablementCalendar/ra:SeasonProfiles/ra:Season/ra:SeasonStartDate"
    found = []
    for start in rsp.findall(path, _NS):
        month = start.findtext("ra:GasMonthWithWildcards/ra:SpecifiedMonth", "0", _NS)
        day = start.findtext("ra:GasDayOfMonthWithWildcards/ra:SpecifiedDayOfMonth", "0", _NS)
        year = start.findtext("ra:GasYearWithWildcards/ra:SpecifiedYear", None, _NS)
        found.append((int(month), int(day), None if year is None else int(year)))
    return found


def _periods(rsp: etree._Element) -> list[str]:
    """Every DebtRecoveryRatePeriod reported (DebtRecovery1 and 2, either fuel)."""
    paths = (
        f"ra:{fuel}/ra:DebtRecovery{n}/ra:DebtRecoveryRatePeriod"
        for fuel in ("Electricity", "Gas")
        for n in (1, 2)
    )
    return [text.strip() for path in paths if (text := rsp.findtext(path, None, _NS)) is not None]
