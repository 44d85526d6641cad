"""Client of the control API ``duis-harness serve`` offers (``docs/serve.md``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from harness.control.codec import ControlCodecError, decode, decode_error, encode
from harness.errors import (
    TargetConnectionError,
    TargetHttpError,
    TargetReplyError,
    TargetTimeoutError,
)
from harness.transport.client import short_reason

#: The control API's root path.
CONTROL_PATH = "/harness/v1"


@dataclass(frozen=True)
class ServeInfo:
    """What a ``serve`` instance says about itself."""

    harness: str
    baseline: str
    schema: str
    capabilities: tuple[str, ...]


class ControlClient:
    """Calls ``/harness/v1/...`` on one base URL with a shared HTTP session."""

    def __init__(
        self,
        base_url: str,
        http: requests.Session,
        *,
        timeout: float = 10.0,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = http
        self._timeout = timeout
        self._headers = dict(headers or {})

    def _send(self, method: str, path: str, body: object = None) -> requests.Response:
        url = f"{self.base_url}{CONTROL_PATH}{path}"
        headers = dict(self._headers)
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        try:
            return self._http.request(
                method, url, data=data, headers=headers, timeout=self._timeout
            )
        except requests.Timeout:
            raise TargetTimeoutError(url, self._timeout) from None
        except requests.RequestException as exc:
            raise TargetConnectionError(url, short_reason(exc)) from None

    def info(self) -> ServeInfo | None:
        """The server's description, or None when the target offers no control API."""
        answer = self._send("GET", "/info")
        if answer.status_code != 200:
            return None
        try:
            data = answer.json()
            return ServeInfo(
                harness=str(data["harness"]),
                baseline=str(data["baseline"]),
                schema=str(data["schema"]),
                capabilities=tuple(str(c) for c in data["capabilities"]),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def create_session(self, receive_url: str, *, replaces: str | None = None) -> str:
        """A new session (a fresh reference model) delivering to ``receive_url``.

        ``replaces`` names a session the client is done with, closed in the same call.
        """
        body: dict[str, str] = {"receive_url": receive_url}
        if replaces is not None:
            body["replaces"] = replaces
        answer = self._send("POST", "/sessions", body)
        data = self._json(answer, "create session", expected=201)
        session = data.get("session")
        if not isinstance(session, str):
            raise TargetReplyError("control API", f"create session gave no id: {data!r:.200}")
        return session

    def close_session(self, session_id: str) -> None:
        """Forget a session."""
        answer = self._send("DELETE", f"/sessions/{session_id}")
        if answer.status_code not in (204, 404):
            raise TargetHttpError(answer.url, answer.status_code, answer.text[:200])

    def call(self, session_id: str, name: str, *args: object, **kwargs: object) -> Any:
        """Run capability ``name`` in a session; re-raise the error it raised there."""
        body = {"args": encode(list(args)), "kwargs": encode(dict(kwargs))}
        answer = self._send("POST", f"/sessions/{session_id}/capabilities/{name}", body)
        if answer.status_code == 422:
            raise decode_error(self._json(answer, name, expected=422))
        data = self._json(answer, name, expected=200)
        try:
            return decode(data.get("result"))
        except ControlCodecError as exc:
            raise TargetReplyError(f"capability {name}", str(exc)) from None

    def _json(self, answer: requests.Response, what: str, *, expected: int) -> dict[str, Any]:
        if answer.status_code != expected:
            raise TargetHttpError(answer.url, answer.status_code, f"{what}: {answer.text[:200]}")
        try:
            data = answer.json()
        except ValueError:
            raise TargetReplyError(f"control API {what}", "answer is not JSON") from None
        if not isinstance(data, dict):
            raise TargetReplyError(f"control API {what}", "answer is not a JSON object")
        return data
