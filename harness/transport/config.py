"""Settings of a live DUIS HTTP target: where to send, where to receive, how long to wait.

The three DUIS endpoints are derived from ``base_url`` (DOMAIN.md, "Transport"):
``/api/v1/serviceS`` takes CommandVariants 1, 3, 5 and 7, ``/api/v1/serviceD`` takes 2, 6, 8
(and 9), ``/api/v1/serviceT`` takes 4. Every value is checked when the config is built; a wrong
one raises :class:`~harness.errors.UsageError` naming the field.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlsplit

from harness.duis.xmlinput import DEFAULT_MAX_BYTES
from harness.errors import UsageError

__all__ = [
    "ENDPOINT_PATHS",
    "HttpTargetConfig",
    "Signer",
    "Verifier",
    "endpoint_name",
]

#: Path of each DUIS endpoint below ``base_url``.
ENDPOINT_PATHS = {
    "serviceS": "/api/v1/serviceS",
    "serviceD": "/api/v1/serviceD",
    "serviceT": "/api/v1/serviceT",
}
_VARIANT_ENDPOINTS = {1: "serviceS", 3: "serviceS", 5: "serviceS", 7: "serviceS"}
_VARIANT_ENDPOINTS |= {2: "serviceD", 6: "serviceD", 8: "serviceD", 9: "serviceD", 4: "serviceT"}

#: Applied to each request body before it is POSTed; returns the signed document.
Signer = Callable[[bytes], bytes]
#: Called with ``(xml, source)`` on every reply and delivery; raises when a signature is bad.
Verifier = Callable[[bytes, str], None]

#: Headers the target sets itself; the ``headers`` option may not override them.
_RESERVED_HEADERS = frozenset({"content-type", "content-length", "host", "transfer-encoding"})


def endpoint_name(command_variant: int) -> str | None:
    """``serviceS``/``serviceD``/``serviceT`` for a DUIS CommandVariant, None for any other."""
    return _VARIANT_ENDPOINTS.get(command_variant)


@dataclass(frozen=True, kw_only=True)
class HttpTargetConfig:
    """How :class:`~harness.transport.client.HttpTarget` talks to a system under test."""

    #: Scheme, host and port (and optional path prefix) of the DUIS endpoints.
    base_url: str = "http://127.0.0.1:8080"
    #: Address the asynchronous receiver listens on.
    receiver_host: str = "127.0.0.1"
    #: Port of the receiver; 0 lets the operating system choose a free one.
    receiver_port: int = 0
    #: Path the receiver accepts deliveries on.
    receive_path: str = "/receive"
    #: Public Receive Response URL the system under test POSTs to; None = the receiver's bound
    #: address and ``receive_path`` (set it when the harness is behind NAT or a proxy).
    receive_url: str | None = None
    #: Seconds to wait for the synchronous HTTP reply.
    reply_timeout: float = 10.0
    #: Seconds to wait for asynchronous responses after the synchronous reply.
    response_deadline: float = 10.0
    #: Seconds of quiet to wait for more alerts after the terminal response.
    settle: float = 0.2
    #: Largest reply or delivery accepted, in bytes.
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Extra HTTP headers sent with every request (never logged; values may be secrets).
    headers: Mapping[str, str] = field(default_factory=dict, repr=False, hash=False)
    #: Client certificate (PEM) for mutual TLS; None = no client certificate.
    client_cert: str | os.PathLike[str] | None = None
    #: Private key of ``client_cert`` when it is not in the same file.
    client_key: str | os.PathLike[str] | None = None
    #: CA bundle (PEM file or directory) to verify the target with; None = system defaults.
    ca_bundle: str | os.PathLike[str] | None = None
    #: False turns TLS certificate verification off (test rigs with self-signed certificates).
    verify_tls: bool = True
    #: Request signing hook, applied to each request body before it is sent.
    sign: Signer | None = field(default=None, repr=False, compare=False)
    #: Signature check hook, called with ``(xml, source)`` on every reply and delivery.
    verify: Verifier | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", _http_url("base_url", self.base_url).rstrip("/"))
        if self.receive_url is not None:
            _http_url("receive_url", self.receive_url)
        if not self.receive_path.startswith("/"):
            raise UsageError(f"receive_path must start with '/' (got {self.receive_path!r})")
        if not self.receiver_host:
            raise UsageError("receiver_host must not be empty")
        _integer("receiver_port", self.receiver_port, 0, 65535)
        _integer("max_bytes", self.max_bytes, 1, None)
        _seconds("reply_timeout", self.reply_timeout, positive=True)
        _seconds("response_deadline", self.response_deadline, positive=True)
        _seconds("settle", self.settle, positive=False)
        object.__setattr__(self, "headers", MappingProxyType(_headers(self.headers)))
        for name in ("client_cert", "client_key", "ca_bundle"):
            _existing_path(name, getattr(self, name))
        if self.client_key is not None and self.client_cert is None:
            raise UsageError("client_key is set but client_cert is not")
        if not self.verify_tls and self.ca_bundle is not None:
            raise UsageError("ca_bundle is set but verify_tls is False: choose one")
        for name in ("sign", "verify"):
            hook = getattr(self, name)
            if hook is not None and not callable(hook):
                raise UsageError(f"{name} must be callable or None (got {type(hook).__name__})")

    def endpoint_url(self, command_variant: int) -> str:
        """The URL a request with this CommandVariant is POSTed to (serviceS if not DUIS)."""
        return self.base_url + ENDPOINT_PATHS[endpoint_name(command_variant) or "serviceS"]

    def requests_verify(self) -> bool | str:
        """The ``verify=`` argument for :mod:`requests`."""
        return os.fspath(self.ca_bundle) if self.ca_bundle is not None else self.verify_tls

    def requests_cert(self) -> str | tuple[str, str] | None:
        """The ``cert=`` argument for :mod:`requests`."""
        if self.client_cert is None:
            return None
        if self.client_key is None:
            return os.fspath(self.client_cert)
        return os.fspath(self.client_cert), os.fspath(self.client_key)


def _http_url(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{name} must be a string URL (got {type(value).__name__})")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{name} must be an http:// or https:// URL with a host (got {value!r})")
    if parts.query or parts.fragment:
        raise UsageError(f"{name} must not have a query or fragment (got {value!r})")
    return value


def _integer(name: str, value: object, low: int, high: int | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{name} must be an integer (got {value!r})")
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise UsageError(f"{name} must be {bounds} (got {value})")


def _seconds(name: str, value: object, *, positive: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise UsageError(f"{name} must be a finite number of seconds (got {value!r})")
    if value < 0 or (positive and value == 0):
        wanted = "greater than 0" if positive else "0 or more"
        raise UsageError(f"{name} must be {wanted} seconds (got {value})")


def _headers(headers: Mapping[str, str]) -> dict[str, str]:
    checked: dict[str, str] = {}
    for key, value in dict(headers).items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise UsageError(f"header names and values must be strings (header {key!r})")
        if not key or any(c in key for c in " :\r\n") or any(c in value for c in "\r\n"):
            raise UsageError(f"header {key!r} has an empty name or a forbidden character")
        if key.lower() in _RESERVED_HEADERS:
            raise UsageError(f"header {key!r} is set by the target itself and cannot be overridden")
        checked[key] = value
    return checked


def _existing_path(name: str, value: str | os.PathLike[str] | None) -> None:
    if value is not None and not os.path.exists(value):
        raise UsageError(f"{name} {os.fspath(value)!r} does not exist")
