"""Differential test: the harness's bundled DUIS schema set against the official DUIS 5.4 XSDs.

For every RTDS request template of an SRV the bundled set covers, both sets must accept the
template, and both must give the same verdict on mutated copies of it. The mutations are
generated over the whole header and body (the signature is left alone): every element dropped,
every attribute dropped, every element duplicated, adjacent siblings swapped, enumerated values
replaced by an unlisted value, pattern-typed values broken, and other typed values pushed out
of range or out of their lexical space. The official schema's own model (through ``xmlschema``)
says which leaves are enumerations or patterns; it plays no part in the verdicts compared.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from harness.duis.namespaces import DS, RA, SR, ds, ra, sr
from harness.duis.schemas import load_schema_set
from harness.duis.validation import ValidationReport, Validator

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
OFFICIAL_54 = REFERENCE / "duis-xsd" / "v5.4"
TEMPLATES = REFERENCE / "rtds-templates"
TEMPLATE_INDEX = REFERENCE / "rtds-templates.csv"

if not (OFFICIAL_54.is_dir() and TEMPLATES.is_dir() and TEMPLATE_INDEX.is_file()):
    pytest.skip(
        f"../shared/reference absent: {REFERENCE} (official DUIS 5.4 XSDs and RTDS templates "
        "are the oracle of this differential test)",
        allow_module_level=True,
    )

#: The SRVs whose request bodies the bundled set models.
COVERED_SRVS = frozenset(
    {
        "1.1.1", "1.1.2", "1.6", "2.1", "2.2", "2.3", "4.1.4", "4.4.2", "4.4.3", "4.4.4",
        "4.6.1", "4.6.2", "4.8.1", "4.8.2", "4.8.3", "4.11.1", "4.11.2", "4.13", "5.1", "6.8",
        "8.1.1", "8.2", "8.9", "8.11", "11.1", "11.2", "11.3", "11.4", "12.2",
    }
)  # fmt: skip

#: The MMC ``...Rsp`` elements the bundled set declares under ra:ResponsePayload/SMETSData.
COVERED_RESPONSES = frozenset(
    {
        "UpdateImportTariffPrimaryElementRsp",  # 1.1.1
        "UpdateImportTariffSecondaryElementRsp",  # 1.1.2
        "UpdatePaymentModeRsp",  # 1.6
        "UpdatePrepayConfigurationRsp",  # 2.1
        "TopUpDeviceRsp",  # 2.2
        "UpdateDebtRsp",  # 2.3
        "ReadInstantaneousImportBlockCountersRsp",  # 4.1.4
        "RetrieveCoMOrTariffTriggeredBillingDataLogRsp",  # 4.4.2
        "RetrieveBillingCalendarTriggeredBillingDataLogRsp",  # 4.4.3
        "RetrieveBillingDataLogDebtPaymentsRsp",  # 4.4.4
        "RetrieveImportDailyReadLogRsp",  # 4.6.1
        "RetrieveExportDailyReadLogRsp",  # 4.6.2
        "ReadActiveImportProfileDataRsp",  # 4.8.1
        "ReadReactiveImportProfileDataRsp",  # 4.8.2
        "ReadExportProfileDataRsp",  # 4.8.3
        "ReadTariffPrimaryElementRsp",  # 4.11.1
        "ReadTariffSecondaryElementRsp",  # 4.11.2
        "ReadPrepaymentConfigurationRsp",  # 4.13
        "UpdateDeviceConfigurationBillingCalendarRsp",  # 6.8
        "CommissionDeviceSynchroniseClockRsp",  # 8.1.1
        "ReadDeviceLogRsp",  # 8.9
        "UpdateHANDeviceLogRsp",  # 8.11
        "ReadFirmwareVersionRsp",  # 11.2
        "ActivateFirmwareRsp",  # 11.3
    }
)

#: An SRV the bundled set deliberately leaves out (7.1 Enable Supply).
UNCOVERED_SRV = "7.1"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_SIGNATURE = ds("Signature")


@dataclass(frozen=True)
class Template:
    """One RTDS request template and what the index says about it."""

    file: str
    srv: str
    body_element: str

    @property
    def path(self) -> Path:
        return TEMPLATES / self.file

    @property
    def stem(self) -> str:
        return self.file.removesuffix("_REQUEST_DUIS.XML")


def _index() -> list[Template]:
    with TEMPLATE_INDEX.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found = {
        row["file"]: Template(row["file"], row["SRV"], row["BodyElement"])
        for row in rows
        if row["root"] == "Request" and (TEMPLATES / row["file"]).is_file()
    }
    return sorted(found.values(), key=lambda t: t.file)


INDEX = _index()
COVERED = [t for t in INDEX if t.srv in COVERED_SRVS]


@cache
def _template_bytes(file: str) -> bytes:
    return (TEMPLATES / file).read_bytes()


def _parse(file: str) -> etree._Element:
    return etree.fromstring(_template_bytes(file), _PARSER)


# ----------------------------------------------------------------------------- mutations


@dataclass(frozen=True)
class Mutation:
    """One change to a template: where (child indices from the root), what, and why."""

    template: str
    kind: str
    steps: tuple[int, ...]
    where: str
    attribute: str | None = None
    value: str | None = None
    expect_invalid: bool = False

    @property
    def id(self) -> str:
        stem = self.template.removesuffix("_REQUEST_DUIS.XML")
        return f"{stem}:{self.kind}:{self.where}"

    def apply(self, root: etree._Element) -> None:
        """Change ``root`` (a fresh parse of the template) in place."""
        target = root
        for step in self.steps:
            target = _element_children(target)[step]
        parent = target.getparent()
        if self.kind == "drop":
            assert parent is not None
            parent.remove(target)
        elif self.kind == "drop-attr":
            assert self.attribute is not None
            del target.attrib[self.attribute]
        elif self.kind == "duplicate":
            assert parent is not None
            target.addnext(_copy(target))
        elif self.kind == "swap":
            assert parent is not None
            following = target.getnext()
            while following is not None and not isinstance(following.tag, str):
                following = following.getnext()
            assert following is not None
            parent.remove(following)
            target.addprevious(following)
        elif self.attribute is not None:
            target.set(self.attribute, self.value or "")
        else:
            target.text = self.value


def _copy(element: etree._Element) -> etree._Element:
    duplicate = etree.fromstring(etree.tostring(element))
    duplicate.tail = element.tail
    return duplicate


def _element_children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _attributes(element: etree._Element) -> list[tuple[str, str]]:
    return sorted((str(name), str(value)) for name, value in element.attrib.items())


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def _label(element: etree._Element) -> str:
    """``Name`` or ``Name[2]`` when the element has same-named siblings."""
    parent = element.getparent()
    name = _local(element.tag)
    if parent is None:
        return name
    same = [c for c in _element_children(parent) if c.tag == element.tag]
    return name if len(same) == 1 else f"{name}[{same.index(element) + 1}]"


def _child_declaration(declaration: Any, tag: str) -> Any:
    """The official schema's declaration of the child ``tag`` of an element."""
    content = declaration.type.content
    if not hasattr(content, "iter_elements"):
        return None
    return next((e for e in content.iter_elements() if e.name == tag), None)


