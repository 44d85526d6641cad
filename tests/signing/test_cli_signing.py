from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli.main import main
from tests.signing.conftest import PASSWORD


@pytest.fixture
def request_file(tmp_path: Path, request_xml: bytes) -> Path:
    """The unsigned request written to a file."""
    path = tmp_path / "req.xml"
    path.write_bytes(request_xml)
    return path


def _sign(pki: dict[str, Path], request_file: Path, out: Path, key: str = "key.pem") -> int:
    credentials = ["--key", str(pki[key]), "--cert", str(pki["cert.pem"])]
    return main(["sign", *credentials, "-o", str(out), str(request_file)])


def test_sign_then_verify_round_trip(
    pki_files: dict[str, Path],
    request_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """sign writes a signed file (exit 0) that verify accepts (exit 0) naming the signer."""
    out = tmp_path / "signed.xml"
    assert _sign(pki_files, request_file, out) == 0
    assert "signed " in capsys.readouterr().err
    assert b"<ds:SignatureValue>" in out.read_bytes()
    assert main(["verify", "--cert", str(pki_files["cert.pem"]), str(out)]) == 0
    text = capsys.readouterr().out
    assert f"verified    {out}: signed by CN=UIT Test Signer" in text
    assert "1 files: 1 verified, 0 failed, 0 unreadable" in text


def test_sign_to_stdout_with_der_key_and_bundle(
    pki_files: dict[str, Path], request_file: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A DER key and a PEM bundle holding its certificate sign to stdout."""
    credentials = ["--key", str(pki_files["key.der"]), "--cert", str(pki_files["bundle.pem"])]
    code = main(["sign", *credentials, str(request_file)])
    assert code == 0
    output = capsysbinary.readouterr().out
    assert output.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert output.rstrip().endswith(b"</sr:Request>")


def test_sign_with_password_from_environment(
    pki_files: dict[str, Path],
    request_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--password-env names the variable holding the key's password; unset is exit 2."""
    out = tmp_path / "signed.xml"
    args = ["sign", "--key", str(pki_files["key-encrypted.pem"]), "--cert"]
    args += [str(pki_files["cert.pem"]), "--password-env", "DUIS_KEY_PASSWORD", "-o", str(out)]
    monkeypatch.delenv("DUIS_KEY_PASSWORD", raising=False)
    assert main([*args, str(request_file)]) == 2
    assert "DUIS_KEY_PASSWORD: that environment variable is not set" in capsys.readouterr().err
    monkeypatch.setenv("DUIS_KEY_PASSWORD", PASSWORD)
    assert main([*args, str(request_file)]) == 0
    assert main(["verify", "--cert", str(pki_files["cert.pem"]), str(out)]) == 0


@pytest.mark.parametrize(
    ("key", "cert", "message"),
    [
        ("rsa-key.pem", "rsa-cert.pem", "signed with EC P-256 keys; this is RSA 2048-bit"),
        ("p384-key.pem", "cert.pem", "this is EC secp384r1"),
        ("key-encrypted.pem", "cert.pem", "the key is encrypted and no password was given"),
        ("key.pem", "stranger-cert.pem", "no certificate here belongs to the private key"),
        ("garbage.pem", "cert.pem", "not a readable PEM private key"),
    ],
)
def test_sign_with_unusable_key_exits_2_naming_file_and_reason(
    key: str,
    cert: str,
    message: str,
    pki_files: dict[str, Path],
    request_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A wrong kind of key, a missing password or a foreign certificate is exit 2."""
    code = main(
        ["sign", "--key", str(pki_files[key]), "--cert", str(pki_files[cert]), str(request_file)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert message in err
    assert (key if "certificate" not in message else cert) in err


def test_sign_unreadable_or_malformed_input_exits_2(
    pki_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing or malformed input file is exit 2 with its name, never a traceback."""
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<a><b></a>")
    for target in (tmp_path / "missing.xml", bad):
        credentials = ["--key", str(pki_files["key.pem"]), "--cert", str(pki_files["cert.pem"])]
        code = main(["sign", *credentials, str(target)])
        assert code == 2
        assert target.name in capsys.readouterr().err


def test_sign_to_an_unwritable_output_exits_2(
    pki_files: dict[str, Path],
    request_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An --output in a missing directory is exit 2 naming it."""
    out = tmp_path / "no" / "such" / "dir.xml"
    assert _sign(pki_files, request_file, out) == 2
    assert "cannot write" in capsys.readouterr().err


def test_verify_exit_1_names_file_and_reason_in_text_and_json(
    pki_files: dict[str, Path],
    request_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A tampered, an unsigned and a good file: exit 1, each with its verdict, text and JSON."""
    good = tmp_path / "good.xml"
    assert _sign(pki_files, request_file, good) == 0
    tampered = tmp_path / "tampered.xml"
    tampered.write_bytes(
        good.read_bytes().replace(b"<sr:CommandVariant>1<", b"<sr:CommandVariant>3<")
    )
    files = [str(good), str(tampered), str(request_file)]
    capsys.readouterr()
    assert main(["verify", "--cert", str(pki_files["cert.pem"]), *files]) == 1
    text = capsys.readouterr().out
    assert f"FAILED      {tampered}: digest mismatch" in text
    assert f"FAILED      {request_file}: no signature" in text
    assert "3 files: 1 verified, 2 failed, 0 unreadable" in text
    code = main(["verify", "--cert", str(pki_files["cert.pem"]), "--format", "json", *files])
    assert code == 1
    document = json.loads(capsys.readouterr().out)
    assert document["summary"] == {"files": 3, "verified": 1, "failed": 2, "unreadable": 0}
    by_file = {entry["file"]: entry for entry in document["files"]}
    assert by_file[str(good)]["status"] == "verified"
    assert by_file[str(good)]["signer"]["subject"].startswith("CN=UIT Test Signer")
    assert by_file[str(tampered)]["reason"] == "digest mismatch"
    assert by_file[str(request_file)]["reason"] == "no signature"


def test_verify_with_unknown_certificate_exits_1(
    pki_files: dict[str, Path],
    request_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Verifying against only an unrelated certificate is exit 1, 'unknown certificate'."""
    good = tmp_path / "good.xml"
    assert _sign(pki_files, request_file, good) == 0
    capsys.readouterr()
    assert main(["verify", "--cert", str(pki_files["stranger-cert.pem"]), str(good)]) == 1
    assert "unknown certificate" in capsys.readouterr().out
    both = ["--cert", str(pki_files["stranger-cert.pem"]), "--cert", str(pki_files["cert.der"])]
    assert main(["verify", *both, str(good)]) == 0


def test_verify_unreadable_file_exits_2(
    pki_files: dict[str, Path],
    request_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A missing or malformed file among others is exit 2, reported as unreadable."""
    good = tmp_path / "good.xml"
    assert _sign(pki_files, request_file, good) == 0
    broken = tmp_path / "broken.xml"
    broken.write_bytes(good.read_bytes()[:-30])
    capsys.readouterr()
    code = main(["verify", "--cert", str(pki_files["cert.pem"]), str(good), str(broken)])
    assert code == 2
    text = capsys.readouterr().out
    assert f"UNREADABLE  {broken}" in text
    assert "2 files: 1 verified, 0 failed, 1 unreadable" in text


def test_verify_usage_errors_exit_2(
    pki_files: dict[str, Path], request_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No --cert, or a certificate file that is not one, is exit 2."""
    with pytest.raises(SystemExit) as stopped:
        main(["verify", str(request_file)])
    assert stopped.value.code == 2
    assert "--cert" in capsys.readouterr().err
    assert main(["verify", "--cert", str(pki_files["key.pem"]), str(request_file)]) == 2
    assert "not a readable PEM certificate" in capsys.readouterr().err
