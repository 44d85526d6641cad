"""What ``serve`` is configured with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.xmlinput import DEFAULT_MAX_BYTES
from harness.model.baselines import DEFAULT_BASELINE, Baseline
from harness.model.dmves import Dmves, load_dmves

#: The header a client names its session with (``docs/serve.md``).
SESSION_HEADER = "X-DUIS-Harness-Session"
#: The header of a synchronous reply saying how many asynchronous deliveries will follow.
DELIVERIES_HEADER = "X-DUIS-Harness-Deliveries"


@dataclass(frozen=True)
class ServeConfig:
    """The model every session starts from, where deliveries go and how they are signed."""

    baseline: Baseline = DEFAULT_BASELINE
    schema_set: SchemaSet = field(default_factory=load_schema_set)
    dmves: Dmves = field(default_factory=load_dmves)
    #: Receive Response URL of the default session (requests without a session header).
    receive_url: str | None = None
    #: Signs every synchronous reply and asynchronous delivery (None: sent as the model made
    #: them, with the model's placeholder signature).
    signer: Callable[[bytes], bytes] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Seconds to wait for a Receive Response URL to accept one delivery.
    post_timeout: float = 10.0
    #: At most this many sessions live at once (each holds a reference model).
    max_sessions: int = 256
