"""Set-up a scenario needs from the target that DUIS has no request for.

The reference model has these capabilities; a live target may not. A scenario that needs one
the target lacks is reported not applicable, with the reason, never passed.
"""

from __future__ import annotations

from typing import Any

import pytest

from harness.suite.verdicts import not_applicable


def capability(target: object, name: str, purpose: str) -> Any:
    """The target's method ``name``, or a not-applicable verdict saying what was missing."""
    found = getattr(target, name, None)
    if found is None:
        pytest.skip(not_applicable(f"the target cannot {purpose} (no '{name}' capability)"))
    return found
