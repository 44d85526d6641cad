"""Steps that give a meter a history through DUIS requests (tariffs, payment modes, calendars)."""

from __future__ import annotations

from pytest_bdd import given, parsers

from harness.duis.identifiers import Eui64
from harness.errors import HarnessError
from harness.suite.observations import observe
from harness.user import DccUser
from steps.vocabulary import TYPES, Update


@given(parsers.parse("the supplier has applied {update:Update} to the meter", extra_types=TYPES))
def applied_update(supplier: DccUser, meter: Eui64, update: Update) -> None:
    """Send the update (critical flow included) and require that the meter confirmed it."""
    observed = observe(supplier.request(update.srv, device=meter))
    if not observed.smets1_responses:
        raise HarnessError(f"precondition: {update.words} was not confirmed ({observed.summary()})")
