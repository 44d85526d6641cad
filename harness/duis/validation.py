"""Schema validation of DUIS documents, collecting every problem with line and XPath."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from lxml import etree

from harness.duis.namespaces import DS, RA, SR
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.xmlinput import DEFAULT_MAX_BYTES, parse_bytes, read_limited
from harness.errors import (
    ForbiddenXmlError,
    InputError,
    InvalidDocumentError,
    OversizeInputError,
    UnreadableInputError,
)

_LONG_SET = re.compile(r"\{('[^']*'(?:, '[^']*'){8,})\}")
_CLARK = re.compile(r"\{[^}]+\}")
_PREFIXES = {f"{{{SR}}}": "sr:", f"{{{RA}}}": "ra:", f"{{{DS}}}": "ds:"}


@lru_cache(maxsize=4096)
def _shorten(message: str) -> str:
    """Abbreviate long enumeration sets and namespace URIs in libxml2 messages (cached: in a
    capture the same mistake tends to recur)."""

    def cut(found: re.Match[str]) -> str:
        values = found.group(1).split(", ")
        return "{" + ", ".join(values[:6]) + f", … ({len(values)} values)" + "}"

    message = _LONG_SET.sub(cut, message)
    return _CLARK.sub(lambda m: _PREFIXES.get(m.group(0), m.group(0)), message)


@dataclass(frozen=True)
class Problem:
    """One reason a document is not acceptable."""

    source: str
    line: int | None
    path: str | None
    reason: str
    kind: str
    schema: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        at = f" at {self.path}" if self.path else ""
        return f"{where}{at}: {self.reason}"


@dataclass(frozen=True)
class ValidationReport:
    """The verdict on one document: every problem, the schema set used, what the root was."""

    source: str
    schema: str
    problems: tuple[Problem, ...]
    root: str | None = None
    srv: str | None = None

    @property
    def valid(self) -> bool:
        """True when there is no problem at all."""
        return not self.problems

    @property
    def checked(self) -> bool:
        """False when the document could not even be read (unreadable or over the size limit)."""
        return not any(p.kind in ("unreadable", "oversize") for p in self.problems)


def _input_kind(error: InputError) -> str:
    if isinstance(error, UnreadableInputError):
        return "unreadable"
    if isinstance(error, OversizeInputError):
        return "oversize"
    if isinstance(error, ForbiddenXmlError):
        return "forbidden"
    return "malformed"


_SRV_TAG = f"{{{SR}}}ServiceReferenceVariant"


def srv_of(root: etree._Element) -> str | None:
    """The SRV a request's header or a response's message names, if any (cheaply)."""
    try:
        last = root[0][-1]
    except IndexError:  # no child, or a first child without children
        if not len(root):
            return None
    else:
        if last.tag == _SRV_TAG:  # a request: the header's last element
            text = last.text
            return text.strip() if text else None
    places = [root[0]]
    if len(root) > 1 and len(root[1]):
        places.append(root[1][0])  # Response/Body/ResponseMessage (or another body kind)
    for place in places:
        for child in place:
            if child.tag == _SRV_TAG:
                return child.text.strip() if child.text else None
    return None


def local_name(tag: str) -> str:
    """The tag without its namespace."""
    return tag.rpartition("}")[2]


def schema_problems(error_log: etree._ListErrorLog) -> list[tuple[int | None, str | None, str]]:
    """Line, XPath and (shortened) reason of each entry of a failed validation's error log."""
    return [
        (entry.line or None, entry.path or None, _shorten(entry.message))
        for entry in cast(Iterable[etree._LogEntry], error_log)
    ]


class Validator:
    """Validates documents against one schema set, compiled once and reused."""

    def __init__(self, schema_set: SchemaSet | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.schema_set = schema_set if schema_set is not None else load_schema_set()
        self.max_bytes = max_bytes
        self.schema_set.lxml_schema()  # compile now, so that errors surface at construction
        self._label = self.schema_set.label

    def validate_element(
        self, root: etree._Element, source: str = "<document>"
    ) -> ValidationReport:
        """Validate a parsed document."""
        schema = self.schema_set.lxml_schema()
        valid = schema.validate(root)
        return self.report(root, source, None if valid else schema.error_log)

    def report(
        self, root: etree._Element, source: str, error_log: etree._ListErrorLog | None
    ) -> ValidationReport:
        """The report on ``root`` from the error log of its failed validation (None: it passed).

        For callers that validated with the compiled schema themselves and want the full report
        only when it failed, without validating again.
        """
        label = self._label
        problems: tuple[Problem, ...] = ()
        if error_log is not None:
            problems = tuple(
                Problem(source, line, path, reason, "schema", label)
                for line, path, reason in schema_problems(error_log)
            )
        return ValidationReport(source, label, problems, local_name(root.tag), srv_of(root))

    def validate_bytes(self, data: bytes, source: str = "<bytes>") -> ValidationReport:
        """Parse untrusted bytes defensively and validate them; input errors become problems."""
        try:
            root = parse_bytes(data, source, self.max_bytes)
        except InputError as exc:
            return self.input_problem(source, exc)
        return self.validate_element(root, source)

    def validate_file(self, path: str | os.PathLike[str]) -> ValidationReport:
        """Read, parse and validate one file; nothing raises for bad input."""
        source = os.fspath(path)
        try:
            data = read_limited(source, self.max_bytes)
        except InputError as exc:
            return self.input_problem(source, exc)
        return self.validate_bytes(data, source)

    def check_element(self, root: etree._Element, what: str) -> None:
        """Raise :class:`InvalidDocumentError` listing every problem if ``root`` is invalid."""
        report = self.validate_element(root, what)
        if not report.valid:
            raise InvalidDocumentError(what, report.problems)

    def input_problem(self, source: str, error: InputError) -> ValidationReport:
        """The report on a document that could not be read or parsed."""
        problem = Problem(
            source, error.line, None, error.reason, _input_kind(error), self.schema_set.label
        )
        return ValidationReport(source, self.schema_set.label, (problem,))
