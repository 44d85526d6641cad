"""Mutation tests for the prepayment features: a model ignoring a clause fails its scenarios.

Each run copies one feature into a pytester directory and runs it on the reference model, first
unchanged (every scenario passes or is not applicable), then with a DMVES that has lost the
clause (only the scenarios that check the clause's own behaviour fail). The sample DMVES maps
every prepayment clause to FOC-ESME-1 and FOC-GSME-1; gas runs of end-date scenarios are not
applicable (DUIS gives gas calendars no end dates).
"""

from __future__ import annotations

import shutil

import pytest

from harness.register import features_directory
from tests.suite.mutants import RUNNER

pytest_plugins = ["pytester"]

#: The target of every run: the reference model, with its DMVES optionally stripped of a clause,
#: and able to say which non-disablement schedules are in force (the S1SR-18.5(hh) capability),
#: which the model computes but does not yet expose as a method.
TARGET = """
import pytest

from harness.model.handlers.prepayment import non_disablement_in_force
from harness.model.reference import ReferenceModel

CLAUSE = {clause!r}


class ObservableModel(ReferenceModel):
    \"\"\"The reference model with the in-force capability S1SR-18.5(hh) observes.\"\"\"

    def non_disablement_in_force(self, device, on):
        \"\"\"The electricity non-disablement schedules of the device in force on a day.\"\"\"
        return non_disablement_in_force(self, device, on)


@pytest.fixture
def duis_target(duis_settings):
    \"\"\"A reference model whose DMVES has lost CLAUSE (None: the DMVES unchanged).\"\"\"
    dmves = duis_settings.dmves
    return ObservableModel(
        baseline=duis_settings.baseline,
        dmves=dmves if CLAUSE is None else dmves.without_clause(CLAUSE),
        schema_set=duis_settings.schema_set,
    )
"""


def _feature_run(pytester: pytest.Pytester, feature: str, clause: str | None) -> pytest.RunResult:
    shutil.copy(features_directory() / "s1sr" / feature, pytester.path / feature)
    pytester.makepyfile(test_feature=RUNNER.format(feature=feature))
    pytester.makeconftest(TARGET.format(clause=clause))
    return pytester.runpytest("-p", "no:cacheprovider", "-q", "-rf", "-W", "error")


def _failed(result: pytest.RunResult) -> list[str]:
    """The node ids of the failed runs, from the short summary."""
    return [line.split(" ", 1)[1] for line in result.outlines if line.startswith("FAILED ")]


def test_reference_model_passes_18_6_b(pytester: pytest.Pytester) -> None:
    """Control: the unmodified model passes every run of the 18.6(b) feature."""
    result = _feature_run(pytester, "S1SR-18.6(b).feature", None)
    result.assert_outcomes(passed=13)


def test_model_ignoring_18_6_b_fails_only_its_part_pound_scenarios(
    pytester: pytest.Pytester,
) -> None:
    """A model ignoring 18.6(b) fails the three part-pound rows on both mapped models only."""
    result = _feature_run(pytester, "S1SR-18.6(b).feature", "18.6(b)")
    result.assert_outcomes(passed=7, failed=6)
    failed = _failed(result)
    scenario = "test_a_topup_with_pence_is_refused_with_an_s1sp_alert[FOC-"
    assert len(failed) == 6, failed
    assert all(scenario in line for line in failed), failed


def test_reference_model_passes_18_27_r(pytester: pytest.Pytester) -> None:
    """Control: the unmodified model passes every electricity run of the 18.27(r) feature."""
    result = _feature_run(pytester, "S1SR-18.27(r).feature", None)
    result.assert_outcomes(passed=8, skipped=7)


def test_model_ignoring_18_27_r_fails_only_its_sentinel_read_back(
    pytester: pytest.Pytester,
) -> None:
    """A model ignoring 18.27(r) fails the five 31/12/3000 rows on the mapped electricity model."""
    result = _feature_run(pytester, "S1SR-18.27(r).feature", "18.27(r)")
    result.assert_outcomes(passed=3, failed=5, skipped=7)
    failed = _failed(result)
    scenario = "test_the_end_date_31123000_is_reported_as_the_day_before_the_start[FOC-ESME-1-"
    assert len(failed) == 5, failed
    assert all(scenario in line for line in failed), failed


def test_reference_model_passes_18_5_hh(pytester: pytest.Pytester) -> None:
    """Control: with the in-force capability the model passes every electricity 18.5(hh) run."""
    result = _feature_run(pytester, "S1SR-18.5(hh).feature", None)
    result.assert_outcomes(passed=7, skipped=6)


def test_model_ignoring_18_5_hh_ends_the_schedule_on_31_12_3000(pytester: pytest.Pytester) -> None:
    """A model ignoring 18.5(hh) fails only the check on the day after 31/12/3000."""
    result = _feature_run(pytester, "S1SR-18.5(hh).feature", "18.5(hh)")
    result.assert_outcomes(passed=6, failed=1, skipped=6)
    failed = _failed(result)
    assert len(failed) == 1, failed
    assert "still_in_force_long_after_it_started[FOC-ESME-1-1 January 3001]" in failed[0], failed
