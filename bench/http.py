"""The feature suite over HTTP against ``duis-harness serve``, as a ratio to the in-process run.

Starts ``serve`` on a free loopback port (it compiles its schemas before it reports ready, as a
live endpoint would be up before a run), then runs the whole suite alternately in process and
with ``--duis-target URL``, each as a fresh pytest subprocess, ``--rounds`` times. Prints the
median wall time of each and their ratio (target ≤ 2×), and checks that both give the same
outcome counts.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness.register import features_directory

BASE = [str(features_directory()), "-p", "no:cacheprovider", "-q"]
LAUNCH = "import sys; from harness.cli.main import main; sys.exit(main(sys.argv[1:]))"
TARGET = 2.0


def _start_serve(baseline: str, ready: Path) -> tuple[subprocess.Popen[bytes], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            LAUNCH,
            "serve",
            "--port",
            "0",
            "--baseline",
            baseline,
            "--ready-file",
            str(ready),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if ready.exists() and ready.read_text("utf-8").strip():
            return process, ready.read_text("utf-8").strip()
        time.sleep(0.05)
    process.kill()
    raise SystemExit("bench.http: serve did not start within 60 s")


def _wall(extra: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *BASE, *extra], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    return elapsed, (lines[-1] if lines else done.stderr.strip()[-300:])


def _counts(summary: str) -> str:
    return summary.split(" in ")[0]


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default="s1sr_v11+mp202_enduring")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1, help="pytest-xdist workers (-n) per run")
    args = parser.parse_args()
    options = [f"--duis-baseline={args.baseline}"]
    if args.jobs > 1:
        options += ["-n", str(args.jobs)]
    with tempfile.TemporaryDirectory() as folder:
        serve, url = _start_serve(args.baseline, Path(folder) / "serve.url")
        try:
            local: list[float] = []
            remote: list[float] = []
            summaries: set[str] = set()
            for _ in range(args.rounds):
                seconds, summary = _wall(options)
                local.append(seconds)
                summaries.add(_counts(summary))
                seconds, summary_http = _wall([*options, f"--duis-target={url}"])
                remote.append(seconds)
                summaries.add(_counts(summary_http))
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=30)
    in_process, over_http = statistics.median(local), statistics.median(remote)
    ratio = over_http / in_process
    print(f"\nbaseline {args.baseline}; {args.rounds} rounds; -n {args.jobs}")
    print(f"wall, in process: median {in_process:6.2f} s  ({', '.join(f'{s:.2f}' for s in local)})")
    print(f"wall, over HTTP:  median {over_http:6.2f} s  ({', '.join(f'{s:.2f}' for s in remote)})")
    print(
        f"ratio HTTP / in process: {ratio:.2f}x (target <= {TARGET:.0f}x: "
        f"{'met' if ratio <= TARGET else 'NOT met'})"
    )
    same = len(summaries) == 1
    print(f"same outcome counts: {'yes' if same else 'NO'} ({' | '.join(sorted(summaries))})")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
