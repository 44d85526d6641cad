"""Mutation tests for the inventory, MP202 and migration features: a target that breaks one rule
fails exactly the scenarios that check that rule, as failures of a Then, and nothing else."""

from __future__ import annotations

import shutil

import pytest

import harness.model.reference  # noqa: F401  (loaded once, so in-process runs share its classes)
from harness.register import features_directory

pytest_plugins = ["pytester"]

#: The feature files under test, by folder of features/.
FEATURES = {
    "s1sr": ("S1SR-18.62(f).feature", "SSD-HAN-UPDATE-8.11.feature"),
    "mp202": (
        "SEC-A2.13.feature",
        "MP202-TACTICAL-DIFF-FW.feature",
        "MP202-TACTICAL-WRONG-INSTALLATION.feature",
        "MP202-TACTICAL-MIGRATED-PPMID.feature",
        "MP202-CPL-DUAL-ROWS.feature",
        "MP202-PRENOTIFY-SMETS-VERSION.feature",
        "MP202-SMI-FOLLOWS-CH.feature",
        "MP202-BR-ENTRY-DISTINCTION.feature",
    ),
    "migration": ("TMAD-GAS-72H.feature", "TMAD-IGT-CERT-REMOVED.feature"),
}

#: The probes of MP202-TACTICAL-WRONG-INSTALLATION, in the order of its Examples.
PROBES = ("a firmware version read", "a firmware activation", "a PPMID firmware upgrade")

RUNNER = """
from pytest_bdd import scenarios

scenarios("features")
"""

OTHER_MP202_RULES = '''
import dataclasses

import pytest

from harness.model.reference import ReferenceModel


@pytest.fixture
def duis_target(duis_settings):
    """A reference model applying the MP202 rules of {mode}, whatever the run's baseline says."""
    return ReferenceModel(
        baseline=dataclasses.replace(duis_settings.baseline, mp202="{mode}"),
        dmves=duis_settings.dmves,
        schema_set=duis_settings.schema_set,
    )
'''

WITHOUT_18_62_F = '''
import pytest

from harness.model.reference import ReferenceModel


@pytest.fixture
def duis_target(duis_settings):
    """A reference model whose DMVES has lost clause 18.62(f): it ignores that clause."""
    return ReferenceModel(
        baseline=duis_settings.baseline,
        dmves=duis_settings.dmves.without_clause("18.62(f)"),
        schema_set=duis_settings.schema_set,
    )
'''

SHORT_WINDOW = '''
from unittest import mock

import pytest

from harness.model import migration
from harness.model.reference import ReferenceModel


class ShortWindow(ReferenceModel):
    """A reference model whose migration keeps the 24-hour gas meter and hub window."""

    def migrate(self, candidate):
        """The TMAD checks with TMAD v16.0's 24 hours under either baseline."""
        with mock.patch.dict(migration.GAS_HUB_WINDOW_HOURS, {"s1sr_v11": 24}):
            return super().migrate(candidate)


@pytest.fixture
def duis_target(duis_settings):
    """The short-window reference model."""
    return ShortWindow(
        baseline=duis_settings.baseline,
        dmves=duis_settings.dmves,
        schema_set=duis_settings.schema_set,
    )
'''


def _run(pytester: pytest.Pytester, baseline: str, mutant: str | None) -> dict[str, str]:
    """Run the features under ``baseline``; the verdict of each scenario run, by test id."""
    (pytester.path / "features").mkdir()
    for folder, names in FEATURES.items():
        for name in names:
            shutil.copy(features_directory() / folder / name, pytester.path / "features" / name)
    pytester.makepyfile(test_features=RUNNER)
    if mutant is not None:
        pytester.makeconftest(mutant)
    recorder = pytester.inline_run("-p", "no:cacheprovider", f"--duis-baseline={baseline}")
    verdicts = {}
    for report in recorder.getreports("pytest_runtest_logreport"):
        found = dict(report.user_properties).get("duis_verdict")
        if found is not None:
            verdicts[report.nodeid.split("::")[-1]] = str(found)
    return verdicts


def _failing(verdicts: dict[str, str]) -> set[str]:
    """The test ids whose verdict is not pass or not-applicable."""
    return {test for test, verdict in verdicts.items() if verdict not in ("pass", "not-applicable")}


@pytest.mark.parametrize(
    "baseline", ["s1sr_v11+mp202_enduring", "s1sr_v10+mp202_tactical", "s1sr_v11+mp202_tactical"]
)
def test_reference_model_passes_every_feature(pytester: pytest.Pytester, baseline: str) -> None:
    """Control: the unmodified reference model passes or is not applicable everywhere."""
    verdicts = _run(pytester, baseline, None)
    assert _failing(verdicts) == set()
    assert list(verdicts.values()).count("pass") >= 20


