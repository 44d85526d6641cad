"""The report directory of ``duis-harness run --report DIR`` (docs/report.md).

Before the run, :func:`prepare` clears what an earlier harness report left there (only the
files its manifest lists and its ``evidence/`` folder; anything else is kept and reported).
After it, :func:`finish` writes ``verdicts.json``, ``cucumber.json``, ``traceability.csv``,
``index.html`` and, last, ``manifest.json``. ``junit.xml`` and ``evidence/`` are written
during the run.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness import __version__
from harness.duis.schemas import load_schema_set
from harness.errors import UsageError
from harness.model.dmves import load_dmves
from harness.register import default_register
from harness.report.cucumber import write_cucumber
from harness.report.html import PageFacts, render, write_html
from harness.report.manifest import MANIFEST, sha256_of, write_manifest
from harness.report.traceability import write_traceability
from harness.suite.results import ResultCollector

EVIDENCE = "evidence"
JUNIT = "junit.xml"


@dataclass(frozen=True)
class RunDescription:
    """What the manifest says about the run."""

    target: str
    baseline: str
    xsd: str | None
    dmves: str | None
    pytest_args: tuple[str, ...]
    started: datetime


def prepare(directory: Path) -> None:
    """Make ``directory`` ready for a new report, removing only an earlier report's own files."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"--report {directory}: exists and is not a directory")
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / MANIFEST
    if not manifest.is_file():
        return
    try:
        listed = json.loads(manifest.read_text("utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        raise UsageError(
            f"--report {directory}: holds a {MANIFEST} the harness cannot read; "
            "choose another directory or remove it"
        ) from None
    for name in listed:
        path = (directory / name).resolve()
        if path.is_file() and directory.resolve() in path.parents:
            path.unlink()
    shutil.rmtree(directory / EVIDENCE, ignore_errors=True)
    manifest.unlink()


def _verdicts(collector: ResultCollector, run: RunDescription) -> dict[str, Any]:
    return {
        "target": run.target,
        "baseline": run.baseline,
        "conformant": collector.conformant(),
        "scenarios": [
            {
                "id": r.nodeid,
                "requirements": list(r.requirements),
                "device_model": r.device_model,
                "verdict": r.verdict.value,
                "reason": r.reason,
                "uncertain_outcome": r.outcome,
            }
            for r in collector.results.values()
        ],
    }


def finish(directory: Path, collector: ResultCollector, run: RunDescription) -> None:
    """Write the verdicts, the traceability matrix and the manifest (last)."""
    ended = datetime.now(UTC)
    verdicts = _verdicts(collector, run)
    (directory / "verdicts.json").write_text(json.dumps(verdicts, indent=2) + "\n", "utf-8")
    write_cucumber(directory / "cucumber.json", collector.results.values())
    evidence = directory / EVIDENCE
    write_traceability(
        directory / "traceability.csv",
        collector.results.values(),
        default_register(),
        evidence if evidence.is_dir() else None,
    )
    schema_set = load_schema_set(run.xsd)
    dmves = load_dmves(run.dmves)
    facts = PageFacts(
        conformant=collector.conformant(),
        target=run.target,
        baseline=run.baseline,
        schema=schema_set.label,
        dmves=dmves.source,
        started=run.started.isoformat(timespec="seconds"),
        ended=ended.isoformat(timespec="seconds"),
        harness=__version__,
    )
    cohorts = {model.id: model.cohort.value for model in dmves}
    page = render(collector.results.values(), facts, default_register(), cohorts, directory)
    write_html(directory / "index.html", page)
    write_manifest(
        directory,
        {
            "target": run.target,
            "baseline": run.baseline,
            "conformant": collector.conformant(),
            "scenario_runs": len(collector.results),
            "started": run.started.isoformat(timespec="seconds"),
            "ended": ended.isoformat(timespec="seconds"),
            "pytest_args": list(run.pytest_args),
            "schema_set": {
                "label": schema_set.label,
                "files": {path.name: sha256_of(path) for path in schema_set.files()},
            },
            "dmves": {"source": dmves.source, "sha256": dmves.sha256},
        },
    )
