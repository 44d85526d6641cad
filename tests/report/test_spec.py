"""``duis-harness spec``: each requirement with source, rule, scenarios, models, assumptions."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd.feature import get_feature

from harness.cli.main import main
from harness.model.dmves import load_dmves
from harness.register import default_register, features_directory


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The specification written with the sample DMVES."""
    out = tmp_path_factory.mktemp("spec")
    assert main(["spec", "--out", str(out)]) == 0
    return out


def _section(markdown: str, requirement_id: str) -> str:
    start = markdown.index(f"## {requirement_id}: ")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


def test_every_requirement_has_its_source_rule_and_scope(spec: Path) -> None:
    """Each register entry appears with its source and rule; out-of-scope ones say why."""
    markdown = (spec / "spec.md").read_text("utf-8")
    page = (spec / "index.html").read_text("utf-8")
    for requirement in default_register():
        section = _section(markdown, requirement.id)
        assert requirement.source in section
        assert requirement.rule in section
        if not requirement.in_scope:
            assert requirement.scope_reason in section
        assert f"<h2>{requirement.id}: " in page


def test_in_scope_requirements_list_their_scenarios_and_steps(spec: Path) -> None:
    """An in-scope requirement names its feature file and every scenario of it, with steps."""
    markdown = (spec / "spec.md").read_text("utf-8")
    register = default_register()
    directory = features_directory()
    for path in sorted(directory.rglob("*.feature")):
        feature = get_feature(str(directory), path.relative_to(directory).as_posix())
        tags = [t for t in feature.tags if any(r.tag == t for r in register)]
        assert tags, path
        section = _section(markdown, register.by_tag(tags[0]).id)
        assert f"Verified by `features/{path.relative_to(directory).as_posix()}`" in section
        for scenario in feature.scenarios.values():
            assert f"### Scenario: {scenario.name}" in section
            assert all(f"**{s.keyword}** {s.name}" in section for s in scenario.steps)


def test_assumptions_and_device_models_are_shown(spec: Path) -> None:
    """A clause's section lists the DMVES models mapped to it and its assumptions' statements."""
    markdown = (spec / "spec.md").read_text("utf-8")
    register = default_register()
    requirement = register.get("S1SR-18.17(i)")
    section = _section(markdown, requirement.id)
    models = [m.id for m in load_dmves() if "18.17(i)" in m.clauses]
    assert models
    assert f"**Device models (DMVES):** {', '.join(models)}" in section
    for assumption in requirement.assumptions:
        assert register.assumptions[assumption].statement in section


def test_another_dmves_changes_the_models(tmp_path: Path) -> None:
    """With a DMVES mapping fewer models to a clause, the specification lists only those."""
    sample = load_dmves()
    source = Path(__file__).resolve().parents[2] / "harness" / "data" / "dmves-sample.csv"
    lines = source.read_text("utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if not line.startswith("FOC-GSME-1,")]
    assert len(kept) < len(lines)
    custom = tmp_path / "dmves.csv"
    custom.write_text("\n".join(kept) + "\n", "utf-8")
    assert any(m.id == "FOC-GSME-1" for m in sample)
    out = tmp_path / "spec"
    assert main(["spec", "--out", str(out), "--dmves", str(custom)]) == 0
    section = _section((out / "spec.md").read_text("utf-8"), "S1SR-18.17(i)")
    assert "**Device models (DMVES):** FOC-ESME-1\n" in section


def test_spec_page_is_self_contained(spec: Path) -> None:
    """The HTML specification loads nothing from outside."""
    page = (spec / "index.html").read_text("utf-8")
    for outside in ("<link", " src=", "url(", "@import", "<script"):
        assert outside not in page, outside
