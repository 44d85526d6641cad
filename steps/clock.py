"""Steps about time: the target's clock in Great Britain local time."""

from __future__ import annotations

from datetime import datetime

from pytest_bdd import given, parsers

from harness.user import Target
from steps.capabilities import capability


@given(parsers.parse("it is {moment} in Great Britain"))
def local_time(duis_target: Target, moment: str) -> None:
    """Set the target's clock to a local wall-clock time, e.g. ``22:59 on 1 July 2026``."""
    set_local = capability(duis_target, "set_local_time", "set its clock")
    set_local(datetime.strptime(moment, "%H:%M on %d %B %Y"))
