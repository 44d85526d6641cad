"""The reference model's readings and logs follow the register (S1SR 18.1, 18.17-18.24)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from lxml import etree

from harness.duis.bodies import (
    read_log,
    update_billing_calendar,
    update_debt,
    update_import_tariff,
    update_import_tariff_secondary,
)
from harness.duis.identifiers import Eui64
from harness.duis.messages import DCCAlertMessage, Response, S1SPAlert, SMETS1ResponseMessage
from harness.duis.namespaces import RA, SR, sr
from harness.model import consumption
from harness.model.baselines import Baseline
from harness.model.devices import DeviceType
from harness.model.dmves import Dmves, load_dmves
from harness.model.handling import HANDLERS
from harness.model.meter import MeterState
from harness.model.reference import ReferenceModel
from harness.user import DccUser, Dialogue
from tests.model.conftest import ModelFactory, assert_valid

NS = {"sr": SR, "ra": RA}
V10, V11 = "s1sr_v10", "s1sr_v11+mp202_enduring"
ENERGY_SUPPLIER = "90-B3-D5-1F-30-02-00-00"


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    """A UTC instant."""
    return datetime(year, month, day, hour, tzinfo=UTC)


def kwh(block_1: int) -> tuple[Decimal, ...]:
    """Gas block counters with ``block_1`` kWh in block 1 and none in blocks 2 to 4."""
    return (Decimal(block_1), Decimal(0), Decimal(0), Decimal(0))


def elements(node: etree._Element, path: str) -> list[etree._Element]:
    """The elements the XPath ``path`` (prefixes sr, ra) reaches from ``node``."""
    found = node.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


# --- set-up and reading what came back ------------------------------------------------------------


@dataclass
class Setup:
    """A model, one meter of a DMVES model behind a SMETS1 hub, and the supplier."""

    model: ReferenceModel
    meter: Eui64
    supplier: DccUser

    def send(self, srv: str, body: etree._Element | None = None) -> Dialogue:
        """Send a request to the meter; everything emitted must be schema-valid."""
        dialogue = self.supplier.request(srv, device=self.meter, body=body)
        assert_valid(dialogue)
        return dialogue

    def read(self, srv: str, start: datetime, end: datetime) -> Dialogue:
        """Request a log or profile over ``[start, end]``."""
        return self.send(srv, body=read_log(srv, start, end))


SetupFactory = Callable[..., Setup]


@pytest.fixture
def setup(
    make_model: ModelFactory, supplier_for: Callable[[ReferenceModel], DccUser]
) -> SetupFactory:
    """Build a Setup for a device model id under a baseline (default s1sr_v11)."""

    def build(model_id: str, baseline: str = V11, dmves: Dmves | None = None) -> Setup:
        if dmves is None:
            model = make_model(baseline)
        else:
            model = ReferenceModel(baseline=Baseline.parse(baseline), dmves=dmves)
        if model.dmves.get(model_id).device_type is DeviceType.CHF:
            return Setup(model, model.install_comms_hub(model_id=model_id), supplier_for(model))
        meter = model.install_device(model_id, hub=model.install_comms_hub())
        return Setup(model, meter, supplier_for(model))

    return build


def with_outcome(clause: str, outcome: str) -> Dmves:
    """The sample DMVES with FOC-GSME-1's configured outcome for ``clause`` replaced."""
    sample = load_dmves()
    models = tuple(
        dataclasses.replace(m, outcomes={**m.outcomes, clause: outcome})
        if m.id == "FOC-GSME-1"
        else m
        for m in sample.models
    )
    return Dmves(models, sample.source, sample.sha256)


def responses(dialogue: Dialogue) -> list[Response]:
    """The SMETS1 responses delivered for the dialogue's request."""
    found = []
    for message in dialogue.final.messages():
        if isinstance(message, Response) and isinstance(message.body, SMETS1ResponseMessage):
            assert message.request_id == dialogue.request.request_id
            found.append(message)
    return found


def alerts(dialogue: Dialogue) -> list[S1SPAlert]:
    """The S1SP alerts delivered (in a DCC alert) for the dialogue's request."""
    found = []
    for message in dialogue.final.messages():
        if isinstance(message, Response) and isinstance(message.body, DCCAlertMessage):
            alert = message.body.s1sp_alert
            assert alert is not None
            assert alert.request_id == dialogue.request.request_id
            found.append(alert)
    return found


def rsp(dialogue: Dialogue) -> etree._Element:
    """The ``…Rsp`` element of the one SMETS1 response, after an I99, with no alert."""
    assert dialogue.final.reply().response_code == "I99"
    assert not alerts(dialogue)
    (response,) = responses(dialogue)
    assert isinstance(response.body, SMETS1ResponseMessage)
    data = response.body.signed_response.response_data
    assert data is not None
    return data.element()


def assert_timed_out(dialogue: Dialogue) -> None:
    """I99, then only the S1SP alert S1CE20 for the request (A-S1CE20-TIMEOUT)."""
    assert dialogue.final.reply().response_code == "I99"
    assert [a.s1sp_alert_code for a in alerts(dialogue)] == ["S1CE20"]
    assert not responses(dialogue)
    assert len(dialogue.final.deliveries) == 1


