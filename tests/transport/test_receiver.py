"""The Receive Response endpoint: status codes, filing by RequestID, faults and waiting."""

from __future__ import annotations

import time

import pytest

from harness.errors import UsageError
from harness.transport.receiver import Receiver
from tests.transport.conftest import Scenario, alert_for, post, post_later

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>
"""


def kinds(receiver: Receiver) -> list[str]:
    """The kinds of fault the receiver recorded, in order."""
    return [fault.kind for fault in receiver.faults()]


def test_start_returns_bound_url_on_free_port(receiver: Receiver) -> None:
    """Port 0 binds a free port; the URL names it and the receive path."""
    assert receiver.url.startswith("http://127.0.0.1:")
    assert receiver.url.endswith("/receive")
    assert not receiver.url.endswith(":0/receive")


def test_accepts_a_duis_response_with_204(receiver: Receiver, scenario: Scenario) -> None:
    """A well-formed DUIS Response for an expected RequestID is answered 204 and filed."""
    receiver.expect(scenario.request_id)
    assert post(receiver.url, scenario.terminal) == (204, b"")
    collected = receiver.collect(scenario.request_id, deadline_s=0.5)
    assert collected.complete
    assert [d.xml for d in collected.deliveries] == [scenario.terminal]
    assert collected.deliveries[0].at.tzinfo is not None
    assert receiver.faults() == ()


def test_text_xml_with_charset_is_accepted(receiver: Receiver, scenario: Scenario) -> None:
    """text/xml with a charset parameter is an XML content type too."""
    receiver.expect(scenario.request_id)
    assert post(receiver.url, scenario.terminal, "text/xml; charset=utf-8")[0] == 204


def test_malformed_xml_is_400(receiver: Receiver) -> None:
    """A body that is not well-formed XML is answered 400 and recorded as rejected."""
    status, body = post(receiver.url, b"<sr:Response><unclosed>")
    assert status == 400
    assert b"delivery from" in body
    assert kinds(receiver) == ["rejected"]
    assert receiver.faults()[0].status == 400


def test_xml_that_is_not_duis_is_400(receiver: Receiver) -> None:
    """Well-formed XML with a foreign root is answered 400 naming what was expected."""
    status, body = post(receiver.url, b"<order><item/></order>")
    assert status == 400
    assert b"sr:Response" in body


def test_duis_request_is_not_a_delivery(receiver: Receiver, scenario: Scenario) -> None:
    """A DUIS Request is not a Response or alert: 400."""
    status, body = post(receiver.url, scenario.request)
    assert status == 400
    assert b"expected a DUIS sr:Response, found sr:Request" in body


def test_entity_bomb_is_refused_quickly(receiver: Receiver) -> None:
    """A billion-laughs document is refused (400) without expanding its entities."""
    started = time.monotonic()
    status, _ = post(receiver.url, BOMB)
    assert status == 400
    assert time.monotonic() - started < 2


def test_oversize_body_is_413(receiver: Receiver) -> None:
    """A body larger than max_bytes with an honest Content-Length is answered 413."""
    status, _ = post(receiver.url, b"<a>" + b"x" * (40 * 1024) + b"</a>")
    assert status == 413
    assert kinds(receiver) == ["rejected"]


def test_oversize_content_length_is_refused_before_reading(receiver: Receiver) -> None:
    """A Content-Length above the limit is answered 413 without waiting for the body."""
    status, _ = post(receiver.url, b"<a/>", content_length=10**9)
    assert status == 413


def test_oversize_chunked_body_is_413(receiver: Receiver) -> None:
    """Without Content-Length (chunked), the limit is enforced while reading."""
    status, _ = post(receiver.url, b"<a>" + b"x" * (40 * 1024) + b"</a>", chunked=True)
    assert status == 413


def test_chunked_delivery_within_limit_is_accepted(receiver: Receiver, scenario: Scenario) -> None:
    """A chunked body within the limit is read whole and accepted."""
    receiver.expect(scenario.request_id)
    assert post(receiver.url, scenario.terminal, chunked=True)[0] == 204


def test_wrong_content_type_is_415(receiver: Receiver, scenario: Scenario) -> None:
    """application/json (or no content type) is answered 415."""
    assert post(receiver.url, scenario.terminal, "application/json")[0] == 415
    assert post(receiver.url, scenario.terminal, None)[0] == 415
    assert kinds(receiver) == ["rejected", "rejected"]


def test_other_paths_and_methods(receiver: Receiver, scenario: Scenario) -> None:
    """Another path is 404 and is not a fault of the system under test."""
    assert post(receiver.url.replace("/receive", "/elsewhere"), scenario.terminal)[0] == 404
    assert receiver.faults() == ()


def test_unknown_request_id_is_accepted_and_recorded(
    receiver: Receiver, scenario: Scenario
) -> None:
    """A delivery for a RequestID never sent is answered 204, recorded as a fault, unclaimed."""
    assert post(receiver.url, scenario.terminal)[0] == 204
    (fault,) = receiver.faults()
    assert (fault.kind, fault.request_id, fault.status) == (
        "unknown-request-id",
        scenario.request_id,
        204,
    )
    assert [d.xml for d in receiver.unclaimed()] == [scenario.terminal]


def test_late_delivery_is_recorded(receiver: Receiver, scenario: Scenario) -> None:
    """A delivery arriving after its request stopped waiting is a 'late' fault, unclaimed."""
    receiver.expect(scenario.request_id)
    receiver.release(scenario.request_id)
    assert post(receiver.url, scenario.terminal)[0] == 204
    assert kinds(receiver) == ["late"]
    assert len(receiver.unclaimed()) == 1


def test_duplicate_is_recorded_and_stored_once(receiver: Receiver, scenario: Scenario) -> None:
    """The same bytes delivered twice for one RequestID: both 204, one fault, one delivery."""
    receiver.expect(scenario.request_id)
    assert post(receiver.url, scenario.terminal)[0] == 204
    assert post(receiver.url, scenario.terminal)[0] == 204
    collected = receiver.collect(scenario.request_id, deadline_s=0.5)
    assert len(collected.deliveries) == 1
    assert [f.kind for f in collected.faults] == ["duplicate"]
    assert collected.duplicates_of_own() == collected.faults


def test_reset_forgets_earlier_request_ids_and_deliveries(
    receiver: Receiver, scenario: Scenario
) -> None:
    """After a reset (a new scenario), the same RequestID and bytes are a fresh delivery."""
    receiver.expect(scenario.request_id)
    assert post(receiver.url, scenario.terminal)[0] == 204
    assert len(receiver.collect(scenario.request_id, deadline_s=0.5).deliveries) == 1
    receiver.reset()
    receiver.expect(scenario.request_id)
    assert post(receiver.url, scenario.terminal)[0] == 204
    again = receiver.collect(scenario.request_id, deadline_s=0.5)
    assert len(again.deliveries) == 1
    assert again.faults == ()
    assert receiver.faults() == ()


def test_reset_while_a_request_is_in_flight_is_refused(
    receiver: Receiver, scenario: Scenario
) -> None:
    """A reset would lose the in-flight request's deliveries, so it is refused, naming it."""
    receiver.expect(scenario.request_id)
    with pytest.raises(UsageError, match="in flight"):
        receiver.reset()


