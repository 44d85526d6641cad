"""Private helpers: read DUIS elements strictly (errors name source and XPath), write them back.

When writing, a global element (Request, Response, S1SPAlert, SMETS1SignedResponse) declares the
namespaces it had in scope when parsed; any other element declares only the ``sr``/``ra``/``ds``
namespaces its tag and subtree use that are not yet in scope (``needs``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from lxml import etree

from harness.duis.fragment import Fragment, qualified_name
from harness.duis.identifiers import Eui64, RequestId
from harness.duis.namespaces import NSMAP
from harness.errors import IdentifierError, MessageError

T = TypeVar("T")

#: Namespace declarations of an element, as an immutable ``(prefix, uri)`` tuple.
Namespaces = tuple[tuple[str | None, str], ...]

DEFAULT_NAMESPACES: Namespaces = tuple(NSMAP.items())

_UNSIGNED = re.compile(r"\+?[0-9]+")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})*")
_DATETIME = re.compile(
    r"(-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?"
)


def unsigned(text: str) -> int:
    """An xs:nonNegativeInteger-style decimal (ValueError otherwise)."""
    if not _UNSIGNED.fullmatch(text):
        raise ValueError(f"must be an unsigned decimal integer (got {text!r})")
    return int(text)


def hex_binary(text: str) -> str:
    """An xs:hexBinary, returned unchanged (ValueError otherwise)."""
    if not _HEX.fullmatch(text):
        raise ValueError(f"must be hexadecimal byte pairs (got {text!r})")
    return text


def boolean(text: str) -> bool:
    """An xs:boolean (``true``/``false``/``1``/``0``)."""
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(f"must be true, false, 1 or 0 (got {text!r})")


def xs_datetime(text: str) -> datetime:
    """An xs:dateTime as a :class:`datetime` (naive when the text has no time zone)."""
    found = _DATETIME.fullmatch(text.strip())
    if not found:
        raise ValueError(f"must be an xs:dateTime such as 2024-01-31T12:00:00Z (got {text!r})")
    main, fraction, zone = found.groups()
    micro = f".{(fraction + '000000')[:6]}" if fraction else ""
    offset = "+00:00" if zone == "Z" else zone or ""
    return datetime.fromisoformat(f"{main}{micro}{offset}")


def text_of(element: etree._Element, source: str, path: str) -> str:
    """The text content of a simple-typed element (error if it has child elements)."""
    if not len(element):
        return element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            found = qualified_name(child.tag)
            raise MessageError(source, f"expected text only, found element {found}", path)
    return "".join(str(t) for t in element.itertext())


def namespaces_of(element: etree._Element) -> Namespaces:
    """Every namespace declaration in scope on ``element``."""
    return tuple(element.nsmap.items())


class Reader:
    """Reads an element's child elements strictly in document order, naming XPaths in errors."""

    def __init__(self, element: etree._Element, source: str, path: str, expect: str) -> None:
        self.element = element
        self.source = source
        self.path = path
        if element.tag != expect:
            raise self.error(f"expected {qualified_name(expect)}, found {_describe(element)}")
        self._children = list(element.iterchildren(etree.Element))  # elements only
        self._next = 0

    @classmethod
    def root(cls, element: etree._Element, source: str, expect: str) -> Reader:
        """A reader for a document's root (or a standalone element) named ``expect``."""
        return cls(element, source, f"/{qualified_name(expect)}", expect)

    def error(self, reason: str, path: str | None = None) -> MessageError:
        """A :class:`MessageError` located at ``path`` (default: this element)."""
        return MessageError(self.source, reason, path or self.path)

    def child_path(self, tag: str) -> str:
        """The XPath of a child named ``tag``."""
        return f"{self.path}/{qualified_name(tag)}"

    def attribute(self, name: str) -> str:
        """A required attribute, verbatim."""
        value = self.element.get(name)
        if value is None:
            raise self.error(f"missing attribute {name!r} on {qualified_name(self.element.tag)}")
        return value

    def remaining(self) -> bool:
        """Whether a child element is still to be read."""
        return self._next < len(self._children)

    def optional(self, tag: str) -> etree._Element | None:
        """The next child if it is named ``tag``."""
        if self._next < len(self._children) and self._children[self._next].tag == tag:
            self._next += 1
            return self._children[self._next - 1]
        return None

    def required(self, tag: str) -> etree._Element:
        """The next child, which must be named ``tag``."""
        found = self.optional(tag)
        if found is None:
            raise self.error(f"expected {qualified_name(tag)}, found {self._found()}")
        return found

    def repeated(self, tag: str) -> list[etree._Element]:
        """Every consecutive next child named ``tag`` (possibly none)."""
        found: list[etree._Element] = []
        while (child := self.optional(tag)) is not None:
            found.append(child)
        return found

    def choice(self, namespace: str, what: str) -> etree._Element:
        """The next child, whatever its local name, which must be in ``namespace``."""
        if self._next < len(self._children):
            child = self._children[self._next]
            if child.tag.startswith(f"{{{namespace}}}"):
                self._next += 1
                return child
        raise self.error(f"expected {what}, found {self._found()}")

    def sub(self, child: etree._Element) -> Reader:
        """A reader for ``child`` (one of this element's children)."""
        return Reader(child, self.source, self.child_path(child.tag), child.tag)

    def finish(self) -> None:
        """Fail if any child element was not consumed."""
        if self._next < len(self._children):
            extra = self._children[self._next]
            raise self.error(f"unexpected element {_describe(extra)}", self.child_path(extra.tag))

    def text(self, tag: str, *, strip: bool = True, check: Callable[[str], object] = str) -> str:
        """The text of the required child ``tag``, checked by ``check`` and kept verbatim."""
        return self.value(tag, lambda t: _checked(t, check), strip=strip)

    def optional_text(
        self, tag: str, *, strip: bool = True, check: Callable[[str], object] = str
    ) -> str | None:
        """The text of the optional child ``tag``, checked by ``check`` and kept verbatim."""
        return self.optional_value(tag, lambda t: _checked(t, check), strip=strip)

    def value(self, tag: str, convert: Callable[[str], T], *, strip: bool = True) -> T:
        """The required child ``tag`` converted; conversion failures become MessageErrors."""
        return self._convert(self.required(tag), convert, strip)

    def optional_value(
        self, tag: str, convert: Callable[[str], T], *, strip: bool = True
    ) -> T | None:
        """The optional child ``tag`` converted, or None when absent."""
        child = self.optional(tag)
        return None if child is None else self._convert(child, convert, strip)

    def _convert(self, child: etree._Element, convert: Callable[[str], T], strip: bool) -> T:
        text = text_of(child, self.source, self.child_path(child.tag)) if len(child) else None
        if text is None:
            text = child.text or ""
        try:
            return convert(text.strip() if strip else text)
        except (ValueError, IdentifierError) as exc:
            path = self.child_path(child.tag)
            raise self.error(f"invalid {qualified_name(child.tag)}: {exc}", path) from None

    def _found(self) -> str:
        if self._next < len(self._children):
            return _describe(self._children[self._next])
        return f"the end of {qualified_name(self.element.tag)}"


