"""Helpers shared by the signing tests (no fixtures here)."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from harness.duis.namespaces import DS
from harness.signing.canonical import signed_info_octets
from harness.signing.ecdsa import sign_raw

NS = {"ds": DS}

#: One element of a signature's shape: depth, local name, Algorithm, URI.
Node = tuple[int, str, str | None, str | None]


def shape(signature: etree._Element) -> list[Node]:
    """The element structure of a ds:Signature: names, order, Algorithm and URI attributes."""
    nodes: list[Node] = []

    def walk(element: etree._Element, depth: int) -> None:
        assert etree.QName(element).namespace == DS
        nodes.append(
            (depth, etree.QName(element).localname, element.get("Algorithm"), element.get("URI"))
        )
        for child in element.iterchildren(tag=etree.Element):
            walk(child, depth + 1)

    walk(signature, 0)
    return nodes


def last_child(root: etree._Element) -> etree._Element:
    """The root's last element child."""
    return list(root.iterchildren(tag=etree.Element))[-1]


def one(root: etree._Element, path: str) -> etree._Element:
    """The single element at ``path`` (ds: prefix bound)."""
    found = root.findall(path, NS)
    assert len(found) == 1, path
    return found[0]


def resign(root: etree._Element, key: ec.EllipticCurvePrivateKey) -> bytes:
    """Recompute the SignatureValue after a test changed the SignedInfo; the document bytes."""
    signature = last_child(root)
    octets = signed_info_octets(one(signature, "ds:SignedInfo"))
    one(signature, "ds:SignatureValue").text = base64.b64encode(sign_raw(key, octets)).decode()
    return etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=True)


def wrap(text: str, width: int = 76, indent: str = "\n      ") -> str:
    """Base64 text broken into lines as MIME tools write it."""
    lines = [text[i : i + width] for i in range(0, len(text), width)]
    return indent + indent.join(lines) + "\n    "
