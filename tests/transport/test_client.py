"""HttpTarget against a mocked endpoint (requests-mock adapter) and the real receiver."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import requests_mock

from harness.duis.identifiers import RequestId
from harness.errors import (
    HarnessError,
    TargetConnectionError,
    TargetDeadlineError,
    TargetHttpError,
    TargetReplyError,
    TargetTimeoutError,
    UsageError,
)
from harness.model.replies_dcc import error_response
from harness.transport.client import DELIVERIES_HEADER, HttpTarget
from harness.transport.config import HttpTargetConfig
from tests.transport.conftest import Scenario, alert_for, post, post_later, with_variant

BASE = "http://sut.test"
XML = {"Content-Type": "application/xml"}
TargetFactory = Callable[..., HttpTarget]


class FakeSignatureError(HarnessError):
    """Stands in for harness.signing's SignatureError."""


@pytest.fixture
def adapter() -> requests_mock.Adapter:
    """A mock transport for the target's own session (the receiver stays real)."""
    return requests_mock.Adapter()


@pytest.fixture
def make_target(adapter: requests_mock.Adapter) -> Iterator[TargetFactory]:
    """Build a started HttpTarget on the mocked endpoint; options override the config."""
    made: list[HttpTarget] = []

    def make(**options: Any) -> HttpTarget:
        settings: dict[str, Any] = {
            "base_url": BASE,
            "response_deadline": 0.5,
            "settle": 0.05,
            "reply_timeout": 2.0,
        }
        settings.update(options)
        session = requests.Session()
        session.mount(BASE, adapter)
        target = HttpTarget(HttpTargetConfig(**settings), session=session)
        target.start()
        made.append(target)
        return target

    yield make
    for target in made:
        target.close()


def reply_with(adapter: requests_mock.Adapter, body: Any, **extra: Any) -> None:
    """Every endpoint answers with ``body`` (bytes or a callback) and the given options."""
    options: dict[str, Any] = {"headers": XML, **extra}
    for endpoint in ("serviceS", "serviceD", "serviceT"):
        adapter.register_uri("POST", f"{BASE}/api/v1/{endpoint}", content=body, **options)


def fail_with(adapter: requests_mock.Adapter, exc: type[Exception] | Exception) -> None:
    """Every endpoint raises ``exc`` as the transport would."""
    for endpoint in ("serviceS", "serviceD", "serviceT"):
        adapter.register_uri("POST", f"{BASE}/api/v1/{endpoint}", exc=exc)


def last(adapter: requests_mock.Adapter) -> Any:
    """The last request the mock endpoint received."""
    sent = adapter.last_request
    assert sent is not None
    return sent


def delivering(target: HttpTarget, reply: bytes, deliveries: list[bytes]) -> Callable[..., bytes]:
    """A mock callback that POSTs ``deliveries`` to the real receiver, then answers ``reply``."""

    def callback(request: Any, context: Any) -> bytes:
        for body in deliveries:
            assert post(target.receive_url, body)[0] == 204
        return reply

    return callback


# -- routing and request --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "endpoint"),
    [(1, "serviceS"), (4, "serviceT"), (8, "serviceD"), (5, "serviceS"), (2, "serviceD")],
)
def test_endpoint_follows_command_variant(
    make_target: TargetFactory,
    adapter: requests_mock.Adapter,
    scenario: Scenario,
    variant: int,
    endpoint: str,
) -> None:
    """CommandVariant 1/3/5/7 go to serviceS, 2/6/8/9 to serviceD and 4 to serviceT."""
    reply_with(adapter, scenario.terminal)
    exchange = make_target().handle(with_variant(scenario.request, variant))
    assert last(adapter).url == f"{BASE}/api/v1/{endpoint}"
    assert exchange.reply_xml == scenario.terminal
    assert exchange.http_status == 200


