"""Cross-checks with xmlsec1 (the XML Security Library), an independent XML-DSig
implementation; skipped where the ``xmlsec1`` program is not installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from harness.signing import sign, signature_template, verify
from tests.signing.conftest import Signer


def _xmlsec1() -> str:
    found = shutil.which("xmlsec1")
    if found is None:
        pytest.skip("xmlsec1 is not installed (apt-get install xmlsec1): no independent oracle")
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_xmlsec1(), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_xmlsec1_verifies_what_we_sign(
    request_xml: bytes, signer: Signer, pki_files: dict[str, Path], tmp_path: Path
) -> None:
    """xmlsec1 accepts our signature with the certificate's public key, and refuses a change."""
    signed = tmp_path / "signed.xml"
    signed.write_bytes(sign(request_xml, signer.key, signer.certificate))
    result = _run("--verify", "--pubkey-cert-pem", str(pki_files["cert.pem"]), str(signed))
    assert result.returncode == 0, result.stderr
    tampered = tmp_path / "tampered.xml"
    tampered.write_bytes(
        signed.read_bytes().replace(b">1</sr:CommandVariant>", b">3</sr:CommandVariant>")
    )
    result = _run("--verify", "--pubkey-cert-pem", str(pki_files["cert.pem"]), str(tampered))
    assert result.returncode != 0


def test_we_verify_what_xmlsec1_signs(
    request_xml: bytes, signer: Signer, pki_files: dict[str, Path], tmp_path: Path
) -> None:
    """A signature xmlsec1 computes over our template (line-wrapped base64) verifies here."""
    root = etree.fromstring(request_xml)
    root.append(signature_template(signer.certificate))
    template = tmp_path / "template.xml"
    template.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    out = tmp_path / "xmlsec-signed.xml"
    key = f"{pki_files['key.pem']},{pki_files['cert.pem']}"
    result = _run("--sign", "--privkey-pem", key, "--output", str(out), str(template))
    assert result.returncode == 0, result.stderr
    signed = out.read_bytes()
    value = etree.fromstring(signed).findtext(
        ".//{http://www.w3.org/2000/09/xmldsig#}SignatureValue"
    )
    assert value is not None
    assert "\n" in value.strip()
    assert verify(signed, [signer.certificate]).certificate == signer.certificate
