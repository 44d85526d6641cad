"""Mutual TLS against a real HTTPS server: a test CA, a server certificate and a client one."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from harness.duis.builder import build_request
from harness.errors import TargetConnectionError
from harness.model.reference import ReferenceModel
from harness.transport.client import DELIVERIES_HEADER, HttpTarget
from harness.transport.config import HttpTargetConfig

UNKNOWN_DEVICE = "00-DB-12-34-56-78-FF-FF"


def _certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: tuple[x509.Name, Any] | None, ca: bool
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    issuer_name, issuer_key = issuer if issuer is not None else (name, key)
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _write(folder: Path, name: str, key: Any, certificate: x509.Certificate) -> tuple[str, str]:
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, all made now."""
    folder = tmp_path_factory.mktemp("tls")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("Test DCC CA", ca_key, None, ca=True)
    files: dict[str, str] = {"ca": _write(folder, "ca", ca_key, ca)[1]}
    for role in ("server", "client"):
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _certificate(f"test {role}", key, (ca.subject, ca_key), ca=False)
        files[f"{role}_key"], files[f"{role}_cert"] = _write(folder, role, key, certificate)
    return files


def _dcc(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Answers a request with the reference model's reply and no deliveries."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    reply = ReferenceModel().handle(environ["wsgi.input"].read(length)).reply_xml
    start_response(
        "200 OK",
        [
            ("Content-Type", "application/xml"),
            ("Content-Length", str(len(reply))),
            (DELIVERIES_HEADER, "0"),
        ],
    )
    return [reply]


@pytest.fixture(scope="module")
def https_url(pki: dict[str, str]) -> Iterator[str]:
    """An HTTPS server that requires a client certificate issued by the test CA."""
    server = wsgi.Server(("127.0.0.1", 0), _dcc, numthreads=2)
    adapter = BuiltinSSLAdapter(pki["server_cert"], pki["server_key"])
    adapter.context.verify_mode = ssl.CERT_REQUIRED
    adapter.context.load_verify_locations(pki["ca"])
    server.ssl_adapter = adapter
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.bind_addr[1]}"
    server.stop()


def _request() -> bytes:
    return build_request("11.2", target=UNKNOWN_DEVICE).xml


def test_request_with_client_certificate_gets_the_reply(
    https_url: str, pki: dict[str, str]
) -> None:
    """With the client certificate and the CA bundle, the request goes through over TLS."""
    config = HttpTargetConfig(
        base_url=https_url,
        client_cert=pki["client_cert"],
        client_key=pki["client_key"],
        ca_bundle=pki["ca"],
    )
    with HttpTarget(config) as target:
        exchange = target.handle(_request())
    assert exchange.reply().response_code.startswith("E")


def test_without_client_certificate_the_handshake_fails_with_a_tls_error(
    https_url: str, pki: dict[str, str]
) -> None:
    """The server refuses a client without a certificate: a connection error naming TLS."""
    config = HttpTargetConfig(base_url=https_url, ca_bundle=pki["ca"], reply_timeout=5)
    with HttpTarget(config) as target, pytest.raises(TargetConnectionError):
        target.handle(_request())


def test_server_not_signed_by_the_bundle_is_refused(https_url: str, pki: dict[str, str]) -> None:
    """Without the test CA the server's certificate is not trusted: a TLS failure, no reply."""
    config = HttpTargetConfig(
        base_url=https_url, client_cert=pki["client_cert"], client_key=pki["client_key"]
    )
    with HttpTarget(config) as target, pytest.raises(TargetConnectionError, match="TLS"):
        target.handle(_request())
