"""What the target needs from an outgoing request: its RequestID and CommandVariant.

Read leniently (hardened parse, then two header fields) so that deliberately broken requests
can still be sent: an unreadable CommandVariant goes to serviceS, an unreadable RequestID means
no asynchronous delivery can be correlated. Each fallback is explained in ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.duis.identifiers import RequestId
from harness.duis.namespaces import sr
from harness.duis.xmlinput import parse_bytes
from harness.errors import IdentifierError, InputError
from harness.transport.config import endpoint_name

__all__ = ["Routing", "read_routing"]


@dataclass(frozen=True)
class Routing:
    """The routing facts of one request."""

    request_id: str | None
    command_variant: int | None
    notes: tuple[str, ...] = ()


def read_routing(request_xml: bytes, max_bytes: int) -> Routing:
    """RequestID (canonical text) and CommandVariant of a request, with notes on fallbacks."""
    try:
        root = parse_bytes(request_xml, "request", max_bytes)
    except InputError as exc:
        return Routing(
            None, None, (f"request is not readable XML ({exc.reason}): sent to serviceS",)
        )
    header = root.find(sr("Header"))
    id_text = header.findtext(sr("RequestID")) if header is not None else None
    cv_text = header.findtext(sr("CommandVariant")) if header is not None else None
    notes: list[str] = []
    request_id: str | None = None
    try:
        request_id = str(RequestId.parse(id_text or ""))
    except IdentifierError:
        notes.append(
            f"request has no readable RequestID ({id_text!r}): deliveries cannot be correlated"
        )
    command_variant = int(cv_text.strip()) if cv_text and cv_text.strip().isdigit() else None
    if command_variant is None:
        notes.append(f"request has no readable CommandVariant ({cv_text!r}): sent to serviceS")
    elif endpoint_name(command_variant) is None:
        notes.append(f"CommandVariant {command_variant} is not a DUIS variant: sent to serviceS")
    return Routing(request_id, command_variant, tuple(notes))
