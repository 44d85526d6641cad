"""Mutation tests for the readings and logs features: a model that ignores a clause fails
exactly the scenarios that check that clause's special behaviour."""

from __future__ import annotations

import re
import shutil

import pytest

from harness.register import features_directory
from tests.suite.mutants import RUNNER

pytest_plugins = ["pytester"]

MUTANT = """
import pytest

from harness.model.reference import ReferenceModel


@pytest.fixture
def duis_target(duis_settings):
    \"\"\"A reference model whose DMVES has lost clauses {clauses}: it ignores them.\"\"\"
    dmves = duis_settings.dmves
    for clause in {clauses}:
        dmves = dmves.without_clause(clause)
    return ReferenceModel(
        baseline=duis_settings.baseline, dmves=dmves, schema_set=duis_settings.schema_set
    )
"""

_FAILED = re.compile(r"^FAILED \S+::(test_\w+)")


def _feature_run(
    pytester: pytest.Pytester,
    requirement: str,
    clauses: tuple[str, ...] = (),
    baseline: str = "s1sr_v11+mp202_enduring",
) -> pytest.RunResult:
    """Run one feature file against the reference model, mutated to lose ``clauses``."""
    feature = f"{requirement}.feature"
    shutil.copy(features_directory() / "s1sr" / feature, pytester.path / feature)
    pytester.makepyfile(test_feature=RUNNER.format(feature=feature))
    if clauses:
        pytester.makeconftest(MUTANT.format(clauses=repr(list(clauses))))
    return pytester.runpytest("-p", "no:cacheprovider", "-q", f"--duis-baseline={baseline}")


def _failed_scenarios(result: pytest.RunResult) -> set[str]:
    """The test names (one per scenario, parameters left out) of the runs that failed."""
    return {m[1] for line in result.outlines if (m := _FAILED.match(line))}


def test_reference_model_passes_18_18_g(pytester: pytest.Pytester) -> None:
    """Control: the unmodified reference model passes every run of the 18.18(g) feature."""
    _feature_run(pytester, "S1SR-18.18(g)").assert_outcomes(passed=7)


def test_model_ignoring_18_18_g_fails_its_time_out_scenario(pytester: pytest.Pytester) -> None:
    """A model ignoring 18.18(g) fails the S1CE20 scenario on both mapped models, nothing else."""
    result = _feature_run(pytester, "S1SR-18.18(g)", ("18.18(g)",))
    result.assert_outcomes(passed=5, failed=2)
    assert _failed_scenarios(result) == {"test_no_billing_calendar_was_ever_set"}


def test_reference_model_passes_18_19_a(pytester: pytest.Pytester) -> None:
    """Control: the unmodified reference model passes every run of the 18.19(a) feature."""
    _feature_run(pytester, "S1SR-18.19(a)").assert_outcomes(passed=7)


def test_model_ignoring_18_19_a_fails_its_time_out_scenario(pytester: pytest.Pytester) -> None:
    """A model ignoring 18.19(a) fails the S1CE20 scenario on both mapped models, nothing else."""
    result = _feature_run(pytester, "S1SR-18.19(a)", ("18.19(a)",))
    result.assert_outcomes(passed=5, failed=2)
    assert _failed_scenarios(result) == {
        "test_credit_was_added_but_has_never_recovered_paymentbased_debt"
    }


def test_reference_model_passes_18_21_f(pytester: pytest.Pytester) -> None:
    """Control: the unmodified reference model passes every run of the 18.21(f) feature."""
    _feature_run(pytester, "S1SR-18.21(f)").assert_outcomes(passed=17)


def test_model_ignoring_18_21_f_fails_its_repeated_entry_scenarios(
    pytester: pytest.Pytester,
) -> None:
    """A model ignoring 18.21(f) fails every repeated-entry row on both mapped models only."""
    result = _feature_run(pytester, "S1SR-18.21(f)", ("18.21(f)",))
    result.assert_outcomes(passed=11, failed=6)
    assert _failed_scenarios(result) == {
        "test_a_request_before_2300_on_a_summer_day_including_today_gets_the_repeated_entry"
    }


def test_reference_model_passes_18_18_f(pytester: pytest.Pytester) -> None:
    """Control: the unmodified reference model passes the uncertain 18.18(f) scenarios."""
    _feature_run(pytester, "S1SR-18.18(f)").assert_outcomes(passed=3)


def test_model_ignoring_18_18_f_fails_its_uncertain_scenarios(pytester: pytest.Pytester) -> None:
    """A model ignoring 18.18(f) shows a month's consumption, which no allowed outcome admits:
    the uncertain scenarios fail, the negative control still passes."""
    result = _feature_run(pytester, "S1SR-18.18(f)", ("18.18(f)",))
    result.assert_outcomes(passed=1, failed=2)
    assert _failed_scenarios(result) == {
        "test_a_season_billing_snapshot_shows_a_result_the_clause_allows"
    }


PROFILE_CLAUSES = ("18.22(b)-(d)", "18.23", "18.24")


def test_reference_model_passes_18_22_b_d_under_s1sr_v10(pytester: pytest.Pytester) -> None:
    """Control: under s1sr_v10 the unmodified model passes the not-served and control runs."""
    result = _feature_run(pytester, "S1SR-18.22(b)-(d)", baseline="s1sr_v10")
    result.assert_outcomes(passed=7, skipped=14)


def test_model_ignoring_profile_clauses_fails_the_s1sr_v10_scenarios(
    pytester: pytest.Pytester,
) -> None:
    """A model ignoring the profile clauses serves profile data under s1sr_v10: exactly the
    not-served scenarios fail. (The model restricts a model mapped to any of 18.22(b)-(d),
    18.23 and 18.24, so all three are removed.)"""
    result = _feature_run(pytester, "S1SR-18.22(b)-(d)", PROFILE_CLAUSES, baseline="s1sr_v10")
    result.assert_outcomes(passed=3, failed=4, skipped=14)
    assert _failed_scenarios(result) == {
        "test_before_uplift_21_active_import_profile_data_is_not_served",
        "test_before_uplift_21_the_profile_of_an_electricity_meter_is_not_served",
    }


def test_model_ignoring_profile_clauses_still_passes_under_s1sr_v11(
    pytester: pytest.Pytester,
) -> None:
    """Under s1sr_v11 the clauses only restore access, so the same mutant passes every run."""
    result = _feature_run(pytester, "S1SR-18.22(b)-(d)", PROFILE_CLAUSES)
    result.assert_outcomes(passed=13, skipped=8)