def assert_refused(dialogue: Dialogue) -> None:
    """A synchronous error response and nothing after it."""
    reply = dialogue.final.reply()
    assert reply.is_error, reply.response_code
    assert not dialogue.final.deliveries


@dataclass(frozen=True)
class Row:
    """One log entry: its time stamp, consumption register and block counters."""

    stamp: str
    consumption: Decimal
    counters: tuple[Decimal, ...]


_CONSUMPTION = (
    "ConsumptionRegister",
    "ActiveImportRegisterConsumption",
    "ActiveImportRegisterValueConsumption",
    "GasActiveImportRegisterConsumption",
    "ElecActiveImportRegisterConsumption",
)
_COUNTERS = ("BlockRegisterMatrixValue", "TariffBlockCounterMatrix")


def rows(data: etree._Element, entry: str) -> list[Row]:
    """The entries ``entry`` (an XPath from the ``…Rsp``) as rows."""
    found = []
    for element in elements(data, entry):
        values = {etree.QName(e).localname: e.text for e in element.iter()}
        counters = [
            Decimal(str(e.text)) for e in element.iter() if etree.QName(e).localname in _COUNTERS
        ]
        (consumed,) = [Decimal(str(values[n])) for n in _CONSUMPTION if n in values]
        found.append(Row(str(values["Timestamp"]), consumed, tuple(counters)))
    return found


def history_after(setup: Setup, **fields: object) -> None:
    """Give the meter a history directly (a set-up capability of the model)."""
    setup.model.set_history(setup.meter, MeterState(**fields))  # type: ignore[arg-type]


# --- 1.1.1, 1.6, 6.8: the critical updates --------------------------------------------------------


@pytest.mark.parametrize(
    ("srv", "rsp_name", "recorded"),
    [
        ("1.1.1", "UpdateImportTariffPrimaryElementRsp", "tariff_updated"),
        ("1.6", "UpdatePaymentModeRsp", "payment_mode_updated"),
        ("6.8", "UpdateDeviceConfigurationBillingCalendarRsp", "billing_calendar_set"),
    ],
)
@pytest.mark.parametrize("model_id", ["FOC-ESME-1", "FOC-GSME-1", "IOC-GSME-1"])
def test_update_goes_through_the_precommand_and_is_confirmed(
    setup: SetupFactory, srv: str, rsp_name: str, recorded: str, model_id: str
) -> None:
    """A critical update is signed, acknowledged, confirmed by the S1SP and remembered."""
    s = setup(model_id)
    dialogue = s.send(srv)
    assert len(dialogue.exchanges) == 2
    assert etree.QName(rsp(dialogue)).localname == rsp_name
    assert getattr(s.model.history(s.meter), recorded)


def test_tariff_with_the_most_seasons_and_any_start_dates_is_applied(setup: SetupFactory) -> None:
    """S1SR-18.1(v): four seasons starting on any dates are applied on a mapped model."""
    body = update_import_tariff()
    seasons = body.find(f".//{sr('Seasons')}")
    assert seasons is not None
    template = seasons[0]
    for number, (month, day) in enumerate([(2, 29), (7, 1), (12, 31)], start=2):
        season = etree.fromstring(etree.tostring(template))
        season.find(sr("SeasonName")).text = f"SEASON{number}"  # type: ignore[union-attr]
        season.find(f".//{sr('SpecifiedMonth')}").text = str(month)  # type: ignore[union-attr]
        season.find(f".//{sr('SpecifiedDayOfMonth')}").text = str(day)  # type: ignore[union-attr]
        seasons.append(season)
    for baseline in (V10, V11):
        s = setup("FOC-ESME-1", baseline)
        data = rsp(s.send("1.1.1", body=body))
        assert data.get("MessageSuccess") == "true"
        assert s.model.history(s.meter).tariff_updated


# --- 4.11.1 Read Tariff: S1SR-18.1(v), M-TARIFF-READ-BACK ---------------------------------------

#: Season start dates (month, day) to send, most DUIS allows for each fuel taken from the front.
SEASON_STARTS = [(1, 1), (2, 29), (7, 1), (12, 31)]


def tariff_with_seasons(fuel: str, starts: list[tuple[int, int]]) -> etree._Element:
    """An Update Import Tariff body for ``fuel`` whose seasons start every year on ``starts``."""
    body = update_import_tariff(fuel=fuel)  # type: ignore[arg-type]
    seasons = body.find(f".//{sr('Seasons')}")
    assert seasons is not None
    template = etree.tostring(seasons[0])
    for season in list(seasons):
        seasons.remove(season)
    for number, (month, day) in enumerate(starts, start=1):
        season = etree.fromstring(template)
        name = season.find(sr("SeasonName"))
        if name is not None:
            name.text = f"SEASON{number}"
        season.find(f".//{sr('SpecifiedMonth')}").text = str(month)  # type: ignore[union-attr]
        season.find(f".//{sr('SpecifiedDayOfMonth')}").text = str(day)  # type: ignore[union-attr]
        seasons.append(season)
    return body


