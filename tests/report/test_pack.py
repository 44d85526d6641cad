"""``run --report DIR``: verdicts, traceability, evidence and a manifest that catches tampering."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from harness.cli.main import main
from harness.duis.messages import parse_message
from harness.duis.schemas import load_schema_set
from harness.report.evidence import scenario_folder
from harness.report.manifest import sha256_of
from harness.report.traceability import COLUMNS

SELECTION = "s1sr_18_17_i or mp202_br7"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report of a small selection of the suite on the reference model."""
    directory = tmp_path_factory.mktemp("report")
    assert main(["run", "--report", str(directory), "--", "-m", SELECTION]) == 0
    return directory


def test_report_holds_every_part(report: Path) -> None:
    """The report has verdicts, JUnit, traceability, evidence and the manifest."""
    for name in (
        "verdicts.json",
        "junit.xml",
        "traceability.csv",
        "cucumber.json",
        "index.html",
        "manifest.json",
    ):
        assert (report / name).is_file(), name
    assert any((report / "evidence").iterdir())


def test_evidence_is_the_exchanged_duis_and_nothing_secret(report: Path) -> None:
    """Every evidence file is a DUIS message named by RequestID; no key material anywhere."""
    files = sorted((report / "evidence").rglob("*.xml"))
    kinds = {path.name.rsplit("-", 1)[-1] for path in files}
    assert {"request.xml", "reply.xml"} <= kinds
    for path in files:
        parse_message(path.read_bytes(), str(path))
    for path in report.rglob("*"):
        if path.is_file():
            assert b"PRIVATE KEY" not in path.read_bytes(), path


def test_traceability_has_one_row_per_requirement_of_each_run(report: Path) -> None:
    """Each scenario run appears under each of its requirements, with source and evidence."""
    with (report / "traceability.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0].keys()) == COLUMNS
    runs = json.loads((report / "verdicts.json").read_text("utf-8"))["scenarios"]
    expected = {(r["id"], q) for r in runs for q in r["requirements"]}
    assert {(row["scenario"], row["requirement"]) for row in rows} == expected
    for row in rows:
        assert row["source"].startswith(("000_", "001_", "002_", "003_", "004_"))
        assert row["verdict"] in {"pass", "not-applicable"}
        if row["evidence"]:
            assert (report / row["evidence"]).is_dir()
    assert any(row["evidence"] for row in rows)


def test_manifest_describes_the_run_and_hashes_every_file(report: Path) -> None:
    """The manifest names version, baseline, schema and DMVES hashes, and every file's hash."""
    manifest = json.loads((report / "manifest.json").read_text("utf-8"))
    run = manifest["run"]
    assert manifest["harness"]["version"]
    assert run["baseline"] == "s1sr_v11+mp202_enduring"
    assert run["target"] == "reference"
    assert run["started"] <= run["ended"]
    schema_set = load_schema_set()
    assert run["schema_set"]["files"] == {p.name: sha256_of(p) for p in schema_set.files()}
    assert len(run["dmves"]["sha256"]) == 64
    files = {p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == files - {"manifest.json"}


def test_report_verify_passes_an_intact_report(
    report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report verify exits 0 on the report as written."""
    assert main(["report", "verify", str(report)]) == 0
    assert "intact" in capsys.readouterr().out


def test_report_verify_names_an_edited_evidence_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One changed byte in an evidence file, a removed and an added file: exit 1, each named."""
    directory = tmp_path / "r"
    assert main(["run", "--report", str(directory), "--", "-m", "mp202_br7"]) == 0
    capsys.readouterr()
    evidence = sorted((directory / "evidence").rglob("*.xml"))[0]
    data = bytearray(evidence.read_bytes())
    data[-3] ^= 0x01
    evidence.write_bytes(bytes(data))
    (directory / "junit.xml").unlink()
    (directory / "notes.txt").write_text("added later", "utf-8")
    assert main(["report", "verify", str(directory)]) == 1
    out = capsys.readouterr().out
    assert f"changed: {evidence.relative_to(directory).as_posix()}" in out
    assert "missing: junit.xml" in out
    assert "unexpected: notes.txt" in out


def test_report_verify_without_manifest_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A directory with no manifest exits 2 naming the file."""
    assert main(["report", "verify", str(tmp_path)]) == 2
    assert "manifest.json" in capsys.readouterr().err


def test_a_new_run_replaces_the_earlier_report_but_keeps_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Re-running into the same folder leaves no stale evidence, and a user's own file stays."""
    directory = tmp_path / "r"
    assert main(["run", "--report", str(directory), "--", "-m", SELECTION]) == 0
    (directory / "my-notes.txt").write_text("kept", "utf-8")
    assert main(["run", "--report", str(directory), "--", "-m", "mp202_br7"]) == 0
    capsys.readouterr()
    runs = json.loads((directory / "verdicts.json").read_text("utf-8"))["scenarios"]
    folders = {p.name for p in (directory / "evidence").iterdir()}
    assert folders
    assert folders <= {scenario_folder(r["id"]) for r in runs}
    assert all("mp202" in r["requirements"][0].lower() for r in runs)
    assert (directory / "my-notes.txt").read_text("utf-8") == "kept"
    assert main(["report", "verify", str(directory)]) == 0


def test_index_html_is_self_contained_and_links_its_evidence(report: Path) -> None:
    """The page loads nothing from outside; each row opens to steps, rule, assumptions and
    links to evidence files that exist in the report."""
    text = (report / "index.html").read_text("utf-8")
    for outside in ("<link", " src=", "url(", "@import"):
        assert outside not in text, outside
    page = lxml_html.fromstring(text)
    details = _found(page, "//tr[@class='details']")
    assert len(details) == len(_found(page, "//tr[@class='run']"))
    assert all(_found(d, ".//ol[@class='steps']/li") for d in details)
    assert all(_found(d, ".//p[@class='rule']") for d in details)
    links = _found(page, "//ul[@class='evidence']//a/@href")
    assert links
    assert all((report / str(link)).is_file() for link in links)
    assumed = _found(page, "//div[@class='assumptions']//li")
    assert assumed, "no requirement of the selection shows an assumption"


def _found(element: Any, path: str) -> list[Any]:
    """What an XPath finds, as a list."""
    return list(element.xpath(path))
