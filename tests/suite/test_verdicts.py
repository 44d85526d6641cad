from __future__ import annotations

import pytest

from harness.errors import TargetDeadlineError, TargetReplyError
from harness.suite import plugin
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


class _Node:
    def __init__(self) -> None:
        self.stash = pytest.Stash()


class _Request:
    def __init__(self) -> None:
        self.node = _Node()


class _Step:
    type = "then"


@pytest.mark.parametrize(
    ("exception", "expected"),
    [
        (AssertionError("the meter did not answer I0"), Verdict.FAIL),
        (TargetDeadlineError("RID", 10.0, "the response"), Verdict.ERROR),
        (TargetReplyError("synchronous reply", "not XML"), Verdict.ERROR),
    ],
)
def test_transport_fault_in_a_then_is_an_error_not_a_fail(
    exception: Exception, expected: Verdict
) -> None:
    """A Then whose own request hits a transport fault is an error; its assertion is a fail."""
    request = _Request()
    plugin.pytest_bdd_step_error(request, _Step(), exception)  # type: ignore[arg-type]
    failed = request.node.stash[plugin._FAILED_STEP]
    assert classify("failed", "", failed) is expected
