"""Validating many documents: inputs of every kind, streaming, several processes, summaries."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.batch import engine
from harness.batch.render import render, render_schema_invalid, render_valid
from harness.batch.sources import Chunk, Document, _chunks, documents
from harness.cli.main import main
from harness.duis.builder import build_request
from harness.duis.validation import Validator

DEVICE = "00-DB-12-34-56-78-90-A4"


def _request(srv: str = "11.2", counter: int = 1) -> bytes:
    return build_request(srv, target=DEVICE, counter=counter).xml


def _invalid(counter: int = 1) -> bytes:
    return _request(counter=counter).replace(b"<sr:CommandVariant>1<", b"<sr:CommandVariant>X<")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder with files, a JSON-lines capture and a concatenated capture."""
    folder = tmp_path / "in"
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "a.xml").write_bytes(_request(counter=1))
    (folder / "deep" / "er" / "B.XML").write_bytes(_invalid(2))
    (folder / "notes.txt").write_text("not a message", "utf-8")
    lines = [
        json.dumps({"xml": _request(counter=3).decode(), "source": "uit-1"}),
        "",
        json.dumps({"xml_base64": base64.b64encode(_invalid(4)).decode()}),
        "{not json",
        json.dumps({"other": 1}),
    ]
    (tmp_path / "capture.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "capture.xmls").write_bytes(
        _request(counter=5) + b"\n" + _invalid(6) + _request(counter=7)
    )
    return tmp_path


def test_every_kind_of_input_is_read_with_a_source_saying_where(inputs: Path) -> None:
    """Directories recursively (*.xml any case), glob patterns, JSON lines and concatenated XML."""
    found = list(
        documents(
            [
                str(inputs / "in"),
                str(inputs / "in" / "**" / "*.XML"),
                str(inputs / "capture.jsonl"),
                str(inputs / "capture.xmls"),
            ]
        )
    )
    names = [d.source for d in found]
    assert names[:2] == [str(inputs / "in" / "a.xml"), str(inputs / "in" / "deep" / "er" / "B.XML")]
    assert names[2] == str(inputs / "in" / "deep" / "er" / "B.XML")
    jsonl = str(inputs / "capture.jsonl")
    assert names[3:7] == [f"{jsonl}:1 (uit-1)", f"{jsonl}:3", f"{jsonl}:4", f"{jsonl}:5"]
    xmls = str(inputs / "capture.xmls")
    assert names[7:] == [f"{xmls}#1", f"{xmls}#2", f"{xmls}#3"]
    assert [d.problem for d in found[5:7]] == ["unreadable", "unreadable"]
    assert found[4].data == _invalid(4)
    assert found[8].data == _invalid(6)


def test_oversize_message_inside_a_capture_does_not_stop_the_rest(tmp_path: Path) -> None:
    """A message over the limit inside a concatenated capture is reported; the next one is read."""
    big = b'<?xml version="1.0"?><r>' + b"x" * 5000 + b"</r>"
    capture = tmp_path / "c.cap"
    capture.write_bytes(_request(counter=1) + big + _request(counter=2))
    found = list(documents([str(capture)], max_bytes=4096))
    assert [d.problem for d in found] == ["", "oversize", ""]
    assert found[2].data == _request(counter=2)


def test_missing_input_and_empty_glob_are_unreadable(tmp_path: Path) -> None:
    """A file that is not there, or a pattern matching nothing, is reported by name."""
    found = list(documents([str(tmp_path / "gone.xml"), str(tmp_path / "*.nothing")]))
    assert [(Path(d.source).name, d.problem) for d in found] == [
        ("gone.xml", "unreadable"),
        ("*.nothing", "unreadable"),
    ]


