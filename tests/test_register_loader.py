from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import DataFileError
from harness.register import default_register, load_register, parse_register


def test_default_register_loads_typed_entries() -> None:
    """The project's register loads; S1SR entries expose their clause and sources."""
    register = default_register()
    entry = register.get("S1SR-18.17(i)")
    assert entry.clause == "18.17(i)"
    assert entry.tag == "s1sr_18_17_i"
    assert entry.in_scope
    assert "000_" in entry.source
    assert register.by_tag("s1sr_18_17_i") is entry
    assert set(entry.assumptions) <= set(register.assumptions)


def test_uncertain_entries_carry_allowed_outcomes() -> None:
    """Every uncertain entry lists what the regulation allows."""
    uncertain = [r for r in default_register() if r.uncertain]
    assert uncertain
    assert all(r.allowed_outcomes for r in uncertain)


def test_faults_are_data_file_errors(tmp_path: Path) -> None:
    """Bad YAML, a wrong shape, a missing field and a missing file are DataFileErrors."""
    with pytest.raises(DataFileError, match="not valid YAML"):
        parse_register("requirements: [", "r.yaml")
    with pytest.raises(DataFileError, match="'requirements' list"):
        parse_register("version: 1\n", "r.yaml")
    with pytest.raises(DataFileError, match="lacks"):
        parse_register("requirements:\n  - id: X\n", "r.yaml")
    with pytest.raises(DataFileError, match="cannot read"):
        load_register(tmp_path / "nope.yaml")
    with pytest.raises(DataFileError, match="no requirement"):
        default_register().get("S1SR-99.9")
