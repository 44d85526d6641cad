"""``--set FIELD=VALUE``: change a request body by paths the schema knows.

A FIELD is a slash-separated path of local names relative to the body element, each step
optionally indexed (1-based), ending optionally in an attribute::

    ExecutionDateTime
    ReadLogPeriod/StartDateTime
    ElecTariffElements/ThresholdMatrix/Thresholds[2]/BlockThreshold
    ElecTariffElements/ThresholdMatrix/Thresholds[2]/@index

Missing elements are created in schema order, with the content the schema requires; creating
an element of another branch of a choice replaces the branch that was there (so
``Prepayment/DisablementThreshold=0`` turns a Credit body into a Prepayment one). An element of
empty content is selected with an empty value (``Credit=``). Paths the schema does not have,
and values the schema would refuse, raise :class:`~harness.errors.BuildError` naming the field
and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.skeleton import (
    Slot,
    body_declaration,
    complete,
    content_group,
    insert_in_order,
    new_element,
    simple_type_of,
    slot_of,
    slots,
    srv_label,
)
from harness.errors import BuildError

_STEP = re.compile(r"(?:[A-Za-z_][\w.-]*:)?(?P<name>[A-Za-z_][\w.-]*)(?:\[(?P<index>[1-9]\d*)\])?")
_ATTRIBUTE = re.compile(r"@(?:[A-Za-z_][\w.-]*:)?(?P<name>[A-Za-z_][\w.-]*)")


@dataclass(frozen=True)
class _Step:
    name: str
    index: int


@dataclass(frozen=True)
class FieldPath:
    """A parsed FIELD: element steps and an optional final attribute."""

    steps: tuple[_Step, ...]
    attribute: str | None

    @classmethod
    def parse(cls, text: str, srv: str) -> FieldPath:
        """Parse ``A/B[2]/@c``; :class:`BuildError` when the syntax is wrong."""
        parts = [p.strip() for p in text.strip().strip("/").split("/")] if text.strip() else []
        attribute: str | None = None
        if parts and parts[-1].startswith("@"):
            found = _ATTRIBUTE.fullmatch(parts.pop())
            if found is None:
                raise BuildError(srv, "an attribute step must be '@name'", field=text)
            attribute = found.group("name")
        steps: list[_Step] = []
        for part in parts:
            found = _STEP.fullmatch(part)
            if found is None:
                raise BuildError(
                    srv, f"step {part!r} must be a local name, optionally with [n] (n ≥ 1)", text
                )
            steps.append(_Step(found.group("name"), int(found.group("index") or 1)))
        if not steps and attribute is None:
            raise BuildError(srv, "the field path is empty", field=text)
        return cls(tuple(steps), attribute)


def _names(values: list[str]) -> str:
    unique = list(dict.fromkeys(values))
    return ", ".join(unique) if unique else "none"


def _child(
    parent: etree._Element, decl: Any, step: _Step, srv: str, field: str, where: str
) -> tuple[etree._Element, Any]:
    """The step's child of ``parent`` (created in schema order when missing) and its decl."""
    group = content_group(decl)
    table = slots(group) if group is not None else ()
    candidates = [s for s in table if s.local_name == step.name]
    if not candidates:
        allowed = _names([s.local_name for s in table])
        raise BuildError(
            srv, f"{where} has no child element {step.name!r}; allowed: {allowed}", field
        )
    present = [s for s in (slot_of(table, c) for c in parent) if s is not None]
    slot = next((c for c in candidates if not any(c.conflicts(p) for p in present)), candidates[0])
    existing = [c for c in parent if isinstance(c.tag, str) and slot.matches(c.tag)]
    maximum = slot.decl.max_occurs
    if maximum is not None and step.index > maximum:
        raise BuildError(srv, f"{where} allows at most {maximum} {step.name}", field)
    if step.index <= len(existing):
        return existing[step.index - 1], slot.decl
    _drop_other_branches(parent, slot, table)
    for occurrence in range(len(existing) + 1, step.index + 1):
        insert_in_order(parent, new_element(slot.decl, srv, occurrence), slot, table)
    complete(parent, decl, srv)
    chosen = [c for c in parent if isinstance(c.tag, str) and slot.matches(c.tag)]
    return chosen[step.index - 1], slot.decl


def _drop_other_branches(parent: etree._Element, slot: Slot, table: tuple[Slot, ...]) -> None:
    for child in list(parent):
        found = slot_of(table, child)
        if found is not None and found.conflicts(slot):
            parent.remove(child)


def _check_value(kind: Any, value: str, srv: str, field: str, what: str) -> None:
    if kind.is_valid(value):
        return
    reason = next((str(e.reason) for e in kind.iter_errors(value) if e.reason), "not valid")
    name = kind.prefixed_name or kind.local_name or "an anonymous type"
    raise BuildError(srv, f"{value!r} is not a valid value for {what} ({name}): {reason}", field)


def _set(
    element: etree._Element, decl: Any, path: FieldPath, value: str, srv: str, field: str
) -> None:
    where = decl.local_name
    if path.attribute is not None:
        attributes = {a.local_name: a for a in decl.attributes.values()}
        found = attributes.get(path.attribute)
        if found is None:
            allowed = _names(["@" + name for name in attributes])
            raise BuildError(
                srv, f"{where} has no attribute {path.attribute!r}; allowed: {allowed}", field
            )
        _check_value(found.type, value, srv, field, f"{where}/@{path.attribute}")
        element.set(found.name, value)
        return
    simple = simple_type_of(decl)
    if simple is not None:
        _check_value(simple, value, srv, field, where)
        element.text = value
        return
    group = content_group(decl)
    children = [s.local_name for s in slots(group)] if group is not None else []
    if value == "":
        return  # the element now exists (with its required content): a branch was selected
    if not children:
        raise BuildError(srv, f"{where} has empty content; select it with an empty value", field)
    raise BuildError(
        srv,
        f"{where} holds elements, not a value; set one of its children: {_names(children)}",
        field,
    )


def apply_fields(
    body: etree._Element,
    fields: Mapping[str, str],
    *,
    schema_set: SchemaSet | None = None,
) -> etree._Element:
    """Set each FIELD of ``body`` to its VALUE, in the mapping's order; returns ``body``.

    ``schema_set`` (bundled if None) gives the content model: names, order, choices, types.
    """
    chosen = schema_set if schema_set is not None else load_schema_set()
    local = etree.QName(body).localname
    srv = srv_label(local)
    body_decl = body_declaration(chosen, local)
    for field, value in fields.items():
        path = FieldPath.parse(field, srv)
        element, decl = body, body_decl
        where = local
        for step in path.steps:
            element, decl = _child(element, decl, step, srv, field, where)
            where = f"{where}/{step.name}"
        _set(element, decl, path, value, srv, field)
    return body
