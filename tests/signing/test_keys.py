from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from harness.errors import KeyFileError, UsageError
from harness.signing import certificate_for, load_certificates, load_private_key, sign
from tests.signing.conftest import PASSWORD, Signer


def _public_numbers(key: ec.EllipticCurvePrivateKey) -> ec.EllipticCurvePublicNumbers:
    return key.public_key().public_numbers()


@pytest.mark.parametrize("name", ["key.pem", "key.der"])
def test_pem_and_der_pkcs8_keys_load_to_the_same_key(
    name: str, pki_files: dict[str, Path], signer: Signer
) -> None:
    """A PKCS#8 key loads from PEM and from DER, giving the signer's key."""
    key = load_private_key(pki_files[name])
    assert _public_numbers(key) == _public_numbers(signer.key)


def test_password_protected_key_loads_with_its_password(
    pki_files: dict[str, Path], signer: Signer
) -> None:
    """An encrypted PEM key loads when its password is given (str or bytes)."""
    assert _public_numbers(load_private_key(pki_files["key-encrypted.pem"], PASSWORD)) == (
        _public_numbers(signer.key)
    )
    key = load_private_key(pki_files["key-encrypted.pem"], PASSWORD.encode())
    assert _public_numbers(key) == _public_numbers(signer.key)


@pytest.mark.parametrize(
    ("name", "password", "reason"),
    [
        ("key-encrypted.pem", None, "the key is encrypted and no password was given"),
        ("key-encrypted.pem", "wrong", "wrong password, or not a readable PEM private key"),
        ("key.pem", PASSWORD, "a password was given but the key is not encrypted"),
        ("garbage.pem", None, "not a readable PEM private key"),
        ("cert.der", None, "not a readable DER private key"),
        ("empty.pem", None, "the file is empty"),
    ],
)
def test_unusable_key_file_is_a_key_file_error_naming_file_and_reason(
    name: str, password: str | None, reason: str, pki_files: dict[str, Path]
) -> None:
    """A key that cannot be read is a KeyFileError (a UsageError) with the file and why."""
    with pytest.raises(KeyFileError) as caught:
        load_private_key(pki_files[name], password)
    assert caught.value.source == str(pki_files[name])
    assert caught.value.reason == reason
    assert isinstance(caught.value, UsageError)


@pytest.mark.parametrize(
    ("name", "found"), [("rsa-key.pem", "RSA 2048-bit"), ("p384-key.pem", "EC secp384r1")]
)
def test_keys_other_than_p256_are_refused(
    name: str, found: str, pki_files: dict[str, Path]
) -> None:
    """RSA and P-384 keys are refused, the error naming the file and the kind of key."""
    with pytest.raises(KeyFileError) as caught:
        load_private_key(pki_files[name])
    assert caught.value.source == str(pki_files[name])
    assert caught.value.reason == f"DUIS messages are signed with EC P-256 keys; this is {found}"


def test_sign_refuses_a_non_p256_key_given_in_memory(signer: Signer, request_xml: bytes) -> None:
    """sign() itself refuses a P-384 key even when no file was involved."""
    p384 = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(KeyFileError, match="this is EC secp384r1"):
        sign(request_xml, p384, signer.certificate)


def test_missing_key_file_is_a_key_file_error(tmp_path: Path) -> None:
    """A key file that does not exist is a KeyFileError, not an OSError."""
    with pytest.raises(KeyFileError, match="cannot read"):
        load_private_key(tmp_path / "absent.pem")


@pytest.mark.parametrize("name", ["cert.pem", "cert.der"])
def test_certificate_loads_from_pem_and_der(
    name: str, pki_files: dict[str, Path], signer: Signer
) -> None:
    """A certificate loads from PEM and from DER."""
    assert load_certificates(pki_files[name]) == (signer.certificate,)


def test_pem_bundle_yields_every_certificate_in_order(
    pki_files: dict[str, Path], signer: Signer, stranger: Signer
) -> None:
    """A PEM file with two certificates yields both, in file order."""
    assert load_certificates(pki_files["bundle.pem"]) == (
        stranger.certificate,
        signer.certificate,
    )


@pytest.mark.parametrize("name", ["key.pem", "key.der", "empty.pem"])
def test_file_without_certificate_is_a_key_file_error(
    name: str, pki_files: dict[str, Path]
) -> None:
    """A key file or an empty file given as certificate is a KeyFileError naming it."""
    with pytest.raises(KeyFileError) as caught:
        load_certificates(pki_files[name])
    assert caught.value.source == str(pki_files[name])


def test_certificate_for_picks_the_one_matching_the_key(
    pki_files: dict[str, Path], signer: Signer
) -> None:
    """From a bundle, the certificate holding the key's public half is chosen."""
    bundle = load_certificates(pki_files["bundle.pem"])
    assert certificate_for(signer.key, bundle, "bundle.pem") == signer.certificate


def test_certificate_of_another_key_is_refused(signer: Signer, stranger: Signer) -> None:
    """A certificate that does not hold the key's public half is refused."""
    with pytest.raises(KeyFileError, match="no certificate here belongs to the private key"):
        certificate_for(signer.key, [stranger.certificate], "stranger.pem")


def test_sign_refuses_a_certificate_of_another_key(
    signer: Signer, stranger: Signer, request_xml: bytes
) -> None:
    """sign() refuses to name a certificate whose key is not the signing key."""
    with pytest.raises(KeyFileError, match="does not belong to the private key"):
        sign(request_xml, signer.key, stranger.certificate)
