"""What every reply of the reference model shares: the ``sr:Response`` envelope, time stamps,
the code enumerations of the active schema set and the placeholder XML signature.

Every document is written through the typed messages of :mod:`harness.duis.responses` and
:mod:`harness.duis.smets1`, so XML is serialised in one place (the most frequent replies are
filled into templates made from those messages: :mod:`harness.model.replies_templated`).
Times come from the caller (the model's virtual clock) and must carry a time zone; they are
written in UTC with a ``Z``.

Signatures: DCC signs its responses and alerts, the S1SP signs what it produces (SMETS1 signed
responses, S1SP alerts), and some DCC error responses are unsigned (DOMAIN.md "Signing"). Until
the signing feature exists, every signature is the structurally valid placeholder made by
:func:`placeholder_signature`, the single place a real signer will replace.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from functools import cache, lru_cache

from lxml import etree

from harness.duis.fragment import Signature
from harness.duis.identifiers import DCC_ACCESS_CONTROL_BROKER, Eui64, RequestId
from harness.duis.namespaces import DS, ds
from harness.duis.responses import Response, ResponseBody
from harness.duis.schemas import XSD_DIR_ENV, load_schema_set
from harness.duis.skeleton import declaration

__all__ = [
    "DCC",
    "DCC_ID",
    "PLACEHOLDER_DCC_ALERT_CODE",
    "PLACEHOLDER_VALUE",
    "S1SP",
    "SCHEMA_VERSION",
    "check_dcc_alert_code",
    "check_response_code",
    "placeholder_signature",
    "respond",
    "xs_timestamp",
]

#: The ``schemaVersion`` the reference model writes on every document.
SCHEMA_VERSION = "5.4"

#: DCC's own EUI-64: the originator of DCC alerts.
DCC_ID = Eui64.parse(DCC_ACCESS_CONTROL_BROKER)

#: Names of the two signers (DCC signs responses and alerts, the S1SP what it produces).
DCC = "DCC"
S1SP = "S1SP"

#: Base64 of ``placeholder``: the DigestValue and SignatureValue of every placeholder signature.
PLACEHOLDER_VALUE = "cGxhY2Vob2xkZXI="

#: DCCAlertCode written when the caller names none. No public source says which code goes with
#: which DCCAlert kind (A-S1SP-ALERT-WRAPPER); N42 matches the project's existing S1SP alert
#: fixture, and the harness never asserts the value.
PLACEHOLDER_DCC_ALERT_CODE = "N42"

_C14N_EXCLUSIVE = "http://www.w3.org/2001/10/xml-exc-c14n#"
_ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
_ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"


@lru_cache(maxsize=64)
def xs_timestamp(moment: datetime) -> str:
    """``moment`` as an xs:dateTime in UTC with ``Z`` (milliseconds when it has a fraction).

    Raises ValueError for a naive datetime: the model never guesses a time zone.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"'now' must carry a time zone (got naive {moment.isoformat()})")
    utc = moment.astimezone(UTC)
    spec = "seconds" if not utc.microsecond else "milliseconds"
    if utc.microsecond % 1000:
        spec = "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


