"""What the environment says about reaching a URL (proxies, CA bundle), read once, not per request.

requests reads ``HTTP(S)_PROXY``, ``NO_PROXY``, ``REQUESTS_CA_BUNDLE`` and ``CURL_CA_BUNDLE`` again
on every request, which costs about as much as a loopback round trip. The harness reads them once
per URL and turns the per-request lookup off (``trust_env = False``). The one behaviour that goes
with it: credentials from ``~/.netrc`` are not used (pass an ``Authorization`` header instead).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import requests


@dataclass(frozen=True)
class Reach:
    """Proxies and CA bundle for one URL, as the environment gives them."""

    proxies: dict[str, str]
    #: A CA bundle path from the environment, or None when it names none.
    ca_bundle: str | None


def reach_for(url: str) -> Reach:
    """The environment's proxies and CA bundle for ``url`` (requests' own rules)."""
    probe = requests.Session()
    try:
        settings = probe.merge_environment_settings(url, {}, None, None, None)
    finally:
        probe.close()
    verify = settings.get("verify")
    return Reach(dict(settings.get("proxies") or {}), verify if isinstance(verify, str) else None)


def pin_environment(session: requests.Session, url: str) -> requests.Session:
    """Give ``session`` the environment's settings for ``url`` now and stop it reading them again.

    A CA bundle already set on the session (``verify`` a path or False) wins over the environment.
    """
    reach = reach_for(url)
    session.proxies.update(reach.proxies)
    if session.verify is True and reach.ca_bundle is not None:
        session.verify = reach.ca_bundle
    session.trust_env = False
    return session


class ReachCache:
    """:func:`reach_for` remembered per URL (thread-safe), for a sender that posts to a few URLs."""

    def __init__(self) -> None:
        self._known: dict[str, Reach] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str) -> Reach:
        with self._lock:
            known = self._known.get(url)
        if known is None:
            known = reach_for(url)
            with self._lock:
                self._known[url] = known
        return known
