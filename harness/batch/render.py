"""How one result is written in each output format (done in the worker process)."""

from __future__ import annotations

import json
from typing import Any

FORMATS = ("text", "json", "jsonl")


def render_valid(source: str, root: str, srv: str | None, form: str) -> str:
    """What :func:`render` gives for a valid document, without building the result first."""
    if form == "text":
        return f"valid    {source}\n"
    srv_json = json.dumps(srv)
    text = (
        f'{{"source": {json.dumps(source)}, "valid": true, "root": {json.dumps(root)}, '
        f'"srv": {srv_json}, "problems": []}}'
    )
    return text + ("\n" if form == "jsonl" else "")


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