def test_headers_content_type_and_tls_settings_are_sent(
    make_target: TargetFactory,
    adapter: requests_mock.Adapter,
    scenario: Scenario,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The body goes as application/xml with the extra headers, timeout and TLS settings;
    the log names the request but never the header values."""
    reply_with(adapter, scenario.terminal)
    headers = {"Authorization": "Bearer s3cret", "X-DUIS-Harness-Session": "abc"}
    target = make_target(headers=headers, reply_timeout=3.0, verify_tls=False)
    with caplog.at_level(logging.INFO, logger="harness.transport"):
        exchange = target.handle(scenario.request)
    sent = last(adapter)
    assert sent.headers["Content-Type"] == "application/xml"
    assert sent.headers["Authorization"] == "Bearer s3cret"
    assert sent.headers["X-DUIS-Harness-Session"] == "abc"
    assert (sent.timeout, sent.verify, sent.cert) == (3.0, False, None)
    assert sent.body == scenario.request == exchange.request_xml
    assert scenario.request_id in caplog.text
    assert "s3cret" not in caplog.text


def test_sign_hook_is_applied_to_the_body(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """The sign hook's output is what is POSTed and what the exchange records."""
    reply_with(adapter, scenario.terminal)

    def sign(xml: bytes) -> bytes:
        return xml.replace(b"</sr:Request>", b"<!-- signed --></sr:Request>")

    exchange = make_target(sign=sign).handle(scenario.request)
    assert last(adapter).body == sign(scenario.request)
    assert exchange.request_xml == sign(scenario.request)


def test_unreadable_request_is_still_sent(
    make_target: TargetFactory, adapter: requests_mock.Adapter
) -> None:
    """A request that is not XML goes to serviceS; the HTTP 400 answer is observable."""
    reply_with(adapter, b"request not readable", status_code=400, headers={})
    exchange = make_target().handle(b"this is not XML")
    assert last(adapter).url == f"{BASE}/api/v1/serviceS"
    assert exchange.http_status == 400
    assert exchange.reply_xml == b""
    assert any("not readable XML" in note for note in exchange.notes)


def test_not_started_is_a_usage_error(scenario: Scenario) -> None:
    """handle() before start() says how to start the target."""
    target = HttpTarget(HttpTargetConfig(base_url=BASE))
    with pytest.raises(UsageError, match="not started"):
        target.handle(scenario.request)


# -- transport failures ---------------------------------------------------------------------------


def test_connection_refused_is_a_target_connection_error(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A refused connection raises TargetConnectionError naming the URL."""
    refused = requests.exceptions.ConnectionError("[Errno 111] Connection refused")
    fail_with(adapter, refused)
    with pytest.raises(TargetConnectionError, match="serviceS: \\[Errno 111\\] Connection refused"):
        make_target().handle(scenario.request)


def test_real_connection_refused(scenario: Scenario) -> None:
    """Against a closed local port (no mock), the error is TargetConnectionError too."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = HttpTargetConfig(base_url=f"http://127.0.0.1:{port}")
    with HttpTarget(config) as target, pytest.raises(TargetConnectionError) as raised:
        target.handle(scenario.request)
    assert raised.value.url == f"http://127.0.0.1:{port}/api/v1/serviceS"


@pytest.mark.parametrize(
    "timeout", [requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout]
)
def test_timeout_is_a_target_timeout_error(
    make_target: TargetFactory,
    adapter: requests_mock.Adapter,
    scenario: Scenario,
    timeout: type[Exception],
) -> None:
    """No synchronous reply in time raises TargetTimeoutError with the configured timeout."""
    fail_with(adapter, timeout)
    with pytest.raises(TargetTimeoutError) as raised:
        make_target(reply_timeout=1.5).handle(scenario.request)
    assert raised.value.timeout == 1.5


# -- synchronous reply ----------------------------------------------------------------------------


def test_http_400_without_duis_reply_is_observable(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """HTTP 4xx does not raise: the status is kept, no DUIS reply, a note says what came."""
    reply_with(adapter, b"request not readable\n", status_code=400, headers={})
    exchange = make_target().handle(scenario.request)
    assert exchange.http_status == 400
    assert exchange.reply_xml == b""
    assert exchange.deliveries == ()
    assert any("without a DUIS reply: request not readable" in n for n in exchange.notes)


def test_http_4xx_with_duis_error_reply_keeps_it(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """An HTTP 4xx carrying a DUIS Response keeps it as the reply."""
    error = error_response(
        RequestId.parse(scenario.request_id),
        code="E13",
        now=datetime(2026, 1, 15, tzinfo=UTC),
        srv="11.2",
    )
    reply_with(adapter, error, status_code=403)
    exchange = make_target().handle(scenario.request)
    assert exchange.http_status == 403
    assert exchange.reply().response_code == "E13"


@pytest.mark.parametrize("status", [500, 503])
def test_http_5xx_raises_with_status_and_excerpt(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario, status: int
) -> None:
    """HTTP 5xx raises TargetHttpError carrying the status and a short body excerpt."""
    reply_with(adapter, b"upstream   overloaded\n" + b"x" * 5000, status_code=status)
    with pytest.raises(TargetHttpError) as raised:
        make_target().handle(scenario.request)
    assert raised.value.status == status
    assert raised.value.excerpt.startswith("upstream overloaded")
    assert len(raised.value.excerpt) <= 201


def test_redirect_is_not_followed(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A 3xx is not followed (it would turn the POST into a GET): TargetHttpError."""
    reply_with(adapter, b"", status_code=302, headers={"Location": "http://elsewhere.test/"})
    with pytest.raises(TargetHttpError) as raised:
        make_target().handle(scenario.request)
    assert raised.value.status == 302


def test_non_xml_reply_is_a_reply_error(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A 200 whose body is not XML raises TargetReplyError naming the synchronous reply."""
    reply_with(adapter, b"OK")
    with pytest.raises(TargetReplyError, match="not usable XML") as raised:
        make_target().handle(scenario.request)
    assert raised.value.source == f"synchronous reply from {BASE}/api/v1/serviceS"


def test_wrong_content_type_is_a_reply_error(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A 200 with a non-XML content type raises TargetReplyError naming the type."""
    reply_with(adapter, scenario.terminal, headers={"Content-Type": "text/html"})
    with pytest.raises(TargetReplyError, match="content type is 'text/html'"):
        make_target().handle(scenario.request)


def test_schema_invalid_reply_is_a_reply_error(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A DUIS Response that breaks the schema raises TargetReplyError with the problem."""
    invalid = scenario.terminal.replace(b">I0<", b">ZZZ<", 1)
    reply_with(adapter, invalid)
    with pytest.raises(TargetReplyError, match="ResponseCode"):
        make_target().handle(scenario.request)


def test_reply_that_is_a_request_is_a_reply_error(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A reply that is DUIS but not a Response raises TargetReplyError."""
    reply_with(adapter, scenario.request)
    with pytest.raises(TargetReplyError, match="found Request"):
        make_target().handle(scenario.request)


def test_oversize_reply_is_a_reply_error(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A reply larger than max_bytes raises TargetReplyError without reading it all."""
    reply_with(adapter, scenario.terminal)
    with pytest.raises(TargetReplyError, match="larger than the limit of 1000"):
        make_target(max_bytes=1000).handle(scenario.request)


def test_verify_hook_failure_propagates(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """An error raised by the verify hook on the synchronous reply propagates unchanged."""
    reply_with(adapter, scenario.terminal)

    def verify(xml: bytes, source: str) -> None:
        raise FakeSignatureError(f"{source}: bad signature")

    with pytest.raises(FakeSignatureError, match=r"synchronous reply from .*: bad signature"):
        make_target(verify=verify).handle(scenario.request)


# -- asynchronous deliveries ----------------------------------------------------------------------


def test_i99_then_terminal_response_is_collected(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """After an I99 the terminal response delivered to the receiver is in the exchange,
    and the verify hook saw the reply and the delivery."""
    seen: list[str] = []
    target = make_target(verify=lambda xml, source: seen.append(source))
    reply_with(adapter, delivering(target, scenario.reply, [scenario.terminal]))
    exchange = target.handle(scenario.request)
    assert exchange.reply().is_acknowledgement
    assert [d.xml for d in exchange.deliveries] == [scenario.terminal]
    assert seen == [
        f"synchronous reply from {BASE}/api/v1/serviceS",
        f"asynchronous delivery 1 for RequestID {scenario.request_id}",
    ]


def test_terminal_response_arriving_after_the_reply(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A terminal response POSTed shortly after the synchronous reply is waited for."""
    target = make_target(response_deadline=5)

    def callback(request: Any, context: Any) -> bytes:
        post_later(target.receive_url, [scenario.terminal], delay=0.05)
        return scenario.reply

    reply_with(adapter, callback)
    exchange = target.handle(scenario.request)
    assert [d.xml for d in exchange.deliveries] == [scenario.terminal]


def test_no_terminal_response_by_the_deadline_raises(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """An I99 with nothing after it raises TargetDeadlineError once the deadline passed."""
    reply_with(adapter, scenario.reply)
    started = time.monotonic()
    with pytest.raises(TargetDeadlineError) as raised:
        make_target(response_deadline=0.3).handle(scenario.request)
    assert time.monotonic() - started < 0.3 + 2
    assert (raised.value.request_id, raised.value.deadline) == (scenario.request_id, 0.3)
    assert "terminal response" in str(raised.value)


def test_invalid_delivery_is_a_reply_error(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A schema-invalid asynchronous response raises TargetReplyError naming the delivery."""
    target = make_target()
    invalid = scenario.terminal.replace(b">I0<", b">ZZZ<", 1)
    reply_with(adapter, delivering(target, scenario.reply, [invalid]))
    with pytest.raises(TargetReplyError) as raised:
        target.handle(scenario.request)
    assert raised.value.source == f"asynchronous delivery 1 for RequestID {scenario.request_id}"


def test_verify_hook_failure_on_a_delivery_propagates(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """The verify hook runs on deliveries too; its error propagates."""

    def verify(xml: bytes, source: str) -> None:
        if source.startswith("asynchronous"):
            raise FakeSignatureError(source)

    target = make_target(verify=verify)
    reply_with(adapter, delivering(target, scenario.reply, [scenario.terminal]))
    with pytest.raises(FakeSignatureError, match="asynchronous delivery 1"):
        target.handle(scenario.request)


def test_duplicate_asynchronous_response_raises(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """The same asynchronous response twice for the request's RequestID is a TargetReplyError;
    the receiver keeps the fault."""
    target = make_target()
    reply_with(adapter, delivering(target, scenario.reply, [scenario.terminal] * 2))
    with pytest.raises(TargetReplyError, match="duplicate asynchronous response"):
        target.handle(scenario.request)
    assert [f.kind for f in target.receiver.faults()] == ["duplicate"]


def test_unknown_request_id_is_noted(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A delivery for another RequestID while the request is in flight becomes a note."""
    target = make_target()
    stray = scenario.terminal.replace(b":1</sr:RequestID>", b":999</sr:RequestID>", 1)
    reply_with(adapter, delivering(target, scenario.reply, [stray, scenario.terminal]))
    exchange = target.handle(scenario.request)
    assert [d.xml for d in exchange.deliveries] == [scenario.terminal]
    assert any(n.startswith("receiver unknown-request-id:") for n in exchange.notes)
    assert [f.kind for f in target.receiver.faults()] == ["unknown-request-id"]


def test_alert_within_settle_time_is_included(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """An alert delivered after a non-I99 reply, within the settle time, joins the exchange."""
    target = make_target(settle=0.3)

    def callback(request: Any, context: Any) -> bytes:
        post_later(target.receive_url, [alert_for(scenario)], delay=0.05)
        return scenario.terminal

    reply_with(adapter, callback)
    exchange = target.handle(scenario.request)
    assert [d.xml for d in exchange.deliveries] == [alert_for(scenario)]


def test_announced_deliveries_are_awaited_without_settle(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """With X-DUIS-Harness-Deliveries: N the target waits for exactly N and skips settle."""
    target = make_target(settle=5, response_deadline=5)
    bodies = [scenario.terminal, alert_for(scenario)]
    headers = {**XML, DELIVERIES_HEADER: "2"}
    reply_with(adapter, delivering(target, scenario.reply, bodies), headers=headers)
    started = time.monotonic()
    exchange = target.handle(scenario.request)
    assert time.monotonic() - started < 2  # neither the 5 s settle nor the deadline
    assert [d.xml for d in exchange.deliveries] == bodies


def test_zero_announced_deliveries_returns_at_once(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """X-DUIS-Harness-Deliveries: 0 means nothing follows, even after an I99."""
    reply_with(adapter, scenario.reply, headers={**XML, DELIVERIES_HEADER: "0"})
    started = time.monotonic()
    exchange = make_target(settle=5, response_deadline=5).handle(scenario.request)
    assert exchange.deliveries == ()
    assert time.monotonic() - started < 2


def test_announced_deliveries_missing_raise_at_the_deadline(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """Fewer deliveries than announced by the deadline raise TargetDeadlineError."""
    target = make_target(response_deadline=0.3)
    headers = {**XML, DELIVERIES_HEADER: "2"}
    reply_with(adapter, delivering(target, scenario.reply, [scenario.terminal]), headers=headers)
    with pytest.raises(TargetDeadlineError, match=r"2 deliveries announced .*received 1"):
        target.handle(scenario.request)


def test_bad_deliveries_header_is_a_reply_error(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A deliveries header that is not a count raises TargetReplyError."""
    reply_with(adapter, scenario.terminal, headers={**XML, DELIVERIES_HEADER: "many"})
    with pytest.raises(TargetReplyError, match="expected a count"):
        make_target().handle(scenario.request)


def test_same_request_id_can_be_sent_again(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """After an exchange (or a failed one) the RequestID is free again (critical flow reuse)."""
    reply_with(adapter, scenario.reply)
    target = make_target(response_deadline=0.2)
    with pytest.raises(TargetDeadlineError):
        target.handle(scenario.request)
    reply_with(adapter, scenario.terminal)
    assert target.handle(with_variant(scenario.request, 5)).reply().is_success


def test_rejected_delivery_is_noted(
    make_target: TargetFactory, adapter: requests_mock.Adapter, scenario: Scenario
) -> None:
    """A body the receiver refused (400) while the request was in flight becomes a note."""
    target = make_target()

    def callback(request: Any, context: Any) -> bytes:
        assert post(target.receive_url, b"<sr:Response>")[0] == 400
        assert post(target.receive_url, scenario.terminal)[0] == 204
        return scenario.reply

    reply_with(adapter, callback)
    exchange = target.handle(scenario.request)
    assert len(exchange.deliveries) == 1
    assert any(n.startswith("receiver rejected: HTTP 400") for n in exchange.notes)
