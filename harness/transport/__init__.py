"""Talking DUIS over HTTP to a live system under test (DOMAIN.md, "Transport").

:class:`HttpTarget` is a :class:`~harness.user.Target` that POSTs requests to the three DUIS
endpoints; :class:`Receiver` is the Receive Response URL that gathers the asynchronous
responses and alerts. See ``docs/transport.md``.
"""

from __future__ import annotations

from harness.transport.client import DELIVERIES_HEADER, HttpTarget
from harness.transport.config import ENDPOINT_PATHS, HttpTargetConfig, endpoint_name
from harness.transport.inbox import Collection, Fault, FaultKind, Inbox
from harness.transport.receiver import Receiver

__all__ = [
    "DELIVERIES_HEADER",
    "ENDPOINT_PATHS",
    "Collection",
    "Fault",
    "FaultKind",
    "HttpTarget",
    "HttpTargetConfig",
    "Inbox",
    "Receiver",
    "endpoint_name",
]