def season_texts(seasons: etree._Element) -> list[list[tuple[str, str]]]:
    """Each season's leaves (local name, text) in document order, namespaces ignored."""
    return [
        [(etree.QName(e).localname, (e.text or "").strip()) for e in season.iter() if len(e) == 0]
        for season in seasons
    ]


@pytest.mark.parametrize(
    ("model_id", "fuel", "count"),
    [
        ("FOC-ESME-1", "electricity", 1),
        ("FOC-ESME-1", "electricity", 3),
        ("FOC-ESME-1", "electricity", 4),
        ("FOC-GSME-1", "gas", 1),
        ("FOC-GSME-1", "gas", 2),
        ("FOC-GSME-1", "gas", 3),
    ],
)
def test_read_tariff_reports_the_seasons_as_sent(
    setup: SetupFactory, model_id: str, fuel: str, count: int
) -> None:
    """S1SR-18.1(v): on a mapped model (v11), 4.11.1 after 1.1.1 reports the seasons exactly
    as sent, in a ReadTariffPrimaryElementRsp valid under the schema."""
    s = setup(model_id)
    assert s.model.dmves.get(model_id).subject_to("18.1(v)")
    body = tariff_with_seasons(fuel, SEASON_STARTS[:count])
    assert rsp(s.send("1.1.1", body=body)).get("MessageSuccess") == "true"
    history = s.model.history(s.meter)
    assert history.tariff_fuel == fuel
    assert history.tariff_seasons is not None
    assert len(history.tariff_seasons) == count
    data = rsp(s.send("4.11.1"))
    assert etree.QName(data).localname == "ReadTariffPrimaryElementRsp"
    assert data.get("MessageSuccess") == "true"
    (fuel_element,) = data
    assert etree.QName(fuel_element).localname == (
        "Electricity" if fuel == "electricity" else "Gas"
    )
    (reported,) = elements(data, "ra:*/ra:TariffSwitchingTable/ra:Seasons")
    (sent,) = elements(body, ".//sr:SwitchingTable/sr:Seasons")
    assert season_texts(reported) == season_texts(sent)
    starts = [
        (int(str(m.text)), int(str(d.text)))
        for m, d in zip(
            elements(reported, ".//ra:SpecifiedMonth"),
            elements(reported, ".//ra:SpecifiedDayOfMonth"),
            strict=True,
        )
    ]
    assert starts == SEASON_STARTS[:count]


def test_read_tariff_reports_the_latest_tariff(setup: SetupFactory) -> None:
    """A second 1.1.1 replaces the tariff 4.11.1 reports."""
    s = setup("FOC-ESME-1")
    s.send("1.1.1", body=tariff_with_seasons("electricity", SEASON_STARTS))
    s.send("1.1.1", body=tariff_with_seasons("electricity", [(3, 1)]))
    data = rsp(s.send("4.11.1"))
    assert [e.text for e in elements(data, ".//ra:SpecifiedMonth")] == ["3"]


@pytest.mark.parametrize(
    ("model_id", "fuel"), [("FOC-ESME-1", "Electricity"), ("IOC-GSME-1", "Gas")]
)
def test_read_tariff_before_any_update_reports_no_switching_table(
    setup: SetupFactory, model_id: str, fuel: str
) -> None:
    """M-TARIFF-READ-BACK: before any 1.1.1 the meter's fuel is reported with no seasons."""
    s = setup(model_id)
    data = rsp(s.send("4.11.1"))
    (fuel_element,) = data
    assert etree.QName(fuel_element).localname == fuel
    assert len(fuel_element) == 0


def test_read_tariff_of_a_device_that_is_not_a_meter_is_refused(setup: SetupFactory) -> None:
    """4.11.1 to a comms hub is refused with an error and nothing follows."""
    s = setup("FOC-CHF-1")
    assert_refused(s.send("4.11.1"))


# --- 1.1.2 / 4.11.2 the secondary element: S1SR-18.1(v), M-TARIFF-READ-BACK -----------------


def secondary_with_seasons(starts: list[tuple[int, int]]) -> etree._Element:
    """An Update Import Tariff (Secondary Element) body whose seasons start on ``starts``."""
    body = update_import_tariff_secondary()
    seasons = body.find(f"{sr('SwitchingTable')}/{sr('Seasons')}")
    assert seasons is not None
    primary = tariff_with_seasons("electricity", starts).find(f".//{sr('Seasons')}")
    assert primary is not None
    seasons[:] = list(primary)  # the two elements' seasons have the same content model
    return body


@pytest.mark.parametrize("count", [1, 4])
def test_read_secondary_tariff_reports_the_seasons_as_sent(setup: SetupFactory, count: int) -> None:
    """S1SR-18.1(v): on a mapped electricity meter, 4.11.2 after 1.1.2 reports the secondary
    element's seasons exactly as sent, and the primary element is left as it was."""
    s = setup("FOC-ESME-1")
    body = secondary_with_seasons(SEASON_STARTS[:count])
    dialogue = s.send("1.1.2", body=body)
    assert len(dialogue.exchanges) == 2  # PreCommand, then the signed request
    data = rsp(dialogue)
    assert etree.QName(data).localname == "UpdateImportTariffSecondaryElementRsp"
    assert data.get("MessageSuccess") == "true"
    history = s.model.history(s.meter)
    assert history.secondary_tariff_seasons is not None
    assert len(history.secondary_tariff_seasons) == count
    assert history.tariff_seasons is None
    data = rsp(s.send("4.11.2"))
    assert etree.QName(data).localname == "ReadTariffSecondaryElementRsp"
    (reported,) = elements(data, "ra:TariffSwitchingTable/ra:Seasons")
    (sent,) = elements(body, "sr:SwitchingTable/sr:Seasons")
    assert season_texts(reported) == season_texts(sent)
    assert [e.text for e in elements(reported, ".//ra:SpecifiedMonth")] == [
        str(month) for month, _ in SEASON_STARTS[:count]
    ]


