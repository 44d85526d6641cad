"""Steps that check readings and logs: block counters, daily read log entries, profile data.

Block counters carry no unit, so "in kWh" is checked against the meter's consumption known in
kWh (A-BLOCK-COUNTER-UNITS), which the target states through its ``consumption_kwh``
capability. Times are Great Britain civil time (A-GB-LOCAL-TIME). A snapshot's block counters
count from the previous snapshot of the same log; on a model subject to the log's reset clause
(18.18(f) for the billing-calendar log, 18.21(e) for the daily read log) they may instead have
been reset just before the snapshot, with one of the outcomes the register allows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from lxml import etree
from pytest_bdd import parsers, then

from harness.duis.identifiers import Eui64
from harness.duis.namespaces import sr
from harness.duis.smets1 import SMETS1SignedResponse
from harness.errors import HarnessError
from harness.model.dmves import DeviceModel
from harness.suite.observations import Observed, observe
from harness.user import DccUser, Dialogue, Target
from steps.capabilities import capability
from steps.clock import is_bst, local_date, local_midnight
from steps.devices import scenario_requirement
from steps.vocabulary import TYPES, Log

#: The clause by which a gas meter resets its block counters just before a snapshot of a log.
_RESET_CLAUSES = {"4.4.3": "18.18(f)", "4.6.1": "18.21(e)"}
_COUNTERS = ("BlockRegisterMatrixValue", "TariffBlockCounterMatrix", "TariffBlockCounterValue")
_HOUR = timedelta(hours=1)
_HALF_HOUR = timedelta(minutes=30)

#: The kinds of result 18.18(f) and 18.21(e) allow, and words their register outcomes contain.
_OUTCOME_WORDS = {"zero": "zero", "23 hours": "23 of", "whole day": "whole day"}

Consumption = Callable[[Eui64, datetime, datetime], Decimal]


@dataclass(frozen=True)
class _Entry:
    """One time-stamped entry of a log: its register values and its block counters."""

    timestamp: datetime
    values: tuple[tuple[str, str], ...]
    counters: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        """The block counters added up."""
        return sum(self.counters, Decimal(0))

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} UTC"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _instant(text: str | None) -> datetime:
    moment = datetime.fromisoformat(str(text).strip())
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _response(observed: Observed) -> SMETS1SignedResponse:
    """The one SMETS1 response of the request, which must carry data."""
    found = [r for r in observed.smets1_responses if r.response_data is not None]
    assert len(found) == 1, f"expected one meter response: {observed.summary()}"
    return found[0]


def _data(observed: Observed) -> etree._Element:
    data = _response(observed).response_data
    assert data is not None, observed.summary()
    return data.element()


def _answered_at(observed: Observed) -> datetime:
    """When the meter answered: the time stamp of its response's header."""
    return _instant(_response(observed).header.timestamp)


def _counters(element: etree._Element) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(e.text)) for e in element.iter() if _local(e) in _COUNTERS)


def _entries(observed: Observed) -> list[_Entry]:
    """Every register entry of the meter's response (an element with its own time stamp),
    oldest first; prepayment entries are left out."""
    found: list[_Entry] = []
    for element in _data(observed).iter():
        stamp = [c for c in element if _local(c) == "Timestamp"]
        if not stamp or "Prepayment" in _local(element):
            continue
        values = tuple(
            (_local(e), str(e.text).strip())
            for e in element.iter()
            if e is not element
            if _local(e) != "Timestamp" and len(e) == 0
        )
        found.append(_Entry(_instant(stamp[0].text), values, _counters(element)))
    return sorted(found, key=lambda e: e.timestamp)


def _pairs(entries: list[_Entry]) -> Iterator[tuple[_Entry | None, _Entry]]:
    return zip([None, *entries[:-1]], entries, strict=True)


def _reset_outcomes(
    meter: Eui64, snapshot: datetime, known: Consumption
) -> dict[str, set[Decimal]]:
    """What a snapshot's block counters add up to under each outcome 18.18(f) and 18.21(e)
    allow: zero on GMT; 23 hours of the day on BST (either end missing); the whole day."""
    start = local_midnight(local_date(snapshot - timedelta(microseconds=1)))
    outcomes = {"whole day": {known(meter, start, snapshot)}}
    if is_bst(snapshot):
        late, early = known(meter, start + _HOUR, snapshot), known(meter, start, snapshot - _HOUR)
        outcomes["23 hours"] = {late, early}
    else:
        outcomes["zero"] = {Decimal(0)}
    return outcomes


