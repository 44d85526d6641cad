"""Minimal valid request bodies generated from a schema set's content model.

For any SRV, :func:`skeleton` walks the ``xmlschema`` model of the body element declared in
``sr:Request/sr:Body`` and emits only what the schema requires: elements with ``minOccurs`` of
at least one, the smallest alternative of every choice (the first on a tie), required attributes,
and a facet-honouring sample value for every simple type (:mod:`harness.duis.samples`).
The same content-model walk completes partial content, which is how
:func:`harness.duis.fields.apply_fields` creates elements in schema order.

:func:`minimal_instance` does the same for any element declaration, named by a path from a
global element or type (``sr:DCCAlert/FirmwareDistributionFailure``,
``ra:ResponsePayload/SMETSData/ReadFirmwareVersionRsp``), so responses and alerts can be
completed from the schema as well.

Skeletons and instances are cached per (schema set directory, element); each call returns a
fresh copy.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree
from xmlschema.validators import XsdAnyElement, XsdElement, XsdGroup

from harness.duis.catalogue import catalogue
from harness.duis.namespaces import NSMAP
from harness.duis.samples import sample_value
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.errors import BuildError, UnknownServiceError

_UNREACHABLE = 10**9
#: The prefix a generated element declares for its own namespace (``sr``, ``ra``, ``ds``).
_OWN_PREFIX = {uri: prefix for prefix, uri in NSMAP.items()}


def srv_label(body_element: str) -> str:
    """The SRV number whose body is ``body_element`` (for messages), else the element name."""
    try:
        return catalogue().by_body_element(body_element).srv
    except UnknownServiceError:
        return body_element


# ---------------------------------------------------------------------------------------------
# Where a body element is declared


def _request_body_choice(schema_set: SchemaSet) -> Any:
    schema = schema_set.xmlschema_schema()
    request: Any = schema.elements.get("Request")
    if request is None:
        raise BuildError("?", f"{schema_set.label} declares no sr:Request element")
    particle: Any
    for particle in request.type.content.iter_elements():
        if particle.local_name == "Body":
            return particle.type.content
    raise BuildError("?", f"{schema_set.label}: sr:Request has no Body element")


def body_element_names(schema_set: SchemaSet) -> tuple[str, ...]:
    """Local names of every element the schema set allows as the request body."""
    return tuple(p.local_name for p in _request_body_choice(schema_set).iter_elements())


def body_declaration(schema_set: SchemaSet, body_element: str) -> Any:
    """The ``xmlschema`` declaration of ``body_element`` inside ``sr:Request/sr:Body``."""
    for particle in _request_body_choice(schema_set).iter_elements():
        if particle.local_name == body_element:
            return particle
    raise BuildError(
        srv_label(body_element),
        f"{schema_set.label} has no request body element {body_element!r}"
        + (
            "; pass --xsd DIR (or set DUIS_XSD_DIR) with an official DUIS XSD directory"
            if schema_set.bundled
            else ""
        ),
    )


# ---------------------------------------------------------------------------------------------
# Content model: slots (element particles with their position) and minimal sizes


@dataclass(frozen=True)
class Slot:
    """An element particle of a content model and where it sits.

    ``key`` is the particle's index path through nested groups (document order is key order);
    ``choices`` holds the depths in ``key`` at which an enclosing group is a single choice, so
    two slots whose keys differ at such a depth (with the same prefix) exclude each other.
    """

    decl: Any
    key: tuple[int, ...]
    choices: tuple[int, ...]

    @property
    def local_name(self) -> str:
        """Local name of the declared element ('*' for a wildcard)."""
        return str(self.decl.local_name) if isinstance(self.decl, XsdElement) else "*"

    def matches(self, tag: str) -> bool:
        """Whether an element with Clark name ``tag`` fills this slot."""
        if isinstance(self.decl, XsdElement):
            return bool(self.decl.name == tag)
        return bool(self.decl.is_matching(tag))

    def conflicts(self, other: Slot) -> bool:
        """True when the two slots are in different branches of the same single choice."""
        for depth in self.choices:
            if (
                depth in other.choices
                and self.key[:depth] == other.key[:depth]
                and self.key[depth] != other.key[depth]
            ):
                return True
        return False


_SLOTS: dict[int, tuple[Any, tuple[Slot, ...]]] = {}
_SIZES: dict[int, tuple[Any, int]] = {}
_LOCK = threading.RLock()


def slots(group: Any) -> tuple[Slot, ...]:
    """Every element particle of ``group`` (not descending into child elements), in order."""
    with _LOCK:
        cached = _SLOTS.get(id(group))
        if cached is not None and cached[0] is group:
            return cached[1]
        found: list[Slot] = []
        _collect(group, (), (), found)
        result = tuple(found)
        _SLOTS[id(group)] = (group, result)
        return result


def _collect(
    group: Any, prefix: tuple[int, ...], choices: tuple[int, ...], out: list[Slot]
) -> None:
    exclusive = group.model == "choice" and group.max_occurs == 1
    inner = (*choices, len(prefix)) if exclusive else choices
    for index, particle in enumerate(group):
        key = (*prefix, index)
        if isinstance(particle, XsdGroup):
            _collect(particle, key, inner, out)
        else:
            out.append(Slot(particle, key, inner))


def content_group(decl: Any) -> Any | None:
    """The element-only content group of a declaration, or None for simple or empty content."""
    kind = decl.type
    if kind.is_simple() or kind.has_simple_content():
        return None
    content = kind.content
    return content if isinstance(content, XsdGroup) else None


def simple_type_of(decl: Any) -> Any | None:
    """The simple type of an element's value (simple type or simple content), else None."""
    kind = decl.type
    if kind.is_simple():
        return kind
    if kind.has_simple_content():
        return kind.content
    return None


