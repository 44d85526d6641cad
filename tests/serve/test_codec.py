"""The control API codec: capability values cross as themselves, and nothing else is rebuilt."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from harness.control.codec import ControlCodecError, decode, decode_error, encode, encode_error
from harness.duis.identifiers import Eui64
from harness.model.cpl import CplEntry, DuplicateCplRowError
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.migration import MigrationCandidate

_ENTRY = CplEntry("Maker", "Model", "0001", "F1", DeviceType.PPMID, SmetsVersion.SMETS1, True)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        7,
        "text",
        Eui64.parse("00-11-22-33-44-55-66-77"),
        Decimal("1.250"),
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30),
        date(3000, 12, 31),
        SmetsVersion.SMETS2,
        _ENTRY,
        MigrationCandidate(installation="x", gas_meter_hub_contact_at=None),
        (1, ("nested", Decimal("2"))),
        {"key": Eui64.parse("00-11-22-33-44-55-66-77")},
    ],
)
def test_values_round_trip_through_json(value: object) -> None:
    """Every kind of capability value comes back equal after encoding, JSON and decoding."""
    assert decode(json.loads(json.dumps(encode(value)))) == value


def test_unknown_objects_cross_as_their_description() -> None:
    """A value of no listed type crosses as its text (the suite only asks whether it exists)."""

    class Schedule:
        def __str__(self) -> str:
            return "schedule 1"

    assert decode(encode((Schedule(),))) == ("schedule 1",)


@pytest.mark.parametrize(
    "data",
    [
        {"$record": "Popen", "fields": {}},
        {"$enum": "Signals", "value": 9},
        {"$eui64": "not an eui"},
        {"$datetime": 12},
        {"$tuple": "abc"},
        {"$mystery": 1},
        {"$eui64": "00-11-22-33-44-55-66-77", "$date": "2026-01-01"},
        {"plain": "object"},
    ],
)
def test_anything_not_produced_by_encode_is_refused(data: object) -> None:
    """Unknown kinds, records outside the allow-list and bad values give ControlCodecError."""
    with pytest.raises(ControlCodecError):
        decode(data)


def test_record_with_wrong_fields_is_refused() -> None:
    """A listed record with fields it does not have is refused, not half built."""
    with pytest.raises(ControlCodecError, match="CplEntry"):
        decode({"$record": "CplEntry", "fields": {"colour": "red"}})


def test_listed_errors_are_raised_again_as_their_own_class() -> None:
    """A DuplicateCplRowError raised in the server is a DuplicateCplRowError in the client."""
    original = DuplicateCplRowError(_ENTRY, _ENTRY, "enduring", "the same key")
    rebuilt = decode_error(json.loads(json.dumps(encode_error(original))))
    assert isinstance(rebuilt, DuplicateCplRowError)
    assert str(rebuilt) == str(original)
