"""What the reference model remembers about a device between requests.

Several S1SR rules depend on history (has a tariff or payment-mode update ever completed, has
a billing calendar been set, has credit led to payment-based debt recovery) and on state
(firmware running or being upgraded). The state is a frozen value changed only through the
named transitions below; per assumption A-HISTORY-PER-DEVICE only successful operations count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.duis.messages import Request
    from harness.model.handlers.prepayment_values import DebtConfiguration, PrepayConfiguration
    from harness.model.replies_mmc import TariffSeason


@dataclass(frozen=True)
class MeterState:
    """History and state of one device."""

    tariff_updated: bool = False
    payment_mode_updated: bool = False
    billing_calendar_set: bool = False
    credit_added: bool = False
    payment_debt_recovered: bool = False
    debt_updated: bool = False
    firmware_pending: str | None = None
    firmware_upgrade_started: datetime | None = None

    def after_tariff_update(self) -> MeterState:
        """An Update Import Tariff completed."""
        return replace(self, tariff_updated=True)

    def after_payment_mode_update(self) -> MeterState:
        """An Update Payment Mode completed."""
        return replace(self, payment_mode_updated=True)

    def after_billing_calendar(self) -> MeterState:
        """A billing calendar was set on the device."""
        return replace(self, billing_calendar_set=True)

    def after_credit(self, *, recovers_debt: bool) -> MeterState:
        """Credit was added; ``recovers_debt`` when payment-based debt recovery took some of it."""
        return replace(
            self,
            credit_added=True,
            payment_debt_recovered=self.payment_debt_recovered or recovers_debt,
        )

    def after_debt_update(self) -> MeterState:
        """An Update Debt (2.3) completed."""
        return replace(self, debt_updated=True)

    def with_firmware_upgrade(self, version: str, started: datetime) -> MeterState:
        """A firmware image is being distributed to the device."""
        return replace(self, firmware_pending=version, firmware_upgrade_started=started)

    def without_firmware_upgrade(self) -> MeterState:
        """No firmware upgrade in progress any more (completed, stopped or failed)."""
        return replace(self, firmware_pending=None, firmware_upgrade_started=None)

    # --- firmware distribution and activation (handlers/firmware.py) ---------------------------

    #: The 11.1/11.4 request whose image awaits activation on the device (S1SR-18.65(d) reports
    #: a failure against it when a second upgrade on the same HAN stops it).
    firmware_request: Request | None = None
    #: SHA-256 (upper-case hex) of the image awaiting activation; 11.3 must name it.
    firmware_image_hash: str | None = None
    #: The firmware the device runs after an upgrade the model carried out (None: as the SMI says).
    firmware_running: str | None = None

    def with_firmware_distribution(
        self, version: str, started: datetime, request: Request, image_hash: str
    ) -> MeterState:
        """An image from ``request`` reached the device and awaits activation (11.3)."""
        pending = self.with_firmware_upgrade(version, started)
        return replace(pending, firmware_request=request, firmware_image_hash=image_hash)

    def after_firmware_activation(self) -> MeterState:
        """The image awaiting activation now runs; ValueError if none awaits."""
        if self.firmware_pending is None:
            raise ValueError("no firmware image awaits activation on this device")
        running = replace(self, firmware_running=self.firmware_pending)
        return running.after_firmware_abandoned()

    def after_firmware_abandoned(self) -> MeterState:
        """The upgrade in progress stopped or failed: no image awaits activation any more."""
        stopped = self.without_firmware_upgrade()
        return replace(stopped, firmware_request=None, firmware_image_hash=None)

    def after_firmware_installed(self, version: str) -> MeterState:
        """A firmware upgrade completed at once (a PPMID activating its own image)."""
        return replace(self.after_firmware_abandoned(), firmware_running=version)

    # --- readings and logs (handlers/logs_*.py) ----------------------------------------------

    #: When the meter took change-of-mode / tariff triggered billing snapshots (the 4.4.2 log).
    mode_or_tariff_snapshots: tuple[datetime, ...] = ()

    def with_mode_or_tariff_snapshot(self, at: datetime) -> MeterState:
        """A tariff or payment-mode update made the meter log a billing snapshot at ``at``."""
        return replace(self, mode_or_tariff_snapshots=(*self.mode_or_tariff_snapshots, at))

    # --- prepayment, top-up and debt (handlers/prepayment*.py) ---------------------------------

    #: What the last successful Update Prepay Configuration (2.1) set, non-disablement calendar
    #: included (S1SR-18.5(ee), 18.5(gg), 18.5(hh), 18.27(r)).
    prepay_configuration: PrepayConfiguration | None = None
    #: What the last successful Update Debt (2.3) set (S1SR-18.27(q), A-1827Q-READING).
    debt_configuration: DebtConfiguration | None = None
    #: The value in pence of the next UTRN request (2.2), given directly (A-SMETS1-UTRN-REQUEST).
    top_up_pence: int | None = None

    def with_prepay_configuration(self, configuration: PrepayConfiguration) -> MeterState:
        """An Update Prepay Configuration (2.1) completed with ``configuration``."""
        return replace(self, prepay_configuration=configuration)

    def with_debt_configuration(self, configuration: DebtConfiguration) -> MeterState:
        """An Update Debt (2.3) completed with ``configuration`` (see :meth:`after_debt_update`)."""
        return replace(self.after_debt_update(), debt_configuration=configuration)

    def with_top_up_value(self, pence: int) -> MeterState:
        """The next UTRN request (2.2) for the meter is for ``pence``."""
        return replace(self, top_up_pence=pence)

    def without_top_up_value(self) -> MeterState:
        """The top-up value was used by a UTRN request."""
        return replace(self, top_up_pence=None)

    # --- the tariff applied (handlers/logs_updates.py, logs_extra.py) ------------------------

    #: The fuel ("electricity" or "gas") and seasons of the last Update Import Tariff (1.1.1)
    #: applied, which Read Tariff (4.11.1) reports exactly as sent (S1SR-18.1(v),
    #: M-TARIFF-READ-BACK); None until one is applied.
    tariff_fuel: str | None = None
    tariff_seasons: tuple[TariffSeason, ...] | None = None

    def with_tariff(self, fuel: str, seasons: tuple[TariffSeason, ...]) -> MeterState:
        """An Update Import Tariff (1.1.1) applied a tariff for ``fuel`` with ``seasons``
        (see :meth:`after_tariff_update`)."""
        return replace(self.after_tariff_update(), tariff_fuel=fuel, tariff_seasons=seasons)

    #: The seasons of the last Update Import Tariff (Secondary Element, 1.1.2) applied to an
    #: electricity meter, which Read Tariff (Secondary Element, 4.11.2) reports as sent; None
    #: until one is applied. The primary and secondary elements are independent.
    secondary_tariff_seasons: tuple[TariffSeason, ...] | None = None

    def with_secondary_tariff(self, seasons: tuple[TariffSeason, ...]) -> MeterState:
        """An Update Import Tariff (Secondary Element, 1.1.2) applied ``seasons``; it is an
        Update Tariff for S1SR-18.17(i) too (see :meth:`after_tariff_update`)."""
        return replace(self.after_tariff_update(), secondary_tariff_seasons=seasons)
