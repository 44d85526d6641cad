"""The hostile corpus through every reader: a typed error (or, for legal input, an answer),
never a traceback, a hang, or runaway memory."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
import requests

from harness.cli.main import main
from harness.duis.messages import Request, parse_message
from harness.errors import (
    ForbiddenXmlError,
    MalformedXmlError,
    MessageError,
    OversizeInputError,
)
from harness.serve.config import ServeConfig
from harness.serve.server import Server
from harness.transport.receiver import Receiver
from tests.hostile.corpus import Sample, corpus

ERRORS: dict[str, type[Exception]] = {
    "forbidden": ForbiddenXmlError,
    "malformed": MalformedXmlError,
    "oversize": OversizeInputError,
    "not-duis": MessageError,
}
#: validate's problem kind for each expectation.
KINDS = {
    "forbidden": "forbidden",
    "malformed": "malformed",
    "oversize": "oversize",
    "not-duis": "schema",
}
#: Longest any single input may take (a guard against hangs, not a performance check).
GUARD_S = 60
T = TypeVar("T")


def _guarded(call: Callable[[], T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result(timeout=GUARD_S)


def _ids(samples: tuple[Sample, ...]) -> list[str]:
    return [s.name for s in samples]


SAMPLES = corpus()


@pytest.mark.parametrize("sample", SAMPLES, ids=_ids(SAMPLES))
def test_parser_api_gives_the_typed_error(sample: Sample) -> None:
    """parse_message raises the error class of the sample's kind (legal input parses)."""
    if sample.expected == "accepted":
        assert isinstance(_guarded(lambda: parse_message(sample.data, sample.name)), Request)
        return
    with pytest.raises(ERRORS[sample.expected]) as caught:
        _guarded(lambda: parse_message(sample.data, sample.name))
    assert sample.name in str(caught.value)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus as files."""
    folder = tmp_path_factory.mktemp("hostile")
    for sample in SAMPLES:
        (folder / f"{sample.name}.xml").write_bytes(sample.data)
    return folder


def _limit_memory() -> None:
    """Runs in the child: 1.5 GB of address space, so a blow-up fails instead of swapping."""
    limit = 1536 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_validate_reports_each_file_with_its_kind_within_bounds(corpus_dir: Path) -> None:
    """validate, in a process limited to 1.5 GB and two minutes, names each file's problem."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from harness.cli.main import main; sys.exit(main(sys.argv[1:]))",
            "validate",
            "--format",
            "json",
            str(corpus_dir),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert done.returncode == 2, done.stderr  # the oversize file cannot be read
    assert "Traceback" not in done.stderr
    files = {Path(f["source"]).stem: f for f in json.loads(done.stdout)["files"]}
    for sample in SAMPLES:
        found = files[sample.name]
        if sample.expected == "accepted":
            assert found["valid"], found
            continue
        assert not found["valid"]
        assert found["problems"][0]["kind"] == KINDS[sample.expected], (sample.name, found)


@pytest.mark.parametrize("sample", SAMPLES, ids=_ids(SAMPLES))
def test_inspect_names_the_file_and_reason(
    sample: Sample, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """inspect exits 2 with a one-line error naming the file (0 for legal input)."""
    path = corpus_dir / f"{sample.name}.xml"
    code = _guarded(lambda: main(["inspect", str(path)]))
    captured = capsys.readouterr()
    if sample.expected == "accepted":
        assert code == 0
        return
    assert code == 2
    assert str(path) in captured.err
    assert "Traceback" not in captured.err


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    """A receiver with the default 16 MiB limit."""
    with Receiver() as started:
        yield started


@pytest.fixture(scope="module")
def serve_url() -> Iterator[str]:
    """serve with the default 16 MiB limit."""
    with Server(ServeConfig()) as server:
        yield server.url


def _post(url: str, data: bytes) -> requests.Response:
    return _guarded(
        lambda: requests.post(
            url, data=data, headers={"Content-Type": "application/xml"}, timeout=GUARD_S
        )
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=_ids(SAMPLES))
def test_receiver_refuses_with_400_or_413(receiver: Receiver, sample: Sample) -> None:
    """The receiver answers 413 for oversize and 400 for everything else here (none is a
    DUIS Response), and records the refusal."""
    before = len(receiver.faults())
    answer = _post(receiver.url, sample.data)
    assert answer.status_code == (413 if sample.expected == "oversize" else 400)
    assert len(receiver.faults()) == before + 1


@pytest.mark.parametrize("sample", SAMPLES, ids=_ids(SAMPLES))
def test_serve_refuses_with_400_or_413(serve_url: str, sample: Sample) -> None:
    """serve answers 413 for oversize, 400 for unreadable input, and a DUIS reply (200) for a
    legal request with a byte-order mark."""
    answer = _post(f"{serve_url}/api/v1/serviceS", sample.data)
    expected = {"accepted": 200, "oversize": 413}.get(sample.expected, 400)
    assert answer.status_code == expected, answer.text[:300]
