"""Steps about devices and the inventory: which meter a scenario talks to.

The meter's EUI-64 travels as the ``meter`` fixture, its fuel as ``meter_fuel``; the register
entry a scenario is about comes from its tags (:func:`scenario_requirement`).
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers

from harness.duis.identifiers import Eui64
from harness.errors import HarnessError
from harness.model.devices import DeviceType
from harness.model.dmves import DeviceModel
from harness.register import Requirement, default_register
from harness.suite.verdicts import not_applicable
from harness.user import Target
from steps.capabilities import capability
from steps.vocabulary import TYPES, Fuel

_METER_TYPES: dict[Fuel, DeviceType] = {"electricity": DeviceType.ESME, "gas": DeviceType.GSME}


def scenario_requirement(request: pytest.FixtureRequest) -> Requirement:
    """The one Section 18 register entry the scenario's tags name (HarnessError otherwise)."""
    tags = {m.name for m in request.node.iter_markers()}
    found = [r for r in default_register() if r.tag in tags and r.clause]
    if len(found) != 1:
        clauses = [r.clause for r in found]
        raise HarnessError(f"a clause scenario needs exactly one clause tag (found {clauses})")
    return found[0]


def _clause_of(request: pytest.FixtureRequest) -> str:
    return str(scenario_requirement(request).clause)


def _installed(target: Target, model: DeviceModel) -> Eui64:
    install_hub = capability(target, "install_comms_hub", "install a migrated SMETS1 comms hub")
    install = capability(target, "install_device", "install a migrated SMETS1 device")
    device: Eui64 = install(model.id, hub=install_hub())
    return device


@pytest.fixture
def meter_fuel(duis_device_model: DeviceModel) -> Fuel:
    """The fuel of the scenario's meter: gas for a gas meter (GSME) model, else electricity."""
    return "gas" if duis_device_model.device_type is DeviceType.GSME else "electricity"


@given(
    "a commissioned SMETS1 meter whose device model is subject to the clause",
    target_fixture="meter",
)
def meter_subject_to_clause(
    request: pytest.FixtureRequest, duis_target: Target, duis_device_model: DeviceModel
) -> Eui64:
    """Install a meter of each device model the DMVES maps to the scenario's clause."""
    clause = _clause_of(request)
    if not duis_device_model.subject_to(clause):
        raise HarnessError(f"{duis_device_model.id} is not subject to {clause}; tag the scenario")
    return _installed(duis_target, duis_device_model)


@given(
    parsers.parse(
        "a commissioned SMETS1 {fuel:Fuel} meter whose device model is subject to the clause",
        extra_types=TYPES,
    ),
    target_fixture="meter",
)
def fuel_meter_subject_to_clause(
    request: pytest.FixtureRequest,
    duis_target: Target,
    duis_device_model: DeviceModel,
    fuel: Fuel,
) -> Eui64:
    """As above, for the mapped models of one fuel; other models are not applicable."""
    if duis_device_model.device_type is not _METER_TYPES[fuel]:
        found, wanted = duis_device_model.device_type.value, _METER_TYPES[fuel].value
        reason = f"{duis_device_model.id} has device type {found}; the scenario needs {wanted}"
        pytest.skip(not_applicable(reason))
    return meter_subject_to_clause(request, duis_target, duis_device_model)


@given(
    "a commissioned SMETS1 meter whose device model is not subject to the clause",
    target_fixture="meter",
)
def meter_not_subject_to_clause(
    request: pytest.FixtureRequest, duis_target: Target, duis_device_model: DeviceModel
) -> Eui64:
    """Install a meter of a device model the clause does not apply to (negative control)."""
    clause = _clause_of(request)
    if duis_device_model.subject_to(clause):
        raise HarnessError(f"{duis_device_model.id} is subject to {clause}: not a control")
    return _installed(duis_target, duis_device_model)
