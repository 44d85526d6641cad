"""Progress of a long run on the terminal: scenarios done out of the total, on standard error.

On a terminal the count is rewritten in place; into a file or a CI log one line is written at
every tenth of the run, so logs stay short. Works with pytest-xdist (the controller counts what
its workers report).
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

import pytest


class Progress:
    """A pytest plugin object that counts finished scenario runs."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = 0
        self.done = 0
        self._live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """The number of scenario runs this process will run (no workers)."""
        if session.items:
            self.total = len(session.items)

    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        """Under pytest-xdist every worker collects the whole run; the total is one of them."""
        self.total = max(self.total, len(ids))

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        """One more scenario run finished."""
        self.done += 1
        self._show()

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """End the in-place line."""
        if self._live and self.done:
            self.stream.write("\n")
            self.stream.flush()

    def line(self) -> str:
        """What is shown: ``scenarios 120/365``."""
        return f"scenarios {self.done}/{self.total or '?'}"

    def _show(self) -> None:
        if self._live:
            self.stream.write(f"\r{self.line()}")
            self.stream.flush()
            return
        tenth = self.done * 10 // self.total if self.total else 0
        if tenth != self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(f"{self.line()}\n")
            self.stream.flush()
