"""ECDSA P-256 / SHA-256 with the raw r‖s signature form XML-DSig uses (not DER)."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from harness.signing.algorithms import SIGNATURE_SIZE

_HALF = SIGNATURE_SIZE // 2


def sign_raw(key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    """Sign ``data``; the result is r‖s, each a 32-byte big-endian integer."""
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(_HALF, "big") + s.to_bytes(_HALF, "big")


def verify_raw(key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> bool:
    """Whether the 64-byte r‖s ``signature`` is ``key``'s signature of ``data``."""
    if len(signature) != SIGNATURE_SIZE:
        return False
    r = int.from_bytes(signature[:_HALF], "big")
    s = int.from_bytes(signature[_HALF:], "big")
    try:
        key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
