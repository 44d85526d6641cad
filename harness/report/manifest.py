"""``manifest.json``: what produced a report, and the SHA-256 of every other file in it.

:func:`write_manifest` is called last, when every other file of the report is written;
:func:`check_report` recomputes the hashes and lists every file that was changed, removed or
added since, so an edited evidence file or verdict is caught (``duis-harness report verify``).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import __version__
from harness.errors import UsageError

MANIFEST = "manifest.json"
#: The manifest format; bumped when its fields change meaning.
FORMAT = 1


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_revision(directory: Path) -> str | None:
    """The git commit the harness runs from (``+dirty`` with uncommitted changes), if any."""
    try:
        head = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(directory), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if status else head


def _report_files(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` but the manifest, by POSIX relative path, with its hash."""
    files: dict[str, str] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.relative_to(directory).as_posix() != MANIFEST:
            files[path.relative_to(directory).as_posix()] = sha256_of(path)
    return files


def write_manifest(directory: Path, run: dict[str, Any]) -> Path:
    """Write ``manifest.json`` for the report in ``directory`` with the run's description."""
    document = {
        "format": FORMAT,
        "harness": {"version": __version__, "git_revision": git_revision(Path(__file__).parent)},
        "run": run,
        "files": _report_files(directory),
    }
    path = directory / MANIFEST
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", "utf-8")
    return path


@dataclass(frozen=True)
class Finding:
    """One way a report differs from its manifest."""

    file: str
    #: ``changed``, ``missing`` or ``unexpected``.
    kind: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.file}"


def check_report(directory: Path) -> list[Finding]:
    """Every difference between the report in ``directory`` and its manifest (empty: intact).

    Raises UsageError when there is no readable manifest.
    """
    path = directory / MANIFEST
    try:
        document = json.loads(path.read_text("utf-8"))
        recorded = document["files"]
        if not isinstance(recorded, dict):
            raise TypeError("'files' is not an object")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the manifest ({exc.strerror})") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: not a harness manifest ({exc})") from None
    present = _report_files(directory)
    findings = [
        Finding(name, "changed")
        for name, digest in recorded.items()
        if name in present and present[name] != digest
    ]
    findings += [Finding(name, "missing") for name in recorded if name not in present]
    findings += [Finding(name, "unexpected") for name in present if name not in recorded]
    return sorted(findings, key=lambda f: (f.file, f.kind))
