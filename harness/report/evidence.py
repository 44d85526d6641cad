"""Every DUIS document a scenario exchanged, written under ``evidence/`` named by scenario.

A :class:`RecordingTarget` wraps the scenario's target: ``handle`` is recorded, everything else
(the set-up capabilities) passes through. :func:`write_evidence` then writes, per exchange,
``NN-<RequestID>-request.xml``, ``NN-<RequestID>-reply.xml`` and
``NN-<RequestID>-delivery-K.xml`` in the scenario's folder. Only the XML that went over the
interface is written: never keys, passwords or headers.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from harness.duis.identifiers import RequestId
from harness.duis.xmlinput import parse_bytes
from harness.errors import HarnessError
from harness.model.exchange import Exchange
from harness.user import Target

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class RecordingTarget:
    """A target that keeps every exchange it handled, in order."""

    def __init__(self, inner: Target) -> None:
        self.inner = inner
        self.exchanges: list[Exchange] = []

    def handle(self, request_xml: bytes) -> Exchange:
        """Pass the request on and record the exchange."""
        exchange = self.inner.handle(request_xml)
        self.exchanges.append(exchange)
        return exchange

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def scenario_folder(nodeid: str) -> str:
    """A file-system-safe, unique folder name for a scenario run (readable start, short hash)."""
    name = nodeid.split("::")[-1]
    readable = _UNSAFE.sub("-", name).strip("-")[:100]
    digest = hashlib.sha256(nodeid.encode()).hexdigest()[:8]
    return f"{readable}-{digest}"


def _request_id(xml: bytes) -> str:
    """The RequestID of a request, as text safe in a file name (``unknown`` when unreadable)."""
    try:
        root = parse_bytes(xml, "recorded request")
    except HarnessError:
        return "unreadable"
    text = root.findtext("{*}Header/{*}RequestID") or ""
    try:
        text = str(RequestId.parse(text.strip()))
    except HarnessError:
        text = text.strip() or "no-request-id"
    return _UNSAFE.sub("_", text)


def write_evidence(directory: Path, nodeid: str, exchanges: list[Exchange]) -> list[Path]:
    """Write a scenario's exchanges under ``directory``; returns the files written."""
    folder = directory / scenario_folder(nodeid)
    written: list[Path] = []
    for number, exchange in enumerate(exchanges, start=1):
        stem = f"{number:02d}-{_request_id(exchange.request_xml)}"
        parts = [("request", exchange.request_xml), ("reply", exchange.reply_xml)]
        parts += [(f"delivery-{k}", d.xml) for k, d in enumerate(exchange.deliveries, start=1)]
        for kind, xml in parts:
            if not xml:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{stem}-{kind}.xml"
            path.write_bytes(xml)
            written.append(path)
    return written
