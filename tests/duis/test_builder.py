from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from harness.duis.builder import DEFAULT_ORIGINATOR, BuiltRequest, build_request
from harness.duis.fields import apply_fields
from harness.duis.identifiers import DCC_ACCESS_CONTROL_BROKER, CounterSequence, Eui64, RequestId
from harness.duis.namespaces import SR, sr
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.skeleton import skeleton
from harness.errors import BuildError, CounterError, InvalidDocumentError, UnknownServiceError

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
DEVICE = "00-DB-12-34-56-78-90-A0"
NS = {"sr": SR}


@pytest.fixture
def v54() -> SchemaSet:
    """The official DUIS 5.4 schema set; skip when the reference material is absent."""
    directory = REFERENCE / "duis-xsd" / "v5.4"
    if not directory.is_dir():
        pytest.skip(f"official DUIS XSDs absent: {directory} (reference material not checked out)")
    return load_schema_set(directory)


def header(built: BuiltRequest) -> dict[str, str]:
    """The request header as local name → text."""
    found = built.element().find("sr:Header", NS)
    assert found is not None
    return {etree.QName(e).localname: e.text or "" for e in found}


def shape(element: etree._Element) -> list[tuple[str, list[tuple[str, str]], str]]:
    """Every element's name, attributes and stripped text, in document order."""
    return [
        (etree.QName(e).localname, [(str(k), str(v)) for k, v in e.items()], (e.text or "").strip())
        for e in element.iter()
    ]


def body(built: BuiltRequest) -> etree._Element:
    """The request's body element."""
    found = built.element().find("sr:Body", NS)
    assert found is not None
    return found[0]


# ---------------------------------------------------------------------------------------------
# CommandVariant and target


@pytest.mark.parametrize(
    ("srv", "target", "expected"),
    [("8.2", None, 8), ("12.2", None, 8), ("1.6", DEVICE, 4), ("11.3", DEVICE, 4),
     ("11.2", DEVICE, 1), ("4.4.2", DEVICE, 1)],
)  # fmt: skip
def test_default_command_variant(
    v54: SchemaSet, srv: str, target: str | None, expected: int
) -> None:
    """Non-device SRVs default to CV 8, critical ones to 4, the others to 1."""
    built = build_request(srv, target=target, schema_set=v54)
    assert built.command_variant == expected
    assert header(built)["CommandVariant"] == str(expected)
    assert header(built)["ServiceReferenceVariant"] == srv


def test_allowed_non_default_command_variant(v54: SchemaSet) -> None:
    """A CV the SRV allows is used as asked (11.2 for local delivery, CV 2)."""
    built = build_request("11.2", target=DEVICE, command_variant=2, schema_set=v54)
    assert header(built)["CommandVariant"] == "2"


def test_disallowed_command_variant_names_the_allowed_ones(v54: SchemaSet) -> None:
    """CV 4 for the non-critical 11.2 is refused, listing CVs 1, 2 and 3."""
    with pytest.raises(BuildError) as raised:
        build_request("11.2", target=DEVICE, command_variant=4, schema_set=v54)
    message = str(raised.value)
    assert "CommandVariant 4 is not allowed" in message
    assert all(f"{cv} (" in message for cv in (1, 2, 3))
    assert "4 (" not in message.split("allowed:")[1]
    assert raised.value.field == "command_variant"


def test_unknown_srv_is_reported(v54: SchemaSet) -> None:
    """An SRV number outside the catalogue raises UnknownServiceError."""
    with pytest.raises(UnknownServiceError):
        build_request("99.9", target=DEVICE, schema_set=v54)


def test_non_device_request_targets_the_dcc(v54: SchemaSet) -> None:
    """A CV 8 request with no target (or the DCC's EUI) is addressed to the DCC."""
    for target in (None, DCC_ACCESS_CONTROL_BROKER, DCC_ACCESS_CONTROL_BROKER.lower()):
        built = build_request("8.2", target=target, schema_set=v54)
        assert built.request_id.target == Eui64.parse(DCC_ACCESS_CONTROL_BROKER)
        assert header(built)["RequestID"].split(":")[1] == DCC_ACCESS_CONTROL_BROKER


