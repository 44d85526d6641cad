"""What a scenario observed: the messages of a dialogue, sorted into kinds a Then step asserts on.

Deliveries are matched to the request by RequestID (an S1SP alert by ``S1SPAlert/RequestID``,
assumption A-S1SP-ALERT-WRAPPER; a SMETS1 response by its MMC header's counter and the
Response's RequestID), never by position.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.duis.identifiers import RequestId
from harness.duis.messages import Message
from harness.duis.responses import DCCAlertMessage, Response, SMETS1ResponseMessage
from harness.duis.smets1 import S1SPAlert, SMETS1SignedResponse
from harness.user import Dialogue


@dataclass(frozen=True)
class Observed:
    """The asynchronous messages of a dialogue that concern its request."""

    request_id: RequestId
    reply: Response | None
    s1sp_alerts: tuple[S1SPAlert, ...]
    smets1_responses: tuple[SMETS1SignedResponse, ...]
    others: tuple[Message, ...]

    def s1sp_alert_codes(self) -> tuple[str, ...]:
        """The S1SP alert codes received for the request."""
        return tuple(a.s1sp_alert_code for a in self.s1sp_alerts)

    def response_data_names(self) -> tuple[str, ...]:
        """The ``…Rsp`` element names of the SMETS1 responses received for the request."""
        return tuple(r.response_data_name or "" for r in self.smets1_responses)

    def summary(self) -> str:
        """One line saying what arrived, for assertion messages and evidence."""
        code = self.reply.response_code if self.reply is not None else "no reply"
        return (
            f"reply {code}; S1SP alerts {list(self.s1sp_alert_codes())}; "
            f"SMETS1 responses {list(self.response_data_names())}; other {len(self.others)}"
        )


def _concerns(message: Message, request_id: RequestId) -> bool:
    if isinstance(message, S1SPAlert):
        return message.request_id == request_id
    if isinstance(message, Response):
        if isinstance(message.body, DCCAlertMessage) and message.body.s1sp_alert is not None:
            return message.body.s1sp_alert.request_id == request_id
        return message.request_id in (None, request_id)
    return True


def observe(dialogue: Dialogue) -> Observed:
    """Sort the final exchange's reply and deliveries into kinds, keeping those for the request."""
    exchange = dialogue.final
    request_id = dialogue.request.request_id
    reply = exchange.reply() if exchange.reply_xml else None
    alerts: list[S1SPAlert] = []
    responses: list[SMETS1SignedResponse] = []
    others: list[Message] = []
    for message in exchange.messages():
        if not _concerns(message, request_id):
            continue
        if isinstance(message, S1SPAlert):
            alerts.append(message)
        elif isinstance(message, Response) and isinstance(message.body, DCCAlertMessage):
            if message.body.s1sp_alert is not None:
                alerts.append(message.body.s1sp_alert)
            else:
                others.append(message)
        elif isinstance(message, Response) and isinstance(message.body, SMETS1ResponseMessage):
            responses.append(message.body.signed_response)
        else:
            others.append(message)
    return Observed(request_id, reply, tuple(alerts), tuple(responses), tuple(others))
