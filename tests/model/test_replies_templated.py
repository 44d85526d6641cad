"""The replies the model fills into templates are the bytes its typed messages write.

The oracle is the typed path each reply function falls back to (``respond`` with the typed
body; ``dcc_alert`` with the typed content): for any request identifiers, SRV names, clock
times and alert values, the templated reply must be byte for byte the same.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from harness.duis.builder import build_request
from harness.duis.identifiers import Eui64, RequestId
from harness.duis.messages import Request, parse_message
from harness.model import replies
from harness.model.replies_alerts import _ppmid_alert, dcc_alert
from harness.model.replies_dcc import _message
from harness.model.replies_envelope import respond
from harness.model.replies_templated import dcc_alert_reply, message_reply

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
METER = "00-DB-12-34-56-78-90-A4"
euis = st.integers(min_value=0, max_value=2**64 - 1).map(Eui64)
counters = st.integers(min_value=0, max_value=2**64 - 1)
names = st.text(min_size=1, max_size=12)  # control characters included
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)


def _request() -> Request:
    message = parse_message(build_request("11.2", target=METER, counter=7).xml, "request")
    assert isinstance(message, Request)
    return message


REQUEST = _request()


@SETTINGS
@given(originator=euis, target=euis, counter=counters, reference=names, srv=names, now=moments)
@example(
    originator=Eui64(1),
    target=Eui64(2),
    counter=3,
    reference="a&b<c>",
    srv='"q"\r',
    now=datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC),
)
def test_message_replies_match_the_typed_path(
    originator: Eui64, target: Eui64, counter: int, reference: str, srv: str, now: datetime
) -> None:
    """I99 and I0 (with and without a payload) from the template are the typed reply's bytes."""
    request = replace(
        REQUEST,
        request_id=RequestId(originator, target, counter),
        service_reference=reference,
        srv=srv,
    )
    payload = replies.read_firmware_version_rsp("0B000002")
    for code, fragment in (("I99", None), ("I0", None), ("I0", payload)):
        try:
            typed: bytes | None = respond(
                now=now,
                code=code,
                body=_message(request, fragment),
                request_id=request.request_id,
                response_id=request.request_id.swapped(),
            )
        except ValueError:  # a character XML cannot carry: the template must decline it too
            typed = None
        assert message_reply(request, now=now, code=code, payload=fragment) == typed


@SETTINGS
@given(
    recipient=euis,
    counter=st.one_of(st.none(), counters),
    values=st.tuples(names, names, names, names, names),
    code=st.sampled_from(["N42", "AD1", "N1"]),
    now=moments,
)
def test_ppmid_alerts_match_the_typed_path(
    recipient: Eui64,
    counter: int | None,
    values: tuple[str, str, str, str, str],
    code: str,
    now: datetime,
) -> None:
    """A PPMID alert from the template is the typed DCC alert's bytes, or both refuse it."""
    try:
        typed: bytes | None = dcc_alert(
            now=now,
            code=code,
            kind="PPMIDAlert",
            content=_ppmid_alert(*values),
            recipient=recipient,
            counter=counter,
        )
    except ValueError:
        typed = None
    filled = dcc_alert_reply(
        _ppmid_alert, values, now=now, code=code, recipient=recipient, counter=counter
    )
    assert filled == typed


def test_a_value_xml_cannot_carry_falls_back_to_the_typed_path() -> None:
    """A template declines a value XML cannot carry, leaving the reply to the typed path."""
    request = replace(REQUEST, srv="4.1\x00")
    now = datetime(2026, 1, 15, 12, tzinfo=UTC)
    assert message_reply(request, now=now, code="I0", payload=None) is None


def test_the_model_replies_use_the_templates() -> None:
    """The model's acknowledgement, I0 reply and PPMID alert are the templates' bytes."""
    now = datetime(2026, 1, 15, 12, tzinfo=UTC) + timedelta(milliseconds=5)
    assert replies.acknowledgement(REQUEST, now=now) == message_reply(
        REQUEST, now=now, code="I99", payload=None
    )
    assert replies.success_response(REQUEST, now=now) == message_reply(
        REQUEST, now=now, code="I0", payload=None
    )
    ppmid = Eui64.parse(METER)
    alert = replies.ppmid_firmware_activation(
        REQUEST, now=now, success=True, firmware_version="0B000002", device_id=ppmid, counter=9
    )
    values = (str(ppmid), replies.FIRMWARE_ACTIVATED, "2026-01-15T12:00:00.005Z", "0B000002")
    expected = dcc_alert_reply(
        _ppmid_alert,
        (*values, "ActivationSuccess"),
        now=now,
        code="N42",
        recipient=REQUEST.request_id.originator,
        counter=9,
    )
    assert alert == expected
