from __future__ import annotations

import pytest

from harness.suite.verdicts import Verdict, classify, not_applicable


@pytest.mark.parametrize(
    ("outcome", "reason", "step", "expected"),
    [
        ("passed", "", None, Verdict.PASS),
        ("failed", "", "then", Verdict.FAIL),
        ("failed", "", "given", Verdict.ERROR),
        ("failed", "", "when", Verdict.ERROR),
        ("failed", "", None, Verdict.ERROR),
        ("skipped", not_applicable("baseline"), None, Verdict.NOT_APPLICABLE),
        ("skipped", "some other skip", None, Verdict.ERROR),
    ],
)
def test_classify(outcome: str, reason: str, step: str | None, expected: Verdict) -> None:
    """Only a failing Then is a fail; other failures are errors; only n/a skips are n/a."""
    assert classify(outcome, reason, step) is expected
