from __future__ import annotations

import pytest

from harness.signing import sign
from tests.signing.conftest import Signer
from tests.signing.tamper import Case, all_cases, outcome

REGIONS = {
    "document content": {"digest mismatch"},
    "namespaces": {"digest mismatch", "no signature", "MalformedXmlError"},
    "SignedInfo": {"signature mismatch", "malformed signature"},
    "SignatureValue": {"signature mismatch", "malformed signature"},
    "KeyInfo": {"unknown certificate", "malformed signature", "verified"},
    "unsigned layout": {"verified"},
    "markup: document": {"digest mismatch", "MalformedXmlError"},
    "markup: SignedInfo": {"malformed signature", "MalformedXmlError"},
    "markup: Signature": {"MalformedXmlError"},
    "XML declaration": {"digest mismatch", "MalformedXmlError", "verified"},
}


@pytest.fixture(scope="module")
def signed(request_xml: bytes, signer: Signer) -> bytes:
    """The signed 11.2 request every case changes."""
    return sign(request_xml, signer.key, signer.certificate)


@pytest.fixture(scope="module")
def cases(signed: bytes) -> list[Case]:
    """Every one-byte change with the outcome it must have."""
    return all_cases(signed)


def test_every_byte_replaced_by_lt_is_a_typed_malformed_xml_error(
    signed: bytes, signer: Signer
) -> None:
    """A '<' written over any byte breaks the XML: MalformedXmlError, never a traceback."""
    outcomes = {
        offset: outcome(signed[:offset] + b"<" + signed[offset + 1 :], [signer.certificate])
        for offset in range(len(signed))
        if signed[offset] != ord("<")
    }
    assert len(outcomes) > 1000
    assert {o for o in outcomes.values() if o != "MalformedXmlError"} == set()


def test_cases_cover_every_letter_and_digit_once(signed: bytes, cases: list[Case]) -> None:
    """Each alphanumeric byte of the signed document is changed by exactly one case."""
    offsets = [case.offset for case in cases]
    assert len(offsets) == len(set(offsets))
    alphanumeric = {i for i, byte in enumerate(signed) if chr(byte).isalnum()}
    assert alphanumeric <= set(offsets)
    assert {case.region for case in cases} == set(REGIONS)


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_one_byte_change_gives_the_precise_outcome(
    region: str, signed: bytes, cases: list[Case], signer: Signer
) -> None:
    """Each one-byte change in this region gives exactly its expected outcome.

    Document text, attributes and layout: digest mismatch. SignedInfo text: signature
    mismatch; its Algorithm URIs and element names: malformed signature. SignatureValue:
    signature mismatch (or malformed when its padding breaks). KeyInfo names another
    certificate: unknown certificate (malformed when the name no longer parses). Layout
    whitespace inside the Signature outside SignedInfo is not signed: still verifies. Broken
    markup: MalformedXmlError.
    """
    chosen = [case for case in cases if case.region == region]
    assert chosen
    wrong = [
        (case.why, case.offset, case.expected, got)
        for case in chosen
        if (got := outcome(case.apply(signed), [signer.certificate])) != case.expected
    ]
    assert wrong == []
    assert {case.expected for case in chosen} == REGIONS[region]


def test_the_signed_document_itself_verifies(signed: bytes, signer: Signer) -> None:
    """The unchanged document verifies (the baseline every case departs from)."""
    assert outcome(signed, [signer.certificate]) == "verified"
