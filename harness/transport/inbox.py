"""Correlation of asynchronous deliveries with the requests that are waiting for them.

A request is *in flight* from :meth:`Inbox.expect` until :meth:`Inbox.collect` (or
:meth:`Inbox.release`) ends its window. A delivery is filed by the RequestID in its header:

- the RequestID of a window in flight: kept for that window;
- no RequestID (an alert): kept for the window in flight if exactly one is, else *unclaimed*;
- a RequestID whose window is already closed: fault ``late``, kept as unclaimed;
- a RequestID never expected: fault ``unknown-request-id``, kept as unclaimed;
- byte-identical to an earlier delivery with the same RequestID (or, for alerts, to an earlier
  alert): fault ``duplicate``, not stored again.

Bodies the receiver refuses are recorded as fault ``rejected``. Waiting uses one
:class:`threading.Condition`; nothing polls and no wait outlives its deadline.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from harness.duis.response_header import ResponseHeader
from harness.errors import UsageError
from harness.model.exchange import Delivery

__all__ = ["Collection", "Fault", "FaultKind", "Inbox"]

FaultKind = Literal["unknown-request-id", "late", "duplicate", "rejected"]


@dataclass(frozen=True)
class Fault:
    """Something the system under test delivered that the harness did not expect."""

    kind: FaultKind
    detail: str
    at: datetime
    #: The RequestID the delivery named, if any.
    request_id: str | None = None
    #: The HTTP status the receiver answered with.
    status: int = 204

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True)
class Collection:
    """What :meth:`Inbox.collect` gathered for one request."""

    request_id: str
    #: Deliveries for the request (and alerts attached to it), in arrival order.
    deliveries: tuple[Delivery, ...]
    #: Every fault recorded while the request was in flight (any RequestID).
    faults: tuple[Fault, ...]
    #: True when the wait condition (count reached, terminal response seen) was met in time.
    complete: bool

    def duplicates_of_own(self) -> tuple[Fault, ...]:
        """Duplicate deliveries that named this request's RequestID."""
        return tuple(
            f for f in self.faults if f.kind == "duplicate" and f.request_id == self.request_id
        )


@dataclass
class _Window:
    request_id: str
    fault_mark: int
    #: Shares the inbox's lock; only this window's waiter is woken by its deliveries.
    arrived: threading.Condition
    deliveries: list[Delivery] = field(default_factory=list)
    terminal: bool = False
    last_arrival: float | None = None


