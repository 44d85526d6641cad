"""The Central Products List (CPL): approved device models, keyed as the MP202 baseline says.

Under the tactical arrangement (seed 001 §2, seed 004 §2) a row's key is manufacturer, model,
hardware version, firmware version and device type, so a dual-mode PPMID's SMETS1 row must
carry a made-up firmware version to differ from its SMETS2+ row (``MP202-TACTICAL-DIFF-FW``).
MP202 (seed 004 §3) adds the SMETS version to the key: a dual-mode PPMID then has a SMETS1 row
and a SMETS2+ row with the same, real firmware version (``MP202-CPL-DUAL-ROWS``).

Errors (all :class:`harness.errors.HarnessError`)::

    CplError
    ├── InvalidCplEntryError   a row field is empty (.field, .value)
    ├── DuplicateCplRowError   the active key already has a row (.entry, .existing, .mode, .key)
    └── AmbiguousCplRowError   a lookup without SMETS version matches two rows (.candidates)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from harness.errors import HarnessError
from harness.model.baselines import Mp202Mode
from harness.model.devices import DeviceType, SmetsVersion

#: The MP202 axis of a baseline (to be reconciled with ``harness.model.baselines``).

ModelKey = tuple[str, str, str, DeviceType]
RowKey = tuple[str, ...]


class CplError(HarnessError):
    """The CPL cannot accept a row or answer a lookup."""


class InvalidCplEntryError(CplError):
    """A CPL row has an empty field."""

    def __init__(self, field: str, value: str) -> None:
        self.field = field
        self.value = value
        super().__init__(f"CPL entry field '{field}' must not be empty (got {value!r})")


class DuplicateCplRowError(CplError):
    """The CPL already holds a row with the same primary key under the active MP202 mode."""

    def __init__(self, entry: CplEntry, existing: CplEntry, mode: Mp202Mode, reason: str) -> None:
        self.entry = entry
        self.existing = existing
        self.mode = mode
        self.key = entry.key(mode)
        self.reason = reason
        super().__init__(
            f"CPL ({mode}) refuses {entry.describe()}: {reason} (existing row: "
            f"{existing.describe()})"
        )


class AmbiguousCplRowError(CplError):
    """A lookup without a SMETS version matched a SMETS1 and a SMETS2+ row."""

    def __init__(self, candidates: tuple[CplEntry, ...]) -> None:
        self.candidates = candidates
        rows = "; ".join(c.describe() for c in candidates)
        super().__init__(f"CPL lookup needs a SMETS version to choose between: {rows}")


@dataclass(frozen=True)
class CplEntry:
    """One CPL row: a device model version and the SMETS generation it is listed for."""

    manufacturer: str
    model: str
    hardware_version: str
    firmware_version: str
    device_type: DeviceType
    smets_version: SmetsVersion
    dual_mode: bool = False

    def __post_init__(self) -> None:
        for name in ("manufacturer", "model", "hardware_version", "firmware_version"):
            value = getattr(self, name)
            if not value.strip():
                raise InvalidCplEntryError(name, value)

    @property
    def model_key(self) -> ModelKey:
        """Manufacturer, model, hardware version and device type: the model, any firmware."""
        return (self.manufacturer, self.model, self.hardware_version, self.device_type)

    def key(self, mode: Mp202Mode) -> RowKey:
        """The primary key under ``mode``; ``enduring`` adds the SMETS version (seed 004 §3)."""
        base: RowKey = (*self.model_key[:3], self.firmware_version, self.device_type.value)
        return base if mode == "tactical" else (*base, self.smets_version.value)

    def describe(self) -> str:
        """A one-line label for messages and reports."""
        dual = ", dual-mode" if self.dual_mode else ""
        return (
            f"{self.manufacturer} {self.model} hw {self.hardware_version} fw "
            f"{self.firmware_version} {self.device_type.value} {self.smets_version.value}{dual}"
        )


class Cpl:
    """The rows of the CPL, refusing any row whose key the active MP202 mode already holds."""

    def __init__(self, mode: Mp202Mode, entries: Iterable[CplEntry] = ()) -> None:
        self._mode: Mp202Mode = mode
        self._rows: list[CplEntry] = []
        for entry in entries:
            self.add(entry)

    @property
    def mode(self) -> Mp202Mode:
        """The MP202 baseline whose key rules this CPL follows."""
        return self._mode

    def add(self, entry: CplEntry) -> CplEntry:
        """Add a row; :class:`DuplicateCplRowError` says which rule refuses a repeated key."""
        for existing in self._rows:
            if existing.key("tactical") != entry.key("tactical"):
                continue
            same_version = existing.smets_version is entry.smets_version
            if same_version:
                raise DuplicateCplRowError(
                    entry, existing, self._mode, "a row with this key is already listed"
                )
            if self._mode == "tactical":
                raise DuplicateCplRowError(
                    entry,
                    existing,
                    self._mode,
                    "under the tactical arrangement the key has no SMETS version, so a "
                    "dual-mode PPMID's SMETS1 row must carry a firmware version different "
                    "from its SMETS2+ row (MP202-TACTICAL-DIFF-FW)",
                )
            if not (entry.dual_mode and existing.dual_mode):
                raise DuplicateCplRowError(
                    entry,
                    existing,
                    self._mode,
                    "only a dual-mode model may have a SMETS1 and a SMETS2+ row with the same "
                    "firmware version (MP202-CPL-DUAL-ROWS)",
                )
        self._rows.append(entry)
        return entry

    def find(
        self,
        manufacturer: str,
        model: str,
        hardware_version: str,
        firmware_version: str,
        device_type: DeviceType,
        smets_version: SmetsVersion | None = None,
    ) -> CplEntry | None:
        """The row with these details, or None.

        Without ``smets_version`` a lookup that matches both rows of a dual-mode model (possible
        only under ``enduring``) raises :class:`AmbiguousCplRowError`
        (``MP202-BR-ENTRY-DISTINCTION``: DCC must tell the two rows apart).
        """
        wanted = (manufacturer, model, hardware_version, device_type)
        matches = tuple(
            row
            for row in self._rows
            if row.model_key == wanted
            and row.firmware_version == firmware_version
            and (smets_version is None or row.smets_version is smets_version)
        )
        if len(matches) > 1:
            raise AmbiguousCplRowError(matches)
        return matches[0] if matches else None

    def rows_for(
        self, manufacturer: str, model: str, hardware_version: str, device_type: DeviceType
    ) -> tuple[CplEntry, ...]:
        """Every row of one device model and hardware version, in the order added."""
        wanted = (manufacturer, model, hardware_version, device_type)
        return tuple(row for row in self._rows if row.model_key == wanted)

    def __contains__(self, entry: object) -> bool:
        return entry in self._rows

    def __iter__(self) -> Iterator[CplEntry]:
        return iter(tuple(self._rows))

    def __len__(self) -> int:
        return len(self._rows)
