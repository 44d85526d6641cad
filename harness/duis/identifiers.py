"""EUI-64 device identifiers and DUIS RequestIDs (``originator:target:counter``)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache

from harness.errors import CounterError, IdentifierError

_HEX16 = re.compile(r"[0-9A-Fa-f]{16}")
_UINT64_MAX = 2**64 - 1

#: The DCC's own EUI-64, the target of non-device (CommandVariant 8) requests.
DCC_ACCESS_CONTROL_BROKER = "90-B3-D5-1F-30-00-00-02"


@dataclass(frozen=True, order=True)
class Eui64:
    """A 64-bit device identifier; accepts any case and ``-``/``:``/no separators."""

    value: int

    @classmethod
    def parse(cls, text: str) -> Eui64:
        """Parse ``00-DB-12-34-56-78-90-A4``, ``00db1234567890a4`` and similar forms."""
        if cls is Eui64:
            return _parsed(text)  # devices recur: one immutable value per text
        return cls(_parsed(text).value)

    def __repr__(self) -> str:
        return f"Eui64('{self}')"

    def __str__(self) -> str:
        return _hyphenated(self.value)


@dataclass(frozen=True)
class RequestId:
    """A DUIS RequestID: originator EUI-64, target EUI-64 and a per-originator counter."""

    originator: Eui64
    target: Eui64
    counter: int

    def __post_init__(self) -> None:
        if not 0 <= self.counter <= _UINT64_MAX:
            raise IdentifierError(str(self.counter), "counter must be an unsigned 64-bit integer")

    @classmethod
    def parse(cls, text: str) -> RequestId:
        """Parse ``originator:target:counter`` with hyphenated EUI-64s."""
        parts = text.strip().split(":")
        if len(parts) != 3:
            raise IdentifierError(text, "a RequestID must be 'originator:target:counter'")
        originator, target, counter = parts
        if not counter.isdigit():
            raise IdentifierError(text, "the RequestID counter must be a decimal integer")
        return cls(Eui64.parse(originator), Eui64.parse(target), int(counter))

    def swapped(self) -> RequestId:
        """The ResponseID form: originator and target exchanged, same counter."""
        return RequestId(self.target, self.originator, self.counter)

    def swapped_text(self) -> str:
        """``str(self.swapped())``, without making the identifier."""
        return f"{self.target}:{self.originator}:{self.counter}"

    def __str__(self) -> str:
        return self._text

    @cached_property
    def _text(self) -> str:
        return f"{self.originator}:{self.target}:{self.counter}"


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Eui64:
    compact = text.strip().replace("-", "").replace(":", "").replace(" ", "")
    if not _HEX16.fullmatch(compact):
        raise IdentifierError(text, "an EUI-64 must be 8 hexadecimal byte pairs")
    return Eui64(int(compact, 16))


@lru_cache(maxsize=4096)
def _hyphenated(value: int) -> str:
    """``value`` as eight hyphenated upper-case byte pairs (cached: devices recur)."""
    raw = f"{value:016X}"
    return "-".join(
        (raw[0:2], raw[2:4], raw[4:6], raw[6:8], raw[8:10], raw[10:12], raw[12:14], raw[14:])
    )


class CounterSequence:
    """Issues and checks RequestID counters that strictly increase per originator."""

    def __init__(self, start: int = 0) -> None:
        self._start = start
        self._last: dict[Eui64, int] = {}
        self._lock = threading.Lock()

    def next(self, originator: Eui64) -> int:
        """The next counter for ``originator`` (one more than the last seen)."""
        with self._lock:
            counter = self._last.get(originator, self._start) + 1
            self._last[originator] = counter
            return counter

    def accept(self, originator: Eui64, counter: int) -> None:
        """Record ``counter``; raise :class:`CounterError` unless it exceeds the last one."""
        with self._lock:
            last = self._last.get(originator)
            if last is not None and counter <= last:
                raise CounterError(str(originator), counter, last)
            self._last[originator] = counter

    def last(self, originator: Eui64) -> int | None:
        """The highest counter recorded for ``originator``, if any."""
        return self._last.get(originator)
