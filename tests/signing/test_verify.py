from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from harness.duis.namespaces import ds
from harness.errors import ForbiddenXmlError, MalformedXmlError, OversizeInputError, SignatureError
from harness.signing import SIGNATURE_FAILURES, Verified, sign, verify, verify_element
from harness.signing import algorithms as alg
from tests.signing.conftest import Signer
from tests.signing.shapes import NS, last_child, one, resign, wrap

Edit = Callable[[etree._Element], None]


@pytest.fixture
def signed(request_xml: bytes, signer: Signer) -> bytes:
    """The 11.2 request signed by the test signer."""
    return sign(request_xml, signer.key, signer.certificate)


def _reason(document: bytes, certificates: list[x509.Certificate]) -> str:
    with pytest.raises(SignatureError) as caught:
        verify(document, certificates, "doc.xml")
    assert caught.value.source == "doc.xml"
    assert caught.value.reason in SIGNATURE_FAILURES
    return caught.value.reason


def test_round_trip_names_the_signing_certificate(signed: bytes, signer: Signer) -> None:
    """A signed document verifies and the result names the certificate, issuer and serial."""
    found = verify(signed, [signer.certificate], "req.xml")
    assert found == Verified(
        "req.xml",
        signer.certificate,
        signer.certificate.issuer.rfc4514_string(),
        signer.certificate.serial_number,
    )
    assert found.subject == "CN=UIT Test Signer,OU=07,O=Example Energy\\, Ltd"


def test_the_right_certificate_is_picked_among_several(
    signed: bytes, signer: Signer, stranger: Signer
) -> None:
    """With several certificates given, the one named by IssuerSerial is used."""
    found = verify(signed, [stranger.certificate, signer.certificate])
    assert found.certificate == signer.certificate


def test_line_wrapped_signature_value_verifies(signed: bytes, signer: Signer) -> None:
    """SignatureValue base64 broken into lines with indentation still verifies."""
    root = etree.fromstring(signed)
    value = one(last_child(root), "ds:SignatureValue")
    value.text = wrap(value.text or "", width=20)
    assert "\n" in (value.text or "")
    assert verify(etree.tostring(root), [signer.certificate]).certificate == signer.certificate


def test_whitespace_in_a_signed_digest_value_is_accepted(signed: bytes, signer: Signer) -> None:
    """A DigestValue written with line breaks (and signed that way) verifies."""
    root = etree.fromstring(signed)
    digest = one(last_child(root), "ds:SignedInfo/ds:Reference/ds:DigestValue")
    digest.text = wrap(digest.text or "", width=16, indent="\r\n\t")
    assert verify(resign(root, signer.key), [signer.certificate]).certificate == signer.certificate


def test_explicit_inclusive_c14n_transform_is_accepted(signed: bytes, signer: Signer) -> None:
    """Listing inclusive C14N after the enveloped transform is the same digest and verifies."""
    root = etree.fromstring(signed)
    transforms = one(last_child(root), ".//ds:Transforms")
    etree.SubElement(transforms, ds("Transform"), Algorithm=alg.INCLUSIVE_C14N)
    assert verify(resign(root, signer.key), [signer.certificate]).certificate == signer.certificate


def test_unknown_certificate(signed: bytes, stranger: Signer, signer: Signer) -> None:
    """A signature by a certificate not given is 'unknown certificate', naming issuer and serial."""
    with pytest.raises(SignatureError) as caught:
        verify(signed, [stranger.certificate])
    assert caught.value.reason == "unknown certificate"
    assert str(signer.certificate.serial_number) in caught.value.detail
    assert _reason(signed, []) == "unknown certificate"


def test_matching_certificate_with_an_rsa_key_is_refused(signed: bytes, signer: Signer) -> None:
    """A certificate with the right issuer and serial but an RSA key cannot have signed."""
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    impostor = (
        x509.CertificateBuilder()
        .subject_name(signer.certificate.subject)
        .issuer_name(signer.certificate.issuer)
        .public_key(rsa_key.public_key())
        .serial_number(signer.certificate.serial_number)
        .not_valid_before(signer.certificate.not_valid_before_utc)
        .not_valid_after(signer.certificate.not_valid_after_utc)
        .sign(rsa_key, hashes.SHA256())
    )
    with pytest.raises(SignatureError) as caught:
        verify(signed, [impostor])
    assert caught.value.reason == "unknown certificate"
    assert "RSA 2048-bit key, not EC P-256" in caught.value.detail


