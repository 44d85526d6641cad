"""The controlled vocabulary of step parameters: business words mapped to DUIS facts.

Each parameter type is a parse type (a function with a ``pattern``) so that pytest-bdd matches
only the listed words and a misspelt one fails as an undefined step. :func:`catalogue_rows`
lists every word with its meaning for the step catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from harness.duis.builder import DEFAULT_ORIGINATOR
from steps.clock import local_date, local_midnight

Fuel = Literal["electricity", "gas"]


@dataclass(frozen=True)
class Log:
    """A log or reading a user can request, with its SRV and the SMETS1 response element."""

    words: str
    srv: str
    response: str


@dataclass(frozen=True)
class Update:
    """An update a supplier can apply to a meter, with its SRV."""

    words: str
    srv: str


@dataclass(frozen=True)
class User:
    """A DCC User a step speaks as: its DUIS role and the originator EUI-64 the harness uses."""

    words: str
    role: str
    originator: str


@dataclass(frozen=True)
class Period:
    """A read period in Great Britain days, relative to the target's current time."""

    words: str
    days: int
    #: ``now``: up to the target's current time; ``today``: up to the start of today;
    #: ``yesterday``: up to the last second of yesterday.
    until: Literal["now", "today", "yesterday"]

    def bounds(self, now: datetime) -> tuple[datetime, datetime]:
        """The period's start and end (UTC) when the target's clock reads ``now``."""
        today = local_date(now)
        first = today - timedelta(days=self.days - (1 if self.until == "now" else 0))
        end = {
            "now": now,
            "today": local_midnight(today),
            "yesterday": local_midnight(today) - timedelta(seconds=1),
        }[self.until]
        return local_midnight(first), end


@dataclass(frozen=True)
class Seasons:
    """The seasons of a tariff: their start dates (month, day), or as many as DUIS allows."""

    words: str
    starts: tuple[tuple[int, int], ...]

    def for_fuel(self, fuel: Fuel) -> tuple[tuple[int, int], ...]:
        """The start dates to send to a meter of ``fuel``."""
        return self.starts or SEASON_STARTS[: MOST_SEASONS[fuel]]


LOGS = {
    log.words: log
    for log in (
        Log(
            "change-of-mode billing data log",
            "4.4.2",
            "RetrieveCoMOrTariffTriggeredBillingDataLogRsp",
        ),
        Log(
            "billing-calendar billing data log",
            "4.4.3",
            "RetrieveBillingCalendarTriggeredBillingDataLogRsp",
        ),
        Log("debt payment billing data log", "4.4.4", "RetrieveBillingDataLogDebtPaymentsRsp"),
        Log("daily read log", "4.6.1", "RetrieveImportDailyReadLogRsp"),
        Log("active import profile data", "4.8.1", "ReadActiveImportProfileDataRsp"),
        Log("reactive import profile data", "4.8.2", "ReadReactiveImportProfileDataRsp"),
        Log("export profile data", "4.8.3", "ReadExportProfileDataRsp"),
    )
}

#: Readings taken at the moment of the request (no read period), named like logs.
READINGS = {
    reading.words: reading
    for reading in (
        Log("instantaneous block counters", "4.1.4", "ReadInstantaneousImportBlockCountersRsp"),
    )
}

UPDATES = {
    update.words: update
    for update in (
        Update("a tariff update", "1.1.1"),
        Update("a secondary element tariff update", "1.1.2"),
        Update("a payment mode update", "1.6"),
        Update("a billing calendar", "6.8"),
        Update("a top-up", "2.2"),
        Update("a payment-based debt", "2.3"),
    )
}

USERS = {
    user.words: user
    for user in (
        User("supplier", "IS", DEFAULT_ORIGINATOR),
        User("gas supplier", "GS", "90-B3-D5-1F-30-03-00-00"),
        User("export supplier", "ES", "90-B3-D5-1F-30-02-00-00"),
    )
}

FUELS: dict[str, Fuel] = {"electricity": "electricity", "gas": "gas"}

