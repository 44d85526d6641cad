from __future__ import annotations

import pytest

from harness.model.baselines import Baseline
from harness.model.devices import DeviceStatus, SmetsVersion
from harness.model.reference import ReferenceModel


@pytest.mark.parametrize(
    ("baseline", "row_firmware"),
    [("s1sr_v11+mp202_tactical", "FB000002"), ("s1sr_v11+mp202_enduring", "0B000002")],
)
def test_dual_mode_ppmid_installs_with_the_rows_its_mp202_mode_needs(
    baseline: str, row_firmware: str
) -> None:
    """A dual-mode PPMID gets a made-up SMETS1 row under tactical, the real one under enduring."""
    model = ReferenceModel(baseline=Baseline.parse(baseline))
    hub = model.install_comms_hub()
    ppmid = model.inventory.get(model.install_device("FOC-PPMID-DUAL", hub=hub))
    assert ppmid.cpl_entry.firmware_version == row_firmware
    assert ppmid.running_firmware == "0B000002"
    assert ppmid.smets_version is SmetsVersion.SMETS1
    assert ppmid.status is DeviceStatus.COMMISSIONED
    assert ppmid.comms_hub == hub
    smets2_rows = [r for r in model.cpl if r.smets_version is SmetsVersion.SMETS2]
    assert [r.firmware_version for r in smets2_rows] == ["0B000002"]


def test_installed_devices_get_distinct_ids_and_join_the_hub_log() -> None:
    """Set-up installs give each device its own EUI-64 and put meters in the hub's log."""
    model = ReferenceModel()
    hub = model.install_comms_hub()
    meters = [model.install_device("FOC-ESME-1", hub=hub) for _ in range(3)]
    assert len({hub, *meters}) == 4
    assert set(model.inventory.han_log(hub)) == set(meters)
