"""Prepayment configuration and debt as a SMETS1 meter in the reference model keeps them.

Update Prepay Configuration (2.1) and Update Debt (2.3) bodies are read here, once DCC has
accepted them (so they are schema-valid), into frozen values that the device's
:class:`~harness.model.meter.MeterState` remembers; Read Prepayment Configuration (4.13) writes
them back (:mod:`harness.model.handlers.prepayment_rsp`). The non-disablement calendar is in
:mod:`harness.model.handlers.prepayment_calendar`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from harness.duis.namespaces import sr
from harness.model.handlers.prepayment_calendar import (
    ElectricityCalendar,
    Fuel,
    GasCalendar,
    child_of,
    electricity_calendar_from,
    gas_calendar_from,
    int_of,
    text_of,
)

__all__ = [
    "DebtConfiguration",
    "DebtRecovery",
    "Fuel",
    "PrepayConfiguration",
    "debt_configuration_from",
    "prepay_configuration_from",
]

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
    config = gas if gas is not None else child_of(body, "UpdatePrepayConfigElectricity")
    calendar: ElectricityCalendar | GasCalendar
    if gas is not None:
        calendar = gas_calendar_from(child_of(config, "GasNonDisablementCalendar"))
    else:
        calendar = electricity_calendar_from(child_of(config, "ElectricityNonDisablementCalendar"))
    return PrepayConfiguration(
        fuel="gas" if gas is not None else "electricity",
        debt_recovery_rate_cap=int_of(config, "DebtRecoveryRateCap"),
        emergency_credit_limit=int_of(config, "EmergencyCreditLimit"),
        emergency_credit_threshold=int_of(config, "EmergencyCreditThreshold"),
        low_credit_threshold=int_of(config, "LowCreditThreshold"),
        max_meter_balance=int_of(config, "MaxMeterBalance"),
        max_credit_threshold=int_of(config, "MaxCreditThreshold"),
        calendar=calendar,
    )


def debt_configuration_from(body: etree._Element) -> DebtConfiguration:
    """The debt settings in a schema-valid ``sr:UpdateDebt``."""
    gas = body.find(sr("GasDebtRecovery1")) is not None
    prefix = "Gas" if gas else "Elec"
    recoveries = tuple(
        _debt_recovery(child_of(body, f"{prefix}DebtRecovery{n}"), gas) for n in (1, 2)
    )
    return DebtConfiguration(
        fuel="gas" if gas else "electricity",
        time_debt_registers=(int_of(body, "TimeDebtRegister1"), int_of(body, "TimeDebtRegister2")),
        payment_debt_register=int_of(body, "PaymentDebtRegister"),
        debt_recovery_per_payment=int_of(body, "DebtRecoveryPerPayment"),
        recoveries=(recoveries[0], recoveries[1]),
    )


def _debt_recovery(element: etree._Element, gas: bool) -> DebtRecovery:
    return DebtRecovery(
        rate=int_of(element, "DebtRecoveryRate"),
        period=text_of(element, "DebtRecoveryRatePeriod"),
        price_scale=None if gas else int_of(element, "DebtRecoveryRatePriceScale"),
    )
