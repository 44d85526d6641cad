"""The HTTP server under serve and the receiver: keep-alive, daemon workers, clear bind errors."""

from __future__ import annotations

import http.client
import threading
from typing import Any

import pytest

from harness.errors import UsageError
from harness.wsgi_server import WsgiServer


def _peer_port(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Answers with the client's source port, so a test sees whether a connection was reused."""
    body = str(environ.get("REMOTE_PORT", "")).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def _get(connection: http.client.HTTPConnection) -> bytes:
    connection.request("GET", "/")
    answer = connection.getresponse()
    assert answer.status == 200
    return answer.read()


def test_connections_are_kept_alive() -> None:
    """Two requests on one client connection reach the server over the same TCP connection."""
    with WsgiServer(_peer_port) as server:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=5)
        try:
            first, second = _get(connection), _get(connection)
        finally:
            connection.close()
    assert first
    assert first == second


def test_port_zero_binds_a_free_port_and_url_names_it() -> None:
    """Port 0 gives a real port, shown in the URL."""
    with WsgiServer(_peer_port, port=0) as server:
        assert server.port > 0
        assert server.url == f"http://127.0.0.1:{server.port}"


def test_port_in_use_is_a_usage_error_naming_it() -> None:
    """Binding a port that is taken raises UsageError with the host and port."""
    with WsgiServer(_peer_port) as server:
        taken = WsgiServer(_peer_port, port=server.port)
        with pytest.raises(UsageError, match=rf"cannot listen on 127\.0\.0\.1:{server.port}"):
            taken.bind()


def test_workers_never_keep_the_process_alive() -> None:
    """Every thread the server starts is a daemon, even when the caller forgets stop()."""
    before = set(threading.enumerate())
    server = WsgiServer(_peer_port)
    server.start()
    try:
        started = set(threading.enumerate()) - before
        assert started
        assert all(thread.daemon for thread in started)
    finally:
        server.stop()


def test_stop_releases_the_port_and_is_idempotent() -> None:
    """After stop() nothing answers on the port, and stopping again is harmless."""
    server = WsgiServer(_peer_port)
    server.start()
    port = server.port
    server.stop()
    server.stop()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    with pytest.raises(ConnectionRefusedError):
        _get(connection)


def test_url_before_binding_is_a_usage_error() -> None:
    """Asking for the address of a server that is not listening says so."""
    with pytest.raises(UsageError, match="not listening"):
        _ = WsgiServer(_peer_port).url
