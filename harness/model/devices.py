"""Device vocabulary of the reference model: types, cohorts, SMETS versions, statuses."""

from __future__ import annotations

from enum import Enum


class DeviceType(Enum):
    """Device types of the Smart Metering Inventory (DOMAIN.md "The players")."""

    ESME = "ESME"
    GSME = "GSME"
    CHF = "CHF"
    GPF = "GPF"
    PPMID = "PPMID"
    IHD = "IHD"
    HCALCS = "HCALCS"
    CAD = "CAD"


class Cohort(Enum):
    """SMETS1 migration cohorts (seeds 000 and 002)."""

    IOC = "IOC"
    MOC_MDS = "MOC (MDS)"
    MOC_SECURE = "MOC (Secure)"
    FOC = "FOC"

    @property
    def tag(self) -> str:
        """The marker-friendly name used in feature tags (``moc_secure``)."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Cohort:
        """Accept ``MOC (Secure)``, ``MOC_Secure``, ``moc_secure`` and the like."""
        folded = text.strip().upper().replace("(", "").replace(")", "").replace(" ", "_")
        for cohort in cls:
            if folded in (cohort.name, cohort.value.upper()):
                return cohort
        choices = ", ".join(c.value for c in cls)
        raise ValueError(f"cohort must be one of {choices} (got {text!r})")


class SmetsVersion(Enum):
    """Which technical specification generation a device or CPL row belongs to."""

    SMETS1 = "SMETS1"
    SMETS2 = "SMETS2+"

    @classmethod
    def parse(cls, text: str) -> SmetsVersion:
        """Accept ``SMETS1``, ``1``, ``SMETS2+``, ``SMETS2``, ``2``."""
        folded = text.strip().upper().removeprefix("SMETS").rstrip("+")
        if folded == "1":
            return cls.SMETS1
        if folded == "2":
            return cls.SMETS2
        raise ValueError(f"SMETS version must be SMETS1 or SMETS2+ (got {text!r})")


class DeviceStatus(Enum):
    """SMI device statuses (DOMAIN.md)."""

    PENDING = "Pending"
    WHITELISTED = "Whitelisted"
    INSTALLED_NOT_COMMISSIONED = "InstalledNotCommissioned"
    COMMISSIONED = "Commissioned"
    DECOMMISSIONED = "Decommissioned"
    WITHDRAWN = "Withdrawn"
    SUSPENDED = "Suspended"
    RECOVERY = "Recovery"
    RECOVERED = "Recovered"
    #: Listed in DOMAIN.md but absent from the DUIS 5.4 DeviceStatus enumeration: never emitted.
    NOT_APPLICABLE = "NotApplicable"
