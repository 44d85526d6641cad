"""Baselines: which rule set a target is expected to meet.

Two independent axes (see ``docs/requirements.md``): the S1SR axis (``s1sr_v10`` before FOC
Uplift 2.1, ``s1sr_v11`` from 4 November 2021) and the MP202 axis (``mp202_tactical``, the
interim handling of dual-mode PPMIDs, or ``mp202_enduring``, MP202 as proposed). A profile
names one label per axis, e.g. ``s1sr_v11+mp202_enduring``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from harness.errors import UsageError

S1srVersion = Literal["s1sr_v10", "s1sr_v11"]
Mp202Mode = Literal["tactical", "enduring"]

S1SR_LABELS: tuple[S1srVersion, ...] = ("s1sr_v10", "s1sr_v11")
MP202_LABELS: dict[str, Mp202Mode] = {"mp202_tactical": "tactical", "mp202_enduring": "enduring"}


@dataclass(frozen=True)
class Baseline:
    """One label from each axis."""

    s1sr: S1srVersion = "s1sr_v11"
    mp202: Mp202Mode = "enduring"

    @property
    def labels(self) -> tuple[str, str]:
        """The two register labels this baseline meets (``s1sr_v11``, ``mp202_enduring``)."""
        return (self.s1sr, f"mp202_{self.mp202}")

    @property
    def name(self) -> str:
        """The profile as users write it."""
        return "+".join(self.labels)

    def includes(self, label: str) -> bool:
        """Whether a register baseline label applies under this baseline."""
        return label in self.labels

    @classmethod
    def parse(cls, text: str) -> Baseline:
        """Parse ``s1sr_v11+mp202_enduring`` (``-`` or ``_``, ``+`` or ``,``; axes optional).

        A missing S1SR label means ``s1sr_v11``; a missing MP202 label means ``mp202_enduring``,
        except with ``s1sr_v10``, which predates MP202, where it means ``mp202_tactical``.
        """
        s1sr: S1srVersion | None = None
        mp202: Mp202Mode | None = None
        for raw in text.replace(",", "+").split("+"):
            label = raw.strip().lower().replace("-", "_")
            if label in S1SR_LABELS:
                s1sr = "s1sr_v10" if label == "s1sr_v10" else "s1sr_v11"
            elif label in MP202_LABELS:
                mp202 = MP202_LABELS[label]
            else:
                known = ", ".join([*S1SR_LABELS, *MP202_LABELS])
                raise UsageError(f"unknown baseline label {raw.strip()!r}; known: {known}")
        chosen_s1sr: S1srVersion = s1sr or "s1sr_v11"
        default_mp202: Mp202Mode = "tactical" if chosen_s1sr == "s1sr_v10" else "enduring"
        return cls(chosen_s1sr, mp202 or default_mp202)


#: Every combination a run can be asked to meet, in chronological order.
ALL_BASELINES: tuple[Baseline, ...] = (
    Baseline("s1sr_v10", "tactical"),
    Baseline("s1sr_v11", "tactical"),
    Baseline("s1sr_v11", "enduring"),
)
DEFAULT_BASELINE = Baseline()