def test_non_device_request_to_a_device_is_refused_with_the_reason(v54: SchemaSet) -> None:
    """Passing a device EUI for a CV 8 request explains that DCC is the target."""
    with pytest.raises(BuildError) as raised:
        build_request("8.2", target=DEVICE, schema_set=v54)
    assert raised.value.field == "target"
    assert DCC_ACCESS_CONTROL_BROKER in str(raised.value)
    assert "non-device" in str(raised.value)


def test_device_request_needs_a_valid_target(v54: SchemaSet) -> None:
    """A device request without a target, or with a malformed one, is a BuildError."""
    with pytest.raises(BuildError, match="give its EUI-64"):
        build_request("11.2", target=None, schema_set=v54)
    with pytest.raises(BuildError, match="EUI-64") as raised:
        build_request("11.2", target="00-DB-12", schema_set=v54)
    assert raised.value.field == "target"


# ---------------------------------------------------------------------------------------------
# RequestID and counters


def test_request_id_uses_default_originator_and_counter_one(v54: SchemaSet) -> None:
    """Without counter or counters, the RequestID is DEFAULT_ORIGINATOR:target:1."""
    built = build_request("11.2", target=DEVICE.lower(), schema_set=v54)
    assert str(built.request_id) == f"{DEFAULT_ORIGINATOR}:{DEVICE}:1"
    assert header(built)["RequestID"] == str(built.request_id)


def test_shared_counter_sequence_strictly_increases_per_originator(v54: SchemaSet) -> None:
    """Calls sharing a CounterSequence get 1, 2, 3; another originator counts separately."""
    counters = CounterSequence()
    seen = [
        build_request(srv, target=target, counters=counters, schema_set=v54).request_id.counter
        for srv, target in (("11.2", DEVICE), ("8.2", None), ("4.6.1", DEVICE))
    ]
    assert seen == [1, 2, 3]
    other = build_request(
        "11.2",
        target=DEVICE,
        originator="90-B3-D5-1F-30-01-00-09",
        counters=counters,
        schema_set=v54,
    )
    assert other.request_id.counter == 1


def test_explicit_counter_is_checked_against_the_sequence(v54: SchemaSet) -> None:
    """An explicit counter is recorded; a later one not greater than it raises CounterError."""
    counters = CounterSequence()
    first = build_request("11.2", target=DEVICE, counter=1000, counters=counters, schema_set=v54)
    assert first.request_id.counter == 1000
    assert (
        build_request("11.2", target=DEVICE, counters=counters, schema_set=v54).request_id.counter
        == 1001
    )
    with pytest.raises(CounterError):
        build_request("11.2", target=DEVICE, counter=1001, counters=counters, schema_set=v54)


def test_header_sequence_fields_in_schema_order(v54: SchemaSet) -> None:
    """FirstInSequence and PrecedingServiceRequestID sit between RequestID and CommandVariant."""
    preceding = RequestId(Eui64.parse(DEFAULT_ORIGINATOR), Eui64.parse(DEVICE), 7)
    built = build_request(
        "11.2", target=DEVICE, counter=8, schema_set=v54,
        first_in_sequence=False, preceding_request_id=str(preceding),
    )  # fmt: skip
    assert list(header(built).items()) == [
        ("RequestID", f"{DEFAULT_ORIGINATOR}:{DEVICE}:8"),
        ("FirstInSequence", "false"),
        ("PrecedingServiceRequestID", str(preceding)),
        ("CommandVariant", "1"),
        ("ServiceReference", "11.2"),
        ("ServiceReferenceVariant", "11.2"),
    ]


# ---------------------------------------------------------------------------------------------
# The built request


def test_built_request_is_frozen_utf8_pretty_and_unsigned(v54: SchemaSet) -> None:
    """xml has a UTF-8 declaration, sr prefixes, indentation and no ds:Signature."""
    built = build_request("11.2", target=DEVICE, schema_set=v54, schema_version="5.4")
    assert built.xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<sr:Request')
    assert b"\n  <sr:Header>\n    <sr:RequestID>" in built.xml
    assert b"Signature" not in built.xml
    assert built.element().get("schemaVersion") == "5.4"
    assert built.element().nsmap == {"sr": SR}
    assert "official DUIS 5.4" in built.schema
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.command_variant = 2  # type: ignore[misc]


