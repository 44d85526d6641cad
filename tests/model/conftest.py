"""Fixtures for reference-model tests: a model, a DCC User, and a check on everything emitted."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from harness.duis._xmltree import serialise
from harness.duis.messages import parse_message
from harness.duis.schemas import load_schema_set
from harness.duis.validation import Validator
from harness.model.baselines import Baseline
from harness.model.exchange import Exchange
from harness.model.reference import ReferenceModel
from harness.user import DccUser, Dialogue
from tests.conftest import OFFICIAL_XSD


def emitted_documents(exchange: Exchange) -> list[tuple[str, bytes]]:
    """The reply and every delivery of an exchange, labelled."""
    documents = [("reply", exchange.reply_xml)] if exchange.reply_xml else []
    documents += [(f"delivery {i}", d.xml) for i, d in enumerate(exchange.deliveries, 1)]
    return documents


def assert_valid(dialogue: Dialogue | Exchange) -> None:
    """Everything the model emitted is valid under the bundled set and, if present, official 5.4,
    and is byte for byte what the message's lxml tree serialises to."""
    exchanges = dialogue.exchanges if isinstance(dialogue, Dialogue) else (dialogue,)
    validators = [Validator(load_schema_set())]
    if (OFFICIAL_XSD / "v5.4").is_dir():
        validators.append(Validator(load_schema_set(OFFICIAL_XSD / "v5.4")))
    for exchange in exchanges:
        for label, xml in emitted_documents(exchange):
            for validator in validators:
                report = validator.validate_bytes(xml, label)
                assert report.valid, [str(p) for p in report.problems]
            # written as text; the tree of the same message must serialise to the same bytes
            assert serialise(parse_message(xml, label).to_element()) == xml


ModelFactory = Callable[..., ReferenceModel]


@pytest.fixture
def make_model() -> ModelFactory:
    """Build a reference model for a baseline name (default s1sr_v11+mp202_enduring)."""

    def make(baseline: str = "s1sr_v11+mp202_enduring") -> ReferenceModel:
        return ReferenceModel(baseline=Baseline.parse(baseline))

    return make


@pytest.fixture
def supplier_for() -> Callable[[ReferenceModel], DccUser]:
    """A DCC User (the RTDS Import Supplier) talking to a given model."""
    return lambda model: DccUser(model)
