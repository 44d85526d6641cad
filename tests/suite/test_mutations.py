"""Mutation tests: a model that ignores a clause fails exactly that clause's scenarios."""

from __future__ import annotations

import shutil

import pytest

from harness.register import features_directory
from tests.suite.mutants import LOST_CLAUSE, RUNNER

pytest_plugins = ["pytester"]


def _feature_run(pytester: pytest.Pytester, feature: str, clause: str | None) -> pytest.RunResult:
    shutil.copy(features_directory() / "s1sr" / feature, pytester.path / feature)
    pytester.makepyfile(test_feature=RUNNER.format(feature=feature))
    if clause is not None:
        pytester.makeconftest(LOST_CLAUSE.format(clause=clause))
    return pytester.runpytest("-p", "no:cacheprovider", "-q")


def test_reference_model_passes_18_17_i(pytester: pytest.Pytester) -> None:
    """Control: the unmodified reference model passes every run of the 18.17(i) feature (the
    secondary element scenario is not applicable to the gas meter model)."""
    result = _feature_run(pytester, "S1SR-18.17(i).feature", None)
    result.assert_outcomes(passed=10, skipped=1)


def test_model_ignoring_18_17_i_fails_its_time_out_scenario(pytester: pytest.Pytester) -> None:
    """A model ignoring 18.17(i) fails the S1CE20 scenario on both mapped models, nothing else."""
    result = _feature_run(pytester, "S1SR-18.17(i).feature", "18.17(i)")
    result.assert_outcomes(passed=8, failed=2, skipped=1)
    result.stdout.fnmatch_lines(["FAILED *test_no_tariff_or_paymentmode_update_was_ever_applied*"])
