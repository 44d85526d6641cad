"""What a suite run is configured with (the ``--duis-*`` options)."""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.duis.schemas import SchemaSet, load_schema_set
from harness.errors import UsageError
from harness.model.baselines import DEFAULT_BASELINE, Baseline
from harness.model.dmves import Dmves, load_dmves
from harness.register import Register, default_register

REFERENCE = "reference"


@dataclass(frozen=True)
class Settings:
    """A run's target, baseline, schema set, DMVES and register."""

    target: str = REFERENCE
    baseline: Baseline = DEFAULT_BASELINE
    schema_set: SchemaSet = field(default_factory=load_schema_set)
    dmves: Dmves = field(default_factory=load_dmves)
    register: Register = field(default_factory=default_register)

    @classmethod
    def from_options(
        cls, *, target: str, baseline: str, xsd: str | None, dmves: str | None
    ) -> Settings:
        """Validate and load what the options name; UsageError / DataFileError on faults."""
        if target != REFERENCE and not target.startswith(("http://", "https://")):
            raise UsageError(
                f"--duis-target must be 'reference' or an http(s) URL (got {target!r})"
            )
        if target != REFERENCE:
            raise UsageError(
                f"--duis-target {target}: live HTTP targets are not implemented yet; "
                "use 'reference'"
            )
        register = default_register()
        return cls(
            target=target,
            baseline=Baseline.parse(baseline),
            schema_set=load_schema_set(xsd),
            dmves=load_dmves(dmves, known_clauses=register.s1sr_clauses()),
            register=register,
        )
