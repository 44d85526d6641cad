"""What a scenario run did, step by step, in a form that survives pytest-xdist.

pytest-bdd keeps its scenario reports in a registry of the worker process, so they never reach
the controller under ``-n 2``. The harness plugin turns the scenario's steps and their status
into plain JSON and sets it as the test report's attribute ``duis_scenario`` (pytest-xdist
carries report attributes across), from which the Cucumber JSON and the HTML report are
written. Every step of the scenario is listed, with one of:

- ``passed``, ``failed`` (the step raised), ``undefined`` (no step definition matched);
- ``skipped``: not run, because the run is not applicable (the step that found it so is
  ``skipped`` too) or an earlier step failed.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pytest_bdd.reporting import scenario_reports_registry
from pytest_bdd.scenario import scenario_wrapper_template_registry

PROPERTY = "duis_scenario"
#: How pytest-bdd names the step it found no definition for.
_UNDEFINED = re.compile(r"Step definition is not found: .*?\. Line (\d+) in scenario")


def _feature(feature: Any) -> dict[str, Any]:
    return {
        "name": feature.name,
        "keyword": feature.keyword,
        "uri": feature.rel_filename,
        "line": feature.line_number,
        "description": feature.description,
        "tags": sorted(feature.tags),
    }


def record(item: pytest.Item, report: pytest.TestReport) -> str | None:
    """The scenario run as JSON text, or None when ``item`` is not a pytest-bdd scenario."""
    scenario_report = scenario_reports_registry.get(item)
    scenario = getattr(scenario_report, "scenario", None)
    if scenario is None:  # skipped before it started: render the scenario as it would have run
        function = getattr(item, "obj", None)
        template = scenario_wrapper_template_registry.get(function) if function else None
        if template is None:
            return None
        callspec = getattr(item, "callspec", None)
        example = callspec.params.get("_pytest_bdd_example", {}) if callspec is not None else {}
        scenario = template.render(example)
    ran = list(scenario_report.step_reports) if scenario_report is not None else []
    statuses = _statuses(
        len(scenario.steps), ran, report, [st.line_number for st in scenario.steps]
    )
    steps: list[dict[str, Any]] = []
    for index, step in enumerate(scenario.steps):
        status = statuses[index]
        duration = float(ran[index].duration or 0.0) if status in ("passed", "failed") else 0.0
        steps.append(
            {
                "keyword": step.keyword,
                "name": step.name,
                "type": step.type,
                "line": step.line_number,
                "status": status,
                "duration": duration,
                "error": _error(report) if status in ("failed", "undefined") else "",
            }
        )
    document = {
        "feature": _feature(scenario.feature),
        "scenario": {
            "name": scenario.name,
            "keyword": scenario.keyword,
            "line": scenario.line_number,
            "description": scenario.description,
            "tags": sorted(scenario.tags),
            "rule": scenario.rule.name if scenario.rule else "",
        },
        "steps": steps,
    }
    return json.dumps(document)


def _statuses(count: int, ran: list[Any], report: pytest.TestReport, lines: list[int]) -> list[str]:
    """Each step's status. pytest-bdd marks every step after a failure as failed too (and the
    step before an undefined one); here only the step that went wrong is, the rest is skipped."""
    statuses = ["skipped"] * count
    text = str(report.longrepr or "")
    undefined = _UNDEFINED.search(text) if report.failed else None
    if undefined is not None and int(undefined.group(1)) in lines:
        stop = lines.index(int(undefined.group(1)))
        statuses[:stop] = ["passed"] * stop
        statuses[stop] = "undefined"
        return statuses
    failed = next((i for i, step in enumerate(ran) if step.failed), None)
    if failed is not None:
        statuses[:failed] = ["passed"] * failed
        statuses[failed] = "failed"
        return statuses
    done = min(len(ran), count)
    statuses[:done] = ["passed"] * done
    if report.skipped and done:
        statuses[done - 1] = "skipped"  # the step that found the scenario not applicable
    return statuses


def _error(report: pytest.TestReport) -> str:
    text = str(report.longrepr or "")
    return text[-2000:]
