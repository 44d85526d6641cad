"""Checks a stream of documents in one or several processes, in order, with flat memory.

Documents are sent to worker processes in small batches, and only a few batches are ever in
flight, so neither the inputs nor the results pile up in memory however many there are. Each
worker validates and also renders its results in the output format, so the main process only
writes text and counts: each result reaches the caller as an :class:`Outcome` (its rendered text
and what the summary needs) as soon as its turn comes, in input order. The :class:`Summary`
holds counts by SRV and by problem kind, never the results.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from harness.batch.render import render
from harness.batch.sources import Document
from harness.duis.schemas import load_schema_set
from harness.duis.validation import ValidationReport, Validator

#: Documents per task sent to a worker process.
BATCH = 64
#: Tasks in flight per worker.
IN_FLIGHT = 4

Result = dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    """One document's result as the main process needs it: rendered, and what to count."""

    text: str
    valid: bool
    checked: bool
    srv: str | None
    kinds: tuple[str, ...]


def outcome(result: Result, form: str) -> Outcome:
    """Render a result and keep what the summary counts."""
    kinds = tuple(sorted({p["kind"] for p in result["problems"]}))
    return Outcome(render(result, form), result["valid"], result["checked"], result["srv"], kinds)


@dataclass
class Summary:
    """Counts over a whole batch."""

    files: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    #: (SRV or "-", "valid"/"invalid") → count.
    by_srv: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: Problem kind (schema, malformed, forbidden, oversize, unreadable) → documents with it.
    by_kind: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        """Count one result."""
        self.files += 1
        if outcome.valid:
            self.valid += 1
        elif outcome.checked:
            self.invalid += 1
        else:
            self.unreadable += 1
        status = "valid" if outcome.valid else "invalid"
        self.by_srv[(outcome.srv or "-", status)] += 1
        for kind in outcome.kinds:
            self.by_kind[kind] += 1

    def as_dict(self) -> dict[str, Any]:
        """The machine-readable summary."""
        srvs = sorted({srv for srv, _ in self.by_srv})
        return {
            "files": self.files,
            "valid": self.valid,
            "invalid": self.invalid,
            "unreadable": self.unreadable,
            "by_srv": {
                srv: {s: self.by_srv[(srv, s)] for s in ("valid", "invalid")} for srv in srvs
            },
            "by_problem_kind": dict(sorted(self.by_kind.items())),
        }


def as_result(report: ValidationReport) -> Result:
    """A report as plain data (what crosses between processes and is printed)."""
    return {
        "source": report.source,
        "valid": report.valid,
        "checked": report.checked,
        "root": report.root,
        "srv": report.srv,
        "problems": [
            {"line": p.line, "path": p.path, "kind": p.kind, "reason": p.reason}
            for p in report.problems
        ],
    }


def check(validator: Validator, document: Document) -> Result:
    """Validate one document (an unreadable one is reported as such)."""
    if document.data is None:
        return {
            "source": document.source,
            "valid": False,
            "checked": False,
            "root": None,
            "srv": None,
            "problems": [
                {"line": None, "path": None, "kind": document.problem, "reason": document.detail}
            ],
        }
    return as_result(validator.validate_bytes(document.data, document.source))


_WORKER: tuple[Validator, str] | None = None


def _start_worker(xsd: str | None, max_bytes: int, form: str) -> None:
    global _WORKER
    _WORKER = (Validator(load_schema_set(xsd), max_bytes=max_bytes), form)


def _check_batch(documents: list[Document]) -> list[Outcome]:
    assert _WORKER is not None, "worker not started"
    validator, form = _WORKER
    return [outcome(check(validator, d), form) for d in documents]


def run(
    documents: Iterable[Document],
    *,
    xsd: str | None,
    max_bytes: int,
    jobs: int = 1,
    form: str = "jsonl",
    on_result: Callable[[Outcome], None] = lambda outcome: None,
) -> Summary:
    """Check every document with ``jobs`` processes; call ``on_result`` for each, in order."""
    summary = Summary()
    for done in _outcomes(documents, xsd, max_bytes, jobs, form):
        on_result(done)
        summary.add(done)
    return summary


def _outcomes(
    documents: Iterable[Document], xsd: str | None, max_bytes: int, jobs: int, form: str
) -> Iterator[Outcome]:
    if jobs <= 1:
        validator = Validator(load_schema_set(xsd), max_bytes=max_bytes)
        for document in documents:
            yield outcome(check(validator, document), form)
        return
    source = iter(documents)
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(xsd, max_bytes, form)
    ) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        while True:
            while len(pending) < jobs * IN_FLIGHT:
                batch = list(islice(source, BATCH))
                if not batch:
                    break
                pending.append(pool.submit(_check_batch, batch))
            if not pending:
                return
            yield from pending.popleft().result()
