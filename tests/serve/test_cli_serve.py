"""``duis-harness serve`` as a user starts it: ready file, answers, clean stop, usage errors."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from harness.cli.main import main

LAUNCH = "import sys; from harness.cli.main import main; sys.exit(main(sys.argv[1:]))"


def _wait_for(path: Path, process: subprocess.Popen[str], seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text("utf-8").strip():
            return path.read_text("utf-8").strip()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    _, err = process.communicate()
    pytest.fail(f"serve did not write its ready file: {err}")


def test_serve_writes_ready_file_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    """serve writes its URL to the ready file, answers there, and exits 0 on SIGTERM."""
    ready = tmp_path / "serve.url"
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "serve", "--port", "0", "--ready-file", str(ready)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _wait_for(ready, process)
        info = requests.get(f"{url}/harness/v1/info", timeout=10).json()
        assert info["baseline"] == "s1sr_v11+mp202_enduring"
        assert "install_device" in info["capabilities"]
        process.send_signal(signal.SIGTERM)
        try:
            _, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"serve did not stop on SIGTERM: {process.communicate()[1]}")
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "stopped" in err
    assert "GET /harness/v1/info" in err


def test_receive_url_must_be_http(capsys: pytest.CaptureFixture[str]) -> None:
    """A Receive Response URL that is not http(s) is a usage error naming the option."""
    assert main(["serve", "--receive-url", "ftp://x/receive"]) == 2
    assert "--receive-url must be an http(s) URL" in capsys.readouterr().err


def test_sign_key_without_certificate_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """serve refuses to sign with a key but no certificate."""
    key = tmp_path / "key.pem"
    key.write_text("not read", "utf-8")
    assert main(["serve", "--sign-key", str(key)]) == 2
    assert "both a private key and its certificate" in capsys.readouterr().err


def test_info_is_json_with_the_schema_set(tmp_path: Path) -> None:
    """The control API's info names the schema set serve validates against."""
    from harness.serve.config import ServeConfig
    from harness.serve.server import Server

    with Server(ServeConfig()) as server:
        info = json.loads(requests.get(f"{server.url}/harness/v1/info", timeout=10).text)
    assert info["schema"].startswith("bundled DUIS")
