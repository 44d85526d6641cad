"""``duis-harness spec``: the register and the feature files as a specification a regulator reads.

Per requirement: where the rule comes from, the rule in plain words, the baselines and device
types, the device models the DMVES applies it to, the assumptions the harness makes, and the
scenarios that verify it, step by step with their example tables. Written as Markdown
(``spec.md``) and as one self-contained HTML page (``index.html``) from the same content.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from pytest_bdd.feature import get_feature
from pytest_bdd.parser import Feature, ScenarioTemplate

from harness.errors import HarnessError
from harness.model.dmves import Dmves
from harness.register import Register, Requirement, features_directory


@dataclass(frozen=True)
class _Entry:
    requirement: Requirement
    feature: Feature | None
    feature_file: str
    models: tuple[str, ...]


def _features(directory: Path, register: Register) -> dict[str, tuple[Feature, str]]:
    """Each requirement id's feature (and its path), found by the feature's requirement tag."""
    found: dict[str, tuple[Feature, str]] = {}
    for path in sorted(directory.rglob("*.feature")):
        relative = path.relative_to(directory).as_posix()
        feature = get_feature(str(directory), relative)
        for tag in sorted(feature.tags):
            try:
                requirement = register.by_tag(tag)
            except HarnessError:
                continue
            found[requirement.id] = (feature, f"features/{relative}")
    return found


def _models(requirement: Requirement, dmves: Dmves) -> tuple[str, ...]:
    clause = requirement.clause
    if clause is None:
        return ()
    return tuple(model.id for model in dmves if clause in model.clauses)


def entries(register: Register, dmves: Dmves, directory: Path | None = None) -> list[_Entry]:
    """Every requirement of the register with its feature and device models, in register order."""
    features = _features(directory or features_directory(), register)
    result = []
    for requirement in register:
        feature, path = features.get(requirement.id, (None, ""))
        result.append(_Entry(requirement, feature, path, _models(requirement, dmves)))
    return result


def _scenarios(feature: Feature) -> list[ScenarioTemplate]:
    return sorted(feature.scenarios.values(), key=lambda s: s.line_number)


def _anchor(requirement_id: str) -> str:
    return "".join(c.lower() if c.isalnum() else "-" for c in requirement_id).strip("-")


def markdown(items: list[_Entry], register: Register, dmves: Dmves) -> str:
    """The specification as Markdown."""
    lines = [
        "# S1SR and MP202 as executable specifications",
        "",
        f"Generated from the requirement register ({register.source}, SHA-256 "
        f"{register.sha256[:12]}…) and the feature files. Device models: {dmves.source}.",
        "",
        "## Contents",
        "",
    ]
    lines += [
        f"- [{e.requirement.id}](#{_anchor(e.requirement.id)}): {e.requirement.title}"
        for e in items
    ]
    for entry in items:
        r = entry.requirement
        lines += ["", f'<a id="{_anchor(r.id)}"></a>', f"## {r.id}: {r.title}", ""]
        lines.append(f"- **Source:** {r.source}")
        lines.append(f"- **Baselines:** {', '.join(r.baselines) or 'all'}")
        lines.append(f"- **Device types:** {', '.join(r.device_types) or 'any'}")
        if entry.models:
            lines.append(f"- **Device models (DMVES):** {', '.join(entry.models)}")
        if not r.in_scope:
            lines.append(f"- **Not verified:** {r.scope_reason}")
        if r.uncertain:
            lines.append(f"- **Outcomes the regulation allows:** {', '.join(r.allowed_outcomes)}")
        lines += ["", f"**Rule.** {r.rule}", ""]
        for assumption_id in r.assumptions:
            assumption = register.assumptions.get(assumption_id)
            if assumption is not None:
                lines.append(f"- *Assumption {assumption.id}:* {assumption.statement}")
        if entry.feature is None:
            continue
        lines += ["", f"Verified by `{entry.feature_file}`.", ""]
        if entry.feature.description:
            lines += [
                f"> {line}" if line else ">" for line in entry.feature.description.splitlines()
            ]
        for scenario in _scenarios(entry.feature):
            tags = " ".join(f"`@{t}`" for t in sorted(scenario.tags))
            lines += ["", f"### Scenario: {scenario.name}" + (f" {tags}" if tags else ""), ""]
            lines += [f"- **{s.keyword}** {s.name}" for s in scenario.steps]
            for examples in scenario.examples:
                if not examples.example_params:
                    continue
                lines += ["", "| " + " | ".join(examples.example_params) + " |"]
                lines.append("|" + " --- |" * len(examples.example_params))
                lines += ["| " + " | ".join(row) + " |" for row in examples.examples]
    return "\n".join(lines) + "\n"


def html(items: list[_Entry], register: Register, dmves: Dmves) -> str:
    """The specification as one self-contained HTML page."""
    out = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>S1SR and MP202 as executable specifications</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>S1SR and MP202 as executable specifications</h1>",
        f"<p>Generated from the requirement register ({escape(register.source)}) and the "
        f"feature files. Device models: {escape(dmves.source)}.</p><nav><ul>",
    ]
    out += [
        f"<li><a href='#{_anchor(e.requirement.id)}'>{escape(e.requirement.id)}</a>: "
        f"{escape(e.requirement.title)}</li>"
        for e in items
    ]
    out.append("</ul></nav>")
    for entry in items:
        r = entry.requirement
        out.append(f"<section id='{_anchor(r.id)}'><h2>{escape(r.id)}: {escape(r.title)}</h2><dl>")
        facts = [
            ("Source", r.source),
            ("Baselines", ", ".join(r.baselines) or "all"),
            ("Device types", ", ".join(r.device_types) or "any"),
        ]
        if entry.models:
            facts.append(("Device models (DMVES)", ", ".join(entry.models)))
        if not r.in_scope:
            facts.append(("Not verified", r.scope_reason))
        if r.uncertain:
            facts.append(("Outcomes the regulation allows", ", ".join(r.allowed_outcomes)))
        out += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts]
        out.append(f"</dl><p class='rule'><b>Rule.</b> {escape(r.rule)}</p>")
        assumed = [register.assumptions.get(a) for a in r.assumptions]
        listed = "".join(
            f"<li><b>{escape(a.id)}</b>: {escape(a.statement)}</li>" for a in assumed if a
        )
        if listed:
            out.append(f"<ul class='assumptions'>{listed}</ul>")
        if entry.feature is not None:
            out.append(f"<p>Verified by <code>{escape(entry.feature_file)}</code>.</p>")
            if entry.feature.description:
                out.append(f"<blockquote>{escape(entry.feature.description)}</blockquote>")
            for scenario in _scenarios(entry.feature):
                out.append(f"<h3>Scenario: {escape(scenario.name)}</h3><ul class='steps'>")
                out += [
                    f"<li><b>{escape(s.keyword)}</b> {escape(s.name)}</li>" for s in scenario.steps
                ]
                out.append("</ul>")
                for examples in scenario.examples:
                    if examples.example_params:
                        head = "".join(f"<th>{escape(p)}</th>" for p in examples.example_params)
                        body = "".join(
                            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                            for row in examples.examples
                        )
                        out.append(f"<table><tr>{head}</tr>{body}</table>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_spec(directory: Path, register: Register, dmves: Dmves) -> list[Path]:
    """Write ``spec.md`` and ``index.html`` into ``directory``; returns them."""
    directory.mkdir(parents=True, exist_ok=True)
    items = entries(register, dmves)
    written = [directory / "spec.md", directory / "index.html"]
    written[0].write_text(markdown(items, register, dmves), "utf-8")
    written[1].write_text(html(items, register, dmves), "utf-8")
    return written


_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:60rem;color:#1f1f1f}"
    "dl{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}dt{font-weight:600}"
    "section{border-top:1px solid #ccc;margin-top:1.5rem}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
    "blockquote{color:#444;white-space:pre-wrap}"
)
