"""Building DUIS Service Requests: the ``sr:Request`` envelope around a body, validated.

:func:`build_request` looks the SRV up in the catalogue, chooses and checks the CommandVariant
and the target, issues the RequestID counter, takes the body (given, typed default from
:data:`~harness.duis.bodies.TYPED_BODIES`, or a schema skeleton), applies ``fields`` and
validates the whole request against the active schema set, so whatever it returns is valid
there. No signature is added (signing is a later stage of the pipeline).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from harness.duis.bodies import TYPED_BODIES
from harness.duis.catalogue import COMMAND_VARIANTS, ServiceReferenceVariant, catalogue
from harness.duis.fields import apply_fields
from harness.duis.identifiers import (
    DCC_ACCESS_CONTROL_BROKER,
    CounterSequence,
    Eui64,
    RequestId,
)
from harness.duis.namespaces import SR, sr
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.skeleton import skeleton
from harness.duis.validation import Validator
from harness.duis.xmlinput import parse_bytes
from harness.errors import BuildError, IdentifierError

#: The User ID (originator EUI-64) used throughout DCC's Reference Test Data Set.
DEFAULT_ORIGINATOR = "90-B3-D5-1F-30-01-00-00"

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

#: The CommandVariant of non-device services answered by DCC itself.
NON_DEVICE_VARIANT = 8


@dataclass(frozen=True)
class BuiltRequest:
    """A Service Request the harness built, valid under the schema set named by ``schema``."""

    request_id: RequestId
    srv: ServiceReferenceVariant
    command_variant: int
    schema: str
    xml: bytes

    def element(self) -> etree._Element:
        """A freshly parsed copy of the request (safe to change)."""
        return parse_bytes(self.xml, f"request {self.request_id}")


def _eui(srv: str, what: str, value: str | Eui64) -> Eui64:
    if isinstance(value, Eui64):
        return value
    try:
        return Eui64.parse(value)
    except IdentifierError as exc:
        raise BuildError(srv, f"{what} {exc}", field=what) from None


def _command_variant(entry: ServiceReferenceVariant, requested: int | None) -> int:
    if requested is None:
        return entry.default_command_variant
    if not entry.allows(requested):
        allowed = ", ".join(f"{cv} ({COMMAND_VARIANTS[cv]})" for cv in entry.command_variants)
        raise BuildError(
            entry.srv,
            f"CommandVariant {requested} is not allowed for {entry.name}; allowed: {allowed}",
            field="command_variant",
        )
    return requested


def _target(entry: ServiceReferenceVariant, variant: int, target: str | Eui64 | None) -> Eui64:
    dcc = Eui64.parse(DCC_ACCESS_CONTROL_BROKER)
    if variant == NON_DEVICE_VARIANT:
        chosen = dcc if target is None else _eui(entry.srv, "target", target)
        if chosen != dcc:
            raise BuildError(
                entry.srv,
                f"a non-device request (CommandVariant 8) is answered by DCC, so its target must "
                f"be the DCC's EUI-64 {DCC_ACCESS_CONTROL_BROKER} (got {chosen}); name the "
                "device inside the body instead",
                field="target",
            )
        return chosen
    if target is None:
        raise BuildError(
            entry.srv,
            f"{entry.name} with CommandVariant {variant} is sent to a device: give its EUI-64 "
            "as the target",
            field="target",
        )
    return _eui(entry.srv, "target", target)


def _counter(
    srv: str, originator: Eui64, counter: int | None, counters: CounterSequence | None
) -> int:
    if counter is not None:
        if isinstance(counter, bool) or not isinstance(counter, int) or not 0 <= counter < 2**64:
            raise BuildError(
                srv,
                f"counter must be an unsigned 64-bit integer (got {counter!r})",
                field="counter",
            )
        if counters is not None:
            counters.accept(originator, counter)
        return counter
    if counters is not None:
        return counters.next(originator)
    return 1


#: CommandVariants that carry the user-signed PreCommand instead of the SRV's own body.
SIGNED_PRECOMMAND_VARIANTS = (5, 6, 7)


def _body(
    entry: ServiceReferenceVariant,
    body: etree._Element | None,
    schema_set: SchemaSet,
    variant: int,
) -> etree._Element:
    expected = "SignedPreCommand" if variant in SIGNED_PRECOMMAND_VARIANTS else entry.body_element
    if body is None:
        if variant in SIGNED_PRECOMMAND_VARIANTS:
            raise BuildError(
                entry.srv,
                f"CommandVariant {variant} carries the signed PreCommand: pass an "
                "sr:SignedPreCommand body",
                field="body",
            )
        typed = TYPED_BODIES.get(entry.srv)
        return typed() if typed is not None else skeleton(entry.body_element, schema_set)
    if etree.QName(body).namespace != SR or etree.QName(body).localname != expected:
        raise BuildError(
            entry.srv,
            f"the body must be sr:{expected} for {entry.name} with CommandVariant {variant} "
            f"(got {body.tag})",
            field="body",
        )
    return body


def _header(
    request: etree._Element,
    request_id: RequestId,
    entry: ServiceReferenceVariant,
    variant: int,
    first_in_sequence: bool | None,
    preceding: RequestId | str | None,
) -> None:
    header = etree.SubElement(request, sr("Header"))
    etree.SubElement(header, sr("RequestID")).text = str(request_id)
    if first_in_sequence is not None:
        etree.SubElement(header, sr("FirstInSequence")).text = (
            "true" if first_in_sequence else "false"
        )
    if preceding is not None:
        try:
            parsed = preceding if isinstance(preceding, RequestId) else RequestId.parse(preceding)
        except IdentifierError as exc:
            raise BuildError(entry.srv, str(exc), field="preceding_request_id") from None
        etree.SubElement(header, sr("PrecedingServiceRequestID")).text = str(parsed)
    etree.SubElement(header, sr("CommandVariant")).text = str(variant)
    etree.SubElement(header, sr("ServiceReference")).text = entry.service_reference
    etree.SubElement(header, sr("ServiceReferenceVariant")).text = entry.srv


def build_request(
    srv: str,
    *,
    target: str | Eui64 | None,
    originator: str | Eui64 = DEFAULT_ORIGINATOR,
    counter: int | None = None,
    counters: CounterSequence | None = None,
    command_variant: int | None = None,
    body: etree._Element | None = None,
    fields: Mapping[str, str] | None = None,
    schema_set: SchemaSet | None = None,
    schema_version: str = "5.4",
    preceding_request_id: RequestId | str | None = None,
    first_in_sequence: bool | None = None,
    validate: bool = True,
) -> BuiltRequest:
    """Build the Service Request for ``srv`` addressed to ``target``.

    - ``command_variant`` defaults to the SRV's (non-device 8, critical 4, otherwise 1); one the
      SRV does not allow is a :class:`BuildError` listing the allowed ones.
    - A CommandVariant 8 request targets the DCC (``target`` may be None, or must be the DCC's
      EUI-64); any other request needs the device's EUI-64.
    - ``counter`` is used as given (and recorded in ``counters`` if both are given, which must
      then see it strictly increase); else ``counters`` issues the next one for the originator;
      else the counter is 1.
    - ``body`` (an ``sr:`` element, not modified) else the typed default body else the schema
      skeleton; then each of ``fields`` is applied (see :mod:`harness.duis.fields`).
    - With ``validate`` the request is checked against ``schema_set`` (bundled if None) and an
      :class:`~harness.errors.InvalidDocumentError` lists every problem.
    """
    entry = catalogue().get(srv)
    active = schema_set if schema_set is not None else load_schema_set()
    variant = _command_variant(entry, command_variant)
    sender = _eui(entry.srv, "originator", originator)
    recipient = _target(entry, variant, target)
    issued = _counter(entry.srv, sender, counter, counters)
    request_id = RequestId(sender, recipient, issued)

    content = _body(entry, body, active, variant)
    content = etree.fromstring(etree.tostring(content))
    if fields:
        apply_fields(content, fields, schema_set=active)

    request = etree.Element(sr("Request"), nsmap={"sr": SR})
    request.set("schemaVersion", schema_version)
    _header(request, request_id, entry, variant, first_in_sequence, preceding_request_id)
    etree.SubElement(request, sr("Body")).append(content)
    etree.cleanup_namespaces(request)
    if validate:
        Validator(active).check_element(request, f"request {request_id} (SRV {entry.srv})")
    etree.indent(request, space="  ")
    xml = _DECLARATION + etree.tostring(request, encoding="UTF-8") + b"\n"
    return BuiltRequest(request_id, entry, variant, active.label, xml)
