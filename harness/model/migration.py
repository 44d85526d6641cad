"""TMAD migration checks on a SMETS1 installation (seed 002, paragraph 9).

``s1sr_v10`` carries TMAD v16.0 and ``s1sr_v11`` TMAD v17.0 (``A-TMAD-BASELINE``):

- the gas meter and comms hub must have communicated within 24 hours under v16.0 and within
  72 hours under v17.0; exactly the window counts as within, and is flagged as a boundary case
  (``TMAD-GAS-72H``, ``A-TMAD-OBSERVATION``);
- v16.0 checks independent Gas Transporter (iGT) certificates, failing an installation whose
  iGT registration data is wrong; v17.0 makes no such check (``TMAD-IGT-CERT-REMOVED``).

Only these two checks are modelled; an installation "migrates" here when neither fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from harness.errors import HarnessError
from harness.model.baselines import S1srVersion

CheckOutcome = Literal["passed", "failed", "not_applicable"]

TMAD_VERSION: dict[S1srVersion, str] = {"s1sr_v10": "16.0", "s1sr_v11": "17.0"}
#: The register's ``TMAD-GAS-72H`` parameter ``window_hours``.
GAS_HUB_WINDOW_HOURS: dict[S1srVersion, int] = {"s1sr_v10": 24, "s1sr_v11": 72}

GAS_HUB_CHECK = "gas-meter-hub-communication"
IGT_CHECK = "igt-certificate"


class MigrationInputError(HarnessError):
    """A migration candidate or check time cannot be used."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"'{field}' {reason} (got {value!r})")


@dataclass(frozen=True, kw_only=True)
class MigrationCandidate:
    """What the TMAD checks look at in one SMETS1 installation."""

    installation: str
    #: Last communication between the gas meter and the comms hub; None: none recorded.
    gas_meter_hub_contact_at: datetime | None
    has_gas_meter: bool = True
    #: False when the iGT registration data given to DCC is wrong (seed 002, paragraph 9).
    igt_registration_correct: bool = True


@dataclass(frozen=True)
class CheckResult:
    """One check: its outcome, why, and the register entry it traces to."""

    check: str
    requirement: str
    outcome: CheckOutcome
    reason: str
    #: True when the elapsed time equals the window exactly (A-TMAD-OBSERVATION).
    boundary: bool = False


@dataclass(frozen=True)
class MigrationResult:
    """Every check made on a candidate under one baseline."""

    candidate: MigrationCandidate
    s1sr: S1srVersion
    checked_at: datetime
    checks: tuple[CheckResult, ...]

    @property
    def tmad_version(self) -> str:
        """The TMAD version whose checks were applied."""
        return TMAD_VERSION[self.s1sr]

    @property
    def migrates(self) -> bool:
        """Whether no modelled check failed."""
        return not self.failures

    @property
    def failures(self) -> tuple[CheckResult, ...]:
        """The failed checks."""
        return tuple(c for c in self.checks if c.outcome == "failed")

    def check(self, name: str) -> CheckResult:
        """The result of the named check (``GAS_HUB_CHECK``, ``IGT_CHECK``)."""
        for result in self.checks:
            if result.check == name:
                return result
        raise KeyError(name)


def _aware(field: str, moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise MigrationInputError(field, moment, "must carry a time zone")
    return moment


def _gas_hub_check(candidate: MigrationCandidate, now: datetime, s1sr: S1srVersion) -> CheckResult:
    hours = GAS_HUB_WINDOW_HOURS[s1sr]
    tmad = f"TMAD v{TMAD_VERSION[s1sr]}"
    if not candidate.has_gas_meter:
        return CheckResult(GAS_HUB_CHECK, "TMAD-GAS-72H", "not_applicable", "no gas meter")
    contact = candidate.gas_meter_hub_contact_at
    if contact is None:
        reason = "no communication between gas meter and comms hub recorded"
        return CheckResult(GAS_HUB_CHECK, "TMAD-GAS-72H", "failed", reason)
    elapsed = now - _aware("gas_meter_hub_contact_at", contact)
    if elapsed < timedelta(0):
        raise MigrationInputError("gas_meter_hub_contact_at", contact, f"is after the check {now}")
    window = timedelta(hours=hours)
    if elapsed > window:
        reason = f"last communication {elapsed} before the check, outside the {hours} h of {tmad}"
        return CheckResult(GAS_HUB_CHECK, "TMAD-GAS-72H", "failed", reason)
    boundary = elapsed == window
    edge = " (exactly the window, which counts as within)" if boundary else ""
    reason = f"last communication {elapsed} before the check, within the {hours} h of {tmad}{edge}"
    return CheckResult(GAS_HUB_CHECK, "TMAD-GAS-72H", "passed", reason, boundary)


def _igt_check(candidate: MigrationCandidate, s1sr: S1srVersion) -> CheckResult:
    if s1sr == "s1sr_v11":
        reason = "the iGT certificate check is removed in TMAD v17.0"
        return CheckResult(IGT_CHECK, "TMAD-IGT-CERT-REMOVED", "not_applicable", reason)
    if candidate.igt_registration_correct:
        reason = "iGT registration data correct"
        return CheckResult(IGT_CHECK, "TMAD-IGT-CERT-REMOVED", "passed", reason)
    reason = "incorrect iGT registration data fails the iGT certificate check of TMAD v16.0"
    return CheckResult(IGT_CHECK, "TMAD-IGT-CERT-REMOVED", "failed", reason)


def check_migration(
    candidate: MigrationCandidate, *, now: datetime, s1sr: S1srVersion
) -> MigrationResult:
    """Apply the TMAD checks of ``s1sr``'s TMAD version to ``candidate`` at instant ``now``."""
    checked_at = _aware("now", now)
    checks = (_gas_hub_check(candidate, checked_at, s1sr), _igt_check(candidate, s1sr))
    return MigrationResult(candidate, s1sr, checked_at, checks)
