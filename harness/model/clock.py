"""The reference model's virtual clock: Great Britain local time, settable, never sleeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"clock times must carry a time zone (got naive {moment.isoformat()})")
    return moment.astimezone(UTC)


@dataclass
class VirtualClock:
    """A clock that moves only when told; reads in UTC or Europe/London (GMT/BST)."""

    _now: datetime = field(default_factory=lambda: datetime(2026, 1, 15, 12, 0, tzinfo=UTC))

    def now(self) -> datetime:
        """The current instant in UTC."""
        return self._now

    def local(self) -> datetime:
        """The current instant in Great Britain local time."""
        return self._now.astimezone(LONDON)

    def is_bst(self) -> bool:
        """Whether GB is on British Summer Time at the current instant."""
        offset = self.local().utcoffset()
        return offset is not None and offset > timedelta(0)

    def set(self, moment: datetime) -> None:
        """Jump to an instant (any time zone; naive times are refused)."""
        self._now = _aware(moment)

    def set_local(self, moment: datetime) -> None:
        """Jump to a wall-clock time in Great Britain (naive: interpreted as Europe/London)."""
        local = moment if moment.tzinfo is not None else moment.replace(tzinfo=LONDON)
        self._now = _aware(local)

    def advance(self, delta: timedelta) -> None:
        """Move forward by ``delta`` (no real waiting)."""
        if delta < timedelta(0):
            raise ValueError(f"the clock only moves forward (got {delta})")
        self._now += delta
