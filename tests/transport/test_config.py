"""HttpTargetConfig: defaults, endpoint choice and validation of every value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.duis.xmlinput import DEFAULT_MAX_BYTES
from harness.errors import UsageError
from harness.transport.config import HttpTargetConfig, endpoint_name


def test_defaults() -> None:
    """The documented defaults: local endpoint, any free receiver port, 10 s waits."""
    config = HttpTargetConfig()
    assert config.base_url == "http://127.0.0.1:8080"
    assert (config.receiver_host, config.receiver_port) == ("127.0.0.1", 0)
    assert (config.receive_path, config.receive_url) == ("/receive", None)
    assert (config.reply_timeout, config.response_deadline, config.settle) == (10.0, 10.0, 0.2)
    assert config.max_bytes == DEFAULT_MAX_BYTES
    assert dict(config.headers) == {}
    assert (config.requests_verify(), config.requests_cert()) == (True, None)


@pytest.mark.parametrize(
    ("variant", "endpoint"),
    [(v, "serviceS") for v in (1, 3, 5, 7)]
    + [(v, "serviceD") for v in (2, 6, 8, 9)]
    + [(4, "serviceT")],
)
def test_endpoint_per_command_variant(variant: int, endpoint: str) -> None:
    """Each DUIS CommandVariant maps to its endpoint below base_url (trailing slash dropped)."""
    config = HttpTargetConfig(base_url="https://dcc.example:8443/prefix/")
    assert endpoint_name(variant) == endpoint
    assert config.endpoint_url(variant) == f"https://dcc.example:8443/prefix/api/v1/{endpoint}"


def test_unknown_command_variant_goes_to_service_s() -> None:
    """A CommandVariant outside DUIS has no endpoint of its own; serviceS is used."""
    assert endpoint_name(0) is None
    assert HttpTargetConfig().endpoint_url(0).endswith("/api/v1/serviceS")


def test_headers_are_frozen_and_not_in_repr() -> None:
    """Extra headers cannot be changed afterwards and never appear in repr (secrets)."""
    config = HttpTargetConfig(headers={"Authorization": "Bearer s3cret"})
    assert "s3cret" not in repr(config)
    with pytest.raises(TypeError):
        config.headers["Authorization"] = "other"  # type: ignore[index]
    assert hash(config) == hash(HttpTargetConfig(headers={"Authorization": "other"}))


def test_tls_arguments(tmp_path: Path) -> None:
    """Client certificate, key and CA bundle become requests' cert= and verify=."""
    cert, key, ca = (tmp_path / name for name in ("client.pem", "client.key", "ca.pem"))
    for path in (cert, key, ca):
        path.write_text("-----BEGIN-----\n")
    config = HttpTargetConfig(client_cert=cert, client_key=key, ca_bundle=ca)
    assert config.requests_cert() == (str(cert), str(key))
    assert config.requests_verify() == str(ca)
    assert HttpTargetConfig(client_cert=cert).requests_cert() == str(cert)
    assert HttpTargetConfig(verify_tls=False).requests_verify() is False


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"base_url": "ftp://host"}, "base_url must be an http"),
        ({"base_url": "http://"}, "base_url must be an http"),
        ({"base_url": "http://host/?q=1"}, "query or fragment"),
        ({"receive_url": "host:8080/receive"}, "receive_url must be an http"),
        ({"receive_path": "receive"}, "receive_path must start with '/'"),
        ({"receiver_host": ""}, "receiver_host must not be empty"),
        ({"receiver_port": 70000}, "receiver_port must be between 0 and 65535"),
        ({"receiver_port": True}, "receiver_port must be an integer"),
        ({"max_bytes": 0}, "max_bytes must be at least 1"),
        ({"reply_timeout": 0}, "reply_timeout must be greater than 0"),
        ({"response_deadline": -1}, "response_deadline must be greater than 0"),
        ({"response_deadline": float("inf")}, "response_deadline must be a finite number"),
        ({"settle": -0.1}, "settle must be 0 or more"),
        ({"settle": "1"}, "settle must be a finite number"),
        ({"headers": {"Content-Type": "text/plain"}}, "set by the target itself"),
        ({"headers": {"X-A": "1\r\nX-B: 2"}}, "forbidden character"),
        ({"headers": {"X-A": 1}}, "must be strings"),
        ({"client_cert": "/nonexistent/client.pem"}, "client_cert '/nonexistent/client.pem'"),
        ({"client_key": "/nonexistent/key.pem"}, "client_key '/nonexistent/key.pem'"),
        ({"sign": "not callable"}, "sign must be callable"),
    ],
)
def test_invalid_values_are_usage_errors(options: dict[str, Any], message: str) -> None:
    """Each wrong value raises UsageError naming the field."""
    with pytest.raises(UsageError, match=message.replace("?", r"\?")):
        HttpTargetConfig(**options)


def test_key_without_certificate_and_conflicting_tls(tmp_path: Path) -> None:
    """A key without a certificate, or a CA bundle with verification off, is refused."""
    pem = tmp_path / "x.pem"
    pem.write_text("x")
    with pytest.raises(UsageError, match="client_key is set but client_cert is not"):
        HttpTargetConfig(client_key=pem)
    with pytest.raises(UsageError, match="ca_bundle is set but verify_tls is False"):
        HttpTargetConfig(ca_bundle=pem, verify_tls=False)
