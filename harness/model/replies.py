"""The DUIS responses and alerts the reference model sends, as complete documents.

Pure functions: each takes what it needs (the parsed :class:`~harness.duis.messages.Request`,
the model's ``now`` as an aware datetime, the values to report) and returns the UTF-8 bytes of
a complete document, valid under the bundled schema set and the official DUIS 5.4 schema.
Nothing here reads the real clock, and no reply depends on an earlier one.

- DCC's own replies (:mod:`~harness.model.replies_dcc`): :func:`acknowledgement` (I99),
  :func:`error_response` (E-code, unsigned), :func:`success_response` (I0, optional payload),
  :func:`inventory_response` (8.2 Read Inventory) and :func:`precommand_response` (CV 4).
- The S1SP's answers (:mod:`~harness.model.replies_smets1`): :func:`smets1_response`, whose
  ``…Rsp`` data the builders make: updates and firmware in :mod:`~harness.model.replies_mmc`,
  billing, daily read and profile logs with their typed values in
  :mod:`~harness.model.replies_logs`.
- Alerts (:mod:`~harness.model.replies_alerts`): :func:`s1sp_alert`, :func:`dcc_alert`,
  :func:`firmware_distribution_failure`, :func:`ppmid_firmware_activation`,
  :func:`device_alert`, :func:`smets1_device_alert`.
- Shared (:mod:`~harness.model.replies_envelope`): :func:`placeholder_signature`, the one
  source of signatures until real signing arrives.
"""

from __future__ import annotations

from harness.model.replies_alerts import (
    FIRMWARE_ACTIVATED,
    FIRMWARE_NOT_ACTIVATED,
    dcc_alert,
    device_alert,
    firmware_distribution_failure,
    ppmid_firmware_activation,
    s1sp_alert,
    smets1_device_alert,
)
from harness.model.replies_dcc import (
    PRECOMMAND_GBCS_VERSION,
    RESPONSE_PAYLOADS,
    InventoryRecord,
    acknowledgement,
    error_response,
    inventory_response,
    precommand_payload,
    precommand_response,
    success_response,
)
from harness.model.replies_envelope import (
    DCC,
    PLACEHOLDER_DCC_ALERT_CODE,
    PLACEHOLDER_VALUE,
    S1SP,
    SCHEMA_VERSION,
    placeholder_signature,
    xs_timestamp,
)
from harness.model.replies_logs import (
    DebtPayment,
    ElecRegisters,
    Fuel,
    GasRegisters,
    Interval,
    PrepaymentEntry,
    RegisterEntry,
    active_import_profile_rsp,
    billing_calendar_log_rsp,
    com_or_tariff_billing_log_rsp,
    debt_payments_rsp,
    export_profile_rsp,
    import_daily_read_log_rsp,
    intervals,
    reactive_import_profile_rsp,
)
from harness.model.replies_mmc import (
    ActivationStatus,
    activate_firmware_rsp,
    billing_calendar_rsp,
    minimal_rsp,
    read_firmware_version_rsp,
    top_up_device_rsp,
    update_debt_rsp,
    update_han_device_log_rsp,
    update_import_tariff_rsp,
    update_import_tariff_secondary_rsp,
    update_payment_mode_rsp,
    update_prepay_configuration_rsp,
)
from harness.model.replies_smets1 import mmc_header, smets1_response

__all__ = [
    "DCC",
    "FIRMWARE_ACTIVATED",
    "FIRMWARE_NOT_ACTIVATED",
    "PLACEHOLDER_DCC_ALERT_CODE",
    "PLACEHOLDER_VALUE",
    "PRECOMMAND_GBCS_VERSION",
    "RESPONSE_PAYLOADS",
    "S1SP",
    "SCHEMA_VERSION",
    "ActivationStatus",
    "DebtPayment",
    "ElecRegisters",
    "Fuel",
    "GasRegisters",
    "Interval",
    "InventoryRecord",
    "PrepaymentEntry",
    "RegisterEntry",
    "acknowledgement",
    "activate_firmware_rsp",
    "active_import_profile_rsp",
    "billing_calendar_log_rsp",
    "billing_calendar_rsp",
    "com_or_tariff_billing_log_rsp",
    "dcc_alert",
    "debt_payments_rsp",
    "device_alert",
    "error_response",
    "export_profile_rsp",
    "firmware_distribution_failure",
    "import_daily_read_log_rsp",
    "intervals",
    "inventory_response",
    "minimal_rsp",
    "mmc_header",
    "placeholder_signature",
    "ppmid_firmware_activation",
    "precommand_payload",
    "precommand_response",
    "reactive_import_profile_rsp",
    "read_firmware_version_rsp",
    "s1sp_alert",
    "smets1_device_alert",
    "smets1_response",
    "success_response",
    "top_up_device_rsp",
    "update_debt_rsp",
    "update_han_device_log_rsp",
    "update_import_tariff_rsp",
    "update_import_tariff_secondary_rsp",
    "update_payment_mode_rsp",
    "update_prepay_configuration_rsp",
    "xs_timestamp",
]
