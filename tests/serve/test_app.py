"""``serve``'s WSGI application: DUIS endpoints, deliveries and the control API, in process."""

from __future__ import annotations

import json
from typing import Any

import pytest
from werkzeug.test import Client, TestResponse

from harness.control.codec import decode, encode
from harness.duis.builder import build_request
from harness.duis.identifiers import Eui64
from harness.duis.messages import parse_message
from harness.duis.responses import Response
from harness.serve.app import ServeApp
from harness.serve.config import DELIVERIES_HEADER, SESSION_HEADER, ServeConfig
from harness.serve.sender import DeliverySender, Job


class RecordingSender(DeliverySender):
    """Keeps the jobs instead of POSTing them."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []

    def send(self, job: Job) -> None:
        self.jobs.append(job)

    def stop(self) -> None:
        return None


@pytest.fixture
def sender() -> RecordingSender:
    """A sender that records the deliveries."""
    return RecordingSender()


@pytest.fixture
def client(sender: RecordingSender) -> Client:
    """The application with a default Receive Response URL and a recording sender."""
    return Client(ServeApp(ServeConfig(receive_url="http://receiver.test/receive"), sender))


def _body(answer: TestResponse) -> dict[str, Any]:
    data = answer.get_json()
    assert isinstance(data, dict), answer.text
    return data


def _session(client: Client, receive_url: str = "http://receiver.test/s") -> str:
    answer = client.post("/harness/v1/sessions", json={"receive_url": receive_url})
    assert answer.status_code == 201, answer.text
    session: str = _body(answer)["session"]
    return session


def _call(client: Client, session: str, name: str, *args: object, **kwargs: object) -> object:
    body = {"args": encode(list(args)), "kwargs": encode(dict(kwargs))}
    answer = client.post(f"/harness/v1/sessions/{session}/capabilities/{name}", json=body)
    assert answer.status_code == 200, answer.text
    return decode(_body(answer)["result"])


def _meter(client: Client, session: str) -> Eui64:
    hub = _call(client, session, "install_comms_hub")
    meter = _call(client, session, "install_device", "FOC-ESME-1", hub=hub)
    assert isinstance(meter, Eui64)
    return meter


def _post(client: Client, endpoint: str, xml: bytes, session: str | None = None) -> TestResponse:
    headers = {SESSION_HEADER: session} if session else {}
    return client.post(
        f"/api/v1/{endpoint}", data=xml, content_type="application/xml", headers=headers
    )


def test_info_names_baseline_schema_and_capabilities(client: Client) -> None:
    """GET /harness/v1/info says which baseline and schema set serve uses and what it offers."""
    info = _body(client.get("/harness/v1/info"))
    assert info["baseline"] == "s1sr_v11+mp202_enduring"
    assert "bundled" in info["schema"].lower()
    assert {"install_device", "now", "cpl.add"} <= set(info["capabilities"])


def test_device_request_is_acknowledged_and_its_response_delivered(
    client: Client, sender: RecordingSender
) -> None:
    """A read to a meter: I99 in the reply, the announced number of deliveries to the session."""
    session = _session(client)
    meter = _meter(client, session)
    answer = _post(client, "serviceS", build_request("11.2", target=meter).xml, session)
    assert answer.status_code == 200
    reply = parse_message(answer.data)
    assert isinstance(reply, Response)
    assert reply.response_code == "I99"
    count = int(answer.headers[DELIVERIES_HEADER])
    assert count >= 1
    assert len(sender.jobs) == count
    assert {job.url for job in sender.jobs} == {"http://receiver.test/s"}


def test_sessions_do_not_share_devices(client: Client) -> None:
    """A device installed in one session is unknown in another (each has its own model)."""
    first, second = _session(client), _session(client)
    meter = _meter(client, first)
    answer = _post(client, "serviceS", build_request("11.2", target=meter).xml, second)
    reply = parse_message(answer.data)
    assert isinstance(reply, Response)
    assert reply.is_error


def test_request_without_session_uses_the_default_session(
    client: Client, sender: RecordingSender
) -> None:
    """Without the session header, the default session and --receive-url are used."""
    answer = _post(client, "serviceD", build_request("8.2", target=None).xml)
    assert answer.status_code == 200
    assert all(job.url == "http://receiver.test/receive" for job in sender.jobs)


@pytest.mark.parametrize(("endpoint", "srv"), [("serviceD", "11.2"), ("serviceT", "11.2")])
def test_wrong_endpoint_for_the_command_variant_gives_e13(
    client: Client, endpoint: str, srv: str
) -> None:
    """A CommandVariant 1 request POSTed to serviceD or serviceT gets DUIS error E13."""
    session = _session(client)
    meter = _meter(client, session)
    answer = _post(client, endpoint, build_request(srv, target=meter).xml, session)
    reply = parse_message(answer.data)
    assert isinstance(reply, Response)
    assert reply.response_code == "E13"
    assert answer.headers[DELIVERIES_HEADER] == "0"


def test_unreadable_request_gets_http_400(client: Client) -> None:
    """A body that is not XML is answered 400 with the reason, no DUIS reply."""
    answer = _post(client, "serviceS", b"<not-closed")
    assert answer.status_code == 400


def test_oversize_request_gets_413(sender: RecordingSender) -> None:
    """A request larger than --max-bytes is refused with 413 before the model sees it."""
    client = Client(ServeApp(ServeConfig(max_bytes=1000), sender))
    answer = _post(client, "serviceS", b"<a>" + b"x" * 2000 + b"</a>")
    assert answer.status_code == 413


def test_wrong_content_type_gets_415(client: Client) -> None:
    """A DUIS request that is not sent as XML is refused with 415."""
    answer = client.post("/api/v1/serviceS", data=b"{}", content_type="application/json")
    assert answer.status_code == 415


def test_unknown_session_gets_404(client: Client) -> None:
    """Naming a session that does not exist is a 404 saying how to create one."""
    answer = _post(client, "serviceS", b"<a/>", "nope")
    assert answer.status_code == 404
    assert "POST /harness/v1/sessions" in answer.text


def test_closed_session_is_gone(client: Client) -> None:
    """DELETE ends a session; using it afterwards is a 404."""
    session = _session(client)
    assert client.delete(f"/harness/v1/sessions/{session}").status_code == 204
    assert client.post(f"/harness/v1/sessions/{session}/capabilities/now").status_code == 404


def test_capability_errors_come_back_typed(client: Client) -> None:
    """A capability that raises answers 422 with the error's class and message."""
    session = _session(client)
    body = {"args": encode(["NO-SUCH-MODEL"]), "kwargs": encode({})}
    answer = client.post(f"/harness/v1/sessions/{session}/capabilities/install_device", json=body)
    assert answer.status_code == 422
    assert _body(answer)["error"] == "DataFileError"
    assert "NO-SUCH-MODEL" in _body(answer)["message"]


