"""How a Then step reads the outcome of a request from what was observed.

- **Failure forms** (assumption A-FAILURE-FORM): an error reply, an S1SP alert for the request,
  an error response, or a DCC alert reporting a failed firmware distribution or activation.
- **Routes** (assumption A-ROUTING-EVIDENCE): an S1SP-signed response or an S1SP alert shows the
  SMETS1 route answered; a GBCS payload shows the SMETS2+ route did.
"""

from __future__ import annotations

from harness.duis.responses import DCCAlertMessage, Response, ResponseMessage
from harness.model.devices import SmetsVersion
from harness.suite.observations import Observed

__all__ = ["answered", "failure_forms", "route_of"]


def failure_forms(observed: Observed) -> list[str]:
    """The forms of failure seen for a request (A-FAILURE-FORM); empty when none."""
    reply = observed.reply
    forms = [f"error {reply.response_code}"] if reply is not None and reply.is_error else []
    forms += [f"S1SP alert {code}" for code in observed.s1sp_alert_codes()]
    for message in observed.others:
        if not isinstance(message, Response):
            continue
        if message.is_error:
            forms.append(f"error response {message.response_code}")
        elif isinstance(message.body, DCCAlertMessage) and _reports_failure(message.body):
            forms.append(f"DCC alert {message.body.alert_kind}")
    return forms


def _reports_failure(alert: DCCAlertMessage) -> bool:
    if alert.alert_kind == "FirmwareDistributionFailure":
        return True
    result = alert.alert.text_of("PPMIDFirmwareUpgradeAlert/ActivateImageResultCode")
    return alert.alert_kind == "PPMIDAlert" and result == "ActivationFailure"


def route_of(observed: Observed) -> SmetsVersion | None:
    """The route that answered (A-ROUTING-EVIDENCE): S1SP means SMETS1, GBCS means SMETS2+."""
    if observed.smets1_responses or observed.s1sp_alerts:
        return SmetsVersion.SMETS1
    return SmetsVersion.SMETS2 if _gbcs_answers(observed) else None


def answered(observed: Observed) -> bool:
    """Whether the device's answer arrived: a SMETS1 response or a GBCS response."""
    return bool(observed.smets1_responses) or _gbcs_answers(observed)


def _gbcs_answers(observed: Observed) -> bool:
    return any(
        isinstance(m, Response)
        and isinstance(m.body, ResponseMessage)
        and m.body.payload_kind == "GBCSPayload"
        for m in observed.others
    )
