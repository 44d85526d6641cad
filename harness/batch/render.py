"""How one result is written in each output format (done in the worker process)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii as _string  # what json.dumps gives for a str
from typing import Any

FORMATS = ("text", "json", "jsonl")


#: A valid result's JSON after its source, by (root, SRV, form): the same for every document of
#: one SRV. Valid documents name SRVs the schema allows, so this stays small; it is emptied at
#: a bound all the same.
_VALID_TAILS: dict[tuple[str, str | None, str], str] = {}


def render_valid(source: str, root: str, srv: str | None, form: str) -> str:
    """What :func:`render` gives for a valid document, without building the result first.

    ``root`` is the root's local name or its Clark name (``{namespace}local``).
    """
    if form == "text":
        return f"valid    {source}\n"
    tail = _VALID_TAILS.get((root, srv, form))
    if tail is None:
        if len(_VALID_TAILS) >= 4096:
            _VALID_TAILS.clear()
        name = json.dumps(root.rpartition("}")[2])
        tail = f'"valid": true, "root": {name}, "srv": {json.dumps(srv)}, "problems": []}}'
        tail = _VALID_TAILS[(root, srv, form)] = tail + ("\n" if form == "jsonl" else "")
    return f'{{"source": {_string(source)}, {tail}'


def render_schema_invalid(
    source: str,
    root: str,
    srv: str | None,
    problems: list[tuple[int | None, str | None, str]],
    form: str,
) -> str:
    """What :func:`render` gives (json, jsonl) for a document the schema refused with
    ``problems`` (line, path, reason), without building the result first."""
    rows = ", ".join(
        f'{{"line": {_number(line)}, "path": {_optional(path)}, "kind": "schema", '
        f'"reason": {_string(reason)}}}'
        for line, path, reason in problems
    )
    text = (
        f'{{"source": {_string(source)}, "valid": false, "root": {_string(root)}, '
        f'"srv": {_optional(srv)}, "problems": [{rows}]}}'
    )
    return text + ("\n" if form == "jsonl" else "")


def _optional(text: str | None) -> str:
    return "null" if text is None else _string(text)


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


def render(result: dict[str, Any], form: str) -> str:
    """The text a result contributes to the output (json: one array element, no separator)."""
    if form in ("json", "jsonl"):
        shown = {k: v for k, v in result.items() if k != "checked"}
        return json.dumps(shown) + ("\n" if form == "jsonl" else "")
    if result["valid"]:
        return f"valid    {result['source']}\n"
    lines = [f"{'INVALID' if result['checked'] else 'UNREAD '}  {result['source']}\n"]
    for problem in result["problems"]:
        line = f"line {problem['line']}" if problem["line"] else "line ?"
        at = f" {problem['path']}" if problem["path"] else ""
        lines.append(f"    {line}{at}: {problem['reason']}\n")
    return "".join(lines)