def test_element_returns_a_fresh_copy_each_time(v54: SchemaSet) -> None:
    """Changing the parsed element does not change the BuiltRequest."""
    built = build_request("11.2", target=DEVICE, schema_set=v54)
    first = built.element()
    first.set("schemaVersion", "9.9")
    assert built.element().get("schemaVersion") == "5.4"


def test_typed_default_body_is_used_when_no_body_is_given(v54: SchemaSet) -> None:
    """1.6 gets the typed default (Credit), 7.9 (untyped) the schema skeleton."""
    assert (
        etree.QName(body(build_request("1.6", target=DEVICE, schema_set=v54))[0]).localname
        == "Credit"
    )
    boost = body(build_request("7.9", target=DEVICE, schema_set=v54))
    assert shape(boost) == shape(skeleton("AddAuxiliaryLoadToBoostButton", v54))


def test_given_body_is_used_unchanged_and_must_match_the_srv(v54: SchemaSet) -> None:
    """An explicit body is copied (the caller's element is untouched); a wrong one is refused."""
    given = skeleton("ReadInventory", v54)
    given[0].text = "42"
    built = build_request("8.2", target=None, body=given, fields={"UPRN": "43"}, schema_set=v54)
    assert body(built)[0].text == "43"
    assert given[0].text == "42"
    with pytest.raises(BuildError, match="sr:ReadInventory") as raised:
        build_request("8.2", target=None, body=skeleton("ReadFirmwareVersion", v54), schema_set=v54)
    assert raised.value.field == "body"


# ---------------------------------------------------------------------------------------------
# fields (--set)


def test_fields_are_applied_in_schema_order(v54: SchemaSet) -> None:
    """ExecutionDateTime is inserted before ReadLogPeriod; nested paths set values."""
    fields = {
        "ReadLogPeriod/StartDateTime": "2026-01-01T00:00:00Z",
        "ExecutionDateTime": "2030-01-15T09:00:00Z",
        "KAPublicSecurityCredentials": "AAEC",
    }
    element = body(build_request("4.6.1", target=DEVICE, fields=fields, schema_set=v54))
    assert [etree.QName(c).localname for c in element] == [
        "ExecutionDateTime", "ReadLogPeriod", "KAPublicSecurityCredentials",
    ]  # fmt: skip
    assert element.findtext("sr:ExecutionDateTime", namespaces=NS) == "2030-01-15T09:00:00Z"
    assert (
        element.findtext("sr:ReadLogPeriod/sr:StartDateTime", namespaces=NS)
        == "2026-01-01T00:00:00Z"
    )


def test_field_in_another_choice_branch_replaces_the_current_one(v54: SchemaSet) -> None:
    """Setting Prepayment/DisablementThreshold turns the Credit body into a valid Prepayment one."""
    element = body(
        build_request(
            "1.6", target=DEVICE, fields={"Prepayment/DisablementThreshold": "-5"}, schema_set=v54
        )
    )
    assert [etree.QName(c).localname for c in element] == ["Prepayment"]
    assert element.findtext("sr:Prepayment/sr:DisablementThreshold", namespaces=NS) == "-5"
    assert len(element[0]) == 3


def test_indexed_paths_and_attributes(v54: SchemaSet) -> None:
    """[n] creates repeats up to n (with counted index attributes); @attr sets an attribute."""
    body_element = skeleton("UpdateImportTariffPrimaryElement", v54)
    prefix = "GasTariffElements/ThresholdMatrix/BlockThreshold"
    apply_fields(body_element, {f"{prefix}[3]": "300", f"{prefix}[2]/@index": "2"}, schema_set=v54)
    thresholds = body_element.findall(".//sr:ThresholdMatrix/sr:BlockThreshold", NS)
    assert [(t.get("index"), t.text) for t in thresholds] == [("1", "0"), ("2", "0"), ("3", "300")]
    build_request("1.1.1", target=DEVICE, body=body_element, schema_set=v54)