def _checked(text: str, check: Callable[[str], object]) -> str:
    check(text)
    return text


def _describe(element: etree._Element) -> str:
    name = qualified_name(element.tag)
    return f"element {name}" if name.startswith("{") else name


def request_id(text: str) -> RequestId:
    """A RequestID/ResponseID (IdentifierError if malformed)."""
    return RequestId.parse(text)


def eui64(text: str) -> Eui64:
    """A hyphenated EUI-64 (IdentifierError if malformed)."""
    return Eui64.parse(text)


# --- writing ------------------------------------------------------------------------------------


def new_element(
    parent: etree._Element | None,
    tag: str,
    namespaces: Mapping[str | None, str],
    prefix: str | None,
) -> etree._Element:
    """Create ``tag`` (root or child) declaring ``namespaces`` not yet in scope, as ``prefix:``."""
    scope = parent.nsmap if parent is not None else {}
    own = {p: u for p, u in namespaces.items() if scope.get(p) != u}
    element = _make(parent, tag, own)
    uri = tag[1:].partition("}")[0] if tag.startswith("{") else None
    if uri and element.prefix != prefix and namespaces.get(prefix) == uri:
        if parent is not None:
            parent.remove(element)
        element = _make(parent, tag, {prefix: uri, **own})
    return element


