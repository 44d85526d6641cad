"""Batch validation of a large capture: throughput per core against raw lxml, the speed-up from
two processes, and peak memory.

Writes a concatenated capture of ``--messages`` DUIS requests (default 100,000; a mix of SRVs,
one in ten made schema-invalid), then in the same run:

1. **raw lxml**: the capture split the same way, each message parsed with the same hardened
   parser settings and validated against the same compiled schema; nothing else;
2. the harness's batch engine in this process (the same work without process start-up);
3. ``duis-harness validate --jobs 1`` and ``--jobs 2`` on the capture, each in its own process,
   output to /dev/null, peak RSS of the process read from the kernel.

Targets: harness throughput with one job ≥ 0.8 × raw lxml; speed-up of two jobs ≥ 1.7 ×; peak
RSS flat (< 150 MB) however many messages.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness.batch import engine
from harness.batch.sources import documents
from harness.duis.builder import build_request
from harness.duis.schemas import load_schema_set
from harness.duis.xmlinput import DEFAULT_MAX_BYTES, parse_bytes

SRVS = ("11.2", "4.4.2", "6.8", "8.11", "1.6")
DEVICE = "00-DB-12-34-56-78-90-A4"
LAUNCH = "import sys; from harness.cli.main import main; sys.exit(main(sys.argv[1:]))"


def _capture(path: Path, count: int) -> None:
    templates = []
    for srv in SRVS:
        try:
            templates.append(build_request(srv, target=DEVICE, counter=1).xml)
        except Exception:  # an SRV this schema set cannot build is left out
            continue
    with path.open("wb") as out:
        for number in range(count):
            xml = templates[number % len(templates)]
            if number % 10 == 9:
                xml = xml.replace(b"<sr:CommandVariant>", b"<sr:CommandVariant>9", 1)
            out.write(xml)


def _raw(path: Path) -> tuple[float, int]:
    schema = load_schema_set().lxml_schema()
    start = time.perf_counter()
    count = 0
    for document in documents([str(path)], capture=True):
        assert document.data is not None
        schema.validate(parse_bytes(document.data, document.source))
        count += 1
    return time.perf_counter() - start, count


def _engine(path: Path) -> float:
    """Seconds for the harness's batch engine in this process (schema already compiled)."""
    start = time.perf_counter()
    engine.run(documents([str(path)], capture=True), xsd=None, max_bytes=DEFAULT_MAX_BYTES)
    return time.perf_counter() - start


def _harness(path: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one validate process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            LAUNCH,
            "validate",
            "--capture",
            "--format",
            "jsonl",
            "--progress",
            "never",
            "--jobs",
            str(jobs),
            str(path),
        ],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        capture = Path(folder) / "capture.xmls"
        _capture(capture, args.messages)
        size = capture.stat().st_size / 1e6
        raw_s, count = _raw(capture)
        engine_s = _engine(capture)
        one_s, one_rss = _harness(capture, 1)
        two_s, two_rss = _harness(capture, 2)
    raw_rate, one_rate, two_rate = count / raw_s, count / one_s, count / two_s
    print(f"\n{count} messages, {size:.0f} MB capture, schema {load_schema_set().label}")
    print(f"raw lxml (parse + validate):   {raw_rate:10,.0f} msg/s")
    print(f"batch engine, in process:      {count / engine_s:10,.0f} msg/s  (no start-up)")
    print(f"validate --jobs 1:             {one_rate:10,.0f} msg/s  peak RSS {one_rss:5.0f} MB")
    print(f"validate --jobs 2:             {two_rate:10,.0f} msg/s  peak RSS {two_rss:5.0f} MB")
    ratio, speedup = one_rate / raw_rate, two_rate / one_rate
    print(f"throughput per core vs raw lxml: {ratio:.2f} (target >= 0.8)")
    print(f"speed-up with 2 jobs:            {speedup:.2f}x (target >= 1.7)")
    print(f"peak RSS, 1 job:                 {one_rss:.0f} MB (target < 150 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