#: The most seasons a tariff's switching table holds in DUIS, per fuel.
MOST_SEASONS: dict[Fuel, int] = {"electricity": 4, "gas": 3}
#: Start dates (month, day) used when a tariff has as many seasons as DUIS allows.
SEASON_STARTS = ((1, 1), (4, 1), (7, 1), (10, 1))

_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_DATE = r"(?:[1-9]|[12]\d|3[01]) (?:" + "|".join(_MONTHS) + ")"
_ALL_SEASONS = "as many seasons as DUIS allows"
_PERIOD = re.compile(r"yesterday|the last ([1-9]\d*) days|the ([1-9]\d*) days up to yesterday")


def _choice(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _typed(pattern: str) -> Callable[[Callable[[str], Any]], Callable[[str], Any]]:
    def attach(parse: Callable[[str], Any]) -> Callable[[str], Any]:
        parse.pattern = pattern  # type: ignore[attr-defined]
        return parse

    return attach


@_typed(_choice(list(LOGS)))
def parse_log(text: str) -> Log:
    """A log named in business words."""
    return LOGS[text]


@_typed(_choice(list(READINGS)))
def parse_reading(text: str) -> Log:
    """A reading (taken now, without a period) named in business words."""
    return READINGS[text]


@_typed(_choice(list(UPDATES)))
def parse_update(text: str) -> Update:
    """An update named in business words."""
    return UPDATES[text]


@_typed(_choice(list(USERS)))
def parse_user(text: str) -> User:
    """A DCC User named by role."""
    return USERS[text]


@_typed(_choice(list(FUELS)))
def parse_fuel(text: str) -> Fuel:
    """Electricity or gas."""
    return FUELS[text]


@_typed(r"yesterday|the last [1-9]\d* days|the [1-9]\d* days up to yesterday")
def parse_period(text: str) -> Period:
    """``yesterday``, ``the last 3 days`` (today included) or ``the 3 days up to yesterday``."""
    found = _PERIOD.fullmatch(text)
    last, up_to = found.groups() if found is not None else (None, None)
    if last:
        return Period(text, int(last), "now")
    if up_to:
        return Period(text, int(up_to), "yesterday")
    return Period(text, 1, "today")


@_typed(rf"{_ALL_SEASONS}|(?:one season|seasons) starting on {_DATE}(?:(?:, | and ){_DATE})*")
def parse_seasons(text: str) -> Seasons:
    """``seasons starting on 1 January, 29 February and 1 July`` or ``as many seasons as DUIS
    allows`` (four for electricity, three for gas)."""
    dates = re.findall(r"(\d+) (\w+)", text)
    return Seasons(text, tuple((_MONTHS.index(m) + 1, int(d)) for d, m in dates))


TYPES = {
    "Log": parse_log,
    "Reading": parse_reading,
    "Update": parse_update,
    "User": parse_user,
    "Fuel": parse_fuel,
    "Period": parse_period,
    "Seasons": parse_seasons,
}


def catalogue_rows() -> list[tuple[str, str, str]]:
    """Every word of the vocabulary as (type, words, meaning) for the step catalogue."""
    rows = [("Log", w, f"SRV {g.srv}, {g.response}") for w, g in LOGS.items()]
    rows += [("Reading", w, f"SRV {g.srv}, {g.response}") for w, g in READINGS.items()]
    rows += [("Update", w, f"SRV {u.srv}") for w, u in UPDATES.items()]
    rows += [("User", w, f"role {u.role}, originator {u.originator}") for w, u in USERS.items()]
    rows += [("Fuel", w, "ESME" if w == "electricity" else "GSME") for w in FUELS]
    rows += [
        ("Period", "yesterday", "the previous Great Britain day, midnight to midnight"),
        ("Period", "the last N days", "from midnight N-1 days ago to the target's current time"),
        ("Period", "the N days up to yesterday", "the N whole days before today"),
        ("Seasons", "one season starting on D Month", "a tariff with a single season"),
        ("Seasons", "seasons starting on D Month, D Month and D Month", "one season per date"),
        ("Seasons", _ALL_SEASONS, "4 seasons (electricity) or 3 (gas) in SRV 1.1.1"),
    ]
    return rows
