"""Collects scenario verdicts during a run and summarises them per requirement and model."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest

from harness.suite.verdicts import Verdict

_SEVERITY = {Verdict.PASS: 0, Verdict.NOT_APPLICABLE: 1, Verdict.FAIL: 2, Verdict.ERROR: 3}


@dataclass(frozen=True)
class ScenarioResult:
    """The verdict of one scenario run (one device model, one Examples row)."""

    nodeid: str
    requirements: tuple[str, ...]
    device_model: str
    verdict: Verdict
    reason: str = ""
    #: For a regulation-uncertain scenario: the allowed outcome that was seen (not certain).
    outcome: str = ""
    #: The scenario's feature, name, tags and steps with their status, as JSON text
    #: (harness.suite.scenario_record); empty for a test that is not a scenario.
    steps: str = ""


@dataclass
class ResultCollector:
    """A pytest plugin object: keeps the worst verdict reported for each test."""

    results: dict[str, ScenarioResult] = field(default_factory=dict)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Record the verdict the harness plugin attached to the report."""
        properties = dict(report.user_properties)
        if "duis_verdict" not in properties:
            return
        result = ScenarioResult(
            nodeid=report.nodeid,
            requirements=tuple(str(properties.get("duis_requirements", "")).split()),
            device_model=str(properties.get("duis_device_model", "-")),
            verdict=Verdict(properties["duis_verdict"]),
            reason=str(properties.get("duis_reason", "")),
            outcome=str(properties.get("duis_outcome", "")),
            steps=str(getattr(report, "duis_scenario", "")),
        )
        known = self.results.get(report.nodeid)
        if known is None or _SEVERITY[result.verdict] > _SEVERITY[known.verdict]:
            self.results[report.nodeid] = result

    def table(self) -> dict[tuple[str, str], Counter[Verdict]]:
        """Verdict counts per (requirement, device model)."""
        counts: dict[tuple[str, str], Counter[Verdict]] = defaultdict(Counter)
        for result in self.results.values():
            for requirement in result.requirements or ("(no requirement tag)",):
                counts[(requirement, result.device_model)][result.verdict] += 1
        return dict(sorted(counts.items()))

    def conformant(self) -> bool:
        """True when nothing failed or errored (and something ran)."""
        verdicts = [r.verdict for r in self.results.values()]
        return bool(verdicts) and not any(v in (Verdict.FAIL, Verdict.ERROR) for v in verdicts)
