"""The reference model: an executable DCC + SMETS1 Service Provider + devices.

:meth:`ReferenceModel.handle` takes a DUIS Service Request (bytes) and returns an
:class:`~harness.model.exchange.Exchange`: the synchronous reply and the asynchronous responses
and alerts, all DUIS XML valid under the model's schema set. Before any SRV handler runs, the
model makes DCC's own checks (well-formed and schema-valid request, body matching the SRV,
CommandVariant allowed, originator known and eligible, RequestID counter increasing, target
known and addressable). Critical requests follow the DUIS flow: CommandVariant 4 returns a
PreCommand; the same RequestID with CommandVariant 5, 6 or 7 executes it.

Set-up operations that DUIS has no request for (installing a migrated SMETS1 device, moving the
clock) are methods here: a live target lacks them, and scenarios that need them are then
reported not applicable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from harness.duis.builder import DEFAULT_ORIGINATOR
from harness.duis.catalogue import catalogue
from harness.duis.identifiers import DCC_ACCESS_CONTROL_BROKER, CounterSequence, Eui64, RequestId
from harness.duis.messages import Request
from harness.duis.namespaces import SR
from harness.duis.schemas import SchemaSet, load_schema_set
from harness.duis.validation import Validator
from harness.duis.xmlinput import parse_bytes
from harness.errors import CounterError, HarnessError, InputError, MessageError, UnknownServiceError
from harness.model import handlers as _handlers  # noqa: F401  (registers the SRV handlers)
from harness.model import handling, replies
from harness.model.baselines import DEFAULT_BASELINE, Baseline
from harness.model.clock import VirtualClock
from harness.model.cpl import CplEntry
from harness.model.devices import DeviceStatus, DeviceType, SmetsVersion
from harness.model.dmves import DeviceModel, Dmves, load_dmves
from harness.model.exchange import Delivery, Exchange
from harness.model.meter import MeterState
from harness.model.migration import MigrationCandidate, MigrationResult, check_migration

#: The originator used by DCC's RTDS, registered by default as an Import Supplier (``IS``).
DEFAULT_USERS: Mapping[str, str] = {DEFAULT_ORIGINATOR: "IS"}

_CRITICAL_EXECUTE = (5, 6, 7)
_NO_HISTORY = MeterState()  # frozen, immutable fields: one serves every device without history
#: Devices the model installs get EUI-64s 00-DB-12-34-56-78-00-01, -02, ... (fictitious).
_DEVICE_ID_BASE = 0x00DB123456780000


@dataclass
class _Pending:
    """A critical request whose PreCommand was issued and awaits its signed form."""

    request: Request
    issued: datetime


@dataclass
class ModelState:
    """Mutable bookkeeping of the model (device histories, counters, pending critical requests)."""

    histories: dict[Eui64, MeterState] = field(default_factory=dict)
    pending: dict[str, _Pending] = field(default_factory=dict)
    counters: CounterSequence = field(default_factory=CounterSequence)
    allocated: int = 0


class ReferenceModel:
    """The embedded default target."""

    def __init__(
        self,
        *,
        baseline: Baseline = DEFAULT_BASELINE,
        dmves: Dmves | None = None,
        clock: VirtualClock | None = None,
        schema_set: SchemaSet | None = None,
        users: Mapping[str, str] = DEFAULT_USERS,
    ) -> None:
        from harness.model.cpl import Cpl
        from harness.model.inventory import Inventory

        self.baseline = baseline
        self.dmves = dmves if dmves is not None else load_dmves()
        self.clock = clock if clock is not None else VirtualClock()
        self.schema_set = schema_set if schema_set is not None else load_schema_set()
        self.validator = Validator(self.schema_set)
        self.users = {Eui64.parse(eui): role for eui, role in users.items()}
        self.cpl = Cpl(mode=baseline.mp202)
        self.inventory = Inventory(self.cpl, s1sr=baseline.s1sr, dmves=self.dmves)
        self.state = ModelState()

    # -- capabilities a live target does not have -------------------------------------------

    def add_user(self, eui: str, role: str) -> None:
        """Register a DCC User (originator EUI-64) with its role (IS, ES, GS, RSA, ED, GT, OU)."""
        self.users[Eui64.parse(eui)] = role

    def set_local_time(self, moment: datetime) -> None:
        """Set the virtual clock to a Great Britain wall-clock time (naive: Europe/London)."""
        self.clock.set_local(moment)

    def now(self) -> datetime:
        """The model's current instant (its virtual clock), in UTC."""
        return self.clock.now()

    def set_top_up_value(self, device_id: str | Eui64, pence: int) -> None:
        """Set-up: the value of the next UTRN request (2.2) to the device (M-UTRN-VALUE)."""
        from harness.model.handlers.prepayment import set_top_up_value

        set_top_up_value(self, device_id, pence)

    def non_disablement_in_force(self, device_id: str | Eui64, on: date) -> tuple[object, ...]:
        """The electricity non-disablement schedules of the device in force on a day (18.5(hh))."""
        from harness.model.handlers.prepayment import non_disablement_in_force

        return non_disablement_in_force(self, device_id, on)

    def consumption_kwh(self, device_id: str | Eui64, start: datetime, end: datetime) -> Decimal:
        """What a meter consumed between two instants, in kWh (model decision M-CONSUMPTION)."""
        from harness.model.consumption import energy_kwh

        self.inventory.get(device_id if isinstance(device_id, Eui64) else Eui64.parse(device_id))
        return energy_kwh(start, end)

    def history(self, device_id: str | Eui64) -> MeterState:
        """What the model remembers about a device."""
        key = device_id if isinstance(device_id, Eui64) else Eui64.parse(device_id)
        found = self.state.histories.get(key)
        return found if found is not None else _NO_HISTORY

    def set_history(self, device_id: str | Eui64, state: MeterState) -> None:
        """Replace a device's history (scenario set-up without DUIS requests)."""
        key = device_id if isinstance(device_id, Eui64) else Eui64.parse(device_id)
        self.state.histories[key] = state

    def install_comms_hub(
        self, *, smets_version: SmetsVersion = SmetsVersion.SMETS1, model_id: str | None = None
    ) -> Eui64:
        """Set-up: a commissioned comms hub function (of a DMVES model, or a generic one)."""
        if model_id is not None:
            return self.install_device(model_id)
        entry = self._cpl_row(
            CplEntry(
                manufacturer="Illustrative Hubs",
                model=f"Generic {smets_version.value} hub",
                hardware_version="0001",
                firmware_version="00000001",
                device_type=DeviceType.CHF,
                smets_version=smets_version,
            )
        )
        hub = self._next_device_id()
        self.inventory.install(hub, entry, DeviceStatus.COMMISSIONED)
        return hub

    def install_device(self, model_id: str, *, hub: Eui64 | None = None) -> Eui64:
        """Set-up: a migrated, commissioned device of a DMVES model, joined to ``hub``.

        PPMIDs go through pre-notification and whitelisting so that the MP202 rules apply.
        """
        model = self.dmves.get(model_id)
        entry = CplEntry(
            manufacturer=model.manufacturer,
            model=model.model,
            hardware_version=model.hardware_version,
            firmware_version=model.firmware_version,
            device_type=model.device_type,
            smets_version=model.smets_version,
            dual_mode=model.bilingual,
        )
        device = self._next_device_id()
        if model.device_type is DeviceType.PPMID:
            entry, running = self._ppmid_rows(entry)
            self.inventory.prenotify(
                device,
                entry,
                model.smets_version,
                running_firmware=running,
                device_model_id=model.id,
                cohort=model.cohort,
            )
            if hub is not None:
                self.inventory.join_to_hub(device, hub)
            self.inventory.commission(device)
        else:
            self.inventory.install(
                device,
                self._cpl_row(entry),
                DeviceStatus.COMMISSIONED,
                comms_hub=hub,
                device_model_id=model.id,
                cohort=model.cohort,
            )
        return device

    def _ppmid_rows(self, entry: CplEntry) -> tuple[CplEntry, str | None]:
        """The CPL rows of a PPMID model; for a dual-mode one, both SMETS versions' rows.

        Enduring (MP202-CPL-DUAL-ROWS): the SMETS1 and SMETS2+ rows share the real firmware
        version. Tactical (MP202-TACTICAL-DIFF-FW): the SMETS2+ row has the real firmware and the
        SMETS1 row a made-up one (model decision M-TACTICAL-MADE-UP-FIRMWARE), while the device
        runs the real firmware.
        """
        if not entry.dual_mode or entry.smets_version is not SmetsVersion.SMETS1:
            return self._cpl_row(entry), None
        real = entry.firmware_version
        self._cpl_row(replace(entry, smets_version=SmetsVersion.SMETS2))
        if self.baseline.mp202 == "enduring":
            return self._cpl_row(entry), None
        made_up = ("E" if real[:1] == "F" else "F") + real[1:]
        return self._cpl_row(replace(entry, firmware_version=made_up)), real

    def _cpl_row(self, entry: CplEntry) -> CplEntry:
        found = self.cpl.find(
            entry.manufacturer,
            entry.model,
            entry.hardware_version,
            entry.firmware_version,
            entry.device_type,
            entry.smets_version,
        )
        return found if found is not None else self.cpl.add(entry)

    def _next_device_id(self) -> Eui64:
        self.state.allocated += 1
        return Eui64(_DEVICE_ID_BASE + self.state.allocated)

    def migrate(self, candidate: MigrationCandidate) -> MigrationResult:
        """Set-up: run the TMAD checks on a SMETS1 installation at the model's clock.

        The checks are those of the baseline's TMAD version (``A-TMAD-BASELINE``): the gas meter
        and hub window of ``TMAD-GAS-72H`` and the iGT check of ``TMAD-IGT-CERT-REMOVED``.
        Migration is not a DUIS request, so a live target has no such capability.
        """
        return check_migration(candidate, now=self.clock.now(), s1sr=self.baseline.s1sr)

    def device_model_of(self, device_id: Eui64) -> DeviceModel | None:
        """The DMVES model of an inventory device, if it has one."""
        device = self.inventory.get(device_id)
        if device.device_model_id is None:
            return None
        return self.dmves.get(device.device_model_id)

    # -- the DUIS interface -------------------------------------------------------------------

    def handle(self, request_xml: bytes) -> Exchange:
        """Answer one DUIS Service Request."""
        now = self.clock.now()
        try:
            outcome = self._answer(request_xml, now)
        except _RefusalError as refusal:
            if refusal.srv is None:
                return Exchange(request_xml, b"", (), (refusal.reason,), http_status=400)
            reply = replies.error_response(
                refusal.request_id,
                code=refusal.code,
                now=now,
                service_reference=refusal.service_reference,
                srv=refusal.srv,
            )
            return Exchange(request_xml, reply, (), (refusal.reason,))
        deliveries = tuple(Delivery(xml, now) for xml in outcome.deliveries)
        return Exchange(request_xml, outcome.reply, deliveries, outcome.notes)

    def _answer(self, request_xml: bytes, now: datetime) -> handling.Outcome:
        request = self._accepted_request(request_xml)
        entry = catalogue().get(request.srv)
        variant = request.command_variant
        if variant == 4:
            self._check_device(request)
            self.state.pending[str(request.request_id)] = _Pending(request, now)
            return handling.Outcome(replies.precommand_response(request, now=now))
        body_request = request
        if variant in _CRITICAL_EXECUTE:
            pending = self.state.pending.pop(str(request.request_id), None)
            if pending is None:
                raise _RefusalError.of(
                    request,
                    handling.INVALID_REQUEST,
                    f"no PreCommand was issued for RequestID {request.request_id}",
                )
            body_request = pending.request
        device = self._check_device(request) if not entry.non_device else None
        handler = handling.HANDLERS.get(request.srv)
        if handler is None:
            raise _RefusalError.of(
                request,
                handling.NOT_IMPLEMENTED,
                f"the reference model does not implement SRV {request.srv} ({entry.name})",
            )
        context = handling.Context(
            request=request,
            body_request=body_request,
            baseline=self.baseline,
            now=now,
            device=self.inventory.get(device) if device is not None else None,
            device_model=self.device_model_of(device) if device is not None else None,
            state=self.history(device) if device is not None else _NO_HISTORY,
            model=self,
        )
        outcome = handler(context)  # handlers register on import of harness.model.handlers
        if device is not None and context.new_state is not None:
            self.state.histories[device] = context.new_state
        return outcome

    def _accepted_request(self, request_xml: bytes) -> Request:
        try:
            root = parse_bytes(request_xml, "request")
        except InputError as exc:
            raise _RefusalError(
                None, handling.INVALID_REQUEST, f"request not accepted: {exc}"
            ) from None
        schema = self.schema_set.lxml_schema()
        if not schema.validate(root):  # the full report only for a request that fails
            report = self.validator.report(root, "request", schema.error_log)
            reason = "schema: " + "; ".join(str(p) for p in report.problems[:3])
            raise _RefusalError.from_root(root, handling.INVALID_REQUEST, reason)
        try:
            request = Request.from_valid(root, "request", adopt=True)  # the model's own tree
        except MessageError as exc:
            raise _RefusalError.from_root(root, handling.INVALID_REQUEST, str(exc)) from None
        entry = catalogue().get(request.srv)
        signed_precommand = request.body_element == "SignedPreCommand"
        if signed_precommand != (request.command_variant in _CRITICAL_EXECUTE):
            raise _RefusalError.of(
                request,
                handling.INVALID_REQUEST,
                "CommandVariants 5, 6 and 7 carry a SignedPreCommand body, and only they do "
                f"(got CommandVariant {request.command_variant} with {request.body_element})",
            )
        try:
            body_entry = (
                entry if signed_precommand else catalogue().by_body_element(request.body_element)
            )
        except UnknownServiceError as exc:
            raise _RefusalError.of(request, handling.INVALID_REQUEST, str(exc)) from None
        if body_entry.srv != entry.srv:
            raise _RefusalError.of(
                request,
                handling.INVALID_REQUEST,
                f"body {request.body_element} belongs to SRV {body_entry.srv}, not {entry.srv}",
            )
        if not entry.allows(request.command_variant):
            raise _RefusalError.of(
                request,
                handling.VARIANT_NOT_ALLOWED,
                f"CommandVariant {request.command_variant} not allowed for SRV {entry.srv}",
            )
        originator = request.request_id.originator
        role = self.users.get(originator)
        if role is None:
            raise _RefusalError.of(
                request, handling.UNKNOWN_ORIGINATOR, f"unknown DCC User {originator}"
            )
        if role not in entry.eligible_roles:
            raise _RefusalError.of(
                request,
                handling.ROLE_NOT_ELIGIBLE,
                f"role {role} is not eligible for SRV {entry.srv} (eligible: "
                f"{', '.join(entry.eligible_roles)})",
            )
        if request.command_variant not in _CRITICAL_EXECUTE:
            try:
                self.state.counters.accept(originator, request.request_id.counter)
            except CounterError as exc:
                raise _RefusalError.of(request, handling.COUNTER_NOT_INCREASING, str(exc)) from None
        if entry.non_device and request.request_id.target != _DCC:
            raise _RefusalError.of(
                request,
                handling.INVALID_REQUEST,
                f"non-device SRV {entry.srv} must target the DCC ({DCC_ACCESS_CONTROL_BROKER})",
            )
        return request

    def _check_device(self, request: Request) -> Eui64:
        from harness.model.inventory import UnknownDeviceError

        target = request.request_id.target
        try:
            device = self.inventory.get(target)
        except UnknownDeviceError:
            raise _RefusalError.of(
                request, handling.UNKNOWN_DEVICE, f"device {target} is not in the SMI"
            ) from None
        if not device.targetable:
            # MP202-TACTICAL-WRONG-INSTALLATION: a PPMID joined to an installation of the other
            # SMETS version cannot be the target of any Service Request.
            raise _RefusalError.of(
                request,
                handling.DEVICE_NOT_TARGETABLE,
                f"device {target} cannot be the target of Service Requests (MP202 tactical rule)",
            )
        return target


