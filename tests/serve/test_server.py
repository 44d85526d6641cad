"""``serve`` over real sockets: oversize bodies get their 413, and the reply says what follows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.serve.config import ServeConfig
from harness.serve.server import Server
from tests.transport.conftest import post

LIMIT = 32 * 1024


@pytest.fixture(scope="module")
def small_serve() -> Iterator[str]:
    """serve with a 32 KiB request limit."""
    with Server(ServeConfig(max_bytes=LIMIT)) as server:
        yield server.url


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_oversize_request_gets_413_over_a_socket(small_serve: str, chunked: bool) -> None:
    """A body over the limit is answered 413 (the client reads it, not a broken pipe)."""
    body = b"<a>" + b"x" * (LIMIT + 8 * 1024) + b"</a>"
    for _ in range(5):
        status, _ = post(f"{small_serve}/api/v1/serviceS", body, chunked=chunked)
        assert status == 413


def test_body_that_is_not_a_request_gets_400(small_serve: str) -> None:
    """Well-formed XML that is no DUIS request is refused with 400 and the reason."""
    status, text = post(f"{small_serve}/api/v1/serviceS", b"<a/>")
    assert status == 400
    assert text
