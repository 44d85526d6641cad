"""The requirement register (``features/requirements.yaml``) as typed, frozen values.

What each field means is documented in ``docs/requirements.md``; this module only loads and
checks the parts the harness relies on, naming the file and entry on any fault.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from harness.errors import DataFileError


def features_directory() -> Path:
    """Where the feature files and the register live (a checkout or the installed package)."""
    packaged = Path(__file__).resolve().parent / "_features"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "features"


@dataclass(frozen=True)
class Assumption:
    """A decision the harness makes where the sources are silent."""

    id: str
    statement: str
    reasoning: str


@dataclass(frozen=True)
class Requirement:
    """One register entry."""

    id: str
    tag: str
    title: str
    seed: str
    section: str
    baselines: tuple[str, ...]
    device_types: tuple[str, ...]
    cohorts: tuple[str, ...]
    srvs: tuple[str, ...]
    rule: str
    in_scope: bool
    scope_reason: str
    uncertain: bool
    allowed_outcomes: tuple[str, ...]
    assumptions: tuple[str, ...]

    @property
    def clause(self) -> str | None:
        """The S1SR Section 18 clause (``18.17(i)``) for S1SR entries, else None."""
        return self.id.removeprefix("S1SR-") if self.id.startswith("S1SR-18.") else None

    @property
    def source(self) -> str:
        """Seed file and section, as reports print it."""
        return f"{self.seed}, {self.section}"


@dataclass(frozen=True)
class Register:
    """Every requirement and assumption, with the file's identity."""

    requirements: tuple[Requirement, ...]
    assumptions: Mapping[str, Assumption]
    source: str
    sha256: str

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.requirements)

    def get(self, requirement_id: str) -> Requirement:
        """The entry with this id; DataFileError otherwise."""
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise DataFileError(self.source, f"no requirement {requirement_id!r}")

    def by_tag(self, tag: str) -> Requirement:
        """The entry whose marker tag is ``tag``; DataFileError otherwise."""
        for requirement in self.requirements:
            if requirement.tag == tag:
                return requirement
        raise DataFileError(self.source, f"no requirement with tag {tag!r}")

    def s1sr_clauses(self) -> frozenset[str]:
        """Section 18 clauses with an in-scope entry (what a DMVES file may map)."""
        return frozenset(r.clause for r in self.requirements if r.clause and r.in_scope)


def _folded(value: object) -> str:
    return " ".join(str(value).split())


def _strings(entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    return tuple(str(v) for v in value)


def _requirement(entry: Mapping[str, Any], source: str) -> Requirement:
    try:
        origin = entry["source"]
        return Requirement(
            id=str(entry["id"]),
            tag=str(entry["tag"]),
            title=str(entry["title"]),
            seed=str(origin["seed"]),
            section=str(origin["section"]),
            baselines=_strings(entry, "baselines"),
            device_types=_strings(entry, "device_types"),
            cohorts=_strings(entry, "cohorts"),
            srvs=_strings(entry, "srvs"),
            rule=_folded(entry["rule"]),
            in_scope=entry["scope"] == "in",
            scope_reason=" ".join(
                str(entry.get("scope_reason") or entry.get("reason") or "").split()
            ),
            uncertain=entry.get("outcome_certainty") == "uncertain",
            allowed_outcomes=_strings(entry, "allowed_outcomes"),
            assumptions=_strings(entry, "assumptions"),
        )
    except (KeyError, TypeError) as exc:
        raise DataFileError(source, f"entry {entry.get('id', '?')!r} lacks {exc}") from None


def parse_register(text: str, source: str) -> Register:
    """Parse register YAML text (safe loader)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(source, f"not valid YAML: {exc}", line) from None
    if not isinstance(document, dict) or not isinstance(document.get("requirements"), list):
        raise DataFileError(source, "expected a mapping with a 'requirements' list")
    assumptions = {
        str(a["id"]): Assumption(
            str(a["id"]),
            " ".join(str(a["statement"]).split()),
            " ".join(str(a["reasoning"]).split()),
        )
        for a in document.get("assumptions") or []
    }
    requirements = tuple(_requirement(e, source) for e in document["requirements"])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Register(requirements, assumptions, source, digest)


def load_register(path: str | os.PathLike[str] | None = None) -> Register:
    """Load the register file (default: the project's ``features/requirements.yaml``)."""
    if path is None:
        return default_register()
    source = os.fspath(path)
    try:
        text = Path(source).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(source, f"cannot read: {exc}") from None
    return parse_register(text, source)


@cache
def default_register() -> Register:
    """The project's register, loaded once per process."""
    path = features_directory() / "requirements.yaml"
    return parse_register(path.read_text("utf-8"), str(path))
