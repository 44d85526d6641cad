from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from harness.errors import UsageError
from harness.model.baselines import Baseline
from harness.model.clock import VirtualClock


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("s1sr_v11+mp202_enduring", Baseline("s1sr_v11", "enduring")),
        ("s1sr-v10", Baseline("s1sr_v10", "tactical")),
        ("mp202-tactical", Baseline("s1sr_v11", "tactical")),
        ("S1SR_V11, mp202_tactical", Baseline("s1sr_v11", "tactical")),
    ],
)
def test_baseline_parsing_and_defaults(text: str, expected: Baseline) -> None:
    """Profiles parse in either spelling; a missing axis takes its documented default."""
    assert Baseline.parse(text) == expected


def test_baseline_labels_and_unknown_label() -> None:
    """A baseline includes its two labels only; an unknown label is a usage error."""
    baseline = Baseline.parse("s1sr_v11+mp202_enduring")
    assert baseline.includes("mp202_enduring")
    assert not baseline.includes("s1sr_v10")
    assert baseline.name == "s1sr_v11+mp202_enduring"
    with pytest.raises(UsageError, match="unknown baseline label 's1sr_v12'"):
        Baseline.parse("s1sr_v12")


@pytest.mark.parametrize(
    ("utc", "bst"),
    [
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), False),  # last minute of GMT
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), True),  # clocks go forward
        (datetime(2026, 10, 25, 0, 59, tzinfo=UTC), True),  # last minute of BST
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), False),  # clocks go back
    ],
)
def test_clock_knows_bst(utc: datetime, bst: bool) -> None:
    """The clock reports BST exactly across the 2026 transitions."""
    clock = VirtualClock()
    clock.set(utc)
    assert clock.is_bst() is bst


def test_clock_local_time_and_advance() -> None:
    """Local wall-clock times are interpreted in Europe/London; advancing never goes back."""
    clock = VirtualClock()
    clock.set_local(datetime(2026, 7, 1, 22, 59))
    assert clock.now() == datetime(2026, 7, 1, 21, 59, tzinfo=UTC)
    clock.advance(timedelta(minutes=1))
    assert clock.local().hour == 23
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="naive"):
        clock.set(datetime(2026, 1, 1))
