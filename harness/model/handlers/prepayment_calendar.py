"""The non-disablement calendars of Update Prepay Configuration (2.1), as frozen values.

An electricity calendar has indexed special days and up to 22 schedules, each with a start and
an end date; a gas calendar has day, week and season profiles and special days, and no end dates.
The end date 31/12/3000 is the sentinel of ``S1SR-18.5(hh)`` and ``S1SR-18.27(r)``
(A-FAR-FUTURE-DATE); whether a model treats it so is for the handlers to decide. The readers
take schema-valid ``sr:`` elements (DCC has checked the request).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from lxml import etree

from harness.duis.namespaces import sr

__all__ = [
    "ELECTRICITY_DATE_PARTS",
    "GAS_DATE_PARTS",
    "INDEFINITE_END_DATE",
    "CalendarDate",
    "DatePart",
    "ElectricityCalendar",
    "ElectricitySchedule",
    "Fuel",
    "GasCalendar",
    "GasDayProfile",
    "GasSeason",
    "GasSpecialDay",
    "GasWeekProfile",
    "ScheduleDate",
    "child_of",
    "electricity_calendar_from",
    "gas_calendar_from",
    "int_of",
    "text_of",
]

#: Which fuel a meter, a configuration or a debt is for.
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


# --- reading request bodies -------------------------------------------------------------------


def electricity_calendar_from(element: etree._Element) -> ElectricityCalendar:
    """Read an ``sr:ElectricityNonDisablementCalendar``."""
    special_days = tuple(
        (
            int(day.get("index", "0")) or None,
            CalendarDate.read(child_of(day, "Date")),
        )
        for day in child_of(element, "ElectricitySpecialDays").findall(sr("SpecialDay"))
    )
    schedules = tuple(
        _electricity_schedule(schedule)
        for schedule in element.findall(sr("ElectricityNonDisablementSchedule"))
    )
    return ElectricityCalendar(special_days, schedules)


def _electricity_schedule(element: etree._Element) -> ElectricitySchedule:
    dates = child_of(element, "ScheduleDatesAndTime")
    special = child_of(element, "SpecialDaysApplicability")
    weekdays = child_of(element, "DaysOfWeekApplicability")
    return ElectricitySchedule(
        script=text_of(element, "NonDisablementScript"),
        special_days=tuple(
            int_of(entry, "SpecialDayID")
            for entry in special.findall(sr("SpecialDayApplicability"))
        ),
        days_of_week=tuple(
            text_of(entry, "DayOfWeekID")
            for entry in weekdays.findall(sr("DayOfWeekApplicability"))
        ),
        switch_time=text_of(dates, "SwitchTime"),
        start=ScheduleDate(text_of(dates, "StartDate")),
        end=ScheduleDate(text_of(dates, "EndDate")),
    )


def gas_calendar_from(element: etree._Element) -> GasCalendar:
    """Read an ``sr:GasNonDisablementCalendar``."""
    day_profiles = tuple(
        GasDayProfile(
            actions=tuple(
                (text_of(action, "StartTime"), text_of(action, "NonDisablementAction"))
                for action in profile.findall(sr("TimeStartAction"))
            ),
            name=int_of(profile, "GasDayName"),
        )
        for profile in child_of(element, "DayProfiles").findall(sr("GasNonDisablementDayProfile"))
    )
    week_profiles = tuple(
        GasWeekProfile(
            name=int_of(week, "WeekName"),
            days=tuple(
                (int(day.get("index", "0")), int((day.text or "").strip()))
                for day in week.findall(sr("ReferencedDayName"))
            ),
        )
        for week in child_of(element, "WeekProfiles").findall(sr("WeekProfile"))
    )
    seasons = tuple(
        GasSeason(
            start=CalendarDate.read(child_of(season, "SeasonStartDate")),
            week=int_of(season, "ReferencedWeekName"),
        )
        for season in child_of(element, "SeasonProfiles").findall(sr("Season"))
    )
    special_days = tuple(
        GasSpecialDay(
            date=CalendarDate.read(child_of(day, "Date")),
            day=int_of(day, "ReferencedDayName"),
        )
        for day in child_of(element, "SpecialDays").findall(sr("SpecialDay"))
    )
    return GasCalendar(day_profiles, week_profiles, seasons, special_days)


# --- small readers ------------------------------------------------------------------------------


def _elements(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def child_of(element: etree._Element, name: str) -> etree._Element:
    """The first ``sr:<name>`` child (ValueError if absent: the schema requires it)."""
    found = element.find(sr(name))
    if found is None:
        path = etree.QName(element).localname
        raise ValueError(f"{path} must hold sr:{name} (the request was schema-checked)")
    return found


def text_of(element: etree._Element, name: str) -> str:
    """The stripped text of the ``sr:<name>`` child."""
    return (child_of(element, name).text or "").strip()


def int_of(element: etree._Element, name: str) -> int:
    """The ``sr:<name>`` child as an integer."""
    return int(text_of(element, name))
