"""Batch validation of a large capture: throughput per core against raw lxml, the speed-up from
two processes, and peak memory.

Writes a concatenated capture of ``--messages`` DUIS requests (default 100,000; a mix of SRVs,
one in ten made schema-invalid), then in the same run:

1. **raw lxml**: the capture split the same way, each message parsed with the same hardened
   parser settings and validated against the same compiled schema; nothing else;
2. the harness's batch engine in this process (the same work without process start-up);
3. ``duis-harness validate --jobs 1`` and ``--jobs 2`` on the capture, each in its own process,
   output to /dev/null, peak RSS of the process read from the kernel.

The four are run ``--rounds`` times (default 3), one after the other in each round, and each
figure is the median over the rounds of that round's ratio: a shared machine changes speed from
minute to minute, so a ratio is only fair between runs made close together.

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
from statistics import median

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
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the four runs")
    args = parser.parse_args()
    rates: dict[str, list[float]] = {"raw": [], "engine": [], "one": [], "two": []}
    peaks: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        capture = Path(folder) / "capture.xmls"
        _capture(capture, args.messages)
        size = capture.stat().st_size / 1e6
        for _ in range(max(1, args.rounds)):
            raw_s, count = _raw(capture)
            engine_s = _engine(capture)
            one_s, one_rss = _harness(capture, 1)
            two_s, _ = _harness(capture, 2)
            for name, seconds in (("raw", raw_s), ("engine", engine_s), ("one", one_s)):
                rates[name].append(count / seconds)
            rates["two"].append(count / two_s)
            peaks.append(one_rss)
    print(f"\n{count} messages, {size:.0f} MB capture, schema {load_schema_set().label}")
    print(f"{len(peaks)} rounds; rates are medians, ratios the median of each round's ratio")
    labels = {
        "raw": "raw lxml (parse + validate):",
        "engine": "batch engine, in process:",
        "one": "validate --jobs 1:",
        "two": "validate --jobs 2:",
    }
    for name, label in labels.items():
        spread = f"({min(rates[name]):,.0f}-{max(rates[name]):,.0f})"
        print(f"{label:<30} {median(rates[name]):10,.0f} msg/s  {spread}")
    ratios = [one / raw for one, raw in zip(rates["one"], rates["raw"], strict=True)]
    speedups = [two / one for two, one in zip(rates["two"], rates["one"], strict=True)]
    print(f"throughput per core vs raw lxml: {median(ratios):.2f} (target >= 0.8)")
    print(f"speed-up with 2 jobs:            {median(speedups):.2f}x (target >= 1.7)")
    print(f"peak RSS, 1 job:                 {max(peaks):.0f} MB (target < 150 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
