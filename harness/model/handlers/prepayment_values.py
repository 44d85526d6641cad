"""Prepayment configuration and debt as a SMETS1 meter in the reference model keeps them.

Update Prepay Configuration (2.1) and Update Debt (2.3) bodies are read here, once DCC has
accepted them (so they are schema-valid), into frozen values that the device's
:class:`~harness.model.meter.MeterState` remembers. Read Prepayment Configuration (4.13) writes
them back (:mod:`harness.model.handlers.prepayment_rsp`). Nothing here knows about Section 18
clauses except the sentinel end date of ``S1SR-18.5(hh)`` and ``S1SR-18.27(r)``
(A-FAR-FUTURE-DATE), whose effects the handlers decide to apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from lxml import etree

from harness.duis.namespaces import sr

Fuel = Literal["electricity", "gas"]

#: 31/12/3000, the end date that means "no end" on the models 18.5(hh) applies to
#: (A-FAR-FUTURE-DATE: sent as 3000-12-31).
INDEFINITE_END_DATE = date(3000, 12, 31)

#: The four parts of an electricity date (``sr:Date``) and of a gas wildcard date
#: (``sr:GasDateWithWildcards``); the MMC uses the same names.
ELECTRICITY_DATE_PARTS = ("Year", "Month", "DayOfMonth", "DayOfWeek")
GAS_DATE_PARTS = (
    "GasYearWithWildcards",
    "GasMonthWithWildcards",
    "GasDayOfMonthWithWildcards",
    "GasDayOfWeekWithWildcards",
)

_XS_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")


# --- dates --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatePart:
    """One part of a DUIS calendar date: the chosen element (``SpecifiedMonth``,
    ``NonSpecifiedYear``, ``LastDayOfMonth`` …) and its number, None for a wildcard."""

    choice: str
    value: int | None = None


@dataclass(frozen=True)
class CalendarDate:
    """A DUIS calendar date with wildcards: year, month, day of month, day of week."""

    parts: tuple[DatePart, DatePart, DatePart, DatePart]

    @property
    def month(self) -> int | None:
        """The specified month, None for any month."""
        return self.parts[1].value

    @property
    def day_of_month(self) -> int | None:
        """The specified day of the month, None for a wildcard (any, last, second last)."""
        return self.parts[2].value

    @classmethod
    def read(cls, element: etree._Element) -> CalendarDate:
        """Read the four parts under ``element`` (each a container holding one choice)."""
        found: list[DatePart] = []
        for container in _elements(element):
            chosen = _elements(container)[0]
            text = (chosen.text or "").strip()
            found.append(DatePart(etree.QName(chosen).localname, int(text) if text else None))
        if len(found) != 4:
            raise ValueError(f"a DUIS date has four parts (got {len(found)})")
        return cls((found[0], found[1], found[2], found[3]))


@dataclass(frozen=True)
class ScheduleDate:
    """An ``xs:date`` as sent, and the calendar day it names when Python can hold it."""

    text: str

    @property
    def day(self) -> date | None:
        """The day (time zone suffix ignored); None for a year Python cannot represent."""
        match = _XS_DATE.fullmatch(self.text.strip())
        if match is None:
            return None
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None


# --- the non-disablement calendars ------------------------------------------------------------


@dataclass(frozen=True)
class ElectricitySchedule:
    """One ``ElectricityNonDisablementSchedule``: START/STOP script, applicability, dates."""

    script: str
    special_days: tuple[int, ...]
    days_of_week: tuple[str, ...]
    switch_time: str
    start: ScheduleDate
    end: ScheduleDate

    @property
    def ends_on_sentinel(self) -> bool:
        """Whether the end date is 31/12/3000."""
        return self.end.day == INDEFINITE_END_DATE

    def in_force(self, on: date, *, open_ended: bool) -> bool:
        """Whether the schedule applies on ``on``; ``open_ended``: 31/12/3000 means no end."""
        start, end = self.start.day, self.end.day
        if start is None or on < start:
            return False
        if open_ended and self.ends_on_sentinel:
            return True  # S1SR-18.5(hh): the schedule continues indefinitely
        return end is None or on <= end

    def reported_with_day_before_start(self) -> ElectricitySchedule:
        """The schedule as S1SR-18.27(r) reports it: a 31/12/3000 end date shows as the day
        before the start date (unchanged when the start is not a representable day)."""
        start = self.start.day
        if not self.ends_on_sentinel or start is None or start == date.min:
            return self
        return replace(self, end=ScheduleDate((start - timedelta(days=1)).isoformat()))


@dataclass(frozen=True)
class ElectricityCalendar:
    """``ElectricityNonDisablementCalendar``: indexed special days and 1 to 22 schedules."""

    special_days: tuple[tuple[int | None, CalendarDate], ...]
    schedules: tuple[ElectricitySchedule, ...]

    def reported_with_day_before_start(self) -> ElectricityCalendar:
        """Every schedule as S1SR-18.27(r) reports it."""
        shifted = tuple(s.reported_with_day_before_start() for s in self.schedules)
        return replace(self, schedules=shifted)


@dataclass(frozen=True)
class GasDayProfile:
    """A gas non-disablement day profile: up to three (start time, START/STOP) actions."""

    actions: tuple[tuple[str, str], ...]
    name: int


@dataclass(frozen=True)
class GasWeekProfile:
    """A gas non-disablement week profile: the day profile for each indexed weekday."""

    name: int
    days: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GasSeason:
    """A gas non-disablement season: its start date (with wildcards) and week profile."""

    start: CalendarDate
    week: int


@dataclass(frozen=True)
class GasSpecialDay:
    """A gas non-disablement special day and the day profile it uses."""

    date: CalendarDate
    day: int


@dataclass(frozen=True)
class GasCalendar:
    """``GasNonDisablementCalendar``: day, week and season profiles and special days.

    It has no end dates, so 18.5(hh) and 18.27(r) have nothing to act on for gas meters.
    """

    day_profiles: tuple[GasDayProfile, ...]
    week_profiles: tuple[GasWeekProfile, ...]
    seasons: tuple[GasSeason, ...]
    special_days: tuple[GasSpecialDay, ...]


# --- what 2.1 and 2.3 set ---------------------------------------------------------------------


@dataclass(frozen=True)
class PrepayConfiguration:
    """What an Update Prepay Configuration (2.1) set (amounts are the raw DUIS integers)."""

    fuel: Fuel
    debt_recovery_rate_cap: int
    emergency_credit_limit: int
    emergency_credit_threshold: int
    low_credit_threshold: int
    max_meter_balance: int
    max_credit_threshold: int
    calendar: ElectricityCalendar | GasCalendar


@dataclass(frozen=True)
class DebtRecovery:
    """One time-based debt recovery: rate, price scale (electricity only) and period."""

    rate: int
    period: str
    price_scale: int | None = None


@dataclass(frozen=True)
class DebtConfiguration:
    """What an Update Debt (2.3) set."""

    fuel: Fuel
    time_debt_registers: tuple[int, int]
    payment_debt_register: int
    debt_recovery_per_payment: int
    recoveries: tuple[DebtRecovery, DebtRecovery]

    @property
    def recovers_from_payments(self) -> bool:
        """Whether a payment debt with a payment-based recovery rate is configured, so that
        credit added to the meter recovers some of it."""
        return self.payment_debt_register > 0 and self.debt_recovery_per_payment > 0


# --- reading request bodies -------------------------------------------------------------------


def prepay_configuration_from(body: etree._Element) -> PrepayConfiguration:
    """The configuration in a schema-valid ``sr:UpdatePrepayConfiguration``."""
    gas = body.find(sr("UpdatePrepayConfigGas"))
    config = gas if gas is not None else _required(body, "UpdatePrepayConfigElectricity")
    calendar: ElectricityCalendar | GasCalendar
    if gas is not None:
        calendar = _gas_calendar(_required(config, "GasNonDisablementCalendar"))
    else:
        calendar = _electricity_calendar(_required(config, "ElectricityNonDisablementCalendar"))
    return PrepayConfiguration(
        fuel="gas" if gas is not None else "electricity",
        debt_recovery_rate_cap=_int(config, "DebtRecoveryRateCap"),
        emergency_credit_limit=_int(config, "EmergencyCreditLimit"),
        emergency_credit_threshold=_int(config, "EmergencyCreditThreshold"),
        low_credit_threshold=_int(config, "LowCreditThreshold"),
        max_meter_balance=_int(config, "MaxMeterBalance"),
        max_credit_threshold=_int(config, "MaxCreditThreshold"),
        calendar=calendar,
    )


def debt_configuration_from(body: etree._Element) -> DebtConfiguration:
    """The debt settings in a schema-valid ``sr:UpdateDebt``."""
    gas = body.find(sr("GasDebtRecovery1")) is not None
    prefix = "Gas" if gas else "Elec"
    recoveries = tuple(
        _debt_recovery(_required(body, f"{prefix}DebtRecovery{n}"), gas) for n in (1, 2)
    )
    return DebtConfiguration(
        fuel="gas" if gas else "electricity",
        time_debt_registers=(_int(body, "TimeDebtRegister1"), _int(body, "TimeDebtRegister2")),
        payment_debt_register=_int(body, "PaymentDebtRegister"),
        debt_recovery_per_payment=_int(body, "DebtRecoveryPerPayment"),
        recoveries=(recoveries[0], recoveries[1]),
    )


def _debt_recovery(element: etree._Element, gas: bool) -> DebtRecovery:
    return DebtRecovery(
        rate=_int(element, "DebtRecoveryRate"),
        period=_text(element, "DebtRecoveryRatePeriod"),
        price_scale=None if gas else _int(element, "DebtRecoveryRatePriceScale"),
    )


def _electricity_calendar(element: etree._Element) -> ElectricityCalendar:
    special_days = tuple(
        (
            int(day.get("index", "0")) or None,
            CalendarDate.read(_required(day, "Date")),
        )
        for day in _required(element, "ElectricitySpecialDays").findall(sr("SpecialDay"))
    )
    schedules = tuple(
        _electricity_schedule(schedule)
        for schedule in element.findall(sr("ElectricityNonDisablementSchedule"))
    )
    return ElectricityCalendar(special_days, schedules)


def _electricity_schedule(element: etree._Element) -> ElectricitySchedule:
    dates = _required(element, "ScheduleDatesAndTime")
    special = _required(element, "SpecialDaysApplicability")
    weekdays = _required(element, "DaysOfWeekApplicability")
    return ElectricitySchedule(
        script=_text(element, "NonDisablementScript"),
        special_days=tuple(
            _int(entry, "SpecialDayID") for entry in special.findall(sr("SpecialDayApplicability"))
        ),
        days_of_week=tuple(
            _text(entry, "DayOfWeekID") for entry in weekdays.findall(sr("DayOfWeekApplicability"))
        ),
        switch_time=_text(dates, "SwitchTime"),
        start=ScheduleDate(_text(dates, "StartDate")),
        end=ScheduleDate(_text(dates, "EndDate")),
    )


def _gas_calendar(element: etree._Element) -> GasCalendar:
    day_profiles = tuple(
        GasDayProfile(
            actions=tuple(
                (_text(action, "StartTime"), _text(action, "NonDisablementAction"))
                for action in profile.findall(sr("TimeStartAction"))
            ),
            name=_int(profile, "GasDayName"),
        )
        for profile in _required(element, "DayProfiles").findall(sr("GasNonDisablementDayProfile"))
    )
    week_profiles = tuple(
        GasWeekProfile(
            name=_int(week, "WeekName"),
            days=tuple(
                (int(day.get("index", "0")), int((day.text or "").strip()))
                for day in week.findall(sr("ReferencedDayName"))
            ),
        )
        for week in _required(element, "WeekProfiles").findall(sr("WeekProfile"))
    )
    seasons = tuple(
        GasSeason(
            start=CalendarDate.read(_required(season, "SeasonStartDate")),
            week=_int(season, "ReferencedWeekName"),
        )
        for season in _required(element, "SeasonProfiles").findall(sr("Season"))
    )
    special_days = tuple(
        GasSpecialDay(
            date=CalendarDate.read(_required(day, "Date")),
            day=_int(day, "ReferencedDayName"),
        )
        for day in _required(element, "SpecialDays").findall(sr("SpecialDay"))
    )
    return GasCalendar(day_profiles, week_profiles, seasons, special_days)


# --- small readers ------------------------------------------------------------------------------


def _elements(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _required(element: etree._Element, name: str) -> etree._Element:
    found = element.find(sr(name))
    if found is None:
        path = etree.QName(element).localname
        raise ValueError(f"{path} must hold sr:{name} (the request was schema-checked)")
    return found


def _text(element: etree._Element, name: str) -> str:
    return (_required(element, name).text or "").strip()


def _int(element: etree._Element, name: str) -> int:
    return int(_text(element, name))
