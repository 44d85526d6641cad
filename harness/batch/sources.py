"""Where the documents of a batch come from, read one at a time so memory stays flat.

An input is a file, a directory (searched recursively for ``*.xml``, any case), a glob pattern
(``captures/**/*.xml``, expanded by the harness when the shell did not), or a **capture**: a
file holding many messages, either JSON lines (``.jsonl``/``.ndjson``: one JSON object per line
with the message in ``"xml"``, or base64 in ``"xml_base64"``, and optionally a ``"source"``
name) or XML messages concatenated one after another, each starting with its XML declaration
(``.cap``, ``.xmls``, or any file given with ``--capture``). Every message gets a source name
that says where it was: ``capture.jsonl:12`` (line), ``capture.xmls#3`` (third message).
"""

from __future__ import annotations

import base64
import binascii
import glob
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from harness.duis.xmlinput import DEFAULT_MAX_BYTES

JSON_LINES = frozenset({".jsonl", ".ndjson"})
CONCATENATED = frozenset({".cap", ".xmls"})
_XML_SUFFIXES = frozenset({".xml"})
_DECLARATION = b"<?xml"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Span:
    """Where a chunk's bytes are in a regular file, and which version of the file that was."""

    offset: int
    length: int
    #: (device, inode) of the file that was read: a worker finding another file there (the
    #: capture replaced) reads nothing from it.
    identity: tuple[int, int]


@dataclass(frozen=True)
class Chunk:
    """Several whole messages of a concatenated capture, cut out by whoever checks them.

    The messages are in ``data``, or, for a chunk of a regular file shared by reference, at
    ``span`` of the file named ``source`` (the checking process reads them there).
    """

    source: str
    #: The number of the chunk's first message in the capture (names are ``source#N``).
    first_number: int
    #: Whole messages, each from an XML declaration to the next (or to the end).
    data: bytes | None
    #: Whether ``data`` opens with a stretch that is not a message: blank space before the
    #: capture's first declaration, or the tail of a message too large to keep.
    skip_first: bool = False
    span: Span | None = None
    #: How many messages the chunk holds (with ``span``: as counted when the file was read).
    count: int = 0

    def documents(self, max_bytes: int) -> list[Document]:
        """The messages as documents, named ``source#N``.

        A span whose bytes are gone, or no longer hold the messages counted there (the capture
        was replaced, cut short or rewritten meanwhile; bytes appended later do not matter),
        gives each of its messages as unreadable, by number, rather than other messages. A
        rewrite that keeps the span's messages where they were counted (same starting
        declaration, same count) is read as the file now is.
        """
        data = self.data if self.data is not None else self._read()
        spans = _spans(data) if data is not None else []
        if self.skip_first:
            spans = spans[1:]
        if data is None or (self.span is not None and not self._holds(data, len(spans))):
            changed = "capture changed on disk while it was being read; its messages were not read"
            return [
                Document(f"{self.source}#{self.first_number + index}", None, "unreadable", changed)
                for index in range(self.count)
            ]
        return [
            _message(self.source, self.first_number + index, data[start:end], max_bytes)
            for index, (start, end) in enumerate(spans)
        ]

    def _holds(self, data: bytes, count: int) -> bool:
        """Whether the span read still holds what was counted: as many messages, the first
        starting at a declaration (unless the chunk opens the file or a skipped stretch)."""
        assert self.span is not None
        opens_file = self.span.offset == 0 or self.skip_first
        return count == self.count and (opens_file or data.startswith(_DECLARATION))

    def _read(self) -> bytes | None:
        """The span's bytes, or None when the file is not the one that was read, or shorter."""
        span = self.span
        if span is None:
            return None
        try:
            with open(self.source, "rb") as stream:
                if _identity(os.fstat(stream.fileno())) != span.identity:
                    return None
                stream.seek(span.offset)
                data = stream.read(span.length)
        except OSError:
            return None
        return data if len(data) == span.length else None


def _identity(status: os.stat_result) -> tuple[int, int]:
    return (status.st_dev, status.st_ino)


