"""Steps in which the supplier sends a Service Request (the scenario's one When)."""

from __future__ import annotations

from pytest_bdd import parsers, when

from harness.duis.identifiers import Eui64
from harness.user import DccUser, Dialogue
from steps.vocabulary import TYPES, Log


@when(
    parsers.parse("the supplier requests the {log:Log}", extra_types=TYPES),
    target_fixture="dialogue",
)
def request_log(supplier: DccUser, meter: Eui64, log: Log) -> Dialogue:
    """Request a log or reading from the meter."""
    return supplier.request(log.srv, device=meter)
