"""The critical updates that the billing data logs depend on: 1.1.1, 1.1.2, 1.6 and 6.8.

Each is a Critical SRV: the facade answers CommandVariant 4 with a PreCommand, and these
handlers run for the signed request (CommandVariant 5, 6 or 7). The update always takes effect
on a meter (a successful operation in the sense of A-HISTORY-PER-DEVICE) and is recorded in
the device's history, where the log handlers find it (S1SR-18.17(i), S1SR-18.18(g)).
"""

from __future__ import annotations

from lxml import etree

from harness.model import replies
from harness.model.handlers.logs_answers import answered, meter_fuel, not_a_smets1_meter, refused
from harness.model.handling import Context, Outcome, handles
from harness.model.replies import Fuel
from harness.model.replies_mmc import TariffSeason

#: The element of the 1.1.1 body holding each fuel's tariff.
_TARIFF_ELEMENTS = {"ElecTariffElements": "electricity", "GasTariffElements": "gas"}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if isinstance(c.tag, str) and _local(c) == name), None)


def _text(element: etree._Element | None) -> str | None:
    return None if element is None else "".join(str(t) for t in element.itertext()).strip()


def _season(element: etree._Element) -> TariffSeason:
    """One ``sr:Season`` of the switching table, as sent."""
    start = _child(element, "SeasonStartDate")
    parts: list[tuple[str, str, str]] = []
    for part in start if start is not None else ():
        if not isinstance(part.tag, str):
            continue
        choice = next((c for c in part if isinstance(c.tag, str)), None)
        if choice is not None:
            parts.append((_local(part), _local(choice), _text(choice) or ""))
    return TariffSeason(
        name=_text(_child(element, "SeasonName")),
        start=tuple(parts),
        week=_text(_child(element, "ReferencedWeekName")),
    )


def tariff_sent(body: etree._Element) -> tuple[str, tuple[TariffSeason, ...]] | None:
    """The fuel and the seasons of an Update Import Tariff body, or None if it names neither
    an electricity nor a gas tariff (M-TARIFF-READ-BACK)."""
    for name, fuel in _TARIFF_ELEMENTS.items():
        tariff = _child(body, name)
        if tariff is None:
            continue
        table = _child(tariff, "SwitchingTable")
        seasons = _child(table, "Seasons") if table is not None else None
        found = [c for c in seasons if isinstance(c.tag, str)] if seasons is not None else []
        return fuel, tuple(_season(season) for season in found if _local(season) == "Season")
    return None


@handles("1.1.1")
def update_import_tariff(ctx: Context) -> Outcome:
    """1.1.1 Update Import Tariff (Primary Element): applied, acknowledged, then confirmed.

    S1SR-18.1(v): on a model the DMVES maps to 18.1(v) the tariff's seasons are not limited
    (s1sr_v11); the register sets no s1sr_v10 expectation (A-REMOVED-RESTRICTION-V10), so the
    model applies any schema-valid tariff under every baseline. S1SR-18.17(i): the update is
    remembered, and the meter logs a change-of-mode / tariff triggered billing snapshot (4.4.2).
    The tariff's fuel and seasons are remembered as sent, for Read Tariff (4.11.1) to report
    (M-TARIFF-READ-BACK).
    """
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    sent = tariff_sent(ctx.body_request.body.element())
    applied = ctx.state.with_tariff(*sent) if sent else ctx.state.after_tariff_update()
    state = applied.with_mode_or_tariff_snapshot(ctx.now)
    ctx.remember(state)
    return answered(ctx, replies.update_import_tariff_rsp())


def secondary_seasons_sent(body: etree._Element) -> tuple[TariffSeason, ...]:
    """The seasons of an Update Import Tariff (Secondary Element) body, as sent."""
    table = _child(body, "SwitchingTable")
    seasons = _child(table, "Seasons") if table is not None else None
    found = [c for c in seasons if isinstance(c.tag, str)] if seasons is not None else []
    return tuple(_season(season) for season in found if _local(season) == "Season")


@handles("1.1.2")
def update_import_tariff_secondary(ctx: Context) -> Outcome:
    """1.1.2 Update Import Tariff (Secondary Element): applied, acknowledged, then confirmed.

    The secondary element is an electricity tariff, so anything but a SMETS1 ESME is refused
    (E11, M-SECONDARY-ELEMENT). As for 1.1.1: S1SR-18.1(v) sets no limit on the seasons on a
    mapped model; S1SR-18.17(i) counts the update as an Update Tariff and the meter logs a
    change-of-mode / tariff triggered billing snapshot (4.4.2); the seasons are remembered as
    sent for Read Tariff (Secondary Element, 4.11.2) to report (M-TARIFF-READ-BACK).
    """
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    if meter_fuel(ctx) is not Fuel.ELECTRICITY:
        return refused(ctx, "SRV 1.1.2 updates the secondary element of an electricity meter")
    seasons = secondary_seasons_sent(ctx.body_request.body.element())
    state = ctx.state.with_secondary_tariff(seasons).with_mode_or_tariff_snapshot(ctx.now)
    ctx.remember(state)
    return answered(ctx, replies.update_import_tariff_secondary_rsp())


@handles("1.6")
def update_payment_mode(ctx: Context) -> Outcome:
    """1.6 Update Payment Mode: applied, acknowledged, then confirmed.

    S1SR-18.17(i): the update is remembered, and the meter logs a change-of-mode / tariff
    triggered billing snapshot (4.4.2).
    """
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    state = ctx.state.after_payment_mode_update().with_mode_or_tariff_snapshot(ctx.now)
    ctx.remember(state)
    return answered(ctx, replies.update_payment_mode_rsp())


@handles("6.8")
def update_billing_calendar(ctx: Context) -> Outcome:
    """6.8 Update Device Configuration (Billing Calendar): applied, acknowledged, confirmed.

    S1SR-18.18(g): the meter now has a billing calendar, so its billing calendar triggered
    billing data log (4.4.3) can be read. The model's meters take billing snapshots at local
    midnight on the first of each month whatever the calendar says (see ``logs_billing``).
    """
    refusal = not_a_smets1_meter(ctx)
    if refusal is not None:
        return refusal
    ctx.remember(ctx.state.after_billing_calendar())
    return answered(ctx, replies.billing_calendar_rsp())
