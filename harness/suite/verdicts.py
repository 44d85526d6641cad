"""Verdicts of a scenario run, in the words of the report.

- **pass**: every Then held; for a regulation-uncertain outcome, "pass (outcome allowed, not
  certain)" with the outcome seen (assumption A-UNCERTAIN-VERDICT).
- **fail**: a Then did not hold: the target does not behave as the requirement says.
- **error**: the harness or the target failed before an assertion could be made (a Given or
  When raised, the target was unreachable, a step was undefined).
- **not-applicable**: the scenario does not apply to this run (baseline, or a capability the
  target lacks), with the reason. Never counted as a pass.
"""

from __future__ import annotations

from enum import Enum

NOT_APPLICABLE_PREFIX = "not applicable: "


class Verdict(Enum):
    """The four verdicts."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    NOT_APPLICABLE = "not-applicable"


def not_applicable(reason: str) -> str:
    """The skip reason that marks a scenario not applicable."""
    return NOT_APPLICABLE_PREFIX + reason


def classify(outcome: str, skip_reason: str = "", failed_step_type: str | None = None) -> Verdict:
    """A verdict from a pytest outcome and, for failures, the type of the step that failed.

    Only an assertion in a Then step is a failure of the target; anything else that went wrong
    (set-up, the request itself, an undefined step, a fault outside the steps) is an error.
    """
    if outcome == "skipped":
        if skip_reason.startswith(NOT_APPLICABLE_PREFIX):
            return Verdict.NOT_APPLICABLE
        return Verdict.ERROR
    if outcome == "passed":
        return Verdict.PASS
    return Verdict.FAIL if failed_step_type == "then" else Verdict.ERROR
