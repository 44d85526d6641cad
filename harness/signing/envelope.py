"""Where the enveloped signature sits, and the document as it was before it was added.

A DUIS signature is the last element child of the root. The enveloped-signature transform
removes exactly that element: the whitespace around it (the text before it and its tail) stays
part of the signed document.
"""

from __future__ import annotations

import copy

from lxml import etree

from harness.duis.namespaces import ds

SIGNATURE_TAG = ds("Signature")


def trailing_signature(root: etree._Element) -> etree._Element | None:
    """The root's last element child when it is a ``ds:Signature``, else None."""
    last: etree._Element | None = None
    for child in root.iterchildren(tag=etree.Element):
        last = child
    if last is not None and last.tag == SIGNATURE_TAG:
        return last
    return None


def remove_keeping_text(element: etree._Element) -> None:
    """Remove ``element`` from its parent, keeping its tail text where it was."""
    parent = element.getparent()
    if parent is None:
        raise ValueError("cannot remove the root element")
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def document_of(root: etree._Element) -> etree._ElementTree:
    """The document ``root`` stands for: its own tree when it is the root of one, else a copy."""
    if root.getparent() is None:
        return root.getroottree()
    detached = copy.deepcopy(root)
    detached.tail = None
    return etree.ElementTree(detached)


def without_signature(document: etree._ElementTree) -> etree._ElementTree:
    """A copy of ``document`` without its trailing ``ds:Signature`` (if it has one)."""
    stripped = copy.deepcopy(document)
    signature = trailing_signature(stripped.getroot())
    if signature is not None:
        remove_keeping_text(signature)
    return stripped
