"""Fixtures for transport tests: DUIS documents from the reference model and raw HTTP posting."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest

from harness.duis.builder import build_request
from harness.duis.identifiers import Eui64
from harness.model.reference import ReferenceModel
from harness.model.replies_alerts import device_alert
from harness.transport.receiver import Receiver


@dataclass(frozen=True)
class Scenario:
    """One request the reference model answered: reply (I99) and its asynchronous deliveries."""

    request: bytes
    request_id: str
    reply: bytes
    deliveries: tuple[bytes, ...]
    meter: Eui64

    @property
    def terminal(self) -> bytes:
        """The asynchronous response that completes the request."""
        return self.deliveries[-1]


def make_scenario(srv: str = "11.2", counter: int = 1) -> Scenario:
    """A Read Firmware Version (SMETS1 route) request, its I99 reply and its one delivery."""
    model = ReferenceModel()
    hub = model.install_comms_hub()
    meter = model.install_device("FOC-ESME-1", hub=hub)
    built = build_request(srv, target=meter, counter=counter)
    exchange = model.handle(built.xml)
    deliveries = tuple(d.xml for d in exchange.deliveries)
    return Scenario(built.xml, str(built.request_id), exchange.reply_xml, deliveries, meter)


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    """The model's answer to one 11.2 request (built once per session)."""
    return make_scenario()


def alert_for(scenario: Scenario, code: str = "8F43") -> bytes:
    """A device alert (no header RequestID) from the scenario's meter."""
    return device_alert(
        now=datetime(2026, 1, 15, 12, 0, tzinfo=UTC),
        device_id=scenario.meter,
        recipient="90-B3-D5-1F-30-01-00-00",
        alert_code=code,
        gbcs_payload=b"\x01\x02",
        counter=7,
    )


def with_variant(request: bytes, command_variant: int) -> bytes:
    """The request with another CommandVariant in its header."""
    return request.replace(
        b"<sr:CommandVariant>1</sr:CommandVariant>",
        f"<sr:CommandVariant>{command_variant}</sr:CommandVariant>".encode(),
    )


def post(
    url: str,
    body: bytes,
    content_type: str | None = "application/xml",
    *,
    chunked: bool = False,
    content_length: int | None = None,
) -> tuple[int, bytes]:
    """POST raw bytes with http.client; returns the status and the body of the answer."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    try:
        connection.putrequest("POST", parts.path)
        if content_type is not None:
            connection.putheader("Content-Type", content_type)
        if chunked:
            connection.putheader("Transfer-Encoding", "chunked")
        else:
            length = len(body) if content_length is None else content_length
            connection.putheader("Content-Length", str(length))
        connection.endheaders()
        if chunked:
            for start in range(0, len(body), 4096):
                piece = body[start : start + 4096]
                connection.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            connection.send(b"0\r\n\r\n")
        else:
            connection.send(body)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def post_later(url: str, bodies: list[bytes], delay: float = 0.0) -> threading.Thread:
    """POST each body in order from a thread, after ``delay`` seconds; returns the thread."""

    def run() -> None:
        if delay:
            threading.Event().wait(delay)
        for body in bodies:
            post(url, body)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A started receiver on a free local port (32 KiB limit, so oversize tests stay small)."""
    with Receiver(max_bytes=32 * 1024) as started:
        yield started
