"""SRV handlers: readings and logs, and the updates the billing data logs depend on.

Importing this module registers every handler of the family, one module per subject:

| module | SRVs | register ids |
|---|---|---|
| ``logs_updates`` | 1.1.1, 1.6, 6.8 | S1SR-18.1(v), S1SR-18.17(i), S1SR-18.18(g) (the history) |
| ``logs_billing`` | 4.4.2, 4.4.3, 4.4.4 | S1SR-18.17(b)(i), S1SR-18.18(a)(f)(g), S1SR-18.19(a) |
| ``logs_daily`` | 4.6.1 | S1SR-18.21(e), S1SR-18.21(f) |
| ``logs_profile`` | 4.8.1, 4.8.2, 4.8.3 | S1SR-18.22(b)-(d), S1SR-18.23, S1SR-18.24 |
| ``logs_extra`` | 4.1.4 | S1SR-18.14(a) |

``logs_answers`` holds what they share (the reply shapes, the read period, the block counter
reset); the meters' readings come from :mod:`harness.model.consumption`.
"""

from __future__ import annotations

from harness.model.handlers import logs_billing, logs_daily, logs_extra, logs_profile, logs_updates

__all__ = ["logs_billing", "logs_daily", "logs_extra", "logs_profile", "logs_updates"]
