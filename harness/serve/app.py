"""The WSGI application of ``duis-harness serve`` (werkzeug request and response objects).

DUIS interface, as DCC Boxed exposes it (DOMAIN.md "Transport"):

- ``POST /api/v1/serviceS`` (CommandVariant 1, 3, 5, 7), ``/api/v1/serviceD`` (2, 6, 8, 9),
  ``/api/v1/serviceT`` (4), body ``application/xml``: the reply is the model's synchronous DUIS
  Response; its asynchronous responses and alerts are POSTed afterwards to the session's Receive
  Response URL. The reply carries ``X-DUIS-Harness-Deliveries: N`` (how many will follow).
  A request sent to the wrong one of the three is answered with DUIS error E13 (M-SERVE-ENDPOINT);
  a body the model cannot read at all gets HTTP 400, an oversize one 413.

Control API (harness only, JSON; ``docs/serve.md``): ``GET /harness/v1/info``,
``POST /harness/v1/sessions``, ``DELETE /harness/v1/sessions/ID``,
``POST /harness/v1/sessions/ID/capabilities/NAME``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from harness import __version__
from harness.control.codec import ControlCodecError, decode, encode, encode_error
from harness.duis.identifiers import RequestId
from harness.duis.namespaces import SR
from harness.duis.xmlinput import parse_bytes
from harness.errors import HarnessError
from harness.model import replies
from harness.serve.capabilities import CAPABILITIES, bound
from harness.serve.config import DELIVERIES_HEADER, SESSION_HEADER, ServeConfig
from harness.serve.sender import DeliverySender, Job
from harness.serve.sessions import Session, SessionStore, UnknownSessionError
from harness.wsgi_server import DISCARD_LIMIT, BodyTooLargeError, discard, read_limited

_LOG = logging.getLogger("harness.serve")
#: The largest control API body (capability arguments are small JSON).
CONTROL_MAX_BYTES = 1024 * 1024

#: The CommandVariants each DUIS endpoint takes (DOMAIN.md "Transport").
ENDPOINT_VARIANTS = {
    "serviceS": frozenset({1, 3, 5, 7}),
    "serviceD": frozenset({2, 6, 8, 9}),
    "serviceT": frozenset({4}),
}
#: DUIS response code for a request sent to the wrong endpoint (M-SERVE-ENDPOINT).
WRONG_ENDPOINT_CODE = "E13"
_XML_TYPES = ("application/xml", "text/xml")

_ROUTES = Map(
    [
        Rule(
            "/api/v1/<any(serviceS, serviceD, serviceT):endpoint>",
            methods=["POST"],
            endpoint="duis",
        ),
        Rule("/harness/v1/info", methods=["GET"], endpoint="info"),
        Rule("/harness/v1/sessions", methods=["POST"], endpoint="create"),
        Rule("/harness/v1/sessions/<session_id>", methods=["DELETE"], endpoint="close"),
        Rule(
            "/harness/v1/sessions/<session_id>/capabilities/<name>",
            methods=["POST"],
            endpoint="call",
        ),
    ]
)


def _json(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


class ServeApp:
    """Routes HTTP requests to sessions' reference models and queues their deliveries."""

    def __init__(self, config: ServeConfig, sender: DeliverySender | None = None) -> None:
        self.config = config
        self.sessions = SessionStore(config)
        self.sender = sender if sender is not None else DeliverySender(timeout=config.post_timeout)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self._dispatch(request)
        except HTTPException as exc:
            response = _text(f"{exc.code} {exc.name}: {exc.description}", exc.code or 500)
        # one line per request: never headers or bodies, so no credential reaches the log
        _LOG.info(
            "%s %s from %s -> %d",
            request.method,
            request.path,
            request.remote_addr or "unknown peer",
            response.status_code,
        )
        result: Iterable[bytes] = response(environ, start_response)
        return result

    def _dispatch(self, request: Request) -> Response:
        endpoint, arguments = _ROUTES.bind_to_environ(request.environ).match()
        try:
            match endpoint:
                case "duis":
                    return self._duis(request, arguments["endpoint"])
                case "info":
                    return self._info()
                case "create":
                    return self._create(request)
                case "close":
                    self.sessions.close(arguments["session_id"])
                    return Response(status=204)
                case "call":
                    return self._call(request, arguments["session_id"], arguments["name"])
        except UnknownSessionError as exc:
            return _text(str(exc), 404)
        raise NotFound()

    # -- DUIS ----------------------------------------------------------------------------------

    def _duis(self, request: Request, endpoint: str) -> Response:
        if request.mimetype not in _XML_TYPES:
            return _text(f"expected application/xml, got {request.mimetype or 'none'}", 415)
        body = _read_body(request, self.config.max_bytes)
        if isinstance(body, Response):
            return body
        session = self.sessions.get(request.headers.get(SESSION_HEADER))
        with session.lock:
            wrong = self._wrong_endpoint(session, body, endpoint)
            if wrong is not None:
                return self._xml(wrong, 0)
            exchange = session.model.handle(body)
        if exchange.http_status != 200 or not exchange.reply_xml:
            return _text("; ".join(exchange.notes) or "request not readable", exchange.http_status)
        for delivery in exchange.deliveries:
            self._deliver(session, delivery.xml)
        # announce only what will really be POSTed: none without a Receive Response URL
        sent = len(exchange.deliveries) if session.receive_url is not None else 0
        return self._xml(exchange.reply_xml, sent)

    def _xml(self, xml: bytes, deliveries: int) -> Response:
        signed = self.config.signer(xml) if self.config.signer is not None else xml
        response = Response(signed, status=200, mimetype="application/xml")
        response.headers[DELIVERIES_HEADER] = str(deliveries)
        return response

    def _deliver(self, session: Session, xml: bytes) -> None:
        if session.receive_url is None:
            _LOG.warning("session %s has no Receive Response URL: delivery dropped", session.id)
            return
        signed = self.config.signer(xml) if self.config.signer is not None else xml
        self.sender.send(Job(session.receive_url, signed, session.id))

    def _wrong_endpoint(self, session: Session, body: bytes, endpoint: str) -> bytes | None:
        """A DUIS E13 reply when the request's CommandVariant belongs to another endpoint."""
        try:
            root = parse_bytes(body, "request", self.config.max_bytes)
        except HarnessError:
            return None  # the model answers unreadable requests itself
        header = root.find(f"{{{SR}}}Header")
        if header is None:
            return None
        variant = header.findtext(f"{{{SR}}}CommandVariant")
        srv = header.findtext(f"{{{SR}}}ServiceReferenceVariant")
        if variant is None or not variant.strip().isdigit() or srv is None:
            return None
        if int(variant) in ENDPOINT_VARIANTS[endpoint]:
            return None
        try:
            request_id: RequestId | None = RequestId.parse(
                header.findtext(f"{{{SR}}}RequestID") or ""
            )
        except HarnessError:
            request_id = None
        return replies.error_response(
            request_id, code=WRONG_ENDPOINT_CODE, now=session.model.now(), srv=srv.strip()
        )

    # -- control API ---------------------------------------------------------------------------

    def _info(self) -> Response:
        return _json(
            {
                "harness": __version__,
                "baseline": self.config.baseline.name,
                "schema": self.config.schema_set.label,
                "capabilities": list(CAPABILITIES),
                "sessions": len(self.sessions),
            }
        )

    def _create(self, request: Request) -> Response:
        data = _body_json(request)
        if isinstance(data, Response):
            return data
        receive_url = data.get("receive_url")
        if receive_url is not None and not (
            isinstance(receive_url, str) and receive_url.startswith(("http://", "https://"))
        ):
            return _text(f"'receive_url' must be an http(s) URL (got {receive_url!r})", 400)
        replaces = data.get("replaces")
        if replaces is not None and not isinstance(replaces, str):
            return _text(f"'replaces' must be a session id (got {replaces!r})", 400)
        if replaces is not None:
            # the client is done with it: saves a DELETE per scenario (already gone is fine)
            self.sessions.discard(replaces)
        session = self.sessions.create(receive_url)
        return _json({"session": session.id, "baseline": self.config.baseline.name}, 201)

    def _call(self, request: Request, session_id: str, name: str) -> Response:
        session = self.sessions.get(session_id)
        method = bound(session.model, name)
        if method is None:
            return _text(f"no capability {name!r} (offered: {', '.join(CAPABILITIES)})", 404)
        data = _body_json(request)
        if isinstance(data, Response):
            return data
        try:
            args = decode(data.get("args", []))
            kwargs = decode(data.get("kwargs", {"$dict": {}}))
        except ControlCodecError as exc:
            return _text(f"capability {name}: {exc}", 400)
        if not isinstance(args, list | tuple) or not isinstance(kwargs, dict):
            return _text(f"capability {name}: 'args' must be a list, 'kwargs' an object", 400)
        try:
            with session.lock:
                result = method(*args, **kwargs)
        except HarnessError as exc:
            return _json(encode_error(exc), 422)
        except (TypeError, ValueError) as exc:
            return _text(f"capability {name}: {type(exc).__name__}: {exc}", 400)
        return _json({"result": encode(result)})


def _read_body(request: Request, limit: int) -> bytes | Response:
    """The request body, or 413 when it is over ``limit`` bytes (announced or not)."""
    length = request.content_length
    try:
        if length is not None and length > limit:
            if length - limit <= DISCARD_LIMIT:
                discard(request.stream)  # so the client reads the 413, not a broken pipe
            raise BodyTooLargeError(f"body of {length} bytes exceeds the limit of {limit}")
        return read_limited(request.stream, limit)
    except BodyTooLargeError as exc:
        return _text(str(exc), 413)
    except (OSError, ValueError) as exc:
        return _text(f"body could not be read: {exc}", 400)


def _body_json(request: Request) -> dict[str, Any] | Response:
    """The request's JSON object body ({} when empty), or a 400/415 response saying why not."""
    raw = _read_body(request, CONTROL_MAX_BYTES)
    if isinstance(raw, Response):
        return raw
    if not raw.strip():
        return {}
    if request.mimetype != "application/json":
        return _text(f"expected application/json, got {request.mimetype or 'none'}", 415)
    try:
        data = json.loads(raw)
    except ValueError as exc:
        return _text(f"body is not JSON: {exc}", 400)
    if not isinstance(data, dict):
        return _text("body must be a JSON object", 400)
    return data
