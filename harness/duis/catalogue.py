"""The catalogue of the 129 DUIS Service Reference Variants (SRVs).

Loaded once from ``harness/data/srv_catalogue.csv``; see ``docs/catalogue.md`` for where each
column comes from.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from harness.errors import UnknownServiceError

#: CommandVariants and their meaning (DUIS; DOMAIN.md "DUIS XML in brief").
COMMAND_VARIANTS: dict[int, str] = {
    1: "non-critical, sent to the device over the WAN",
    2: "non-critical, returned for local delivery",
    3: "non-critical, sent over the WAN and returned for local delivery",
    4: "critical, returned as a PreCommand for the user to sign",
    5: "signed PreCommand, sent to the device over the WAN",
    6: "signed PreCommand, returned for local delivery",
    7: "signed PreCommand, sent over the WAN and returned for local delivery",
    8: "non-device service answered by DCC",
    9: "DCC internal",
}


@dataclass(frozen=True)
class ServiceReferenceVariant:
    """One row of the catalogue: what DUIS says about a Service Reference Variant."""

    srv: str
    service_reference: str
    name: str
    body_element: str
    critical: bool
    non_device: bool
    on_demand: bool
    dcc_scheduled: bool
    future_dated_pattern: str
    command_variants: tuple[int, ...]
    eligible_roles: tuple[str, ...]

    @property
    def default_command_variant(self) -> int:
        """Non-device → 8, critical → 4, otherwise 1 (the first allowed if that is narrower)."""
        preferred = 8 if self.non_device else 4 if self.critical else 1
        return preferred if preferred in self.command_variants else self.command_variants[0]

    def allows(self, command_variant: int) -> bool:
        """Whether DUIS allows this CommandVariant for this SRV."""
        return command_variant in self.command_variants


def _yes(value: str) -> bool:
    return value.strip().lower() == "yes"


class Catalogue:
    """Lookup of SRVs by number (``4.4.2``) or by request body element name."""

    def __init__(self, entries: tuple[ServiceReferenceVariant, ...]) -> None:
        self._entries = entries
        self._by_srv = {e.srv: e for e in entries}
        self._by_body = {e.body_element: e for e in entries}

    def __iter__(self) -> Iterator[ServiceReferenceVariant]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, srv: str) -> ServiceReferenceVariant:
        """The SRV numbered ``srv``; :class:`UnknownServiceError` if there is none."""
        try:
            return self._by_srv[srv.strip()]
        except KeyError:
            close = sorted(s for s in self._by_srv if s.startswith(srv.strip().split(".")[0] + "."))
            hint = f"; SRVs in that group: {', '.join(close)}" if close else ""
            raise UnknownServiceError(srv, hint) from None

    def by_body_element(self, name: str) -> ServiceReferenceVariant:
        """The SRV whose request body element is ``name`` (local name)."""
        try:
            return self._by_body[name]
        except KeyError:
            raise UnknownServiceError(name, " (no SRV has that body element)") from None


def _parse_row(row: dict[str, str]) -> ServiceReferenceVariant:
    return ServiceReferenceVariant(
        srv=row["srv"],
        service_reference=row["service_reference"],
        name=row["name"],
        body_element=row["body_element"],
        critical=_yes(row["critical"]),
        non_device=_yes(row["non_device"]),
        on_demand=_yes(row["on_demand"]),
        dcc_scheduled=_yes(row["dcc_scheduled"]),
        future_dated_pattern=row["future_dated_pattern"],
        command_variants=tuple(int(v) for v in row["command_variants"].split()),
        eligible_roles=tuple(row["eligible_roles"].split()),
    )


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with the harness (loaded once per process)."""
    text = resources.files("harness").joinpath("data/srv_catalogue.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return Catalogue(tuple(_parse_row(r) for r in rows))
