"""Sessions: one reference model per client (per scenario, when the suite drives ``serve``).

Requests without a session header go to the default session, created on first use; the suite
creates a fresh session per scenario, so scenarios never see each other's devices or clocks.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from harness.errors import UsageError
from harness.model.reference import ReferenceModel
from harness.serve.config import ServeConfig

DEFAULT_SESSION = "default"


class UnknownSessionError(UsageError):
    """A request names a session that does not exist (or was closed)."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(f"no session {session_id!r} (create one with POST /harness/v1/sessions)")


@dataclass
class Session:
    """A reference model, its Receive Response URL, and a lock serialising its requests."""

    id: str
    model: ReferenceModel
    receive_url: str | None
    lock: threading.Lock = field(default_factory=threading.Lock)


class SessionStore:
    """Thread-safe sessions by id; the oldest is dropped when ``max_sessions`` is reached."""

    def __init__(self, config: ServeConfig) -> None:
        self._config = config
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def _new_model(self) -> ReferenceModel:
        config = self._config
        return ReferenceModel(
            baseline=config.baseline, dmves=config.dmves, schema_set=config.schema_set
        )

    def create(self, receive_url: str | None) -> Session:
        """A new session with a fresh reference model."""
        session = Session(secrets.token_hex(8), self._new_model(), receive_url)
        with self._lock:
            while len(self._sessions) >= self._config.max_sessions:
                self._sessions.popitem(last=False)
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session:
        """The named session, or the default one (created on first use)."""
        with self._lock:
            if session_id is None or session_id == DEFAULT_SESSION:
                found = self._sessions.get(DEFAULT_SESSION)
                if found is None:
                    found = Session(DEFAULT_SESSION, self._new_model(), self._config.receive_url)
                    self._sessions[DEFAULT_SESSION] = found
                return found
            found = self._sessions.get(session_id)
        if found is None:
            raise UnknownSessionError(session_id)
        return found

    def close(self, session_id: str) -> None:
        """Forget a session (UnknownSessionError if there is none)."""
        with self._lock:
            if self._sessions.pop(session_id, None) is None:
                raise UnknownSessionError(session_id)

    def discard(self, session_id: str) -> None:
        """Forget a session if it is still there."""
        with self._lock:
            self._sessions.pop(session_id, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)
