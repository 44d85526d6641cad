from __future__ import annotations

import importlib

from pytest_bdd.steps import step_function_context_registry

from harness.suite.catalogue import render
from harness.suite.plugin import STEP_MODULES
from tests.conftest import REPO


def test_committed_step_catalogue_is_current() -> None:
    """docs/steps.md equals what `duis-harness steps` generates (regenerate with --write)."""
    committed = (REPO / "docs" / "steps.md").read_text("utf-8")
    assert committed == render(), "run: duis-harness steps --write docs/steps.md"


def test_catalogue_lists_every_step_once_and_every_vocabulary_row() -> None:
    """Each step definition appears once with its keyword; each module's vocabulary is listed."""
    text = render()
    for name in STEP_MODULES:
        module = importlib.import_module(name)
        rows = getattr(module, "catalogue_rows", None)
        for row in rows() if rows is not None else []:
            assert "| " + " | ".join(row) + " |" in text
    contexts = [
        c for c in step_function_context_registry.values() if c.step_func.__module__ in STEP_MODULES
    ]
    assert contexts
    for context in contexts:
        line = f"- **{(context.type or '*').capitalize()}** `{context.parser.name}`"
        assert text.count(line) == 1, line