def _register_outcomes(request: pytest.FixtureRequest) -> dict[str, str]:
    """The register's allowed outcomes of the scenario's clause, by kind (exactly three)."""
    allowed = scenario_requirement(request).allowed_outcomes
    kinds = {k: [t for t in allowed if w in t] for k, w in _OUTCOME_WORDS.items()}
    if len(allowed) != len(kinds) or any(len(texts) != 1 for texts in kinds.values()):
        raise HarnessError(f"the register's allowed outcomes changed: {list(allowed)}")
    return {kind: texts[0] for kind, texts in kinds.items()}


def _half_hours(start: datetime, end: datetime) -> list[datetime]:
    """The end of every whole half hour within ``[start, end]``."""
    first = start.replace(minute=0, second=0, microsecond=0) + _HALF_HOUR
    ends = [first + i * _HALF_HOUR for i in range(int((end - first) / _HALF_HOUR) + 2)]
    return [e for e in ends if start + _HALF_HOUR <= e <= end]


def _requested_period(dialogue: Dialogue) -> tuple[datetime, datetime]:
    period = dialogue.request.element().find(f".//{sr('ReadLogPeriod')}")
    assert period is not None, "the request has no read period"
    start, end = period.findtext(sr("StartDateTime")), period.findtext(sr("EndDateTime"))
    return _instant(start), _instant(end)


def _since_reset(
    meter: Eui64, previous: _Entry | None, entry: _Entry, resets: bool, known: Consumption
) -> set[Decimal]:
    """What a snapshot's counters may add up to: the consumption since the previous snapshot
    (if the log holds it), or, with ``resets``, any result of the reset clause."""
    found = {known(meter, previous.timestamp, entry.timestamp)} if previous else set()
    if resets:
        found = found.union(*_reset_outcomes(meter, entry.timestamp, known).values())
    return found


def _counted_in_kwh(
    meter: Eui64, entries: list[_Entry], resets: bool, known: Consumption
) -> tuple[list[str], int]:
    """The snapshots whose counters match no expected consumption, and how many snapshots with
    non-zero counters matched one."""
    problems, matched = [], 0
    for previous, entry in _pairs(entries):
        expected = _since_reset(meter, previous, entry, resets, known)
        if expected and entry.total not in expected:
            problems.append(f"{entry}: {entry.total} kWh, expected one of {sorted(expected)}")
        matched += bool(expected and entry.total and entry.total in expected)
    return problems, matched


def _allowed_outcomes(
    meter: Eui64, entries: list[_Entry], known: Consumption, texts: dict[str, str]
) -> tuple[list[str], list[str]]:
    """The register outcome each snapshot shows, and the snapshots that show none."""
    seen, problems = [], []
    for entry in entries:
        outcomes = _reset_outcomes(meter, entry.timestamp, known)
        kinds = [k for k in _OUTCOME_WORDS if entry.total in outcomes.get(k, set())]
        if kinds:
            seen.append(f"{entry}: {texts[kinds[0]]}")
        else:
            problems.append(f"{entry}: {entry.total} kWh, allowed {outcomes}")
    return seen, problems


def _repeats(entries: list[_Entry]) -> list[tuple[_Entry, _Entry]]:
    """Each entry that carries exactly the register values of the entry before it."""
    return [(a, b) for a, b in _pairs(entries) if a is not None and a.values == b.values]


@pytest.fixture
def meter_consumption(duis_target: Target) -> Consumption:
    """The meter's consumption in kWh between two instants, as the target states it."""
    stated: Consumption = capability(duis_target, "consumption_kwh", "state a meter's consumption")
    return stated


@then("the block counters have grown by the kWh consumed since the earlier reading")
def counters_grew_in_kwh(
    earlier_dialogue: Dialogue, dialogue: Dialogue, meter: Eui64, meter_consumption: Consumption
) -> None:
    """The counters' total rose by the kWh the meter consumed between the two readings."""
    before, after = observe(earlier_dialogue), observe(dialogue)
    grown = sum(_counters(_data(after)), Decimal(0)) - sum(_counters(_data(before)), Decimal(0))
    consumed = meter_consumption(meter, _answered_at(before), _answered_at(after))
    assert consumed > 0, f"no consumption between the readings: {after.summary()}"
    assert grown == consumed, f"counters grew by {grown}, the meter consumed {consumed} kWh"


@then("the block counters of every snapshot add up to the kWh consumed since their last reset")
def snapshot_counters_in_kwh(
    dialogue: Dialogue, meter: Eui64, duis_device_model: DeviceModel, meter_consumption: Consumption
) -> None:
    """Each snapshot's counters are the kWh consumed since the last snapshot or an allowed reset."""
    observed = observe(dialogue)
    resets = duis_device_model.subject_to(_RESET_CLAUSES.get(dialogue.request.srv.srv, "-"))
    problems, matched = _counted_in_kwh(meter, _entries(observed), resets, meter_consumption)
    assert not problems, "; ".join(problems)
    assert matched, f"no snapshot with non-zero counters to compare: {observed.summary()}"