def test_primary_and_secondary_tariffs_are_read_back_separately(setup: SetupFactory) -> None:
    """1.1.1 and 1.1.2 set different elements: each Read Tariff reports its own seasons."""
    s = setup("FOC-ESME-1")
    s.send("1.1.1", body=tariff_with_seasons("electricity", [(3, 1)]))
    s.send("1.1.2", body=secondary_with_seasons([(9, 1), (12, 31)]))
    primary = rsp(s.send("4.11.1"))
    secondary = rsp(s.send("4.11.2"))
    assert [e.text for e in elements(primary, ".//ra:SpecifiedMonth")] == ["3"]
    assert [e.text for e in elements(secondary, ".//ra:SpecifiedMonth")] == ["9", "12"]


def test_read_secondary_tariff_before_any_update_reports_no_switching_table(
    setup: SetupFactory,
) -> None:
    """M-TARIFF-READ-BACK: before any 1.1.2, 4.11.2 succeeds with no switching table."""
    s = setup("FOC-ESME-1")
    s.send("1.1.1")
    data = rsp(s.send("4.11.2"))
    assert data.get("MessageSuccess") == "true"
    assert len(data) == 0


@pytest.mark.parametrize("srv", ["1.1.2", "4.11.2"])
@pytest.mark.parametrize("model_id", ["FOC-GSME-1", "FOC-CHF-1"])
def test_secondary_element_of_anything_but_an_electricity_meter_is_refused(
    setup: SetupFactory, srv: str, model_id: str
) -> None:
    """M-SECONDARY-ELEMENT: 1.1.2 and 4.11.2 to a gas meter or a comms hub get an error at once,
    nothing follows and the meter's history is unchanged."""
    s = setup(model_id)
    dialogue = s.send(srv)
    assert_refused(dialogue)
    assert s.model.history(s.meter) == MeterState()


def test_update_to_a_device_that_is_not_a_meter_is_refused(setup: SetupFactory) -> None:
    """An update addressed to a comms hub is refused with an error and changes nothing."""
    s = setup("FOC-CHF-1")
    dialogue = s.send("1.1.1")
    assert_refused(dialogue)
    assert s.model.history(s.meter) == MeterState()


# --- 4.4.2: S1SR-18.17(i), S1SR-18.17(b) ----------------------------------------------------------

COM_LOG = "ra:*/ra:LogEntryConsumptionRegister | ra:*/ra:LogEntryConsumptionAndTariffRegistersData"


@pytest.mark.parametrize("model_id", ["FOC-ESME-1", "FOC-GSME-1"])
def test_mode_or_tariff_log_times_out_without_an_update(setup: SetupFactory, model_id: str) -> None:
    """S1SR-18.17(i): no tariff or payment-mode update yet, so I99 and S1CE20, no response."""
    s = setup(model_id)
    dialogue = s.send("4.4.2")
    assert_timed_out(dialogue)
    (alert,) = alerts(dialogue)
    assert alert.device_id == s.meter


@pytest.mark.parametrize(
    ("update", "model_id"),
    [
        ("1.1.1", "FOC-ESME-1"),
        ("1.1.1", "FOC-GSME-1"),
        ("1.1.2", "FOC-ESME-1"),
        ("1.6", "FOC-ESME-1"),
        ("1.6", "FOC-GSME-1"),
    ],
)
def test_mode_or_tariff_log_is_returned_after_an_update(
    setup: SetupFactory, update: str, model_id: str
) -> None:
    """S1SR-18.17(i): after an update through DUIS the log holds that update's snapshot."""
    s = setup(model_id)
    s.send(update)
    data = rsp(s.read("4.4.2", utc(2026, 1, 1), utc(2026, 1, 16)))
    assert etree.QName(data).localname == "RetrieveCoMOrTariffTriggeredBillingDataLogRsp"
    assert [r.stamp for r in rows(data, COM_LOG)] == ["2026-01-15T12:00:00Z"]


@pytest.mark.parametrize(
    "history",
    [{"tariff_updated": True}, {"payment_mode_updated": True}],
    ids=["tariff update", "payment mode update"],
)
def test_mode_or_tariff_log_is_returned_after_a_recorded_update(
    setup: SetupFactory, history: dict[str, bool]
) -> None:
    """S1SR-18.17(i): a history holding either update lifts the time-out."""
    s = setup("FOC-GSME-1")
    history_after(s, **history)
    rsp(s.send("4.4.2"))


