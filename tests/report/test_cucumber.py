"""cucumber.json and traceability.csv against golden files, from a feature with every outcome."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from harness.register import default_register
from harness.report.cucumber import cucumber_document
from harness.report.traceability import write_traceability
from harness.suite.results import ResultCollector

pytest_plugins = ["pytester"]

GOLDEN = Path(__file__).parent / "golden"
#: Set to 1 to rewrite the golden files after a deliberate change of format (then review them).
UPDATE = os.environ.get("DUIS_UPDATE_GOLDEN") == "1"

FEATURE = """
@s1sr @s1sr_18_18_g @esme @gsme @operation
Feature: S1SR-18.18(g) - every outcome a scenario can have
  Used by the report tests.

  Scenario: It passes
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the billing-calendar billing data log
    Then the request is acknowledged

  Scenario: Its last step has no definition
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the billing-calendar billing data log
    Then the request is applauded
    And the request is acknowledged

  Scenario: Its Then does not hold
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the billing-calendar billing data log
    Then the supplier receives the SMETS1 alert "S1CE99" for that request
    And the request is acknowledged

  @baseline_s1sr_v10
  Scenario: It is for another baseline
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the billing-calendar billing data log
    Then the request is acknowledged
"""


@pytest.fixture
def results(pytester: pytest.Pytester) -> ResultCollector:
    """The four scenarios run for each mapped device model, collected as a run would."""
    pytester.makefile(".feature", outcomes=FEATURE)
    pytester.makepyfile(
        test_outcomes="from pytest_bdd import scenarios\nscenarios('outcomes.feature')\n"
    )
    collector = ResultCollector()
    pytester.runpytest("-p", "no:cacheprovider", plugins=[collector])
    assert len(collector.results) == 8
    return collector


def _normalised(document: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Durations and error texts vary from run to run: keep only whether they are there."""
    for feature in document:
        feature["uri"] = Path(feature["uri"]).name  # pytester's folder differs under xdist
        for element in feature["elements"]:
            for step in element["steps"]:
                step["match"]["location"] = Path(step["match"]["location"]).name
                outcome = step["result"]
                if "duration" in outcome:
                    outcome["duration"] = "<duration>"
                if "error_message" in outcome:
                    outcome["error_message"] = "<error>"
    return document


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8"), f"{name} differs from its golden file"


def test_cucumber_json_matches_golden_file(results: ResultCollector) -> None:
    """Passed, failed, skipped and undefined steps come out as the golden Cucumber JSON says."""
    document = _normalised(cucumber_document(results.results.values()))
    _compare("cucumber.json", json.dumps(document, indent=2, sort_keys=True) + "\n")


def test_cucumber_statuses_follow_the_outcome(results: ResultCollector) -> None:
    """Each scenario's step statuses tell what happened, never 'passed' for what did not run."""
    document = cucumber_document(results.results.values())
    statuses = {
        element["name"].split(" [")[0]: [s["result"]["status"] for s in element["steps"]]
        for element in document[0]["elements"]
    }
    assert statuses == {
        "It passes": ["passed", "passed", "passed"],
        "Its last step has no definition": ["passed", "passed", "undefined", "skipped"],
        "Its Then does not hold": ["passed", "passed", "failed", "skipped"],
        "It is for another baseline": ["skipped", "skipped", "skipped"],
    }


def test_traceability_csv_matches_golden_file(results: ResultCollector, tmp_path: Path) -> None:
    """The traceability matrix has the golden columns and rows (reasons reduced to a marker)."""
    path = tmp_path / "traceability.csv"
    write_traceability(path, results.results.values(), default_register(), None)
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    for row in rows[1:]:
        row[5] = "<reason>" if row[5] else ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    _compare("traceability.csv", out.getvalue())