def _make(
    parent: etree._Element | None, tag: str, nsmap: Mapping[str | None, str]
) -> etree._Element:
    declarations: Any = dict(nsmap)  # lxml-stubs omit the None (default namespace) key
    if parent is None:
        return etree.Element(tag, nsmap=declarations)
    return etree.SubElement(parent, tag, nsmap=declarations)


def start(
    parent: etree._Element | None,
    tag: str,
    namespaces: Namespaces | None = None,
    needs: tuple[str, ...] = (),
) -> etree._Element:
    """Create ``tag``: a global element declares its ``namespaces``, others what they use."""
    uri = tag[1:].partition("}")[0]
    if namespaces is not None or parent is None:
        chosen = namespaces if namespaces is not None else DEFAULT_NAMESPACES
        return new_element(parent, tag, dict(chosen), preferred_prefix(chosen, uri))
    in_scope = set(parent.nsmap.values())
    wanted = {uri, *needs} - in_scope
    return _make(parent, tag, {p: u for p, u in DEFAULT_NAMESPACES if u in wanted})


def preferred_prefix(namespaces: Namespaces, uri: str) -> str | None:
    """The prefix a writer should use for ``uri``: a named one when declared, else the default."""
    named = [p for p, u in namespaces if u == uri and p is not None]
    return named[0] if named else None


def graft(parent: etree._Element, fragment: Fragment) -> etree._Element:
    """Append a copy of ``fragment`` to ``parent`` keeping its prefixes and in-scope namespaces.

    When lxml's own move of a parsed copy gives the same tree as the node-by-node copy (see
    :func:`_appendable`), the copy is appended directly; otherwise it is rebuilt node by node.
    """
    if _appendable(parent.nsmap, fragment._graft_namespaces):
        parent.append(fragment._copy())
        return parent[-1]
    return _copy_into(parent, fragment._root)  # read, never changed


def _appendable(scope: Mapping[str | None, str], namespaces: Namespaces | None) -> bool:
    """Whether appending a parsed copy equals :func:`_copy_into` under a parent with ``scope``.

    lxml drops the copy's root declarations whose URI the parent already binds (to whatever
    prefix), so every URI of the fragment must be unbound in ``scope`` or bound to the same
    prefix, and ``scope`` must bind each URI once. Unprefixed elements need no default
    namespace in scope. ``namespaces`` is None for fragments that are never appended directly.
    """
    if namespaces is None:
        return False
    bound = {uri: prefix for prefix, uri in scope.items()}
    if len(bound) != len(scope):
        return False
    for prefix, uri in namespaces:
        if bound.get(uri, prefix) != prefix:
            return False
    return None not in scope or any(prefix is None for prefix, _ in namespaces)


def _copy_into(parent: etree._Element, source: etree._Element) -> etree._Element:
    copy = new_element(parent, source.tag, source.nsmap, source.prefix)
    for name, value in source.attrib.items():
        copy.set(name, value)
    copy.text = source.text
    for child in source:
        if isinstance(child.tag, str):
            _copy_into(copy, child)
        elif isinstance(child, etree._Comment):
            copy.append(etree.Comment(child.text))
            copy[-1].tail = child.tail
        elif isinstance(child, etree._ProcessingInstruction):
            copy.append(etree.ProcessingInstruction(child.target, child.text))
            copy[-1].tail = child.tail
    copy.tail = source.tail
    return copy


def add(parent: etree._Element, tag: str, text: str | None) -> etree._Element | None:
    """Append ``<tag>text</tag>`` unless ``text`` is None."""
    if text is None:
        return None
    child = etree.SubElement(parent, tag)
    child.text = text
    return child


def xs_bool(value: bool | None) -> str | None:
    """``true``/``false`` for an xs:boolean, None for None."""
    return None if value is None else ("true" if value else "false")


def xs_str(value: object | None) -> str | None:
    """``str(value)``, None for None."""
    return None if value is None else str(value)


def serialise(root: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration, indented by two spaces (leaf text untouched)."""
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