@pytest.mark.parametrize("model_id", ["IOC-ESME-1", "IOC-GSME-1", "MOCS-ESME-1"])
def test_mode_or_tariff_log_on_an_unmapped_model_is_returned_at_once(
    setup: SetupFactory, model_id: str
) -> None:
    """Negative control for S1SR-18.17(i): the log is returned without any update."""
    s = setup(model_id)
    rsp(s.send("4.4.2"))


def test_mode_or_tariff_clause_does_not_act_under_s1sr_v10(setup: SetupFactory) -> None:
    """S1SR-18.17(i) is registered under s1sr_v11 only; under s1sr_v10 the log is returned."""
    s = setup("FOC-GSME-1", V10)
    rsp(s.send("4.4.2"))


def test_mode_or_tariff_log_gas_block_counters_are_kwh(setup: SetupFactory) -> None:
    """S1SR-18.17(b): a snapshot's block counter equals the kWh consumed since the last one."""
    s = setup("FOC-GSME-1")
    s.send("1.1.1", body=update_import_tariff(fuel="gas"))
    s.model.clock.advance(timedelta(hours=10))
    s.send("1.6")
    data = rsp(s.read("4.4.2", utc(2026, 1, 1), utc(2026, 1, 16)))
    first, second = rows(data, "ra:Gas/ra:LogEntryConsumptionRegister")
    assert (first.stamp, second.stamp) == ("2026-01-15T12:00:00Z", "2026-01-15T22:00:00Z")
    # From the billing date, 1 January 00:00 GMT, to 15 January 12:00: 14.5 days at 24 kWh.
    assert first.counters == kwh(348)
    assert second.counters == kwh(10)
    # The consumption register is a volume: 10 kWh are about 0.893 m³, not 10.
    assert abs((second.consumption - first.consumption) * consumption.GAS_KWH_PER_M3 - 10) < 1


# --- 4.4.3: S1SR-18.18(g), S1SR-18.18(a), S1SR-18.18(f) -------------------------------------------

GAS_BILLING = "ra:Gas/ra:GSMEBillingDataLogEntry"
HALF_YEAR = (utc(2025, 6, 15), utc(2026, 1, 15))
#: Local midnight on the first of each month from July to January, written in UTC.
MONTH_STARTS = {
    "2025-06-30T23:00:00Z": "1 July (BST)",
    "2025-07-31T23:00:00Z": "1 August (BST)",
    "2025-08-31T23:00:00Z": "1 September (BST)",
    "2025-09-30T23:00:00Z": "1 October (BST)",
    "2025-11-01T00:00:00Z": "1 November (GMT)",
    "2025-12-01T00:00:00Z": "1 December (GMT)",
    "2026-01-01T00:00:00Z": "1 January (GMT)",
}


@pytest.mark.parametrize("model_id", ["FOC-ESME-1", "FOC-GSME-1"])
def test_billing_calendar_log_times_out_without_a_calendar(
    setup: SetupFactory, model_id: str
) -> None:
    """S1SR-18.18(g): no billing calendar yet, so I99 and S1CE20, no response."""
    s = setup(model_id)
    assert_timed_out(s.send("4.4.3"))


@pytest.mark.parametrize("how", ["DUIS 6.8", "recorded history"])
def test_billing_calendar_log_is_returned_once_a_calendar_is_set(
    setup: SetupFactory, how: str
) -> None:
    """S1SR-18.18(g): with a billing calendar the log holds the monthly snapshots."""
    s = setup("FOC-GSME-1")
    if how == "DUIS 6.8":
        s.send("6.8", body=update_billing_calendar("gas", billing_period_start=utc(2025, 6, 1)))
    else:
        history_after(s, billing_calendar_set=True)
    data = rsp(s.read("4.4.3", *HALF_YEAR))
    assert etree.QName(data).localname == "RetrieveBillingCalendarTriggeredBillingDataLogRsp"
    assert [r.stamp for r in rows(data, GAS_BILLING)] == list(MONTH_STARTS)


@pytest.mark.parametrize("model_id", ["IOC-ESME-1", "IOC-GSME-1", "MOCS-ESME-1"])
def test_billing_calendar_log_on_an_unmapped_model_is_returned_empty(
    setup: SetupFactory, model_id: str
) -> None:
    """Negative control for S1SR-18.18(g): without a calendar the log is returned, empty."""
    s = setup(model_id)
    data = rsp(s.read("4.4.3", *HALF_YEAR))
    assert not rows(data, "ra:*/ra:*[ra:Timestamp]")


def test_billing_calendar_clause_does_not_act_under_s1sr_v10(setup: SetupFactory) -> None:
    """S1SR-18.18(g) is registered under s1sr_v11 only; under s1sr_v10 the log is returned."""
    s = setup("FOC-ESME-1", V10)
    rsp(s.send("4.4.3"))


def test_billing_log_block_counters_of_an_unmapped_gas_meter_cover_the_month(
    setup: SetupFactory,
) -> None:
    """S1SR-18.18(a) control: each snapshot's counter is the month's consumption in kWh."""
    s = setup("IOC-GSME-1")
    history_after(s, billing_calendar_set=True)
    by_stamp = {r.stamp: r.counters for r in rows(rsp(s.read("4.4.3", *HALF_YEAR)), GAS_BILLING)}
    assert by_stamp["2025-06-30T23:00:00Z"] == kwh(720)  # June: 30 days
    assert by_stamp["2025-11-01T00:00:00Z"] == kwh(745)  # October: 31 days + 1 h
    assert by_stamp["2025-12-01T00:00:00Z"] == kwh(720)  # November: 30 days
    assert by_stamp["2026-01-01T00:00:00Z"] == kwh(744)  # December: 31 days


