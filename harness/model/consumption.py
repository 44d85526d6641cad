"""What the reference model's meters read: one fixed load, so every reading is reproducible.

Every meter the model simulates imports energy at a constant :data:`KWH_PER_HALF_HOUR` from
:data:`EPOCH` on, whatever its fuel, its model or the clock. A reading depends on nothing but
the instant it is taken at, so a test (or a feature step run against the model) can compute
the expected value with the same functions (assumption A-BLOCK-COUNTER-UNITS: "in kWh" is
verified against a consumption known in kWh).

Units, as the meters report them (the MMC types carry none):

- electricity registers and profile values: Wh, integers;
- the gas consumption register and gas profile values: volume in m³ (energy divided by
  :data:`GAS_KWH_PER_M3`), as a gas meter measures it;
- gas block counters: energy in kWh, which is what S1SR-18.14(a), 18.17(b) and 18.18(a)
  clarify. The model's gas tariff has no block thresholds, so all energy falls in block 1 and
  blocks 2 to 4 read zero.

Meters keep their daily and billing logs on Great Britain local time (A-GB-LOCAL-TIME): a
snapshot is taken at local midnight, which is 00:00 UTC on GMT and 23:00 UTC the evening
before on BST. All instants here are aware datetimes; results are in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum

from harness.model.clock import LONDON
from harness.model.replies import ElecRegisters, Fuel, GasRegisters, RegisterEntry

__all__ = [
    "BLOCKS",
    "EPOCH",
    "GAS_KWH_PER_M3",
    "HALF_HOUR",
    "KWH_PER_HALF_HOUR",
    "CounterReset",
    "block_counters",
    "daily_snapshots",
    "electricity_wh",
    "energy_kwh",
    "gas_volume_m3",
    "import_kwh",
    "is_bst",
    "local_date",
    "local_midnight",
    "monthly_snapshots",
    "reading",
    "utc_midnight",
]

#: When the model's meters started consuming (their registers read zero then).
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
#: The constant load: 0.5 kWh every half hour, 1 kWh an hour, 24 kWh a 24-hour day.
KWH_PER_HALF_HOUR = Decimal("0.5")
#: Energy per cubic metre of gas (a typical GB calorific value with the volume correction).
GAS_KWH_PER_M3 = Decimal("11.2")
#: Block counters a gas snapshot reports (the MMC matrix holds up to four).
BLOCKS = 4
HALF_HOUR = timedelta(minutes=30)

_KWH = Decimal("0.001")
_M3 = Decimal("0.001")


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"'{what}' must carry a time zone (got naive {moment.isoformat()})")
    return moment.astimezone(UTC)


# --- the load ---------------------------------------------------------------------------------


def energy_kwh(start: datetime, end: datetime) -> Decimal:
    """The energy imported from ``start`` to ``end`` in kWh (to 0.001 kWh); zero before EPOCH."""
    since = max(_aware(start, "start"), EPOCH)
    until = max(_aware(end, "end"), EPOCH)
    if until < since:
        raise ValueError(f"'end' must not be before 'start' (got {start} to {end})")
    halves = Decimal((until - since) // timedelta(microseconds=1)) / Decimal(
        HALF_HOUR // timedelta(microseconds=1)
    )
    return (halves * KWH_PER_HALF_HOUR).quantize(_KWH)


def import_kwh(at: datetime) -> Decimal:
    """The cumulative import register at ``at``, in kWh."""
    return energy_kwh(EPOCH, at)


def electricity_wh(at: datetime) -> int:
    """The electricity active import register at ``at``, in Wh."""
    return int(import_kwh(at) * 1000)


def gas_volume_m3(energy: Decimal) -> Decimal:
    """The gas volume (m³, to 0.001) that carries ``energy`` kWh."""
    return (energy / GAS_KWH_PER_M3).quantize(_M3)


# --- Great Britain local days ---------------------------------------------------------------


def local_date(at: datetime) -> date:
    """The Great Britain calendar date at ``at``."""
    return _aware(at, "at").astimezone(LONDON).date()


def local_midnight(day: date) -> datetime:
    """The instant (UTC) at which ``day`` starts in Great Britain."""
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def is_bst(at: datetime) -> bool:
    """Whether Great Britain is on British Summer Time at ``at``."""
    offset = _aware(at, "at").astimezone(LONDON).utcoffset()
    return offset is not None and offset > timedelta(0)


def utc_midnight(at: datetime) -> datetime:
    """The latest 00:00 UTC at or before ``at``."""
    utc = _aware(at, "at")
    return datetime.combine(utc.date(), time(0), tzinfo=UTC)


def _day_start(snapshot: datetime) -> datetime:
    """The start of the local day a snapshot closes (the previous day for a midnight one)."""
    return local_midnight(local_date(snapshot - timedelta(microseconds=1)))


def daily_snapshots(start: datetime, end: datetime) -> tuple[datetime, ...]:
    """Every local midnight from ``start`` to ``end`` (both included), oldest first."""
    since, until = _aware(start, "start"), _aware(end, "end")
    found: list[datetime] = []
    day = local_date(since)
    while (moment := local_midnight(day)) <= until:
        if moment >= since:
            found.append(moment)
        day += timedelta(days=1)
    return tuple(found)


def monthly_snapshots(start: datetime, end: datetime) -> tuple[datetime, ...]:
    """Every local midnight starting a month, from ``start`` to ``end`` (both included)."""
    since, until = _aware(start, "start"), _aware(end, "end")
    found: list[datetime] = []
    first = local_date(since).replace(day=1)
    while (moment := local_midnight(first)) <= until:
        if moment >= since:
            found.append(moment)
        first = (first + timedelta(days=32)).replace(day=1)
    return tuple(found)


# --- readings --------------------------------------------------------------------------------


class CounterReset(Enum):
    """When a gas meter's block counters start counting for a snapshot."""

    #: From the previous snapshot of the same log (the normal behaviour).
    PREVIOUS_SNAPSHOT = "previous-snapshot"
    #: Cleared at 00:00 UTC just before the snapshot (18.18(f) / 18.21(e) ``zero-in-gmt``):
    #: zero when the local midnight snapshot falls at 00:00 UTC (GMT), the 23 hours from 00:00
    #: UTC to 23:00 UTC on BST.
    UTC_MIDNIGHT = "zero-in-gmt"
    #: From the start of the local day the snapshot closes (18.18(f) / 18.21(e) ``full-day``).
    LOCAL_DAY = "full-day"


