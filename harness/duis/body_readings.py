"""Typed bodies for reading logs and scheduling reads: SRVs 4.4.2–4.4.4, 4.6.1, 4.8.1–4.8.3,
5.1 and 6.8 (the billing calendar that triggers billing data logs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Literal

from lxml import etree

from harness.duis.body_parts import (
    PLACEHOLDER_DEVICE_ID,
    child,
    choice,
    clock,
    day,
    device,
    execution,
    integer,
    moment,
    root,
    start_of_today,
)
from harness.duis.catalogue import catalogue
from harness.duis.identifiers import Eui64
from harness.errors import BuildError, UnknownServiceError

Fuel = Literal["electricity", "gas"]
Periodicity = Literal["Daily", "Weekly", "Monthly", "Quarterly", "SixMonthly", "Yearly"]
ScheduleFrequency = Literal["Daily", "Weekly", "Monthly", "Quarterly", "Half-Yearly", "Yearly"]

_READ_LOGS: Mapping[str, timedelta] = {
    "4.4.2": timedelta(days=365),
    "4.4.3": timedelta(days=365),
    "4.4.4": timedelta(days=365),
    "4.6.1": timedelta(days=1),
    "4.8.1": timedelta(days=1),
    "4.8.2": timedelta(days=1),
    "4.8.3": timedelta(days=1),
}


def read_log(
    srv: str,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    execution_datetime: datetime | None = None,
) -> etree._Element:
    """A log or profile read (4.4.2–4.4.4, 4.6.1, 4.8.1–4.8.3) over ``[start, end]``.

    ``end`` defaults to midnight UTC today; ``start`` to one day before ``end`` (365 days for
    the billing data logs 4.4.x).
    """
    if srv not in _READ_LOGS:
        raise BuildError(srv, f"read_log builds SRVs {', '.join(_READ_LOGS)} only", "srv")
    until = end if end is not None else start_of_today()
    since = start if start is not None else until - _READ_LOGS[srv]
    start_text, end_text = moment(srv, "start", since), moment(srv, "end", until)
    if since >= until:
        raise BuildError(srv, f"start must be before end (got {start_text} to {end_text})", "start")
    body = root(catalogue().get(srv).body_element)
    execution(body, srv, execution_datetime)
    period = child(body, "ReadLogPeriod")
    child(period, "StartDateTime", start_text)
    child(period, "EndDateTime", end_text)
    return body


def _read_log_builder(srv: str) -> Callable[..., etree._Element]:
    def build(
        start: datetime | None = None,
        end: datetime | None = None,
        *,
        execution_datetime: datetime | None = None,
    ) -> etree._Element:
        return read_log(srv, start, end, execution_datetime=execution_datetime)

    build.__name__ = f"read_log_{srv.replace('.', '_')}"
    build.__doc__ = f"SRV {srv} ({catalogue().get(srv).name}): see :func:`read_log`."
    return build


#: One builder per log-reading SRV (``start``, ``end``, ``execution_datetime``).
READ_LOG_BODIES: Mapping[str, Callable[..., etree._Element]] = {
    srv: _read_log_builder(srv) for srv in _READ_LOGS
}


#: Scheduled SRVs whose DSP element carries a read period as day offsets and times.
_SCHEDULED_WITH_PERIOD = frozenset(
    {"4.6.1", "4.6.2", "4.8.1", "4.8.2", "4.8.3", "4.10", "4.14", "4.17"}
)


def create_schedule(
    scheduled_srv: str = "4.6.1",
    *,
    device_id: str | Eui64 = PLACEHOLDER_DEVICE_ID,
    frequency: ScheduleFrequency = "Daily",
    start_date: date | None = None,
    end_date: date | None = None,
    execution_start_time: time | None = None,
    start_date_offset: int = -1,
    start_time: time = time(0, 0),
    end_date_offset: int = 0,
    end_time: time = time(0, 0),
) -> etree._Element:
    """5.1 ``CreateSchedule``: DCC runs ``scheduled_srv`` for ``device_id`` at ``frequency``.

    ``start_date`` defaults to today (UTC). The read period (for log and profile SRVs) is given
    as day offsets (-400–0) from the run date plus times of day.
    """
    srv = "5.1"
    try:
        scheduled = catalogue().get(scheduled_srv)
    except UnknownServiceError:
        raise BuildError(
            srv, f"scheduled_srv {scheduled_srv!r} is not an SRV", "scheduled_srv"
        ) from None
    choice(
        srv,
        "frequency",
        frequency,
        ("Daily", "Weekly", "Monthly", "Quarterly", "Half-Yearly", "Yearly"),
    )
    first = start_date if start_date is not None else start_of_today().date()
    if end_date is not None and end_date < first:
        raise BuildError(
            srv, f"end_date must not be before start_date (got {end_date} < {first})", "end_date"
        )
    body = root("CreateSchedule")
    child(body, "ScheduleFrequency", frequency)
    child(body, "ScheduleStartDate", day(srv, "start_date", first))
    if end_date is not None:
        child(body, "ScheduleEndDate", day(srv, "end_date", end_date))
    if execution_start_time is not None:
        child(
            body,
            "ScheduleExecutionStartTime",
            clock(srv, "execution_start_time", execution_start_time),
        )
    child(body, "DSPScheduledServiceReference", scheduled.service_reference)
    child(body, "DSPScheduledServiceReferenceVariant", scheduled.srv)
    child(body, "DeviceID", device(srv, "device_id", device_id))
    dsp = child(body, "DSP" + scheduled.body_element)
    if scheduled.srv in _SCHEDULED_WITH_PERIOD:
        child(
            dsp, "StartDateOffset", integer(srv, "start_date_offset", start_date_offset, (-400, 0))
        )
        child(dsp, "StartTime", clock(srv, "start_time", start_time))
        child(dsp, "EndDateOffset", integer(srv, "end_date_offset", end_date_offset, (-400, 0)))
        child(dsp, "EndTime", clock(srv, "end_time", end_time))
    return body


def update_billing_calendar(
    fuel: Fuel = "electricity",
    *,
    periodicity: Periodicity = "Monthly",
    billing_time: time = time(0, 0),
    day_of_month: int = 1,
    day_of_week: int = 1,
    start_month: int = 1,
    billing_period_start: datetime | None = None,
) -> etree._Element:
    """6.8 ``UpdateDeviceConfigurationBillingCalendar`` for an electricity or gas meter.

    Electricity: ``billing_time`` plus ``day_of_week`` (Weekly, 1–7), ``day_of_month`` (1–28;
    Monthly and longer) and ``start_month`` (Quarterly, SixMonthly, Yearly). Gas:
    ``billing_period_start`` (default: midnight UTC on the first of this month) and the
    periodicity.
    """
    srv = "6.8"
    choice(srv, "fuel", fuel, ("electricity", "gas"))
    choice(
        srv,
        "periodicity",
        periodicity,
        ("Daily", "Weekly", "Monthly", "Quarterly", "SixMonthly", "Yearly"),
    )
    body = root("UpdateDeviceConfigurationBillingCalendar")
    if fuel == "gas":
        start = billing_period_start or start_of_today().replace(day=1)
        calendar = child(body, "GasBillingCalendar")
        child(calendar, "BillingPeriodStart", moment(srv, "billing_period_start", start))
        child(calendar, "Periodicity", periodicity)
        return body
    if billing_period_start is not None:
        raise BuildError(srv, "billing_period_start is for gas calendars", "billing_period_start")
    calendar = child(body, "ElectricityBillingCalendar")
    child(calendar, "BillingTime", clock(srv, "billing_time", billing_time))
    if periodicity == "Daily":
        child(calendar, "Daily")
    elif periodicity == "Weekly":
        child(calendar, "Weekly", integer(srv, "day_of_week", day_of_week, (1, 7)))
    elif periodicity == "Monthly":
        child(calendar, "Monthly", integer(srv, "day_of_month", day_of_month, (1, 28)))
    else:
        period = child(calendar, periodicity)
        child(period, "DayOfMonth", integer(srv, "day_of_month", day_of_month, (1, 28)))
        child(period, "BillingPeriodStartMonth", integer(srv, "start_month", start_month, (1, 12)))
    return body
