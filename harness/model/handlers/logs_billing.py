"""The billing data logs: 4.4.2 (change of mode / tariff), 4.4.3 (billing calendar), 4.4.4
(payment-based debt payments).

Each log is empty until the meter has something to log, and a model the DMVES maps to the
clause for that log times out instead (S1CE20) while it is empty: 18.17(i), 18.18(g), 18.19(a).
Which history lifts each clause is read from the device's :class:`~harness.model.meter.MeterState`
(A-HISTORY-PER-DEVICE: only completed operations count). The register defines these clauses
under s1sr_v11 only; under s1sr_v10 mapped models behave as unmapped ones (``clause_applies``).
"""

from __future__ import annotations

from datetime import timedelta

from harness.model import consumption, replies
from harness.model.consumption import CounterReset
from harness.model.handlers.logs_answers import (
    LogRead,
    answered,
    clause_applies,
    counter_reset,
    log_read,
    not_a_smets1_meter,
    timed_out,
)
from harness.model.handling import Context, Outcome, handles
from harness.model.replies import RegisterEntry

_MOST_ENTRIES = 12  # the MMC's bound on register entries in a 4.4.2 / 4.4.3 log


# --- 4.4.2 -------------------------------------------------------------------------------------


def _mode_or_tariff_entries(ctx: Context, read: LogRead) -> list[RegisterEntry]:
    """One entry per snapshot the updates triggered within the period (the latest 12).

    Gas block counters count from the previous snapshot of the log, or from the billing date
    (local midnight on the first of the month) if that is later. S1SR-18.17(b): they are kWh.
    """
    taken = sorted(ctx.state.mode_or_tariff_snapshots)
    until = read.until(ctx.now)
    entries: list[RegisterEntry] = []
    for index, snapshot in enumerate(taken):
        if not read.period.start <= snapshot <= until:
            continue
        month_start = consumption.local_midnight(consumption.local_date(snapshot).replace(day=1))
        previous = max(taken[index - 1], month_start) if index else month_start
        counters = consumption.block_counters(snapshot, previous)
        entries.append(consumption.reading(read.fuel, snapshot, counters))
    return entries[-_MOST_ENTRIES:]


@handles("4.4.2")
def mode_or_tariff_billing_log(ctx: Context) -> Outcome:
    """4.4.2 Retrieve Change Of Mode / Tariff Triggered Billing Data Log.

    S1SR-18.17(i): on a model mapped to 18.17(i) where neither an Update Import Tariff nor an
    Update Payment Mode has completed, the request times out: I99, then only S1CE20
    (A-S1CE20-TIMEOUT, A-S1SP-ALERT-WRAPPER). Otherwise I99 and the log. S1SR-18.17(b): a gas
    meter's block counters are kWh (A-BLOCK-COUNTER-UNITS).
    """
    read = log_read(ctx)
    if isinstance(read, Outcome):
        return read
    state = ctx.state
    if clause_applies(ctx, "18.17(i)") and not (state.tariff_updated or state.payment_mode_updated):
        return timed_out(
            ctx, "S1SR-18.17(i): no tariff or payment-mode update has completed on the meter"
        )
    entries = _mode_or_tariff_entries(ctx, read)
    return answered(ctx, replies.com_or_tariff_billing_log_rsp(read.fuel, entries))


# --- 4.4.3 -------------------------------------------------------------------------------------


def _billing_entries(ctx: Context, read: LogRead, reset: CounterReset) -> list[RegisterEntry]:
    """The billing calendar snapshots within the period (the latest 12).

    The model's meters take them at local midnight on the first of each month, whatever the
    calendar set with 6.8 says (no rule depends on the calendar's details). Gas block counters
    normally cover the month since the previous snapshot (S1SR-18.18(a): in kWh); ``reset``
    applies S1SR-18.18(f).
    """
    entries: list[RegisterEntry] = []
    for snapshot in consumption.monthly_snapshots(read.period.start, read.until(ctx.now)):
        previous_month = consumption.local_date(snapshot - timedelta(days=1)).replace(day=1)
        previous = consumption.local_midnight(previous_month)
        counters = consumption.block_counters(snapshot, previous, reset)
        entries.append(consumption.reading(read.fuel, snapshot, counters))
    return entries[-_MOST_ENTRIES:]


@handles("4.4.3")
def billing_calendar_log(ctx: Context) -> Outcome:
    """4.4.3 Retrieve Billing Calendar Triggered Billing Data Log.

    S1SR-18.18(g): on a model mapped to 18.18(g) that has never had a billing calendar set
    (6.8), the request times out: I99, then only S1CE20. Any other meter without a calendar
    returns an empty log. S1SR-18.18(a): gas block counters are kWh. S1SR-18.18(f): a gas model
    mapped to it clears its counters just before each snapshot, with the outcome its DMVES row
    configures (``zero-in-gmt``: zero on GMT, 23 of 24 hours on BST; ``full-day``).
    """
    read = log_read(ctx)
    if isinstance(read, Outcome):
        return read
    if clause_applies(ctx, "18.18(g)") and not ctx.state.billing_calendar_set:
        return timed_out(ctx, "S1SR-18.18(g): no billing calendar has been set on the meter")
    entries: list[RegisterEntry] = []
    if ctx.state.billing_calendar_set:
        entries = _billing_entries(ctx, read, counter_reset(ctx, "18.18(f)"))
    return answered(ctx, replies.billing_calendar_log_rsp(read.fuel, entries))


# --- 4.4.4 -------------------------------------------------------------------------------------


@handles("4.4.4")
def debt_payments_log(ctx: Context) -> Outcome:
    """4.4.4 Retrieve Billing Data Log (Payment Based Debt Payments).

    S1SR-18.19(a): on a model mapped to 18.19(a) where no top-up has ever recovered
    payment-based debt, the request times out: I99, then only S1CE20. The model applies this
    also to a meter that never received credit, which the clause leaves open: its log is just as
    empty. Otherwise the log is returned; the model keeps no amounts or times of repayments, so
    it holds no entries.
    """
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    if clause_applies(ctx, "18.19(a)") and not ctx.state.payment_debt_recovered:
        return timed_out(ctx, "S1SR-18.19(a): no top-up has recovered payment-based debt")
    return answered(ctx, replies.debt_payments_rsp(()))
