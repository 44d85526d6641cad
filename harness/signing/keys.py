"""Loading the signer's private key and the X.509 certificates that name signers.

Keys: PKCS#8 (or SEC 1 / traditional) in PEM or DER, optionally password-protected; only EC
P-256 keys may sign DUIS messages. Certificates: PEM (one file may hold several) or DER.
Every failure is a :class:`~harness.errors.KeyFileError` naming the file and the reason.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from harness.errors import KeyFileError

#: Largest key or certificate file read (a certificate bundle is a few kilobytes).
MAX_FILE_BYTES = 1024 * 1024

_PEM_MARKER = b"-----BEGIN "


def _read(path: str | os.PathLike[str]) -> bytes:
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileError(source, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise KeyFileError(source, f"larger than {MAX_FILE_BYTES} bytes: not a key or certificate")
    if not data.strip():
        raise KeyFileError(source, "the file is empty")
    return data


def _is_pem(data: bytes) -> bool:
    return _PEM_MARKER in data


def describe_key(key: object) -> str:
    """A few words naming the kind of key, e.g. ``EC secp384r1`` or ``RSA 2048-bit``."""
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}"
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return f"RSA {key.key_size}-bit"
    return type(key).__name__.lstrip("_")


def require_p256(key: object, source: str) -> ec.EllipticCurvePrivateKey:
    """``key`` if it is an EC P-256 private key, else a :class:`KeyFileError`."""
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    raise KeyFileError(
        source, f"DUIS messages are signed with EC P-256 keys; this is {describe_key(key)}"
    )


def load_private_key(
    path: str | os.PathLike[str], password: bytes | str | None = None
) -> ec.EllipticCurvePrivateKey:
    """The EC P-256 private key in ``path`` (PEM or DER, decrypted with ``password``)."""
    source = os.fspath(path)
    data = _read(source)
    secret = password.encode() if isinstance(password, str) else password
    loader = (
        serialization.load_pem_private_key if _is_pem(data) else serialization.load_der_private_key
    )
    try:
        key = loader(data, secret)
    except TypeError:
        reason = (
            "the key is encrypted and no password was given"
            if secret is None
            else "a password was given but the key is not encrypted"
        )
        raise KeyFileError(source, reason) from None
    except ValueError:
        reason = "wrong password, or " if secret is not None else ""
        kind = "PEM" if _is_pem(data) else "DER"
        raise KeyFileError(source, f"{reason}not a readable {kind} private key") from None
    except UnsupportedAlgorithm as exc:
        raise KeyFileError(source, f"unsupported key algorithm: {exc}") from None
    return require_p256(key, source)


def load_certificates(path: str | os.PathLike[str]) -> tuple[x509.Certificate, ...]:
    """Every X.509 certificate in ``path`` (PEM, possibly several, or one DER)."""
    source = os.fspath(path)
    data = _read(source)
    try:
        if _is_pem(data):
            return tuple(x509.load_pem_x509_certificates(data))
        return (x509.load_der_x509_certificate(data),)
    except ValueError:
        kind = "PEM certificate" if _is_pem(data) else "DER certificate"
        raise KeyFileError(source, f"not a readable {kind}") from None


def same_key(key: ec.EllipticCurvePrivateKey, certificate: x509.Certificate) -> bool:
    """Whether ``certificate`` certifies the public half of ``key``."""
    public = key.public_key()
    fmt = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    return bool(certificate.public_key().public_bytes(der, fmt) == public.public_bytes(der, fmt))


def certificate_for(
    key: ec.EllipticCurvePrivateKey, certificates: Sequence[x509.Certificate], source: str
) -> x509.Certificate:
    """The first of ``certificates`` (read from ``source``) that belongs to ``key``."""
    for certificate in certificates:
        if same_key(key, certificate):
            return certificate
    raise KeyFileError(source, "no certificate here belongs to the private key")
