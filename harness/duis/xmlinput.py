"""Defensive parsing of XML that comes from outside the harness.

No network, no DTD loading, no entity expansion, a size limit and libxml2's default depth
limit; any document that declares a DTD is refused. Failures become typed
:class:`~harness.errors.InputError` subclasses naming the source and, where known, the line.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from harness.errors import (
    ForbiddenXmlError,
    MalformedXmlError,
    OversizeInputError,
    UnreadableInputError,
)

#: Default largest document accepted, in bytes (DUIS messages are typically a few kilobytes).
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


_PARSER = _parser()


def read_limited(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing one larger than ``max_bytes``."""
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableInputError(source, exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        size = os.path.getsize(source)
        raise OversizeInputError(source, size, max_bytes)
    return data


def parse_bytes(
    data: bytes, source: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES
) -> etree._Element:
    """Parse untrusted XML bytes into an element tree, or raise a typed input error."""
    if len(data) > max_bytes:
        raise OversizeInputError(source, len(data), max_bytes)
    try:
        root: etree._Element | None = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        if not data.strip():
            raise MalformedXmlError(source, "document is empty", line=1) from None
        line = exc.lineno if exc.lineno else None
        reason = exc.msg or str(exc)
        if "entity" in reason.lower() and "not defined" not in reason.lower():
            raise ForbiddenXmlError(source, reason, line) from None
        raise MalformedXmlError(source, reason, line) from None
    if root is None:
        raise MalformedXmlError(source, "document has no root element", line=1)
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        raise ForbiddenXmlError(source, "a DOCTYPE/DTD is not allowed in DUIS messages", line=1)
    return root


def parse_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """Read and parse an untrusted XML file (see :func:`parse_bytes`)."""
    source = os.fspath(path)
    return parse_bytes(read_limited(source, max_bytes), source, max_bytes)


def parse_trusted_file(path: Path) -> etree._Element:
    """Parse a file the harness itself ships or the user names as configuration (schemas)."""
    try:
        root: etree._Element = etree.fromstring(path.read_bytes(), _parser())
    except OSError as exc:
        raise UnreadableInputError(str(path), exc.strerror or str(exc)) from None
    except etree.XMLSyntaxError as exc:
        raise MalformedXmlError(str(path), exc.msg or str(exc), exc.lineno or None) from None
    return root
