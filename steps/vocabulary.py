"""The controlled vocabulary of step parameters: business words mapped to DUIS facts.

Each parameter type is a parse type (a function with a ``pattern``) so that pytest-bdd matches
only the listed words and a misspelt one fails as an undefined step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Log:
    """A log or reading a supplier can request, with its SRV and the SMETS1 response element."""

    words: str
    srv: str
    response: str


@dataclass(frozen=True)
class Update:
    """An update a supplier can apply to a meter, with its SRV."""

    words: str
    srv: str


LOGS = {
    log.words: log
    for log in (
        Log(
            "change-of-mode billing data log",
            "4.4.2",
            "RetrieveCoMOrTariffTriggeredBillingDataLogRsp",
        ),
        Log(
            "billing-calendar billing data log",
            "4.4.3",
            "RetrieveBillingCalendarTriggeredBillingDataLogRsp",
        ),
        Log("debt payment billing data log", "4.4.4", "RetrieveBillingDataLogDebtPaymentsRsp"),
        Log("daily read log", "4.6.1", "RetrieveImportDailyReadLogRsp"),
        Log("active import profile data", "4.8.1", "ReadActiveImportProfileDataRsp"),
        Log("reactive import profile data", "4.8.2", "ReadReactiveImportProfileDataRsp"),
        Log("export profile data", "4.8.3", "ReadExportProfileDataRsp"),
    )
}

UPDATES = {
    update.words: update
    for update in (
        Update("a tariff update", "1.1.1"),
        Update("a payment mode update", "1.6"),
        Update("a billing calendar", "6.8"),
    )
}


def _choice(words: list[str]) -> str:
    return "|".join(sorted((w.replace("-", r"\-") for w in words), key=len, reverse=True))


def parse_log(text: str) -> Log:
    """A log named in business words."""
    return LOGS[text]


def parse_update(text: str) -> Update:
    """An update named in business words."""
    return UPDATES[text]


parse_log.pattern = _choice(list(LOGS))  # type: ignore[attr-defined]
parse_update.pattern = _choice(list(UPDATES))  # type: ignore[attr-defined]

TYPES = {"Log": parse_log, "Update": parse_update}
