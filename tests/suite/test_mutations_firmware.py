"""Mutation tests of the firmware features: a model that ignores a clause fails exactly that
clause's scenarios, and the uncertain clauses accept every allowed outcome and nothing else."""

from __future__ import annotations

import shutil

import pytest

from harness.register import features_directory
from tests.suite.mutants import LOST_CLAUSE, RUNNER

pytest_plugins = ["pytester"]

#: Reference models that get PPMID firmware upgrades wrong in ways 18.63(d) does not allow.
WRONG_OUTCOME = """
import dataclasses

import pytest

from harness.model.reference import ReferenceModel


class SuccessWithoutChange(ReferenceModel):
    \"\"\"Reports the configured activation success but leaves the PPMID's firmware as it was.\"\"\"

    def handle(self, request_xml):
        before = dict(self.state.histories)
        exchange = super().handle(request_xml)
        if b"UpdatePPMIDFirmware" in request_xml:
            self.state.histories = before
        return exchange


class NoOutcome(ReferenceModel):
    \"\"\"Accepts PPMID firmware upgrades but never reports how they ended.\"\"\"

    def handle(self, request_xml):
        exchange = super().handle(request_xml)
        if b"UpdatePPMIDFirmware" in request_xml:
            return dataclasses.replace(exchange, deliveries=())
        return exchange


@pytest.fixture
def duis_target(duis_settings):
    \"\"\"The wrong model under test.\"\"\"
    return {model}(
        baseline=duis_settings.baseline,
        dmves=duis_settings.dmves,
        schema_set=duis_settings.schema_set,
    )
"""

HEADER = (
    "id,cohort,device_type,manufacturer,model,hardware_version,firmware_version,smets_version,"
    "bilingual,firmware_upgrade,clauses,outcomes"
)
#: One PPMID model mapped to 18.63(d) only, with the outcome the reference model gives it.
UNCERTAIN_PPMID = (
    "U-PPMID,MOC (MDS),PPMID,Illustrative Displays,IP-420,0001,0A000020,SMETS1,no,yes,"
)
#: A Secure third-party PPMID mapped to 18.63(c) and 18.64(b) only (no 18.63(d) to mask it).
SECURE_THIRD_PARTY = (
    "S-3P,MOC (Secure),PPMID,Illustrative Displays,IP-500,0003,0C000003,SMETS1,no,yes,"
    "18.63(c) 18.64(b),"
)


def _feature_run(
    pytester: pytest.Pytester,
    feature: str,
    baseline: str,
    *,
    conftest: str | None = None,
    dmves_rows: tuple[str, ...] = (),
) -> pytest.HookRecorder:
    directory = "mp202" if feature.startswith("MP202") else "s1sr"
    shutil.copy(features_directory() / directory / feature, pytester.path / feature)
    pytester.makepyfile(test_feature=RUNNER.format(feature=feature))
    if conftest is not None:
        pytester.makeconftest(conftest)
    options = ["-p", "no:cacheprovider", f"--duis-baseline={baseline}"]
    if dmves_rows:
        dmves = pytester.makefile(".csv", dmves="\n".join([HEADER, *dmves_rows]))
        options.append(f"--duis-dmves={dmves}")
    return pytester.inline_run(*options)


def _failed_names(recorder: pytest.HookRecorder) -> list[str]:
    return sorted(r.nodeid.split("::")[-1] for r in recorder.getfailures())


def _recorded_outcomes(recorder: pytest.HookRecorder) -> list[str]:
    reports = recorder.getreports("pytest_runtest_logreport")
    return [
        str(value)
        for report in reports
        if report.when == "call"
        for name, value in report.user_properties
        if name == "duis_outcome"
    ]


MUTATIONS = [
    pytest.param(
        "S1SR-18.64(a).feature",
        "s1sr_v10+mp202_tactical",
        "18.64(a)",
        (1, 3),
        [
            "test_before_uplift_21_the_ppmids_firmware_version_is_not_given[FOC-PPMID-DUAL]",
            "test_before_uplift_21_the_ppmids_firmware_version_is_not_given[FOC-PPMID-PEBBLE]",
        ],
        id="18.64(a)",
    ),
    pytest.param(
        "S1SR-18.64(b).feature",
        "s1sr_v11+mp202_enduring",
        "18.64(b)",
        (1, 2),
        [
            "test_reading_the_firmware_version_of_a_thirdparty_ppmid_on_a_secure_installation"
            "_fails[MOCS-PPMID-3P]"
        ],
        id="18.64(b)",
    ),
    pytest.param(
        "S1SR-18.64(c).feature",
        "s1sr_v11+mp202_tactical",
        "18.64(c)",
        (1, 3),
        [
            "test_a_dualmode_ppmids_real_firmware_differs_from_its_madeup_smets1_entry"
            "[FOC-PPMID-DUAL]",
            "test_the_ppmid_reports_the_firmware_it_really_runs[FOC-PPMID-DUAL]",
        ],
        id="18.64(c)",
    ),
    pytest.param(
        "S1SR-18.65(d).feature",
        "s1sr_v11+mp202_enduring",
        "18.65(d)",
        (6, 6),
        [
            f"test_a_second_upgrade_on_the_same_home_area_network_stops_the_one_under_way"
            f"[{model}-{other}]"
            for model in ("FOC-CHF-1", "FOC-ESME-1", "FOC-GSME-1")
            for other in ("PPMID", "meter")
        ],
        id="18.65(d)",
    ),
]


