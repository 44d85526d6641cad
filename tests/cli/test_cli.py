from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli.main import main
from tests.conftest import require_reference

DEVICE = "00-DB-12-34-56-78-90-A4"


def test_build_writes_a_valid_request_that_validate_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """build writes a request to a file that validate then reports valid (exit 0)."""
    out = tmp_path / "req.xml"
    assert main(["build", "4.4.2", "--target", DEVICE, "--counter", "9", "-o", str(out)]) == 0
    assert b"<sr:ServiceReferenceVariant>4.4.2<" in out.read_bytes()
    assert "RequestID 90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A4:9" in capsys.readouterr().err
    assert main(["validate", str(out)]) == 0
    assert "1 files: 1 valid" in capsys.readouterr().out


def test_build_to_stdout_is_xml(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Without --output the request goes to stdout as XML with a declaration."""
    assert main(["build", "11.2", "--target", DEVICE]) == 0
    assert capsysbinary.readouterr().out.startswith(b"<?xml")


def test_build_rejects_disallowed_command_variant(capsys: pytest.CaptureFixture[str]) -> None:
    """A CommandVariant the SRV does not allow is a usage error naming the allowed ones."""
    assert main(["build", "11.2", "--target", DEVICE, "--cv", "8"]) == 2
    err = capsys.readouterr().err
    assert "CommandVariant 8 is not allowed" in err
    assert "1 (non-critical" in err


def test_build_set_fills_a_field(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """--set FIELD=VALUE lands in the body."""
    code = main(
        ["build", "11.2", "--target", DEVICE, "--set", "ExecutionDateTime=2030-01-01T00:00:00Z"]
    )
    assert code == 0
    assert b"2030-01-01T00:00:00Z" in capsysbinary.readouterr().out


def test_build_set_without_equals_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--set without '=' is refused with exit 2."""
    assert main(["build", "11.2", "--target", DEVICE, "--set", "nonsense"]) == 2
    assert "FIELD=VALUE" in capsys.readouterr().err


def test_build_uncovered_srv_with_bundled_set_points_to_xsd(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An SRV the bundled set lacks fails with a hint to pass an official --xsd."""
    assert main(["build", "7.1", "--target", DEVICE]) == 2
    assert "--xsd" in capsys.readouterr().err


def test_build_any_srv_with_official_schema(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """With the official 5.4 set every one of the 129 SRVs builds (exit 0)."""
    xsd = str(require_reference() / "duis-xsd" / "v5.4")
    from harness.duis.catalogue import catalogue

    for entry in catalogue():
        target = [] if entry.non_device else ["--target", DEVICE]
        assert main(["build", entry.srv, "--xsd", xsd, *target]) == 0, entry.srv
    capsysbinary.readouterr()


def test_validate_reports_every_problem_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid file gives exit 1 and its problems with line and XPath, in text and JSON."""
    out = tmp_path / "req.xml"
    assert main(["build", "11.2", "--target", DEVICE, "-o", str(out)]) == 0
    out.write_bytes(out.read_bytes().replace(b">1</sr:CommandVariant>", b">77</sr:CommandVariant>"))
    capsys.readouterr()
    assert main(["validate", str(out)]) == 1
    text = capsys.readouterr().out
    assert "INVALID" in text
    assert "/sr:Request/sr:Header/sr:CommandVariant" in text
    assert main(["validate", "--format", "json", str(out)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["invalid"] == 1
    problem = document["files"][0]["problems"][0]
    assert problem["line"] > 1
    assert problem["kind"] == "schema"


def test_validate_unreadable_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file is reported as unreadable with exit 2, not a traceback."""
    assert main(["validate", str(tmp_path / "missing.xml")]) == 2
    assert "UNREAD" in capsys.readouterr().out


def test_validate_hostile_file_is_invalid_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An entity-expansion file is reported as forbidden (exit 1)."""
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(b'<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>')
    assert main(["validate", str(bomb)]) == 1
    assert "DOCTYPE" in capsys.readouterr().out


def test_validate_all_templates_with_official_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """Every RTDS template in the directory is valid under official 5.4 (exit 0)."""
    reference = require_reference()
    code = main(
        [
            "validate",
            "--xsd",
            str(reference / "duis-xsd" / "v5.4"),
            str(reference / "rtds-templates"),
        ]
    )
    assert code == 0
    assert "299 valid, 0 invalid" in capsys.readouterr().out


def test_inspect_describes_a_template(capsys: pytest.CaptureFixture[str]) -> None:
    """inspect names the SRV, its service name, CV meaning and the schema verdict."""
    path = require_reference() / "rtds-templates" / "CS08_11.2_SUCCESS_REQUEST_DUIS.XML"
    assert main(["inspect", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Read Firmware Version" in text
    assert "non-critical, sent to the device over the WAN" in text
    assert "valid under bundled DUIS 5.4" in text


def test_inspect_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """inspect --format json gives the description as a mapping plus the verdict."""
    out = tmp_path / "req.xml"
    assert main(["build", "12.2", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["inspect", "--format", "json", str(out)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["valid"] is True
    assert document["message"]["SRV"] == "12.2"
    assert document["message"]["Target"] == "90-B3-D5-1F-30-00-00-02"


def test_inspect_non_duis_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A well-formed non-DUIS file is a usage-level error with the reason."""
    other = tmp_path / "other.xml"
    other.write_bytes(b"<html/>")
    assert main(["inspect", str(other)]) == 2
    assert "other.xml" in capsys.readouterr().err


def test_no_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Running without a command prints usage and exits 2."""
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_a_command_loads_only_what_it_needs(tmp_path: Path) -> None:
    """validate does not import the test runner, the HTTP server or the schema generator."""
    document = tmp_path / "r.xml"
    document.write_bytes(b"<r/>")
    probe = (
        "import sys; from harness.cli.main import main; main(['validate', sys.argv[1]]); "
        "print(sorted(m for m in ('pytest', 'cheroot', 'xmlschema', 'cryptography') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(document)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
