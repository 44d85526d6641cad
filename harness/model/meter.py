"""What the reference model remembers about a device between requests.

Several S1SR rules depend on history (has a tariff or payment-mode update ever completed, has
a billing calendar been set, has credit led to payment-based debt recovery) and on state
(firmware running or being upgraded). The state is a frozen value changed only through the
named transitions below; per assumption A-HISTORY-PER-DEVICE only successful operations count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime


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