@then("the block counters of every snapshot show an outcome the clause allows")
def snapshot_counters_allowed(
    request: pytest.FixtureRequest,
    dialogue: Dialogue,
    meter: Eui64,
    meter_consumption: Consumption,
    record_outcome: Callable[[str], None],
) -> None:
    """Each snapshot shows an outcome the register allows; the one seen is recorded, not certain."""
    observed, texts = observe(dialogue), _register_outcomes(request)
    seen, problems = _allowed_outcomes(meter, _entries(observed), meter_consumption, texts)
    assert not problems, "; ".join(problems)
    assert seen, f"no snapshot in the log: {observed.summary()}"
    record_outcome("; ".join(seen))


@then("the daily read log repeats its 23:00 entry at 00:00 with no increase in consumption")
def repeats_23_00_entry(dialogue: Dialogue) -> None:
    """An entry stamped 00:00 repeats every register value of the entry stamped 23:00 before it."""
    entries = _entries(observe(dialogue))
    copies = [b for a, b in _repeats(entries) if a.timestamp.hour == 23 and b.timestamp.hour == 0]
    assert copies, f"no 00:00 copy of a 23:00 entry among {[str(e) for e in entries]}"


@then("no entry of the daily read log repeats the entry before it")
def no_repeated_entry(dialogue: Dialogue) -> None:
    """No entry carries exactly the register values of the entry before it."""
    repeats = [str(b) for _, b in _repeats(_entries(observe(dialogue)))]
    assert not repeats, f"entries repeating the one before: {repeats}"


@then(
    parsers.parse(
        "the {log:Log} covers every half hour of the requested period",
        extra_types=TYPES,
    )
)
def profile_covers_period(dialogue: Dialogue, log: Log) -> None:
    """One value stamped at the end of each half hour of the period (up to the answer), once."""
    observed = observe(dialogue)
    assert log.response in observed.response_data_names(), observed.summary()
    start, end = _requested_period(dialogue)
    expected = _half_hours(start, min(end, _answered_at(observed)))
    stamps = [e.timestamp for e in _entries(observed)]
    assert expected, f"the period {start} to {end} holds no whole half hour"
    assert stamps == expected, f"{len(stamps)} values, expected {len(expected)} ({start}-{end})"


def _season_leaves(seasons: etree._Element | None) -> list[list[tuple[str, str]]]:
    """Each season's leaf elements (local name, text) in order, namespaces ignored."""
    if seasons is None:
        return []
    return [
        [(_local(e), (e.text or "").strip()) for e in season.iter() if len(e) == 0]
        for season in seasons
        if isinstance(season.tag, str)
    ]


def _seasons_element(root: etree._Element, table: str) -> etree._Element | None:
    """The first ``Seasons`` under a ``table`` element (SwitchingTable / TariffSwitchingTable)."""
    for element in root.iter():
        if isinstance(element.tag, str) and _local(element) == table:
            return next((c for c in element if _local(c) == "Seasons"), None)
    return None


@then("the tariff read back from the meter has the same seasons")
def tariff_read_back(supplier: DccUser, meter: Eui64, dialogue: Dialogue) -> None:
    """Read Tariff (4.11.1) reports every season of the tariff just applied exactly as sent:
    the same names, start dates (wildcards included) and week profiles, in the same order."""
    _same_seasons_read_back(supplier, meter, dialogue, "4.11.1", "ReadTariffPrimaryElementRsp")


@then("the secondary element tariff read back from the meter has the same seasons")
def secondary_tariff_read_back(supplier: DccUser, meter: Eui64, dialogue: Dialogue) -> None:
    """Read Tariff (Secondary Element, 4.11.2) reports every season of the secondary element
    just applied exactly as sent, in the same order."""
    _same_seasons_read_back(supplier, meter, dialogue, "4.11.2", "ReadTariffSecondaryElementRsp")


def _same_seasons_read_back(
    supplier: DccUser, meter: Eui64, dialogue: Dialogue, srv: str, rsp: str
) -> None:
    sent = _season_leaves(_seasons_element(dialogue.request.element(), "SwitchingTable"))
    assert sent, "the tariff applied has no seasons to compare"
    observed = observe(supplier.request(srv, device=meter))
    assert rsp in observed.response_data_names(), observed.summary()
    reported = _season_leaves(_seasons_element(_data(observed), "TariffSwitchingTable"))
    assert reported == sent, f"sent seasons {sent}, read back {reported}"