def _simple_type(declaration: Any) -> Any:
    kind = declaration.type
    if kind.is_simple():
        return kind
    return kind.content if kind.has_simple_content() else None


def _bad_enumeration(values: list[Any]) -> str:
    if all(isinstance(v, int) for v in values):
        return str(max(values) + 1)
    return f"{values[0]}ZZ"


def _broken_pattern(text: str) -> str:
    stripped = text.strip()
    return stripped[:-1] + "x" if stripped else "x"


def _out_of_range(simple: Any, text: str) -> str | None:
    """A value of the right lexical form outside the type's bounds, if it has bounds."""
    max_value = getattr(simple, "max_value", None)
    if isinstance(max_value, int):
        return str(max_value + 1)
    min_value = getattr(simple, "min_value", None)
    if isinstance(min_value, int):
        return str(min_value - 1)
    max_length = getattr(simple, "max_length", None)
    if isinstance(max_length, int) and max_length < 10_000:
        return text.strip() + "9" * (max_length + 1)
    return None


def _value_mutations(
    file: str, steps: tuple[int, ...], where: str, simple: Any, text: str, attribute: str | None
) -> Iterator[Mutation]:
    at = f"{where}/@{attribute}".lstrip("/") if attribute else where
    if simple.enumeration:
        bad = _bad_enumeration(list(simple.enumeration))
        yield Mutation(file, "enum", steps, at, attribute, bad, expect_invalid=True)
    elif simple.patterns:
        bad = _broken_pattern(text)
        yield Mutation(file, "pattern", steps, at, attribute, bad, expect_invalid=True)
    else:
        outside = _out_of_range(simple, text)
        if outside is not None:
            yield Mutation(file, "range", steps, at, attribute, outside)
        if simple.primitive_type.local_name != "string":
            yield Mutation(file, "lexical", steps, at, attribute, "not-a-value")


