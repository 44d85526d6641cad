from __future__ import annotations

from harness.suite.catalogue import render
from tests.conftest import REPO


def test_committed_step_catalogue_is_current() -> None:
    """docs/steps.md equals what `duis-harness steps` generates (regenerate with --write)."""
    committed = (REPO / "docs" / "steps.md").read_text("utf-8")
    assert committed == render(), "run: duis-harness steps --write docs/steps.md"


def test_catalogue_lists_every_step_with_its_keyword() -> None:
    """Every step definition appears once with its Given/When/Then keyword and summary."""
    text = render()
    assert "- **When** `the supplier requests the {log:Log}`" in text
    assert "| Log | daily read log | SRV 4.6.1" in text
    assert text.count("`the request is acknowledged`") == 1
