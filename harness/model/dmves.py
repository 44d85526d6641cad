"""Device models and the DMVES clause mapping, loaded from a CSV file the user can replace.

The real DMVES (S1SR Annex A) is not public; the harness ships an illustrative sample
(``harness/data/dmves-sample.csv``). The format is documented in ``docs/dmves.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from harness.errors import DataFileError
from harness.model.devices import Cohort, DeviceType, SmetsVersion

COLUMNS = (
    "id",
    "cohort",
    "device_type",
    "manufacturer",
    "model",
    "hardware_version",
    "firmware_version",
    "smets_version",
    "bilingual",
    "firmware_upgrade",
    "clauses",
    "outcomes",
)
_CLAUSE = re.compile(r"18\.\d+(\([a-z]+\)(-\([a-z]+\))?)?")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")
_BOOL = {"yes": True, "no": False, "true": True, "false": False, "y": True, "n": False}


@dataclass(frozen=True)
class DeviceModel:
    """One SMETS1 Device Model as the DMVES describes it."""

    id: str
    cohort: Cohort
    device_type: DeviceType
    manufacturer: str
    model: str
    hardware_version: str
    firmware_version: str
    smets_version: SmetsVersion
    bilingual: bool
    firmware_upgrade: bool
    clauses: frozenset[str]
    outcomes: Mapping[str, str] = field(default_factory=dict)

    def subject_to(self, clause: str) -> bool:
        """Whether the DMVES maps this Section 18 clause (``18.17(i)``) to the model."""
        return clause in self.clauses

    def outcome(self, clause: str, default: str) -> str:
        """The configured outcome for a regulation-uncertain clause, or the documented default."""
        return self.outcomes.get(clause, default)


@dataclass(frozen=True)
class Dmves:
    """The loaded mapping: device models, where they came from, and the file's SHA-256."""

    models: tuple[DeviceModel, ...]
    source: str
    sha256: str

    def __iter__(self) -> Iterator[DeviceModel]:
        return iter(self.models)

    def get(self, model_id: str) -> DeviceModel:
        """The model with this id; DataFileError naming the known ids otherwise."""
        for model in self.models:
            if model.id == model_id:
                return model
        known = ", ".join(m.id for m in self.models)
        raise DataFileError(self.source, f"no device model {model_id!r} (known: {known})")

    def subject_to(self, clause: str) -> tuple[DeviceModel, ...]:
        """Every model the clause applies to."""
        return tuple(m for m in self.models if clause in m.clauses)

    def not_subject_to(
        self, clause: str, device_type: DeviceType | None = None
    ) -> tuple[DeviceModel, ...]:
        """Models the clause does not apply to (negative controls), optionally of one type."""
        return tuple(
            m
            for m in self.models
            if clause not in m.clauses and (device_type is None or m.device_type is device_type)
        )

    def clauses(self) -> frozenset[str]:
        """Every clause that some model is subject to."""
        return frozenset(c for m in self.models for c in m.clauses)

    def without_clause(self, clause: str) -> Dmves:
        """The same mapping with ``clause`` removed from every model (for mutation tests)."""
        models = tuple(
            replace(
                m,
                clauses=m.clauses - {clause},
                outcomes={k: v for k, v in m.outcomes.items() if k != clause},
            )
            for m in self.models
        )
        return Dmves(models, f"{self.source} without {clause}", self.sha256)


def _data_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _flag(value: str, source: str, line: int, column: str) -> bool:
    try:
        return _BOOL[value.strip().lower()]
    except KeyError:
        raise DataFileError(source, f"must be yes or no (got {value!r})", line, column) from None


def _clauses(value: str, source: str, line: int, known: frozenset[str] | None) -> frozenset[str]:
    found = frozenset(value.split())
    for clause in found:
        if not _CLAUSE.fullmatch(clause):
            raise DataFileError(
                source, f"clause must look like 18.17(i) (got {clause!r})", line, "clauses"
            )
        if known is not None and clause not in known:
            raise DataFileError(
                source, f"clause {clause} is not in the requirement register", line, "clauses"
            )
    return found


