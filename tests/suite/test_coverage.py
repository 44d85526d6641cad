"""The feature files and the requirement register cover each other, in both directions."""

from __future__ import annotations

import re
from pathlib import Path

from harness.register import default_register, features_directory
from harness.suite.plugin import marker_names

_TAG = re.compile(r"(?<![\w@])@([A-Za-z_][\w]*)")


def _features() -> list[Path]:
    return sorted(features_directory().rglob("*.feature"))


def _tags(path: Path) -> set[str]:
    tags: set[str] = set()
    for line in path.read_text("utf-8").splitlines():
        if line.strip().startswith("@"):
            tags.update(_TAG.findall(line))
    return tags


def _title_id(path: Path) -> str:
    for line in path.read_text("utf-8").splitlines():
        if line.strip().startswith("Feature:"):
            return line.split(":", 1)[1].split(" - ", 1)[0].strip()
    return ""


def test_every_in_scope_requirement_has_a_feature_with_scenarios() -> None:
    """Each in-scope register entry has a feature file tagged with it that holds a scenario."""
    covered: set[str] = set()
    for path in _features():
        if "Scenario" in path.read_text("utf-8"):
            covered |= _tags(path)
    missing = [r.id for r in default_register() if r.in_scope and r.tag not in covered]
    assert missing == []


def test_every_requirement_tag_names_a_register_row() -> None:
    """Every tag used in a feature file is a registered marker (requirement tags included)."""
    known = {name for name, _ in marker_names()}
    unknown = {f"{p.name}: {t}" for p in _features() for t in _tags(p) if t not in known}
    assert unknown == set()


def test_each_feature_is_one_requirement_named_by_its_id() -> None:
    """A feature file's name and title carry its register id, and it tags exactly that one."""
    register = default_register()
    tags = {r.tag: r.id for r in register}
    problems = []
    for path in _features():
        requirement_tags = [t for t in _tags(path) if t in tags]
        if len(requirement_tags) != 1:
            problems.append(f"{path.name}: requirement tags {requirement_tags}")
            continue
        identifier = tags[requirement_tags[0]]
        if path.stem != identifier or _title_id(path) != identifier:
            problems.append(f"{path.name}: title/file should be {identifier}")
    assert problems == []


def test_out_of_scope_requirements_have_no_feature() -> None:
    """No feature file claims a requirement the register marks out of scope."""
    out = {r.tag for r in default_register() if not r.in_scope}
    claimed = {t for p in _features() for t in _tags(p)} & out
    assert claimed == set()