def test_empty_value_selects_an_empty_branch(v54: SchemaSet) -> None:
    """'Credit=' selects the Credit branch of a typed Prepayment body."""
    from harness.duis.bodies import update_payment_mode

    element = body(
        build_request(
            "1.6", target=DEVICE, body=update_payment_mode("prepayment"), fields={"Credit": ""},
            schema_set=v54,
        )
    )  # fmt: skip
    assert [etree.QName(c).localname for c in element] == ["Credit"]


@pytest.mark.parametrize(
    ("field", "value", "fragments"),
    [
        ("Nope", "1",
         ["no child element 'Nope'", "allowed: ExecutionDateTime, ReadLogPeriod, KAPublic"]),
        ("ReadLogPeriod/Start", "1",
         ["ReadLogPeriod has no child element 'Start'", "StartDateTime, EndDateTime"]),
        ("ReadLogPeriod/@kind", "1", ["no attribute 'kind'", "allowed: none"]),
        ("ReadLogPeriod", "1", ["holds elements", "StartDateTime, EndDateTime"]),
        ("ReadLogPeriod[2]/StartDateTime", "2026-01-01T00:00:00Z", ["at most 1 ReadLogPeriod"]),
        ("ReadLogPeriod/StartDateTime", "yesterday",
         ["'yesterday' is not a valid value", "xs:dateTime"]),
        ("Read Log", "1", ["must be a local name"]),
    ],
)  # fmt: skip
def test_bad_fields_are_reported_with_what_is_allowed(
    v54: SchemaSet, field: str, value: str, fragments: list[str]
) -> None:
    """A path or value the schema refuses is a BuildError naming the field and the options."""
    with pytest.raises(BuildError) as raised:
        build_request("4.6.1", target=DEVICE, fields={field: value}, schema_set=v54)
    assert raised.value.field == field
    assert raised.value.srv == "4.6.1"
    for fragment in fragments:
        assert fragment in str(raised.value)


# ---------------------------------------------------------------------------------------------
# Validation


def test_validation_failure_lists_every_problem(v54: SchemaSet) -> None:
    """A body breaking the schema twice gives InvalidDocumentError with both problems."""
    broken = skeleton("RetrieveImportDailyReadLog", v54)
    period = broken.find("sr:ReadLogPeriod", NS)
    assert period is not None
    period[0].text = "not a time"
    etree.SubElement(broken, sr("Unexpected"))
    with pytest.raises(InvalidDocumentError) as raised:
        build_request("4.6.1", target=DEVICE, body=broken, schema_set=v54)
    problems = raised.value.problems
    assert len(problems) == 2
    assert any("StartDateTime" in (p.path or "") for p in problems)
    assert any("Unexpected" in p.reason for p in problems)
    assert all("5.4" in p.schema for p in problems)
    assert "4.6.1" in raised.value.what


def test_bad_schema_version_is_caught_by_validation(v54: SchemaSet) -> None:
    """schemaVersion must be a decimal; 'v5' fails validation but passes with validate=False."""
    with pytest.raises(InvalidDocumentError):
        build_request("11.2", target=DEVICE, schema_version="v5", schema_set=v54)
    built = build_request(
        "11.2", target=DEVICE, schema_version="v5", schema_set=v54, validate=False
    )
    assert built.element().get("schemaVersion") == "v5"


def test_signed_precommand_body_for_command_variant_5() -> None:
    """CommandVariant 5 carries an sr:SignedPreCommand body; without one the builder says so."""
    from harness.duis.namespaces import sr as sr_name

    body = etree.Element(sr_name("SignedPreCommand"))
    etree.SubElement(body, sr_name("GBCSPayload")).text = "AAEC"
    built = build_request("1.6", target=DEVICE, command_variant=5, body=body)
    assert b"<sr:SignedPreCommand>" in built.xml
    with pytest.raises(BuildError, match="signed PreCommand"):
        build_request("1.6", target=DEVICE, command_variant=5)
    with pytest.raises(BuildError, match="must be sr:UpdatePaymentMode"):
        build_request("1.6", target=DEVICE, command_variant=4, body=body)
