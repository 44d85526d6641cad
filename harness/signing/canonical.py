"""The two canonical forms a DUIS signature is computed over.

Canonical XML refuses documents it cannot process faithfully (a relative namespace URI such as
``xmlns:a="urn"`` missing its scheme, for instance); that is a
:class:`~harness.errors.MalformedXmlError` naming the source, since no such document can be
signed or have been signed.
"""

from __future__ import annotations

import hashlib

from lxml import etree

from harness.errors import MalformedXmlError
from harness.signing.envelope import without_signature


def _c14n(node: etree._Element | etree._ElementTree, exclusive: bool, source: str) -> bytes:
    try:
        return etree.tostring(node, method="c14n", exclusive=exclusive, with_comments=False)
    except etree.C14NError as exc:
        reason = f"Canonical XML cannot process this document ({exc}); is a namespace relative?"
        raise MalformedXmlError(source, reason) from None


def document_digest(document: etree._ElementTree, source: str = "<document>") -> bytes:
    """SHA-256 of the inclusive Canonical XML 1.0 (no comments) of ``document`` without its
    trailing signature: the value of the Reference ``URI=""`` after the enveloped transform."""
    return hashlib.sha256(_c14n(without_signature(document), False, source)).digest()


def signed_info_octets(signed_info: etree._Element, source: str = "<document>") -> bytes:
    """The exclusive Canonical XML 1.0 (no comments) of ``ds:SignedInfo``: what is signed."""
    return _c14n(signed_info, True, source)