def test_tactical_rules_under_enduring_fail_the_enduring_scenarios(
    pytester: pytest.Pytester,
) -> None:
    """A model with tactical rules fails the MP202 enduring checks, and only as failed Thens."""
    verdicts = _run(pytester, "s1sr_v11+mp202_enduring", OTHER_MP202_RULES.format(mode="tactical"))
    smi = "test_a_ppmid_prenotified_as_prenotified_"
    assert _failing(verdicts) == {
        "test_a_dualmode_ppmid_quoting_its_real_firmware_version_can_be_prenotified_as_version"
        "[FOC-PPMID-DUAL-SMETS1]",
        f"{smi}and_whitelisted_on_a_comms_hub_comms_hub_is_recorded_as_resulting"
        "[FOC-PPMID-DUAL-SMETS1-SMETS2+-SMETS2+]",
        f"{smi}and_whitelisted_on_a_comms_hub_comms_hub_is_recorded_as_resulting"
        "[FOC-PPMID-DUAL-SMETS2+-SMETS1-SMETS1]",
        f"{smi}on_a_comms_hub_comms_hub_is_served_as_resulting[FOC-PPMID-DUAL-SMETS1-SMETS2+-SMETS2+]",
        f"{smi}on_a_comms_hub_comms_hub_is_served_as_resulting[FOC-PPMID-DUAL-SMETS2+-SMETS1-SMETS1]",
        "test_the_same_request_to_the_two_ppmids_is_answered_by_different_routes[FOC-PPMID-DUAL]",
    }
    assert {verdicts[test] for test in _failing(verdicts)} == {"fail"}


def test_ignoring_18_62_f_under_v10_fails_the_swap_out_restriction(
    pytester: pytest.Pytester,
) -> None:
    """A model ignoring 18.62(f) under s1sr_v10 fails its restriction on every mapped model."""
    verdicts = _run(pytester, "s1sr_v10+mp202_tactical", WITHOUT_18_62_F)
    test = "test_before_uplift_21_the_replacement_ppmid_is_not_added"
    assert _failing(verdicts) == {
        f"{test}[{model}]" for model in ("FOC-CHF-1", "FOC-PPMID-PEBBLE", "FOC-PPMID-DUAL")
    }
    assert {verdicts[test] for test in _failing(verdicts)} == {"fail"}


def test_24_hour_window_under_v11_fails_the_rows_inside_72_hours(
    pytester: pytest.Pytester,
) -> None:
    """A migration keeping the 24-hour window under s1sr_v11 fails the 25, 71 and 72 h rows."""
    verdicts = _run(pytester, "s1sr_v11+mp202_enduring", SHORT_WINDOW)
    test = "test_the_gas_meter_last_reached_the_comms_hub_age_before_the_check"
    assert _failing(verdicts) == {f"{test}[{hours} hours-migrates]" for hours in (25, 71, 72)}
    assert {verdicts[test] for test in _failing(verdicts)} == {"fail"}


def test_enduring_rules_under_tactical_fail_the_tactical_scenarios(
    pytester: pytest.Pytester,
) -> None:
    """A model with MP202 rules under the tactical baseline fails the tactical checks only."""
    verdicts = _run(pytester, "s1sr_v11+mp202_tactical", OTHER_MP202_RULES.format(mode="enduring"))
    refused = "test_a_ppmid_prenotified_as_prenotified_on_a_comms_hub_comms_hub_is_refused_probe"
    stays = (
        "test_under_the_tactical_arrangement_the_prenotified_prenotified_stays_on_a_comms_hub"
        "_comms_hub"
    )
    assert _failing(verdicts) == {
        *(f"{refused}[FOC-PPMID-DUAL-SMETS1-SMETS2+-{probe}]" for probe in PROBES),
        # not the firmware upgrade: MP202 refuses it in a SMETS1 system too (MP202-BR7)
        *(f"{refused}[FOC-PPMID-DUAL-SMETS2+-SMETS1-{probe}]" for probe in PROBES[:2]),
        f"{stays}[FOC-PPMID-DUAL-SMETS1-SMETS2+]",
        f"{stays}[FOC-PPMID-DUAL-SMETS2+-SMETS1]",
        "test_a_ppmid_prenotified_against_the_smets1_entry_is_recorded_with_the_madeup_version"
        "[FOC-PPMID-DUAL]",
        "test_no_smets1_entry_carries_the_real_firmware_version[FOC-PPMID-DUAL]",
        "test_a_migrated_dualmode_ppmid_is_recorded_against_the_smets1_entry[FOC-PPMID-DUAL]",
    }
    assert {verdicts[test] for test in _failing(verdicts)} == {"fail"}
