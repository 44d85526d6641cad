"""Typed bodies for payment mode and prepayment: SRVs 1.6, 2.1, 2.2 and 2.3.

Amounts are the raw integers DUIS carries; see :mod:`harness.duis.bodies` for the conventions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from lxml import etree

from harness.duis.body_parts import (
    INT,
    PRICE_SCALE,
    SHORT,
    UNSIGNED_INT,
    UNSIGNED_SHORT,
    annual_date,
    child,
    choice,
    execution,
    integer,
    root,
    whole_week,
)
from harness.errors import BuildError

Fuel = Literal["electricity", "gas"]
PaymentMode = Literal["credit", "prepayment"]
RecoveryPeriod = Literal["HOURLY", "DAILY"]


def update_payment_mode(
    mode: PaymentMode = "credit",
    *,
    execution_datetime: datetime | None = None,
    suspend_debt_disabled: bool | None = None,
    suspend_debt_emergency: bool | None = None,
    disablement_threshold: int | None = None,
) -> etree._Element:
    """1.6 ``UpdatePaymentMode``: to credit, or to prepayment with its three settings.

    The prepayment settings default to ``False``, ``False`` and ``0``; they are refused in
    credit mode.
    """
    srv = "1.6"
    choice(srv, "mode", mode, ("credit", "prepayment"))
    body = root("UpdatePaymentMode")
    execution(body, srv, execution_datetime)
    settings = {
        "suspend_debt_disabled": suspend_debt_disabled,
        "suspend_debt_emergency": suspend_debt_emergency,
        "disablement_threshold": disablement_threshold,
    }
    if mode == "credit":
        given = [name for name, value in settings.items() if value is not None]
        if given:
            raise BuildError(srv, f"{given[0]} applies to prepayment mode only", given[0])
        child(body, "Credit")
        return body
    prepayment = child(body, "Prepayment")
    child(prepayment, "SuspendDebtDisabled", _flag(bool(suspend_debt_disabled)))
    child(prepayment, "SuspendDebtEmergency", _flag(bool(suspend_debt_emergency)))
    threshold = disablement_threshold if disablement_threshold is not None else 0
    child(prepayment, "DisablementThreshold", integer(srv, "disablement_threshold", threshold, INT))
    return body


def _flag(value: bool) -> str:
    return "true" if value else "false"


def update_prepay_configuration(
    fuel: Fuel = "electricity",
    *,
    execution_datetime: datetime | None = None,
    debt_recovery_rate_cap: int = 30,
    emergency_credit_limit: int = 300000,
    emergency_credit_threshold: int = 100000,
    low_credit_threshold: int = 200000,
    max_meter_balance: int = 5000000,
    max_credit_threshold: int = 1000000,
) -> etree._Element:
    """2.1 ``UpdatePrepayConfiguration`` with a neutral non-disablement calendar.

    The calendar declares no non-disablement period (a single STOP action); the amounts are the
    raw DUIS integers (electricity: rate cap unsignedShort, amounts int; gas: rate cap int,
    amounts unsignedInt).
    """
    srv = "2.1"
    choice(srv, "fuel", fuel, ("electricity", "gas"))
    gas = fuel == "gas"
    cap_bounds, amount_bounds = (INT, UNSIGNED_INT) if gas else (UNSIGNED_SHORT, INT)
    body = root("UpdatePrepayConfiguration")
    execution(body, srv, execution_datetime)
    config = child(body, "UpdatePrepayConfigGas" if gas else "UpdatePrepayConfigElectricity")
    child(
        config,
        "DebtRecoveryRateCap",
        integer(srv, "debt_recovery_rate_cap", debt_recovery_rate_cap, cap_bounds),
    )
    for name, parameter, value in (
        ("EmergencyCreditLimit", "emergency_credit_limit", emergency_credit_limit),
        ("EmergencyCreditThreshold", "emergency_credit_threshold", emergency_credit_threshold),
        ("LowCreditThreshold", "low_credit_threshold", low_credit_threshold),
    ):
        child(config, name, integer(srv, parameter, value, amount_bounds))
    if gas:
        _gas_non_disablement(child(config, "GasNonDisablementCalendar"))
    else:
        _electricity_non_disablement(child(config, "ElectricityNonDisablementCalendar"))
    child(
        config,
        "MaxMeterBalance",
        integer(srv, "max_meter_balance", max_meter_balance, amount_bounds),
    )
    child(
        config,
        "MaxCreditThreshold",
        integer(srv, "max_credit_threshold", max_credit_threshold, amount_bounds),
    )
    return body


def _electricity_non_disablement(calendar: etree._Element) -> None:
    child(calendar, "ElectricitySpecialDays")
    schedule = child(calendar, "ElectricityNonDisablementSchedule")
    child(schedule, "NonDisablementScript", "STOP")
    child(schedule, "SpecialDaysApplicability")
    child(schedule, "DaysOfWeekApplicability")
    dates = child(schedule, "ScheduleDatesAndTime")
    child(dates, "SwitchTime", "00:00:00Z")
    child(dates, "StartDate", "2014-01-01")
    child(dates, "EndDate", "3000-12-31")


def _gas_non_disablement(calendar: etree._Element) -> None:
    profile = child(child(calendar, "DayProfiles"), "GasNonDisablementDayProfile")
    action = child(profile, "TimeStartAction")
    child(action, "StartTime", "00:00:00Z")
    child(action, "NonDisablementAction", "STOP")
    child(profile, "GasDayName", "1")
    week = child(child(calendar, "WeekProfiles"), "WeekProfile")
    child(week, "WeekName", "1")
    whole_week(week, 1)
    season = child(child(calendar, "SeasonProfiles"), "Season")
    annual_date(child(season, "SeasonStartDate"), 1, 1, gas=True)
    child(season, "ReferencedWeekName", "1")
    child(calendar, "SpecialDays")


def top_up_device(utrn: str = "11112222333344445555") -> etree._Element:
    """2.2 ``TopUpDevice`` with a 20-digit UTRN (spaces and hyphens between groups are dropped)."""
    srv = "2.2"
    compact = utrn.replace(" ", "").replace("-", "") if isinstance(utrn, str) else ""
    if len(compact) != 20 or not compact.isascii() or not compact.isdigit():
        raise BuildError(srv, f"utrn must be 20 digits (got {utrn!r})", "utrn")
    body = root("TopUpDevice")
    child(body, "UTRN", compact)
    return body


def update_debt(
    fuel: Fuel = "electricity",
    *,
    time_debt_register_1: int = 0,
    time_debt_register_2: int = 0,
    payment_debt_register: int = 0,
    debt_recovery_per_payment: int = 0,
    recovery_rates: tuple[int, int] = (0, 0),
    recovery_period: RecoveryPeriod = "DAILY",
    recovery_price_scale: int = 0,
) -> etree._Element:
    """2.3 ``UpdateDebt``: the three debt registers and the two time-based recovery rates.

    ``debt_recovery_per_payment`` is 0–10000 (as DUIS bounds it); ``recovery_price_scale``
    applies to electricity only.
    """
    srv = "2.3"
    choice(srv, "fuel", fuel, ("electricity", "gas"))
    choice(srv, "recovery_period", recovery_period, ("HOURLY", "DAILY"))
    if len(recovery_rates) != 2:
        raise BuildError(
            srv, f"recovery_rates must be two rates (got {recovery_rates!r})", "recovery_rates"
        )
    body = root("UpdateDebt")
    for name, parameter, value in (
        ("TimeDebtRegister1", "time_debt_register_1", time_debt_register_1),
        ("TimeDebtRegister2", "time_debt_register_2", time_debt_register_2),
        ("PaymentDebtRegister", "payment_debt_register", payment_debt_register),
    ):
        child(body, name, integer(srv, parameter, value, INT))
    child(
        body,
        "DebtRecoveryPerPayment",
        integer(srv, "debt_recovery_per_payment", debt_recovery_per_payment, (0, 10000)),
    )
    prefix = "Gas" if fuel == "gas" else "Elec"
    for number, rate in enumerate(recovery_rates, start=1):
        recovery = child(body, f"{prefix}DebtRecovery{number}")
        bounds = INT if fuel == "gas" else SHORT
        child(
            recovery,
            "DebtRecoveryRate",
            integer(srv, f"recovery_rates[{number - 1}]", rate, bounds),
        )
        if fuel == "electricity":
            child(
                recovery,
                "DebtRecoveryRatePriceScale",
                integer(srv, "recovery_price_scale", recovery_price_scale, PRICE_SCALE),
            )
        child(recovery, "DebtRecoveryRatePeriod", recovery_period)
    return body