def _min_size(particle: Any, visiting: frozenset[int] = frozenset()) -> int:
    """How many elements the smallest valid content of ``particle`` has (memoised)."""
    with _LOCK:
        cached = _SIZES.get(id(particle))
        if cached is not None and cached[0] is particle:
            return cached[1]
    if id(particle) in visiting:
        return _UNREACHABLE
    inner = visiting | {id(particle)}
    occurs = particle.min_occurs
    if occurs == 0:
        size = 0
    elif isinstance(particle, XsdGroup):
        sizes = [_min_size(p, inner) for p in particle]
        one = (min(sizes) if sizes else 0) if particle.model == "choice" else sum(sizes)
        size = min(occurs * one, _UNREACHABLE)
    elif isinstance(particle, XsdElement):
        group = content_group(particle)
        size = min(
            occurs * (1 + (_min_size(group, inner) if group is not None else 0)), _UNREACHABLE
        )
    else:
        size = _UNREACHABLE
    with _LOCK:
        _SIZES[id(particle)] = (particle, size)
    return size


def smallest_branch(choice: Any) -> int:
    """Index of the alternative of ``choice`` with the smallest valid content (first on a tie)."""
    sizes = [_min_size(p) for p in choice]
    return sizes.index(min(sizes))


# ---------------------------------------------------------------------------------------------
# Completing content: add what the schema requires, in schema order


def slot_of(parent_slots: Iterable[Slot], child: etree._Element) -> Slot | None:
    """The slot an existing child element occupies, if the content model has one for it."""
    if not isinstance(child.tag, str):
        return None
    for slot in parent_slots:
        if slot.matches(child.tag):
            return slot
    return None


def insert_in_order(
    parent: etree._Element, child: etree._Element, slot: Slot, table: tuple[Slot, ...]
) -> None:
    """Insert ``child`` after the last existing child whose position is at or before ``slot``."""
    position = 0
    for index, existing in enumerate(parent):
        found = slot_of(table, existing)
        if found is not None and found.key <= slot.key:
            position = index + 1
    parent.insert(position, child)


def new_element(decl: Any, srv: str, occurrence: int = 1) -> etree._Element:
    """A fresh element for ``decl`` holding its minimal valid content."""
    namespace = etree.QName(decl.name).namespace
    prefix = _OWN_PREFIX.get(namespace) if namespace is not None else None
    element = etree.Element(
        decl.name, nsmap={prefix: namespace} if prefix is not None and namespace else None
    )
    complete(element, decl, srv, occurrence)
    return element


def complete(element: etree._Element, decl: Any, srv: str, occurrence: int = 1) -> None:
    """Add the required attributes, value and child elements ``element`` is missing.

    ``occurrence`` (the element's position among its repeats) shifts numeric attribute samples,
    so repeated ``index`` attributes count up; element values are not shifted.
    """
    for attribute in decl.attributes.values():
        if attribute.use != "required" or element.get(attribute.name) is not None:
            continue
        value = (
            attribute.fixed
            if attribute.fixed is not None
            else sample_value(attribute.type, occurrence)
        )
        if value is None:
            raise BuildError(
                srv, f"no sample value for attribute {attribute.name!r} of {decl.local_name}"
            )
        element.set(attribute.name, str(value))
    simple = simple_type_of(decl)
    if simple is not None:
        if not element.text:
            value = decl.fixed if decl.fixed is not None else sample_value(simple)
            if value is None:
                raise BuildError(srv, f"no sample value for element {decl.local_name}")
            element.text = str(value)
        return
    group = content_group(decl)
    if group is not None:
        table = slots(group)
        present = [s for s in (slot_of(table, c) for c in element) if s is not None]
        _fill(element, group, (), 1, present, table, srv)