@pytest.mark.parametrize(
    ("outcome", "on_gmt", "on_bst"),
    [
        ("zero-in-gmt", 0, 23),  # the sample's configured outcome: reset at 00:00 UTC
        ("full-day", 24, 24),  # the reset did not show: the whole local day
    ],
)
def test_billing_log_gas_counters_reset_before_the_snapshot(
    setup: SetupFactory, outcome: str, on_gmt: int, on_bst: int
) -> None:
    """S1SR-18.18(f): counters read 0 on GMT and 23 of 24 hours on BST, or the whole day."""
    s = setup("FOC-GSME-1", dmves=with_outcome("18.18(f)", outcome))
    history_after(s, billing_calendar_set=True)
    for row in rows(rsp(s.read("4.4.3", *HALF_YEAR)), GAS_BILLING):
        expected = on_bst if "BST" in MONTH_STARTS[row.stamp] else on_gmt
        assert row.counters == kwh(expected), MONTH_STARTS[row.stamp]


# --- 4.4.4: S1SR-18.19(a) -------------------------------------------------------------------------


@pytest.mark.parametrize("model_id", ["FOC-ESME-1", "FOC-GSME-1"])
def test_debt_payment_log_times_out_when_credit_never_recovered_debt(
    setup: SetupFactory, model_id: str
) -> None:
    """S1SR-18.19(a): credit added but no payment-based debt recovered, so S1CE20."""
    s = setup(model_id)
    history_after(s, credit_added=True)
    assert_timed_out(s.send("4.4.4"))


def test_debt_payment_log_is_returned_after_debt_recovery(setup: SetupFactory) -> None:
    """S1SR-18.19(a): once a top-up has recovered payment-based debt the log is returned."""
    s = setup("FOC-ESME-1")
    s.model.set_history(s.meter, MeterState().after_credit(recovers_debt=True))
    data = rsp(s.send("4.4.4"))
    assert etree.QName(data).localname == "RetrieveBillingDataLogDebtPaymentsRsp"


@pytest.mark.parametrize("model_id", ["IOC-ESME-1", "MOCS-ESME-1"])
def test_debt_payment_log_on_an_unmapped_model_is_returned(
    setup: SetupFactory, model_id: str
) -> None:
    """Negative control for S1SR-18.19(a): the log is returned although no debt was recovered."""
    s = setup(model_id)
    history_after(s, credit_added=True)
    rsp(s.send("4.4.4"))


def test_debt_payment_log_follows_top_ups_sent_through_duis(setup: SetupFactory) -> None:
    """S1SR-18.19(a) through DUIS: a plain top-up leaves S1CE20; one recovering debt lifts it."""
    if not {"2.2", "2.3"} <= HANDLERS.keys():
        pytest.skip("the prepayment handlers (2.2, 2.3) are not registered")
    s = setup("FOC-ESME-1")
    s.send("2.2")
    assert s.model.history(s.meter).credit_added
    assert_timed_out(s.send("4.4.4"))
    s.send("2.3", body=update_debt(payment_debt_register=5000, debt_recovery_per_payment=2000))
    s.send("2.2")
    assert s.model.history(s.meter).payment_debt_recovered
    rsp(s.send("4.4.4"))


# --- 4.6.1: S1SR-18.21(f), S1SR-18.21(e) ----------------------------------------------------------

DAILY = "ra:LogEntry"


@dataclass(frozen=True)
class DailyCase:
    """One row of the 18.21(f) examples: when the request arrives, the period, the entries."""

    local: datetime
    start: datetime
    end: datetime
    stamps: tuple[str, ...]
    duplicate: bool


