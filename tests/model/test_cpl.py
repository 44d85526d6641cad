from __future__ import annotations

from dataclasses import replace

import pytest

from harness.errors import HarnessError
from harness.model.baselines import Mp202Mode
from harness.model.cpl import (
    AmbiguousCplRowError,
    Cpl,
    CplEntry,
    CplError,
    DuplicateCplRowError,
    InvalidCplEntryError,
)
from harness.model.devices import DeviceType, SmetsVersion

S1 = SmetsVersion.SMETS1
S2 = SmetsVersion.SMETS2
PPMID_S2 = CplEntry("Maker", "Dual", "0002", "0B000002", DeviceType.PPMID, S2, dual_mode=True)
PPMID_S1_SAME_FW = replace(PPMID_S2, smets_version=S1)
PPMID_S1_MADE_UP = replace(PPMID_S1_SAME_FW, firmware_version="FFFF0002")
ESME_S2 = CplEntry("Maker", "Meter", "0101", "01020304", DeviceType.ESME, S2)


def test_entry_refuses_an_empty_field() -> None:
    """A CPL row with a blank firmware version is refused, naming the field."""
    with pytest.raises(InvalidCplEntryError) as caught:
        CplEntry("Maker", "Dual", "0002", " ", DeviceType.PPMID, S2)
    assert caught.value.field == "firmware_version"
    assert isinstance(caught.value, HarnessError)


def test_keys_differ_by_mode() -> None:
    """The enduring key adds the SMETS version to the tactical one."""
    assert PPMID_S2.key("tactical") == ("Maker", "Dual", "0002", "0B000002", "PPMID")
    assert PPMID_S2.key("enduring") == (*PPMID_S2.key("tactical"), "SMETS2+")


def test_tactical_refuses_a_second_row_with_the_same_firmware() -> None:
    """Tactical: a dual-mode SMETS1 row with the real firmware version repeats the key."""
    cpl = Cpl("tactical", [PPMID_S2])
    with pytest.raises(DuplicateCplRowError) as caught:
        cpl.add(PPMID_S1_SAME_FW)
    error = caught.value
    assert error.mode == "tactical"
    assert error.existing == PPMID_S2
    assert error.key == PPMID_S2.key("tactical")
    assert "differen" in error.reason
    assert "MP202-TACTICAL-DIFF-FW" in str(error)
    assert len(cpl) == 1


def test_tactical_accepts_a_differentiating_firmware_version() -> None:
    """Tactical: the SMETS1 row with a made-up firmware version sits beside the real one."""
    cpl = Cpl("tactical", [PPMID_S2, PPMID_S1_MADE_UP])
    assert cpl.rows_for("Maker", "Dual", "0002", DeviceType.PPMID) == (PPMID_S2, PPMID_S1_MADE_UP)
    assert cpl.find("Maker", "Dual", "0002", "FFFF0002", DeviceType.PPMID) == PPMID_S1_MADE_UP


def test_enduring_accepts_two_rows_with_the_same_firmware() -> None:
    """Enduring: a dual-mode PPMID has a SMETS1 and a SMETS2+ row with one firmware version."""
    cpl = Cpl("enduring", [PPMID_S2, PPMID_S1_SAME_FW])
    assert len(cpl.rows_for("Maker", "Dual", "0002", DeviceType.PPMID)) == 2
    found = cpl.find("Maker", "Dual", "0002", "0B000002", DeviceType.PPMID, S1)
    assert found == PPMID_S1_SAME_FW


@pytest.mark.parametrize("mode", ["tactical", "enduring"])
def test_the_same_full_key_is_refused_in_both_modes(mode: Mp202Mode) -> None:
    """A row repeating every key field, SMETS version included, is refused."""
    cpl = Cpl(mode, [PPMID_S2])
    with pytest.raises(DuplicateCplRowError, match="already listed"):
        cpl.add(replace(PPMID_S2))


def test_enduring_refuses_same_firmware_rows_for_a_single_mode_model() -> None:
    """Enduring: only a dual-mode model may repeat a firmware version across SMETS versions."""
    cpl = Cpl("enduring", [ESME_S2])
    with pytest.raises(DuplicateCplRowError, match="only a dual-mode model"):
        cpl.add(replace(ESME_S2, smets_version=S1))


def test_find_without_version_is_ambiguous_between_dual_rows() -> None:
    """Enduring: a lookup without SMETS version cannot choose between the two rows."""
    cpl = Cpl("enduring", [PPMID_S2, PPMID_S1_SAME_FW])
    with pytest.raises(AmbiguousCplRowError) as caught:
        cpl.find("Maker", "Dual", "0002", "0B000002", DeviceType.PPMID)
    assert set(caught.value.candidates) == {PPMID_S2, PPMID_S1_SAME_FW}
    assert isinstance(caught.value, CplError)


def test_find_returns_none_for_an_unlisted_row() -> None:
    """Unknown firmware, or a SMETS version with no row, finds nothing."""
    cpl = Cpl("enduring", [PPMID_S2])
    assert cpl.find("Maker", "Dual", "0002", "99999999", DeviceType.PPMID) is None
    assert cpl.find("Maker", "Dual", "0002", "0B000002", DeviceType.PPMID, S1) is None


def test_rows_for_separates_models_and_types() -> None:
    """rows_for lists only the rows of that model, hardware version and device type."""
    cpl = Cpl("tactical", [PPMID_S2, ESME_S2, replace(PPMID_S2, hardware_version="0003")])
    assert cpl.rows_for("Maker", "Dual", "0002", DeviceType.PPMID) == (PPMID_S2,)
    assert cpl.rows_for("Maker", "Dual", "0002", DeviceType.IHD) == ()
    assert ESME_S2 in cpl
    assert list(cpl)[1] == ESME_S2
