"""index.html in a real browser (headless Chromium): the table renders and the filters work."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lxml import html

from harness.cli.main import main
from tests.report.chromium import run

SELECTION = "s1sr_18_17_i or mp202_br7 or tmad_gas_72h or duis_foc_ppmid_fw"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report with passes and not-applicable runs (some scenarios are for other baselines)."""
    directory = tmp_path_factory.mktemp("report")
    code = main(["run", "--report", str(directory), "--", "-m", SELECTION])
    assert code == 0
    return directory


def _dom(report: Path, tmp_path: Path, fragment: str = "") -> html.HtmlElement:
    page = (report / "index.html").resolve().as_uri() + fragment
    done = run(page, tmp_path / "profile", "--dump-dom")
    return html.fromstring(done.stdout)


def _verdicts(report: Path) -> list[str]:
    runs = json.loads((report / "verdicts.json").read_text("utf-8"))["scenarios"]
    return [r["verdict"] for r in runs for _ in r["requirements"]]


def test_table_shows_every_run_and_the_overall_verdict(report: Path, tmp_path: Path) -> None:
    """Unfiltered, every row is visible, the counter says so, and the verdict is shown."""
    dom = _dom(report, tmp_path)
    rows = dom.xpath("//tr[@class='run']")
    assert len(rows) == len(_verdicts(report))
    assert not [row for row in rows if row.get("hidden") is not None]
    assert dom.get_element_by_id("shown").text_content() == str(len(rows))
    assert dom.get_element_by_id("overall").text_content() == "CONFORMANT"
    assert all(row.getnext().get("hidden") is not None for row in rows)  # details start closed


@pytest.mark.parametrize("verdict", ["not-applicable", "pass"])
def test_verdict_filter_hides_the_other_rows(report: Path, tmp_path: Path, verdict: str) -> None:
    """With a verdict filter set, only rows of that verdict stay visible, and they are counted."""
    expected = _verdicts(report).count(verdict)
    assert expected > 0
    dom = _dom(report, tmp_path, f"#verdict={verdict}")
    visible = [row for row in dom.xpath("//tr[@class='run']") if row.get("hidden") is None]
    assert {row.get("data-verdict") for row in visible} == {verdict}
    assert len(visible) == expected
    assert dom.get_element_by_id("shown").text_content() == str(expected)


def test_requirement_filter_and_screenshot(report: Path, tmp_path: Path) -> None:
    """A requirement filter leaves only its rows; a screenshot of the page is written."""
    dom = _dom(report, tmp_path, "#requirement=MP202-BR7")
    visible = [row for row in dom.xpath("//tr[@class='run']") if row.get("hidden") is None]
    assert visible
    assert {row.get("data-requirement") for row in visible} == {"MP202-BR7"}
    folder = Path(os.environ.get("DUIS_SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "report-index.png"
    run((report / "index.html").resolve().as_uri(), tmp_path / "shot", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
