"""How one result is written in each output format (done in the worker process)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

FORMATS = ("text", "json", "jsonl")


#: Printable ASCII without ``"`` and ``\\``: a string of only these is its own JSON body.
_PLAIN = re.compile(r"[ !#-\[\]-~]*")


def _json_string(text: str | None) -> str:
    """``json.dumps(text)``, quicker for the plain strings sources, roots and SRVs usually are."""
    if text is not None and _PLAIN.fullmatch(text):
        return f'"{text}"'
    return json.dumps(text)


def render_valid(source: str, root: str, srv: str | None, form: str) -> str:
    """What :func:`render` gives for a valid document, without building the result first."""
    if form == "text":
        return f"valid    {source}\n"
    return f'{{"source": {_json_string(source)}, {_valid_rest(root, srv, form)}'


@lru_cache(maxsize=1024)
def _valid_rest(root: str, srv: str | None, form: str) -> str:
    """A valid result's JSON after its source: the same for every document of one SRV."""
    rest = f'"valid": true, "root": {json.dumps(root)}, "srv": {json.dumps(srv)}, "problems": []}}'
    return rest + ("\n" if form == "jsonl" else "")


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
