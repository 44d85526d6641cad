"""The import daily read log (4.6.1), with the BST duplicate of S1SR-18.21(f) and the gas block
counter reset of S1SR-18.21(e).

The model's meters take their daily snapshot at local midnight (A-GB-LOCAL-TIME), which DUIS
writes in UTC: 00:00 on GMT, 23:00 the evening before on BST. So on BST the entry that opens
the current day is stamped 23:00, and the 18.21(f) duplicate repeats it stamped 00:00, one
hour later, with the same register values: no consumption since the 23:00 entry.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from harness.model import consumption, replies
from harness.model.clock import LONDON
from harness.model.handlers.logs_answers import (
    LogRead,
    answered,
    clause_applies,
    counter_reset,
    log_read,
)
from harness.model.handling import Context, Outcome, handles
from harness.model.replies import RegisterEntry

_MOST_ENTRIES = 31  # the MMC's bound on entries in a daily read log
_CUTOFF = time(23, 0)  # S1SR-18.21(f); register parameter cutoff_local_time


def _today(now: datetime) -> tuple[datetime, datetime]:
    """Where the current Great Britain day starts and ends (UTC)."""
    today = consumption.local_date(now)
    return consumption.local_midnight(today), consumption.local_midnight(today + timedelta(days=1))


def _duplicate_due(ctx: Context, read: LogRead) -> bool:
    """Whether S1SR-18.21(f) adds the 00:00 duplicate of the 23:00 entry to this log.

    The model is mapped to 18.21(f); DCC received the request on BST, before 23:00 local time
    (23:00:00 itself is not before, A-GB-LOCAL-TIME); the requested period reaches into the
    current day (it ends after the day's start and starts before its end); the current day
    opened with a 23:00 UTC entry (not so on the day the clocks go forward, which opened on GMT);
    and the 00:00 UTC copy is not later than now (not so between 00:00 and 01:00 BST).
    """
    if not clause_applies(ctx, "18.21(f)") or not consumption.is_bst(ctx.now):
        return False
    if ctx.now.astimezone(LONDON).time() >= _CUTOFF:
        return False
    start, end = _today(ctx.now)
    opened_at_2300_utc = start.astimezone(UTC).time() == time(23, 0)
    if not opened_at_2300_utc or start + timedelta(hours=1) > ctx.now:
        return False
    return read.period.end > start and read.period.start < end


def _entry(ctx: Context, read: LogRead, snapshot: datetime) -> RegisterEntry:
    """The daily snapshot at ``snapshot``; gas counters cover the day unless 18.21(e) resets
    them (S1SR-18.21(e), outcome from the DMVES row)."""
    previous = consumption.local_midnight(consumption.local_date(snapshot) - timedelta(days=1))
    counters = consumption.block_counters(snapshot, previous, counter_reset(ctx, "18.21(e)"))
    return consumption.reading(read.fuel, snapshot, counters)


@handles("4.6.1")
def import_daily_read_log(ctx: Context) -> Outcome:
    """4.6.1 Retrieve Import Daily Read Log: I99, then one entry per local midnight in the
    requested period (up to now; the latest 31 entries).

    S1SR-18.21(f): when :func:`_duplicate_due`, the log ends with an extra entry stamped 00:00
    UTC that repeats the values of the 23:00 UTC entry opening the current day. S1SR-18.21(e):
    a gas model mapped to it clears its block counters just before each snapshot (``zero-in-gmt``
    by default: zero on GMT days, 23 hours on BST days; or ``full-day``).
    """
    read = log_read(ctx)
    if isinstance(read, Outcome):
        return read
    duplicate = _duplicate_due(ctx, read)
    room = _MOST_ENTRIES - 1 if duplicate else _MOST_ENTRIES
    snapshots = consumption.daily_snapshots(read.period.start, read.until(ctx.now))[-room:]
    entries = [_entry(ctx, read, snapshot) for snapshot in snapshots]
    notes: tuple[str, ...] = ()
    if duplicate:
        opening = _entry(ctx, read, _today(ctx.now)[0])
        stamp = consumption.utc_midnight(opening.timestamp) + timedelta(days=1)
        entries.append(RegisterEntry(stamp, opening.registers))
        notes = ("S1SR-18.21(f): 00:00 duplicate of the 23:00 entry added",)
    return answered(ctx, replies.import_daily_read_log_rsp(entries), *notes)
