"""Shared pieces of the mutation tests: a runner module and a model that ignores clauses."""

from __future__ import annotations

#: A test module binding one feature file (relative to the pytester directory).
RUNNER = """
from pytest_bdd import scenarios

scenarios("{feature}")
"""

#: A conftest whose target is a reference model whose DMVES lost ``{clause}``.
LOST_CLAUSE = """
import pytest

from harness.model.reference import ReferenceModel


@pytest.fixture
def duis_target(duis_settings):
    \"\"\"A reference model whose DMVES lost clause {clause}, so it ignores it.\"\"\"
    return ReferenceModel(
        baseline=duis_settings.baseline,
        dmves=duis_settings.dmves.without_clause("{clause}"),
        schema_set=duis_settings.schema_set,
    )
"""
