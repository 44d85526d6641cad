"""The compiled schema is per thread, a finished thread's copy is reused, not recompiled, and a
compile that fails is tried again before its error is believed."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from lxml import etree

from harness.duis.builder import build_request
from harness.duis.schemas import COMPILE_ATTEMPTS, SchemaSet, load_schema_set
from harness.errors import SchemaLoadError


def _in_thread(schema_set: SchemaSet) -> etree.XMLSchema:
    found: list[etree.XMLSchema] = []
    thread = threading.Thread(target=lambda: found.append(schema_set.lxml_schema()))
    thread.start()
    thread.join()
    return found[0]


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> tuple[SchemaSet, list[int]]:
    """A fresh bundled schema set that counts its compilations."""
    schema_set = SchemaSet(load_schema_set().directory, bundled=True)
    count: list[int] = []
    original = schema_set._compile_lxml

    def counting() -> etree.XMLSchema:
        count.append(1)
        return original()

    monkeypatch.setattr(schema_set, "_compile_lxml", counting)
    return schema_set, count


def test_threads_one_after_another_compile_once(compiles: tuple[SchemaSet, list[int]]) -> None:
    """Threads that run one after another (a server's per-request threads) share one compile."""
    schema_set, count = compiles
    first = _in_thread(schema_set)
    assert all(_in_thread(schema_set) is first for _ in range(5))
    assert len(count) == 1


def test_threads_at_the_same_time_get_their_own_copy(
    compiles: tuple[SchemaSet, list[int]],
) -> None:
    """Two threads holding a schema at once never share it (its error log is per object)."""
    schema_set, count = compiles
    mine = schema_set.lxml_schema()
    theirs = _in_thread(schema_set)
    assert theirs is not mine
    assert schema_set.lxml_schema() is mine
    assert len(count) == 2


def test_threads_compiling_at_once_all_get_a_working_schema() -> None:
    """Eight threads compiling the same fresh set at the same moment all succeed."""
    schema_set = SchemaSet(load_schema_set().directory, bundled=True)
    barrier = threading.Barrier(8)

    def compile_once() -> etree.XMLSchema:
        barrier.wait()
        return schema_set.lxml_schema()

    with ThreadPoolExecutor(max_workers=8) as pool:
        compiled = list(pool.map(lambda _: compile_once(), range(8)))
    assert len({id(c) for c in compiled}) == 8


def test_a_compile_that_fails_once_is_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema compile that fails once is tried again, and the thread gets a working schema."""
    schema_set = SchemaSet(load_schema_set().directory, bundled=True)
    original = schema_set._compile_lxml
    calls: list[int] = []

    def flaky() -> etree.XMLSchema:
        calls.append(1)
        if len(calls) == 1:
            raise SchemaLoadError(str(schema_set.main), "QName ds:Signature does not resolve")
        return original()

    monkeypatch.setattr(schema_set, "_compile_lxml", flaky)
    request = build_request("11.2", target="00-DB-12-34-56-78-90-A4").xml
    assert schema_set.lxml_schema().validate(etree.fromstring(request))
    assert len(calls) == 2


def test_a_set_failing_every_attempt_raises_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema set that fails every attempt is reported, after COMPILE_ATTEMPTS tries."""
    schema_set = SchemaSet(load_schema_set().directory, bundled=True)
    calls: list[int] = []

    def broken() -> etree.XMLSchema:
        calls.append(1)
        raise SchemaLoadError(str(schema_set.main), "broken for good")

    monkeypatch.setattr(schema_set, "_compile_lxml", broken)
    with pytest.raises(SchemaLoadError, match="broken for good"):
        schema_set.lxml_schema()
    assert len(calls) == COMPILE_ATTEMPTS
