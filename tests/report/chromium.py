"""Headless Chromium (Debian's ``chromium`` package, installed by ``.ci/run``) for report tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: Flags that keep Chromium off the closed network and out of the sandbox it cannot have as root.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


def chromium() -> str:
    """The Chromium executable; skipped where it is absent, except under CI where it must be."""
    found = os.environ.get("DUIS_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed; .ci/run installs Debian's chromium package")
    pytest.skip("Chromium not installed (Debian package 'chromium'); CI installs it")


def run(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once on ``url`` with a fresh profile folder."""
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