class Inbox:
    """Thread-safe store of deliveries, waiting windows and faults."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # one lock for the inbox; each window has its own condition on it, so a delivery wakes
        # only the request it belongs to, not every waiting request (many concurrent clients)
        self._lock = threading.Lock()
        self._windows: dict[str, _Window] = {}
        self._closed: set[str] = set()
        self._seen: dict[str | None, set[bytes]] = {}
        self._faults: list[Fault] = []
        self._unclaimed: list[Delivery] = []

    def expect(self, request_id: str) -> None:
        """Open the window of a request about to be sent (before it is sent)."""
        with self._lock:
            if request_id in self._windows:
                raise UsageError(f"RequestID {request_id} is already in flight")
            arrived = threading.Condition(self._lock)
            self._windows[request_id] = _Window(request_id, len(self._faults), arrived)

    def release(self, request_id: str) -> tuple[Delivery, ...]:
        """Close a window without waiting; returns what it had gathered."""
        with self._lock:
            window = self._windows.pop(request_id, None)
            self._closed.add(request_id)
            return tuple(window.deliveries) if window is not None else ()

    def in_flight(self) -> tuple[str, ...]:
        """RequestIDs whose windows are open."""
        with self._lock:
            return tuple(self._windows)

    def faults(self) -> tuple[Fault, ...]:
        """Every fault recorded so far, oldest first."""
        with self._lock:
            return tuple(self._faults)

    def unclaimed(self) -> tuple[Delivery, ...]:
        """Accepted deliveries no request claimed (unknown, late, or alerts with no owner)."""
        with self._lock:
            return tuple(self._unclaimed)

    def reject(self, status: int, reason: str) -> None:
        """Record a body the receiver refused."""
        with self._lock:
            self._fault("rejected", f"HTTP {status}: {reason}", None, status)

    def accept(self, xml: bytes, response: ResponseHeader) -> str:
        """File an accepted delivery; returns how it was filed (for the log)."""
        request_id = str(response.request_id) if response.request_id is not None else None
        digest = hashlib.sha256(xml).digest()
        with self._lock:
            seen = self._seen.setdefault(request_id, set())
            if digest in seen:
                what = f"RequestID {request_id}" if request_id else "alert without RequestID"
                self._fault("duplicate", f"byte-identical delivery again ({what})", request_id)
                return "duplicate"
            seen.add(digest)
            delivery = Delivery(xml, datetime.now(UTC))
            window = self._window_for(request_id)
            if window is None:
                self._unclaimed.append(delivery)
                return "unclaimed"
            window.deliveries.append(delivery)
            window.last_arrival = self._clock()
            if request_id == window.request_id and not response.is_acknowledgement:
                window.terminal = True
            window.arrived.notify_all()
            return f"for RequestID {window.request_id}"

    def collect(
        self,
        request_id: str,
        *,
        deadline_s: float,
        settle_s: float = 0.0,
        expected_count: int | None = None,
        terminal: bool = True,
    ) -> Collection:
        """Wait for a request's deliveries, then close its window.

        With ``expected_count``, wait until that many deliveries arrived (no settle time).
        Otherwise, if ``terminal``, wait for a Response naming the RequestID whose ResponseCode
        is not I99; then wait until no delivery has arrived for ``settle_s``. The terminal
        response and the count must arrive within ``deadline_s``; the call returns within
        ``deadline_s + settle_s`` whatever happens.
        """
        if deadline_s < 0 or settle_s < 0:
            raise UsageError("deadline_s and settle_s must be 0 or more")
        if expected_count is not None and expected_count < 0:
            raise UsageError(f"expected_count must be 0 or more (got {expected_count})")
        start = self._clock()
        deadline = start + deadline_s
        with self._lock:
            window = self._windows.get(request_id)
            if window is None:
                raise UsageError(f"RequestID {request_id} is not in flight (call expect first)")
            try:
                if expected_count is not None:
                    count = expected_count
                    complete = self._wait(window, lambda: len(window.deliveries) >= count, deadline)
                else:
                    complete = not terminal or self._wait(window, lambda: window.terminal, deadline)
                    if complete:
                        self._settle(window, start, settle_s, deadline + settle_s)
                return Collection(
                    request_id,
                    tuple(window.deliveries),
                    tuple(self._faults[window.fault_mark :]),
                    complete,
                )
            finally:
                self._windows.pop(request_id, None)
                self._closed.add(request_id)

    # -- internals (called with the condition held) ---------------------------------------------

    def _wait(self, window: _Window, done: Callable[[], bool], until: float) -> bool:
        while not done():
            remaining = until - self._clock()
            if remaining <= 0:
                return False
            window.arrived.wait(remaining)
        return True

    def _settle(self, window: _Window, start: float, settle_s: float, cap: float) -> None:
        while True:
            quiet_from = max(start, window.last_arrival or start)
            end = min(quiet_from + settle_s, cap)
            remaining = end - self._clock()
            if remaining <= 0:
                return
            window.arrived.wait(remaining)

    def _window_for(self, request_id: str | None) -> _Window | None:
        if request_id is None:
            if len(self._windows) == 1:
                return next(iter(self._windows.values()))
            return None
        window = self._windows.get(request_id)
        if window is None:
            if request_id in self._closed:
                self._fault("late", f"RequestID {request_id} is no longer awaited", request_id)
            else:
                self._fault(
                    "unknown-request-id", f"RequestID {request_id} was never sent", request_id
                )
        return window

    def _fault(
        self, kind: FaultKind, detail: str, request_id: str | None, status: int = 204
    ) -> None:
        self._faults.append(Fault(kind, detail, datetime.now(UTC), request_id, status))
