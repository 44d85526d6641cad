"""The ``…Rsp`` logs an S1SP reports: billing data logs (4.4.2, 4.4.3, 4.4.4), the import
daily read log (4.6.1) and profile data (4.8.1, 4.8.2, 4.8.3), with their typed values.

Register values are written as given: the MMC types of these logs carry no unit field (gas
consumption and block counters are plain decimals, electricity registers plain integers), so
the caller decides the unit (kWh for gas block counters in the model). Time stamps must carry
a time zone and are written in UTC. Matrices are sequences: element *i* (from 0) is written with
``index="i+1"``; electricity blocks are up to four block matrices (TariffTOUBlock1…4).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from lxml import etree

from harness.duis.namespaces import ra
from harness.model.replies_mmc import Number, add_matrix, add_value, new_rsp

__all__ = [
    "DebtPayment",
    "ElecRegisters",
    "Fuel",
    "GasRegisters",
    "Interval",
    "PrepaymentEntry",
    "RegisterEntry",
    "active_import_profile_rsp",
    "billing_calendar_log_rsp",
    "com_or_tariff_billing_log_rsp",
    "debt_payments_rsp",
    "export_profile_rsp",
    "import_daily_read_log_rsp",
    "intervals",
    "reactive_import_profile_rsp",
]


class Fuel(Enum):
    """Which branch of a log's Electricity/Gas choice is written."""

    ELECTRICITY = "Electricity"
    GAS = "Gas"


# --- values -----------------------------------------------------------------------------------


def _limit(what: str, values: Sequence[object], most: int) -> None:
    if len(values) > most:
        raise ValueError(f"'{what}' must hold at most {most} values (got {len(values)})")


@dataclass(frozen=True)
class ElecRegisters:
    """Electricity registers of one log entry (integers; the MMC gives no unit)."""

    active_import: int | None = None
    tou: Sequence[int] = ()
    blocks: Sequence[Sequence[int]] = ()
    secondary_active_import: int | None = None
    secondary_tou: Sequence[int] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "tou", tuple(self.tou))
        object.__setattr__(self, "blocks", tuple(tuple(b) for b in self.blocks))
        object.__setattr__(self, "secondary_tou", tuple(self.secondary_tou))
        _limit("tou", self.tou, 48)
        _limit("blocks", self.blocks, 4)
        for block in self.blocks:
            _limit("blocks[i]", block, 8)
        _limit("secondary_tou", self.secondary_tou, 4)


@dataclass(frozen=True)
class GasRegisters:
    """Gas registers of one log entry: consumption, TOU registers and block counters."""

    consumption: Number | None = None
    tou: Sequence[Number] = ()
    block_counters: Sequence[Number] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "tou", tuple(self.tou))
        object.__setattr__(self, "block_counters", tuple(self.block_counters))
        _limit("tou", self.tou, 4)
        _limit("block_counters", self.block_counters, 4)


@dataclass(frozen=True)
class RegisterEntry:
    """One entry of a billing data log or daily read log: when, and the register values."""

    timestamp: datetime
    registers: ElecRegisters | GasRegisters

    @property
    def fuel(self) -> Fuel:
        """Electricity or gas, from the kind of registers."""
        return Fuel.GAS if isinstance(self.registers, GasRegisters) else Fuel.ELECTRICITY


@dataclass(frozen=True, kw_only=True)
class PrepaymentEntry:
    """Prepayment operational data of one billing log entry (PrepaymentOperationalDataType)."""

    timestamp: datetime | None = None
    accumulated_debt: int | None = None
    emergency_credit_balance: int | None = None
    meter_balance: int | None = None
    payment_debt: int | None = None
    time_debt_1: int | None = None
    time_debt_2: int | None = None


@dataclass(frozen=True)
class DebtPayment:
    """One payment-based debt repayment (4.4.4): amount and when."""

    timestamp: datetime
    amount: int


@dataclass(frozen=True)
class Interval:
    """One profile data value and the end of its interval.

    ``value`` is the primary value (4.8.1), the reactive import (4.8.2) or the active export
    (4.8.3); ``secondary`` is the secondary value (4.8.1, electricity) or the reactive export
    (4.8.3).
    """

    timestamp: datetime
    value: Number | None
    secondary: int | None = None


def intervals(
    start: datetime, values: Iterable[Number | None], step: timedelta = timedelta(minutes=30)
) -> tuple[Interval, ...]:
    """Consecutive intervals from ``start``, ``step`` apart, one per value."""
    return tuple(Interval(start + i * step, value) for i, value in enumerate(values))


def _entries(what: str, entries: Sequence[object], most: int) -> None:
    if len(entries) > most:
        raise ValueError(f"'{what}' must hold at most {most} entries (got {len(entries)})")


