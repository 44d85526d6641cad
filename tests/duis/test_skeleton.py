from __future__ import annotations

import re
from pathlib import Path

import pytest
from elementpath import translate_pattern
from lxml import etree

from harness.duis.builder import build_request
from harness.duis.catalogue import catalogue
from harness.duis.namespaces import SR
from harness.duis.patterns import pattern_sample
from harness.duis.samples import sample_value
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.skeleton import body_element_names, skeleton
from harness.errors import BuildError, InvalidDocumentError

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
VERSIONS = ["v5.0", "v5.1", "v5.3a", "v5.4"]
DEVICE = "00-DB-12-34-56-78-90-A0"
NS = {"sr": SR}


def official(version: str) -> SchemaSet:
    """The official schema set of ``version``; skip when the reference material is absent."""
    directory = REFERENCE / "duis-xsd" / version
    if not directory.is_dir():
        pytest.skip(f"official DUIS XSDs absent: {directory} (reference material not checked out)")
    return load_schema_set(directory)


def matches(pattern: str, value: str) -> bool:
    """Whether ``value`` matches the XSD ``pattern`` as a whole (elementpath's translation)."""
    python = translate_pattern(
        pattern, back_references=False, lazy_quantifiers=False, anchors=False
    )
    return re.fullmatch(python, value) is not None


@pytest.mark.parametrize("version", VERSIONS)
def test_every_skeleton_body_builds_a_valid_request(version: str) -> None:
    """For each SRV in the version's Body choice, a request around its skeleton is valid."""
    schema_set = official(version)
    present = set(body_element_names(schema_set))
    failures: list[str] = []
    built = 0
    for entry in catalogue():
        if entry.body_element not in present:
            continue
        target = None if entry.default_command_variant == 8 else DEVICE
        body = skeleton(entry.body_element, schema_set)
        try:
            build_request(entry.srv, target=target, body=body, schema_set=schema_set)
        except (BuildError, InvalidDocumentError) as exc:
            failures.append(f"{entry.srv}: {exc}")
        built += 1
    assert failures == []
    assert built == 129 if version == "v5.4" else built > 100


def test_all_129_body_elements_are_in_the_official_54_body_choice() -> None:
    """The 5.4 Body choice declares every catalogue body element."""
    present = set(body_element_names(official("v5.4")))
    assert {e.body_element for e in catalogue()} <= present


def test_skeleton_has_only_required_content() -> None:
    """Optional elements are left out: 11.2's body is empty, 4.6.1 has only ReadLogPeriod."""
    schema_set = official("v5.4")
    assert len(skeleton("ReadFirmwareVersion", schema_set)) == 0
    daily = skeleton("RetrieveImportDailyReadLog", schema_set)
    assert [etree.QName(c).localname for c in daily] == ["ReadLogPeriod"]
    assert [etree.QName(c).localname for c in daily[0]] == ["StartDateTime", "EndDateTime"]


def test_skeleton_takes_the_smallest_alternative_of_a_choice() -> None:
    """1.6 picks the empty Credit branch over Prepayment; 8.2 the first of equal branches."""
    schema_set = official("v5.4")
    payment = skeleton("UpdatePaymentMode", schema_set)
    assert [etree.QName(c).localname for c in payment] == ["Credit"]
    inventory = skeleton("ReadInventory", schema_set)
    assert [etree.QName(c).localname for c in inventory] == ["UPRN"]


def test_skeleton_fills_required_repeats_and_counts_index_attributes() -> None:
    """7.9's five AddToBoostButton elements carry index 1 to 5, as the range allows."""
    body = skeleton("AddAuxiliaryLoadToBoostButton", official("v5.4"))
    indexes = [e.get("index") for e in body.findall("sr:AddToBoostButton", NS)]
    assert indexes == ["1", "2", "3", "4", "5"]


def test_skeleton_values_honour_facets() -> None:
    """First enumeration value, smallest branch, the lower bound (2014) when 0 is out of range."""
    schema_set = official("v5.4")
    schedule = skeleton("CreateSchedule", schema_set)
    assert schedule.findtext("sr:ScheduleFrequency", namespaces=NS) == "Daily"
    device = schedule.findtext("sr:DeviceID", namespaces=NS) or ""
    assert re.fullmatch(r"[0-9A-F]{2}(-[0-9A-F]{2}){7}", device)
    assert schedule.find("sr:DSPReadMaximumDemandImportRegisters", NS) is not None
    tariff = skeleton("UpdateImportTariffPrimaryElement", schema_set)
    assert tariff.findtext(".//sr:SpecifiedYear", namespaces=NS) == "2014"
    topup = skeleton("TopUpDevice", schema_set).findtext("sr:UTRN", namespaces=NS) or ""
    assert re.fullmatch(r"[0-9]{20}", topup)


