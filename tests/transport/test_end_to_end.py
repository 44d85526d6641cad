"""A DCC User talking HTTP to a tiny live system under test backed by the reference model."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from harness.duis.responses import Response as DuisResponse
from harness.duis.responses import ResponseMessage
from harness.model.reference import ReferenceModel
from harness.transport.client import DELIVERIES_HEADER, HttpTarget
from harness.transport.config import HttpTargetConfig
from harness.user import DccUser
from tests.transport.conftest import post


@dataclass
class FakeDcc:
    """A WSGI app answering DUIS requests with the model: the reply at once, deliveries later.

    ``receive_url`` is where deliveries go; ``announce`` adds X-DUIS-Harness-Deliveries.
    """

    model: ReferenceModel
    announce: bool = False
    receive_url: str = ""
    paths: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    senders: list[threading.Thread] = field(default_factory=list)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        self.paths.append(request.path)
        exchange = self.model.handle(request.get_data())
        bodies = [d.xml for d in exchange.deliveries]
        sender = threading.Thread(target=self._deliver, args=(bodies,), daemon=True)
        self.senders.append(sender)
        sender.start()
        response = Response(exchange.reply_xml, status=200, mimetype="application/xml")
        if self.announce:
            response.headers[DELIVERIES_HEADER] = str(len(bodies))
        result: Iterable[bytes] = response(environ, start_response)
        return result

    def join(self) -> None:
        """Wait until every delivery has been POSTed and answered."""
        for sender in self.senders:
            sender.join(timeout=5)

    def _deliver(self, bodies: list[bytes]) -> None:
        for body in bodies:
            self.statuses.append(post(self.receive_url, body)[0])


@pytest.fixture
def live() -> Iterator[tuple[FakeDcc, BaseWSGIServer]]:
    """The fake DCC served on a free local port."""
    model = ReferenceModel()
    app = FakeDcc(model)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield app, server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize("announce", [False, True])
def test_read_firmware_version_over_http(
    live: tuple[FakeDcc, BaseWSGIServer], announce: bool
) -> None:
    """11.2 gets I99 synchronously and its terminal I0 response through the receiver."""
    app, server = live
    app.announce = announce
    hub = app.model.install_comms_hub()
    meter = app.model.install_device("FOC-ESME-1", hub=hub)
    config = HttpTargetConfig(
        base_url=f"http://127.0.0.1:{server.port}", response_deadline=5, settle=0.05
    )
    with HttpTarget(config) as target:
        app.receive_url = target.receive_url
        dialogue = DccUser(target).request("11.2", device=meter)
    exchange = dialogue.final
    app.join()
    assert app.paths == ["/api/v1/serviceS"]
    assert exchange.reply().is_acknowledgement
    (delivery,) = exchange.messages()
    assert isinstance(delivery, DuisResponse)
    assert delivery.request_id == dialogue.request.request_id
    assert delivery.response_code == "I0"
    assert app.statuses == [204]
    assert target.receiver.faults() == ()


def test_critical_flow_over_http(live: tuple[FakeDcc, BaseWSGIServer]) -> None:
    """A Critical SRV goes CV 4 to serviceT, then the same RequestID with CV 5 to serviceS."""
    app, server = live
    hub = app.model.install_comms_hub()
    meter = app.model.install_device("FOC-ESME-1", hub=hub)
    config = HttpTargetConfig(
        base_url=f"http://127.0.0.1:{server.port}", response_deadline=5, settle=0.05
    )
    with HttpTarget(config) as target:
        app.receive_url = target.receive_url
        dialogue = DccUser(target).request("11.3", device=meter)
    first, signed = dialogue.exchanges
    assert app.paths == ["/api/v1/serviceT", "/api/v1/serviceS"]
    body = first.reply().body
    assert isinstance(body, ResponseMessage)
    assert body.payload_kind == "PreCommand"
    assert signed.reply().is_acknowledgement
    assert len(signed.deliveries) == 1
    (delivery,) = signed.messages()
    assert isinstance(delivery, DuisResponse)
    assert delivery.request_id == dialogue.request.request_id
