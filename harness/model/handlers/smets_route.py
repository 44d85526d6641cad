"""How a device request is answered: through the S1SP for SMETS1 devices, through GBCS otherwise.

DCC processes a request by the route of the target's SMETS version in its inventory
(``SEC-A2.13``, ``MP202-BR-ENTRY-DISTINCTION``), and the user tells the routes apart by the
reply (``A-ROUTING-EVIDENCE``): an S1SP-signed SMETS1ResponseMessage for SMETS1, a
ResponseMessage carrying a GBCSPayload for SMETS2+.

Model decision M-GBCS-PLACEHOLDER: the model has no GBCS encoder, so the GBCSPayload of a
SMETS2+ response is the base64 of the ASCII text ``harness-gbcs-placeholder;srv=…;request=…``
followed by ``;name=value`` pairs for what the response reports (``firmware=…``). It is not a
GBCS response.
"""

from __future__ import annotations

import base64

from lxml import etree

from harness.duis.fragment import Fragment
from harness.duis.messages import Request
from harness.duis.namespaces import SR, sr
from harness.model import replies
from harness.model.devices import SmetsVersion
from harness.model.handling import Context, Outcome

__all__ = ["answer", "gbcs_payload", "refuse"]


def gbcs_payload(request: Request, values: dict[str, str]) -> etree._Element:
    """The placeholder ``sr:GBCSPayload`` of a SMETS2+ response (M-GBCS-PLACEHOLDER)."""
    parts = [f"harness-gbcs-placeholder;srv={request.srv};request={request.request_id}"]
    parts += [f"{name}={value}" for name, value in values.items()]
    payload = etree.Element(sr("GBCSPayload"), nsmap={"sr": SR})
    payload.text = base64.b64encode(";".join(parts).encode("ascii")).decode("ascii")
    return payload


def answer(
    ctx: Context,
    data: etree._Element | Fragment,
    values: dict[str, str] | None = None,
    notes: tuple[str, ...] = (),
) -> Outcome:
    """Acknowledge (I99) and deliver the device's answer by the target's route.

    A SMETS1 target answers through the S1SP with ``data`` (an ``ra:…Rsp`` element or
    fragment); any other target answers through GBCS, with ``values`` written into the
    placeholder payload.
    """
    if ctx.device is None:
        raise ValueError(f"SRV {ctx.request.srv} is a device request; the context has no device")
    request = ctx.request
    if ctx.device.smets_version is SmetsVersion.SMETS1:
        response = replies.smets1_response(request, now=ctx.now, data=data)
        route = "answered by the S1SP (SMETS1 route)"
    else:
        payload = gbcs_payload(request, values or {})
        response = replies.success_response(request, now=ctx.now, payload=payload)
        route = "answered through GBCS (SMETS2+ route)"
    ack = replies.acknowledgement(request, now=ctx.now)
    return Outcome(ack, (response,), (*notes, f"{ctx.device.device_id}: {route}"))


def refuse(ctx: Context, code: str, *notes: str) -> Outcome:
    """DCC refuses the request synchronously with the E-code ``code`` (unsigned, no deliveries)."""
    request = ctx.request
    reply = replies.error_response(
        request.request_id,
        code=code,
        now=ctx.now,
        service_reference=request.service_reference,
        srv=request.srv,
    )
    return Outcome(reply, (), notes)
