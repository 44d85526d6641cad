"""XML namespaces of DUIS messages (DUIS 5.x, SEC Appendix AD and AF)."""

from __future__ import annotations

from functools import lru_cache

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
RA = "http://www.dccinterface.co.uk/ResponseAndAlert"
DS = "http://www.w3.org/2000/09/xmldsig#"
XS = "http://www.w3.org/2001/XMLSchema"

NSMAP: dict[str, str] = {"sr": SR, "ra": RA, "ds": DS}


@lru_cache(maxsize=4096)  # one string per name: its hash is kept, look-ups compare by identity
def sr(local: str) -> str:
    """Clark name of an element in the ServiceUserGateway namespace."""
    return f"{{{SR}}}{local}"


@lru_cache(maxsize=4096)  # one string per name: its hash is kept, look-ups compare by identity
def ra(local: str) -> str:
    """Clark name of an element in the ResponseAndAlert (MMC) namespace."""
    return f"{{{RA}}}{local}"


@lru_cache(maxsize=4096)  # one string per name: its hash is kept, look-ups compare by identity
def ds(local: str) -> str:
    """Clark name of an element in the XML-DSig namespace."""
    return f"{{{DS}}}{local}"
