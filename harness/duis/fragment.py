"""Immutable XML subtrees (:class:`Fragment`, :class:`Signature`) and the canonical form.

A fragment keeps the serialised bytes of one element, with every namespace declaration in
scope where it was found, so it can be grafted back into a document unchanged.
Two fragments are equal when their exclusive canonical forms (without comments and
whitespace-only text) are equal, so namespaces declared but unused do not matter.
:func:`canonical` is the comparison used for round trips: Canonical XML 1.0 (inclusive, without
comments) of the document after every whitespace-only text and tail node has been dropped.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import ClassVar, Self

from lxml import etree

from harness.duis.namespaces import DS, NSMAP
from harness.duis.xmlinput import DEFAULT_MAX_BYTES, parse_bytes
from harness.errors import MessageError

__all__ = [
    "Fragment",
    "Signature",
    "canonical",
    "local_name",
    "qualified_name",
]

_PREFIXES = {uri: prefix for prefix, uri in NSMAP.items()}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # a local name ElementPath reads as itself
# how lxml writes an attribute with a prefix (xmlns declarations aside); text may match too
_PREFIXED_ATTRIBUTE = re.compile(rb"\s(?!xmlns:)[^\s=<>\"':]+:[^\s=<>\"']+\s*=")


@lru_cache(maxsize=2048)
def qualified_name(tag: str) -> str:
    """``{ns}local`` as ``sr:local`` (also ``ra``, ``ds``); Clark notation for other namespaces."""
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    prefix = _PREFIXES.get(namespace)
    if prefix is not None:
        return f"{prefix}:{local}"
    return tag


def local_name(tag: str) -> str:
    """The local part of a Clark name."""
    return tag.rpartition("}")[2]


def canonical(xml: bytes, source: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """C14N 1.0 (inclusive, no comments) of ``xml`` after dropping whitespace-only text/tails."""
    root = _drop_layout(parse_bytes(xml, source, max_bytes))
    return etree.tostring(root, method="c14n", with_comments=False)


def _drop_layout(root: etree._Element) -> etree._Element:
    for node in root.iter():
        if isinstance(node.tag, str) and node.text is not None and not node.text.strip():
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return root


def _child(node: etree._Element, name: str) -> etree._Element | None:
    """The first child element of local name ``name``, in any namespace."""
    matcher = _matcher(name)
    if matcher is not None:
        return next(node.iterchildren(matcher), None)
    found = [c for c in node if isinstance(c.tag, str) and local_name(c.tag) == name]
    return found[0] if found else None


@lru_cache(maxsize=1024)
def _matcher(name: str) -> str | None:
    """lxml's tag matcher for local name ``name`` in any namespace, if it reads it as itself."""
    return f"{{*}}{name}" if _NAME.fullmatch(name) else None


@lru_cache(maxsize=1024)
def _steps(path: str) -> tuple[str, ...]:
    return tuple(filter(None, path.split("/")))


