"""Steps that give a meter a history through DUIS requests (updates, top-ups, earlier readings).

Each update is built for the meter's fuel and dated from the target's clock; a Given whose
request the meter does not confirm is an error, not a failure (the scenario could not be set up).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from lxml import etree
from pytest_bdd import given, parsers

from harness.duis.bodies import (
    top_up_device,
    update_billing_calendar,
    update_debt,
    update_import_tariff,
    update_import_tariff_secondary,
    update_payment_mode,
)
from harness.duis.identifiers import Eui64
from harness.errors import HarnessError
from harness.suite.observations import observe
from harness.user import DccUser, Dialogue, Target
from steps.clock import current_time, local_date, local_midnight
from steps.requests import DccUsers
from steps.responses import meter_confirmed
from steps.vocabulary import TYPES, Fuel, Log, Update, User


def _billing_calendar(fuel: Fuel, now: datetime) -> etree._Element:
    """A monthly billing calendar; a gas one starts at local midnight on the 1st of this month."""
    if fuel == "electricity":
        return update_billing_calendar(fuel)
    start = local_midnight(local_date(now).replace(day=1))
    return update_billing_calendar(fuel, billing_period_start=start)


#: The body of each update for a meter of a fuel at the target's current time.
_BODIES: dict[str, Callable[[Fuel, datetime], etree._Element]] = {
    "1.1.1": lambda fuel, _now: update_import_tariff(fuel=fuel),
    "1.1.2": lambda _fuel, _now: update_import_tariff_secondary(),
    "1.6": lambda _fuel, _now: update_payment_mode(),
    "6.8": _billing_calendar,
    "2.2": lambda _fuel, _now: top_up_device(),
    # Payment-based debt of £50 with £20 recovered from each payment (top-up).
    "2.3": lambda fuel, _now: update_debt(
        fuel, payment_debt_register=5000, debt_recovery_per_payment=2000
    ),
}


@given(parsers.parse("the supplier has applied {update:Update} to the meter", extra_types=TYPES))
def applied_update(
    supplier: DccUser, duis_target: Target, meter: Eui64, meter_fuel: Fuel, update: Update
) -> None:
    """Send the update (critical flow included) and require that the meter confirmed it."""
    body = _BODIES[update.srv](meter_fuel, current_time(duis_target))
    observed = observe(supplier.request(update.srv, device=meter, body=body))
    if not meter_confirmed(observed):
        raise HarnessError(f"precondition: {update.words} was not confirmed ({observed.summary()})")


@given(
    parsers.parse("the {user:User} has read the {reading:Reading}", extra_types=TYPES),
    target_fixture="earlier_dialogue",
)
def earlier_reading(dcc_users: DccUsers, meter: Eui64, user: User, reading: Log) -> Dialogue:
    """Take a reading now, for a later step to compare with; the meter must answer."""
    dialogue = dcc_users[user].request(reading.srv, device=meter)
    observed = observe(dialogue)
    if not meter_confirmed(observed):
        raise HarnessError(f"precondition: no {reading.words} returned ({observed.summary()})")
    return dialogue
