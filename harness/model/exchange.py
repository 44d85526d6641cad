"""What one request to a target produced: the synchronous reply and the later deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from harness.duis.messages import Message, parse_message
from harness.duis.responses import Response
from harness.errors import MessageError


@dataclass(frozen=True)
class Delivery:
    """An asynchronous response or alert, as delivered to the user's Receive Response URL."""

    xml: bytes
    at: datetime

    def message(self) -> Message:
        """The delivery parsed into a typed message."""
        return parse_message(self.xml, f"delivery at {self.at.isoformat()}")


@dataclass(frozen=True)
class Exchange:
    """A Service Request, the target's synchronous reply and every asynchronous delivery."""

    request_xml: bytes
    reply_xml: bytes
    deliveries: tuple[Delivery, ...] = ()
    notes: tuple[str, ...] = ()
    #: The HTTP status a DCC Boxed style endpoint would answer with: 400 (and no DUIS reply)
    #: when the request is too broken for its Service Reference Variant to be read.
    http_status: int = 200

    def reply(self) -> Response:
        """The synchronous reply parsed (always a DUIS Response)."""
        message = parse_message(self.reply_xml, "synchronous reply")
        if not isinstance(message, Response):
            raise MessageError(
                "synchronous reply", f"expected a Response, got {type(message).__name__}"
            )
        return message

    def messages(self) -> tuple[Message, ...]:
        """Every asynchronous delivery parsed, in delivery order."""
        return tuple(d.message() for d in self.deliveries)
