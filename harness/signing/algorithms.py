"""The algorithm identifiers of a DUIS XML signature (XML-DSig 1.0 with the RFC 6931 URIs).

These are the values the DUIS templates of DCC's Reference Test Data Set carry, and the only
ones :func:`~harness.signing.verify.verify` accepts.
"""

from __future__ import annotations

from typing import Final

#: SignedInfo is canonicalised with Exclusive XML Canonicalization 1.0, without comments.
EXCLUSIVE_C14N: Final = "http://www.w3.org/2001/10/xml-exc-c14n#"

#: Canonical XML 1.0 (inclusive, without comments): how the referenced document is turned into
#: octets after the enveloped-signature transform. It is the XML-DSig default, so DUIS
#: signatures list only the enveloped transform; a verifier also accepts it listed explicitly.
INCLUSIVE_C14N: Final = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"

#: ECDSA over P-256 with SHA-256; the value is the raw r‖s concatenation (RFC 4050 / 6931).
ECDSA_SHA256: Final = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"

#: The one transform of the one Reference: remove the Signature that contains it.
ENVELOPED_SIGNATURE: Final = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

#: The digest of the referenced document.
SHA256: Final = "http://www.w3.org/2001/04/xmlenc#sha256"

#: Transform lists a verifier accepts (the first is the one the harness writes).
ACCEPTED_TRANSFORMS: Final = (
    (ENVELOPED_SIGNATURE,),
    (ENVELOPED_SIGNATURE, INCLUSIVE_C14N),
)

#: Size in bytes of a SHA-256 digest and of a raw ECDSA P-256 signature (r‖s).
DIGEST_SIZE: Final = 32
SIGNATURE_SIZE: Final = 64