def _walk(
    file: str, element: etree._Element, declaration: Any, steps: tuple[int, ...], where: str
) -> Iterator[Mutation]:
    children = _element_children(element)
    previous: etree._Element | None = None
    identical_swap_done = False
    for index, child in enumerate(children):
        if child.tag == _SIGNATURE:
            continue
        child_steps = (*steps, index)
        child_where = f"{where}/{_label(child)}" if where else _label(child)
        yield Mutation(file, "drop", child_steps, child_where)
        yield Mutation(file, "duplicate", child_steps, child_where)
        if previous is not None:
            same = previous.tag == child.tag
            if not same or not identical_swap_done:
                identical_swap_done = identical_swap_done or same
                pair = f"{where}/{_label(previous)}<->{_label(child)}"
                yield Mutation(file, "swap", (*steps, index - 1), pair)
        previous = child
        child_declaration = _child_declaration(declaration, child.tag)
        if child_declaration is None:
            continue
        for name, value in _attributes(child):
            attribute = child_declaration.type.attributes.get(name)
            yield Mutation(file, "drop-attr", child_steps, f"{child_where}/@{name}", name)
            if attribute is not None:
                yield from _value_mutations(
                    file, child_steps, child_where, attribute.type, value, name
                )
        simple = _simple_type(child_declaration)
        if simple is not None:
            text = child.text or ""
            yield from _value_mutations(file, child_steps, child_where, simple, text, None)
        else:
            yield from _walk(file, child, child_declaration, child_steps, child_where)


@cache
def _official_model() -> Any:
    return load_schema_set(OFFICIAL_54).xmlschema_schema()


def _mutations(template: Template) -> list[Mutation]:
    root = _parse(template.file)
    declaration = _official_model().elements[_local(root.tag)]
    found: list[Mutation] = []
    for name, value in _attributes(root):
        found.append(Mutation(template.file, "drop-attr", (), f"@{name}", name))
        attribute = declaration.type.attributes.get(name)
        if attribute is not None:
            found += _value_mutations(template.file, (), "", attribute.type, value, name)
    found += _walk(template.file, root, declaration, (), "")
    return found


MUTATIONS = [m for t in COVERED for m in _mutations(t)]


# ----------------------------------------------------------------------------- structure

#: Where the bundled set holds a subset of the official choice (covered SRVs only).
_REQUEST_BODY = f"/{sr('Request')}/{sr('Body')}"
_SUBSET_CHOICES = (_REQUEST_BODY, ra("SMETSData"))
_OWN_NAMESPACES = (f"{{{SR}}}", f"{{{RA}}}")


