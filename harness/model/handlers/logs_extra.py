"""Instantaneous readings: 4.1.4 Read Instantaneous Import Block Counters (S1SR-18.14(a)).

A gas meter's block counters are energy in kWh (S1SR-18.14(a), A-BLOCK-COUNTER-UNITS), taken
from the model's constant load (:mod:`harness.model.consumption`; all energy falls in block 1).
They count from the last time the meter reset them:

- normally the start of the current billing period, local midnight on the first of the month,
  when the model's meters take their billing snapshot (M-SNAPSHOT-TIMES);
- on a model the DMVES maps to 18.21(e) (under ``s1sr_v11``), the reset that clause describes
  just before the latest daily snapshot, with the outcome the DMVES row configures: 00:00 UTC
  (``zero-in-gmt``) or local midnight (``full-day``).

4.1.4 is a gas service (only a Gas Supplier may request it, as the SRV catalogue says); an
electricity meter or any other device gets the model's synchronous refusal (E11).

4.11.1 Read Tariff (Primary Element) reports the seasons of the tariff the last Update Import
Tariff (1.1.1) applied, exactly as sent (S1SR-18.1(v), M-TARIFF-READ-BACK); before any is
applied it reports the meter's fuel with no switching table. 4.11.2 Read Tariff (Secondary
Element) does the same for the secondary element of an electricity meter (1.1.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from lxml import etree

from harness.duis.namespaces import ra
from harness.model import consumption
from harness.model.consumption import CounterReset
from harness.model.handlers.logs_answers import (
    answered,
    counter_reset,
    meter_fuel,
    not_a_smets1_meter,
    refused,
)
from harness.model.handling import Context, Outcome, handles
from harness.model.replies import Fuel
from harness.model.replies_mmc import (
    add_matrix,
    new_rsp,
    read_tariff_primary_element_rsp,
    read_tariff_secondary_element_rsp,
)

__all__ = ["instantaneous_block_counters", "instantaneous_block_counters_rsp", "read_tariff"]


def instantaneous_block_counters_rsp(
    counters: Sequence[Decimal], *, success: bool = True
) -> etree._Element:
    """``ReadInstantaneousImportBlockCountersRsp``: up to four block counters (kWh for gas)."""
    if len(counters) > consumption.BLOCKS:
        raise ValueError(
            f"'counters' must hold at most {consumption.BLOCKS} values (got {len(counters)})"
        )
    rsp = new_rsp("ReadInstantaneousImportBlockCountersRsp", success)
    add_matrix(
        etree.SubElement(rsp, ra("ImportBlockCounters")), "TariffBlockCounterValue", counters
    )
    return rsp


def _last_reset(ctx: Context) -> datetime:
    """When the meter last reset its block counters (see the module docstring)."""
    reset = counter_reset(ctx, "18.21(e)")
    if reset is CounterReset.UTC_MIDNIGHT:
        return consumption.utc_midnight(ctx.now)
    if reset is CounterReset.LOCAL_DAY:
        return consumption.local_midnight(consumption.local_date(ctx.now))
    return consumption.local_midnight(consumption.local_date(ctx.now).replace(day=1))


@handles("4.1.4")
def instantaneous_block_counters(ctx: Context) -> Outcome:
    """4.1.4 Read Instantaneous Import Block Counters: I99, then the gas meter's counters in kWh
    since their last reset (S1SR-18.14(a)); refused (E11) for anything but a SMETS1 gas meter."""
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    if meter_fuel(ctx) is not Fuel.GAS:
        return refused(ctx, "SRV 4.1.4 reads the block counters of a gas meter (got an ESME)")
    since = _last_reset(ctx)
    counters = consumption.block_counters(ctx.now, since)
    return answered(ctx, instantaneous_block_counters_rsp(counters))


@handles("4.11.1")
def read_tariff(ctx: Context) -> Outcome:
    """4.11.1 Read Tariff (Primary Element): I99, then the tariff's seasons exactly as the last
    Update Import Tariff sent them (S1SR-18.1(v): on a mapped model they are not limited);
    refused (E11) for anything but a SMETS1 meter (M-TARIFF-READ-BACK)."""
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    state = ctx.state
    fuel = meter_fuel(ctx)
    if state.tariff_fuel is not None:
        rsp = read_tariff_primary_element_rsp(state.tariff_fuel, state.tariff_seasons)
    else:
        rsp = read_tariff_primary_element_rsp("gas" if fuel is Fuel.GAS else "electricity", None)
    return answered(ctx, rsp)


@handles("4.11.2")
def read_tariff_secondary(ctx: Context) -> Outcome:
    """4.11.2 Read Tariff (Secondary Element): I99, then the seasons exactly as the last Update
    Import Tariff (Secondary Element, 1.1.2) sent them, or no switching table before any;
    refused (E11) for anything but a SMETS1 electricity meter (M-TARIFF-READ-BACK)."""
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    if meter_fuel(ctx) is not Fuel.ELECTRICITY:
        return refused(ctx, "SRV 4.11.2 reads the secondary element of an electricity meter")
    return answered(ctx, read_tariff_secondary_element_rsp(ctx.state.secondary_tariff_seasons))
