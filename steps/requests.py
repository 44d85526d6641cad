"""Steps in which a DCC User sends a Service Request (the scenario's one When).

Read periods are built from the target's clock (``steps.clock.current_time``), never from the
real one. Users other than the supplier (a gas supplier, an export supplier) are registered
with the target on first use (:class:`DccUsers`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pytest_bdd import parsers, when

from harness.duis.bodies import read_log, update_import_tariff, update_import_tariff_secondary
from harness.duis.identifiers import Eui64
from harness.suite.settings import Settings
from harness.user import DccUser, Dialogue, Target
from steps.capabilities import capability
from steps.clock import current_time
from steps.vocabulary import TYPES, Fuel, Log, Period, Seasons, User
from steps.vocabulary import catalogue_rows as catalogue_rows  # the shared vocabulary's rows

#: How far back a log request reaches when the scenario names no period.
_DEFAULT_SPAN = {"4.4.2": 365, "4.4.3": 365, "4.4.4": 365}


class DccUsers:
    """The DCC Users of one scenario: the supplier, and others registered on first use."""

    def __init__(self, supplier: DccUser, target: Target, settings: Settings) -> None:
        self._target = target
        self._settings = settings
        self._users = {supplier.originator: supplier}
        self._counters = supplier.counters

    def __getitem__(self, user: User) -> DccUser:
        originator = Eui64.parse(user.originator)
        if originator not in self._users:
            add_user = capability(self._target, "add_user", f"register a {user.words}")
            add_user(user.originator, user.role)
            schema_set = self._settings.schema_set
            self._users[originator] = DccUser(
                self._target,
                originator=str(originator),
                schema_set=schema_set,
                counters=self._counters,
            )
        return self._users[originator]


@pytest.fixture
def dcc_users(supplier: DccUser, duis_target: Target, duis_settings: Settings) -> DccUsers:
    """The DCC Users a scenario speaks as (one object per user, so counters keep increasing)."""
    return DccUsers(supplier, duis_target, duis_settings)


def _default_period(log: Log, now: datetime) -> tuple[datetime, datetime]:
    """The period read when a scenario names none: a year for billing logs, else a day."""
    return now - timedelta(days=_DEFAULT_SPAN.get(log.srv, 1)), now


_DATE_PARTS: dict[Fuel, tuple[str, str, str, str]] = {
    "electricity": ("Year", "Month", "DayOfMonth", "DayOfWeek"),
    "gas": (
        "GasYearWithWildcards",
        "GasMonthWithWildcards",
        "GasDayOfMonthWithWildcards",
        "GasDayOfWeekWithWildcards",
    ),
}


def _tariff_fields(fuel: Fuel, seasons: Seasons, table: str | None = None) -> dict[str, str]:
    """Fields giving an import tariff one season per start date, recurring every year, each
    using week profile 1 (the typed body has one season starting on 1 January). ``table`` is
    the path to the switching table (default: the primary element's for the fuel)."""
    if table is None:
        elements = "ElecTariffElements" if fuel == "electricity" else "GasTariffElements"
        table = f"{elements}/SwitchingTable"
    year, month_of, day_of, weekday = _DATE_PARTS[fuel]
    fields: dict[str, str] = {}
    for number, (month, day) in enumerate(seasons.for_fuel(fuel), start=1):
        season = f"{table}/Seasons/Season[{number}]"
        if fuel == "electricity":
            fields[f"{season}/SeasonName"] = f"SEASON{number}"
        fields[f"{season}/SeasonStartDate/{year}/NonSpecifiedYear"] = ""
        fields[f"{season}/SeasonStartDate/{month_of}/SpecifiedMonth"] = str(month)
        fields[f"{season}/SeasonStartDate/{day_of}/SpecifiedDayOfMonth"] = str(day)
        fields[f"{season}/SeasonStartDate/{weekday}/NonSpecifiedDayOfWeek"] = ""
        fields[f"{season}/ReferencedWeekName"] = "1"
    return fields


@when(
    parsers.parse("the supplier requests the {log:Log}", extra_types=TYPES),
    target_fixture="dialogue",
)
def request_log(supplier: DccUser, duis_target: Target, meter: Eui64, log: Log) -> Dialogue:
    """Request a log from the meter (over the last day; billing data logs over a year)."""
    body = read_log(log.srv, *_default_period(log, current_time(duis_target)))
    return supplier.request(log.srv, device=meter, body=body)


@when(
    parsers.parse("the {user:User} requests the {log:Log} for {period:Period}", extra_types=TYPES),
    target_fixture="dialogue",
)
def request_log_for_period(
    dcc_users: DccUsers, duis_target: Target, meter: Eui64, user: User, log: Log, period: Period
) -> Dialogue:
    """Request a log from the meter over a period counted in Great Britain days."""
    body = read_log(log.srv, *period.bounds(current_time(duis_target)))
    return dcc_users[user].request(log.srv, device=meter, body=body)


@when(
    parsers.parse("the {user:User} reads the {reading:Reading}", extra_types=TYPES),
    target_fixture="dialogue",
)
def take_reading(dcc_users: DccUsers, meter: Eui64, user: User, reading: Log) -> Dialogue:
    """Take a reading from the meter now (a reading has no read period)."""
    return dcc_users[user].request(reading.srv, device=meter)


@when(
    parsers.parse(
        "the supplier applies an import tariff with {seasons:Seasons}", extra_types=TYPES
    ),
    target_fixture="dialogue",
)
def apply_tariff(supplier: DccUser, meter: Eui64, meter_fuel: Fuel, seasons: Seasons) -> Dialogue:
    """Send an Update Import Tariff (critical flow included) whose seasons start on the dates."""
    body = update_import_tariff(fuel=meter_fuel)
    return supplier.request(
        "1.1.1", device=meter, body=body, fields=_tariff_fields(meter_fuel, seasons)
    )


@when(
    parsers.parse(
        "the supplier applies a secondary element import tariff with {seasons:Seasons}",
        extra_types=TYPES,
    ),
    target_fixture="dialogue",
)
def apply_secondary_tariff(supplier: DccUser, meter: Eui64, seasons: Seasons) -> Dialogue:
    """Send an Update Import Tariff (Secondary Element, SRV 1.1.2, critical flow included) to
    an electricity meter whose seasons start on the dates."""
    fields = _tariff_fields("electricity", seasons, table="SwitchingTable")
    return supplier.request(
        "1.1.2", device=meter, body=update_import_tariff_secondary(), fields=fields
    )
