"""A DCC User talking DUIS to a target: builds requests and follows the critical flow.

For a Critical SRV the user sends CommandVariant 4, receives a PreCommand, signs it and sends
the same RequestID again with CommandVariant 5 and a ``SignedPreCommand`` body (DOMAIN.md,
"Transport"). Until XML signing is configured the "signature" is the PreCommand payload itself
(the reference model does not verify GBCS signatures).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from harness.duis.builder import DEFAULT_ORIGINATOR, BuiltRequest, build_request
from harness.duis.identifiers import CounterSequence, Eui64
from harness.duis.namespaces import sr
from harness.duis.responses import ResponseMessage
from harness.duis.schemas import SchemaSet
from harness.model.exchange import Exchange


class Target(Protocol):
    """Anything that answers DUIS requests: the reference model or a live endpoint."""

    def handle(self, request_xml: bytes) -> Exchange:
        """Send one request; return the reply and the asynchronous deliveries."""
        ...


@dataclass(frozen=True)
class Dialogue:
    """All exchanges one logical request took (one, or two for the critical flow)."""

    request: BuiltRequest
    exchanges: tuple[Exchange, ...]

    @property
    def final(self) -> Exchange:
        """The exchange that carries the outcome (the signed one for critical requests)."""
        return self.exchanges[-1]


class DccUser:
    """Sends DUIS Service Requests as one DCC User (originator EUI-64)."""

    def __init__(
        self,
        target: Target,
        *,
        originator: str = DEFAULT_ORIGINATOR,
        counters: CounterSequence | None = None,
        schema_set: SchemaSet | None = None,
    ) -> None:
        self.target = target
        self.originator = Eui64.parse(originator)
        self.counters = counters if counters is not None else CounterSequence()
        self.schema_set = schema_set

    def request(
        self,
        srv: str,
        *,
        device: str | Eui64 | None = None,
        body: etree._Element | None = None,
        fields: Mapping[str, str] | None = None,
        command_variant: int | None = None,
    ) -> Dialogue:
        """Build and send a request; a Critical SRV goes through PreCommand and signing."""
        built = build_request(
            srv,
            target=device,
            originator=self.originator,
            counters=self.counters,
            command_variant=command_variant,
            body=body,
            fields=fields,
            schema_set=self.schema_set,
        )
        first = self.target.handle(built.xml)
        if built.command_variant != 4 or command_variant == 4:
            return Dialogue(built, (first,))
        payload = _precommand_payload(first)
        if payload is None:
            return Dialogue(built, (first,))
        return Dialogue(built, (first, self.target.handle(self._signed(built, payload))))

    def _signed(self, built: BuiltRequest, payload: str) -> bytes:
        body = etree.Element(sr("SignedPreCommand"))
        etree.SubElement(body, sr("GBCSPayload")).text = payload
        again = build_request(
            built.srv.srv,
            target=built.request_id.target,
            originator=built.request_id.originator,
            counter=built.request_id.counter,
            command_variant=5,
            body=body,
            schema_set=self.schema_set,
        )
        return again.xml


def _precommand_payload(exchange: Exchange) -> str | None:
    """The GBCSPayload of a successful PreCommand reply, or None if the reply is not one."""
    if not exchange.reply_xml:
        return None
    reply = exchange.reply()
    body = reply.body
    if not reply.is_success or not isinstance(body, ResponseMessage) or body.payload is None:
        return None
    if body.payload.local_name != "PreCommand":
        return None
    found = body.payload.element().find(sr("GBCSPayload"))
    return found.text.strip() if found is not None and found.text else None
