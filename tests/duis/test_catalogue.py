from __future__ import annotations

import csv
import json

import pytest

from harness.duis.catalogue import catalogue
from harness.errors import UnknownServiceError
from tests.conftest import require_reference


def test_catalogue_has_all_129_srvs_with_unique_numbers_and_bodies() -> None:
    """The catalogue lists 129 SRVs, each number and body element once."""
    entries = list(catalogue())
    assert len(entries) == 129
    assert len({e.srv for e in entries}) == 129
    assert len({e.body_element for e in entries}) == 129


@pytest.mark.parametrize(
    ("srv", "expected"), [("12.2", 8), ("1.6", 4), ("4.4.2", 1), ("8.5", 1), ("8.1.1", 4)]
)
def test_default_command_variant(srv: str, expected: int) -> None:
    """Non-device SRVs default to CV 8, critical to 4, the rest to 1."""
    assert catalogue().get(srv).default_command_variant == expected


def test_allowed_command_variants_follow_critical_and_non_device() -> None:
    """Every SRV allows only its class's CVs (8; 4-7; 1-3), narrowed where DUIS narrows them."""
    for entry in catalogue():
        if entry.non_device:
            assert entry.command_variants == (8,)
        elif entry.critical:
            assert set(entry.command_variants) <= {4, 5, 6, 7}
        else:
            assert set(entry.command_variants) <= {1, 2, 3}


def test_unknown_srv_names_neighbours() -> None:
    """An unknown SRV raises UnknownServiceError listing the SRVs of the same group."""
    with pytest.raises(UnknownServiceError) as caught:
        catalogue().get("4.99")
    assert caught.value.srv == "4.99"
    assert "4.4.2" in str(caught.value)


def test_lookup_by_body_element() -> None:
    """The SRV of a body element is found by its local name."""
    assert catalogue().by_body_element("ReadFirmwareVersion").srv == "11.2"


def test_catalogue_agrees_with_dcc_matrix_and_templates() -> None:
    """Names, flags and roles equal the DUIS matrix; body elements and CVs agree with RTDS."""
    reference = require_reference()
    matrix = json.loads((reference / "srv-matrix.json").read_text("utf-8"))
    assert len(matrix) == len(catalogue())
    for row in matrix:
        entry = catalogue().get(row["Service Reference Variant"])
        assert entry.name == " ".join(row["Service Request Name"].split())
        assert entry.critical == (row["Critical"] == "Yes")
        assert entry.non_device == (row["Non-Device Request"] == "Yes")
        assert entry.future_dated_pattern == row["Future Dated Response Pattern"]
        assert entry.eligible_roles == tuple(row["Eligible User Roles"])
    with (reference / "rtds-templates.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["root"] != "Request":
                continue
            entry = catalogue().get(row["SRV"])
            assert entry.body_element == row["BodyElement"]
            assert entry.allows(int(row["CommandVariant"])), row["file"]
