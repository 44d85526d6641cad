"""Steps about devices and the inventory: which meter a scenario talks to."""

from __future__ import annotations

import pytest
from pytest_bdd import given

from harness.duis.identifiers import Eui64
from harness.errors import HarnessError
from harness.model.dmves import DeviceModel
from harness.register import default_register
from harness.user import Target
from steps.capabilities import capability


def _clause_of(request: pytest.FixtureRequest) -> str:
    tags = {m.name for m in request.node.iter_markers()}
    clauses = [r.clause for r in default_register() if r.tag in tags and r.clause]
    if len(clauses) != 1:
        raise HarnessError(f"a clause scenario needs exactly one clause tag (found {clauses})")
    return clauses[0]


def _installed(target: Target, model: DeviceModel) -> Eui64:
    install_hub = capability(target, "install_comms_hub", "install a migrated SMETS1 comms hub")
    install = capability(target, "install_device", "install a migrated SMETS1 device")
    device: Eui64 = install(model.id, hub=install_hub())
    return device


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
