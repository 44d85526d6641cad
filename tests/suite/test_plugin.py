"""The plugin as a user runs it: verdicts, reasons, and a feature written from the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli.main import main

pytest_plugins = ["pytester"]

NEW_FEATURE = """
@s1sr @s1sr_18_18_g @esme @gsme @baseline_s1sr_v11 @operation
Feature: S1SR-18.18(g) - A tester's own check of the billing-calendar log
  Written only with catalogued steps, as a tester would.

  Scenario: Without a billing calendar the log request times out
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the billing-calendar billing data log
    Then the request is acknowledged
    And the supplier receives the SMETS1 alert "S1CE20" for that request
"""

RUNNER = """
from pytest_bdd import scenarios

scenarios("tester.feature")
"""


def test_new_feature_with_catalogued_steps_runs(pytester: pytest.Pytester) -> None:
    """A tester's feature written with catalogued steps runs and passes on every mapped model."""
    pytester.makefile(".feature", tester=NEW_FEATURE)
    pytester.makepyfile(test_tester=RUNNER)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_undefined_step_is_an_error_not_a_pass(pytester: pytest.Pytester) -> None:
    """A step with no definition makes the scenario fail, never pass or skip."""
    pytester.makefile(".feature", tester=NEW_FEATURE.replace("is acknowledged", "is applauded"))
    pytester.makepyfile(test_tester=RUNNER)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*StepDefinitionNotFoundError*"])


def test_baseline_outside_the_run_is_not_applicable(pytester: pytest.Pytester) -> None:
    """A scenario tagged for s1sr_v11 is skipped as not applicable in an s1sr_v10 run."""
    pytester.makefile(".feature", tester=NEW_FEATURE)
    pytester.makepyfile(test_tester=RUNNER)
    result = pytester.runpytest("-p", "no:cacheprovider", "--duis-baseline", "s1sr_v10", "-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*not applicable: expectation of s1sr_v11; run is s1sr_v10*"])


def test_unknown_baseline_is_a_usage_error(pytester: pytest.Pytester) -> None:
    """An unknown baseline label stops the run with a usage error naming the label."""
    pytester.makepyfile(test_tester=RUNNER)
    result = pytester.runpytest("--duis-baseline", "s1sr_v99")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown baseline label 's1sr_v99'*"])


def test_run_reports_not_applicable_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """duis-harness run writes each not-applicable scenario's reason into verdicts.json."""
    report = str(tmp_path)
    code = main(["run", "--baseline", "s1sr_v10", "--report", report, "--", "-m", "s1sr_18_17_i"])
    assert code == 0
    capsys.readouterr()
    document = json.loads((tmp_path / "verdicts.json").read_text("utf-8"))
    verdicts = {s["verdict"] for s in document["scenarios"]}
    assert verdicts == {"not-applicable"}
    assert all("s1sr_v11" in s["reason"] for s in document["scenarios"])
