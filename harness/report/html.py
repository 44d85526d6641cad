"""``index.html``: one self-contained page a person reads in a browser (no external assets).

The overall verdict and the run's identity, a chart of verdict counts (inline SVG), filters by
requirement, cohort, baseline and verdict, and a table with one row per requirement of each
scenario run. A row opens to show the scenario's steps with their status, the reason for its
verdict, the rule and its source, the assumptions behind it, and links to its evidence files.

Filters can also be set in the address, e.g. ``index.html#verdict=fail&cohort=foc``, so a
filtered view can be shared; the page keeps the address in step with the filters.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.register import Register
from harness.report.evidence import scenario_folder
from harness.suite.results import ScenarioResult
from harness.suite.verdicts import Verdict

#: Verdict colours (fill, text) chosen for contrast; the table and the chart use the same.
COLOURS = {
    Verdict.PASS: ("#1b7f3b", "#ffffff"),
    Verdict.FAIL: ("#b3261e", "#ffffff"),
    Verdict.ERROR: ("#7a4b00", "#ffffff"),
    Verdict.NOT_APPLICABLE: ("#5f6368", "#ffffff"),
}
ALL_BASELINES = "all baselines"


@dataclass(frozen=True)
class PageFacts:
    """What the page header says about the run."""

    conformant: bool
    target: str
    baseline: str
    schema: str
    dmves: str
    started: str
    ended: str
    harness: str


@dataclass(frozen=True)
class _Row:
    result: ScenarioResult
    requirement: str
    cohort: str
    baselines: tuple[str, ...]
    record: Mapping[str, Any]


def _baselines(record: Mapping[str, Any]) -> tuple[str, ...]:
    tags = [*record.get("feature", {}).get("tags", []), *record.get("scenario", {}).get("tags", [])]
    found = sorted({t.removeprefix("baseline_") for t in tags if t.startswith("baseline_")})
    return tuple(found) or (ALL_BASELINES,)


def _rows(results: Iterable[ScenarioResult], cohorts: Mapping[str, str]) -> list[_Row]:
    rows = []
    for result in sorted(results, key=lambda r: (r.requirements, r.nodeid)):
        record = json.loads(result.steps) if result.steps else {}
        cohort = cohorts.get(result.device_model, "-")
        for requirement in result.requirements or ("(no requirement)",):
            rows.append(_Row(result, requirement, cohort, _baselines(record), record))
    return rows


def _chart(counts: Counter[Verdict]) -> str:
    """A horizontal bar chart of verdict counts, as inline SVG."""
    most = max(counts.values(), default=0) or 1
    bars = []
    for index, verdict in enumerate(COLOURS):
        count = counts.get(verdict, 0)
        width = round(300 * count / most)
        y = 10 + index * 30
        fill, _ = COLOURS[verdict]
        bars.append(
            f'<text x="0" y="{y + 15}">{verdict.value}</text>'
            f'<rect class="bar" data-verdict="{verdict.value}" x="120" y="{y}" width="{width}" '
            f'height="20" fill="{fill}"><title>{verdict.value}: {count}</title></rect>'
            f'<text x="{126 + width}" y="{y + 15}">{count}</text>'
        )
    return (
        '<svg id="chart" role="img" aria-label="verdict counts" width="480" height="130" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
    )


def _options(select_id: str, label: str, values: Iterable[str]) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in sorted(values))
    return (
        f'<label>{label} <select id="{select_id}" data-filter="{select_id.removeprefix("f-")}">'
        f'<option value="">all</option>{options}</select></label>'
    )


def _steps(record: Mapping[str, Any]) -> str:
    steps = record.get("steps", [])
    if not steps:
        return "<p>No steps recorded.</p>"
    items = "".join(
        f'<li class="step {escape(s["status"])}"><span class="status">{escape(s["status"])}'
        f"</span> <b>{escape(s['keyword'])}</b> {escape(s['name'])}</li>"
        for s in steps
    )
    return f'<ol class="steps">{items}</ol>'


def _evidence(report_dir: Path, nodeid: str) -> str:
    folder = report_dir / "evidence" / scenario_folder(nodeid)
    if not folder.is_dir():
        return "<p>No DUIS documents were exchanged.</p>"
    links = "".join(
        f'<li><a href="evidence/{escape(folder.name)}/{escape(f.name)}">{escape(f.name)}</a></li>'
        for f in sorted(folder.iterdir())
    )
    return f'<ul class="evidence">{links}</ul>'


def _details(row: _Row, register: Register, report_dir: Path) -> str:
    result = row.result
    parts = [f"<h3>{escape(row.record.get('scenario', {}).get('name', result.nodeid))}</h3>"]
    parts.append(f'<p class="nodeid">{escape(result.nodeid)}</p>')
    if result.reason:
        parts.append(f'<p class="reason">Why: {escape(result.reason)}</p>')
    if result.outcome:
        parts.append(f"<p>Outcome seen (allowed, not certain): {escape(result.outcome)}</p>")
    parts.append(_steps(row.record))
    try:
        requirement = register.get(row.requirement)
    except HarnessError:  # a requirement missing from the register is shown as such
        parts.append("<p>Not in the requirement register.</p>")
    else:
        parts.append(
            f'<p class="rule"><b>Rule</b> ({escape(requirement.source)}): '
            f"{escape(requirement.rule)}</p>"
        )
        assumptions = [register.assumptions.get(a) for a in requirement.assumptions]
        listed = "".join(
            f"<li><b>{escape(a.id)}</b>: {escape(a.statement)}</li>" for a in assumptions if a
        )
        parts.append(
            f'<div class="assumptions"><b>Assumptions</b>'
            f"{f'<ul>{listed}</ul>' if listed else ' none'}</div>"
        )
    parts.append("<b>Evidence</b>" + _evidence(report_dir, result.nodeid))
    return "".join(parts)


def render(
    results: Iterable[ScenarioResult],
    facts: PageFacts,
    register: Register,
    cohorts: Mapping[str, str],
    report_dir: Path,
) -> str:
    """The whole page as text."""
    runs = list(results)
    rows = _rows(runs, cohorts)
    counts: Counter[Verdict] = Counter(r.verdict for r in runs)
    overall = "CONFORMANT" if facts.conformant else "NOT CONFORMANT"
    body_rows = []
    for index, row in enumerate(rows):
        verdict = row.result.verdict
        scenario = row.record.get("scenario", {}).get("name", row.result.nodeid)
        body_rows.append(
            f'<tr class="run" id="run-{index}" tabindex="0" aria-expanded="false" '
            f'data-requirement="{escape(row.requirement)}" data-cohort="{escape(row.cohort)}" '
            f'data-baseline="{escape(" ".join(row.baselines))}" '
            f'data-verdict="{verdict.value}">'
            f"<td>{escape(row.requirement)}</td><td>{escape(row.result.device_model)}</td>"
            f"<td>{escape(row.cohort)}</td><td>{escape(scenario)}</td>"
            f'<td class="verdict {verdict.value}">{verdict.value}</td></tr>'
            f'<tr class="details" id="details-{index}" hidden><td colspan="5">'
            f"{_details(row, register, report_dir)}</td></tr>"
        )
    baselines = {b for row in rows for b in row.baselines}
    filters = "".join(
        [
            _options("f-requirement", "Requirement", {r.requirement for r in rows}),
            _options("f-cohort", "Cohort", {r.cohort for r in rows}),
            _options("f-baseline", "Baseline", baselines),
            _options("f-verdict", "Verdict", {v.value for v in COLOURS}),
        ]
    )
    return _PAGE.format(
        title=escape(f"DUIS conformance report: {overall}"),
        overall=overall,
        overall_class="ok" if facts.conformant else "bad",
        facts="".join(
            f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>"
            for k, v in (
                ("Target", facts.target),
                ("Baseline", facts.baseline),
                ("Schema set", facts.schema),
                ("DMVES", facts.dmves),
                ("Started", facts.started),
                ("Ended", facts.ended),
                ("Harness", facts.harness),
            )
        ),
        runs=len(runs),
        chart=_chart(counts),
        filters=filters,
        rows="".join(body_rows),
        total=len(rows),
        style=_STYLE + _verdict_style(),
        script=_SCRIPT,
    )


def _verdict_style() -> str:
    return "".join(
        f".verdict.{v.value}{{background:{fill};color:{text}}}"
        for v, (fill, text) in COLOURS.items()
    )


def write_html(path: Path, html_text: str) -> None:
    """Write the page."""
    path.write_text(html_text, "utf-8")


_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f1f1f}
.overall{display:inline-block;padding:.3rem .8rem;font-weight:700;border-radius:4px}
.overall.ok{background:#1b7f3b;color:#fff}.overall.bad{background:#b3261e;color:#fff}
dl{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}dt{font-weight:600}
table{border-collapse:collapse;width:100%;margin-top:1rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.run{cursor:pointer}tr.run:hover,tr.run:focus{background:#eef3fb}
.filters label{margin-right:1rem}
.steps .status{display:inline-block;min-width:6rem;font-family:monospace}
.step.failed .status,.step.undefined .status{color:#b3261e;font-weight:700}
.step.skipped .status{color:#5f6368}
.nodeid{font-family:monospace;font-size:.85em;color:#444}
"""

