"""Concatenated captures are cut into the same messages whatever the read size, against a plain
reference splitter: every message starts at an XML declaration; blank space before the first
one is not a message; a message over the size limit is reported oversize, by its number."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.batch.sources import Chunk, Document, _chunks, documents

DECLARATION = b'<?xml version="1.0"?>'
LIMIT = 120


def reference(data: bytes, source: str) -> list[tuple[str, bytes | None, str]]:
    """Split ``data`` the plain way, holding it whole: at every ``<?xml``."""
    starts = [i for i in range(len(data)) if data.startswith(b"<?xml", i)]
    cuts = ([0] if not starts or starts[0] > 0 else []) + starts + [len(data)]
    found: list[tuple[str, bytes | None, str]] = []
    for start, end in pairwise(cuts):
        piece = data[start:end]
        if start == 0 and not piece.startswith(b"<?xml") and not piece.strip():
            continue  # blank space before the first declaration
        name = f"{source}#{len(found) + 1}"
        found.append((name, None, "oversize") if len(piece) > LIMIT else (name, piece, ""))
    return found


def cut(path: Path, size: int, by_reference: bool) -> list[tuple[str, bytes | None, str]]:
    """The capture as ``validate --jobs N`` sees it: chunks read ``size`` bytes at a time."""
    found: list[Document] = []
    for unit in _chunks(path, LIMIT, size=size, by_reference=by_reference):
        found.extend(unit.documents(LIMIT) if isinstance(unit, Chunk) else [unit])
    return [(d.source, d.data, d.problem) for d in found]


message = st.builds(
    lambda body, tail: DECLARATION + b"<m>" + body + b"</m>" + tail,
    st.binary(max_size=150).map(lambda b: b.replace(b"<", b"(")),
    st.sampled_from([b"", b"\n", b"\r\n  "]),
)
opening = st.sampled_from([b"", b"  \n", b"garbage before", b"<?xml"])


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=opening,
    messages=st.lists(message, max_size=12),
    size=st.integers(min_value=1, max_value=400),
)
def test_chunks_cut_any_capture_like_the_reference(
    tmp_path: Path, start: bytes, messages: list[bytes], size: int
) -> None:
    """Any mix of small and oversize messages, blank or garbage openings, and any read size
    (down to one byte, so declarations straddle reads) gives the reference's messages, whether
    the chunks hold their bytes or name their span of the file, and documents() (one process)
    gives the same."""
    data = start + b"".join(messages)
    path = tmp_path / "capture.xmls"
    path.write_bytes(data)
    expected = reference(data, str(path))
    assert cut(path, size, by_reference=False) == expected
    assert cut(path, size, by_reference=True) == expected
    whole = [(d.source, d.data, d.problem) for d in documents([str(path)], max_bytes=LIMIT)]
    assert whole == expected
