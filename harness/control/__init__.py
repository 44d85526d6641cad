"""The harness control API: set-up capabilities of the reference model offered over HTTP.

DUIS has no request for installing a device, setting a clock or running the TMAD checks, so the
reference model offers those as *capabilities* (``steps/capabilities.py``). ``duis-harness serve``
exposes them under ``/harness/v1/``; :mod:`harness.control.client` calls them from the suite, so
the same scenarios run in process and over HTTP. A live DCC system has no such API: there the
scenarios that need a capability are not applicable.
"""