_SCRIPT = """
(function () {
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var runs = Array.prototype.slice.call(document.querySelectorAll('tr.run'));
  function apply() {
    var shown = 0;
    runs.forEach(function (row) {
      var match = selects.every(function (s) {
        if (!s.value) { return true; }
        var value = row.getAttribute('data-' + s.getAttribute('data-filter')) || '';
        return s.getAttribute('data-filter') === 'baseline'
          ? value.split(' ').indexOf(s.value) >= 0 : value === s.value;
      });
      row.hidden = !match;
      if (!match) {
        row.nextElementSibling.hidden = true;
        row.setAttribute('aria-expanded', 'false');
      }
      if (match) { shown += 1; }
    });
    document.getElementById('shown').textContent = shown;
    var state = selects.filter(function (s) { return s.value; }).map(function (s) {
      return s.getAttribute('data-filter') + '=' + encodeURIComponent(s.value);
    }).join('&');
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', state ? '#' + state : window.location.pathname);
    }
  }
  function fromAddress() {
    var pairs = window.location.hash.replace(/^#/, '').split('&');
    pairs.forEach(function (pair) {
      var parts = pair.split('=');
      var select = document.getElementById('f-' + parts[0]);
      if (select && parts.length === 2) { select.value = decodeURIComponent(parts[1]); }
    });
  }
  function toggle(row) {
    var details = row.nextElementSibling;
    details.hidden = !details.hidden;
    row.setAttribute('aria-expanded', details.hidden ? 'false' : 'true');
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  runs.forEach(function (row) {
    row.addEventListener('click', function () { toggle(row); });
    row.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(row); }
    });
  });
  fromAddress();
  apply();
}());
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>DUIS conformance report</h1>
<p class="overall {overall_class}" id="overall">{overall}</p>
<p>{runs} scenario runs.</p>
<dl id="facts">{facts}</dl>
</header>
<section id="summary"><h2>Verdicts</h2>{chart}</section>
<section class="filters" id="filters"><h2>Scenario runs</h2>{filters}
<p><span id="shown">{total}</span> of {total} rows shown (one per requirement of each run; click a
row for its steps, assumptions and evidence).</p></section>
<table id="results">
<thead><tr><th>Requirement</th><th>Device model</th><th>Cohort</th><th>Scenario</th>
<th>Verdict</th></tr></thead>
<tbody>{rows}</tbody>
</table>
<script>{script}</script>
</body>
</html>
"""
