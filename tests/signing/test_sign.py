from __future__ import annotations

import base64
import copy
import hashlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

from harness.duis.builder import build_request
from harness.duis.namespaces import DS, ds
from harness.duis.schemas import XSD_DIR_ENV, load_schema_set
from harness.duis.validation import Validator
from harness.errors import MalformedXmlError, SignatureError
from harness.model.replies_envelope import placeholder_signature
from harness.signing import sign, verify
from tests.signing.conftest import DEVICE, Signer
from tests.signing.shapes import last_child, one, shape

EXPECTED_SHAPE = [
    (0, "Signature", None, None),
    (1, "SignedInfo", None, None),
    (2, "CanonicalizationMethod", "http://www.w3.org/2001/10/xml-exc-c14n#", None),
    (2, "SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", None),
    (2, "Reference", None, ""),
    (3, "Transforms", None, None),
    (4, "Transform", "http://www.w3.org/2000/09/xmldsig#enveloped-signature", None),
    (3, "DigestMethod", "http://www.w3.org/2001/04/xmlenc#sha256", None),
    (3, "DigestValue", None, None),
    (1, "SignatureValue", None, None),
    (1, "KeyInfo", None, None),
    (2, "X509Data", None, None),
    (3, "X509IssuerSerial", None, None),
    (4, "X509IssuerName", None, None),
    (4, "X509SerialNumber", None, None),
]


def _signed_root(request_xml: bytes, signer: Signer) -> etree._Element:
    return etree.fromstring(sign(request_xml, signer.key, signer.certificate))


def test_signature_is_the_last_child_with_the_duis_algorithms(
    request_xml: bytes, signer: Signer
) -> None:
    """The Signature ends the root and has exactly the DUIS elements and algorithm URIs."""
    root = _signed_root(request_xml, signer)
    assert last_child(root).tag == ds("Signature")
    assert shape(last_child(root)) == EXPECTED_SHAPE


def test_key_info_names_the_certificate_by_issuer_and_decimal_serial(
    request_xml: bytes, signer: Signer
) -> None:
    """KeyInfo holds only X509IssuerSerial: the RFC 4514 issuer and the decimal serial."""
    signature = last_child(_signed_root(request_xml, signer))
    assert one(signature, "ds:KeyInfo/ds:X509Data/ds:X509IssuerSerial/ds:X509IssuerName").text == (
        signer.certificate.issuer.rfc4514_string()
    )
    serial = one(signature, "ds:KeyInfo/ds:X509Data/ds:X509IssuerSerial/ds:X509SerialNumber")
    assert serial.text == str(signer.certificate.serial_number)
    assert serial.text is not None
    assert serial.text.isdigit()


def test_digest_is_sha256_of_inclusive_c14n_of_the_unsigned_document(
    request_xml: bytes, signer: Signer
) -> None:
    """The DigestValue is SHA-256 over the inclusive C14N 1.0 of the document minus Signature."""
    signed = _signed_root(request_xml, signer)
    signature = last_child(signed)
    stripped = copy.deepcopy(signed)
    removed = last_child(stripped)
    previous = removed.getprevious()
    assert previous is not None
    previous.tail = (previous.tail or "") + (removed.tail or "")
    stripped.remove(removed)
    expected = hashlib.sha256(
        etree.tostring(stripped, method="c14n", exclusive=False, with_comments=False)
    ).digest()
    assert base64.b64decode(one(signature, ".//ds:DigestValue").text or "") == expected


def test_signature_value_is_raw_r_s_over_exclusive_c14n_of_signed_info(
    request_xml: bytes, signer: Signer
) -> None:
    """SignatureValue is 64 bytes r‖s, an ECDSA-SHA256 signature of exc-c14n(SignedInfo)."""
    signature = last_child(_signed_root(request_xml, signer))
    raw = base64.b64decode(one(signature, "ds:SignatureValue").text or "")
    assert len(raw) == 64
    octets = etree.tostring(one(signature, "ds:SignedInfo"), method="c14n", exclusive=True)
    assert octets.startswith(b'<ds:SignedInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">')
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public = signer.certificate.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(der, octets, ec.ECDSA(hashes.SHA256()))


def test_signed_output_keeps_the_document_and_its_indentation(
    request_xml: bytes, signer: Signer
) -> None:
    """Everything before the Signature is unchanged and the Signature is indented like it."""
    signed = sign(request_xml, signer.key, signer.certificate)
    head = request_xml.split(b"</sr:Body>")[0] + b"</sr:Body>\n"
    assert signed.startswith(head)
    assert b"</sr:Body>\n  <ds:Signature" in signed
    assert b"\n    <ds:SignedInfo>\n      <ds:CanonicalizationMethod" in signed
    assert signed.endswith(b"</ds:KeyInfo>\n  </ds:Signature>\n</sr:Request>\n")


def test_compact_document_gets_a_compact_signature(signer: Signer) -> None:
    """A document without layout whitespace is signed without adding any."""
    compact = b"<a><b>1</b></a>"
    signed = sign(compact, signer.key, signer.certificate)
    assert b"<a><b>1</b><ds:Signature" in signed
    assert b"\n" not in signed.split(b"?>\n", 1)[1].rstrip(b"\n")
    assert verify(signed, [signer.certificate]).certificate == signer.certificate