def _fuel_of(fuel: Fuel, entries: Sequence[RegisterEntry]) -> None:
    for entry in entries:
        if entry.fuel is not fuel:
            raise ValueError(
                f"every entry must hold {fuel.value.lower()} registers (got {entry.fuel.value})"
            )


def _elec_blocks(parent: etree._Element, blocks: Sequence[Sequence[int]]) -> None:
    for number, block in enumerate(blocks, start=1):
        add_matrix(parent, f"TariffTOUBlock{number}RegisterMatrixValue", block)


def _prepayment(parent: etree._Element, name: str, entry: PrepaymentEntry) -> None:
    element = etree.SubElement(parent, ra(name))
    add_value(element, "AccumulatedDebtRegister", entry.accumulated_debt)
    add_value(element, "EmergencyCreditBalance", entry.emergency_credit_balance)
    add_value(element, "MeterBalance", entry.meter_balance)
    add_value(element, "PaymentDebtRegister", entry.payment_debt)
    add_value(element, "TimeDebtRegisters1", entry.time_debt_1)
    add_value(element, "TimeDebtRegisters2", entry.time_debt_2)
    add_value(element, "Timestamp", entry.timestamp)


# --- 4.4.2, 4.4.3, 4.4.4 billing data logs -----------------------------------------------------


def com_or_tariff_billing_log_rsp(
    fuel: Fuel,
    entries: Sequence[RegisterEntry] = (),
    prepayment: Sequence[PrepaymentEntry] = (),
    *,
    success: bool = True,
) -> etree._Element:
    """4.4.2 change-of-mode / tariff triggered billing data log: up to 12 register entries and
    12 prepayment entries, under Electricity or Gas (an empty log still names its fuel)."""
    _fuel_of(fuel, entries)
    _entries("entries", entries, 12)
    _entries("prepayment", prepayment, 12)
    rsp = new_rsp("RetrieveCoMOrTariffTriggeredBillingDataLogRsp", success)
    log = etree.SubElement(rsp, ra(fuel.value))
    for entry in entries:
        if isinstance(entry.registers, GasRegisters):
            gas = entry.registers
            element = etree.SubElement(log, ra("LogEntryConsumptionRegister"))
            add_value(element, "ConsumptionRegister", gas.consumption)
            add_value(element, "Timestamp", entry.timestamp)
            add_matrix(element, "TariffTOURegisterMatrixValue", gas.tou)
            add_matrix(element, "BlockRegisterMatrixValue", gas.block_counters)
        else:
            elec = entry.registers
            element = etree.SubElement(log, ra("LogEntryConsumptionAndTariffRegistersData"))
            add_value(element, "ActiveImportRegisterConsumption", elec.active_import)
            add_matrix(element, "TariffTOURegisterMatrixValue", elec.tou)
            _elec_blocks(element, elec.blocks)
            add_value(
                element, "SecondaryActiveImportRegisterConsumption", elec.secondary_active_import
            )
            add_matrix(element, "SecondaryTariffTOURegisterMatrixValue", elec.secondary_tou)
            add_value(element, "Timestamp", entry.timestamp)
    for payment in prepayment:
        _prepayment(log, "LogEntryPrepaymentData", payment)
    return rsp


def billing_calendar_log_rsp(
    fuel: Fuel,
    entries: Sequence[RegisterEntry] = (),
    prepayment: Sequence[PrepaymentEntry] = (),
    *,
    success: bool = True,
) -> etree._Element:
    """4.4.3 billing calendar triggered billing data log: up to 12 register entries and 12
    prepayment entries (ESME/GSME BillingDataLogEntry), under Electricity or Gas."""
    _fuel_of(fuel, entries)
    _entries("entries", entries, 12)
    _entries("prepayment", prepayment, 12)
    rsp = new_rsp("RetrieveBillingCalendarTriggeredBillingDataLogRsp", success)
    log = etree.SubElement(rsp, ra(fuel.value))
    meter = "GSME" if fuel is Fuel.GAS else "ESME"
    for entry in entries:
        element = etree.SubElement(log, ra(f"{meter}BillingDataLogEntry"))
        add_value(element, "Timestamp", entry.timestamp)
        if isinstance(entry.registers, GasRegisters):
            gas = entry.registers
            add_value(element, "ActiveImportRegisterValueConsumption", gas.consumption)
            add_matrix(element, "BlockRegisterMatrixValue", gas.block_counters)
            add_matrix(element, "TariffTOURegisterMatrixValue", gas.tou)
        else:
            elec = entry.registers
            add_value(element, "ActiveImportRegisterValueConsumption", elec.active_import)
            add_value(
                element,
                "SecondaryActiveImportRegisterValueConsumption",
                elec.secondary_active_import,
            )
            add_matrix(element, "TariffTOURegisterMatrixValue", elec.tou)
            add_matrix(element, "SecondaryTariffTOURegisterMatrixValue", elec.secondary_tou)
            _elec_blocks(element, elec.blocks)
    for payment in prepayment:
        _prepayment(log, f"{meter}BillingPrepaymentDataLogEntry", payment)
    return rsp


