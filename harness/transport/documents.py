"""Checks every document a live target hands back: XML, a DUIS Response, schema-valid, signed."""

from __future__ import annotations

from harness.duis.messages import message_from_element
from harness.duis.responses import Response
from harness.duis.validation import Validator
from harness.duis.xmlinput import parse_bytes
from harness.errors import HarnessError, InputError, TargetReplyError
from harness.transport.config import Verifier

__all__ = ["XML_TYPES", "DocumentChecker", "is_xml_type"]

#: Content types a DUIS body may carry.
XML_TYPES = frozenset({"application/xml", "text/xml"})


def is_xml_type(content_type: str | None) -> bool:
    """True for ``application/xml`` or ``text/xml``, with or without parameters."""
    if not content_type:
        return False
    return content_type.split(";", 1)[0].strip().lower() in XML_TYPES


class DocumentChecker:
    """Parses (hardened), schema-validates and signature-checks replies and deliveries."""

    def __init__(self, validator: Validator, max_bytes: int, verify: Verifier | None) -> None:
        self.validator = validator
        self.max_bytes = max_bytes
        self.verify = verify

    def response(self, xml: bytes, source: str) -> Response:
        """The document as a DUIS Response, or :class:`TargetReplyError` saying why not.

        The ``verify`` hook runs last, on the bytes as received; its errors propagate as they are.
        """
        try:
            root = parse_bytes(xml, source, self.max_bytes)
        except InputError as exc:
            raise TargetReplyError(source, f"not usable XML: {exc.reason}") from None
        try:
            message = message_from_element(root, source)
        except HarnessError as exc:
            raise TargetReplyError(source, f"not a DUIS message: {exc}") from None
        if not isinstance(message, Response):
            found = type(message).__name__
            raise TargetReplyError(source, f"expected a DUIS sr:Response, found {found}")
        report = self.validator.validate_element(root, source)
        if not report.valid:
            first = "; ".join(str(p) for p in report.problems[:3])
            more = f" (+{len(report.problems) - 3} more)" if len(report.problems) > 3 else ""
            reason = f"not valid against the {report.schema}: {first}{more}"
            raise TargetReplyError(source, reason)
        if self.verify is not None:
            self.verify(xml, source)
        return message

    def is_response(self, xml: bytes, source: str) -> bool:
        """True when ``xml`` parses as a DUIS Response at all (no validation, no verify)."""
        try:
            message = message_from_element(parse_bytes(xml, source, self.max_bytes), source)
        except HarnessError:
            return False
        return isinstance(message, Response)
