from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.errors import HarnessError
from harness.model.baselines import S1srVersion
from harness.model.migration import (
    GAS_HUB_CHECK,
    GAS_HUB_WINDOW_HOURS,
    IGT_CHECK,
    MigrationCandidate,
    MigrationInputError,
    check_migration,
)

REGISTER = Path(__file__).resolve().parents[2] / "features" / "requirements.yaml"
NOW = datetime(2021, 11, 10, 12, 0, tzinfo=UTC)


def register_entry(entry_id: str) -> dict[str, Any]:
    """One requirement of the register, by id."""
    entries = yaml.safe_load(REGISTER.read_text("utf-8"))["requirements"]
    found: dict[str, Any] = next(e for e in entries if e["id"] == entry_id)
    return found


def contacted(ago: timedelta, **fields: Any) -> MigrationCandidate:
    """An installation whose gas meter and hub last communicated ``ago`` before NOW."""
    return MigrationCandidate(installation="inst-1", gas_meter_hub_contact_at=NOW - ago, **fields)


def test_windows_are_the_registers() -> None:
    """The window per baseline equals the register's TMAD-GAS-72H window_hours."""
    parameters = register_entry("TMAD-GAS-72H")["parameters"]["window_hours"]
    assert parameters == GAS_HUB_WINDOW_HOURS


@pytest.mark.parametrize("s1sr", ["s1sr_v10", "s1sr_v11"])
def test_register_examples(s1sr: S1srVersion) -> None:
    """Every TMAD-GAS-72H example row gives the register's outcome under each baseline."""
    for example in register_entry("TMAD-GAS-72H")["examples"]:
        result = check_migration(
            contacted(timedelta(hours=example["hours_since_contact"])), now=NOW, s1sr=s1sr
        )
        expected = "passed" if example[s1sr] == "migrates" else "failed"
        assert result.check(GAS_HUB_CHECK).outcome == expected, example["note"]
        assert result.migrates is (expected == "passed")


@pytest.mark.parametrize(
    ("s1sr", "ago", "outcome", "boundary"),
    [
        ("s1sr_v11", timedelta(hours=72), "passed", True),  # exactly the window counts as within
        ("s1sr_v11", timedelta(hours=72, seconds=1), "failed", False),  # one second over
        ("s1sr_v11", timedelta(hours=71, minutes=59, seconds=59), "passed", False),
        ("s1sr_v10", timedelta(hours=24), "passed", True),  # the old boundary
        ("s1sr_v10", timedelta(hours=24, seconds=1), "failed", False),
        ("s1sr_v10", timedelta(hours=72), "failed", False),  # inside the new window only
        ("s1sr_v11", timedelta(0), "passed", False),  # communicated at the instant of the check
    ],
)
def test_gas_hub_window_boundaries(
    s1sr: S1srVersion, ago: timedelta, outcome: str, boundary: bool
) -> None:
    """The gas meter and hub check passes up to and including the window, flagging the boundary."""
    result = check_migration(contacted(ago), now=NOW, s1sr=s1sr)
    check = result.check(GAS_HUB_CHECK)
    assert (check.outcome, check.boundary) == (outcome, boundary)
    assert check.requirement == "TMAD-GAS-72H"
    assert result.migrates is (outcome == "passed")
    assert f"{GAS_HUB_WINDOW_HOURS[s1sr]} h" in check.reason


def test_no_recorded_contact_fails() -> None:
    """A gas meter that never communicated with the hub fails the check under both baselines."""
    candidate = MigrationCandidate(installation="inst-2", gas_meter_hub_contact_at=None)
    for s1sr in ("s1sr_v10", "s1sr_v11"):
        result = check_migration(candidate, now=NOW, s1sr=s1sr)
        assert result.check(GAS_HUB_CHECK).outcome == "failed"
        assert not result.migrates


def test_no_gas_meter_means_the_check_does_not_apply() -> None:
    """An electricity-only installation is not held back by the gas meter check."""
    candidate = MigrationCandidate(
        installation="elec-only", gas_meter_hub_contact_at=None, has_gas_meter=False
    )
    result = check_migration(candidate, now=NOW, s1sr="s1sr_v10")
    assert result.check(GAS_HUB_CHECK).outcome == "not_applicable"
    assert result.migrates


@pytest.mark.parametrize(
    ("s1sr", "outcome", "migrates"),
    [("s1sr_v10", "failed", False), ("s1sr_v11", "not_applicable", True)],
)
def test_igt_certificate_check_by_baseline(s1sr: S1srVersion, outcome: str, migrates: bool) -> None:
    """TMAD-IGT-CERT-REMOVED: wrong iGT data fails TMAD v16.0; v17.0 does not check it."""
    result = check_migration(
        contacted(timedelta(hours=1), igt_registration_correct=False), now=NOW, s1sr=s1sr
    )
    check = result.check(IGT_CHECK)
    assert (check.outcome, check.requirement) == (outcome, "TMAD-IGT-CERT-REMOVED")
    assert result.migrates is migrates
    assert result.failures == ((check,) if outcome == "failed" else ())


def test_correct_igt_data_passes_under_v10() -> None:
    """Under TMAD v16.0 correct iGT registration data passes the certificate check."""
    result = check_migration(contacted(timedelta(hours=1)), now=NOW, s1sr="s1sr_v10")
    assert result.check(IGT_CHECK).outcome == "passed"
    assert result.migrates


def test_result_lists_both_checks_and_the_tmad_version() -> None:
    """The result names the TMAD version and lists each check in a fixed order."""
    v10 = check_migration(contacted(timedelta(hours=1)), now=NOW, s1sr="s1sr_v10")
    v11 = check_migration(contacted(timedelta(hours=1)), now=NOW, s1sr="s1sr_v11")
    assert (v10.tmad_version, v11.tmad_version) == ("16.0", "17.0")
    assert [c.check for c in v11.checks] == [GAS_HUB_CHECK, IGT_CHECK]
    assert v11.checked_at == NOW
    with pytest.raises(KeyError):
        v11.check("no-such-check")


def test_both_checks_can_fail_together() -> None:
    """Under v10 a stale contact and wrong iGT data are both reported."""
    candidate = contacted(timedelta(hours=30), igt_registration_correct=False)
    result = check_migration(candidate, now=NOW, s1sr="s1sr_v10")
    assert [c.check for c in result.failures] == [GAS_HUB_CHECK, IGT_CHECK]


def test_naive_times_are_refused() -> None:
    """Check and contact times must carry a time zone."""
    with pytest.raises(MigrationInputError) as caught:
        check_migration(
            contacted(timedelta(hours=1)), now=NOW.replace(tzinfo=None), s1sr="s1sr_v11"
        )
    assert caught.value.field == "now"
    assert isinstance(caught.value, HarnessError)
    naive = MigrationCandidate(installation="x", gas_meter_hub_contact_at=datetime(2021, 11, 10))
    with pytest.raises(MigrationInputError, match="time zone"):
        check_migration(naive, now=NOW, s1sr="s1sr_v11")


def test_contact_after_the_check_is_refused() -> None:
    """A last contact later than the check instant is an input error, not a pass."""
    with pytest.raises(MigrationInputError, match="after the check"):
        check_migration(contacted(timedelta(seconds=-1)), now=NOW, s1sr="s1sr_v11")
