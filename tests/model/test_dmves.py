from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import DataFileError
from harness.model.devices import Cohort, DeviceType
from harness.model.dmves import load_dmves, parse_dmves
from harness.register import default_register

HEADER = (
    "id,cohort,device_type,manufacturer,model,hardware_version,firmware_version,"
    "smets_version,bilingual,firmware_upgrade,clauses,outcomes"
)
ROW = "M1,FOC,GSME,Maker,Model,01,02,SMETS1,no,yes,18.17(i) 18.18(f),18.18(f)=full-day"


def test_sample_loads_against_the_register() -> None:
    """The shipped sample is valid and only maps clauses the register has."""
    known = default_register().s1sr_clauses()
    dmves = load_dmves(known_clauses=known)
    assert dmves.clauses() <= known
    assert "illustrative" in dmves.source
    assert len(dmves.sha256) == 64


def test_sample_names_the_pebble_as_seed_001_does() -> None:
    """The P450 Pebble PPMID is in the sample without firmware-upgrade support."""
    pebble = next(m for m in load_dmves() if m.model == "P450 Pebble")
    assert pebble.device_type is DeviceType.PPMID
    assert pebble.firmware_upgrade is False


def test_parse_a_row() -> None:
    """A row becomes a typed model with its clauses and configured outcomes."""
    dmves = parse_dmves(f"# comment\n{HEADER}\n{ROW}\n", "x.csv")
    model = dmves.get("M1")
    assert model.cohort is Cohort.FOC
    assert model.subject_to("18.17(i)")
    assert model.outcome("18.18(f)", "zero-in-gmt") == "full-day"
    assert model.outcome("18.17(i)", "default") == "default"
    assert dmves.subject_to("18.17(i)") == (model,)
    assert dmves.not_subject_to("18.17(i)") == ()


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("M1,MOC,GSME,a,b,c,d,SMETS1,no,yes,,", "cohort", "cohort must be one of"),
        ("M1,FOC,METER,a,b,c,d,SMETS1,no,yes,,", "device_type", "must be one of"),
        ("M1,FOC,GSME,a,b,c,d,SMETS3,no,yes,,", "smets_version", "SMETS1 or SMETS2+"),
        ("M1,FOC,GSME,a,b,c,d,SMETS1,maybe,yes,,", "bilingual", "yes or no"),
        ("M1,FOC,GSME,a,b,c,d,SMETS1,no,yes,17.1(a),", "clauses", "18.17(i)"),
        ("M1,FOC,GSME,a,,c,d,SMETS1,no,yes,,", "model", "must not be empty"),
        ("M1,FOC,GSME,a,b,c,d,SMETS1,no,yes,18.23,18.24=x", "outcomes", "not subject to"),
        ("M 1,FOC,GSME,a,b,c,d,SMETS1,no,yes,,", "id", "id must be"),
    ],
)
def test_faults_name_line_and_column(row: str, column: str, fragment: str) -> None:
    """Each kind of fault is a DataFileError naming the line and the column."""
    with pytest.raises(DataFileError) as caught:
        parse_dmves(f"{HEADER}\n{row}\n", "bad.csv")
    assert caught.value.line == 2
    assert caught.value.field == column
    assert fragment in str(caught.value)


def test_unknown_clause_is_refused_against_register() -> None:
    """A clause the register does not have is refused when the register is given."""
    with pytest.raises(DataFileError) as caught:
        parse_dmves(f"{HEADER}\n{ROW}\n", "x.csv", known_clauses=frozenset({"18.17(i)"}))
    assert "18.18(f)" in str(caught.value)


def test_duplicate_id_and_missing_column() -> None:
    """Repeated ids and a header without a required column are reported."""
    with pytest.raises(DataFileError, match="repeats line 2"):
        parse_dmves(f"{HEADER}\n{ROW}\n{ROW}\n", "x.csv")
    with pytest.raises(DataFileError, match="lacks columns: outcomes"):
        parse_dmves(HEADER.removesuffix(",outcomes") + "\n", "x.csv")


def test_wrong_number_of_values_and_empty_file(tmp_path: Path) -> None:
    """A short row and an empty file are reported; an unreadable file too."""
    with pytest.raises(DataFileError, match="expected 12 values, found 3"):
        parse_dmves(f"{HEADER}\na,b,c\n", "x.csv")
    with pytest.raises(DataFileError, match="no header row"):
        parse_dmves("# only comments\n", "x.csv")
    with pytest.raises(DataFileError, match="cannot read"):
        load_dmves(tmp_path / "missing.csv")