def test_trailing_placeholder_signature_is_replaced(request_xml: bytes, signer: Signer) -> None:
    """A placeholder ds:Signature ending the root is replaced, not kept beside the new one."""
    root = etree.fromstring(request_xml)
    root[-1].tail = "\n  "
    placeholder = placeholder_signature().element()
    placeholder.tail = "\n"
    root.append(placeholder)
    signed = sign(root, signer.key, signer.certificate)
    result = etree.fromstring(signed)
    assert len(result.findall(ds("Signature"))) == 1
    assert b"cGxhY2Vob2xkZXI=" not in signed
    assert b"PLACEHOLDER" not in signed
    assert verify(signed, [signer.certificate]).serial_number == signer.certificate.serial_number


def test_the_placeholder_itself_is_refused_as_malformed(request_xml: bytes, signer: Signer) -> None:
    """The reference model's placeholder signature does not verify: its values are no digest."""
    root = etree.fromstring(request_xml)
    root.append(placeholder_signature().element())
    with pytest.raises(SignatureError) as caught:
        verify(etree.tostring(root), [signer.certificate])
    assert caught.value.reason == "malformed signature"
    assert "DigestValue holds 11 bytes, not 32" in caught.value.detail


def test_re_signing_replaces_the_first_signature(
    request_xml: bytes, signer: Signer, stranger: Signer
) -> None:
    """Signing a signed document again leaves one signature, by the new signer only."""
    twice = sign(
        sign(request_xml, signer.key, signer.certificate), stranger.key, stranger.certificate
    )
    assert len(etree.fromstring(twice).findall(ds("Signature"))) == 1
    assert verify(twice, [signer.certificate, stranger.certificate]).certificate == (
        stranger.certificate
    )
    with pytest.raises(SignatureError, match="unknown certificate"):
        verify(twice, [signer.certificate])


def test_a_signature_that_is_not_last_is_content_and_a_new_one_is_appended(
    signer: Signer,
) -> None:
    """A ds:Signature deeper in the document is signed over as content, not replaced."""
    inner = etree.tostring(placeholder_signature().element())
    document = b"<a><b>" + inner + b"</b></a>"
    signed = sign(document, signer.key, signer.certificate)
    root = etree.fromstring(signed)
    assert root[0][0].tag == ds("Signature")
    assert last_child(root).tag == ds("Signature")
    assert verify(signed, [signer.certificate]).certificate == signer.certificate


def test_element_input_is_copied_not_changed(request_xml: bytes, signer: Signer) -> None:
    """Signing an element leaves that element untouched."""
    root = etree.fromstring(request_xml)
    before = etree.tostring(root)
    signed = sign(root, signer.key, signer.certificate)
    assert etree.tostring(root) == before
    assert verify(signed, [signer.certificate]).source == "<bytes>"


def test_sub_element_input_is_signed_as_a_document_of_its_own(signer: Signer) -> None:
    """A non-root element is signed as a standalone document, keeping its namespaces."""
    outer = etree.fromstring(b'<o xmlns:x="urn:x"><x:inner><x:v>1</x:v></x:inner>tail</o>')
    signed = sign(outer[0], signer.key, signer.certificate)
    assert etree.fromstring(signed).tag == "{urn:x}inner"
    assert b"tail" not in signed
    assert verify(signed, [signer.certificate]).certificate == signer.certificate


def test_unparseable_input_is_a_typed_input_error(signer: Signer) -> None:
    """Bytes that are not XML give MalformedXmlError naming the source."""
    with pytest.raises(MalformedXmlError, match=r"in\.xml"):
        sign(b"<a><b></a>", signer.key, signer.certificate, source="in.xml")


def test_signed_request_is_valid_under_the_bundled_schema(
    signer: Signer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request from build_request, signed, is still valid under the bundled schema set."""
    monkeypatch.delenv(XSD_DIR_ENV, raising=False)
    validator = Validator(load_schema_set())
    assert validator.schema_set.kind == "bundled"
    for srv in ("11.2", "4.4.2"):
        signed = sign(build_request(srv, target=DEVICE).xml, signer.key, signer.certificate)
        report = validator.validate_bytes(signed, f"signed {srv}")
        assert report.valid, report.problems


def test_signed_request_is_valid_under_the_official_54_schema(
    official_54: Path, signer: Signer
) -> None:
    """A built request, signed, is valid under the official DUIS 5.4 XSD."""
    schema_set = load_schema_set(official_54)
    built = build_request("11.2", target=DEVICE, schema_set=schema_set)
    signed = sign(built.xml, signer.key, signer.certificate)
    report = Validator(schema_set).validate_bytes(signed, "signed 11.2")
    assert report.valid, report.problems


def test_every_rtds_template_signed_is_valid_and_verifies(
    official_54: Path, template_files: list[Path], signer: Signer
) -> None:
    """Each RTDS template, its placeholder replaced by a real signature, is valid and verifies."""
    validator = Validator(load_schema_set(official_54))
    assert len(template_files) > 290
    for path in template_files:
        signed = sign(path.read_bytes(), signer.key, signer.certificate, source=path.name)
        report = validator.validate_bytes(signed, path.name)
        assert report.valid, report.problems
        assert b"ZGVmYXVsdA==" not in signed, path.name
        assert verify(signed, [signer.certificate], path.name).source == path.name


def test_our_signature_has_the_shape_of_the_rtds_templates_signatures(
    template_files: list[Path], request_xml: bytes, signer: Signer
) -> None:
    """Element names, order and Algorithm/URI values equal those of every template's Signature."""
    shapes = set()
    for path in template_files:
        signature = last_child(etree.fromstring(path.read_bytes()))
        assert signature.tag == f"{{{DS}}}Signature", path.name
        shapes.add(tuple(shape(signature)))
    assert shapes == {tuple(shape(last_child(_signed_root(request_xml, signer))))}
