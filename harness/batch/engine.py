"""Checks a stream of documents in one or several processes, in order, with flat memory.

Documents are sent to worker processes in small batches, and only a few batches are ever in
flight, so neither the inputs nor the results pile up in memory however many there are. Each
worker validates a batch, renders its results in the output format and counts them; the main
process receives one :class:`Block` per batch (the text and the counts), in input order, and
only writes and adds. The :class:`Summary` holds counts by SRV and by problem kind, never the
results.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from harness.batch.render import render, render_schema_invalid, render_valid
from harness.batch.sources import Chunk, Document
from harness.duis.schemas import load_schema_set
from harness.duis.validation import (
    ValidationReport,
    Validator,
    local_name,
    schema_problems,
    srv_of,
)
from harness.duis.xmlinput import parse_bytes
from harness.errors import InputError

if TYPE_CHECKING:
    from concurrent.futures import Future

#: Documents per task sent to a worker process.
BATCH = 64
#: Tasks in flight per worker.
IN_FLIGHT = 4

Result = dict[str, Any]


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

    def add(self, result: Result) -> None:
        """Count one result."""
        self.files += 1
        if result["valid"]:
            self.valid += 1
        elif result["checked"]:
            self.invalid += 1
        else:
            self.unreadable += 1
        status = "valid" if result["valid"] else "invalid"
        self.by_srv[(result["srv"] or "-", status)] += 1
        for kind in {p["kind"] for p in result["problems"]}:
            self.by_kind[kind] += 1

    def add_schema_invalid(self, srv: str | None) -> None:
        """Count one document read but refused by the schema (what :meth:`add` would count)."""
        self.files += 1
        self.invalid += 1
        self.by_srv[(srv or "-", "invalid")] += 1
        self.by_kind["schema"] += 1

    def add_valid(self, srv: str | None, count: int = 1) -> None:
        """Count ``count`` valid documents naming ``srv``."""
        self.files += count
        self.valid += count
        self.by_srv[(srv or "-", "valid")] += count

    def merge(self, other: Summary) -> None:
        """Add another summary's counts to this one."""
        self.files += other.files
        self.valid += other.valid
        self.invalid += other.invalid
        self.unreadable += other.unreadable
        self.by_srv.update(other.by_srv)
        self.by_kind.update(other.by_kind)

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


@dataclass(frozen=True)
class Block:
    """A batch's results: their rendered text (json: elements joined, no outer separator) and
    their counts."""

    text: str
    summary: Summary


def check_batch(validator: Validator, documents: list[Document], form: str) -> Block:
    """Validate, render and count a batch.

    A valid document takes a short path (parse, validate, render); only a document with a
    problem goes through the full report, which lists every problem. Each document is parsed
    and validated once.
    """
    summary = Summary()
    parts: list[str] = []
    append = parts.append  # the loop runs once per message: names bound once
    valid_srvs: Counter[str | None] = Counter()
    schema = validator.schema_set.lxml_schema()
    validate, max_bytes = schema.validate, validator.max_bytes
    for document in documents:
        data, source = document.data, document.source
        if data is not None:
            try:
                root = parse_bytes(data, source, max_bytes)
            except InputError as exc:
                result = as_result(validator.input_problem(source, exc))
            else:
                if validate(root):
                    srv = srv_of(root)
                    valid_srvs[srv] += 1
                    append(render_valid(source, root.tag, srv, form))
                    continue
                problems = schema_problems(schema.error_log)
                if problems and form != "text":  # the usual failure: no report objects
                    srv = srv_of(root)
                    summary.add_schema_invalid(srv)
                    append(render_schema_invalid(source, local_name(root.tag), srv, problems, form))
                    continue
                result = as_result(validator.report(root, source, schema.error_log))
        else:
            result = check(validator, document)
        summary.add(result)
        append(render(result, form))
    for srv, count in valid_srvs.items():
        summary.add_valid(srv, count)
    return Block((",\n  " if form == "json" else "").join(parts), summary)


_WORKER: tuple[Validator, str] | None = None


def _start_worker(xsd: str | None, max_bytes: int, form: str) -> None:
    global _WORKER
    _WORKER = (Validator(load_schema_set(xsd), max_bytes=max_bytes), form)


def _check_in_worker(items: list[Document | Chunk]) -> Block:
    assert _WORKER is not None, "worker not started"
    validator, form = _WORKER
    documents: list[Document] = []
    for item in items:
        if isinstance(item, Chunk):
            documents.extend(item.documents(validator.max_bytes))
        else:
            documents.append(item)
    return check_batch(validator, documents, form)


def run(
    documents: Iterable[Document | Chunk],
    *,
    xsd: str | None,
    max_bytes: int,
    jobs: int = 1,
    form: str = "jsonl",
    on_block: Callable[[Block], None] = lambda block: None,
) -> Summary:
    """Check every document with ``jobs`` processes; call ``on_block`` per batch, in order."""
    summary = Summary()
    for block in _blocks(documents, xsd, max_bytes, jobs, form):
        on_block(block)
        summary.merge(block.summary)
    return summary


def _blocks(
    items: Iterable[Document | Chunk], xsd: str | None, max_bytes: int, jobs: int, form: str
) -> Iterator[Block]:
    source = _batches(items, max_bytes if jobs <= 1 else None)
    if jobs <= 1:
        validator = Validator(load_schema_set(xsd), max_bytes=max_bytes)
        for documents in source:  # chunks were cut into documents by _batches
            yield check_batch(validator, cast(list[Document], documents), form)
        return
    # imported here: one process never needs it, and it costs a tenth of the start-up
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(xsd, max_bytes, form)
    ) as pool:
        pending: deque[Future[Block]] = deque()
        while True:
            while len(pending) < jobs * IN_FLIGHT:
                batch = next(source, None)
                if batch is None:
                    break
                pending.append(pool.submit(_check_in_worker, batch))
            if not pending:
                return
            yield pending.popleft().result()


def _batches(
    items: Iterable[Document | Chunk], expand: int | None
) -> Iterator[list[Document | Chunk]]:
    """Tasks: up to BATCH documents, or one chunk on its own. With ``expand`` (the size limit),
    chunks are cut into their documents here instead (one process)."""
    batch: list[Document | Chunk] = []
    for item in items:
        if isinstance(item, Chunk):
            if expand is not None:
                for document in item.documents(expand):
                    batch.append(document)
                    if len(batch) >= BATCH:
                        yield batch
                        batch = []
                continue
            if batch:
                yield batch
                batch = []
            yield [item]
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