def _spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each stretch of ``data`` that ends where the next XML declaration
    begins (the first may start before any declaration)."""
    spans: list[tuple[int, int]] = []
    position = 0
    while (start := data.find(_DECLARATION, position + 1)) >= 0:
        spans.append((position, start))
        position = start
    spans.append((position, len(data)))
    return spans


@dataclass(frozen=True)
class Document:
    """One message to validate: its bytes, or why they could not be had."""

    source: str
    data: bytes | None
    #: ``unreadable`` or ``oversize`` when ``data`` is None; the reason is in ``detail``.
    problem: str = ""
    detail: str = ""


def documents(
    inputs: Iterable[str], *, capture: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document]:
    """Every document of every input, in order (captures cut into their messages here)."""
    for unit in units(inputs, capture=capture, max_bytes=max_bytes):
        if isinstance(unit, Chunk):
            yield from unit.documents(max_bytes)
        else:
            yield unit


def _paths(name: str) -> Iterator[Path]:
    path = Path(name)
    if path.is_dir():
        yield from sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _XML_SUFFIXES
        )
    elif not path.exists() and glob.has_magic(name):
        matches = sorted(glob.iglob(name, recursive=True))
        if not matches:
            yield path  # reported as unreadable, naming the pattern
        for match in matches:
            yield from _paths(match)
    else:
        yield path


def _file(path: Path, max_bytes: int) -> Document:
    source = os.fspath(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        return Document(source, None, "unreadable", exc.strerror or str(exc))
    if len(data) > max_bytes:
        size = path.stat().st_size
        return Document(source, None, "oversize", _oversize(size, max_bytes))
    return Document(source, data)


def _oversize(size: int, max_bytes: int) -> str:
    return f"input is {size} bytes, larger than the limit of {max_bytes} bytes"


def _open(path: Path) -> BinaryIO | Document:
    """The open capture, or the unreadable Document saying why it cannot be opened."""
    try:
        return path.open("rb")
    except OSError as exc:
        return Document(os.fspath(path), None, "unreadable", exc.strerror or str(exc))


def _json_lines(path: Path, max_bytes: int) -> Iterator[Document]:
    source = os.fspath(path)
    stream = _open(path)
    if isinstance(stream, Document):
        yield stream
        return
    with stream:
        number = 0
        while True:
            line = stream.readline(max_bytes * 2 + 1024)
            if not line:
                return
            number += 1
            if not line.strip():
                continue
            where = f"{source}:{number}"
            if not line.endswith(b"\n") and len(line) > max_bytes * 2:
                while line and not line.endswith(b"\n"):  # skip the rest of the long line
                    line = stream.readline(_CHUNK)
                yield Document(where, None, "oversize", "line longer than the size limit allows")
                continue
            yield _json_line(where, line, max_bytes)


def _json_line(where: str, line: bytes, max_bytes: int) -> Document:
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
        name = f"{where} ({record['source']})" if isinstance(record.get("source"), str) else where
        if isinstance(record.get("xml"), str):
            data = record["xml"].encode("utf-8")
        elif isinstance(record.get("xml_base64"), str):
            data = base64.b64decode(record["xml_base64"], validate=True)
        else:
            raise ValueError("no 'xml' or 'xml_base64' field")
    except (ValueError, binascii.Error, UnicodeError) as exc:
        return Document(where, None, "unreadable", f"not a capture record: {exc}")
    if len(data) > max_bytes:
        return Document(name, None, "oversize", _oversize(len(data), max_bytes))
    return Document(name, data)


def _message(source: str, number: int, data: bytes, max_bytes: int) -> Document:
    where = f"{source}#{number}"
    if len(data) > max_bytes:
        return Document(where, None, "oversize", _oversize(len(data), max_bytes))
    return Document(where, data)


def units(
    inputs: Iterable[str],
    *,
    capture: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    by_reference: bool = False,
) -> Iterator[Document | Chunk]:
    """Like :func:`documents`, but a concatenated capture comes as :class:`Chunk` s of about a
    megabyte, so the process reading it only counts the messages in each and the processes
    checking them cut them out (``validate --jobs N``). With ``by_reference``, a chunk of a
    regular file names its span of the file instead of holding the bytes, so they are not sent
    between processes. The messages and their names are the same as :func:`documents` gives."""
    for name in inputs:
        for path in _paths(name):
            suffix = path.suffix.lower()
            if suffix in JSON_LINES:
                yield from _json_lines(path, max_bytes)
            elif capture or suffix in CONCATENATED:
                yield from _chunks(path, max_bytes, by_reference=by_reference)
            else:
                yield _file(path, max_bytes)


def _chunks(
    path: Path, max_bytes: int, size: int = _CHUNK, *, by_reference: bool = False
) -> Iterator[Document | Chunk]:
    """The messages of a concatenated capture, split at each XML declaration, in chunks of
    whole messages; reads ``size`` bytes at a time, and a message over the limit is reported
    oversize and skipped without being held whole. With ``by_reference`` (and a regular file),
    chunks carry their span of the file, not their bytes."""
    source = os.fspath(path)
    stream = _open(path)
    if isinstance(stream, Document):
        yield stream
        return
    with stream:
        status = os.fstat(stream.fileno())
        identity = _identity(status) if by_reference and stat.S_ISREG(status.st_mode) else None
        buffer = b""
        read = 0  # bytes read so far: buffer is the file's last len(buffer) of them
        number = 0
        skipping = False
        while True:
            chunk = stream.read(size)
            read += len(chunk)
            buffer += chunk
            if skipping and buffer.startswith(_DECLARATION):
                skipping = False  # the next message began right where the kept tail did
            # Messages run from one declaration to the next, so everything before the last
            # declaration read so far is whole messages: counted here, cut by the checker.
            position = max(buffer.rfind(_DECLARATION), 0)
            if position:
                first_end = buffer.find(_DECLARATION, 1, position)
                opening = buffer[: first_end if first_end > 0 else position]
                skip_first = skipping or not opening.strip()
                count = buffer.count(_DECLARATION, 1, position) + 1 - skip_first
                if count and identity is not None:
                    span = Span(read - len(buffer), position, identity)
                    yield Chunk(source, number + 1, None, skip_first, span, count)
                elif count:
                    yield Chunk(source, number + 1, buffer[:position], skip_first, count=count)
                number += count
                skipping = False
            buffer = buffer[position:]
            if len(buffer) > max_bytes and not skipping:
                number += 1
                too_big = f"message is larger than the limit of {max_bytes} bytes"
                yield Document(f"{source}#{number}", None, "oversize", too_big)
                buffer, skipping = b"", True
            elif skipping:
                buffer = buffer[-len(_DECLARATION) :]
            if not chunk:
                break
        if buffer.strip() and not skipping:
            if identity is not None:
                span = Span(read - len(buffer), len(buffer), identity)
                yield Chunk(source, number + 1, None, False, span, 1)
            else:
                yield Chunk(source, number + 1, buffer, count=1)
