"""Runs :class:`~harness.serve.app.ServeApp` on an HTTP server (harness.wsgi_server)."""

from __future__ import annotations

from types import TracebackType

from harness.serve.app import ServeApp
from harness.serve.config import ServeConfig
from harness.wsgi_server import DEFAULT_THREADS, WsgiServer


class Server:
    """``serve`` on a host and port (0: any free port), serving in background threads.

    The socket is bound when the server is made, so :attr:`url` is known at once.
    """

    def __init__(
        self,
        config: ServeConfig,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        threads: int = DEFAULT_THREADS,
    ) -> None:
        self.app = ServeApp(config)
        self._server = WsgiServer(self.app, host, port, threads=threads, name="duis-serve")
        self._server.bind()

    @property
    def url(self) -> str:
        """The base URL clients use (``http://host:port``)."""
        return self._server.url

    def start(self) -> str:
        """Serve in a daemon thread; return :attr:`url`."""
        return self._server.start()

    def stop(self) -> None:
        """Stop serving, deliver what is queued, release the port."""
        self._server.stop()
        self.app.sender.stop()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
