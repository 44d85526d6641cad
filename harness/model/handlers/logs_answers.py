"""How the S1SP answers the reading and log requests, shared by the ``logs_*`` handlers.

A request DCC sends on to a SMETS1 meter is acknowledged at once (I99) and answered later by
the S1SP (M-IMMEDIATE: at once on the virtual clock): with a SMETS1 response carrying the
``…Rsp`` data (:func:`answered`), or, when the request times out at the device, with the S1SP
alert S1CE20 and no meter response (:func:`timed_out`; A-S1CE20-TIMEOUT, delivered as
A-S1SP-ALERT-WRAPPER says). A request the model will not serve is refused synchronously with
an error and nothing follows (:func:`refused`): a target that is not a SMETS1 meter, or a
body without a readable read period.

Clauses the register defines under ``s1sr_v11`` only (18.17(i), 18.18(f), 18.18(g), 18.19(a),
18.21(e), 18.21(f)) act only under that baseline: under ``s1sr_v10`` a mapped model behaves as
an unmapped one (:func:`clause_applies`; the rule M-PREPAY-V11-CLAUSES of the prepayment
handlers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from harness.model import handling, replies
from harness.model.consumption import CounterReset
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.handling import Context, Outcome
from harness.model.replies import Fuel

__all__ = [
    "TIME_OUT_ALERT",
    "LogRead",
    "ReadPeriod",
    "answered",
    "clause_applies",
    "counter_reset",
    "log_read",
    "meter_fuel",
    "not_a_smets1_meter",
    "read_period",
    "refused",
    "timed_out",
]

#: The S1SP alert code of a request that timed out at the device (seed 000).
TIME_OUT_ALERT = "S1CE20"

_FUELS = {DeviceType.ESME: Fuel.ELECTRICITY, DeviceType.GSME: Fuel.GAS}


@dataclass(frozen=True)
class ReadPeriod:
    """The ``ReadLogPeriod`` of a log or profile request, in UTC."""

    start: datetime
    end: datetime


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    # An xs:dateTime without a zone is taken as UTC, as DUIS examples write times.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def read_period(ctx: Context) -> ReadPeriod | None:
    """The request's read period, or None if the body has no readable one."""
    body = ctx.body_request.body
    start = _instant(body.text_of("ReadLogPeriod/StartDateTime"))
    end = _instant(body.text_of("ReadLogPeriod/EndDateTime"))
    return None if start is None or end is None else ReadPeriod(start, end)


def meter_fuel(ctx: Context) -> Fuel | None:
    """Electricity for an ESME, gas for a GSME, None for any other device."""
    return None if ctx.device is None else _FUELS.get(ctx.device.device_type)


@dataclass(frozen=True)
class LogRead:
    """What a log or profile request asks of a meter: the meter's fuel and the read period."""

    fuel: Fuel
    period: ReadPeriod

    def until(self, now: datetime) -> datetime:
        """The end of the period, or ``now`` if earlier: a log holds nothing from the future."""
        return min(self.period.end, now)


def not_a_smets1_meter(ctx: Context) -> Outcome | None:
    """The refusal (E11) of a request whose target is not a SMETS1 ESME or GSME, else None.

    The model answers these SRVs only as the S1SP does, for SMETS1 meters.
    """
    device = ctx.device
    if device is None or meter_fuel(ctx) is None:
        kind = "no device" if device is None else f"a {device.device_type.value}"
        return refused(ctx, f"SRV {ctx.request.srv} must target an ESME or GSME (got {kind})")
    if device.smets_version is not SmetsVersion.SMETS1:
        return refused(ctx, f"the reference model answers SRV {ctx.request.srv} for SMETS1 only")
    return None


def log_read(ctx: Context) -> LogRead | Outcome:
    """The meter's fuel and the read period, or the refusal if the target is not a SMETS1
    meter or the body has no readable period."""
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    fuel, period = meter_fuel(ctx), read_period(ctx)
    if fuel is None or period is None:
        return refused(ctx, f"SRV {ctx.request.srv}: the ReadLogPeriod cannot be read")
    return LogRead(fuel, period)


def clause_applies(ctx: Context, clause: str) -> bool:
    """Whether ``clause``, registered under ``s1sr_v11`` only, acts on the target's model."""
    return ctx.baseline.s1sr == "s1sr_v11" and ctx.subject_to(clause)


def counter_reset(ctx: Context, clause: str) -> CounterReset:
    """How the meter's gas block counters start for a snapshot governed by ``clause``.

    ``clause`` is 18.18(f) (billing calendar snapshot) or 18.21(e) (daily snapshot): a model
    the DMVES maps to it clears its counters just before the snapshot, with the outcome the
    DMVES file configures (``zero-in-gmt`` by default, else ``full-day``; docs/dmves.md).
    """
    if not clause_applies(ctx, clause):
        return CounterReset.PREVIOUS_SNAPSHOT
    if ctx.outcome_for(clause, CounterReset.UTC_MIDNIGHT.value) == CounterReset.UTC_MIDNIGHT.value:
        return CounterReset.UTC_MIDNIGHT
    return CounterReset.LOCAL_DAY


def answered(ctx: Context, data: etree._Element, *notes: str) -> Outcome:
    """I99 now, then the S1SP's response carrying ``data`` (an ``ra:…Rsp`` element)."""
    acknowledgement = replies.acknowledgement(ctx.request, now=ctx.now)
    response = replies.smets1_response(ctx.request, now=ctx.now, data=data)
    return Outcome(acknowledgement, (response,), notes)


def timed_out(ctx: Context, note: str) -> Outcome:
    """I99 now, then only the S1SP alert S1CE20 for the request (A-S1CE20-TIMEOUT)."""
    acknowledgement = replies.acknowledgement(ctx.request, now=ctx.now)
    alert = replies.s1sp_alert(ctx.request, now=ctx.now, code=TIME_OUT_ALERT)
    return Outcome(acknowledgement, (alert,), (note,))


def refused(ctx: Context, reason: str, code: str = handling.NOT_IMPLEMENTED) -> Outcome:
    """A synchronous, unsigned error response (default E11) and nothing after it."""
    request = ctx.request
    reply = replies.error_response(
        request.request_id,
        code=code,
        now=ctx.now,
        service_reference=request.service_reference,
        srv=request.srv,
    )
    return Outcome(reply, (), (reason,))