DAILY_CASES = {
    # Last minute before the boundary: the 23:00 entry (1 July 00:00 BST) repeated at 00:00.
    "BST 22:59, period includes today": DailyCase(
        datetime(2026, 7, 1, 22, 59),
        utc(2026, 6, 29, 12),
        utc(2026, 7, 2, 12),
        ("2026-06-29T23:00:00Z", "2026-06-30T23:00:00Z", "2026-07-01T00:00:00Z"),
        duplicate=True,
    ),
    # The boundary itself is not before 23:00 (A-GB-LOCAL-TIME).
    "BST 23:00, period includes today": DailyCase(
        datetime(2026, 7, 1, 23, 0),
        utc(2026, 6, 29, 12),
        utc(2026, 7, 2, 12),
        ("2026-06-29T23:00:00Z", "2026-06-30T23:00:00Z"),
        duplicate=False,
    ),
    # The period ends yesterday.
    "BST 10:00, period ends yesterday": DailyCase(
        datetime(2026, 7, 1, 10, 0),
        utc(2026, 6, 28, 12),
        utc(2026, 6, 30, 12),
        ("2026-06-28T23:00:00Z", "2026-06-29T23:00:00Z"),
        duplicate=False,
    ),
    # The day the clocks go forward opened on GMT (00:00 UTC): there is no 23:00 entry to repeat.
    "clocks-forward day 12:00, period includes today": DailyCase(
        datetime(2026, 3, 29, 12, 0),
        utc(2026, 3, 27, 12),
        utc(2026, 3, 30, 12),
        ("2026-03-28T00:00:00Z", "2026-03-29T00:00:00Z"),
        duplicate=False,
    ),
    # Between 00:00 and 01:00 BST the 00:00 UTC copy would lie in the future: none yet.
    "BST 00:30, period includes today": DailyCase(
        datetime(2026, 7, 1, 0, 30),
        utc(2026, 6, 29, 12),
        utc(2026, 7, 2, 12),
        ("2026-06-29T23:00:00Z", "2026-06-30T23:00:00Z"),
        duplicate=False,
    ),
    # The rule applies only on BST.
    "GMT 22:59, period includes today": DailyCase(
        datetime(2026, 1, 15, 22, 59),
        utc(2026, 1, 13, 12),
        utc(2026, 1, 16, 12),
        ("2026-01-14T00:00:00Z", "2026-01-15T00:00:00Z"),
        duplicate=False,
    ),
}


@pytest.mark.parametrize("case", list(DAILY_CASES.values()), ids=list(DAILY_CASES))
@pytest.mark.parametrize("model_id", ["FOC-ESME-1", "FOC-GSME-1"])
def test_daily_log_repeats_the_23_00_entry_at_00_00_before_23_00_bst(
    setup: SetupFactory, case: DailyCase, model_id: str
) -> None:
    """S1SR-18.21(f): before 23:00 BST, a period including today gets a 00:00 duplicate."""
    s = setup(model_id)
    s.model.clock.set_local(case.local)
    entries = rows(rsp(s.read("4.6.1", case.start, case.end)), DAILY)
    assert tuple(r.stamp for r in entries) == case.stamps
    if case.duplicate:
        opening, copy = entries[-2:]
        assert copy.consumption == opening.consumption  # no increase since the 23:00 entry
        assert copy.counters == opening.counters


@pytest.mark.parametrize("model_id", ["IOC-ESME-1", "IOC-GSME-1", "MOCS-ESME-1"])
def test_daily_log_of_an_unmapped_model_has_no_duplicate(
    setup: SetupFactory, model_id: str
) -> None:
    """Negative control for S1SR-18.21(f): at 22:59 BST the log has one entry per day."""
    s = setup(model_id)
    case = DAILY_CASES["BST 22:59, period includes today"]
    s.model.clock.set_local(case.local)
    entries = rows(rsp(s.read("4.6.1", case.start, case.end)), DAILY)
    assert tuple(r.stamp for r in entries) == case.stamps[:-1]


def test_daily_log_duplicate_does_not_appear_under_s1sr_v10(setup: SetupFactory) -> None:
    """S1SR-18.21(f) is registered under s1sr_v11 only; under s1sr_v10 there is no duplicate."""
    s = setup("FOC-ESME-1", V10)
    case = DAILY_CASES["BST 22:59, period includes today"]
    s.model.clock.set_local(case.local)
    entries = rows(rsp(s.read("4.6.1", case.start, case.end)), DAILY)
    assert tuple(r.stamp for r in entries) == case.stamps[:-1]


def test_daily_log_electricity_register_grows_by_a_day_of_wh() -> None:
    """Consecutive GMT daily entries of an electricity meter differ by 24 kWh (24000 Wh)."""
    model = ReferenceModel()
    meter = model.install_device("IOC-ESME-1", hub=model.install_comms_hub())
    dialogue = DccUser(model).request(
        "4.6.1", device=meter, body=read_log("4.6.1", utc(2026, 1, 10), utc(2026, 1, 13))
    )
    assert_valid(dialogue)
    values = [r.consumption for r in rows(rsp(dialogue), DAILY)]
    assert [b - a for a, b in itertools.pairwise(values)] == [24000, 24000, 24000]


#: Daily snapshots around the clocks going forward (29 March 2026) and back (25 October 2026),
#: and on plain GMT and BST days: the snapshot's UTC stamp and the local day it closes.
CLOCK_DAYS = (
    (datetime(2026, 1, 16, 12), "2026-01-15T00:00:00Z", "14 January, GMT"),
    (datetime(2026, 7, 2, 12), "2026-06-30T23:00:00Z", "30 June, BST"),
    (datetime(2026, 3, 31, 12), "2026-03-29T00:00:00Z", "28 March, last GMT day"),
    (datetime(2026, 3, 31, 12), "2026-03-29T23:00:00Z", "29 March, clocks go forward (23 h)"),
    (datetime(2026, 10, 27, 12), "2026-10-26T00:00:00Z", "25 October, clocks go back (25 h)"),
)


