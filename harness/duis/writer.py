"""One description of a message's elements, written as an lxml tree or straight to text.

A message class describes its elements once, through a :class:`Writer`: ``open`` an element
(a global one with its namespaces), set an ``attribute``, add a ``leaf`` with text, ``graft`` a
:class:`Fragment`, ``close``. :class:`TreeWriter` builds lxml elements by the namespace rules of
``_xmltree`` (``start``, ``add``, ``graft``). :func:`write_document` writes the same document as
UTF-8 text, indented as :func:`_xmltree.serialise` indents, without building a tree: it needs
every element to take its prefix from the root's declarations (one prefix per namespace, no
default namespace) and every fragment to be one lxml would append as is. When that does not
hold, or a value has a character XML cannot carry, it writes the tree and serialises it, so
both ways give the same bytes; the tests hold them to it.

A :class:`WrittenFragment` is a fragment described by a write function rather than by bytes:
the text writer writes it in place (no element is built, copied or re-indented) and keeps the
text per root and depth, so a fragment grafted again is not written again; its bytes are
built, the same as for any fragment, only when something reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from typing import Protocol, Self

from lxml import etree

from harness.duis._xmltree import (
    DEFAULT_NAMESPACES,
    Namespaces,
    _appendable,
    add,
    graft,
    serialise,
    start,
)
from harness.duis.fragment import Fragment

__all__ = ["TreeWriter", "Writer", "WrittenFragment", "element_of", "write_document"]

_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
# characters outside XML 1.0's Char production (lxml refuses the control characters)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# what text needs escaped (&, <, >, CR), or cannot carry at all: one class, which sre scans
# several times faster than the alternation of the two
_TEXT_SPECIAL = re.compile(
    "[^\t\n\x20-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)
#: Unqualified attributes of a leaf, in the order they are written.
Attributes = tuple[tuple[str, str], ...]

_INDENTS = tuple("\n" + "  " * depth for depth in range(64))


class Writer(Protocol):
    """Where a message writes its elements, in document order."""

    def open(
        self, tag: str, namespaces: Namespaces | None = None, needs: tuple[str, ...] = ()
    ) -> None:
        """Start ``tag`` (Clark name); a global element passes the ``namespaces`` it declares,
        others may name the namespace URIs their subtree ``needs``."""

    def attribute(self, name: str, value: str) -> None:
        """Set an unqualified attribute on the element just opened."""

    def leaf(self, tag: str, text: str | None, attributes: Attributes = ()) -> None:
        """Add ``<tag>text</tag>`` (with unqualified ``attributes``) unless ``text`` is None."""

    def graft(self, fragment: Fragment) -> None:
        """Add a copy of ``fragment`` as the next child."""

    def close(self) -> None:
        """End the element opened last."""


class TreeWriter:
    """Builds lxml elements, under ``parent`` when given."""

    def __init__(self, parent: etree._Element | None = None) -> None:
        self._stack: list[etree._Element] = [] if parent is None else [parent]
        self._first: etree._Element | None = None

    @property
    def element(self) -> etree._Element:
        """The first element opened (the one the message describes)."""
        if self._first is None:
            raise ValueError("nothing was written")
        return self._first

    def open(
        self, tag: str, namespaces: Namespaces | None = None, needs: tuple[str, ...] = ()
    ) -> None:
        """Start ``tag`` (see :class:`Writer`)."""
        element = start(self._stack[-1] if self._stack else None, tag, namespaces, needs)
        if self._first is None:
            self._first = element
        self._stack.append(element)

    def attribute(self, name: str, value: str) -> None:
        """Set an attribute on the element just opened."""
        self._stack[-1].set(name, value)

    def leaf(self, tag: str, text: str | None, attributes: Attributes = ()) -> None:
        """Add ``<tag>text</tag>`` (with ``attributes``) unless ``text`` is None."""
        child = add(self._stack[-1], tag, text)
        if child is not None:
            for name, value in attributes:
                child.set(name, value)

    def graft(self, fragment: Fragment) -> None:
        """Append a copy of ``fragment``."""
        graft(self._stack[-1], fragment)

    def close(self) -> None:
        """End the element opened last."""
        self._stack.pop()


class WrittenFragment(Fragment):
    """A fragment whose element ``write`` describes: its bytes are made only when read.

    ``write`` must describe exactly one element named ``tag``, opened with the namespaces it
    declares as a standalone element (``w.open(tag, (("sr", SR),))``), and the same element
    each time it runs: what it writes is kept. Grafted into a document written as text, it is
    written in place; anywhere else it behaves as the fragment of the element ``write`` builds.
    """

    @classmethod
    def of(cls, tag: str, write: Callable[[Writer], None]) -> Self:
        """The fragment ``write`` describes; its root is ``tag`` (Clark name)."""
        fragment = object.__new__(cls)
        object.__setattr__(fragment, "tag", tag)
        fragment.__dict__["write"] = write
        return fragment

    @cached_property
    def _root(self) -> etree._Element:
        """The element ``write`` builds: read and copied from, never changed."""
        element = element_of(self.__dict__["write"])
        if element.tag != self.tag:
            raise ValueError(f"the write function describes {element.tag}, not {self.tag}")
        return element

    @cached_property
    def xml(self) -> bytes:  # made when read, then kept
        """The serialised element, as :meth:`Fragment.from_element` would keep it."""
        return etree.tostring(self._root)

    def __reduce__(self) -> tuple[type[Fragment], tuple[bytes]]:
        return (Fragment, (self.xml,))  # the function does not travel: its bytes do


class _NotAsTextError(Exception):
    """The document cannot be written as text exactly as the tree would be serialised."""


class _Root:
    """What text writing needs of a root: its start tag and prefixes, and the text around each
    element name met so far, per depth (shared by every document with this root)."""

    def __init__(self, tag: str, namespaces: Namespaces) -> None:
        element = start(None, tag, namespaces)
        scope = element.nsmap
        prefixes = {uri: prefix for prefix, uri in scope.items()}
        text = etree.tostring(element, encoding="unicode")
        if None in scope or len(prefixes) != len(scope) or not text.endswith("/>"):
            raise _NotAsTextError(tag)
        self.start = text[:-2]
        self.name = self.start[1:].split(" ", 1)[0]
        self.prefixes = {uri: str(prefix) for uri, prefix in prefixes.items()}
        self.scope: dict[str | None, str] = {p: uri for uri, p in self.prefixes.items()}
        self.declared = frozenset(self.scope.items())
        # per depth: Clark name -> (indent and "<prefix:local", "</prefix:local>")
        self.names: list[dict[str, tuple[str, str]]] = [{} for _ in _INDENTS]

    def learn(self, tag: str, depth: int) -> tuple[str, str]:
        """The text around ``tag`` at ``depth``, for a Clark name whose namespace is declared."""
        uri, _, local = tag[1:].partition("}")
        prefix = self.prefixes.get(uri)
        if prefix is None or not tag.startswith("{"):
            raise _NotAsTextError(tag)
        name = f"{prefix}:{local}"
        found = self.names[depth][tag] = (f"{_INDENTS[depth]}<{name}", f"</{name}>")
        return found


@lru_cache(maxsize=64)
def _root(tag: str, namespaces: Namespaces) -> _Root:
    return _Root(tag, namespaces)


def _attribute(name: str, value: str) -> str:
    if ":" in name:
        raise _NotAsTextError(name)
    return f' {name}="{_attribute_value(value)}"'


def _attribute_value(value: str) -> str:
    if _NOT_XML.search(value):
        raise _NotAsTextError(value)
    return value.translate(_ATTRIBUTE_ESCAPES)


def _text(value: str) -> str:
    if _NOT_XML.search(value):
        raise _NotAsTextError(value)
    return value.translate(_TEXT_ESCAPES)


def _grafted(fragment: Fragment, root: _Root, depth: int) -> str:
    """``fragment`` as text ``depth`` deep under ``root``, as lxml would append and indent it.

    Kept on the fragment per root and depth: a fragment is immutable, and the model grafts the
    same signature into every document it signs.
    """
    kept: dict[tuple[_Root, int], str] = fragment.__dict__.setdefault("_grafted", {})
    text = kept.get((root, depth))
    if text is not None:
        return text
    namespaces = fragment._graft_namespaces
    if not _appendable(root.scope, namespaces) or depth >= len(_INDENTS) - 1:
        raise _NotAsTextError(fragment.tag)
    text = fragment.indented(depth)
    end = text.index(">")  # lxml escapes ">" in attribute values: this ends the start tag
    start_tag = text[:end]
    for prefix, uri in namespaces or ():
        if uri in root.prefixes:  # lxml drops a declaration the parent already makes
            declared = f' xmlns:{prefix}="{uri.translate(_ATTRIBUTE_ESCAPES)}"'
            start_tag = start_tag.replace(declared, "", 1)
    text = kept[(root, depth)] = start_tag + text[end:]
    return text


class _TextWriter:
    """Writes elements straight to text; raises _NotAsTextError where it would differ."""

    def __init__(self) -> None:
        self.parts: list[str] = [_DECLARATION]
        self._ends: list[str] = []  # how each open element ends when it has children
        self._names: dict[str, tuple[str, str]] = {}  # the root's names at this depth
        self._tag_open = False  # a start tag still waits for its ">"
        self._root: _Root | None = None
        self._expected: str | None = None  # the tag a written fragment's first open must have

    @classmethod
    def inside(cls, root: _Root, depth: int) -> _TextWriter:
        """A writer of what goes ``depth`` deep under ``root``, after its parent's start tag."""
        writer = cls()
        writer.parts = []
        writer._root = root
        writer._ends = [""] * depth  # never written: what is written inside closes itself
        writer._names = root.names[depth]
        return writer

    @property
    def root(self) -> _Root | None:
        """The document element's text and names, once it is open."""
        return self._root

    def balanced(self, depth: int) -> bool:
        """Whether the writer is ``depth`` deep with no start tag left open."""
        return len(self._ends) == depth and not self._tag_open

    def _in_root(self) -> _Root:
        if self._root is None:
            raise _NotAsTextError("nothing is open")
        return self._root

    def open(
        self, tag: str, namespaces: Namespaces | None = None, needs: tuple[str, ...] = ()
    ) -> None:
        if self._expected is not None:
            expected, self._expected = self._expected, None
            if tag != expected:  # as the tree refuses it when the fragment is read
                raise ValueError(f"the write function describes {tag}, not {expected}")
        parts = self.parts
        depth = len(self._ends)
        if depth >= len(_INDENTS) - 1:
            raise _NotAsTextError(tag)  # deeper than any DUIS message: the tree writes it
        root = self._root
        if root is None:
            chosen = namespaces if namespaces is not None else DEFAULT_NAMESPACES
            root = self._root = _root(tag, chosen)
            parts.append(root.start)
            self._ends.append(f"\n</{root.name}>")
        else:
            if namespaces is not None and not root.declared.issuperset(namespaces):
                raise _NotAsTextError(tag)
            if needs and any(uri not in root.prefixes for uri in needs):
                raise _NotAsTextError(tag)
            head, tail = self._names.get(tag) or root.learn(tag, depth)
            if self._tag_open:
                parts.append(">")
            parts.append(head)
            self._ends.append(f"{_INDENTS[depth]}{tail}")
        self._names = root.names[depth + 1]
        self._tag_open = True

    def attribute(self, name: str, value: str) -> None:
        if not self._tag_open:
            raise _NotAsTextError(name)
        self.parts.append(_attribute(name, value))

    def leaf(self, tag: str, text: str | None, attributes: Attributes = ()) -> None:
        if text is None:
            return
        head, tail = self._names.get(tag) or self._in_root().learn(tag, len(self._ends))
        if _TEXT_SPECIAL.search(text):
            text = _text(text)
        if self._tag_open:
            self.parts.append(">")
            self._tag_open = False
        if attributes:
            own = "".join(_attribute(n, v) for n, v in attributes)
            self.parts.append(f"{head}{own}>{text}{tail}")
        else:
            self.parts.append(f"{head}>{text}{tail}")

    def graft(self, fragment: Fragment) -> None:
        if isinstance(fragment, WrittenFragment):
            self._graft_written(fragment)
            return
        text = _grafted(fragment, self._in_root(), len(self._ends))
        if self._tag_open:
            self.parts.append(">")
            self._tag_open = False
        self.parts.append(f"{_INDENTS[len(self._ends)]}{text}")

    def _graft_written(self, fragment: WrittenFragment) -> None:
        """Write ``fragment`` in place, or the text it wrote at this depth under this root
        before: a fragment is immutable, and the model reuses some (a device's record)."""
        if self._tag_open:
            self.parts.append(">")
            self._tag_open = False
        parts, depth, root = self.parts, len(self._ends), self._root
        kept: dict[tuple[_Root, int], str] = fragment.__dict__.setdefault("_written", {})
        text = kept.get((root, depth)) if root is not None else None
        if text is not None:
            parts.append(text)
            return
        start = len(parts)
        self._expected = fragment.tag
        fragment.__dict__["write"](self)  # in place, as the fragment's tree would be
        if root is not None and len(self._ends) == depth:  # one whole element was written
            kept[(root, depth)] = "".join(parts[start:])

    def close(self) -> None:
        end = self._ends.pop()
        if self._tag_open:  # no child, no text
            self.parts.append("/>")
            self._tag_open = False
        else:
            self.parts.append(end)
        root = self._root
        if root is not None:
            self._names = root.names[len(self._ends)]


def element_of(
    write: Callable[[Writer], None], parent: etree._Element | None = None
) -> etree._Element:
    """The element ``write`` describes, built with lxml (under ``parent`` when given)."""
    writer = TreeWriter(parent)
    write(writer)
    return writer.element


def write_document(write: Callable[[Writer], None]) -> bytes:
    """The document ``write`` describes, as :func:`_xmltree.serialise` would give it."""
    writer = _TextWriter()
    try:
        write(writer)
    except _NotAsTextError:
        return serialise(element_of(write))
    return "".join(writer.parts).encode("utf-8")