def test_skeleton_is_cached_but_each_call_is_a_fresh_copy() -> None:
    """Changing one returned skeleton does not change the next one."""
    schema_set = official("v5.4")
    first = skeleton("ReadInventory", schema_set)
    first[0].text = "changed"
    second = skeleton("ReadInventory", schema_set)
    assert second[0].text != "changed"
    assert first is not second


def test_unknown_body_element_is_a_build_error() -> None:
    """A body element the schema does not declare is refused, naming the schema set."""
    with pytest.raises(BuildError, match="no request body element 'NoSuchBody'"):
        skeleton("NoSuchBody", official("v5.4"))


def test_every_simple_type_of_the_official_54_set_gets_a_valid_sample() -> None:
    """sample_value returns a value each named DUIS/MMC simple type accepts."""
    schema = official("v5.4").xmlschema_schema()
    checked = []
    for name, kind in schema.maps.types.items():
        if not kind.is_simple() or not str(name).startswith("{http://www.dccinterface"):
            continue
        value = sample_value(kind)
        assert value is not None, name
        assert kind.is_valid(value), (name, value)
        checked.append(name)
    assert len(checked) > 100


# ---------------------------------------------------------------------------------------------
# The pattern generator

EUI = "[A-Fa-f0-9]{2}-" * 7 + "[A-Fa-f0-9]{2}"
DUIS_PATTERNS = [
    "[ -~]+",
    "[0-9]{20}",
    "[0-9]{4}",
    "[0-9 ]+",
    "gbcs|dlms|zigbeePlain|zigbeeCiphered",
    "plain|encrypted",
    EUI,
    f"({EUI},)*({EUI})",
    f"{EUI}:{EUI}:(0|[1-9][0-9]{{0,18}}|1[0-7][0-9]{{18}}|18[0-3][0-9]{{17}})",
]
OTHER_PATTERNS = [
    r"\d{3}-\D\s?\w+\i\c*",
    "[a-z-[aeiou]]{3}",
    "[^A-Z0-9]x",
    r"[\d\-]{2,}",
    "(ab|cd)?e{2,3}",
    r"\.\*[\]\[]",
    "a{0}b",
]


@pytest.mark.parametrize("pattern", DUIS_PATTERNS + OTHER_PATTERNS)
def test_pattern_sample_matches_its_pattern(pattern: str) -> None:
    """The generated string matches the pattern as XSD (implicitly anchored) reads it."""
    value = pattern_sample(pattern)
    assert value is not None
    assert matches(pattern, value), value


@pytest.mark.parametrize("pattern", ["[ -~]+", f"({EUI},)*({EUI})", "[0-9 ]+"])
def test_pattern_sample_grows_repeats_to_reach_a_minimum_length(pattern: str) -> None:
    """With min_length the first open repeat grows until the string is long enough."""
    value = pattern_sample(pattern, min_length=40)
    assert value is not None
    assert len(value) >= 40
    assert matches(pattern, value)


def test_pattern_sample_is_deterministic_and_prefers_letters_and_digits() -> None:
    """The same pattern always gives the same, readable string."""
    assert pattern_sample("[ -~]+") == pattern_sample("[ -~]+") == "A"
    assert pattern_sample("[0-9]{4}") == "0000"
    assert pattern_sample(EUI) == "AA-AA-AA-AA-AA-AA-AA-AA"


def test_every_pattern_in_the_official_schemas_is_generated() -> None:
    """Each xs:pattern in the four official versions yields a matching string."""
    if not (REFERENCE / "duis-xsd").is_dir():
        pytest.skip(f"official DUIS XSDs absent: {REFERENCE / 'duis-xsd'}")
    patterns: set[str] = set()
    for path in (REFERENCE / "duis-xsd").glob("v*/*.xsd"):
        tree = etree.parse(str(path), etree.XMLParser(load_dtd=False, no_network=True))
        xs = "{http://www.w3.org/2001/XMLSchema}pattern"
        patterns.update(str(e.get("value")) for e in tree.iter(xs))
    assert len(patterns) >= 8
    for pattern in patterns:
        value = pattern_sample(pattern)
        assert value is not None, pattern
        assert matches(pattern, value), (pattern, value)


def test_unsupported_or_unsatisfiable_patterns_give_none() -> None:
    """Syntax outside the subset, or lengths the pattern cannot meet, give None, not a guess."""
    assert pattern_sample(r"\p{Lu}+") is None
    assert pattern_sample("[0-9]{4}", min_length=5) is None
    assert pattern_sample("[0-9]{4}", max_length=3) is None
    assert pattern_sample("(unclosed") is None
