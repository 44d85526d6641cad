"""Steps that check what came back: replies, SMETS1 responses and alerts."""

from __future__ import annotations

from pytest_bdd import parsers, then

from harness.duis.responses import DCCAlertMessage, Response
from harness.duis.smets1 import SMETS1SignedResponse
from harness.suite.observations import Observed, observe
from harness.user import Dialogue
from steps.vocabulary import TYPES, Log


def meter_confirmed(observed: Observed) -> bool:
    """Whether the meter's SMETS1 response arrived, every one marked successful, and no S1SP
    alert or error came with it."""
    reply = observed.reply
    return (
        bool(observed.smets1_responses)
        and all(_successful(r) for r in observed.smets1_responses)
        and not observed.s1sp_alerts
        and (reply is None or not reply.is_error)
    )


def _successful(response: SMETS1SignedResponse) -> bool:
    data = response.response_data
    return data is not None and data.element().get("MessageSuccess") != "false"


def _failure_reported(observed: Observed) -> bool:
    """An error reply, an S1SP alert, or a DCC alert or error response for the request."""
    if observed.reply is not None and observed.reply.is_error:
        return True
    others = [m for m in observed.others if isinstance(m, Response)]
    alerts = [m for m in others if m.is_error or isinstance(m.body, DCCAlertMessage)]
    return bool(observed.s1sp_alerts or alerts)


@then("the request is acknowledged")
def acknowledged(dialogue: Dialogue) -> None:
    """The synchronous reply is the acknowledgement I99."""
    observed = observe(dialogue)
    assert observed.reply is not None, observed.summary()
    assert observed.reply.is_acknowledgement, observed.summary()


@then(parsers.parse('the supplier receives the SMETS1 alert "{code}" for that request'))
def receives_s1sp_alert(dialogue: Dialogue, code: str) -> None:
    """An S1SP alert with this code arrives for the request."""
    observed = observe(dialogue)
    assert code in observed.s1sp_alert_codes(), observed.summary()


@then("no meter response arrives for that request")
def no_meter_response(dialogue: Dialogue) -> None:
    """No SMETS1 response from the meter arrives for the request."""
    observed = observe(dialogue)
    assert not observed.smets1_responses, observed.summary()


@then(parsers.parse("the supplier receives the {log:Log}", extra_types=TYPES))
def receives_log(dialogue: Dialogue, log: Log) -> None:
    """The meter's SMETS1 response carries the requested log and no S1SP alert arrives."""
    observed = observe(dialogue)
    assert log.response in observed.response_data_names(), observed.summary()
    assert not observed.s1sp_alerts, observed.summary()


@then("the meter confirms the update")
def confirms_update(dialogue: Dialogue) -> None:
    """The meter's SMETS1 response reports success; no S1SP alert or error arrives."""
    observed = observe(dialogue)
    assert meter_confirmed(observed), observed.summary()


@then("the request is not served")
def not_served(dialogue: Dialogue) -> None:
    """A failure in any form (A-FAILURE-FORM) and no successful meter response."""
    observed = observe(dialogue)
    assert _failure_reported(observed), f"no failure reported: {observed.summary()}"
    served = [r for r in observed.smets1_responses if _successful(r)]
    assert not served, f"the meter answered: {observed.summary()}"
