"""JSON encoding of capability arguments, results and errors (tagged, allow-listed types).

Plain JSON values pass as they are; every other value is an object with one ``$`` key naming its
kind. Only the types listed here are ever rebuilt from JSON, so a request can never make the
server (or a response the client) instantiate anything else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from harness.duis.identifiers import Eui64
from harness.errors import DataFileError, HarnessError, IdentifierError
from harness.model.cpl import (
    AmbiguousCplRowError,
    CplEntry,
    CplError,
    DuplicateCplRowError,
    InvalidCplEntryError,
)
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.migration import (
    CheckResult,
    MigrationCandidate,
    MigrationInputError,
    MigrationResult,
)
from harness.model.smi import InventoryError, UnknownDeviceError

__all__ = ["ControlCodecError", "decode", "decode_error", "encode", "encode_error"]

_ENUMS: dict[str, type[Enum]] = {cls.__name__: cls for cls in (DeviceType, SmetsVersion)}
_RECORDS: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (CplEntry, CheckResult, MigrationCandidate, MigrationResult)
}
#: Errors a capability may raise on purpose, rebuilt as themselves on the client side.
_ERRORS: dict[str, type[HarnessError]] = {
    cls.__name__: cls
    for cls in (
        AmbiguousCplRowError,
        CplError,
        DataFileError,
        DuplicateCplRowError,
        InvalidCplEntryError,
        IdentifierError,
        InventoryError,
        MigrationInputError,
        UnknownDeviceError,
    )
}


class ControlCodecError(HarnessError):
    """A control API message holds a value the codec does not know."""


def encode(value: object) -> Any:
    """``value`` as JSON-ready data."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Eui64):
        return {"$eui64": str(value)}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Enum) and type(value).__name__ in _ENUMS:
        return {"$enum": type(value).__name__, "value": value.value}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _RECORDS:
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$record": type(value).__name__, "fields": fields}
    if isinstance(value, tuple | list):
        return {"$tuple": [encode(item) for item in value]}
    if isinstance(value, dict):
        return {"$dict": {str(k): encode(v) for k, v in value.items()}}
    # Anything else (e.g. a model schedule) crosses as its description: the suite only
    # ever asks whether such results exist.
    return {"$text": str(value)}


def _parse(kind: str, text: Any, parse: Callable[[str], Any]) -> Any:
    if not isinstance(text, str):
        raise ControlCodecError(f"'{kind}' needs a string (got {text!r})")
    try:
        return parse(text)
    except (ValueError, InvalidOperation, HarnessError) as exc:
        raise ControlCodecError(f"bad '{kind}' value {text!r}: {exc}") from None


def decode(data: Any) -> Any:
    """Rebuild a value :func:`encode` produced; ControlCodecError on anything else."""
    if data is None or isinstance(data, bool | int | str | float):
        return data
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict) or len([k for k in data if k.startswith("$")]) != 1:
        raise ControlCodecError(f"not an encoded value: {data!r:.200}")
    kind = next(k for k in data if k.startswith("$"))
    value = data[kind]
    match kind:
        case "$eui64":
            return _parse(kind, value, Eui64.parse)
        case "$decimal":
            return _parse(kind, value, Decimal)
        case "$datetime":
            return _parse(kind, value, datetime.fromisoformat)
        case "$date":
            return _parse(kind, value, date.fromisoformat)
        case "$text":
            return _parse(kind, value, str)
        case "$tuple":
            if not isinstance(value, list):
                raise ControlCodecError(f"'$tuple' needs a list (got {value!r:.200})")
            return tuple(decode(item) for item in value)
        case "$dict":
            if not isinstance(value, dict):
                raise ControlCodecError(f"'$dict' needs an object (got {value!r:.200})")
            return {k: decode(v) for k, v in value.items()}
        case "$enum":
            enum = _ENUMS.get(str(value))
            if enum is None:
                raise ControlCodecError(f"unknown enumeration {value!r}")
            return _parse(kind, data.get("value"), enum)
        case "$record":
            record = _RECORDS.get(str(value))
            fields = data.get("fields")
            if record is None or not isinstance(fields, dict):
                raise ControlCodecError(f"unknown record {value!r}")
            try:
                return record(**{k: decode(v) for k, v in fields.items()})
            except TypeError as exc:
                raise ControlCodecError(f"bad fields for {value}: {exc}") from None
    raise ControlCodecError(f"unknown value kind {kind!r}")


def encode_error(error: HarnessError) -> dict[str, Any]:
    """An error a capability raised, for the client to raise again."""
    kind = type(error).__name__ if type(error).__name__ in _ERRORS else "HarnessError"
    attributes = {
        name: encode(value)
        for name, value in vars(error).items()
        if not name.startswith("_") and _encodable(value)
    }
    return {"error": kind, "message": str(error), "attributes": attributes}


def _encodable(value: object) -> bool:
    try:
        encode(value)
    except Exception:
        return False
    return True


def decode_error(data: dict[str, Any]) -> HarnessError:
    """The error :func:`encode_error` described, as the same class where it is allow-listed.

    The error is rebuilt without calling its constructor (whose arguments differ per class):
    it gets the server's message and the attributes that could be encoded.
    """
    cls = _ERRORS.get(str(data.get("error")), HarnessError)
    error = cls.__new__(cls)
    Exception.__init__(error, str(data.get("message", "")))
    attributes = data.get("attributes")
    if isinstance(attributes, dict):
        for name, value in attributes.items():
            try:
                setattr(error, name, decode(value))
            except ControlCodecError:
                continue
    return error
