"""The feature suite's cost: per-scenario time (median) and the speed-up from ``-n 2``.

Runs the whole suite on the reference model three ways in the same run: in one process with a
plugin recording each scenario run's setup + call + teardown time (median and p90 reported),
then as subprocesses without and with ``-n 2`` (pytest-xdist) for the wall-clock speed-up.
Verdict counts of the two subprocess runs must agree.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import defaultdict

import pytest

from harness.register import features_directory

BASE = [str(features_directory()), "-p", "no:cacheprovider", "-q"]


class _Durations:
    """Sums each test's phase durations."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] += report.duration


def _wall(extra: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *BASE, *extra], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    return elapsed, summary


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default="s1sr_v11+mp202_enduring")
    args = parser.parse_args()
    options = [f"--duis-baseline={args.baseline}"]
    durations = _Durations()
    pytest.main([*BASE, *options], plugins=[durations])
    values = sorted(durations.seconds.values())
    median = statistics.median(values) * 1000
    p90 = values[int(len(values) * 0.9) - 1] * 1000 if values else 0.0
    serial, serial_summary = _wall(options)
    parallel, parallel_summary = _wall([*options, "-n", "2"])
    print(f"\nscenario runs: {len(values)}; baseline {args.baseline}")
    print(f"per scenario run: median {median:.1f} ms, p90 {p90:.1f} ms")
    print(f"wall, 1 process:  {serial:6.2f} s   ({serial_summary})")
    print(f"wall, -n 2:       {parallel:6.2f} s   ({parallel_summary})")
    print(f"speed-up from -n 2: {serial / parallel:.2f}x")
    same = serial_summary.split(" in ")[0] == parallel_summary.split(" in ")[0]
    print(f"same verdict counts: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
