"""SRV handlers: prepayment configuration, top-up and debt (2.1, 2.2, 2.3, 4.13).

The S1SP answers for a SMETS1 meter: DCC acknowledges the request (``I99``) and the
S1SP-signed response, or an S1SP alert, follows at once on the virtual clock (M-IMMEDIATE).
Register entries implemented here:

- ``S1SR-18.5(ee)``, ``S1SR-18.5(gg)``: a non-disablement calendar (2.1) with seasons or
  schedules starting and ending on any schema-valid date is applied, and 4.13 reports it;
- ``S1SR-18.5(hh)``: on a mapped model an electricity schedule ending 31/12/3000 has no end
  (:func:`non_disablement_in_force`);
- ``S1SR-18.27(r)``: on a mapped model the end date 31/12/3000 is reported by 4.13 as the day
  before the schedule's start date (A-1827R-RESPONSE: 2.1's response carries no date);
- ``S1SR-18.6(b)``: on a mapped model a UTRN request (2.2) not in whole pounds gets the S1SP
  alert :data:`PART_POUND_TOP_UP_ALERT_CODE` and no UTRN (A-SMETS1-UTRN-REQUEST: the value is
  given to the model directly, :func:`set_top_up_value`);
- ``SSD-UTRN-BY-S1SP``: a served UTRN request is answered by the S1SP, in its signed response;
- ``S1SR-18.27(q)``: 4.13 reports the debt recovery rate period only once an Update Debt (2.3)
  has completed, and then the one it set (A-1827Q-READING, A-HISTORY-PER-DEVICE).

Clauses the register defines under ``s1sr_v11`` only act under that baseline
(M-PREPAY-V11-CLAUSES); models the DMVES does not map to a clause behave normally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from lxml import etree

from harness.duis.identifiers import Eui64
from harness.duis.namespaces import sr
from harness.model import handling, replies
from harness.model.baselines import Baseline
from harness.model.devices import DeviceType, SmetsVersion
from harness.model.dmves import DeviceModel
from harness.model.handlers.prepayment_calendar import (
    ElectricityCalendar,
    ElectricitySchedule,
    Fuel,
)
from harness.model.handlers.prepayment_rsp import read_prepayment_configuration_rsp
from harness.model.handlers.prepayment_values import (
    debt_configuration_from,
    prepay_configuration_from,
)
from harness.model.handling import Context, Outcome, handles

if TYPE_CHECKING:
    from harness.model.reference import ReferenceModel

__all__ = [
    "DEFAULT_TOP_UP_PENCE",
    "PART_POUND_TOP_UP_ALERT_CODE",
    "non_disablement_in_force",
    "set_top_up_value",
]

#: The S1SPAlertCode of a UTRN request refused by S1SR-18.6(b). The seeds name no code and the
#: register checks only that an S1SP alert answers (M-UTRN-PART-POUND-ALERT); this value is the
#: model's own and deliberately unlike a published S1SP code.
PART_POUND_TOP_UP_ALERT_CODE = "S1SP-UTRN-NOT-WHOLE-POUNDS"

#: The value of a UTRN request when the scenario gave none (£10, whole pounds).
DEFAULT_TOP_UP_PENCE = 1000

_FUELS: dict[DeviceType, Fuel] = {DeviceType.ESME: "electricity", DeviceType.GSME: "gas"}


# --- capabilities a live target does not have ---------------------------------------------------


def set_top_up_value(model: ReferenceModel, device: Eui64 | str, pence: int) -> None:
    """Set-up: the next UTRN request (2.2) for ``device`` is for ``pence`` (A-SMETS1-UTRN-REQUEST:
    DUIS 5.4 carries no value in 2.2, so the model takes it directly; used once)."""
    if isinstance(pence, bool) or not isinstance(pence, int) or pence <= 0:
        raise ValueError(f"'pence' must be a positive whole number of pence (got {pence!r})")
    key = device if isinstance(device, Eui64) else Eui64.parse(device)
    model.inventory.get(key)  # UnknownDeviceError for a device the SMI does not hold
    model.set_history(key, model.history(key).with_top_up_value(pence))


def non_disablement_in_force(
    model: ReferenceModel, device: Eui64 | str, on: date
) -> tuple[ElectricitySchedule, ...]:
    """The electricity non-disablement schedules of ``device`` in force on ``on``.

    ``S1SR-18.5(hh)``: on a mapped model a schedule ending 31/12/3000 continues indefinitely;
    elsewhere that end date is an ordinary (far) date. Gas calendars have no end dates: ().
    """
    key = device if isinstance(device, Eui64) else Eui64.parse(device)
    configuration = model.history(key).prepay_configuration
    if configuration is None or not isinstance(configuration.calendar, ElectricityCalendar):
        return ()
    open_ended = _clause_applies(model.baseline, model.device_model_of(key), "18.5(hh)")
    schedules = configuration.calendar.schedules
    return tuple(s for s in schedules if s.in_force(on, open_ended=open_ended))


# --- handlers -----------------------------------------------------------------------------------


@handles("2.1")
def update_prepay_configuration(ctx: Context) -> Outcome:
    """2.1 Update Prepay Configuration, executed on CommandVariant 5-7 with the CV 4 body.

    ``S1SR-18.5(ee)``, ``S1SR-18.5(gg)``: no device-specific limit on season or schedule dates
    (none is invented under ``s1sr_v10`` either: the register gives it no size,
    A-REMOVED-RESTRICTION-V10). The configuration is remembered for 4.13 and for
    ``S1SR-18.5(hh)``; a configuration for the other fuel fails (M-PREPAY-FUEL-MISMATCH).
    """
    refused = _refusal(ctx)
    if refused is not None:
        return refused
    fuel = _fuel(ctx)
    body = ctx.body_request.body.element()
    configuration = prepay_configuration_from(body)
    if configuration.fuel != fuel:
        failed = replies.update_prepay_configuration_rsp(success=False)
        return _answered(ctx, failed, (_mismatch(configuration.fuel, fuel),))
    ctx.remember(ctx.state.with_prepay_configuration(configuration))
    return _answered(ctx, replies.update_prepay_configuration_rsp(), _execution_notes(body))


@handles("2.2")
def top_up_device(ctx: Context) -> Outcome:
    """2.2 Top Up Device: a UTRN request for a SMETS1 meter, served by the S1SP.

    ``S1SR-18.6(b)``: on a mapped model (``s1sr_v11``) a value not in whole pounds gets an S1SP
    alert and no UTRN. ``SSD-UTRN-BY-S1SP``: otherwise the S1SP's signed response answers and
    credit is added; payment-based debt is recovered when the last Update Debt configured a
    payment debt with a per-payment recovery rate (M-PAYMENT-DEBT-RECOVERY).
    """
    refused = _refusal(ctx)
    if refused is not None:
        return refused
    pence = ctx.state.top_up_pence or DEFAULT_TOP_UP_PENCE
    state = ctx.state.without_top_up_value()
    if pence % 100 and _clause_applies(ctx.baseline, ctx.device_model, "18.6(b)"):
        ctx.remember(state)
        reason = f"top-up of {pence} pence is not a whole number of pounds (S1SR-18.6(b))"
        alert = replies.s1sp_alert(
            ctx.request,
            now=ctx.now,
            code=PART_POUND_TOP_UP_ALERT_CODE,
            additional_information=reason,
        )
        return Outcome(replies.acknowledgement(ctx.request, now=ctx.now), (alert,), (reason,))
    debt = state.debt_configuration
    ctx.remember(state.after_credit(recovers_debt=debt is not None and debt.recovers_from_payments))
    return _answered(ctx, replies.top_up_device_rsp(), (f"UTRN issued for {pence} pence",))


@handles("2.3")
def update_debt(ctx: Context) -> Outcome:
    """2.3 Update Debt, executed on CommandVariant 5-7 with the CV 4 body.

    Records the completed update (``after_debt_update``) and its settings, which 4.13 reports
    (``S1SR-18.27(q)``, A-1827Q-READING); a debt for the other fuel fails and changes nothing,
    so it does not make the period dependable (M-PREPAY-FUEL-MISMATCH).
    """
    refused = _refusal(ctx)
    if refused is not None:
        return refused
    fuel = _fuel(ctx)
    configuration = debt_configuration_from(ctx.body_request.body.element())
    if configuration.fuel != fuel:
        failed = replies.update_debt_rsp(success=False)
        return _answered(ctx, failed, (_mismatch(configuration.fuel, fuel),))
    ctx.remember(ctx.state.with_debt_configuration(configuration))
    return _answered(ctx, replies.update_debt_rsp())


@handles("4.13")
def read_prepayment_configuration(ctx: Context) -> Outcome:
    """4.13 Read Prepayment Configuration: what the last successful 2.1 and 2.3 set.

    ``S1SR-18.27(r)``: on a mapped model (``s1sr_v11``) a schedule end date of 31/12/3000 is
    reported as the day before the schedule's start (the schedule still has no end,
    ``S1SR-18.5(hh)``). ``S1SR-18.27(q)``: the debt recovery rate period appears only after a
    successful Update Debt. What no request set is left out (M-PREPAY-READ-UNSET).
    """
    refused = _refusal(ctx)
    if refused is not None:
        return refused
    fuel = _fuel(ctx)
    prepay = ctx.state.prepay_configuration
    if (
        prepay is not None
        and isinstance(prepay.calendar, ElectricityCalendar)
        and _clause_applies(ctx.baseline, ctx.device_model, "18.27(r)")
    ):
        prepay = replace(prepay, calendar=prepay.calendar.reported_with_day_before_start())
    data = read_prepayment_configuration_rsp(fuel, prepay=prepay, debt=ctx.state.debt_configuration)
    return _answered(ctx, data)


# --- shared -------------------------------------------------------------------------------------


def _clause_applies(baseline: Baseline, device_model: DeviceModel | None, clause: str) -> bool:
    """Whether a clause the register defines under ``s1sr_v11`` only acts on this device model
    (M-PREPAY-V11-CLAUSES: under ``s1sr_v10`` mapped models behave as unmapped ones)."""
    if baseline.s1sr != "s1sr_v11" or device_model is None:
        return False
    return device_model.subject_to(clause)


def _refusal(ctx: Context) -> Outcome | None:
    """An error reply when the target is not a SMETS1 meter (M-PREPAY-TARGETS), else None."""
    device = ctx.device
    if device is not None and device.device_type in _FUELS:
        if device.smets_version is SmetsVersion.SMETS1:
            return None
        code = handling.NOT_IMPLEMENTED
        reason = f"the reference model answers SRV {ctx.request.srv} for SMETS1 meters only"
    else:
        kind = "no device" if device is None else f"a {device.device_type.value}"
        code = handling.INVALID_REQUEST
        reason = f"SRV {ctx.request.srv} must target an ESME or GSME (got {kind})"
    reply = replies.error_response(
        ctx.request.request_id,
        code=code,
        now=ctx.now,
        service_reference=ctx.request.service_reference,
        srv=ctx.request.srv,
    )
    return Outcome(reply, notes=(reason,))


def _fuel(ctx: Context) -> Fuel:
    """The target meter's fuel (call after :func:`_refusal` found none)."""
    if ctx.device is None or ctx.device.device_type not in _FUELS:
        raise ValueError(f"SRV {ctx.request.srv}: the target is not a meter")
    return _FUELS[ctx.device.device_type]


def _answered(ctx: Context, data: etree._Element, notes: Sequence[str] = ()) -> Outcome:
    """DCC's acknowledgement, then the S1SP's signed response carrying ``data``."""
    response = replies.smets1_response(ctx.request, now=ctx.now, data=data)
    return Outcome(replies.acknowledgement(ctx.request, now=ctx.now), (response,), tuple(notes))


def _mismatch(sent: Fuel, meter: Fuel) -> str:
    return f"the request's settings are for {sent} but the meter is {meter}: not applied"


def _execution_notes(body: etree._Element) -> tuple[str, ...]:
    when = body.findtext(sr("ExecutionDateTime"))
    if when is None:
        return ()
    return (f"ExecutionDateTime {when.strip()} is not modelled: the configuration applies at once",)
