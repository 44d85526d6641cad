"""Property-based checks (hypothesis) of the builder, validator and parser.

Any request the typed builders make from generated identifiers, counters and CommandVariants is
valid and survives a parse → serialise → parse round trip; any mutation of a valid request is
reported by the validator (never raising) and read by the parser or refused with a typed error.
"""

from __future__ import annotations

import contextlib
import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from harness.duis.bodies import TYPED_BODIES
from harness.duis.builder import SIGNED_PRECOMMAND_VARIANTS, build_request
from harness.duis.catalogue import catalogue
from harness.duis.messages import Request, parse_message
from harness.duis.schemas import load_schema_set
from harness.duis.validation import Validator
from harness.errors import HarnessError

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TYPED = sorted(TYPED_BODIES)
VALIDATOR = Validator(load_schema_set())

eui64 = st.integers(min_value=0, max_value=2**64 - 1).map(
    lambda n: "-".join(f"{b:02X}" for b in n.to_bytes(8, "big"))
)
counters = st.integers(min_value=1, max_value=2**63 - 1)


@st.composite
def requests_(draw: st.DrawFn) -> bytes:
    """A request from a typed builder, with generated target, originator, counter and CV."""
    srv = draw(st.sampled_from(TYPED))
    entry = catalogue().get(srv)
    # CommandVariants 5, 6 and 7 carry a signed PreCommand, not a body the builder makes
    variant = draw(
        st.sampled_from([v for v in entry.command_variants if v not in SIGNED_PRECOMMAND_VARIANTS])
    )
    target = None if entry.non_device else draw(eui64)
    built = build_request(
        srv,
        target=target,
        originator=draw(eui64),
        counter=draw(counters),
        command_variant=variant,
    )
    return built.xml


@SETTINGS
@given(requests_())
def test_generated_requests_are_valid_and_round_trip(xml: bytes) -> None:
    """Valid under the schema; parse → to_xml → parse gives the same message, same bytes."""
    report = VALIDATOR.validate_bytes(xml, "generated")
    assert report.valid, report.problems
    first = parse_message(xml, "generated")
    assert isinstance(first, Request)
    again = parse_message(first.to_xml(), "re-serialised")
    assert again == first
    assert etree.tostring(etree.fromstring(again.to_xml()), method="c14n") == etree.tostring(
        etree.fromstring(first.to_xml()), method="c14n"
    )


def _mutate(xml: bytes, how: str, index: int, junk: str) -> bytes:
    root = etree.fromstring(xml)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    target = elements[index % len(elements)]
    parent = target.getparent()
    if how == "remove" and parent is not None:
        parent.remove(target)
    elif how == "duplicate" and parent is not None:
        target.addnext(copy.deepcopy(target))
    elif how == "rename":
        namespace = etree.QName(target).namespace
        target.tag = f"{{{namespace}}}Renamed" if namespace else "Renamed"
    elif how == "attribute":
        target.set("unexpected", junk)
    else:
        target.text = junk
    return etree.tostring(root)


@SETTINGS
@given(
    requests_(),
    st.sampled_from(["remove", "duplicate", "rename", "attribute", "text"]),
    st.integers(min_value=0, max_value=500),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
)
def test_mutations_are_reported_never_crash(xml: bytes, how: str, index: int, junk: str) -> None:
    """The validator reports a mutated request (with lines), and the parser reads it or raises
    a typed error; nothing else escapes."""
    mutated = _mutate(xml, how, index, junk)
    report = VALIDATOR.validate_bytes(mutated, "mutated")
    for problem in report.problems:
        assert problem.kind
        assert problem.reason
    with contextlib.suppress(HarnessError):
        parse_message(mutated, "mutated")
