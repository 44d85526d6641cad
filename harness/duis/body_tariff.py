"""Typed bodies for SRV 1.1.1 / 1.1.2 Update Import Tariff (Primary / Secondary Element).

The full DUIS tariff (seasons, week and day profiles, special days, block thresholds, hybrid
prices) is large; this builder makes the common case valid in one call: one season starting on
1 January every year, one week profile using one day profile for all seven days, no special
days and no block thresholds (every threshold at its maximum). Electricity switches between
time-of-use rates at the given times of day; a gas meter's day profile names one rate for the
whole day. Anything more elaborate can be layered on with ``fields`` (``--set``).

Prices and the standing charge are the raw integers DUIS carries: the price is
``value × 10^price_scale`` (electricity); gas prices have no scale element in this body.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Literal

from lxml import etree

from harness.duis.body_parts import (
    PRICE_SCALE,
    SHORT,
    UNSIGNED_INT,
    annual_date,
    child,
    choice,
    clock,
    execution,
    integer,
    root,
    whole_week,
)
from harness.errors import BuildError

Fuel = Literal["electricity", "gas"]
Currency = Literal["GBP", "ECB"]

_SRV = "1.1.1"
_SRV_SECONDARY = "1.1.2"
_ELEC_THRESHOLD_MAX = 2**32 - 1
_GAS_THRESHOLD_MAX = 2**48 - 1


def update_import_tariff(
    *,
    fuel: Fuel = "electricity",
    prices: Sequence[int] = (1500,),
    switch_times: Sequence[tuple[time, int]] | None = None,
    standing_charge: int = 20000,
    standing_charge_scale: int = -5,
    price_scale: int = -5,
    currency: Currency = "GBP",
    day_rate: int = 1,
    execution_datetime: datetime | None = None,
) -> etree._Element:
    """``UpdateImportTariffPrimaryElement`` for a single-rate or time-of-use import tariff.

    ``prices`` are the TOU prices, rate 1 first (electricity 1–48, gas 1–4). For electricity,
    ``switch_times`` lists ``(start time, rate)`` pairs for every day (default: rate 1 from
    midnight); for gas, ``day_rate`` is the rate used all day. ``price_scale`` and
    ``standing_charge_scale`` apply to electricity only.
    """
    choice(_SRV, "fuel", fuel, ("electricity", "gas"))
    choice(_SRV, "currency", currency, ("GBP", "ECB"))
    body = root("UpdateImportTariffPrimaryElement")
    execution(body, _SRV, execution_datetime)
    if fuel == "electricity":
        if day_rate != 1:
            raise BuildError(_SRV, "day_rate is for gas; electricity uses switch_times", "day_rate")
        rates = _prices(prices, 48, SHORT)
        _electricity_tariff(body, currency, switch_times or ((time(0, 0), 1),), len(rates))
        elements = child(child(body, "PriceElements"), "ElectricityPriceElements")
        child(elements, "StandingCharge", integer(_SRV, "standing_charge", standing_charge, SHORT))
        child(
            elements,
            "StandingChargeScale",
            integer(_SRV, "standing_charge_scale", standing_charge_scale, PRICE_SCALE),
        )
        child(elements, "PriceScale", integer(_SRV, "price_scale", price_scale, PRICE_SCALE))
    else:
        if switch_times is not None:
            raise BuildError(
                _SRV,
                "a gas tariff switches by day, not by time of day: use day_rate",
                "switch_times",
            )
        rates = _prices(prices, 4, UNSIGNED_INT)
        integer(_SRV, "day_rate", day_rate, (1, len(rates)))
        _gas_tariff(body, day_rate)
        elements = child(child(body, "PriceElements"), "GasPriceElements")
        child(elements, "CurrencyUnits", currency)
        child(
            elements,
            "StandingCharge",
            integer(_SRV, "standing_charge", standing_charge, UNSIGNED_INT),
        )
    tou = child(elements, "TOUTariff")
    for index, price in enumerate(rates, start=1):
        child(tou, "TOUPrice", price, index=str(index))
    return body


def update_import_tariff_secondary(
    *,
    prices: Sequence[int] = (1500,),
    switch_times: Sequence[tuple[time, int]] | None = None,
    price_scale: int = -5,
    execution_datetime: datetime | None = None,
) -> etree._Element:
    """``UpdateImportTariffSecondaryElement`` (SRV 1.1.2): the secondary element of a twin-element
    electricity meter, with one to four time-of-use rates and no block pricing.

    ``prices`` are the TOU prices, rate 1 first; ``switch_times`` lists ``(start time, rate)``
    pairs for every day (default: rate 1 from midnight); ``price_scale`` applies to every price.
    The switching table has the same shape as the primary element's: one day profile used all
    week in one season starting on 1 January every year; there are no special days.
    """
    body = root("UpdateImportTariffSecondaryElement")
    execution(body, _SRV_SECONDARY, execution_datetime)
    rates = _prices(prices, 4, SHORT, _SRV_SECONDARY)
    switches = switch_times or ((time(0, 0), 1),)
    table = child(body, "SwitchingTable")
    _electricity_switching_table(table, _SRV_SECONDARY, switches, len(rates))
    child(body, "SpecialDays")
    elements = child(body, "PriceElements")
    scale = integer(_SRV_SECONDARY, "price_scale", price_scale, PRICE_SCALE)
    child(elements, "PriceScale", scale)
    for index, price in enumerate(rates, start=1):
        child(elements, "ElectricityPriceElement", price, index=str(index))
    return body


def _prices(
    prices: Sequence[int], most: int, bounds: tuple[int, int], srv: str = _SRV
) -> list[str]:
    if not 1 <= len(prices) <= most:
        raise BuildError(srv, f"prices must list 1 to {most} rates (got {len(prices)})", "prices")
    return [integer(srv, f"prices[{i}]", p, bounds) for i, p in enumerate(prices)]


def _electricity_switching_table(
    table: etree._Element, srv: str, switches: Sequence[tuple[time, int]], rate_count: int
) -> None:
    """One day profile switching rates at ``switches``, used all week, in one all-year season."""
    if not 1 <= len(switches) <= 48:
        raise BuildError(
            srv, f"switch_times must list 1 to 48 switches (got {len(switches)})", "switch_times"
        )
    starts = [clock(srv, "switch_times", start) for start, _ in switches]
    if len(set(starts)) != len(starts):
        raise BuildError(srv, f"switch_times repeats a start time (got {starts})", "switch_times")
    profile = child(child(table, "DayProfiles"), "DayProfile")
    child(profile, "DayName", "1")
    for (_, rate), text in sorted(zip(switches, starts, strict=True), key=lambda s: s[0][0]):
        schedule = child(profile, "ProfileSchedule")
        child(schedule, "StartTime", text)
        child(schedule, "TOUTariffAction", integer(srv, "switch_times rate", rate, (1, rate_count)))
    week = child(child(table, "WeekProfiles"), "WeekProfile")
    child(week, "WeekName", "1")
    whole_week(week, 1)
    season = child(child(table, "Seasons"), "Season")
    child(season, "SeasonName", "ALLYEAR")
    annual_date(child(season, "SeasonStartDate"), 1, 1, gas=False)
    child(season, "ReferencedWeekName", "1")


def _electricity_tariff(
    body: etree._Element, currency: str, switches: Sequence[tuple[time, int]], rate_count: int
) -> None:
    elements = child(body, "ElecTariffElements")
    child(elements, "CurrencyUnits", currency)
    _electricity_switching_table(child(elements, "SwitchingTable"), _SRV, switches, rate_count)
    child(elements, "SpecialDays")
    matrix = child(elements, "ThresholdMatrix")
    for index in range(1, 9):
        thresholds = child(matrix, "Thresholds", index=str(index))
        child(thresholds, "BlockThreshold", str(_ELEC_THRESHOLD_MAX), index="1")


def _gas_tariff(body: etree._Element, day_rate: int) -> None:
    elements = child(body, "GasTariffElements")
    table = child(elements, "SwitchingTable")
    profile = child(child(table, "DayProfiles"), "DayProfile")
    child(profile, "DayName", "1")
    child(profile, "TOUTariffAction", str(day_rate))
    week = child(child(table, "WeekProfiles"), "WeekProfile")
    child(week, "WeekName", "1")
    whole_week(week, 1)
    season = child(child(table, "Seasons"), "Season")
    annual_date(child(season, "SeasonStartDate"), 1, 1, gas=True)
    child(season, "ReferencedWeekName", "1")
    child(elements, "SpecialDays")
    child(child(elements, "ThresholdMatrix"), "BlockThreshold", str(_GAS_THRESHOLD_MAX), index="1")
