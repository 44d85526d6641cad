from __future__ import annotations

import pytest

from harness.duis.identifiers import CounterSequence, Eui64, RequestId
from harness.errors import CounterError, IdentifierError


@pytest.mark.parametrize(
    "text",
    [
        "00-db-12-34-56-78-90-a4",
        "00DB1234567890A4",
        "00:DB:12:34:56:78:90:A4",
        " 00-DB-12-34-56-78-90-A4 ",
    ],
)
def test_eui64_accepts_any_case_and_separator(text: str) -> None:
    """EUI-64s are accepted in any case and separator style and printed canonically."""
    assert str(Eui64.parse(text)) == "00-DB-12-34-56-78-90-A4"


@pytest.mark.parametrize("text", ["", "00-DB-12", "ZZ-DB-12-34-56-78-90-A4", "00DB1234567890A4FF"])
def test_eui64_rejects_malformed(text: str) -> None:
    """A malformed EUI-64 is an IdentifierError carrying the value."""
    with pytest.raises(IdentifierError) as caught:
        Eui64.parse(text)
    assert caught.value.value == text


def test_request_id_round_trip_and_swap() -> None:
    """A RequestID parses into parts, prints canonically and swaps for the ResponseID."""
    rid = RequestId.parse("90-b3-d5-1f-30-01-00-00:00-DB-12-34-56-78-90-A4:1000")
    assert rid.counter == 1000
    assert str(rid) == "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A4:1000"
    assert str(rid.swapped()) == "00-DB-12-34-56-78-90-A4:90-B3-D5-1F-30-01-00-00:1000"


@pytest.mark.parametrize(
    "text",
    [
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A4",
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A4:-1",
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A4:18446744073709551616",
        "90-B3-D5-1F-30-01-00-00:nonsense:1",
    ],
)
def test_request_id_rejects_malformed(text: str) -> None:
    """A RequestID without three parts, a decimal uint64 counter or valid EUIs is refused."""
    with pytest.raises(IdentifierError):
        RequestId.parse(text)


def test_counter_sequence_strictly_increases_per_originator() -> None:
    """Counters increase per originator and a repeated or lower counter is refused."""
    seq = CounterSequence()
    a, b = Eui64.parse("90-B3-D5-1F-30-01-00-00"), Eui64.parse("90-B3-D5-1F-30-01-00-01")
    assert [seq.next(a), seq.next(a), seq.next(b)] == [1, 2, 1]
    seq.accept(a, 10)
    assert seq.next(a) == 11
    with pytest.raises(CounterError) as caught:
        seq.accept(a, 11)
    assert caught.value.last == 11
    assert caught.value.originator == "90-B3-D5-1F-30-01-00-00"
