"""POSTs asynchronous responses and alerts to Receive Response URLs, in order, off the request.

A few worker threads each own a queue; a session always uses the same worker, so its deliveries
arrive in the order the model produced them. A delivery the receiver refuses, or cannot take,
is logged (status and URL, never the body) and counted; it is not retried.
"""

from __future__ import annotations

import logging
import queue
import threading
import zlib
from dataclasses import dataclass

import requests

from harness.transport.environment import ReachCache

_LOG = logging.getLogger("harness.serve")
_STOP = None


@dataclass(frozen=True)
class Job:
    """One delivery to POST."""

    url: str
    xml: bytes
    session_id: str


class DeliverySender:
    """Delivers jobs with ``workers`` threads; ``stop`` drains the queues and ends them."""

    def __init__(self, *, workers: int = 4, timeout: float = 10.0) -> None:
        self._timeout = timeout
        self._queues: list[queue.Queue[Job | None]] = [queue.Queue() for _ in range(workers)]
        self._threads = [
            threading.Thread(target=self._work, args=(q,), name=f"serve-sender-{i}", daemon=True)
            for i, q in enumerate(self._queues)
        ]
        self.failures = 0
        self.delivered = 0
        self._count_lock = threading.Lock()
        self._reach = ReachCache()
        for thread in self._threads:
            thread.start()

    def send(self, job: Job) -> None:
        """Queue a delivery behind the session's earlier ones."""
        index = zlib.crc32(job.session_id.encode()) % len(self._queues)
        self._queues[index].put(job)

    def join(self) -> None:
        """Wait until everything queued so far was attempted."""
        for q in self._queues:
            q.join()

    def stop(self) -> None:
        """Attempt what is queued, then end the workers."""
        for q in self._queues:
            q.put(_STOP)
        for thread in self._threads:
            thread.join(timeout=self._timeout + 1)

    def _work(self, jobs: queue.Queue[Job | None]) -> None:
        http = requests.Session()
        http.trust_env = False  # the environment is read once per URL (self._reach)
        while True:
            job = jobs.get()
            try:
                if job is None:
                    return
                self._post(http, job)
            finally:
                jobs.task_done()

    def _post(self, http: requests.Session, job: Job) -> None:
        reach = self._reach(job.url)
        try:
            answer = http.post(
                job.url,
                data=job.xml,
                headers={"Content-Type": "application/xml"},
                timeout=self._timeout,
                proxies=reach.proxies,
                verify=reach.ca_bundle or True,
            )
        except requests.RequestException as exc:
            self._count(ok=False)
            _LOG.warning("delivery to %s failed: %s", job.url, type(exc).__name__)
            return
        ok = answer.status_code in (200, 202, 204)
        self._count(ok=ok)
        if not ok:
            _LOG.warning("delivery to %s refused with HTTP %d", job.url, answer.status_code)

    def _count(self, *, ok: bool) -> None:
        with self._count_lock:
            if ok:
                self.delivered += 1
            else:
                self.failures += 1
