"""The replies the model makes most, filled into templates made from their typed description.

Each template is made once (per shape) by writing an example reply through the same typed
messages as :func:`~harness.model.replies_envelope.respond` (see
:class:`harness.duis.template.Template`), so a reply filled in has the bytes the typed
messages would write; tests hold every function here to the typed path. A function returns
None where its template cannot serve (a value the text writer refuses), and the caller then
writes the reply in full.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache

from harness.duis.fragment import Fragment
from harness.duis.identifiers import Eui64, RequestId
from harness.duis.messages import Request
from harness.duis.responses import DCCAlertMessage, Response, ResponseMessage
from harness.duis.template import Template
from harness.model.replies_envelope import (
    DCC,
    DCC_ID,
    SCHEMA_VERSION,
    check_dcc_alert_code,
    check_response_code,
    placeholder_signature,
    xs_timestamp,
)

__all__ = ["dcc_alert_reply", "message_reply"]

# Example values: each text is written once in its example, and by no other value.
_ID = RequestId(Eui64(0x0101010101010101), Eui64(0x0202020202020202), 31415926535)
_VERSION, _CODE, _WHEN, _REFERENCE, _SRV, _ALERT_CODE = (f"\ue010{n}" for n in range(6))
#: Stands for the payload of an example; never written.
_PAYLOAD = Fragment(
    b'<sr:GBCSPayload xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway"/>'
)


@cache
def _message_template(with_payload: bool) -> Template | None:
    payload = _PAYLOAD if with_payload else None
    example = Response(
        schema_version=_VERSION,
        request_id=_ID,
        response_id=_ID.swapped(),
        response_code=_CODE,
        response_datetime=_WHEN,
        body=ResponseMessage(service_reference=_REFERENCE, srv=_SRV, payload=payload),
        signature=placeholder_signature(DCC),
    )
    slots = (_VERSION, str(_ID), str(_ID.swapped()), _CODE, _WHEN, _REFERENCE, _SRV)
    return Template.of(example.write, slots, payload)


def message_reply(
    request: Request, *, now: datetime, code: str, payload: Fragment | None
) -> bytes | None:
    """What ``respond`` writes for a DCC-signed ResponseMessage answering ``request`` with
    ``code`` (checked as it checks it) and ``payload``; None when the template cannot serve."""
    template = _message_template(payload is not None)
    if template is None:
        return None
    identifier = request.request_id
    values = (
        SCHEMA_VERSION,
        str(identifier),
        identifier.swapped_text(),
        check_response_code(code),
        xs_timestamp(now),
        request.service_reference,
        request.srv,
    )
    return template.fill(values, payload)


#: Makes an alert's ``sr:<kind>`` element from its values (strings, in the function's order).
AlertContent = Callable[..., Fragment]


@cache
def _alert_template(content: AlertContent, count: int) -> Template | None:
    values = tuple(f"\ue011{n}" for n in range(count))
    example = Response(
        schema_version=_VERSION,
        response_id=_ID,
        response_code=_CODE,
        response_datetime=_WHEN,
        body=DCCAlertMessage(dcc_alert_code=_ALERT_CODE, alert=content(*values)),
        signature=placeholder_signature(DCC),
    )
    return Template.of(example.write, (_VERSION, str(_ID), _CODE, _WHEN, _ALERT_CODE, *values))


def dcc_alert_reply(
    content: AlertContent,
    values: tuple[str, ...],
    *,
    now: datetime,
    code: str,
    recipient: Eui64,
    counter: int | None,
) -> bytes | None:
    """What ``dcc_alert`` writes for the alert ``content(*values)`` to ``recipient`` with
    DCCAlertCode ``code`` (checked as it checks it) and no RequestID; None when the template
    cannot serve. ``content`` must write its values as given, each once."""
    template = _alert_template(content, len(values))
    if template is None:
        return None
    alert_code = check_dcc_alert_code(code)
    when = xs_timestamp(now)  # refuses a naive datetime, as dcc_alert does
    number = counter if counter is not None else int(now.timestamp() * 1000)
    envelope = (
        SCHEMA_VERSION,
        str(RequestId(DCC_ID, recipient, number)),
        check_response_code("I0"),
        when,
        alert_code,
    )
    return template.fill((*envelope, *values))
