"""The DCC User's Receive Response endpoint: an HTTP server (cheroot) in a daemon thread.

``POST {path}`` (default ``/receive``) with an ``application/xml`` or ``text/xml`` body that is
one DUIS ``sr:Response`` (an asynchronous response or an alert) is answered:

====  =========================================================================================
204   accepted and filed (see :mod:`harness.transport.inbox` for how)
400   not well-formed XML, a DOCTYPE/entity (never expanded), or not a DUIS Response/alert
404   another path; 405 another method
413   larger than ``max_bytes`` (Content-Length checked first, then enforced while reading,
      also for chunked bodies)
415   a content type other than application/xml or text/xml
====  =========================================================================================

A delivery naming a RequestID the harness never sent is still answered 204: it is well-formed
DUIS, so refusing it would only make the system under test retry or give up, and 400 means
"invalid XML" in DUIS. It is recorded as fault ``unknown-request-id`` instead, so a scenario
can fail on it. Refused bodies (400/413/415) are recorded as fault ``rejected``.

Each request is logged at INFO (method, path, peer, status, size, filing) without headers or
bodies, so no credential ever reaches the log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from harness.duis.identifiers import RequestId
from harness.duis.response_header import read_response_header
from harness.duis.xmlinput import DEFAULT_MAX_BYTES, parse_bytes
from harness.errors import HarnessError, IdentifierError, UsageError
from harness.model.exchange import Delivery
from harness.transport.config import HttpTargetConfig
from harness.transport.inbox import Collection, Fault, Inbox
from harness.wsgi_server import (
    DISCARD_LIMIT,
    BodyTooLargeError,
    WsgiServer,
    discard,
    read_limited,
)

__all__ = ["Receiver"]

_LOG = logging.getLogger("harness.transport.receiver")
_XML_TYPES = frozenset({"application/xml", "text/xml"})


class _RefusedError(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Receiver:
    """Accepts asynchronous DUIS responses and alerts and files them by RequestID."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        path: str = "/receive",
        max_bytes: int = DEFAULT_MAX_BYTES,
        socket_timeout: float = 10.0,
        inbox: Inbox | None = None,
    ) -> None:
        if not path.startswith("/"):
            raise UsageError(f"receiver path must start with '/' (got {path!r})")
        if max_bytes < 1:
            raise UsageError(f"receiver max_bytes must be at least 1 (got {max_bytes})")
        self.host = host
        self.port = port
        self.path = path
        self.max_bytes = max_bytes
        self.inbox = inbox if inbox is not None else Inbox()
        self.socket_timeout = socket_timeout
        self._server: WsgiServer | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: HttpTargetConfig) -> Receiver:
        """A receiver listening where ``config`` says, with its size limit."""
        return cls(
            config.receiver_host,
            config.receiver_port,
            path=config.receive_path,
            max_bytes=config.max_bytes,
        )

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._server is not None

    @property
    def url(self) -> str:
        """The bound Receive Response URL, e.g. ``http://127.0.0.1:41234/receive``."""
        server = self._server
        if server is None:
            raise UsageError("the receiver is not started")
        return f"{server.url}{self.path}"

    def start(self) -> str:
        """Bind and serve in a daemon thread; returns the bound URL (idempotent)."""
        with self._lock:
            if self._server is None:
                server = WsgiServer(
                    self,
                    self.host,
                    self.port,
                    timeout=self.socket_timeout,
                    name="duis-receiver",
                )
                server.start()
                self._server = server
                _LOG.info("receiver listening on %s", self.url)
            return self.url

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        with self._lock:
            server, self._server = self._server, None
        if server is None:
            return
        server.stop()
        _LOG.info("receiver stopped")

    def __enter__(self) -> Receiver:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- correlation (see harness.transport.inbox) ---------------------------------------------

    def expect(self, request_id: str | RequestId) -> None:
        """Announce a request about to be sent; call it before the request goes out."""
        self.inbox.expect(_key(request_id))

    def release(self, request_id: str | RequestId) -> tuple[Delivery, ...]:
        """Stop waiting for a request without collecting (error paths)."""
        return self.inbox.release(_key(request_id))

    def collect(
        self,
        request_id: str | RequestId,
        *,
        deadline_s: float,
        settle_s: float = 0.0,
        expected_count: int | None = None,
        terminal: bool = True,
    ) -> Collection:
        """Wait for a request's deliveries (see :meth:`Inbox.collect`) and stop waiting."""
        return self.inbox.collect(
            _key(request_id),
            deadline_s=deadline_s,
            settle_s=settle_s,
            expected_count=expected_count,
            terminal=terminal,
        )

    def reset(self) -> None:
        """Start afresh: forget every delivery, fault and RequestID seen so far.

        A suite run calls it between scenarios, whose fresh targets reuse RequestIDs (and may
        send byte-identical responses), which would otherwise count as duplicates.
        """
        busy = self.inbox.in_flight()
        if busy:
            raise UsageError(f"cannot reset the receiver: RequestID {busy[0]} is in flight")
        self.inbox = Inbox()

    def faults(self) -> tuple[Fault, ...]:
        """Every fault recorded since the receiver was made or reset."""
        return self.inbox.faults()

    def unclaimed(self) -> tuple[Delivery, ...]:
        """Accepted deliveries that no request claimed."""
        return self.inbox.unclaimed()

    # -- WSGI ----------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        peer = request.remote_addr or "unknown peer"
        try:
            filed = self._receive(request, peer)
        except _RefusedError as refused:
            if refused.status not in (404, 405):
                self.inbox.reject(refused.status, refused.reason)
            _LOG.info(
                "receiver: %s %s from %s -> %d (%s)",
                request.method,
                request.path,
                peer,
                refused.status,
                refused.reason,
            )
            response = Response(refused.reason + "\n", status=refused.status, mimetype="text/plain")
            if refused.status == 405:
                response.headers["Allow"] = "POST"
        else:
            _LOG.info("receiver: POST %s from %s -> 204 (%s)", request.path, peer, filed)
            response = Response(status=204)
        result: Iterable[bytes] = response(environ, start_response)
        return result

    def _receive(self, request: Request, peer: str) -> str:
        if request.path != self.path:
            raise _RefusedError(
                404, f"no such path {request.path!r} (deliveries go to {self.path})"
            )
        if request.method != "POST":
            raise _RefusedError(405, f"method {request.method} not allowed (use POST)")
        if request.mimetype not in _XML_TYPES:
            got = request.mimetype or "none"
            raise _RefusedError(
                415, f"content type must be application/xml or text/xml (got {got})"
            )
        length = request.content_length
        if length is not None and length > self.max_bytes:
            if length - self.max_bytes <= DISCARD_LIMIT:
                discard(request.stream)
            raise _RefusedError(
                413, f"body of {length} bytes exceeds the limit of {self.max_bytes}"
            )
        data = self._read(request)
        source = f"delivery from {peer}"
        try:
            header = read_response_header(parse_bytes(data, source, self.max_bytes), source)
        except HarnessError as exc:
            raise _RefusedError(400, str(exc)) from None
        filed = self.inbox.accept(data, header)
        return f"{filed}; {len(data)} bytes"

    def _read(self, request: Request) -> bytes:
        """The body, never reading more than ``max_bytes + 1`` bytes."""
        try:
            return read_limited(request.stream, self.max_bytes)
        except BodyTooLargeError as exc:
            raise _RefusedError(413, str(exc)) from None
        except HTTPException as exc:
            raise _RefusedError(
                exc.code or 400, f"body could not be read: {exc.description}"
            ) from None
        except (OSError, ValueError) as exc:
            raise _RefusedError(400, f"body could not be read: {exc}") from None


def _key(request_id: str | RequestId) -> str:
    """The canonical text of a RequestID (as the header of a parsed Response prints it)."""
    if isinstance(request_id, RequestId):
        return str(request_id)
    try:
        return str(RequestId.parse(request_id))
    except IdentifierError:
        return request_id.strip()
