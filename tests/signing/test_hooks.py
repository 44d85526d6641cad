"""Signing hooks from key files, and ``serve`` signing what it answers and delivers."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from lxml import etree

from harness.duis.builder import build_request
from harness.duis.namespaces import SR
from harness.errors import KeyFileError, SignatureError, UsageError
from harness.model.reference import ReferenceModel
from harness.serve.config import DELIVERIES_HEADER, ServeConfig
from harness.serve.server import Server
from harness.signing import verify
from harness.signing.hooks import signer_from, verifier_from
from harness.transport.receiver import Receiver
from tests.signing.conftest import PASSWORD, Signer

UNKNOWN_DEVICE = "00-DB-12-34-56-78-FF-FF"


def _strip_signature(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for signature in root.findall("{http://www.w3.org/2000/09/xmldsig#}Signature"):
        root.remove(signature)
    return etree.tostring(root)


def _error_reply() -> bytes:
    """What the model answers a request for a device it does not know (an E-code Response)."""
    exchange = ReferenceModel().handle(build_request("11.2", target=UNKNOWN_DEVICE).xml)
    assert exchange.reply().response_code.startswith("E"), exchange.reply().response_code
    return exchange.reply_xml


def test_no_key_and_no_certificate_means_no_signer() -> None:
    """Without key and certificate requests go unsigned (no hook)."""
    assert signer_from(None, None) is None
    assert verifier_from([]) is None


def test_key_without_certificate_is_a_usage_error(pki_files: dict[str, Path]) -> None:
    """A key alone (or a certificate alone) cannot sign."""
    with pytest.raises(UsageError, match="both"):
        signer_from(str(pki_files["key.pem"]), None)
    with pytest.raises(UsageError, match="both"):
        signer_from(None, str(pki_files["cert.pem"]))


def test_password_comes_from_the_named_environment_variable(
    pki_files: dict[str, Path], request_xml: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An encrypted key opens with the password in the named variable, and not without it."""
    key, cert = str(pki_files["key-encrypted.pem"]), str(pki_files["cert.pem"])
    monkeypatch.delenv("DUIS_TEST_KEY_PASSWORD", raising=False)
    with pytest.raises(UsageError, match="DUIS_TEST_KEY_PASSWORD"):
        signer_from(key, cert, "DUIS_TEST_KEY_PASSWORD")
    monkeypatch.setenv("DUIS_TEST_KEY_PASSWORD", PASSWORD)
    signer = signer_from(key, cert, "DUIS_TEST_KEY_PASSWORD")
    assert signer is not None
    verifier = verifier_from([cert])
    assert verifier is not None
    verifier(signer(request_xml), "signed request")


def test_certificate_of_another_key_is_refused(pki_files: dict[str, Path]) -> None:
    """Signing refuses a certificate that does not name the key."""
    with pytest.raises(KeyFileError):
        signer_from(str(pki_files["key.pem"]), str(pki_files["stranger-cert.pem"]))


def test_verifier_names_what_failed(
    pki_files: dict[str, Path], request_xml: bytes, stranger: Signer
) -> None:
    """The verifier rejects a document signed by an unknown key and an unsigned request."""
    signed_by_stranger = signer_from(
        str(pki_files["stranger-key.pem"]), str(pki_files["stranger-cert.pem"])
    )
    verifier = verifier_from([str(pki_files["cert.pem"])])
    assert signed_by_stranger is not None
    assert verifier is not None
    with pytest.raises(SignatureError) as unknown:
        verifier(signed_by_stranger(request_xml), "reply")
    assert unknown.value.reason == "unknown certificate"
    with pytest.raises(SignatureError) as unsigned:
        verifier(request_xml, "reply")
    assert unsigned.value.reason == "no signature"


def test_unsigned_error_response_is_accepted_but_not_an_unsigned_success(
    pki_files: dict[str, Path],
) -> None:
    """DCC may leave error responses unsigned: those pass; any other unsigned response fails."""
    verifier = verifier_from([str(pki_files["cert.pem"])])
    assert verifier is not None
    error = _strip_signature(_error_reply())
    verifier(error, "error reply")
    root = etree.fromstring(error)
    code = root.find(f"{{{SR}}}Header/{{{SR}}}ResponseCode")
    assert code is not None
    assert (code.text or "").startswith("E")
    code.text = "I0"
    success = etree.tostring(root)
    with pytest.raises(SignatureError, match="no signature"):
        verifier(success, "reply")


def test_serve_signs_replies_and_deliveries(pki_files: dict[str, Path], signer: Signer) -> None:
    """With a key, serve's synchronous reply and every delivery verify against its certificate."""
    sign = signer_from(str(pki_files["key.pem"]), str(pki_files["cert.pem"]))
    with Receiver() as receiver:
        config = ServeConfig(receive_url=receiver.url, signer=sign)
        with Server(config) as server:
            hub = server.app.sessions.get(None).model.install_comms_hub()
            built = build_request("11.2", target=str(hub), counter=1)
            receiver.expect(built.request_id)
            answer = requests.post(
                f"{server.url}/api/v1/serviceS",
                data=built.xml,
                headers={"Content-Type": "application/xml"},
                timeout=10,
            )
            assert answer.status_code == 200, answer.text
            count = int(answer.headers[DELIVERIES_HEADER])
            collected = receiver.collect(built.request_id, deadline_s=5, expected_count=count)
    assert count >= 1
    assert len(collected.deliveries) == count
    for document in (answer.content, *(d.xml for d in collected.deliveries)):
        assert verify(document, [signer.certificate], "serve").certificate == signer.certificate