def _outcomes(value: str, source: str, line: int, clauses: frozenset[str]) -> dict[str, str]:
    outcomes: dict[str, str] = {}
    for pair in value.split():
        clause, sep, outcome = pair.partition("=")
        if not sep or not outcome:
            raise DataFileError(
                source, f"outcomes are clause=outcome pairs (got {pair!r})", line, "outcomes"
            )
        if clause not in clauses:
            raise DataFileError(
                source,
                f"outcome given for {clause}, which the model is not subject to",
                line,
                "outcomes",
            )
        outcomes[clause] = outcome
    return outcomes


def _model(
    row: dict[str, str], source: str, line: int, known: frozenset[str] | None
) -> DeviceModel:
    def text(column: str) -> str:
        value = (row.get(column) or "").strip()
        if not value and column not in ("clauses", "outcomes"):
            raise DataFileError(source, "must not be empty", line, column)
        return value

    if not _ID.fullmatch(text("id")):
        raise DataFileError(
            source, f"id must be letters, digits, _.+- (got {text('id')!r})", line, "id"
        )
    try:
        cohort = Cohort.parse(text("cohort"))
        smets = SmetsVersion.parse(text("smets_version"))
    except ValueError as exc:
        column = "cohort" if "cohort" in str(exc) else "smets_version"
        raise DataFileError(source, str(exc), line, column) from None
    try:
        device_type = DeviceType(text("device_type").upper())
    except ValueError:
        names = ", ".join(t.value for t in DeviceType)
        raise DataFileError(
            source, f"must be one of {names} (got {text('device_type')!r})", line, "device_type"
        ) from None
    clauses = _clauses(text("clauses"), source, line, known)
    return DeviceModel(
        id=text("id"),
        cohort=cohort,
        device_type=device_type,
        manufacturer=text("manufacturer"),
        model=text("model"),
        hardware_version=text("hardware_version"),
        firmware_version=text("firmware_version"),
        smets_version=smets,
        bilingual=_flag(text("bilingual"), source, line, "bilingual"),
        firmware_upgrade=_flag(text("firmware_upgrade"), source, line, "firmware_upgrade"),
        clauses=clauses,
        outcomes=_outcomes(text("outcomes"), source, line, clauses),
    )


def parse_dmves(text: str, source: str, known_clauses: frozenset[str] | None = None) -> Dmves:
    """Parse DMVES CSV text; every fault is a DataFileError naming source, line and column."""
    lines = list(_data_lines(text))
    if not lines:
        raise DataFileError(source, "no header row and no device models")
    header_line, header = lines[0]
    columns = next(csv.reader([header]))
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise DataFileError(source, f"header lacks columns: {', '.join(missing)}", header_line)
    models: list[DeviceModel] = []
    seen: dict[str, int] = {}
    for number, line in lines[1:]:
        values = next(csv.reader(io.StringIO(line)))
        if len(values) != len(columns):
            raise DataFileError(
                source, f"expected {len(columns)} values, found {len(values)}", number
            )
        model = _model(dict(zip(columns, values, strict=True)), source, number, known_clauses)
        if model.id in seen:
            raise DataFileError(
                source, f"id {model.id!r} repeats line {seen[model.id]}", number, "id"
            )
        seen[model.id] = number
        models.append(model)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Dmves(tuple(models), source, digest)


def load_dmves(
    path: str | os.PathLike[str] | None = None, known_clauses: frozenset[str] | None = None
) -> Dmves:
    """Load a DMVES CSV file, or the shipped illustrative sample when ``path`` is None."""
    if path is None:
        resource = resources.files("harness").joinpath("data/dmves-sample.csv")
        return parse_dmves(
            resource.read_text("utf-8"), "dmves-sample.csv (illustrative)", known_clauses
        )
    source = os.fspath(path)
    try:
        text = Path(source).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(source, f"cannot read: {exc}") from None
    return parse_dmves(text, source, known_clauses)