def _facets(simple: Any) -> dict[str, object]:
    """What a simple type admits, gathered along its derivation chain."""
    found: dict[str, object] = {
        "primitive": simple.primitive_type.name,
        "whiteSpace": simple.white_space,
    }
    patterns: set[tuple[str, ...]] = set()
    node = simple
    while node is not None and hasattr(node, "facets") and not node.is_primitive():
        for name, facet in node.facets.items():
            local = _local(name) if name else None
            if local == "enumeration":
                found.setdefault(local, sorted(map(str, facet.enumeration)))
            elif local == "pattern":
                patterns.add(tuple(sorted(facet.regexps)))
            elif local not in (None, "whiteSpace"):
                found.setdefault(local, str(facet.value))
        node = node.base_type
    found["pattern"] = sorted(patterns)
    return found


class _Comparison:
    """Walks an official declaration and the bundled one side by side, noting differences."""

    def __init__(self) -> None:
        self.differences: list[str] = []
        self.subsets: dict[str, set[str]] = {}
        self._seen: set[tuple[int, int]] = set()

    def element(self, ours: Any, theirs: Any, path: str) -> None:
        here = f"{path}/{theirs.name}"
        if ours.name != theirs.name:
            self.differences.append(f"{path}: {theirs.name} expected, {ours.name} found")
        elif ours.nillable != theirs.nillable or ours.default != theirs.default:
            self.differences.append(f"{here}: nillable or default differs")
        elif not theirs.name.startswith(f"{{{DS}}}"):  # each set has its own XML-DSig schema
            self.type(ours.type, theirs.type, here)

    def type(self, ours: Any, theirs: Any, path: str) -> None:
        if (id(ours), id(theirs)) in self._seen:
            return
        self._seen.add((id(ours), id(theirs)))
        if ours.is_simple() or theirs.is_simple():
            if ours.is_simple() != theirs.is_simple() or _facets(ours) != _facets(theirs):
                self.differences.append(f"{path}: simple type differs")
            return
        if (ours.abstract, ours.mixed) != (theirs.abstract, theirs.mixed):
            self.differences.append(f"{path}: abstract or mixed differs")
        names = {n for n in (*ours.attributes, *theirs.attributes) if n}
        for name in sorted(names):
            mine, official = ours.attributes.get(name), theirs.attributes.get(name)
            if mine is None or official is None or mine.use != official.use:
                self.differences.append(f"{path}/@{name}: presence or use differs")
            else:
                self.type(mine.type, official.type, f"{path}/@{name}")
        if ours.has_simple_content() or theirs.has_simple_content():
            if ours.has_simple_content() != theirs.has_simple_content():
                self.differences.append(f"{path}: simple content differs")
            else:
                self.type(ours.content, theirs.content, path)
            return
        self.particle(ours.content, theirs.content, path)

    def particle(self, ours: Any, theirs: Any, path: str) -> None:
        if (ours.min_occurs, ours.max_occurs) != (theirs.min_occurs, theirs.max_occurs):
            self.differences.append(f"{path}: occurrences differ")
        if hasattr(theirs, "model") != hasattr(ours, "model"):
            self.differences.append(f"{path}: particle kind differs")
        elif not hasattr(theirs, "model"):
            if hasattr(theirs, "type"):
                self.element(ours, theirs, path)
        elif ours.model != theirs.model:
            self.differences.append(f"{path}: {theirs.model} expected, {ours.model} found")
        elif theirs.model == "choice" and path.endswith(_SUBSET_CHOICES):
            official = {p.name: p for p in theirs}
            self.subsets[path] = {p.name for p in ours}
            for mine in ours:
                if mine.name not in official:
                    self.differences.append(f"{path}: {mine.name} is not in DUIS 5.4")
                else:
                    self.particle(mine, official[mine.name], path)
        elif len(ours) != len(theirs):
            self.differences.append(f"{path}: {len(theirs)} particles expected, {len(ours)} found")
        else:
            for mine, official in zip(ours, theirs, strict=True):
                self.particle(mine, official, path)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def bundled() -> Validator:
    """A validator for the harness's own schema set in ``xsd/``."""
    return Validator(load_schema_set())


