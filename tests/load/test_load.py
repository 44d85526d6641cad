"""serve and the receiver under load on loopback: 20 concurrent clients × 500 requests.

Every request gets exactly one reply and, as announced, its one asynchronous response; none is
lost, duplicated or filed against the wrong request; counters stay strictly increasing (a reused
counter is still refused afterwards); oversize bodies get 413 in the middle of it all; and no
secret reaches a log. ``DUIS_LOAD_REQUESTS`` changes the requests per client (default 500).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from harness.control.client import ControlClient
from harness.duis.builder import build_request
from harness.duis.messages import parse_message
from harness.duis.namespaces import SR
from harness.duis.responses import Response
from harness.duis.xmlinput import parse_bytes
from harness.serve.config import DELIVERIES_HEADER, SESSION_HEADER
from harness.transport.receiver import Receiver

CLIENTS = 20
PER_CLIENT = int(os.environ.get("DUIS_LOAD_REQUESTS", "500"))
SECRET = "s3cret-bearer-token-7f1c"
PLACEHOLDER = 987654321
LAUNCH = "import sys; from harness.cli.main import main; sys.exit(main(sys.argv[1:]))"


@dataclass
class Serve:
    """A serve process and where its log goes."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    """``duis-harness serve`` in its own process (its own core), 64 KiB request limit."""
    folder = tmp_path_factory.mktemp("serve")
    ready, log = folder / "url", folder / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                LAUNCH,
                "serve",
                "--port",
                "0",
                "--max-bytes",
                "65536",
                "--ready-file",
                str(ready),
            ],
            stdout=sink,
            stderr=sink,
        )
    deadline = time.monotonic() + 60
    while not (ready.exists() and ready.read_text("utf-8").strip()):
        assert process.poll() is None, log.read_text("utf-8")
        assert time.monotonic() < deadline, "serve did not start"
        time.sleep(0.05)
    yield Serve(ready.read_text("utf-8").strip(), process, log)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


@dataclass
class Outcome:
    """What one client saw."""

    replies: int = 0
    deliveries: int = 0
    oversize_refused: int = 0


def _client(number: int, serve_url: str, receiver: Receiver) -> Outcome:
    """One DCC User with its own session: PER_CLIENT reads of its comms hub's firmware."""
    http = requests.Session()
    http.trust_env = False  # loopback: no proxies to look up on every request
    headers = {"Authorization": f"Bearer {SECRET}"}
    control = ControlClient(serve_url, http, headers=headers)
    session = control.create_session(receiver.url)
    # each client is its own Import Supplier, so RequestIDs never coincide across clients
    originator = f"90-B3-D5-1F-30-02-00-{number:02X}"
    control.call(session, "add_user", originator, "IS")
    hub = control.call(session, "install_comms_hub")
    post_headers = {**headers, SESSION_HEADER: session, "Content-Type": "application/xml"}
    outcome = Outcome()
    for counter in range(1, PER_CLIENT + 1):
        built = build_request("11.2", target=str(hub), originator=originator, counter=counter)
        receiver.expect(built.request_id)
        answer = http.post(
            f"{serve_url}/api/v1/serviceS", data=built.xml, headers=post_headers, timeout=30
        )
        assert answer.status_code == 200, answer.text[:200]
        reply = parse_message(answer.content, "reply")
        assert isinstance(reply, Response)
        assert reply.response_code == "I99", reply.response_code
        assert str(reply.request_id) == str(built.request_id)
        outcome.replies += 1
        announced = int(answer.headers[DELIVERIES_HEADER])
        collected = receiver.collect(built.request_id, deadline_s=30, expected_count=announced)
        assert collected.complete, f"client {number}: {collected}"
        assert announced == len(collected.deliveries) == 1
        delivered = parse_message(collected.deliveries[0].xml, "delivery")
        assert isinstance(delivered, Response)
        assert str(delivered.request_id) == str(built.request_id)
        outcome.deliveries += 1
        if counter % 100 == 0:  # oversize bodies in the middle of the load
            big = b"<a>" + b"x" * 70_000 + b"</a>"
            refused = http.post(
                f"{serve_url}/api/v1/serviceS", data=big, headers=post_headers, timeout=30
            )
            assert refused.status_code == 413
            outcome.oversize_refused += 1
    # a counter that is not above the last one is still refused after all that traffic
    again = build_request("11.2", target=str(hub), originator=originator, counter=PER_CLIENT)
    stale = http.post(
        f"{serve_url}/api/v1/serviceS", data=again.xml, headers=post_headers, timeout=30
    )
    reply = parse_message(stale.content, "reply")
    assert isinstance(reply, Response)
    assert reply.response_code.startswith("E")
    return outcome


def _header(xml: bytes) -> tuple[str, str]:
    """ResponseCode and RequestID of a DUIS Response (hardened parse, no typed model)."""
    root = parse_bytes(xml, "reply")
    header = root.find(f"{{{SR}}}Header")
    assert header is not None
    return header.findtext(f"{{{SR}}}ResponseCode", ""), header.findtext(f"{{{SR}}}RequestID", "")


def test_twenty_clients_get_every_reply_and_response_exactly_once(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    """10,000 requests from 20 concurrent clients: all answered once, nothing lost or doubled."""
    caplog.set_level(logging.INFO)
    with Receiver() as receiver, ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(_client, n, serve.url, receiver) for n in range(CLIENTS)]
        outcomes = [future.result(timeout=300) for future in futures]
        faults, unclaimed = receiver.faults(), receiver.unclaimed()
    assert sum(o.replies for o in outcomes) == CLIENTS * PER_CLIENT
    assert sum(o.deliveries for o in outcomes) == CLIENTS * PER_CLIENT
    assert sum(o.oversize_refused for o in outcomes) == CLIENTS * (PER_CLIENT // 100)
    assert faults == ()
    assert unclaimed == ()
    assert SECRET not in caplog.text
    log = serve.log.read_text("utf-8")
    assert "POST /api/v1/serviceS" in log
    assert SECRET not in log
