"""Steps about migration: the TMAD checks DCC runs on a SMETS1 installation.

Migration is not a DUIS request, so the checks run through the target's ``migrate`` capability
(a target without it makes the scenario not applicable) and are observed through their result
(assumption A-TMAD-OBSERVATION). Times are the target's clock, never the real one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from pytest_bdd import given, parsers, then, when

from harness.model.migration import (
    GAS_HUB_CHECK,
    IGT_CHECK,
    MigrationCandidate,
    MigrationResult,
)
from harness.user import Target
from steps.capabilities import capability
from steps.clock import current_time

# --- vocabulary --------------------------------------------------------------------------------

_DURATION = re.compile(r"(\d+) hours?(?: and (\d+) seconds?)?")


@dataclass(frozen=True)
class Outcome:
    """What became of an installation: migrated, or held back by a named check."""

    words: str
    #: The check that must have failed, or None when the installation migrates.
    failed_check: str | None
    meaning: str


OUTCOMES = {
    o.words: o
    for o in (
        Outcome("migrates", None, "no modelled check fails"),
        Outcome(
            "fails the gas meter and comms hub check",
            GAS_HUB_CHECK,
            "the TMAD-GAS-72H check fails, no other",
        ),
        Outcome(
            "fails the iGT certificate check",
            IGT_CHECK,
            "the TMAD-IGT-CERT-REMOVED check fails, no other",
        ),
    )
}
IGT_DATA = {"correct": True, "wrong": False}


def parse_duration(text: str) -> timedelta:
    """``23 hours``, ``1 hour`` or ``72 hours and 1 second``."""
    found = _DURATION.fullmatch(text)
    if found is None:
        raise ValueError(f"a duration must read like '72 hours and 1 second' (got {text!r})")
    hours, seconds = found.groups()
    return timedelta(hours=int(hours), seconds=int(seconds or 0))


def parse_outcome(text: str) -> Outcome:
    """What became of the installation, in business words."""
    return OUTCOMES[text]


def parse_igt_data(text: str) -> bool:
    """Whether iGT registration data is ``correct`` or ``wrong``."""
    return IGT_DATA[text]


def _choice(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


parse_duration.pattern = _DURATION.pattern  # type: ignore[attr-defined]
parse_outcome.pattern = _choice(list(OUTCOMES))  # type: ignore[attr-defined]
parse_igt_data.pattern = _choice(list(IGT_DATA))  # type: ignore[attr-defined]

TYPES = {"Duration": parse_duration, "MigrationOutcome": parse_outcome, "IgtData": parse_igt_data}


def catalogue_rows() -> list[tuple[str, str, str]]:
    """Every word of this module's vocabulary as (type, words, meaning) for the catalogue."""
    rows = [("Duration", "N hours, N hours and N seconds", "time before the target's now")]
    rows += [("MigrationOutcome", w, o.meaning) for w, o in OUTCOMES.items()]
    rows += [("IgtData", w, f"iGT registration data {w}") for w in IGT_DATA]
    return rows


def _step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


# --- steps -------------------------------------------------------------------------------------


@given(
    _step(
        "a SMETS1 installation whose gas meter last communicated with the comms hub"
        " {age:Duration} ago"
    ),
    target_fixture="candidate",
)
def installation_last_contact(duis_target: Target, age: timedelta) -> MigrationCandidate:
    """A migration candidate whose gas meter reached the hub ``age`` before the target's now."""
    contact = current_time(duis_target) - age
    return MigrationCandidate(installation="scenario", gas_meter_hub_contact_at=contact)


@given(
    _step("its independent gas transporter registration data is {state:IgtData}"),
    target_fixture="candidate",
)
def igt_registration(candidate: MigrationCandidate, state: bool) -> MigrationCandidate:
    """The installation is on an iGT network whose registration data is correct or wrong."""
    return replace(candidate, igt_registration_correct=state)


@when("DCC runs the migration checks on the installation", target_fixture="migration")
def run_migration_checks(duis_target: Target, candidate: MigrationCandidate) -> MigrationResult:
    """Run the TMAD checks of the target's baseline now (migration capability)."""
    migrate = capability(duis_target, "migrate", "run the TMAD migration checks")
    result: MigrationResult = migrate(candidate)
    return result


@then(_step("the installation {outcome:MigrationOutcome}"))
def installation_outcome(
    request: pytest.FixtureRequest, migration: MigrationResult, outcome: Outcome
) -> None:
    """The installation migrates, or fails exactly the named check; boundaries are recorded."""
    failed = [check.check for check in migration.failures]
    expected = [outcome.failed_check] if outcome.failed_check else []
    assert failed == expected, [f"{c.check}: {c.outcome} ({c.reason})" for c in migration.checks]
    if any(check.boundary for check in migration.checks):
        request.node.user_properties.append(
            ("duis_boundary", migration.check(GAS_HUB_CHECK).reason)
        )
