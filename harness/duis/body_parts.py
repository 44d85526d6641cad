"""Pieces the typed body builders share: element helpers, DUIS lexical forms, parameter checks.

Every check raises :class:`~harness.errors.BuildError` naming the SRV and the parameter, in the
"what, expected, got" form, before any XML is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from lxml import etree

from harness.duis.identifiers import Eui64
from harness.duis.namespaces import SR, sr
from harness.errors import BuildError, IdentifierError

#: A device ID used when a typed builder is called without one; replace it for real requests.
PLACEHOLDER_DEVICE_ID = "00-00-00-00-00-00-00-01"

#: Bounds of the XSD integer types the typed bodies use.
INT = (-(2**31), 2**31 - 1)
UNSIGNED_INT = (0, 2**32 - 1)
SHORT = (-(2**15), 2**15 - 1)
UNSIGNED_SHORT = (0, 2**16 - 1)
PRICE_SCALE = (-128, 127)

_T = TypeVar("_T")


def root(body_element: str) -> etree._Element:
    """A new ``sr:<body_element>`` with only the ``sr`` prefix declared."""
    return etree.Element(sr(body_element), nsmap={"sr": SR})


def child(
    parent: etree._Element, name: str, text: str | None = None, **attributes: str
) -> etree._Element:
    """Append ``sr:<name>`` with optional text and attributes; returns it."""
    element = etree.SubElement(parent, sr(name), attributes)
    if text is not None:
        element.text = text
    return element


def integer(srv: str, parameter: str, value: int, bounds: tuple[int, int]) -> str:
    """``value`` as text after checking it is an int within ``bounds`` (inclusive)."""
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        raise BuildError(srv, f"{parameter} must be an integer (got {value!r})", parameter)
    if not low <= value <= high:
        raise BuildError(
            srv, f"{parameter} must be between {low} and {high} (got {value})", parameter
        )
    return str(value)


def text(srv: str, parameter: str, value: str, min_length: int, max_length: int) -> str:
    """``value`` after checking its length."""
    if not isinstance(value, str) or not min_length <= len(value) <= max_length:
        raise BuildError(
            srv,
            f"{parameter} must be {min_length} to {max_length} characters long (got {value!r})",
            parameter,
        )
    return value


def choice(srv: str, parameter: str, value: _T, allowed: Sequence[_T]) -> _T:
    """``value`` after checking it is one of ``allowed``."""
    if value not in allowed:
        listed = ", ".join(repr(a) for a in allowed)
        raise BuildError(srv, f"{parameter} must be one of {listed} (got {value!r})", parameter)
    return value


def device(srv: str, parameter: str, value: str | Eui64) -> str:
    """An EUI-64 in the DUIS hyphenated upper-case form."""
    try:
        return str(value if isinstance(value, Eui64) else Eui64.parse(value))
    except (IdentifierError, AttributeError):
        raise BuildError(
            srv,
            f"{parameter} must be an EUI-64 such as 00-DB-12-34-56-78-90-A0 (got {value!r})",
            parameter,
        ) from None


def moment(srv: str, parameter: str, value: datetime) -> str:
    """An aware ``datetime`` as an xs:dateTime in UTC (``2026-01-31T23:00:00Z``)."""
    if not isinstance(value, datetime):
        raise BuildError(srv, f"{parameter} must be a datetime (got {value!r})", parameter)
    if value.tzinfo is None or value.utcoffset() is None:
        raise BuildError(
            srv,
            f"{parameter} must be timezone-aware, e.g. datetime(..., tzinfo=UTC) (got {value!r})",
            parameter,
        )
    utc = value.astimezone(UTC)
    fraction = f".{utc.microsecond:06d}".rstrip("0") if utc.microsecond else ""
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def clock(srv: str, parameter: str, value: time) -> str:
    """A ``time`` as xs:time; a naive time is written as UTC (``07:00:00Z``), like DUIS examples."""
    if not isinstance(value, time):
        raise BuildError(srv, f"{parameter} must be a datetime.time (got {value!r})", parameter)
    if value.tzinfo is not None and value.utcoffset() != timedelta(0):
        raise BuildError(srv, f"{parameter} must be naive or UTC (got {value!r})", parameter)
    return value.strftime("%H:%M:%S") + "Z"


def day(srv: str, parameter: str, value: date) -> str:
    """A ``date`` as xs:date (``2026-01-31``)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise BuildError(srv, f"{parameter} must be a datetime.date (got {value!r})", parameter)
    return value.isoformat()


def execution(parent: etree._Element, srv: str, when: datetime | None) -> None:
    """Append the optional ``ExecutionDateTime`` (future-dated requests) when ``when`` is set."""
    if when is not None:
        child(parent, "ExecutionDateTime", moment(srv, "execution_datetime", when))


def start_of_today() -> datetime:
    """Midnight UTC at the start of the current day (default end of read-log periods)."""
    now = datetime.now(UTC)
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


def annual_date(parent: etree._Element, month: int, day_of_month: int, *, gas: bool) -> None:
    """A recurring date (any year, any weekday) in the electricity or gas wildcard form."""
    names = (
        (
            "GasYearWithWildcards",
            "GasMonthWithWildcards",
            "GasDayOfMonthWithWildcards",
            "GasDayOfWeekWithWildcards",
        )
        if gas
        else ("Year", "Month", "DayOfMonth", "DayOfWeek")
    )
    child(child(parent, names[0]), "NonSpecifiedYear")
    child(child(parent, names[1]), "SpecifiedMonth", str(month))
    child(child(parent, names[2]), "SpecifiedDayOfMonth", str(day_of_month))
    child(child(parent, names[3]), "NonSpecifiedDayOfWeek")


def whole_week(parent: etree._Element, day_name: int) -> None:
    """Seven ``ReferencedDayName`` entries (index 1–7) all naming ``day_name``."""
    for index in range(1, 8):
        child(parent, "ReferencedDayName", str(day_name), index=str(index))
