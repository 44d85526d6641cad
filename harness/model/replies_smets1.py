"""The S1SP's answer to a SMETS1 Service Request, relayed by DCC.

``sr:Response`` (DCC-signed) → ``SMETS1ResponseMessage`` (ServiceReference, SRV) →
``SMETS1SignedResponse`` (S1SP-signed) → ``SMETS1Response``: the MMC header (``ra:HeaderType``)
and ``ResponseMessage`` (``ra:ResponsePayload``) whose ``SMETSData`` holds the ``…Rsp``
element from :mod:`harness.model.replies_mmc`.
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from harness.duis.fragment import Fragment
from harness.duis.messages import Request
from harness.duis.namespaces import RA
from harness.duis.responses import SMETS1ResponseMessage
from harness.duis.smets1 import MMCHeader, SMETS1Payload, SMETS1SignedResponse
from harness.model.replies_envelope import (
    S1SP,
    SCHEMA_VERSION,
    placeholder_signature,
    respond,
    xs_timestamp,
)

__all__ = ["mmc_header", "smets1_response"]


def mmc_header(request: Request, *, now: datetime) -> MMCHeader:
    """The MMC header of the S1SP's response to ``request``.

    Per the MMC's ResponsePayload notes, the business originator is the device (the request's
    target) and the business target the user (its originator); the originator counter is the
    request's counter, so the response pairs with its request as a GBCS response does. The
    header names the request's ServiceReference and SRV and is stamped ``now`` (UTC); the GBCS
    message code, supplementary remote party fields and clock-status attributes are left out.
    """
    identifier = request.request_id
    return MMCHeader(
        business_originator_id=identifier.target,
        business_target_id=identifier.originator,
        originator_counter=identifier.counter,
        service_reference=request.service_reference,
        srv=request.srv,
        timestamp=xs_timestamp(now),
    )


def smets1_response(
    request: Request,
    *,
    now: datetime,
    data: etree._Element | Fragment,
    s1sp_id: str = S1SP,
    response_code: str = "I0",
) -> bytes:
    """The S1SP's response to ``request`` carrying ``data`` (an ``ra:…Rsp`` element or fragment).

    The outer Response carries the request's RequestID, the swapped ResponseID and
    ``response_code``, and is signed by DCC; the SMETS1SignedResponse is signed by the S1SP
    named ``s1sp_id``. Both signatures are placeholders (:func:`placeholder_signature`); real
    signing arrives with the signing feature. An element ``data`` is copied, not changed.
    """
    fragment = Fragment.from_element(data) if isinstance(data, etree._Element) else data
    name = etree.QName(fragment.tag)
    if name.namespace != RA or not name.localname.endswith("Rsp"):
        raise ValueError(f"'data' must be an ra:…Rsp element (got {fragment.tag})")
    signed = SMETS1SignedResponse(
        schema_version=SCHEMA_VERSION,
        header=mmc_header(request, now=now),
        body=SMETS1Payload(response_data=fragment),
        signature=placeholder_signature(s1sp_id),
    )
    body = SMETS1ResponseMessage(
        service_reference=request.service_reference,
        srv=request.srv,
        signed_response=signed,
    )
    return respond(
        now=now,
        code=response_code,
        body=body,
        request_id=request.request_id,
        response_id=request.request_id.swapped(),
    )
