from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from harness.signing.names import NameSyntaxError, parse_name, same_name

ISSUER = x509.Name(
    [
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Energy, Ltd"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "07"),
        x509.NameAttribute(NameOID.COMMON_NAME, "U1"),
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        r"CN=U1,OU=07,O=Example Energy\, Ltd",
        r"CN=U1, OU=07, O=Example Energy\, Ltd",
        r"cn = U1 ; ou=07 ; o=example energy\, ltd",
        r"2.5.4.3=U1,OID.2.5.4.11=07,O=Example Energy\2C Ltd",
        r"CN=U1,OU=07,O=Example  Energy\, Ltd ",
    ],
)
def test_spellings_of_the_same_issuer_match(text: str) -> None:
    """RFC 4514/2253 spellings of one name (spaces, case, OIDs, hex escapes) all match."""
    assert same_name(text, ISSUER)


@pytest.mark.parametrize(
    "text",
    [
        r"CN=U2,OU=07,O=Example Energy\, Ltd",
        r"OU=07,CN=U1,O=Example Energy\, Ltd",
        r"CN=U1,OU=07",
        r"CN=U1,OU=07,O=Example Energy,Ltd",
        "",
    ],
)
def test_different_names_do_not_match(text: str) -> None:
    """Another value, another RDN order or a missing RDN is another name."""
    assert not same_name(text, ISSUER)


@pytest.mark.parametrize("text", ["CN", "CN=U1,=07", "CN=U1\\", "CN=a\\zz"])
def test_text_that_is_no_distinguished_name_is_a_syntax_error(text: str) -> None:
    """A component without '=', an empty type or a bad escape is refused."""
    with pytest.raises(NameSyntaxError):
        parse_name(text)
    assert not same_name(text, ISSUER)


def test_multi_valued_rdn_is_order_independent() -> None:
    """The attributes of a multi-valued RDN compare as a set."""
    assert parse_name("CN=U1+UID=7,OU=07") == parse_name("UID=7 + CN=U1, OU=07")
