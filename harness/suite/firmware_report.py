"""What the supplier was told about one device named in a firmware upgrade, and what a later
Read Firmware Version showed.

A failure is any form assumption A-FAILURE-FORM accepts: an error reply, a
FirmwareDistributionFailure alert naming the device, an ActivationFailure from the PPMID, an
S1SP alert or an error response for the upgrade's RequestID. Where a clause leaves the outcome
open (S1SR-18.63(d), S1SR-18.65(e)), :func:`uncertain_outcome` accepts either a reported success
the device's firmware then shows, or a reported failure it does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from harness.duis.identifiers import Eui64, RequestId
from harness.duis.messages import Message
from harness.duis.responses import DCCAlertMessage, Response
from harness.duis.smets1 import S1SPAlert
from harness.suite.observations import observe
from harness.user import Dialogue

__all__ = ["FirmwareReport", "firmware_read", "firmware_report", "uncertain_outcome"]


@dataclass(frozen=True)
class FirmwareReport:
    """What the supplier was told about one device named in a firmware upgrade."""

    device: Eui64
    reply_code: str | None
    activation: str | None = None
    distribution_failed: bool = False
    #: S1SP alerts and error responses for the request.
    alerts: tuple[str, ...] = ()

    @property
    def failures(self) -> tuple[str, ...]:
        """Every failure form seen for the device (assumption A-FAILURE-FORM)."""
        forms = [f"error reply {self.reply_code}"] if _is_error(self.reply_code) else []
        if self.distribution_failed:
            forms.append("FirmwareDistributionFailure naming the device")
        if self.activation == "ActivationFailure":
            forms.append("ActivationFailure from the PPMID")
        return (*forms, *self.alerts)

    @property
    def refused(self) -> bool:
        """DCC did not take the upgrade on for the device (an activation failure comes after)."""
        refusals = (_is_error(self.reply_code), self.distribution_failed, bool(self.alerts))
        return self.reply_code is None or any(refusals)

    def summary(self) -> str:
        """One line for assertion messages and the report."""
        failures = ", ".join(self.failures) or "none"
        return (
            f"{self.device}: reply {self.reply_code}; activation {self.activation or 'none'}; "
            f"failures: {failures}"
        )


def firmware_report(
    dialogue: Dialogue, device: Eui64, request_id: RequestId | None = None
) -> FirmwareReport:
    """What the dialogue's messages told the supplier about ``device``: for the dialogue's own
    upgrade (with its reply code), or for an earlier upgrade's ``request_id`` (no reply).

    Distribution failures, S1SP alerts and error responses count only for the RequestID they
    name; a PPMID's activation alert carries no RequestID, so it counts for whichever upgrade
    is asked about, as long as it names the device.
    """
    messages = tuple(m for exchange in dialogue.exchanges for m in exchange.messages())
    if request_id is not None:
        return _report(device, request_id, None, messages)
    exchange = dialogue.final
    reply = exchange.reply().response_code if exchange.reply_xml else None
    return _report(device, dialogue.request.request_id, reply, messages)


def _is_error(code: str | None) -> bool:
    return code is not None and code.startswith("E")


def _names(text: str | None, device: Eui64) -> bool:
    return str(device) in re.split(r"[,\s]+", (text or "").upper())


def _report(
    device: Eui64, request_id: RequestId, reply: str | None, messages: Iterable[Message]
) -> FirmwareReport:
    """Sort the messages about ``request_id`` and ``device`` into a :class:`FirmwareReport`."""
    activation, failed, alerts = None, False, []
    for message in messages:
        alert = message if isinstance(message, S1SPAlert) else None
        body = message.body if isinstance(message, Response) else None
        if isinstance(body, DCCAlertMessage):
            alert = body.s1sp_alert
            fragment = body.alert
            if body.alert_kind == "FirmwareDistributionFailure":
                ours = fragment.text_of("UpdateFirmwareRequestID") == str(request_id)
                failed = failed or (ours and _names(fragment.text_of("MeterIDs"), device))
            elif body.alert_kind == "PPMIDAlert" and _names(fragment.text_of("DeviceID"), device):
                path = "PPMIDFirmwareUpgradeAlert/ActivateImageResultCode"
                activation = fragment.text_of(path) or activation
        elif (
            isinstance(message, Response) and message.request_id == request_id and message.is_error
        ):
            alerts.append(f"error response {message.response_code}")
        if alert is not None and alert.request_id == request_id:
            alerts.append(f"S1SP alert {alert.s1sp_alert_code}")
    return FirmwareReport(device, reply, activation, failed, tuple(alerts))


def firmware_read(dialogue: Dialogue) -> str | None:
    """The FirmwareVersion a SMETS1 Read Firmware Version response carried, if one arrived."""
    for response in observe(dialogue).smets1_responses:
        data = response.response_data
        if data is not None and data.local_name == "ReadFirmwareVersionRsp":
            return data.text_of("FirmwareVersion")
    return None


def uncertain_outcome(
    report: FirmwareReport, read: str | None, upgraded_to: str
) -> tuple[bool, str]:
    """Whether an upgrade to ``upgraded_to`` ended in an outcome S1SR-18.63(d) / 18.65(e) allow
    (given what a later read showed), and what was seen."""
    shown = f"a later read shows {read}" if read else "a later read gives no version"
    succeeded = report.activation == "ActivationSuccess"
    if succeeded and report.failures:
        return False, f"success and failure both reported ({report.summary()})"
    if succeeded:
        return read == upgraded_to, f"the upgrade succeeded: ActivationSuccess, {shown}"
    if report.failures:
        told = ", ".join(report.failures)
        return (
            read != upgraded_to,
            f"the upgrade failed and the supplier was told ({told}); {shown}",
        )
    return False, f"no outcome reported ({report.summary()})"
