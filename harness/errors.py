"""The harness's one error hierarchy.

Every error the harness raises on purpose derives from :class:`HarnessError` and carries the
data a user needs to act on it (file, line, XPath, SRV, RequestID...), not only a sentence::

    HarnessError
    ├── UsageError                 bad option, argument or configuration value
    │   └── KeyFileError           a key or certificate cannot be used (.source, .reason)
    ├── InputError                 XML from outside could not be accepted (.source, .line)
    │   ├── UnreadableInputError   the file or stream could not be read at all
    │   ├── OversizeInputError     larger than the configured limit (.limit, .size)
    │   ├── ForbiddenXmlError      DTD, entity declaration or other construct refused
    │   └── MalformedXmlError      not well-formed XML, or not UTF-8 where declared
    ├── SchemaError
    │   ├── SchemaLoadError        a schema set could not be found or compiled (.path)
    │   └── InvalidDocumentError   a document the harness made or was given breaks the schema
    ├── CatalogueError
    │   └── UnknownServiceError    no such Service Reference Variant (.srv)
    ├── IdentifierError            malformed EUI-64 or RequestID (.value)
    │   └── CounterError           RequestID counter not strictly increasing (.originator)
    ├── BuildError                 a request cannot be built as asked (.srv, .field)
    ├── MessageError               well-formed XML that is not a DUIS message the parser knows
    ├── DataFileError              a data file (DMVES, register) is wrong (.source, .line, .field)
    ├── SignatureError             an XML signature does not verify (.source, .reason, .detail)
    └── TargetError                a live HTTP target failed or answered something unusable
        ├── TargetConnectionError  no connection: refused, DNS, TLS handshake (.url, .reason)
        ├── TargetTimeoutError     no synchronous reply within the reply timeout (.url, .timeout)
        ├── TargetHttpError        HTTP 5xx or an unexpected status (.url, .status, .excerpt)
        ├── TargetReplyError       reply or delivery not XML/DUIS/schema-valid (.source, .reason)
        └── TargetDeadlineError    async answer missing at the deadline (.request_id, .deadline)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from harness.duis.validation import Problem


class HarnessError(Exception):
    """Base of every error the harness raises deliberately."""


class UsageError(HarnessError):
    """An option, argument or configuration value is wrong."""


class InputError(HarnessError):
    """XML that came from outside the harness could not be accepted."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class UnreadableInputError(InputError):
    """The file or stream could not be read."""


class OversizeInputError(InputError):
    """The input is larger than the configured limit."""

    def __init__(self, source: str, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(source, f"input is {size} bytes, larger than the limit of {limit} bytes")


class ForbiddenXmlError(InputError):
    """The input uses a construct refused for safety (DTD, entities, processing of externals)."""


class MalformedXmlError(InputError):
    """The input is not well-formed XML."""


class SchemaError(HarnessError):
    """Schema-related failure."""


class SchemaLoadError(SchemaError):
    """A schema set could not be located or compiled."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot load DUIS schema set from {path}: {reason}")


class InvalidDocumentError(SchemaError):
    """A document breaks the schema; ``problems`` lists every violation found."""

    def __init__(self, what: str, problems: Sequence[Problem]) -> None:
        self.what = what
        self.problems = tuple(problems)
        first = "; ".join(str(p) for p in self.problems[:3])
        more = f" (+{len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        super().__init__(f"{what} is not valid: {first}{more}")


class CatalogueError(HarnessError):
    """The SRV catalogue cannot answer."""


class UnknownServiceError(CatalogueError):
    """No Service Reference Variant has this number or body element."""

    def __init__(self, srv: str, hint: str = "") -> None:
        self.srv = srv
        super().__init__(f"unknown Service Reference Variant {srv!r}{hint}")


class IdentifierError(HarnessError):
    """An EUI-64 or RequestID is malformed."""

    def __init__(self, value: str, reason: str) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"{reason} (got {value!r})")


class CounterError(IdentifierError):
    """A RequestID counter does not strictly increase for its originator."""

    def __init__(self, originator: str, counter: int, last: int) -> None:
        self.originator = originator
        self.counter = counter
        self.last = last
        super().__init__(
            str(counter),
            f"counter for originator {originator} must be greater than {last}",
        )


class BuildError(HarnessError):
    """A request cannot be built as asked."""

    def __init__(self, srv: str, reason: str, field: str | None = None) -> None:
        self.srv = srv
        self.field = field
        self.reason = reason
        where = f" field {field!r}" if field else ""
        super().__init__(f"cannot build SRV {srv}{where}: {reason}")


class MessageError(HarnessError):
    """Well-formed XML that is not a DUIS message the parser understands."""

    def __init__(self, source: str, reason: str, path: str | None = None) -> None:
        self.source = source
        self.path = path
        self.reason = reason
        where = f" at {path}" if path else ""
        super().__init__(f"{source}{where}: {reason}")


class DataFileError(HarnessError):
    """A user-replaceable data file (DMVES, requirement register) has a wrong entry."""

    def __init__(self, source: str, reason: str, line: int | None = None, field: str | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        self.field = field
        where = f"{source}:{line}" if line is not None else source
        column = f" (column {field!r})" if field else ""
        super().__init__(f"{where}{column}: {reason}")


class TargetError(HarnessError):
    """A live HTTP target could not be reached or answered something the harness cannot use."""


class TargetConnectionError(TargetError):
    """No connection to the target: refused, unknown host, TLS handshake failure."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"cannot connect to {url}: {reason}")


class TargetTimeoutError(TargetError):
    """The target did not answer the synchronous HTTP call in time."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        super().__init__(f"no reply from {url} within {timeout:g} s")


class TargetHttpError(TargetError):
    """The target answered with an HTTP status the harness treats as a failure (5xx, 3xx)."""

    def __init__(self, url: str, status: int, excerpt: str = "") -> None:
        self.url = url
        self.status = status
        self.excerpt = excerpt
        body = f": {excerpt}" if excerpt else ""
        super().__init__(f"{url} answered HTTP {status}{body}")


class TargetReplyError(TargetError):
    """A synchronous reply or an asynchronous delivery is not usable DUIS XML."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class TargetDeadlineError(TargetError):
    """The asynchronous answer to a request had not arrived when its deadline passed."""

    def __init__(self, request_id: str, deadline: float, waiting_for: str) -> None:
        self.request_id = request_id
        self.deadline = deadline
        self.waiting_for = waiting_for
        super().__init__(
            f"RequestID {request_id}: still waiting for {waiting_for} "
            f"when the {deadline:g} s deadline passed"
        )


class KeyFileError(UsageError):
    """A private key or certificate cannot be used: unreadable, wrong format or password, not
    EC P-256, or a certificate that does not belong to the signing key."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


#: Why an XML signature did not verify (:attr:`SignatureError.reason`).
SignatureFailure = Literal[
    "no signature",
    "malformed signature",
    "unknown certificate",
    "signature mismatch",
    "digest mismatch",
]


class SignatureError(HarnessError):
    """An XML signature does not verify; ``reason`` says why, ``detail`` says where."""

    def __init__(self, source: str, reason: SignatureFailure, detail: str = "") -> None:
        self.source = source
        self.reason: SignatureFailure = reason
        self.detail = detail
        more = f" ({detail})" if detail else ""
        super().__init__(f"{source}: {reason}{more}")
