"""The reference model's capabilities, called over the control API in one session.

:class:`RemoteCapabilities` has the same method names and arguments as
:class:`harness.model.reference.ReferenceModel`'s capabilities (and a ``cpl`` with
``rows_for`` and ``add``), so steps use it exactly as they use the model in process.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from harness.control.client import ControlClient
from harness.duis.identifiers import Eui64
from harness.model.cpl import CplEntry
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.migration import MigrationCandidate, MigrationResult


class RemoteCpl:
    """The session model's Central Products List."""

    def __init__(self, client: ControlClient, session_id: str) -> None:
        self._client = client
        self._session = session_id

    def rows_for(
        self, manufacturer: str, model: str, hardware_version: str, device_type: DeviceType
    ) -> tuple[CplEntry, ...]:
        """Every row of one device model and hardware version, in the order added."""
        rows: tuple[CplEntry, ...] = self._client.call(
            self._session, "cpl.rows_for", manufacturer, model, hardware_version, device_type
        )
        return rows

    def add(self, entry: CplEntry) -> CplEntry:
        """Add a row (DuplicateCplRowError as in process)."""
        added: CplEntry = self._client.call(self._session, "cpl.add", entry)
        return added


class RemoteCapabilities:
    """Set-up capabilities of one ``serve`` session."""

    def __init__(self, client: ControlClient, session_id: str) -> None:
        self._client = client
        self.session_id = session_id
        self.cpl = RemoteCpl(client, session_id)

    def _call(self, name: str, *args: object, **kwargs: object) -> Any:
        return self._client.call(self.session_id, name, *args, **kwargs)

    def add_user(self, eui: str, role: str) -> None:
        """Register a DCC User with its role."""
        self._call("add_user", eui, role)

    def set_local_time(self, moment: datetime) -> None:
        """Set the model's clock to a Great Britain wall-clock time."""
        self._call("set_local_time", moment)

    def now(self) -> datetime:
        """The model's current instant, in UTC."""
        moment: datetime = self._call("now")
        return moment

    def set_top_up_value(self, device_id: str | Eui64, pence: int) -> None:
        """The value of the next UTRN request to the device."""
        self._call("set_top_up_value", Eui64.parse(str(device_id)), pence)

    def non_disablement_in_force(self, device_id: str | Eui64, on: date) -> tuple[object, ...]:
        """The non-disablement schedules in force on a day (described as text)."""
        found: tuple[object, ...] = self._call(
            "non_disablement_in_force", Eui64.parse(str(device_id)), on
        )
        return found

    def consumption_kwh(self, device_id: str | Eui64, start: datetime, end: datetime) -> Decimal:
        """What a meter consumed between two instants, in kWh."""
        energy: Decimal = self._call("consumption_kwh", Eui64.parse(str(device_id)), start, end)
        return energy

    def install_comms_hub(
        self, *, smets_version: SmetsVersion = SmetsVersion.SMETS1, model_id: str | None = None
    ) -> Eui64:
        """A commissioned comms hub."""
        hub: Eui64 = self._call("install_comms_hub", smets_version=smets_version, model_id=model_id)
        return hub

    def install_device(self, model_id: str, *, hub: Eui64 | None = None) -> Eui64:
        """A migrated, commissioned device of a DMVES model."""
        device: Eui64 = self._call("install_device", model_id, hub=hub)
        return device

    def migrate(self, candidate: MigrationCandidate) -> MigrationResult:
        """The TMAD checks on a SMETS1 installation at the model's clock."""
        result: MigrationResult = self._call("migrate", candidate)
        return result
