"""How the reference model answers one accepted Service Request.

Each SRV the model implements has a handler, registered with :func:`handles`. A handler gets a
:class:`Context` (the request, the target device and its DMVES model, the baseline, the clock
and the device's history) and returns an :class:`Outcome`: the synchronous reply and the
asynchronous deliveries. Behaviours that depend on a Section 18 clause check
``context.subject_to("18.17(i)")`` and cite the register id in a comment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from harness.duis.messages import Request
from harness.model.baselines import Baseline
from harness.model.dmves import DeviceModel
from harness.model.meter import MeterState
from harness.model.smi import SmiDevice

if TYPE_CHECKING:
    from harness.model.reference import ReferenceModel

#: Codes the reference model uses for DCC's own checks; see docs/model.md, M-DCC-CHECK-CODES.
INVALID_REQUEST = "E11"
VARIANT_NOT_ALLOWED = "E12"
ROLE_NOT_ELIGIBLE = "E2"
UNKNOWN_ORIGINATOR = "E1"
COUNTER_NOT_INCREASING = "E4"
UNKNOWN_DEVICE = "E19"
DEVICE_NOT_TARGETABLE = "E3"
NOT_IMPLEMENTED = "E11"


@dataclass(frozen=True)
class Outcome:
    """What the model sends back: the synchronous reply and the later deliveries."""

    reply: bytes
    deliveries: tuple[bytes, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass
class Context:
    """Everything a handler may read, and the one state change it may make."""

    #: The request as received (for CommandVariant 5-7, the signed PreCommand).
    request: Request
    #: The request whose body says what to do (for CommandVariant 5-7, the original CV 4 one).
    body_request: Request
    baseline: Baseline
    now: datetime
    #: The target device's SMI record (None for non-device SRVs).
    device: SmiDevice | None
    device_model: DeviceModel | None
    state: MeterState
    model: ReferenceModel
    new_state: MeterState | None = field(default=None)

    def subject_to(self, clause: str) -> bool:
        """Whether the DMVES maps ``clause`` to the target device's model."""
        return self.device_model is not None and self.device_model.subject_to(clause)

    def outcome_for(self, clause: str, default: str) -> str:
        """The configured outcome of a regulation-uncertain clause for this device model."""
        if self.device_model is None:
            return default
        return self.device_model.outcome(clause, default)

    def remember(self, state: MeterState) -> None:
        """Record the device's new history (applied only if the handler completes)."""
        self.new_state = state


Handler = Callable[[Context], Outcome]

HANDLERS: dict[str, Handler] = {}


def handles(*srvs: str) -> Callable[[Handler], Handler]:
    """Register a handler for one or more SRVs."""

    def register(handler: Handler) -> Handler:
        for srv in srvs:
            if srv in HANDLERS:
                raise ValueError(f"SRV {srv} already has a handler: {HANDLERS[srv].__name__}")
            HANDLERS[srv] = handler
        return handler

    return register