def debt_payments_rsp(
    payments: Sequence[DebtPayment] = (), *, success: bool = True
) -> etree._Element:
    """4.4.4 billing data log debt payments: up to 10 payment-based debt repayments.

    With no payments the PaymentBasedDebtRepayment element is left out.
    """
    _entries("payments", payments, 10)
    rsp = new_rsp("RetrieveBillingDataLogDebtPaymentsRsp", success)
    if payments:
        repayment = etree.SubElement(rsp, ra("PaymentBasedDebtRepayment"))
        for payment in payments:
            entry = etree.SubElement(repayment, ra("LogEntry"))
            add_value(entry, "Amount", payment.amount)
            add_value(entry, "Timestamp", payment.timestamp)
    return rsp


# --- 4.6.1 daily read log ----------------------------------------------------------------------


def import_daily_read_log_rsp(
    entries: Sequence[RegisterEntry], *, success: bool = True
) -> etree._Element:
    """4.6.1 import daily read log: up to 31 entries, each a time stamp and the registers.

    Entries are written in the order given, duplicates included (18.21(f): a 23:00 and a
    00:00 entry for the same reading are two entries). Gas entries carry the consumption, the
    block counters (TariffBlockCounterMatrix) and the TOU registers.
    """
    _entries("entries", entries, 31)
    rsp = new_rsp("RetrieveImportDailyReadLogRsp", success)
    for entry in entries:
        element = etree.SubElement(rsp, ra("LogEntry"))
        add_value(element, "Timestamp", entry.timestamp)
        if isinstance(entry.registers, GasRegisters):
            gas = entry.registers
            values = etree.SubElement(element, ra("Gas"))
            add_value(values, "GasActiveImportRegisterConsumption", gas.consumption)
            add_matrix(values, "TariffBlockCounterMatrix", gas.block_counters)
            add_matrix(values, "TariffTOURegisterMatrix", gas.tou)
        else:
            elec = entry.registers
            values = etree.SubElement(element, ra("Electricity"))
            add_value(values, "ElecActiveImportRegisterConsumption", elec.active_import)
            add_value(
                values, "SecondaryActiveImportRegisterConsumption", elec.secondary_active_import
            )
            add_matrix(values, "SecondaryTariffTOURegisterMatrixValue", elec.secondary_tou)
            add_matrix(values, "TariffTOURegisterMatrixValue", elec.tou)
            _elec_blocks(values, elec.blocks)
    return rsp


# --- 4.8.1, 4.8.2, 4.8.3 profile data ----------------------------------------------------------


def active_import_profile_rsp(
    fuel: Fuel, values: Sequence[Interval], *, success: bool = True
) -> etree._Element:
    """4.8.1 active import profile data: up to 19056 intervals (primary value, and for
    electricity the secondary value), each under Electricity or Gas."""
    _entries("values", values, 19056)
    rsp = new_rsp("ReadActiveImportProfileDataRsp", success)
    for interval in values:
        entry = etree.SubElement(rsp, ra("LogEntry"))
        add_value(entry, "Timestamp", interval.timestamp)
        branch = etree.SubElement(entry, ra(fuel.value))
        add_value(branch, "PrimaryValue", interval.value)
        if fuel is Fuel.ELECTRICITY:
            add_value(branch, "SecondaryValue", interval.secondary)
        elif interval.secondary is not None:
            raise ValueError("a gas profile interval has no secondary value")
    return rsp


def reactive_import_profile_rsp(
    values: Sequence[Interval], *, success: bool = True
) -> etree._Element:
    """4.8.2 reactive import profile data: up to 4464 intervals (ReactiveEnergyImportedValue)."""
    _entries("values", values, 4464)
    rsp = new_rsp("ReadReactiveImportProfileDataRsp", success)
    for interval in values:
        entry = etree.SubElement(rsp, ra("LogEntry"))
        add_value(entry, "ReactiveEnergyImportedValue", interval.value)
        add_value(entry, "Timestamp", interval.timestamp)
    return rsp


def export_profile_rsp(values: Sequence[Interval], *, success: bool = True) -> etree._Element:
    """4.8.3 export profile data: up to 4464 intervals (active export, reactive export)."""
    _entries("values", values, 4464)
    rsp = new_rsp("ReadExportProfileDataRsp", success)
    for interval in values:
        entry = etree.SubElement(rsp, ra("LogEntry"))
        add_value(entry, "ActiveEnergyExportedValue", interval.value)
        add_value(entry, "ReactiveEnergyExportedValue", interval.secondary)
        add_value(entry, "Timestamp", interval.timestamp)
    return rsp
