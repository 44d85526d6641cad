"""Steps about time: the target's clock in Great Britain local time.

Besides the step, this module holds the time helpers other steps share (assumption
A-GB-LOCAL-TIME: "BST", "GMT", "23:00" and "today" are Great Britain civil time): the target's
current time, read through its ``now`` capability, never the real clock, and the start of a
Great Britain day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pytest_bdd import given, parsers

from harness.user import Target
from steps.capabilities import capability

#: Great Britain civil time (GMT in winter, BST in summer).
LONDON = ZoneInfo("Europe/London")


def current_time(target: Target) -> datetime:
    """The target's current instant (UTC), from its ``now`` capability."""
    now: datetime = capability(target, "now", "tell its current time")()
    return now.astimezone(UTC)


def local_date(at: datetime) -> date:
    """The Great Britain calendar date at ``at``."""
    return at.astimezone(LONDON).date()


def local_midnight(day: date) -> datetime:
    """The instant (UTC) at which ``day`` starts in Great Britain."""
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def is_bst(at: datetime) -> bool:
    """Whether Great Britain is on British Summer Time at ``at``."""
    return at.astimezone(LONDON).utcoffset() != timedelta(0)


@given(parsers.parse("it is {moment} in Great Britain"))
def local_time(duis_target: Target, moment: str) -> None:
    """Set the target's clock to a local wall-clock time, e.g. ``22:59 on 1 July 2026``."""
    set_local = capability(duis_target, "set_local_time", "set its clock")
    set_local(datetime.strptime(moment, "%H:%M on %d %B %Y"))
