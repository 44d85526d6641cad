"""The reference model's set-up capabilities ``serve`` offers over the control API.

Each name maps to what it calls on a session's model; ``cpl.*`` are methods of its Central
Products List. Nothing outside this list can be called remotely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from harness.model.reference import ReferenceModel

_MODEL_METHODS = (
    "add_user",
    "set_local_time",
    "now",
    "set_top_up_value",
    "non_disablement_in_force",
    "consumption_kwh",
    "install_comms_hub",
    "install_device",
    "migrate",
)
_CPL_METHODS = ("rows_for", "add")

#: Every capability name the control API offers.
CAPABILITIES: tuple[str, ...] = (*_MODEL_METHODS, *(f"cpl.{m}" for m in _CPL_METHODS))


def bound(model: ReferenceModel, name: str) -> Callable[..., Any] | None:
    """The callable behind capability ``name`` on ``model``, or None if there is no such one."""
    if name in _MODEL_METHODS:
        method: Callable[..., Any] = getattr(model, name)
        return method
    if name.startswith("cpl.") and name.removeprefix("cpl.") in _CPL_METHODS:
        found: Callable[..., Any] = getattr(model.cpl, name.removeprefix("cpl."))
        return found
    return None
