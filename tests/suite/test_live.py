"""The suite over HTTP: against ``serve`` it gives the in-process verdicts; live-run settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.cli.main import main
from harness.errors import UsageError
from harness.model.baselines import Baseline
from harness.serve.config import ServeConfig
from harness.serve.server import Server
from harness.suite.settings import LiveOptions, Settings
from harness.suite.targets import LiveConnection, ServedTarget
from harness.wsgi_server import WsgiServer

pytest_plugins = ["pytester"]

#: Requirements whose scenarios cover alerts, DUIS errors, the critical flow, TMAD checks,
#: firmware, and set-up capabilities of every kind.
SELECTION = (
    "s1sr_18_17_i or s1sr_18_65_d or mp202_br7 or tmad_gas_72h or ssd_utrn_by_s1sp "
    "or mp202_cpl_dual_rows"
)


@pytest.fixture(scope="module")
def serve_url() -> Iterator[str]:
    """A ``serve`` in this process, on a free loopback port."""
    with Server(ServeConfig()) as server:
        yield server.url


def _verdicts(report: Path) -> dict[str, tuple[str, str]]:
    document = json.loads((report / "verdicts.json").read_text("utf-8"))
    return {s["id"]: (s["verdict"], s["reason"]) for s in document["scenarios"]}


def test_verdicts_over_serve_match_in_process(
    serve_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same scenarios give the same verdicts and reasons over HTTP as in process."""
    local, remote = tmp_path / "local", tmp_path / "http"
    assert main(["run", "--report", str(local), "--", "-m", SELECTION]) == 0
    code = main(["run", "--target", serve_url, "--report", str(remote), "--", "-m", SELECTION])
    output = capsys.readouterr().out
    assert code == 0, output
    expected, got = _verdicts(local), _verdicts(remote)
    assert len(expected) > 40
    assert {v for v, _ in expected.values()} >= {"pass", "not-applicable"}
    assert got == expected


def test_serve_on_another_baseline_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run refuses a ``serve`` that answers under another baseline than the run's."""
    config = ServeConfig(baseline=Baseline.parse("s1sr_v10+mp202_tactical"))
    with Server(config) as server:
        code = main(["run", "--target", server.url, "--", "-m", "s1sr_18_17_i"])
    output = capsys.readouterr()
    assert code == 2
    assert "serves baseline s1sr_v10+mp202_tactical" in output.out + output.err


def test_unreachable_target_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A target nobody listens on stops the run at once, saying why."""
    with WsgiServer(_not_found) as server:
        url = server.url
    code = main(["run", "--target", url, "--", "-m", "s1sr_18_17_i"])
    output = capsys.readouterr()
    assert code == 2
    assert "Connection refused" in output.out + output.err


def _not_found(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """A live endpoint without the control API (every path: 404)."""
    start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
    return [b""]


FEATURE = """
@s1sr @s1sr_18_17_i @esme @gsme @operation
Feature: S1SR-18.17(i) - needs a commissioned meter

  Scenario: A meter the harness must install first
    Given a commissioned SMETS1 meter whose device model is subject to the clause
    When the supplier requests the billing-calendar billing data log
    Then the request is acknowledged
"""


def test_live_system_lacking_set_up_is_not_applicable(pytester: pytest.Pytester) -> None:
    """On a live endpoint without serve's control API, set-up steps make the scenario
    not applicable with the reason, never a pass."""
    pytester.makefile(".feature", live=FEATURE)
    pytester.makepyfile(test_live="from pytest_bdd import scenarios\nscenarios('live.feature')\n")
    with WsgiServer(_not_found) as server:
        result = pytester.runpytest("-p", "no:cacheprovider", "--duis-target", server.url, "-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*not applicable: the target cannot*capability*"])


def _live(url: str, **options: Any) -> Settings:
    return Settings(target=url, http=LiveOptions(**options).config(url))


def test_live_system_counters_run_on_across_scenarios() -> None:
    """On a live system every scenario shares one counter sequence, starting above earlier runs."""
    with WsgiServer(_not_found) as server, LiveConnection(_live(server.url)) as live:
        first, second = live.counters(), live.counters()
        assert first is second
        counter = first.next(_originator())
        assert counter > 1_600_000_000_000  # milliseconds since 1970: above any earlier run


def test_serve_sessions_start_counters_afresh(serve_url: str) -> None:
    """Against serve each scenario is a fresh model, so its counters start again at 1."""
    with LiveConnection(_live(serve_url)) as live:
        target, session = live.scenario_target()
        assert isinstance(target, ServedTarget)
        assert session is not None
        assert live.counters().next(_originator()) == 1
        assert live.counters() is not live.counters()


def test_serve_session_is_closed_when_the_next_opens(serve_url: str) -> None:
    """A finished scenario's serve session is gone once the next scenario's session exists."""
    with LiveConnection(_live(serve_url)) as live:
        _, first = live.scenario_target()
        live.end_scenario(first)
        _, second = live.scenario_target()
        assert first is not None
        assert second is not None
        assert first != second
        with pytest.raises(Exception, match="no session"):
            live.control.call(first, "now")
        live.control.call(second, "now")


def test_bad_receiver_option_is_a_usage_error() -> None:
    """--duis-receiver without a port is refused with the option's name."""
    with pytest.raises(UsageError, match="--duis-receiver must be HOST:PORT"):
        LiveOptions(receiver="localhost").config("http://127.0.0.1:8080")


def test_bad_header_option_is_a_usage_error() -> None:
    """--duis-header without a colon is refused, quoting what was given."""
    with pytest.raises(UsageError, match="'Name: value'"):
        LiveOptions(headers=("Authorization Bearer x",)).config("http://127.0.0.1:8080")


def test_signing_key_without_certificate_is_a_usage_error() -> None:
    """Request signing needs both the key and its certificate."""
    with pytest.raises(UsageError, match="both a private key and its certificate"):
        LiveOptions(sign_key="key.pem").config("http://127.0.0.1:8080")


def test_target_that_is_not_a_url_is_a_usage_error() -> None:
    """--duis-target accepts 'reference' or an http(s) URL, nothing else."""
    with pytest.raises(UsageError, match="'reference' or an http"):
        Settings.from_options(target="ftp://x", baseline="s1sr_v11", xsd=None, dmves=None)


def _originator() -> Any:
    from harness.duis.identifiers import Eui64

    return Eui64.parse("90-B3-D5-1F-30-01-00-00")
