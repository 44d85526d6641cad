"""Proxies and CA bundle from the environment are read once per URL, as requests would read them."""

from __future__ import annotations

import pytest
import requests

from harness.transport.environment import ReachCache, pin_environment, reach_for

PROXY = "http://proxy.example:3128"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy or CA variables unless the test sets them."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "no_proxy",
        "all_proxy",
        "REQUESTS_CA_BUNDLE",
        "CURL_CA_BUNDLE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_proxy_from_the_environment_is_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTPS_PROXY applies to an https target, and the session stops re-reading it."""
    monkeypatch.setenv("HTTPS_PROXY", PROXY)
    session = pin_environment(requests.Session(), "https://dcc.example/api")
    assert session.proxies.get("https") == PROXY
    assert session.trust_env is False


def test_no_proxy_exempts_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """A host listed in NO_PROXY gets no proxy."""
    monkeypatch.setenv("HTTP_PROXY", PROXY)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    assert reach_for("http://127.0.0.1:8080").proxies == {}
    assert reach_for("http://dcc.example").proxies.get("http") == PROXY


def test_ca_bundle_from_the_environment_unless_the_session_has_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """REQUESTS_CA_BUNDLE becomes the session's CA bundle, but one set explicitly wins."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/dcc-ca.pem")
    assert pin_environment(requests.Session(), "https://dcc.example").verify == (
        "/etc/ssl/dcc-ca.pem"
    )
    mine = requests.Session()
    mine.verify = "/tmp/my-ca.pem"
    assert pin_environment(mine, "https://dcc.example").verify == "/tmp/my-ca.pem"


def test_cache_reads_each_url_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed environment does not reach a URL already looked up (read once, by design)."""
    cache = ReachCache()
    monkeypatch.setenv("HTTP_PROXY", PROXY)
    assert cache("http://receiver.example/r").proxies.get("http") == PROXY
    monkeypatch.delenv("HTTP_PROXY")
    assert cache("http://receiver.example/r").proxies.get("http") == PROXY
    assert cache("http://other.example/r").proxies == {}
