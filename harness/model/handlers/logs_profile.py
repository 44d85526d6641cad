"""Profile data: 4.8.1 active import, 4.8.2 reactive import, 4.8.3 export.

S1SR-18.22(b)-(d), S1SR-18.23, S1SR-18.24: before FOC Uplift 2.1 (s1sr_v10) profile data could
not be obtained from the device models the DMVES maps to these clauses; from s1sr_v11 access is
restored. Under s1sr_v10 the register accepts any failure form (A-REMOVED-RESTRICTION-V10,
A-FAILURE-FORM). The model chooses a synchronous, unsigned error response with E11 (its code
for a service it does not offer, M-DCC-CHECK-CODES) and sends nothing to the meter: the
restriction belongs to the device model, which DCC knows from the DMVES before it forwards
anything, and no source names an S1SP alert code for it.

Values are the model's constant load (:mod:`harness.model.consumption`), one per half hour,
each stamped with the end of its interval: electricity in Wh, gas in m³. The load has no
reactive or export part, so 4.8.2 and 4.8.3 report zeros.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from lxml import etree

from harness.model import consumption, replies
from harness.model.consumption import HALF_HOUR
from harness.model.handlers.logs_answers import LogRead, answered, log_read, refused
from harness.model.handling import Context, Outcome, handles
from harness.model.replies import Fuel, Interval

#: The clauses whose device models could not give profile data under s1sr_v10.
PROFILE_CLAUSES = ("18.22(b)-(d)", "18.23", "18.24")

_MOST = {"4.8.1": 19056, "4.8.2": 4464, "4.8.3": 4464}  # the MMC's bounds on intervals


def _interval_ends(ctx: Context, read: LogRead) -> list[datetime]:
    """The end of every whole half hour inside the period, up to now (the latest allowed)."""
    first = read.period.start + HALF_HOUR
    midnight = consumption.utc_midnight(first)
    halves = -((midnight - first) // HALF_HOUR)  # rounds up to a half-hour boundary
    ends: list[datetime] = []
    moment, until = midnight + halves * HALF_HOUR, read.until(ctx.now)
    while moment <= until:
        ends.append(moment)
        moment += HALF_HOUR
    return ends[-_MOST[ctx.request.srv] :]


def _active_import(fuel: Fuel, end: datetime) -> Interval:
    energy = consumption.energy_kwh(end - HALF_HOUR, end)
    if fuel is Fuel.GAS:
        return Interval(end, consumption.gas_volume_m3(energy))
    return Interval(end, int(energy * 1000))


def _served(
    ctx: Context, build: Callable[[LogRead, list[datetime]], etree._Element], electricity: bool
) -> Outcome:
    """Refuse (s1sr_v10 restriction, not a meter, gas for an electricity-only SRV) or answer."""
    read = log_read(ctx)
    if isinstance(read, Outcome):
        return read
    restricted = [c for c in PROFILE_CLAUSES if ctx.subject_to(c)]
    if ctx.baseline.s1sr == "s1sr_v10" and restricted:
        return refused(
            ctx, f"S1SR-{restricted[0]} (s1sr_v10): profile data cannot be read from this model"
        )
    if electricity and read.fuel is Fuel.GAS:
        return refused(ctx, f"SRV {ctx.request.srv} applies to electricity meters only")
    return answered(ctx, build(read, _interval_ends(ctx, read)))


@handles("4.8.1")
def active_import_profile(ctx: Context) -> Outcome:
    """4.8.1 Read Active Import Profile Data (S1SR-18.22(b)-(d), 18.23, 18.24): I99, then the
    half-hourly import of the period; refused under s1sr_v10 on mapped models."""
    return _served(
        ctx,
        lambda read, ends: replies.active_import_profile_rsp(
            read.fuel, [_active_import(read.fuel, end) for end in ends]
        ),
        electricity=False,
    )


@handles("4.8.2")
def reactive_import_profile(ctx: Context) -> Outcome:
    """4.8.2 Read Reactive Import Profile Data (S1SR-18.22(b)-(d), 18.23, 18.24): I99, then
    zero reactive import per half hour; electricity only; refused under s1sr_v10 on mapped
    models."""
    return _served(
        ctx,
        lambda _read, ends: replies.reactive_import_profile_rsp([Interval(e, 0) for e in ends]),
        electricity=True,
    )


@handles("4.8.3")
def export_profile(ctx: Context) -> Outcome:
    """4.8.3 Read Export Profile Data (S1SR-18.22(b)-(d), 18.23, 18.24): I99, then zero active
    and reactive export per half hour; electricity only; refused under s1sr_v10 on mapped
    models."""
    return _served(
        ctx,
        lambda _read, ends: replies.export_profile_rsp([Interval(e, 0, 0) for e in ends]),
        electricity=True,
    )