@pytest.fixture(scope="module")
def official() -> Validator:
    """A validator for the official DUIS 5.4 schema set."""
    return Validator(load_schema_set(OFFICIAL_54))


def _describe(report: ValidationReport) -> str:
    if report.valid:
        return "valid"
    return "invalid:\n    " + "\n    ".join(str(p) for p in report.problems[:5])


# ----------------------------------------------------------------------------- tests


def test_bundled_set_compiles_in_both_engines() -> None:
    """The bundled set is found in xsd/, reports DUIS 5.4 and compiles with lxml and xmlschema."""
    schema_set = load_schema_set()
    assert schema_set.kind == "bundled"
    assert schema_set.version == "5.4"
    assert schema_set.main.name == "duis.xsd"
    assert schema_set.lxml_schema() is not None
    assert schema_set.xmlschema_schema().is_valid(_template_bytes(COVERED[0].file).decode())


def test_every_covered_srv_has_a_template() -> None:
    """The RTDS templates exercise every SRV the bundled set covers."""
    assert {t.srv for t in COVERED} == COVERED_SRVS


def test_mutations_cover_every_kind() -> None:
    """Every mutation kind is generated, many times over, for the covered templates."""
    kinds = Counter(m.kind for m in MUTATIONS)
    expected = {"drop", "drop-attr", "duplicate", "swap", "enum", "pattern", "range", "lexical"}
    assert set(kinds) == expected
    assert min(kinds.values()) >= 10
    assert len({m.id for m in MUTATIONS}) == len(MUTATIONS)


@pytest.mark.parametrize("template", COVERED, ids=lambda t: t.stem)
def test_covered_template_is_valid_under_both(
    template: Template, bundled: Validator, official: Validator
) -> None:
    """An RTDS template of a covered SRV is valid under the bundled and the official set."""
    ours = bundled.validate_file(template.path)
    assert ours.valid, _describe(ours)
    assert official.validate_file(template.path).valid


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_mutated_template_gets_the_same_verdict(
    mutation: Mutation, bundled: Validator, official: Validator
) -> None:
    """A mutated covered template is judged alike by the bundled and the official set."""
    root = _parse(mutation.template)
    mutation.apply(root)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    ours = bundled.validate_bytes(data, mutation.id)
    theirs = official.validate_bytes(data, mutation.id)
    assert ours.valid == theirs.valid, (
        f"bundled: {_describe(ours)}\n  official: {_describe(theirs)}"
    )
    if mutation.expect_invalid:
        assert not theirs.valid, "the mutation should break the document"


def test_uncovered_srv_is_rejected_by_bundled_only(bundled: Validator, official: Validator) -> None:
    """A request for an SRV the bundled set leaves out is refused there, naming its body element."""
    template = next(t for t in INDEX if t.srv == UNCOVERED_SRV)
    assert official.validate_file(template.path).valid
    report = bundled.validate_file(template.path)
    assert not report.valid
    assert any(f"sr:{template.body_element}" in p.reason for p in report.problems), report.problems
    assert all(p.kind == "schema" for p in report.problems)


def test_bundled_declarations_match_official_structure() -> None:
    """Every declaration reachable from the bundled roots has the official 5.4 content model."""
    ours, theirs = load_schema_set().xmlschema_schema(), _official_model()
    roots = sorted(name for name in theirs.maps.elements if name.startswith(_OWN_NAMESPACES))
    assert roots == sorted(n for n in ours.maps.elements if n.startswith(_OWN_NAMESPACES))
    comparison = _Comparison()
    for name in roots:
        comparison.element(ours.maps.elements[name], theirs.maps.elements[name], "")
    assert comparison.differences == []
    body = comparison.subsets[_REQUEST_BODY]
    assert {_local(n) for n in body} == {t.body_element for t in COVERED} | {"SignedPreCommand"}
    smets_data = [names for path, names in comparison.subsets.items() if "SMETSData" in path]
    responses = {_local(name) for names in smets_data for name in names}
    assert responses == COVERED_RESPONSES
