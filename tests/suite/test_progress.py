"""Progress on the terminal: scenarios done out of the total, short in logs, in place on a tty."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

from harness.suite.progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(progress: Progress, total: int) -> None:
    progress.pytest_collection_finish(SimpleNamespace(items=[object()] * total))  # type: ignore[arg-type]
    for number in range(total):
        progress.pytest_runtest_logfinish(f"test_{number}", None)
    progress.pytest_sessionfinish(SimpleNamespace())  # type: ignore[arg-type]


def test_log_gets_a_line_per_tenth_ending_with_the_total() -> None:
    """Into a file: about ten lines for a run of 365, the last saying 365/365."""
    stream = io.StringIO()
    _run(Progress(stream), 365)
    lines = stream.getvalue().splitlines()
    assert 10 <= len(lines) <= 11
    assert lines[-1] == "scenarios 365/365"


def test_terminal_line_is_rewritten_in_place() -> None:
    """On a terminal each count overwrites the last, and the line ends once at the end."""
    stream = _Tty()
    _run(Progress(stream), 3)
    assert stream.getvalue() == "\rscenarios 1/3\rscenarios 2/3\rscenarios 3/3\n"


def test_xdist_total_comes_from_the_workers_collection() -> None:
    """Under pytest-xdist the controller takes the total from a worker's collected ids."""
    progress = Progress(io.StringIO())
    node: Any = object()
    progress.pytest_xdist_node_collection_finished(node, ["a", "b", "c", "d"])
    progress.pytest_runtest_logfinish("a", None)
    assert progress.line() == "scenarios 1/4"