def test_certificate_of_another_key_with_the_same_issuer_serial_is_a_signature_mismatch(
    signed: bytes, signer: Signer, stranger: Signer
) -> None:
    """A P-256 certificate reusing the signer's issuer and serial gives 'signature mismatch'."""
    impostor = (
        x509.CertificateBuilder()
        .subject_name(signer.certificate.subject)
        .issuer_name(signer.certificate.issuer)
        .public_key(stranger.key.public_key())
        .serial_number(signer.certificate.serial_number)
        .not_valid_before(signer.certificate.not_valid_before_utc)
        .not_valid_after(signer.certificate.not_valid_after_utc)
        .sign(stranger.key, hashes.SHA256())
    )
    assert _reason(signed, [impostor]) == "signature mismatch"


def test_unsigned_document_has_no_signature(request_xml: bytes, signer: Signer) -> None:
    """A document whose root does not end with ds:Signature gives 'no signature'."""
    assert _reason(request_xml, [signer.certificate]) == "no signature"


def test_signature_followed_by_another_element_is_no_signature(
    signed: bytes, signer: Signer
) -> None:
    """A ds:Signature that is not the root's last element is not the enveloped signature."""
    root = etree.fromstring(signed)
    etree.SubElement(root, "extra")
    assert _reason(etree.tostring(root), [signer.certificate]) == "no signature"


def _remove(path: str) -> Edit:
    def edit(signature: etree._Element) -> None:
        found = one(signature, path)
        parent = found.getparent()
        assert parent is not None
        parent.remove(found)

    return edit


def _set_text(path: str, text: str) -> Edit:
    def edit(signature: etree._Element) -> None:
        one(signature, path).text = text

    return edit


def _set_attribute(path: str, name: str, value: str) -> Edit:
    def edit(signature: etree._Element) -> None:
        one(signature, path).set(name, value)

    return edit


def _duplicate(path: str) -> Edit:
    def edit(signature: etree._Element) -> None:
        found = one(signature, path)
        found.addnext(etree.fromstring(etree.tostring(found)))

    return edit


SHORT = "AAAA" * 10 + "AA=="  # 31 bytes