@pytest.mark.parametrize("name", ["handle", "__init__", "state", "cpl.__class__"])
def test_only_listed_capabilities_can_be_called(client: Client, name: str) -> None:
    """Nothing but the listed capabilities is reachable through the control API."""
    session = _session(client)
    answer = client.post(f"/harness/v1/sessions/{session}/capabilities/{name}", json={})
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (json.dumps({"args": {"$record": "Popen", "fields": {}}}).encode(), 400),
        (json.dumps({"args": encode([1, 2, 3, 4, 5])}).encode(), 400),
    ],
)
def test_bad_capability_calls_are_refused_with_the_reason(
    client: Client, body: bytes, status: int
) -> None:
    """Malformed JSON, unknown value kinds and wrong arguments are 400s, never a crash."""
    session = _session(client)
    answer = client.post(
        f"/harness/v1/sessions/{session}/capabilities/now",
        data=body,
        content_type="application/json",
    )
    assert answer.status_code == status
    assert answer.text.strip()


def test_session_receive_url_must_be_http(client: Client) -> None:
    """A session's Receive Response URL must be an http(s) URL."""
    answer = client.post("/harness/v1/sessions", json={"receive_url": "file:///etc/passwd"})
    assert answer.status_code == 400


def test_new_session_can_close_the_one_it_replaces(client: Client) -> None:
    """Creating a session with 'replaces' closes that one in the same call; a gone one is fine."""
    old = _session(client)
    answer = client.post(
        "/harness/v1/sessions", json={"receive_url": "http://r.test/", "replaces": old}
    )
    assert answer.status_code == 201, answer.text
    assert client.post(f"/harness/v1/sessions/{old}/capabilities/now", json={}).status_code == 404
    again = client.post("/harness/v1/sessions", json={"replaces": old})
    assert again.status_code == 201
    bad = client.post("/harness/v1/sessions", json={"replaces": 7})
    assert bad.status_code == 400
    assert "'replaces'" in bad.text


def test_without_receive_url_no_delivery_is_announced(sender: RecordingSender) -> None:
    """With nowhere to deliver, the reply announces 0 deliveries and none is queued."""
    client = Client(ServeApp(ServeConfig(), sender))
    session = client.post("/harness/v1/sessions", json={})
    assert session.status_code == 201
    name = _body(session)["session"]
    meter = _meter(client, name)
    answer = _post(client, "serviceS", build_request("11.2", target=meter).xml, name)
    assert parse_message(answer.data).response_code == "I99"  # type: ignore[union-attr]
    assert answer.headers[DELIVERIES_HEADER] == "0"
    assert sender.jobs == []