@dataclass(frozen=True, repr=False, eq=False)
class Fragment:
    """An immutable XML subtree kept as its serialised bytes (in-scope namespaces included)."""

    xml: bytes
    tag: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tag", self._root.tag)
        self._check()

    def _check(self) -> None:
        """Raise MessageError if the root cannot be this kind of fragment (any root can)."""

    @classmethod
    def from_element(cls, element: etree._Element) -> Self:
        """The subtree rooted at ``element`` (its tail is not part of it)."""
        fragment = object.__new__(cls)  # the tag is known: no need to parse the bytes back
        object.__setattr__(fragment, "xml", etree.tostring(element, with_tail=False))
        object.__setattr__(fragment, "tag", element.tag)
        tree = copy.copy(element)  # lxml copies the subtree, with the declarations it uses
        tree.tail = None
        fragment.__dict__["_tree"] = tree
        if element.getparent() is None:  # a root's copy keeps every declaration: as if parsed
            fragment.__dict__["_root"] = tree
        fragment._check()
        return fragment

    @classmethod
    def adopt(cls, element: etree._Element) -> Fragment:
        """The subtree at ``element``, which the caller gives up: nothing may change it again.

        It is read where it is (not copied), and serialised only when its bytes are read: the
        reference model adopts the body of each request it parsed itself. The fragment is a
        plain one (not a Signature), whatever class this is called on.
        """
        return _Adopted.of(element)

    @property
    def local_name(self) -> str:
        """The local name of the fragment's root element."""
        return local_name(self.tag)

    @cached_property
    def _root(self) -> etree._Element:
        return parse_bytes(self.xml, "<fragment>")

    @cached_property
    def _tree(self) -> etree._Element:
        """The subtree to read text from (its namespace declarations may be fewer)."""
        return self._root

    @cached_property
    def _identity(self) -> bytes:
        root = _drop_layout(self.element())
        return etree.tostring(root, method="c14n", exclusive=True, with_comments=False)

    #: What a fragment is compared as: a plain fragment however it was made; a Signature only
    #: with signatures (set below, once the classes exist).
    _compared_as: ClassVar[type[Fragment]]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fragment) or other._compared_as is not self._compared_as:
            return NotImplemented
        return self._identity == other._identity

    def __hash__(self) -> int:
        return hash(self._identity)

    def element(self) -> etree._Element:
        """A fresh, independent lxml element parsed (defensively) from the bytes."""
        return parse_bytes(self.xml, "<fragment>")

    def _copy(self) -> etree._Element:
        """A fresh, independent copy of the parsed element (cheaper than parsing again)."""
        return copy.copy(self._root)  # lxml copies the whole subtree, without a memo

    @cached_property
    def _graft_namespaces(self) -> tuple[tuple[str | None, str], ...] | None:
        """The root's declarations when lxml can append a copy as is (see ``graft``), else None.

        That needs every declaration on the root (none nested), one prefix per URI, no
        namespaced attribute and only comments and processing instructions besides elements.
        """
        root = self._root
        namespaces = tuple(root.nsmap.items())
        if self.xml.count(b"xmlns") != len(namespaces):
            return None
        if len({uri for _, uri in namespaces}) != len(namespaces):
            return None
        if b"&" not in self.xml and not _PREFIXED_ATTRIBUTE.search(self.xml):
            return namespaces  # no entity nodes and no attribute with a prefix: nothing to walk
        for node in root.iter():
            if isinstance(node.tag, str):
                if any(str(name).startswith("{") for name in node.attrib):
                    return None
            elif not isinstance(node, etree._Comment | etree._ProcessingInstruction):
                return None
        return namespaces

    def indented(self, level: int) -> str:
        """The fragment as text, re-indented by two spaces as if it sat ``level`` deep."""
        texts = self._indented
        text = texts.get(level)
        if text is None:
            root = self._copy()
            etree.indent(root, space="  ", level=level)
            text = texts[level] = etree.tostring(root, encoding="unicode")
        return text

    @cached_property
    def _indented(self) -> dict[int, str]:
        return {}

    def text_of(self, path: str = "") -> str | None:
        """Stripped text of the first element reached by local names ``a/b/c`` (``""``: own)."""
        node = self._tree
        for step in _steps(path):
            found = _child(node, step)
            if found is None:
                return None
            node = found
        if not len(node):  # a leaf: its text is all of it
            return (node.text or "").strip()
        return "".join(str(t) for t in node.itertext()).strip()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<{qualified_name(self.tag)}>, {len(self.xml)} bytes)"


class _Adopted(Fragment):
    """A fragment read where its element is (see :meth:`Fragment.adopt`)."""

    @classmethod
    def of(cls, element: etree._Element) -> Fragment:
        fragment = object.__new__(cls)
        object.__setattr__(fragment, "tag", element.tag)
        fragment.__dict__["_tree"] = element
        if element.getparent() is None:
            fragment.__dict__["_root"] = element
        return fragment

    @cached_property
    def xml(self) -> bytes:  # made when read, then kept
        """The serialised element, as :meth:`Fragment.from_element` would keep it."""
        return etree.tostring(self.__dict__["_tree"], with_tail=False)

    def __reduce__(self) -> tuple[type[Fragment], tuple[bytes]]:
        return (Fragment, (self.xml,))  # the element does not travel: its bytes do


@dataclass(frozen=True, repr=False, eq=False)
class Signature(Fragment):
    """An XML-DSig ``ds:Signature`` element, kept verbatim."""

    def _check(self) -> None:
        if self.tag != f"{{{DS}}}Signature":
            found = qualified_name(self.tag)
            raise MessageError("<signature>", f"expected ds:Signature, found {found}")

    @property
    def signature_value(self) -> str | None:
        """The base64 SignatureValue (outer whitespace stripped)."""
        return self.text_of("SignatureValue")

    @property
    def issuer_name(self) -> str | None:
        """The X509IssuerName of the signing certificate."""
        return self.text_of("KeyInfo/X509Data/X509IssuerSerial/X509IssuerName")

    @property
    def serial_number(self) -> str | None:
        """The X509SerialNumber (decimal) of the signing certificate."""
        return self.text_of("KeyInfo/X509Data/X509IssuerSerial/X509SerialNumber")


Fragment._compared_as = Fragment
Signature._compared_as = Signature
