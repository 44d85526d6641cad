"""XML signatures of DUIS messages: sign with an EC P-256 key, verify against certificates.

- :func:`sign` adds (or replaces) the enveloped ``ds:Signature`` ending the root element.
- :func:`verify` / :func:`verify_element` check it and name the certificate that signed, or
  raise :class:`~harness.errors.SignatureError` with one of :data:`SIGNATURE_FAILURES`.
- :func:`load_private_key`, :func:`load_certificates` and :func:`certificate_for` read PEM or
  DER files; problems are :class:`~harness.errors.KeyFileError`.

The algorithm URIs are in :mod:`harness.signing.algorithms`; docs/signing.md explains it all.
"""

from __future__ import annotations

from typing import get_args

from harness.errors import KeyFileError, SignatureError, SignatureFailure
from harness.signing.keys import certificate_for, load_certificates, load_private_key
from harness.signing.sign import sign, signature_template
from harness.signing.verify import Verified, verify, verify_element

#: Every reason a :class:`SignatureError` can give, in the order the checks run.
SIGNATURE_FAILURES: tuple[SignatureFailure, ...] = get_args(SignatureFailure)

__all__ = [
    "SIGNATURE_FAILURES",
    "KeyFileError",
    "SignatureError",
    "SignatureFailure",
    "Verified",
    "certificate_for",
    "load_certificates",
    "load_private_key",
    "sign",
    "signature_template",
    "verify",
    "verify_element",
]
