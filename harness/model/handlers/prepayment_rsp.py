"""The S1SP's answer to Read Prepayment Configuration (4.13): ``ra:ReadPrepaymentConfigurationRsp``.

Written from what the meter remembers (:mod:`harness.model.handlers.prepayment_values`), in the
order of the official MMC 5.4 type ``ra:ReadPrepaymentConfigurationRsp``. Every child of that type
is optional; the model writes only what a successful 2.1 or 2.3 set and leaves out what it has
no record of (the payment mode, the disablement threshold and the two "suspend debt" flags,
which Update Payment Mode (1.6) sets, and anything never configured).
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from harness.duis.namespaces import RA, ra
from harness.model.handlers.prepayment_calendar import (
    ELECTRICITY_DATE_PARTS,
    GAS_DATE_PARTS,
    CalendarDate,
    ElectricityCalendar,
    Fuel,
    GasCalendar,
)
from harness.model.handlers.prepayment_values import (
    DebtConfiguration,
    DebtRecovery,
    PrepayConfiguration,
)

#: The SMETSData element of 4.13 (MMC 5.4).
READ_PREPAYMENT_CONFIGURATION_RSP = "ReadPrepaymentConfigurationRsp"


def read_prepayment_configuration_rsp(
    fuel: Fuel,
    *,
    prepay: PrepayConfiguration | None,
    debt: DebtConfiguration | None,
    success: bool = True,
) -> etree._Element:
    """``ra:ReadPrepaymentConfigurationRsp`` for a meter of ``fuel`` with what 2.1 (``prepay``)
    and 2.3 (``debt``) last set; the caller applies any clause to the calendar beforehand."""
    rsp = etree.Element(ra(READ_PREPAYMENT_CONFIGURATION_RSP), nsmap={"ra": RA})
    rsp.set("MessageSuccess", "true" if success else "false")
    if debt is not None:
        _add(rsp, "DebtRecoveryPerPayment", debt.debt_recovery_per_payment)
    if prepay is not None:
        _add(rsp, "DebtRecoveryRateCap", prepay.debt_recovery_rate_cap)
        _add(rsp, "EmergencyCreditLimit", prepay.emergency_credit_limit)
        _add(rsp, "EmergencyCreditThreshold", prepay.emergency_credit_threshold)
        _add(rsp, "LowCreditThreshold", prepay.low_credit_threshold)
        _add(rsp, "CreditMaxCreditThreshold", prepay.max_credit_threshold)
        _add(rsp, "MaxCreditMaxMeterBalance", prepay.max_meter_balance)
    if prepay is None and debt is None:
        return rsp
    per_fuel = etree.SubElement(rsp, ra("Gas" if fuel == "gas" else "Electricity"))
    if prepay is not None:
        calendar = etree.SubElement(per_fuel, ra("NonDisablementCalendar"))
        if isinstance(prepay.calendar, GasCalendar):
            _gas_calendar(calendar, prepay.calendar)
        else:
            _electricity_calendar(calendar, prepay.calendar)
    if debt is not None:
        for number, recovery in enumerate(debt.recoveries, start=1):
            _debt_recovery(etree.SubElement(per_fuel, ra(f"DebtRecovery{number}")), recovery)
    return rsp


def _add(parent: etree._Element, name: str, value: int | str) -> etree._Element:
    element = etree.SubElement(parent, ra(name))
    element.text = str(value)
    return element


def _date(parent: etree._Element, value: CalendarDate, names: Sequence[str]) -> None:
    for name, part in zip(names, value.parts, strict=True):
        chosen = etree.SubElement(etree.SubElement(parent, ra(name)), ra(part.choice))
        if part.value is not None:
            chosen.text = str(part.value)


def _electricity_calendar(parent: etree._Element, calendar: ElectricityCalendar) -> None:
    special_days = etree.SubElement(parent, ra("ElectricitySpecialDays"))
    for index, day in calendar.special_days:
        entry = etree.SubElement(special_days, ra("SpecialDay"))
        if index is not None:
            entry.set("index", str(index))
        _date(entry, day, ELECTRICITY_DATE_PARTS)  # ra:SpecialDay extends ra:Date directly
    for schedule in calendar.schedules:
        element = etree.SubElement(parent, ra("ElectricityNonDisablementSchedule"))
        _add(element, "NonDisablementScript", schedule.script)
        applicability = etree.SubElement(element, ra("SpecialDaysApplicability"))
        for special_day in schedule.special_days:
            entry = etree.SubElement(applicability, ra("SpecialDayApplicability"))
            _add(entry, "SpecialDayID", special_day)
        weekdays = etree.SubElement(element, ra("DaysOfWeekApplicability"))
        for weekday in schedule.days_of_week:
            _add(etree.SubElement(weekdays, ra("DayOfWeekApplicability")), "DayOfWeekID", weekday)
        dates = etree.SubElement(element, ra("ScheduleDatesAndTime"))
        _add(dates, "SwitchTime", schedule.switch_time)
        _add(dates, "StartDate", schedule.start.text)
        _add(dates, "EndDate", schedule.end.text)


def _gas_calendar(parent: etree._Element, calendar: GasCalendar) -> None:
    day_profiles = etree.SubElement(parent, ra("DayProfiles"))
    for profile in calendar.day_profiles:
        element = etree.SubElement(day_profiles, ra("GasNonDisablementDayProfile"))
        for index, (start_time, action) in enumerate(profile.actions, start=1):
            entry = etree.SubElement(element, ra("TimeStartAction"), index=str(index))
            _add(entry, "StartTime", start_time)
            _add(entry, "NonDisablementAction", action)
        _add(element, "GasDayName", profile.name)
    week_profiles = etree.SubElement(parent, ra("WeekProfiles"))
    for week in calendar.week_profiles:
        element = etree.SubElement(week_profiles, ra("WeekProfile"))
        _add(element, "WeekName", week.name)
        for index, day in week.days:
            _add(element, "ReferencedDayName", day).set("index", str(index))
    seasons = etree.SubElement(parent, ra("SeasonProfiles"))
    for season in calendar.seasons:
        element = etree.SubElement(seasons, ra("Season"))
        _date(etree.SubElement(element, ra("SeasonStartDate")), season.start, GAS_DATE_PARTS)
        _add(element, "ReferencedWeekName", season.week)
    special_days = etree.SubElement(parent, ra("SpecialDays"))
    for special in calendar.special_days:
        element = etree.SubElement(special_days, ra("SpecialDay"))
        _date(etree.SubElement(element, ra("Date")), special.date, GAS_DATE_PARTS)
        _add(element, "ReferencedDayName", special.day)


def _debt_recovery(parent: etree._Element, recovery: DebtRecovery) -> None:
    _add(parent, "DebtRecoveryRate", recovery.rate)
    if recovery.price_scale is not None:
        _add(parent, "DebtRecoveryRatePriceScale", recovery.price_scale)
    _add(parent, "DebtRecoveryRatePeriod", recovery.period)