@pytest.mark.parametrize(
    ("edit", "detail"),
    [
        (_remove("ds:SignedInfo"), "ds:Signature lacks ds:SignedInfo"),
        (_remove("ds:SignatureValue"), "ds:Signature lacks ds:SignatureValue"),
        (_remove("ds:KeyInfo"), "ds:Signature lacks ds:KeyInfo"),
        (_remove("ds:SignedInfo/ds:SignatureMethod"), "ds:SignedInfo lacks ds:SignatureMethod"),
        (_remove(".//ds:DigestValue"), "ds:Reference lacks ds:DigestValue"),
        (_remove(".//ds:Transforms"), "Transforms [] are not supported"),
        (_duplicate(".//ds:Reference"), "unexpected ds:Reference in ds:SignedInfo"),
        (_set_text("ds:SignatureValue", "not*base64"), "ds:SignatureValue is not base64"),
        (_set_text("ds:SignatureValue", SHORT), "ds:SignatureValue holds 31 bytes, not 64"),
        (_set_text(".//ds:DigestValue", SHORT), "ds:DigestValue holds 31 bytes, not 32"),
        (
            _set_text("ds:SignatureValue", "A" * 85 + "B=="),
            "ds:SignatureValue is not canonical base64",
        ),
        (
            _set_attribute(".//ds:CanonicalizationMethod", "Algorithm", alg.INCLUSIVE_C14N),
            "ds:CanonicalizationMethod Algorithm",
        ),
        (
            _set_attribute(
                ".//ds:SignatureMethod",
                "Algorithm",
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            ),
            "ds:SignatureMethod Algorithm",
        ),
        (
            _set_attribute(
                ".//ds:DigestMethod", "Algorithm", "http://www.w3.org/2000/09/xmldsig#sha1"
            ),
            "ds:DigestMethod Algorithm",
        ),
        (
            _set_attribute(".//ds:Transform", "Algorithm", alg.EXCLUSIVE_C14N),
            "Transforms ['http://www.w3.org/2001/10/xml-exc-c14n#'] are not supported",
        ),
        (_set_attribute(".//ds:Reference", "URI", "#body"), "Reference URI is '#body'"),
        (_set_text(".//ds:X509SerialNumber", "12ab"), "X509SerialNumber '12ab' is not a decimal"),
        (_set_text(".//ds:X509IssuerName", "nonsense"), "is not a distinguished name"),
        (_remove("ds:KeyInfo/ds:X509Data"), "ds:KeyInfo has no ds:X509Data/ds:X509IssuerSerial"),
    ],
)
def test_malformed_signature_says_what_is_wrong(
    edit: Edit, detail: str, signed: bytes, signer: Signer
) -> None:
    """Missing parts, bad base64, wrong sizes and unsupported algorithms are malformed."""
    root = etree.fromstring(signed)
    edit(last_child(root))
    with pytest.raises(SignatureError) as caught:
        verify(etree.tostring(root), [signer.certificate])
    assert caught.value.reason == "malformed signature"
    assert detail in caught.value.detail


def test_change_in_body_text_is_a_digest_mismatch(signed: bytes, signer: Signer) -> None:
    """Changing the RequestID counter after signing gives 'digest mismatch'."""
    tampered = signed.replace(b":00-DB-12-34-56-78-90-A4:1<", b":00-DB-12-34-56-78-90-A4:2<")
    assert tampered != signed
    assert _reason(tampered, [signer.certificate]) == "digest mismatch"


def test_whitespace_in_the_document_counts(signed: bytes, signer: Signer) -> None:
    """Indentation is signed: one extra space between elements is a digest mismatch."""
    tampered = signed.replace(b"\n    <sr:CommandVariant>", b"\n     <sr:CommandVariant>")
    assert tampered != signed
    assert _reason(tampered, [signer.certificate]) == "digest mismatch"


def test_re_indenting_after_signing_breaks_the_signature(signed: bytes, signer: Signer) -> None:
    """Re-indenting the header is a digest mismatch; re-indenting everything also changes the
    layout inside SignedInfo, which is signed: a signature mismatch."""
    header = etree.fromstring(signed)
    etree.indent(header[0], space="\t", level=1)
    assert _reason(etree.tostring(header), [signer.certificate]) == "digest mismatch"
    whole = etree.fromstring(signed)
    etree.indent(whole, space="\t")
    assert _reason(etree.tostring(whole), [signer.certificate]) == "signature mismatch"


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda tree: etree.tostring(tree),
        lambda tree: etree.tostring(tree, encoding="ISO-8859-1", xml_declaration=True),
        lambda tree: etree.tostring(tree, encoding="UTF-16", xml_declaration=True),
        lambda tree: etree.tostring(tree, method="c14n"),
    ],
    ids=["lxml-utf8", "latin-1", "utf-16", "c14n"],
)
def test_lxml_re_serialisation_still_verifies(
    rewrite: Callable[[etree._ElementTree], bytes], signed: bytes, signer: Signer
) -> None:
    """Writing the parsed document out again (other encoding, expanded empty tags) verifies."""
    again = rewrite(etree.fromstring(signed).getroottree())
    assert again != signed
    assert verify(again, [signer.certificate]).certificate == signer.certificate


def test_empty_element_written_with_an_end_tag_still_verifies(
    signed: bytes, signer: Signer
) -> None:
    """<a/> and <a></a> are the same canonical XML: the signature still holds."""
    expanded = signed.replace(
        b"<sr:ReadFirmwareVersion/>", b"<sr:ReadFirmwareVersion></sr:ReadFirmwareVersion>"
    )
    assert expanded != signed
    assert verify(expanded, [signer.certificate]).certificate == signer.certificate