def test_two_processes_give_the_same_results_in_the_same_order(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--jobs 2 prints exactly what --jobs 1 prints, in input order."""
    many = tmp_path / "many.xmls"
    many.write_bytes(b"".join(_request(counter=n) if n % 7 else _invalid(n) for n in range(1, 301)))
    outputs = []
    for jobs in ("1", "2"):
        code = main(
            ["validate", "--format", "jsonl", "--jobs", jobs, str(many), str(inputs / "in")]
        )
        assert code == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    lines = outputs[0].splitlines()
    assert len(lines) == 302 + 1  # results, then the summary
    assert json.loads(lines[-1])["summary"]["invalid"] == 42 + 1


def test_summary_counts_by_srv_and_problem_kind(inputs: Path, tmp_path: Path) -> None:
    """--report writes counts by SRV (valid/invalid) and by problem kind; exit 2 for unreadable."""
    report = tmp_path / "summary.json"
    code = main(
        [
            "validate",
            "--format",
            "json",
            "--report",
            str(report),
            str(inputs / "capture.jsonl"),
            str(inputs / "capture.xmls"),
        ]
    )
    assert code == 2
    summary = json.loads(report.read_text("utf-8"))
    assert (summary["files"], summary["valid"], summary["invalid"], summary["unreadable"]) == (
        7,
        3,
        2,
        2,
    )
    assert summary["by_srv"]["11.2"] == {"valid": 3, "invalid": 2}
    assert summary["by_problem_kind"] == {"schema": 2, "unreadable": 2}


def test_json_output_is_one_document(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints a single JSON document with every file and the summary."""
    assert main(["validate", "--format", "json", str(inputs / "in")]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [f["valid"] for f in document["files"]] == [True, False]
    assert document["summary"]["files"] == 2
    assert document["schema"].startswith("bundled DUIS")


def test_progress_goes_to_standard_error(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--progress always reports the documents validated on standard error, not stdout."""
    main(["validate", "--progress", "always", str(inputs / "capture.xmls")])
    captured = capsys.readouterr()
    assert "validated 3 documents" in captured.err
    assert "validated" not in captured.out


def test_jobs_must_be_positive(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs 0 is a usage error."""
    assert main(["validate", "--jobs", "0", str(inputs / "in")]) == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", [1, 2])
def test_documents_are_pulled_only_a_few_batches_ahead(jobs: int) -> None:
    """However long the input, the engine holds at most a few batches: memory stays flat."""
    data = _request()
    pulled = 0

    def endless() -> Iterator[Document]:
        nonlocal pulled
        for number in range(3000):
            pulled += 1
            yield Document(f"m{number}", data)

    emitted = 0
    ahead: list[int] = []

    def seen(block: engine.Block) -> None:
        nonlocal emitted
        emitted += block.summary.files
        ahead.append(pulled - emitted)

    summary = engine.run(endless(), xsd=None, max_bytes=1 << 20, jobs=jobs, on_block=seen)
    assert summary.files == summary.valid == 3000
    bound = engine.BATCH if jobs == 1 else jobs * engine.IN_FLIGHT * engine.BATCH
    assert max(ahead) <= bound


@pytest.mark.parametrize("form", ["text", "json", "jsonl"])
@pytest.mark.parametrize("source", ['odd "name" \\ é.xml', "capture.xmls#12", "tab\there.xml"])
def test_short_path_for_valid_documents_renders_what_the_full_report_would(
    form: str, source: str
) -> None:
    """A valid document's quick rendering is byte for byte the full report's rendering."""
    report = Validator().validate_bytes(_request(), source)
    assert report.valid
    full = render(engine.as_result(report), form)
    assert render_valid(report.source, str(report.root), report.srv, form) == full


@pytest.mark.parametrize("form", ["json", "jsonl"])
@pytest.mark.parametrize("source", ['odd "name" \\ é.xml', "capture.xmls#12", "tab\there.xml"])
def test_short_path_for_schema_failures_renders_what_the_full_report_would(
    form: str, source: str
) -> None:
    """A schema-invalid document's quick rendering (two problems here) is the full report's."""
    data = _invalid().replace(b"<sr:ServiceReference>", b"<sr:ServiceReference>?", 1)
    report = Validator().validate_bytes(data, source)
    assert len(report.problems) == 2
    full = render(engine.as_result(report), form)
    rows = [(p.line, p.path, p.reason) for p in report.problems]
    assert render_schema_invalid(source, str(report.root), report.srv, rows, form) == full


@pytest.mark.parametrize("form", ["json", "jsonl"])
def test_schema_failure_rows_without_line_or_path_render_as_the_full_report(form: str) -> None:
    """Rows with no line, no path, quotes, control and non-ASCII characters render as json does."""
    rows: list[tuple[int | None, str | None, str]] = [
        (None, None, 'say "why" \\ \t…'),
        (7, "/sr:Request/sr:Header", "plain"),
    ]
    result = {
        "source": "s\u00e9\n.xml",
        "valid": False,
        "checked": True,
        "root": "Request",
        "srv": None,
        "problems": [
            {"line": line, "path": path, "kind": "schema", "reason": reason}
            for line, path, reason in rows
        ],
    }
    expected = render(result, form)
    assert render_schema_invalid("s\u00e9\n.xml", "Request", None, rows, form) == expected


@pytest.mark.parametrize("form", ["text", "json", "jsonl"])
def test_batch_renders_and_counts_what_one_document_at_a_time_would(form: str) -> None:
    """check_batch (one parse and validation per document) gives the same text and counts as
    validating each document on its own: valid, schema-invalid, malformed, forbidden, unread."""
    validator = Validator()
    batch = [
        Document("ok.xml", _request(counter=1)),
        Document("bad.xml", _invalid(2)),
        Document('again "odd" é.xml', _invalid(3)),
        Document("broken.xml", b"<sr:Request"),
        Document("dtd.xml", b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'),
        Document("gone.xml", None, "unreadable", "no such file"),
        Document("ok2.xml", _request("4.4.2", counter=4)),
    ]
    block = engine.check_batch(validator, batch, form)
    expected = engine.Summary()
    parts = []
    for document in batch:
        result = engine.check(validator, document)
        expected.add(result)
        parts.append(render(result, form))
    assert block.text == (",\n  " if form == "json" else "").join(parts)
    assert block.summary.as_dict() == expected.as_dict()
    assert (block.summary.valid, block.summary.invalid, block.summary.unreadable) == (2, 4, 1)


def test_chunks_by_reference_hold_no_bytes_and_are_read_by_the_checker(tmp_path: Path) -> None:
    """Chunks shared by reference carry only their span; the checker reads the same messages."""
    capture = tmp_path / "c.xmls"
    capture.write_bytes(b"".join(_request(counter=n) for n in range(1, 60)))
    units = list(_chunks(capture, 2048, size=4000, by_reference=True))
    chunks = [u for u in units if isinstance(u, Chunk)]
    assert len(chunks) == len(units) > 1
    assert all(c.data is None and c.span is not None for c in chunks)
    assert sum(c.count for c in chunks) == 59
    got = [d for c in chunks for d in c.documents(2048)]
    expected = list(documents([str(capture)], max_bytes=2048))
    assert [(d.source, d.data) for d in got] == [(d.source, d.data) for d in expected]


def test_a_capture_changed_after_counting_reports_its_messages_unreadable(tmp_path: Path) -> None:
    """A capture rewritten or replaced after counting reports unreadable messages, by number."""
    capture = tmp_path / "c.xmls"
    original = b"".join(_request(counter=n) for n in range(1, 6))
    capture.write_bytes(original)
    chunks = [u for u in _chunks(capture, 2048, by_reference=True) if isinstance(u, Chunk)]
    expected = list(documents([str(capture)], max_bytes=2048))

    def read() -> list[Document]:
        return [d for chunk in chunks for d in chunk.documents(2048)]

    capture.write_bytes(original + _request(counter=6))  # a capture still being written
    assert [(d.source, d.data) for d in read()] == [(d.source, d.data) for d in expected]
    capture.write_bytes(_request(counter=9)[:200] + original)  # the messages moved
    found = read()
    assert [d.source for d in found] == [f"{capture}#{n}" for n in range(1, 6)]
    assert {d.problem for d in found} == {"unreadable"}
    assert "changed on disk" in found[0].detail
    replacement = tmp_path / "new.xmls"
    replacement.write_bytes(original)  # made while the capture exists: another inode
    os.replace(replacement, capture)  # another file by the same name, with the same bytes
    assert {d.problem for d in read()} == {"unreadable"}
    capture.unlink()
    assert {d.problem for d in read()} == {"unreadable"}


def test_a_pipe_is_never_shared_by_reference(tmp_path: Path) -> None:
    """A capture that is not a regular file (a FIFO) goes out with its bytes."""
    fifo = tmp_path / "c.xmls"
    os.mkfifo(fifo)
    data = b"".join(_request(counter=n) for n in range(1, 4))

    def feed() -> None:
        with fifo.open("wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=feed)
    writer.start()
    units = list(_chunks(fifo, 2048, by_reference=True))
    writer.join(timeout=10)
    assert all(isinstance(u, Chunk) and u.data is not None and u.span is None for u in units)
    assert [d.data for u in units if isinstance(u, Chunk) for d in u.documents(2048)] == [
        _request(counter=n) for n in range(1, 4)
    ]


def test_chunks_cut_a_capture_exactly_as_documents_do(tmp_path: Path) -> None:
    """Split into chunks (as --jobs N does), a capture gives the same messages and names,
    across chunk boundaries, with leading whitespace and an oversize message inside."""
    big = b'<?xml version="1.0"?><r>' + b"x" * 3000 + b"</r>"
    parts = [b"\n  \n"] + [_request(counter=n) for n in range(1, 40)]
    parts.insert(20, big)
    capture = tmp_path / "c.xmls"
    capture.write_bytes(b"".join(parts))
    expected = list(documents([str(capture)], max_bytes=2048))
    got: list[Document] = []
    for unit in _chunks(capture, 2048, size=1000):
        got.extend(unit.documents(2048) if isinstance(unit, Chunk) else [unit])

    def seen(found: list[Document]) -> list[tuple[str, bytes | None, str]]:
        return [(d.source, d.data, d.problem) for d in found]  # oversize detail may differ

    assert seen(got) == seen(expected)
    assert len(got) == 40
    assert [d.problem for d in got].count("oversize") == 1


def test_a_span_no_longer_starting_at_a_message_is_unreadable(tmp_path: Path) -> None:
    """A rewrite keeping a chunk's message count but not its start at a declaration: unreadable."""
    capture = tmp_path / "c.xmls"
    messages = [_request(counter=n) for n in range(1, 4)]
    capture.write_bytes(b"".join(messages))
    chunks = list(_chunks(capture, 2048, size=len(messages[0]) + 10, by_reference=True))
    later = [c for c in chunks if isinstance(c, Chunk) and c.span is not None and c.span.offset]
    assert later
    chunk = later[0]
    assert chunk.span is not None
    # one long message now covers the span: no declaration in it, as counted, but no start
    capture.write_bytes(b'<?xml version="1.0"?><m>' + b"x" * (chunk.span.offset * 4) + b"</m>")
    found = chunk.documents(2048)
    assert len(found) == chunk.count
    assert {d.problem for d in found} == {"unreadable"}
