"""A WSGI application served over HTTP by cheroot: a thread pool and HTTP/1.1 keep-alive.

``serve`` and the asynchronous receiver both use it. werkzeug's development server, used before,
closes every connection and starts a thread per request; over a suite run that is thousands of
TCP connections and threads. cheroot (CherryPy's server) keeps connections open, runs requests
on a fixed pool of worker threads, and stops cleanly from another thread.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from cheroot import wsgi

from harness.errors import UsageError

#: Worker threads per server unless the caller says otherwise.
DEFAULT_THREADS = 8
#: How much of a refused (oversize) body is read and thrown away before answering 413. A client
#: still sending when the server closes the connection sees a broken pipe instead of the 413;
#: reading a little more lets a modestly oversize request get its answer, and the cap keeps a
#: hostile one from costing more than this.
DISCARD_LIMIT = 1024 * 1024
#: Seconds between the serving loop's checks for stop() (cheroot's default is 0.5).
_TICK = 0.05


class WsgiServer:
    """``app`` on ``host:port`` (port 0: any free port).

    :meth:`bind` (or :meth:`start`) opens the socket and starts the
    worker threads; :meth:`stop` releases them (or use the server as a context manager). The
    workers are daemon threads, so a server never keeps the process alive on its own.
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        threads: int = DEFAULT_THREADS,
        timeout: float = 10.0,
        name: str = "duis-harness",
    ) -> None:
        if threads < 1:
            raise UsageError(f"a server needs at least one worker thread (got {threads})")
        self.name = name
        self._server = wsgi.Server(
            (host, port), app, numthreads=threads, timeout=int(max(1, timeout)), server_name=name
        )
        # how often the serving loop looks up from waiting: bounds how long stop() takes
        self._server.expiration_interval = _TICK
        self._bound = False
        self._thread: threading.Thread | None = None

    def bind(self) -> str:
        """Open the socket and start the workers (idempotent); returns :attr:`url`."""
        if not self._bound:
            host, port = self._server.bind_addr
            failure = _prepare_in_daemon_thread(self._server)
            if failure is not None:
                raise UsageError(f"{self.name} cannot listen on {host}:{port} ({failure})")
            self._bound = True
        return self.url

    @property
    def host(self) -> str:
        """The address the server is bound to."""
        if not self._bound:
            raise UsageError(f"{self.name} is not listening yet")
        return str(self._server.bind_addr[0])

    @property
    def port(self) -> int:
        """The port the server is bound to (the real one when 0 was asked for)."""
        return int(self._server.bind_addr[1])

    @property
    def url(self) -> str:
        """``http://host:port`` (IPv6 hosts in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> str:
        """Bind, then serve in a daemon thread; returns :attr:`url`."""
        self.bind()
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve, name=self.name, daemon=True)
            self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop accepting, finish the requests in progress, release the port (idempotent)."""
        if not self._bound:
            return
        self._bound = False
        self._server.stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=10)

    def __enter__(self) -> WsgiServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class BodyTooLargeError(Exception):
    """A request body is larger than the limit (its first part was read and thrown away)."""


def read_limited(stream: Any, max_bytes: int) -> bytes:
    """The whole body, never holding more than ``max_bytes + 1`` bytes of it.

    Raises :class:`BodyTooLargeError` (after :func:`discard`) when the body is larger, whether or
    not a Content-Length announced it; OSError/ValueError when it cannot be read.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(64 * 1024, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            discard(stream)
            raise BodyTooLargeError(f"body exceeds the limit of {max_bytes} bytes")


def discard(stream: Any, limit: int = DISCARD_LIMIT) -> None:
    """Read and drop at most ``limit`` bytes of a request body the server is refusing."""
    left = limit
    try:
        while left > 0:
            chunk = stream.read(min(64 * 1024, left))
            if not chunk:
                return
            left -= len(chunk)
    except (OSError, ValueError):
        return  # the client went away or the body is broken: nothing more to drain


def _prepare_in_daemon_thread(server: wsgi.Server) -> OSError | None:
    """Bind ``server`` and start its workers from a daemon thread, which the workers inherit
    their daemon status from; returns the error binding raised, if any."""
    failures: list[OSError] = []

    def prepare() -> None:
        try:
            server.prepare()
        except OSError as exc:
            failures.append(exc)

    thread = threading.Thread(target=prepare, name="duis-harness-bind", daemon=True)
    thread.start()
    thread.join()
    return failures[0] if failures else None