_DCC = Eui64.parse(DCC_ACCESS_CONTROL_BROKER)


class _RefusalError(HarnessError):
    """DCC refuses the request before any device is involved."""

    def __init__(
        self,
        request_id: RequestId | None,
        code: str,
        reason: str,
        service_reference: str | None = None,
        srv: str | None = None,
    ) -> None:
        self.request_id = request_id
        self.code = code
        self.reason = reason
        self.service_reference = service_reference
        self.srv = srv
        super().__init__(reason)

    @classmethod
    def of(cls, request: Request, code: str, reason: str) -> _RefusalError:
        return cls(request.request_id, code, reason, request.service_reference, request.srv)

    @classmethod
    def from_root(cls, root: etree._Element, code: str, reason: str) -> _RefusalError:
        """A refusal for a request only partly readable (RequestID and SRV if they parse)."""
        return cls(_request_id_of(root), code, reason, None, _srv_of(root))


def _header_text(root: etree._Element, name: str) -> str | None:
    found = root.find(f"{{{SR}}}Header/{{{SR}}}{name}")
    return found.text.strip() if found is not None and found.text else None


def _request_id_of(root: etree._Element) -> RequestId | None:
    text = _header_text(root, "RequestID")
    try:
        return RequestId.parse(text) if text else None
    except HarnessError:
        return None


def _srv_of(root: etree._Element) -> str | None:
    text = _header_text(root, "ServiceReferenceVariant")
    try:
        return catalogue().get(text).srv if text else None
    except UnknownServiceError:
        return None
