"""Shared fixtures: where the outside oracle (../shared/reference) lives; skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO.parent / "shared" / "reference"
OFFICIAL_XSD = SHARED_REFERENCE / "duis-xsd"
TEMPLATES = SHARED_REFERENCE / "rtds-templates"


def require_reference() -> Path:
    """Skip the calling test when DCC's reference material is not beside the checkout."""
    if not TEMPLATES.is_dir() or not OFFICIAL_XSD.is_dir():
        pytest.skip(f"outside oracle absent: {SHARED_REFERENCE} (official XSDs, RTDS templates)")
    return SHARED_REFERENCE


@pytest.fixture
def official_54() -> Path:
    """The official DUIS 5.4 schema directory."""
    return require_reference() / "duis-xsd" / "v5.4"


@pytest.fixture
def template_files() -> list[Path]:
    """Every RTDS request template."""
    return sorted((require_reference() / "rtds-templates").glob("*.XML"))
