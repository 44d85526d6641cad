"""Steps that check what came back: replies, SMETS1 responses and alerts."""

from __future__ import annotations

from pytest_bdd import parsers, then

from harness.suite.observations import observe
from harness.user import Dialogue
from steps.vocabulary import TYPES, Log


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
