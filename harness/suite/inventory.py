"""DCC's inventory as the steps read it: the ``Device`` entries of a Read Inventory (8.2) answer.

Which SMETS generation DCC recorded is taken from the entry's SMETSCHTSVersion text or its
CSPRegion (assumption A-SMETS-VERSION-STRINGS): the DUIS schema leaves both free text.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from harness.duis.identifiers import Eui64
from harness.duis.namespaces import sr
from harness.model.devices import SmetsVersion

__all__ = ["InventoryEntry", "inventory_entries"]


@dataclass(frozen=True)
class InventoryEntry:
    """One ``Device`` of a Read Inventory answer."""

    device_id: Eui64
    device_type: str
    smets_chts_version: str
    firmware_version: str
    csp_region: str

    @property
    def generation(self) -> SmetsVersion:
        """SMETS1 when the version text or the CSPRegion names SMETS1 (A-SMETS-VERSION-STRINGS)."""
        smets1 = "SMETS1" in "".join(self.smets_chts_version.upper().split())
        return SmetsVersion.SMETS1 if smets1 or self.csp_region == "SMETS1" else SmetsVersion.SMETS2


def inventory_entries(payload: etree._Element) -> dict[Eui64, InventoryEntry]:
    """Every ``sr:Device`` under a ``DSPInventory`` payload, by DeviceID (IdentifierError if a
    DeviceID is malformed; absent fields read as empty text)."""
    entries = [_entry(node) for node in payload.iter(sr("Device"))]
    return {entry.device_id: entry for entry in entries}


def _entry(node: etree._Element) -> InventoryEntry:
    fields = {
        etree.QName(child).localname: (child.text or "").strip()
        for child in node
        if isinstance(child.tag, str)
    }
    return InventoryEntry(
        device_id=Eui64.parse(fields.get("DeviceID", "")),
        device_type=fields.get("DeviceType", ""),
        smets_chts_version=fields.get("SMETSCHTSVersion", ""),
        firmware_version=fields.get("DeviceFirmwareVersion", ""),
        csp_region=fields.get("CSPRegion", ""),
    )