@cache
def placeholder_signature(signer: str = S1SP) -> Signature:
    """A structurally valid ``ds:Signature`` that signs nothing: the one signature source.

    It has what DUIS signatures have (exclusive c14n, ECDSA-SHA256, one enveloped Reference
    with ``URI=""``, SHA-256 digest, KeyInfo with X509IssuerSerial only), the value
    :data:`PLACEHOLDER_VALUE` as digest and signature, and a fictitious certificate:
    issuer ``CN=<signer>,OU=PLACEHOLDER``, serial 1. A verifier rejects it, as it should; real
    signing replaces this function when the signing feature arrives.
    """
    root = etree.Element(ds("Signature"), nsmap={"ds": DS})
    info = etree.SubElement(root, ds("SignedInfo"))
    etree.SubElement(info, ds("CanonicalizationMethod"), Algorithm=_C14N_EXCLUSIVE)
    etree.SubElement(info, ds("SignatureMethod"), Algorithm=_ECDSA_SHA256)
    reference = etree.SubElement(info, ds("Reference"), URI="")
    transforms = etree.SubElement(reference, ds("Transforms"))
    etree.SubElement(transforms, ds("Transform"), Algorithm=_ENVELOPED)
    etree.SubElement(reference, ds("DigestMethod"), Algorithm=_SHA256)
    etree.SubElement(reference, ds("DigestValue")).text = PLACEHOLDER_VALUE
    etree.SubElement(root, ds("SignatureValue")).text = PLACEHOLDER_VALUE
    serial = etree.SubElement(
        etree.SubElement(etree.SubElement(root, ds("KeyInfo")), ds("X509Data")),
        ds("X509IssuerSerial"),
    )
    etree.SubElement(serial, ds("X509IssuerName")).text = f"CN={signer},OU=PLACEHOLDER"
    etree.SubElement(serial, ds("X509SerialNumber")).text = "1"
    return Signature.from_element(root)


# --- code enumerations of the active schema set ------------------------------------------------

# by the DUIS_XSD_DIR setting in force, as load_schema_set() reads it (its resolution is cached
# by the same string): no schema set is looked up once the values are known
_ENUMERATIONS: dict[tuple[str, str], frozenset[str]] = {}
_LOCK = threading.Lock()


def _enumeration(path: str) -> frozenset[str]:
    key = (os.environ.get(XSD_DIR_ENV) or "", path)
    found = _ENUMERATIONS.get(key)
    if found is None:
        values = declaration(load_schema_set(), path).type.enumeration or ()
        found = frozenset(str(v) for v in values)
        with _LOCK:
            _ENUMERATIONS[key] = found
    return found


#: Codes every DUIS version's enumeration has (5.0 to 5.4, and the bundled set; the tests check
#: each): the model's everyday codes need no look-up of the active schema set.
EVERY_RESPONSE_CODE = frozenset({"I0", "I99"})
EVERY_DCC_ALERT_CODE = frozenset({PLACEHOLDER_DCC_ALERT_CODE})


def check_response_code(code: str, *, error: bool = False) -> str:
    """``code`` if the active schema's ResponseCode enumeration has it (and, with ``error``,
    it is an ``E…`` code); ValueError naming the allowed form otherwise."""
    if code in EVERY_RESPONSE_CODE and not error:
        return code
    allowed = _enumeration("sr:Response/Header/ResponseCode")
    if code not in allowed or (error and not code.startswith("E")):
        form = "an error code (E…)" if error else "a response code"
        raise ValueError(
            f"'code' must be {form} of the DUIS ResponseCode enumeration, such as E19 or "
            f"E050201 ({len(allowed)} values in {load_schema_set().label}) (got {code!r})"
        )
    return code


def check_dcc_alert_code(code: str) -> str:
    """``code`` if the active schema's DCCAlertCode enumeration has it; ValueError otherwise."""
    if code in EVERY_DCC_ALERT_CODE:
        return code
    allowed = _enumeration("sr:DCCAlertMessage/DCCAlertCode")
    if code not in allowed:
        raise ValueError(
            f"'dcc_alert_code' must be one of the DUIS DCCAlertCode values AD1, N1–N65 (no N32) "
            f"or N999 (got {code!r})"
        )
    return code


# --- the envelope ---------------------------------------------------------------------------


def respond(
    *,
    now: datetime,
    code: str,
    body: ResponseBody,
    request_id: RequestId | None = None,
    response_id: RequestId | None = None,
    signer: str | None = DCC,
) -> bytes:
    """A complete ``sr:Response`` document; ``signer`` None leaves it unsigned."""
    return Response(
        schema_version=SCHEMA_VERSION,
        request_id=request_id,
        response_id=response_id,
        response_code=check_response_code(code),
        response_datetime=xs_timestamp(now),
        body=body,
        signature=None if signer is None else placeholder_signature(signer),
    ).to_xml()