def test_alert_attaches_to_the_single_request_in_flight(
    receiver: Receiver, scenario: Scenario
) -> None:
    """An alert without RequestID belongs to the one request in flight."""
    receiver.expect(scenario.request_id)
    assert post(receiver.url, alert_for(scenario))[0] == 204
    collected = receiver.collect(scenario.request_id, deadline_s=0.3, terminal=False)
    assert [d.xml for d in collected.deliveries] == [alert_for(scenario)]


def test_alert_with_no_or_several_requests_in_flight_is_unclaimed(
    receiver: Receiver, scenario: Scenario
) -> None:
    """With none or two requests in flight an alert is kept as unclaimed, not a fault."""
    assert post(receiver.url, alert_for(scenario, "8F43"))[0] == 204
    receiver.expect("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-00-02:100")
    receiver.expect("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-00-02:101")
    assert post(receiver.url, alert_for(scenario, "8F44"))[0] == 204
    assert len(receiver.unclaimed()) == 2
    assert receiver.faults() == ()


def test_no_terminal_response_returns_incomplete_by_the_deadline(
    receiver: Receiver, scenario: Scenario
) -> None:
    """Without a terminal response, collect returns incomplete once the deadline passed."""
    receiver.expect(scenario.request_id)
    post(receiver.url, scenario.reply)  # an asynchronous I99 is not terminal
    started = time.monotonic()
    collected = receiver.collect(scenario.request_id, deadline_s=0.3, settle_s=0.2)
    elapsed = time.monotonic() - started
    assert not collected.complete
    assert len(collected.deliveries) == 1
    assert 0.3 <= elapsed < 0.3 + 2