def _fill(
    element: etree._Element,
    group: Any,
    prefix: tuple[int, ...],
    multiplier: int,
    present: list[Slot],
    table: tuple[Slot, ...],
    srv: str,
) -> None:
    used = [s for s in present if s.key[: len(prefix)] == prefix]
    if group.min_occurs == 0 and not used:
        return
    times = multiplier * max(group.min_occurs, 1)
    if group.model == "choice":
        chosen = sorted({s.key[len(prefix)] for s in used}) or [smallest_branch(group)]
        particles = [(i, group[i]) for i in chosen]
    else:
        particles = list(enumerate(group))
    for index, particle in particles:
        key = (*prefix, index)
        if isinstance(particle, XsdGroup):
            _fill(element, particle, key, times, present, table, srv)
        elif isinstance(particle, XsdElement):
            slot = next(s for s in table if s.key == key)
            count = sum(1 for s in present if s.key == key)
            for occurrence in range(count + 1, times * particle.min_occurs + 1):
                insert_in_order(element, new_element(particle, srv, occurrence), slot, table)
                present.append(slot)
        elif isinstance(particle, XsdAnyElement) and particle.min_occurs > 0:
            raise BuildError(srv, f"cannot generate content for a wildcard inside {element.tag}")


# ---------------------------------------------------------------------------------------------
# Public entry point

_SKELETONS: dict[tuple[str, str], bytes] = {}


def skeleton(body_element: str, schema_set: SchemaSet | None = None) -> etree._Element:
    """A minimal body element (``sr:<body_element>``) valid under ``schema_set`` (bundled if None).

    Raises :class:`BuildError` when the schema set has no such body element or some content
    cannot be generated. The result is a fresh element the caller may change.
    """
    chosen = schema_set if schema_set is not None else load_schema_set()
    key = (str(chosen.directory), body_element)
    with _LOCK:
        cached = _SKELETONS.get(key)
    if cached is None:
        decl = body_declaration(chosen, body_element)
        cached = etree.tostring(new_element(decl, srv_label(body_element)))
        with _LOCK:
            _SKELETONS[key] = cached
    return etree.fromstring(cached)


# ---------------------------------------------------------------------------------------------
# Any element declaration

_INSTANCES: dict[tuple[str, str], bytes] = {}


def _global(schema_set: SchemaSet, name: str) -> tuple[Any, Any]:
    """The global element (or, failing that, complex type) named ``prefix:local``."""
    prefix, _, local = name.rpartition(":")
    namespace = NSMAP.get(prefix or "sr")
    if namespace is None:
        raise BuildError(name, f"unknown prefix {prefix!r}; use sr:, ra: or ds:")
    maps = schema_set.xmlschema_schema().maps
    clark = f"{{{namespace}}}{local}"
    element = maps.elements.get(clark)
    if element is not None:
        return element, content_group(element)
    kind: Any = maps.types.get(clark)
    if kind is None or kind.is_simple():
        raise BuildError(name, f"{schema_set.label} declares no global element or type {name!r}")
    return None, kind.content if isinstance(kind.content, XsdGroup) else None


def declaration(schema_set: SchemaSet, path: str) -> Any:
    """The ``xmlschema`` element declaration at ``path`` in ``schema_set``.

    ``path`` starts with a global element or complex type as ``prefix:local`` (``sr`` when no
    prefix is given) and continues with child element local names separated by ``/``:
    ``sr:Response/Header/ResponseCode``, ``ra:ResponsePayload/SMETSData/ActivateFirmwareRsp``.
    A path that ends on a type, or names a child the content model does not have, raises
    :class:`BuildError` naming the step and what was allowed there.
    """
    first, *steps = [step for step in path.strip().split("/") if step]
    decl, group = _global(schema_set, first)
    walked = first
    for step in steps:
        children = slots(group) if group is not None else ()
        found = next((s.decl for s in children if s.local_name == step), None)
        if found is None:
            allowed = ", ".join(s.local_name for s in children) or "no child elements"
            raise BuildError(path, f"{walked} has no child {step!r} (allowed: {allowed})")
        decl, group, walked = found, content_group(found), f"{walked}/{step}"
    if decl is None:
        raise BuildError(path, "the path names a type, not an element: add a child step")
    return decl


def minimal_instance(path: str, schema_set: SchemaSet | None = None) -> etree._Element:
    """A minimal element valid under ``schema_set`` (bundled if None) for the declaration at
    ``path`` (see :func:`declaration`): required attributes, required children, the smallest
    branch of every choice, sample values. The result is a fresh element the caller may change.
    """
    chosen = schema_set if schema_set is not None else load_schema_set()
    key = (str(chosen.directory), path)
    with _LOCK:
        cached = _INSTANCES.get(key)
    if cached is None:
        cached = etree.tostring(new_element(declaration(chosen, path), path))
        with _LOCK:
            _INSTANCES[key] = cached
    return etree.fromstring(cached)