def test_comments_are_not_signed_but_processing_instructions_are(
    signed: bytes, signer: Signer
) -> None:
    """Canonical XML without comments drops a comment added later, but keeps a PI."""
    commented = signed.replace(b"<sr:Body>", b"<sr:Body><!-- note -->")
    assert verify(commented, [signer.certificate]).certificate == signer.certificate
    with_pi = signed.replace(b"<sr:Body>", b"<sr:Body><?note x?>")
    assert _reason(with_pi, [signer.certificate]) == "digest mismatch"


def test_object_after_key_info_is_ignored(signed: bytes, signer: Signer) -> None:
    """A ds:Object carried after KeyInfo is not signed and does not disturb verification."""
    root = etree.fromstring(signed)
    etree.SubElement(last_child(root), ds("Object")).text = "anything"
    assert verify(etree.tostring(root), [signer.certificate]).certificate == signer.certificate


def test_verify_element_checks_a_parsed_document(signed: bytes, signer: Signer) -> None:
    """verify_element works on an element tree parsed by the caller, without changing it."""
    root = etree.fromstring(signed)
    before = etree.tostring(root)
    assert verify_element(root, [signer.certificate], "parsed").source == "parsed"
    assert etree.tostring(root) == before
    root.find(".//sr:CommandVariant", {"sr": root.nsmap["sr"]}).text = "3"  # type: ignore[union-attr]
    with pytest.raises(SignatureError, match="digest mismatch"):
        verify_element(root, [signer.certificate])


def test_verify_element_on_a_sub_element_treats_it_as_the_document(signer: Signer) -> None:
    """A signed element embedded in a larger tree verifies as a document of its own."""
    signed = sign(
        b'<x:inner xmlns:x="urn:x"><x:v>1</x:v></x:inner>', signer.key, signer.certificate
    )
    outer = etree.fromstring(b'<outer xmlns:y="urn:y"/>')
    outer.append(etree.fromstring(signed))
    assert verify_element(outer[0], [signer.certificate]).certificate == signer.certificate


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"<a><b></a>", MalformedXmlError),
        (b"", MalformedXmlError),
        (b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', ForbiddenXmlError),
    ],
)
def test_bad_xml_is_a_typed_input_error(
    data: bytes, error: type[Exception], signer: Signer
) -> None:
    """Malformed, empty or DTD-carrying input raises its typed input error naming the source."""
    with pytest.raises(error, match=r"in\.xml"):
        verify(data, [signer.certificate], "in.xml")


def test_oversize_input_is_refused(signed: bytes, signer: Signer) -> None:
    """A document above max_bytes is refused before parsing."""
    with pytest.raises(OversizeInputError):
        verify(signed, [signer.certificate], max_bytes=100)


def test_relative_namespace_is_a_typed_error_in_sign_and_verify(signer: Signer) -> None:
    """Canonical XML refuses a relative namespace URI: MalformedXmlError, not a crash."""
    with pytest.raises(MalformedXmlError, match="Canonical XML"):
        sign(b'<a xmlns="relative"/>', signer.key, signer.certificate, source="rel.xml")
    signed = sign(b'<a xmlns="urn:a"/>', signer.key, signer.certificate)
    with pytest.raises(MalformedXmlError, match="Canonical XML"):
        verify(signed.replace(b'"urn:a"', b'"urn_a"'), [signer.certificate])


def test_template_comment_and_default_namespace_inside_signature_are_fine(
    signed: bytes, signer: Signer
) -> None:
    """A comment and a default xmlns on ds:Signature (as in the RTDS templates) still verify."""
    text = signed.replace(
        b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
        b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" '
        b'xmlns="http://www.w3.org/2000/09/xmldsig#">\n    <!-- NOTE: placeholder -->',
    )
    assert text != signed
    assert etree.fromstring(text).find("ds:Signature", NS) is not None
    assert verify(text, [signer.certificate]).certificate == signer.certificate
