"""``cucumber.json``: the run in the Cucumber JSON format that CI dashboards and test managers read.

One feature object per feature file; one element (``type: scenario``) per scenario run, so an
outline run for three device models gives three elements, each named with its parameters. Every
step of the scenario is listed with its result: ``passed``, ``failed`` (with the error),
``skipped`` (not run: the scenario is not applicable, or an earlier step failed) or
``undefined`` (no step definition). Durations are in nanoseconds, tags carry their ``@``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness.suite.results import ScenarioResult

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def _tags(names: Iterable[str], line: int) -> list[dict[str, Any]]:
    return [{"name": f"@{name}", "line": line} for name in names]


def _parameters(nodeid: str) -> str:
    """The pytest parameters of a run (``[FOC-ESME-1-...]``), or empty."""
    name = nodeid.rsplit("::", 1)[-1]
    return name[name.index("[") :] if "[" in name else ""


def _element(result: ScenarioResult, record: dict[str, Any], feature_id: str) -> dict[str, Any]:
    scenario = record["scenario"]
    suffix = _parameters(result.nodeid)
    name = f"{scenario['name']} {suffix}".strip()
    steps = []
    for step in record["steps"]:
        outcome: dict[str, Any] = {"status": step["status"]}
        if step["status"] in ("passed", "failed"):
            outcome["duration"] = int(step["duration"] * 1_000_000_000)
        if step["error"]:
            outcome["error_message"] = step["error"]
        steps.append(
            {
                "keyword": f"{step['keyword']} ",
                "name": step["name"],
                "line": step["line"],
                "match": {"location": f"{record['feature']['uri']}:{step['line']}"},
                "result": outcome,
            }
        )
    return {
        "id": f"{feature_id};{_slug(name)}",
        "keyword": scenario["keyword"],
        "type": "scenario",
        "name": name,
        "description": scenario["description"],
        "line": scenario["line"],
        "tags": _tags(scenario["tags"], scenario["line"]),
        "steps": steps,
    }


def cucumber_document(results: Iterable[ScenarioResult]) -> list[dict[str, Any]]:
    """The Cucumber JSON document (a list of features) for the scenario runs."""
    features: dict[str, dict[str, Any]] = {}
    for result in sorted(results, key=lambda r: r.nodeid):
        if not result.steps:
            continue
        record = json.loads(result.steps)
        feature = record["feature"]
        entry = features.get(feature["uri"])
        if entry is None:
            feature_id = _slug(feature["name"])
            entry = {
                "uri": feature["uri"],
                "id": feature_id,
                "keyword": feature["keyword"],
                "name": feature["name"],
                "description": feature["description"],
                "line": feature["line"],
                "tags": _tags(feature["tags"], feature["line"]),
                "elements": [],
            }
            features[feature["uri"]] = entry
        entry["elements"].append(_element(result, record, entry["id"]))
    return list(features.values())


def write_cucumber(path: Path, results: Iterable[ScenarioResult]) -> int:
    """Write ``cucumber.json``; returns the number of scenario elements."""
    document = cucumber_document(results)
    path.write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    return sum(len(feature["elements"]) for feature in document)
