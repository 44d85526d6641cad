"""Sample values for XSD simple types, honouring their facets.

Used by :mod:`harness.duis.skeleton` to fill minimal bodies. Everything here is deterministic:
the same type always gives the same value, so generated requests can be diffed and cached.
Patterns are satisfied with :func:`harness.duis.patterns.pattern_sample`.
"""

from __future__ import annotations

import base64
import string
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from xmlschema.names import (
    XSD_FRACTION_DIGITS,
    XSD_LENGTH,
    XSD_MAX_EXCLUSIVE,
    XSD_MAX_INCLUSIVE,
    XSD_MAX_LENGTH,
    XSD_MIN_EXCLUSIVE,
    XSD_MIN_INCLUSIVE,
    XSD_MIN_LENGTH,
    XSD_NAMESPACE,
)

from harness.duis.patterns import pattern_sample

_XS = f"{{{XSD_NAMESPACE}}}"

#: Fixed samples for primitive types that need no facet arithmetic.
_PRIMITIVE_SAMPLES: dict[str, str] = {
    "boolean": "false",
    "dateTime": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "duration": "PT0S",
    "gYear": "2024",
    "gYearMonth": "2024-01",
    "gMonth": "--01",
    "gMonthDay": "--01-01",
    "gDay": "---01",
    "anyURI": "urn:sample",
    "QName": "sample",
    "NOTATION": "sample",
    "float": "0",
    "double": "0",
}


def _chain(simple_type: Any) -> Iterator[Any]:
    """The type and its base types, most derived first."""
    current = simple_type
    while current is not None:
        yield current
        current = getattr(current, "base_type", None)


def _builtin_names(simple_type: Any) -> set[str]:
    return {
        t.name[len(_XS) :]
        for t in _chain(simple_type)
        if isinstance(getattr(t, "name", None), str) and t.name.startswith(_XS)
    }


def _facet(simple_type: Any, name: str) -> Any:
    for t in _chain(simple_type):
        facet = getattr(t, "facets", {}).get(name)
        if facet is not None:
            return facet.value
    return None


def _enumeration(simple_type: Any) -> list[Any] | None:
    for t in _chain(simple_type):
        values = getattr(t, "enumeration", None)
        if values:
            return list(values)
    return None


def _patterns(simple_type: Any) -> list[str]:
    found: list[str] = []
    for t in _chain(simple_type):
        facets = getattr(t, "patterns", None)
        if facets is not None:
            found.extend(facets.regexps)
    return found


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _number_candidates(simple_type: Any, integer: bool, occurrence: int) -> Iterator[Decimal]:
    def bound(name: str) -> Decimal | None:
        value = _facet(simple_type, name)
        try:
            return Decimal(str(value)) if value is not None else None
        except InvalidOperation:
            return None

    low_in, low_ex = bound(XSD_MIN_INCLUSIVE), bound(XSD_MIN_EXCLUSIVE)
    high_in, high_ex = bound(XSD_MAX_INCLUSIVE), bound(XSD_MAX_EXCLUSIVE)
    step = Decimal(1)
    if not integer:
        digits = _facet(simple_type, XSD_FRACTION_DIGITS)
        step = Decimal(1).scaleb(-int(digits)) if digits else Decimal("0.1")

    def inside(value: Decimal) -> bool:
        return (
            (low_in is None or value >= low_in)
            and (low_ex is None or value > low_ex)
            and (high_in is None or value <= high_in)
            and (high_ex is None or value < high_ex)
        )

    starts = [Decimal(0), Decimal(1)]
    if low_in is not None:
        starts.append(low_in)
    if low_ex is not None:
        starts += [low_ex.to_integral_value(rounding="ROUND_FLOOR") + 1, low_ex + step]
    if high_in is not None:
        starts.append(high_in)
    if high_ex is not None:
        starts += [high_ex.to_integral_value(rounding="ROUND_CEILING") - 1, high_ex - step]
    for start in starts:
        if inside(start):
            shifted = start + (occurrence - 1)
            yield shifted if inside(shifted) else start


def _length_bounds(simple_type: Any) -> tuple[int, int | None]:
    exact = _facet(simple_type, XSD_LENGTH)
    if exact is not None:
        return int(exact), int(exact)
    low = _facet(simple_type, XSD_MIN_LENGTH)
    high = _facet(simple_type, XSD_MAX_LENGTH)
    return (int(low) if low is not None else 0), (int(high) if high is not None else None)


def _filler(length: int) -> str:
    letters = string.ascii_uppercase
    return "".join(letters[i % len(letters)] for i in range(length))


def _candidates(simple_type: Any, occurrence: int) -> Iterator[str]:
    enumeration = _enumeration(simple_type)
    if enumeration is not None:
        yield from (_text(v) for v in enumeration)
        return
    names = _builtin_names(simple_type)
    low, high = _length_bounds(simple_type)
    if "decimal" in names:
        integer = "integer" in names
        for value in _number_candidates(simple_type, integer, occurrence):
            yield str(int(value)) if integer else _text(value)
        return
    if "hexBinary" in names:
        yield "00" * max(low, 1 if high is None or high >= 1 else 0)
        return
    if "base64Binary" in names:
        yield base64.b64encode(b"\x00" * max(low, 1 if high is None or high >= 1 else 0)).decode()
        return
    for primitive, sample in _PRIMITIVE_SAMPLES.items():
        if primitive in names:
            yield sample
            return
    for pattern in _patterns(simple_type):
        generated = pattern_sample(pattern, low, high)
        if generated is not None:
            yield generated
    wanted = max(low, 1) if high is None else min(max(low, 1), high)
    yield _filler(wanted)


def sample_value(simple_type: Any, occurrence: int = 1) -> str | None:
    """A valid lexical value for an ``xmlschema`` simple type, or None if none could be made.

    Enumerations give their first value; numbers the nicest in-range value (0, 1 or the lower
    bound), shifted by ``occurrence - 1`` for the n-th repeat of an element where the range
    allows (so ``index`` attributes count 1, 2, 3...); strings honour length facets and
    patterns. Every candidate is checked with the type itself before it is returned.
    """
    for candidate in _candidates(simple_type, occurrence):
        if simple_type.is_valid(candidate):
            return candidate
    return None