def test_terminal_response_arriving_later_completes(receiver: Receiver, scenario: Scenario) -> None:
    """collect wakes up when the terminal response arrives, well before the deadline."""
    receiver.expect(scenario.request_id)
    thread = post_later(receiver.url, [scenario.terminal], delay=0.05)
    started = time.monotonic()
    collected = receiver.collect(scenario.request_id, deadline_s=5, settle_s=0.05)
    thread.join()
    assert collected.complete
    assert time.monotonic() - started < 2


def test_collect_with_expected_count(receiver: Receiver, scenario: Scenario) -> None:
    """With expected_count, collect returns as soon as that many deliveries arrived."""
    receiver.expect(scenario.request_id)
    thread = post_later(receiver.url, [scenario.reply, alert_for(scenario)])
    started = time.monotonic()
    collected = receiver.collect(scenario.request_id, deadline_s=5, expected_count=2)
    thread.join()
    assert collected.complete
    assert [d.xml for d in collected.deliveries] == [scenario.reply, alert_for(scenario)]
    assert time.monotonic() - started < 2


def test_expected_count_not_reached_is_incomplete(receiver: Receiver, scenario: Scenario) -> None:
    """Fewer deliveries than expected by the deadline: incomplete, with what did arrive."""
    receiver.expect(scenario.request_id)
    post(receiver.url, scenario.terminal)
    collected = receiver.collect(scenario.request_id, deadline_s=0.3, expected_count=2)
    assert not collected.complete
    assert len(collected.deliveries) == 1


def test_alert_within_settle_time_is_included(receiver: Receiver, scenario: Scenario) -> None:
    """An alert arriving shortly after the terminal response, within settle, is included."""
    receiver.expect(scenario.request_id)
    post(receiver.url, scenario.terminal)
    thread = post_later(receiver.url, [alert_for(scenario)], delay=0.05)
    collected = receiver.collect(scenario.request_id, deadline_s=1, settle_s=0.5)
    thread.join()
    assert [d.xml for d in collected.deliveries] == [scenario.terminal, alert_for(scenario)]


def test_alert_after_window_closed_is_not_included(receiver: Receiver, scenario: Scenario) -> None:
    """Without settle time the window closes at once; a later alert stays unclaimed."""
    receiver.expect(scenario.request_id)
    post(receiver.url, scenario.terminal)
    collected = receiver.collect(scenario.request_id, deadline_s=1, settle_s=0)
    post(receiver.url, alert_for(scenario))
    assert [d.xml for d in collected.deliveries] == [scenario.terminal]
    assert [d.xml for d in receiver.unclaimed()] == [alert_for(scenario)]


def test_collect_or_expect_misuse_is_a_usage_error(receiver: Receiver, scenario: Scenario) -> None:
    """Collecting a RequestID not in flight, or expecting one twice, is a UsageError."""
    with pytest.raises(UsageError, match="not in flight"):
        receiver.collect(scenario.request_id, deadline_s=0.1)
    receiver.expect(scenario.request_id)
    with pytest.raises(UsageError, match="already in flight"):
        receiver.expect(scenario.request_id)


def test_request_id_is_canonicalised(receiver: Receiver, scenario: Scenario) -> None:
    """expect() accepts a RequestID in any EUI-64 spelling."""
    receiver.expect(scenario.request_id.lower())
    post(receiver.url, scenario.terminal)
    assert receiver.collect(scenario.request_id, deadline_s=0.5).complete


def test_stop_is_clean_and_idempotent() -> None:
    """stop() closes the socket; a second stop() does nothing."""
    started = Receiver()
    url = started.start()
    started.stop()
    started.stop()
    assert not started.running
    with pytest.raises(OSError, match=r"refused|Errno"):
        post(url, b"<a/>")


def test_port_in_use_is_a_usage_error(receiver: Receiver) -> None:
    """Binding a port already in use raises UsageError instead of exiting."""
    port = int(receiver.url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(UsageError, match="cannot listen"):
        Receiver(port=port).start()