@pytest.mark.parametrize(
    ("model_id", "outcome", "expected"),
    [
        ("FOC-GSME-1", None, (0, 23, 0, 23, 0)),  # sample outcome zero-in-gmt
        ("FOC-GSME-1", "full-day", (24, 24, 24, 23, 25)),
        ("IOC-GSME-1", None, (24, 24, 24, 23, 25)),  # negative control: the whole day
    ],
)
def test_daily_log_gas_counters_reset_before_the_snapshot(
    setup: SetupFactory, model_id: str, outcome: str | None, expected: tuple[int, ...]
) -> None:
    """S1SR-18.21(e): counters read 0 on GMT, 23 hours on BST, or the whole local day."""
    dmves = with_outcome("18.21(e)", outcome) if outcome else None
    s = setup(model_id, dmves=dmves)
    for (local, stamp, day), block_1 in zip(CLOCK_DAYS, expected, strict=True):
        s.model.clock.set_local(local)
        entries = rows(rsp(s.read("4.6.1", utc(2026, 1, 1), utc(2027, 1, 1))), DAILY)
        (row,) = [r for r in entries if r.stamp == stamp]
        assert row.counters == kwh(block_1), day


# --- 4.8.1, 4.8.2, 4.8.3: S1SR-18.22(b)-(d), S1SR-18.23, S1SR-18.24 -------------------------------

ONE_DAY = (utc(2026, 1, 14), utc(2026, 1, 15))
PROFILES = {
    "4.8.1": "ReadActiveImportProfileDataRsp",
    "4.8.2": "ReadReactiveImportProfileDataRsp",
    "4.8.3": "ReadExportProfileDataRsp",
}


def _profile_setup(setup: SetupFactory, model_id: str, srv: str, baseline: str) -> Setup:
    """A Setup whose user may request ``srv`` (4.8.3 is for export suppliers)."""
    s = setup(model_id, baseline)
    if srv == "4.8.3":
        s.model.add_user(ENERGY_SUPPLIER, "ES")
        s.supplier = DccUser(s.model, originator=ENERGY_SUPPLIER)
    return s


@pytest.mark.parametrize("srv", list(PROFILES))
@pytest.mark.parametrize("baseline", [V10, V11])
def test_profile_data_of_a_mapped_electricity_meter_by_baseline(
    setup: SetupFactory, srv: str, baseline: str
) -> None:
    """S1SR-18.22(b)-(d), 18.23, 18.24: refused (E11) under s1sr_v10, returned under s1sr_v11."""
    s = _profile_setup(setup, "FOC-ESME-1", srv, baseline)
    dialogue = s.read(srv, *ONE_DAY)
    if baseline == V10:
        assert_refused(dialogue)
        assert dialogue.final.reply().response_code == "E11"  # the model's chosen failure form
        return
    data = rsp(dialogue)
    assert etree.QName(data).localname == PROFILES[srv]
    stamps = [e.text for e in elements(data, "ra:LogEntry/ra:Timestamp")]
    assert (len(stamps), stamps[0], stamps[-1]) == (
        48,
        "2026-01-14T00:30:00Z",
        "2026-01-15T00:00:00Z",
    )


@pytest.mark.parametrize("baseline", [V10, V11])
def test_gas_profile_data_of_a_mapped_meter_by_baseline(setup: SetupFactory, baseline: str) -> None:
    """S1SR-18.22(b)-(d), 18.23, 18.24 on a gas meter: half-hourly volumes under s1sr_v11."""
    s = setup("FOC-GSME-1", baseline)
    dialogue = s.read("4.8.1", *ONE_DAY)
    if baseline == V10:
        assert_refused(dialogue)
        return
    values = elements(rsp(dialogue), "ra:LogEntry/ra:Gas/ra:PrimaryValue")
    # 0.5 kWh every half hour is 0.045 m³ at 11.2 kWh/m³.
    assert [Decimal(str(v.text)) for v in values] == [Decimal("0.045")] * 48


@pytest.mark.parametrize("model_id", ["IOC-ESME-1", "MOCS-ESME-1"])
@pytest.mark.parametrize("baseline", [V10, V11])
def test_profile_data_of_an_unmapped_model_is_returned_under_every_baseline(
    setup: SetupFactory, model_id: str, baseline: str
) -> None:
    """Negative control: a model no profile clause maps to returns 0.5 kWh per half hour."""
    s = setup(model_id, baseline)
    values = elements(rsp(s.read("4.8.1", *ONE_DAY)), "ra:LogEntry/ra:Electricity/ra:PrimaryValue")
    assert [int(str(v.text)) for v in values] == [500] * 48


@pytest.mark.parametrize("srv", ["4.8.2", "4.8.3"])
def test_electricity_only_profiles_are_refused_for_a_gas_meter(
    setup: SetupFactory, srv: str
) -> None:
    """Reactive import and export profiles are refused with an error for a gas meter."""
    s = _profile_setup(setup, "IOC-GSME-1", srv, V11)
    assert_refused(s.read(srv, *ONE_DAY))


# --- targets that are not SMETS1 meters -----------------------------------------------------------


@pytest.mark.parametrize("srv", ["4.4.2", "4.4.3", "4.4.4", "4.6.1", "4.8.1"])
def test_log_request_to_a_comms_hub_is_refused(setup: SetupFactory, srv: str) -> None:
    """A log request addressed to a comms hub is refused synchronously."""
    assert_refused(setup("FOC-CHF-1").send(srv))