@pytest.mark.parametrize(("feature", "baseline", "clause", "others", "failed"), MUTATIONS)
def test_reference_model_passes_firmware_feature(
    pytester: pytest.Pytester,
    feature: str,
    baseline: str,
    clause: str,
    others: tuple[int, int],
    failed: list[str],
) -> None:
    """Control: the unmodified reference model passes (or is not applicable to) every run."""
    recorder = _feature_run(pytester, feature, baseline)
    recorder.assertoutcome(passed=others[0] + len(failed), skipped=others[1])


@pytest.mark.parametrize(("feature", "baseline", "clause", "others", "failed"), MUTATIONS)
def test_model_ignoring_clause_fails_exactly_its_scenarios(
    pytester: pytest.Pytester,
    feature: str,
    baseline: str,
    clause: str,
    others: tuple[int, int],
    failed: list[str],
) -> None:
    """A model whose DMVES lost the clause fails the scenarios that check it, and nothing else."""
    recorder = _feature_run(pytester, feature, baseline, conftest=LOST_CLAUSE.format(clause=clause))
    recorder.assertoutcome(passed=others[0], skipped=others[1], failed=len(failed))
    assert _failed_names(recorder) == sorted(failed)


def test_model_ignoring_18_63_c_fails_the_secure_third_party_upgrade(
    pytester: pytest.Pytester,
) -> None:
    """With a DMVES where only 18.63(c) governs the PPMID, ignoring it lets the upgrade through."""
    mutant = LOST_CLAUSE.format(clause="18.63(c)")
    run = _feature_run(
        pytester,
        "S1SR-18.63(c).feature",
        "s1sr_v11+mp202_enduring",
        conftest=mutant,
        dmves_rows=(SECURE_THIRD_PARTY,),
    )
    run.assertoutcome(failed=1, skipped=1)
    assert _failed_names(run) == [
        "test_a_firmware_upgrade_to_a_thirdparty_ppmid_on_a_secure_installation_fails[S-3P]"
    ]


@pytest.mark.parametrize("feature", ["S1SR-18.63(d).feature", "S1SR-18.65(e).feature"])
@pytest.mark.parametrize(
    ("configured", "seen"),
    [
        ("succeed", "the upgrade succeeded"),
        ("fail", "the upgrade failed and the supplier was told"),
    ],
)
def test_uncertain_clause_passes_either_configured_outcome(
    pytester: pytest.Pytester, feature: str, configured: str, seen: str
) -> None:
    """Both outcomes a DMVES can configure for 18.63(d) and 18.65(e) pass and are recorded."""
    clause = feature.removeprefix("S1SR-").removesuffix(".feature")
    row = f"{UNCERTAIN_PPMID}{clause},{clause}={configured}"
    recorder = _feature_run(pytester, feature, "s1sr_v11+mp202_enduring", dmves_rows=(row,))
    recorder.assertoutcome(passed=1)
    (outcome,) = _recorded_outcomes(recorder)
    assert outcome.startswith(seen)


@pytest.mark.parametrize(
    ("model", "configured"), [("SuccessWithoutChange", "succeed"), ("NoOutcome", "fail")]
)
def test_outcome_outside_the_allowed_set_fails(
    pytester: pytest.Pytester, model: str, configured: str
) -> None:
    """Success reported while the firmware is unchanged, or no outcome at all, is a failure."""
    row = f"{UNCERTAIN_PPMID}18.63(d),18.63(d)={configured}"
    recorder = _feature_run(
        pytester,
        "S1SR-18.63(d).feature",
        "s1sr_v11+mp202_enduring",
        conftest=WRONG_OUTCOME.format(model=model),
        dmves_rows=(row,),
    )
    recorder.assertoutcome(failed=1)
    (failure,) = recorder.getfailures()
    assert "outside the allowed outcomes" in str(failure.longrepr)
    assert _recorded_outcomes(recorder) == []
