from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from harness.duis.schemas import load_schema_set
from harness.duis.validation import Validator
from harness.errors import InvalidDocumentError, SchemaLoadError
from tests.conftest import require_reference

FIRMWARE = "CS08_11.2_SUCCESS_REQUEST_DUIS.XML"


def test_official_set_is_found_and_versioned(official_54: Path) -> None:
    """An official directory is loaded locally (MMC import with a space) and reports 5.4."""
    schema_set = load_schema_set(official_54)
    assert schema_set.version == "5.4"
    assert schema_set.kind == "official"
    assert "5.4" in schema_set.label
    assert schema_set.lxml_schema() is schema_set.lxml_schema()


@pytest.mark.parametrize("version", ["v5.0", "v5.1", "v5.3a", "v5.4"])
def test_every_template_is_valid_under_every_official_version(version: str) -> None:
    """All RTDS templates validate under each official schema version."""
    reference = require_reference()
    validator = Validator(load_schema_set(reference / "duis-xsd" / version))
    reports = [
        validator.validate_file(p) for p in sorted((reference / "rtds-templates").glob("*.XML"))
    ]
    assert len(reports) > 290
    assert [r.source for r in reports if not r.valid] == []


def test_every_problem_is_collected_with_line_and_xpath(official_54: Path) -> None:
    """Two faults in one document give two problems, each with line, XPath and schema."""
    data = (require_reference() / "rtds-templates" / FIRMWARE).read_bytes()
    data = data.replace(b"<sr:CommandVariant>1<", b"<sr:CommandVariant>12<")
    data = data.replace(b"<sr:ServiceReferenceVariant>11.2<", b"<sr:ServiceReferenceVariant>99<")
    report = Validator(load_schema_set(official_54)).validate_bytes(data, "two-faults.xml")
    assert not report.valid
    paths = [p.path for p in report.problems]
    assert "/sr:Request/sr:Header/sr:CommandVariant" in paths
    assert "/sr:Request/sr:Header/sr:ServiceReferenceVariant" in paths
    assert all(p.line and p.line > 1 for p in report.problems)
    assert all("5.4" in p.schema for p in report.problems)
    assert "values)" in next(p.reason for p in report.problems if "Variant" in (p.path or ""))


def test_bad_input_becomes_a_problem_not_an_exception(tmp_path: Path, official_54: Path) -> None:
    """Unreadable, forbidden and malformed inputs are reported with their kind."""
    validator = Validator(load_schema_set(official_54))
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<a>\n<b></a>")
    dtd = tmp_path / "dtd.xml"
    dtd.write_bytes(b'<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>')
    kinds = {
        name: validator.validate_file(tmp_path / name).problems[0].kind
        for name in ("bad.xml", "dtd.xml", "missing.xml")
    }
    assert kinds == {"bad.xml": "malformed", "dtd.xml": "forbidden", "missing.xml": "unreadable"}
    assert not validator.validate_file(tmp_path / "missing.xml").checked


def test_check_element_raises_with_all_problems(official_54: Path) -> None:
    """check_element raises InvalidDocumentError carrying every problem."""
    root = etree.fromstring(
        b'<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway"/>'
    )
    with pytest.raises(InvalidDocumentError) as caught:
        Validator(load_schema_set(official_54)).check_element(root, "empty request")
    assert caught.value.problems
    assert "empty request" in str(caught.value)


def test_missing_directory_is_a_schema_load_error(tmp_path: Path) -> None:
    """A directory without a DUIS schema gives SchemaLoadError naming it."""
    with pytest.raises(SchemaLoadError) as caught:
        load_schema_set(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_import_outside_the_set_is_refused(tmp_path: Path) -> None:
    """A schema importing a file that is not in its directory fails to load, fetching nothing."""
    (tmp_path / "main.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="http://www.dccinterface.co.uk/ServiceUserGateway">'
        '<xs:import namespace="urn:x" schemaLocation="http://example.invalid/x.xsd"/></xs:schema>'
    )
    with pytest.raises(SchemaLoadError) as caught:
        load_schema_set(tmp_path).lxml_schema()
    assert "x.xsd" in str(caught.value)


def test_env_variable_is_read_on_every_call(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """DUIS_XSD_DIR selects its set even after the bundled set was loaded; unset, the bundled."""
    monkeypatch.delenv("DUIS_XSD_DIR", raising=False)
    bundled = load_schema_set()
    assert bundled.bundled
    copy = tmp_path / "copy"
    shutil.copytree(bundled.directory, copy)
    monkeypatch.setenv("DUIS_XSD_DIR", str(copy))
    chosen = load_schema_set()
    assert not chosen.bundled
    assert chosen.directory == copy.resolve()
    monkeypatch.delenv("DUIS_XSD_DIR")
    assert load_schema_set() is bundled


def test_env_variable_selects_official_set(
    monkeypatch: pytest.MonkeyPatch, official_54: Path
) -> None:
    """DUIS_XSD_DIR picks an official set when no directory is passed."""
    monkeypatch.setenv("DUIS_XSD_DIR", str(official_54))
    assert load_schema_set().kind == "official"
    monkeypatch.delenv("DUIS_XSD_DIR")
    assert load_schema_set().kind == "bundled"