def block_counters(
    snapshot: datetime, previous: datetime, reset: CounterReset = CounterReset.PREVIOUS_SNAPSHOT
) -> tuple[Decimal, ...]:
    """The gas block counters (kWh) a snapshot at ``snapshot`` reports.

    ``previous`` is when the log's previous snapshot was taken (the counters' normal start).
    """
    if reset is CounterReset.UTC_MIDNIGHT:
        since = utc_midnight(snapshot)
    elif reset is CounterReset.LOCAL_DAY:
        since = _day_start(snapshot)
    else:
        since = previous
    energy = energy_kwh(since, snapshot)
    return (energy, *(Decimal("0.000") for _ in range(BLOCKS - 1)))


def reading(fuel: Fuel, at: datetime, counters: tuple[Decimal, ...] = ()) -> RegisterEntry:
    """The register values a meter of ``fuel`` logs at ``at``.

    Electricity: the active import register (Wh). Gas: the consumption register (m³) and
    ``counters``, the block counters in kWh (see :func:`block_counters`).
    """
    if fuel is Fuel.GAS:
        registers = GasRegisters(consumption=gas_volume_m3(import_kwh(at)), block_counters=counters)
        return RegisterEntry(at, registers)
    return RegisterEntry(at, ElecRegisters(active_import=electricity_wh(at)))
