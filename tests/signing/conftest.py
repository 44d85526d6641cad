"""A throw-away test PKI made at run time (no key is ever stored in the repository)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from harness.duis.builder import build_request

PASSWORD = "correct horse battery staple"
DEVICE = "00-DB-12-34-56-78-90-A4"


@dataclass(frozen=True)
class Signer:
    """A key and the self-signed certificate that names it."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Energy, Ltd"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "07"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def self_signed(
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, common_name: str
) -> x509.Certificate:
    """A one-day self-signed certificate for ``key`` (issuer = subject)."""
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="session")
def signer() -> Signer:
    """The XML-signing key of the test user and its self-signed certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    return Signer(key, self_signed(key, "UIT Test Signer"))


@pytest.fixture(scope="session")
def stranger() -> Signer:
    """An unrelated P-256 key and certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    return Signer(key, self_signed(key, "Somebody Else"))


@pytest.fixture(scope="session")
def request_xml() -> bytes:
    """A schema-valid, unsigned 11.2 Read Firmware Version request (bundled schema)."""
    return build_request("11.2", target=DEVICE).xml


def _pem_key(
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, password: str | None = None
) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


@pytest.fixture(scope="session")
def pki_files(
    tmp_path_factory: pytest.TempPathFactory, signer: Signer, stranger: Signer
) -> dict[str, Path]:
    """Key and certificate files in every format the loaders accept, plus unusable ones."""
    folder = tmp_path_factory.mktemp("pki")
    pem = serialization.Encoding.PEM
    der = serialization.Encoding.DER
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p384_key = ec.generate_private_key(ec.SECP384R1())
    contents = {
        "key.pem": _pem_key(signer.key),
        "key.der": signer.key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        "key-encrypted.pem": _pem_key(signer.key, PASSWORD),
        "cert.pem": signer.certificate.public_bytes(pem),
        "cert.der": signer.certificate.public_bytes(der),
        "stranger-key.pem": _pem_key(stranger.key),
        "stranger-cert.pem": stranger.certificate.public_bytes(pem),
        "bundle.pem": stranger.certificate.public_bytes(pem) + signer.certificate.public_bytes(pem),
        "rsa-key.pem": _pem_key(rsa_key),
        "rsa-cert.pem": self_signed(rsa_key, "RSA Signer").public_bytes(pem),
        "p384-key.pem": _pem_key(p384_key),
        "garbage.pem": b"-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
        "empty.pem": b"",
    }
    paths: dict[str, Path] = {}
    for name, data in contents.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths
