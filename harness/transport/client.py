"""A live DUIS endpoint as a harness :class:`~harness.user.Target`.

:meth:`HttpTarget.handle` reads the request's RequestID and CommandVariant, announces the
RequestID to the :class:`~harness.transport.receiver.Receiver`, applies the ``sign`` hook and
POSTs the body (``application/xml``) to serviceS, serviceD or serviceT. Then:

- connection refused, DNS or TLS failure: :class:`~harness.errors.TargetConnectionError`;
  no reply within ``reply_timeout``: :class:`~harness.errors.TargetTimeoutError`;
- HTTP 4xx is an observable outcome, not an error: the :class:`Exchange` carries
  ``http_status`` and the body as ``reply_xml`` if it is a DUIS Response, else ``b""`` and a
  note (the reference model answers HTTP 400 with no DUIS reply to an unreadable request);
- HTTP 5xx, 3xx or 1xx: :class:`~harness.errors.TargetHttpError` (status, body excerpt);
- a 2xx reply that is not ``application/xml``/``text/xml``, not XML, not a DUIS Response or not
  schema-valid: :class:`~harness.errors.TargetReplyError`; the ``verify`` hook runs on every
  reply and delivery and its errors propagate unchanged.

Completion rules for the asynchronous part (all bounded; nothing waits past its deadline):

1. **Harness extension**: when the reply carries ``X-DUIS-Harness-Deliveries: N`` (sent by the
   harness's own ``serve`` command, which knows how many deliveries will follow), wait for exactly
   N deliveries within ``response_deadline`` and skip the settle time.
2. Otherwise, if the reply's ResponseCode is ``I99``, wait up to ``response_deadline`` for a
   Response with the request's RequestID and a ResponseCode other than I99, then ``settle``
   seconds of quiet for alerts that follow it.
3. Any other ResponseCode: only ``settle`` seconds of quiet for alerts.

If rule 1 or 2 is not met by the deadline, :class:`~harness.errors.TargetDeadlineError` names the
RequestID and the deadline. Every delivery is schema-validated and passed to ``verify``.
Receiver faults seen while the request was in flight (unknown RequestIDs, late or duplicate
deliveries, refused bodies) become ``Exchange.notes``; a byte-identical duplicate of an
asynchronous response carrying the request's own RequestID raises
:class:`~harness.errors.TargetReplyError` ("duplicate asynchronous response"), because it makes
the outcome ambiguous. Duplicate alerts without a RequestID are only noted.

One request is in flight per target at a time: :meth:`HttpTarget.handle` holds a lock.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from types import TracebackType

import requests
from requests.structures import CaseInsensitiveDict

from harness.duis.responses import Response
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.validation import Validator
from harness.errors import (
    TargetConnectionError,
    TargetDeadlineError,
    TargetHttpError,
    TargetReplyError,
    TargetTimeoutError,
    UsageError,
)
from harness.model.exchange import Delivery, Exchange
from harness.transport.config import HttpTargetConfig
from harness.transport.documents import DocumentChecker, is_xml_type
from harness.transport.environment import reach_for
from harness.transport.inbox import Collection
from harness.transport.receiver import Receiver
from harness.transport.routing import Routing, read_routing

__all__ = ["DELIVERIES_HEADER", "HttpTarget"]

#: Reply header by which the harness's own ``serve`` announces how many deliveries will follow.
DELIVERIES_HEADER = "X-DUIS-Harness-Deliveries"

_LOG = logging.getLogger("harness.transport.client")
_CHUNK = 64 * 1024
_ERRNO = re.compile(r"\[Errno -?\d+\][^'\")]*")


@dataclass(frozen=True)
class _Reply:
    status: int
    content_type: str | None
    headers: CaseInsensitiveDict[str]
    body: bytes
    truncated: bool

    def excerpt(self) -> str:
        text = " ".join(self.body[:400].decode("utf-8", "replace").split())
        return text[:200] + ("…" if len(text) > 200 or self.truncated else "")


class HttpTarget:
    """Sends DUIS requests to a live endpoint and gathers the asynchronous deliveries."""

    def __init__(
        self,
        config: HttpTargetConfig,
        *,
        schema_set: SchemaSet | None = None,
        session: requests.Session | None = None,
        receiver: Receiver | None = None,
    ) -> None:
        self.config = config
        validator = Validator(schema_set or load_schema_set(), config.max_bytes)
        self._checker = DocumentChecker(validator, config.max_bytes, config.verify)
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        # the environment's proxies and CA bundle, read once (harness.transport.environment)
        reach = reach_for(config.base_url)
        self._proxies = reach.proxies
        verify = config.requests_verify()
        self._verify = reach.ca_bundle if verify is True and reach.ca_bundle else verify
        if self._own_session:
            self.session.trust_env = False
        self._own_receiver = receiver is None
        self.receiver = receiver if receiver is not None else Receiver.from_config(config)
        self._lock = threading.Lock()

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def receive_url(self) -> str:
        """The Receive Response URL the system under test must POST deliveries to."""
        return self.config.receive_url or self.receiver.url

    def start(self) -> str:
        """Start the target's own receiver (a given one must be started by its owner)."""
        if self._own_receiver:
            self.receiver.start()
        return self.receive_url

    def close(self) -> None:
        """Stop the own receiver and close the own HTTP session (idempotent)."""
        if self._own_receiver:
            self.receiver.stop()
        if self._own_session:
            self.session.close()

    def __enter__(self) -> HttpTarget:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- Target protocol -----------------------------------------------------------------------

    def handle(self, request_xml: bytes) -> Exchange:
        """Send one request; return the reply and the asynchronous deliveries."""
        with self._lock:
            if not self.receiver.running:
                raise UsageError("HttpTarget is not started: call start() or use 'with'")
            routing = read_routing(request_xml, self.config.max_bytes)
            url = self.config.endpoint_url(routing.command_variant or 0)
            body = self.config.sign(request_xml) if self.config.sign else request_xml
            if routing.request_id is not None:
                self.receiver.expect(routing.request_id)
            try:
                return self._exchange(body, url, routing)
            finally:
                if routing.request_id is not None:
                    self.receiver.release(routing.request_id)

    # -- steps ---------------------------------------------------------------------------------

    def _exchange(self, body: bytes, url: str, routing: Routing) -> Exchange:
        reply = self._post(url, body)
        _LOG.info(
            "POST %s RequestID %s CommandVariant %s (%d bytes) -> HTTP %d",
            url,
            routing.request_id,
            routing.command_variant,
            len(body),
            reply.status,
        )
        if not (200 <= reply.status < 300 or 400 <= reply.status < 500):
            raise TargetHttpError(url, reply.status, reply.excerpt())
        if reply.status >= 400:
            return self._refused(body, url, routing, reply)
        source = f"synchronous reply from {url}"
        if not is_xml_type(reply.content_type):
            got = reply.content_type or "none"
            raise TargetReplyError(source, f"content type is {got!r}, expected application/xml")
        if reply.truncated:
            limit = self.config.max_bytes
            raise TargetReplyError(source, f"reply is larger than the limit of {limit} bytes")
        response = self._checker.response(reply.body, source)
        deliveries, notes = self._deliveries(routing, response, reply)
        return Exchange(
            body, reply.body, deliveries, routing.notes + notes, http_status=reply.status
        )

    def _refused(self, body: bytes, url: str, routing: Routing, reply: _Reply) -> Exchange:
        """A 4xx: the status is the observable outcome; keep a DUIS reply if there is one."""
        source = f"HTTP {reply.status} reply from {url}"
        duis = (
            not reply.truncated
            and is_xml_type(reply.content_type)
            and self._checker.is_response(reply.body, source)
        )
        if duis:
            self._checker.response(reply.body, source)
            note = f"HTTP {reply.status} from {url} with a DUIS reply"
        else:
            what = reply.excerpt() or "empty body"
            note = f"HTTP {reply.status} from {url} without a DUIS reply: {what}"
        reply_xml = reply.body if duis else b""
        return Exchange(body, reply_xml, (), (*routing.notes, note), http_status=reply.status)

    def _deliveries(
        self, routing: Routing, response: Response, reply: _Reply
    ) -> tuple[tuple[Delivery, ...], tuple[str, ...]]:
        request_id = routing.request_id
        if request_id is None:
            return (), ("asynchronous deliveries not collected: the request has no RequestID",)
        config = self.config
        announced = _announced(reply)
        if announced is not None:
            waiting_for = f"{announced} deliveries announced by {DELIVERIES_HEADER}"
            collection = self.receiver.collect(
                request_id,
                deadline_s=config.response_deadline,
                expected_count=announced,
                terminal=False,
            )
        elif response.is_acknowledgement:
            waiting_for = "terminal response (a ResponseCode other than I99)"
            collection = self.receiver.collect(
                request_id, deadline_s=config.response_deadline, settle_s=config.settle
            )
        else:
            waiting_for = "alert"
            collection = self.receiver.collect(
                request_id, deadline_s=0, settle_s=config.settle, terminal=False
            )
        _LOG.info(
            "RequestID %s: %d deliveries, %d receiver faults",
            request_id,
            len(collection.deliveries),
            len(collection.faults),
        )
        self._check_collection(collection, waiting_for)
        return collection.deliveries, tuple(f"receiver {fault}" for fault in collection.faults)

    def _check_collection(self, collection: Collection, waiting_for: str) -> None:
        request_id = collection.request_id
        if not collection.complete:
            got = f"{waiting_for} (received {len(collection.deliveries)})"
            raise TargetDeadlineError(request_id, self.config.response_deadline, got)
        duplicates = collection.duplicates_of_own()
        if duplicates:
            raise TargetReplyError(
                f"receiver at {self.receive_url}",
                f"duplicate asynchronous response for RequestID {request_id} "
                f"({len(duplicates)} byte-identical repeat(s))",
            )
        for number, delivery in enumerate(collection.deliveries, 1):
            source = f"asynchronous delivery {number} for RequestID {request_id}"
            self._checker.response(delivery.xml, source)

    def _post(self, url: str, body: bytes) -> _Reply:
        config = self.config
        headers = {**config.headers, "Content-Type": "application/xml"}
        try:
            with self.session.post(
                url,
                data=body,
                headers=headers,
                timeout=config.reply_timeout,
                verify=self._verify,
                proxies=self._proxies,
                cert=config.requests_cert(),
                stream=True,
                allow_redirects=False,
            ) as response:
                content, truncated = self._read(response)
                return _Reply(
                    response.status_code,
                    response.headers.get("Content-Type"),
                    response.headers,
                    content,
                    truncated,
                )
        except requests.exceptions.Timeout:
            raise TargetTimeoutError(url, config.reply_timeout) from None
        except requests.exceptions.SSLError as exc:
            raise TargetConnectionError(url, f"TLS failure: {short_reason(exc)}") from None
        except requests.exceptions.RequestException as exc:
            raise TargetConnectionError(url, short_reason(exc)) from None

    def _read(self, response: requests.Response) -> tuple[bytes, bool]:
        """At most ``max_bytes`` of the body, and whether there was more."""
        limit = self.config.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            return b"", True
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return b"".join(chunks)[:limit], True
        return b"".join(chunks), False


def _announced(reply: _Reply) -> int | None:
    value = reply.headers.get(DELIVERIES_HEADER)
    if value is None:
        return None
    if not value.strip().isdigit():
        source = f"{DELIVERIES_HEADER} header of the synchronous reply"
        raise TargetReplyError(source, f"expected a count of deliveries, got {value!r}")
    return int(value.strip())


def short_reason(exc: BaseException) -> str:
    """The operating system's reason inside a requests/urllib3 error, else the message."""
    text = str(exc)
    found = _ERRNO.search(text)
    return found.group(0).strip() if found else text[:300]
