"""``traceability.csv``: requirement → source → scenario → device model → verdict → evidence.

One row per requirement a scenario run verifies (a scenario tagged with two requirements gives
two rows). Columns: ``requirement``, ``source`` (seed file and section), ``scenario`` (the
pytest node id), ``device_model`` (``-`` when the scenario is not run per model), ``verdict``,
``reason``, ``evidence`` (the scenario's folder under ``evidence/``, empty when it exchanged
nothing).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from harness.errors import HarnessError
from harness.register import Register
from harness.report.evidence import scenario_folder
from harness.suite.results import ScenarioResult

COLUMNS = ("requirement", "source", "scenario", "device_model", "verdict", "reason", "evidence")


def _source(register: Register, requirement: str) -> str:
    try:
        return register.get(requirement).source
    except HarnessError:
        return "(not in the register)"


def write_traceability(
    path: Path, results: Iterable[ScenarioResult], register: Register, evidence: Path | None
) -> int:
    """Write the CSV; returns the number of rows."""
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for result in sorted(results, key=lambda r: r.nodeid):
            folder = scenario_folder(result.nodeid)
            shown = ""
            if evidence is not None and (evidence / folder).is_dir():
                shown = f"{evidence.name}/{folder}"
            for requirement in result.requirements or ("",):
                writer.writerow(
                    (
                        requirement,
                        _source(register, requirement) if requirement else "",
                        result.nodeid,
                        result.device_model,
                        result.verdict.value,
                        result.reason,
                        shown,
                    )
                )
                rows += 1
    return rows
