"""The targets a suite run talks to: the reference model, or a live HTTP endpoint.

For an http(s) ``--duis-target`` one :class:`LiveConnection` per test process holds the HTTP
session and the asynchronous receiver. When the endpoint is ``duis-harness serve`` (it answers
the control API, docs/serve.md), each scenario gets its own session there, a fresh reference
model, with the model's set-up capabilities called over HTTP, so verdicts match the in-process
run. Any other endpoint is a live system: every scenario shares it, and scenarios that need a
set-up capability are not applicable. The receiver starts each scenario afresh, and on a live
system RequestID counters run on across scenarios (from the time the run started, so a later run
continues above an earlier one), as the system keeps the last counter of each originator.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from types import TracebackType

import requests

from harness.control.client import ControlClient, ServeInfo
from harness.control.remote import RemoteCapabilities
from harness.duis.identifiers import CounterSequence
from harness.errors import TargetError, UsageError
from harness.model.exchange import Exchange
from harness.serve.config import SESSION_HEADER
from harness.suite.settings import Settings
from harness.transport.client import HttpTarget
from harness.transport.config import HttpTargetConfig
from harness.transport.environment import pin_environment
from harness.transport.receiver import Receiver
from harness.user import Target


class ServedTarget(RemoteCapabilities):
    """One ``serve`` session: DUIS over HTTP plus the model's capabilities."""

    def __init__(self, http: HttpTarget, client: ControlClient, session_id: str) -> None:
        super().__init__(client, session_id)
        self.http = http

    def handle(self, request_xml: bytes) -> Exchange:
        """Send one request to the session; return the reply and its deliveries."""
        return self.http.handle(request_xml)


class LiveConnection:
    """The HTTP session, receiver and (for ``serve``) control client of one test process."""

    def __init__(self, settings: Settings) -> None:
        if settings.http is None:
            raise UsageError("the run's target is the reference model, not an HTTP endpoint")
        self.settings = settings
        self.config: HttpTargetConfig = settings.http
        self.http = requests.Session()
        self.receiver = Receiver.from_config(self.config)
        self.control = ControlClient(
            self.config.base_url,
            self.http,
            timeout=self.config.reply_timeout,
            headers=self.config.headers,
        )
        self.info: ServeInfo | None = None
        self._shared: HttpTarget | None = None
        self._counters = CounterSequence(start=int(time.time() * 1000))
        #: The last scenario's ``serve`` session: closed when the next one is made, or at close().
        self._finished: str | None = None

    def open(self) -> LiveConnection:
        """Start the receiver and ask the endpoint whether it is ``serve``."""
        self.http.cert = self.config.requests_cert()
        self.http.verify = self.config.requests_verify()
        pin_environment(self.http, self.config.base_url)
        self.receiver.start()
        try:
            self.info = self.control.info()
        except BaseException:
            self.close()
            raise
        if self.info is not None and self.info.baseline != self.settings.baseline.name:
            self.close()
            raise UsageError(
                f"{self.config.base_url} serves baseline {self.info.baseline}, "
                f"the run asks for {self.settings.baseline.name}: start serve with "
                f"--baseline {self.settings.baseline.name}"
            )
        return self

    def close(self) -> None:
        """Close the last ``serve`` session, stop the receiver and close the HTTP session."""
        finished, self._finished = self._finished, None
        if finished is not None:
            with contextlib.suppress(TargetError):  # serve has gone: nothing left to close
                self.control.close_session(finished)
        self.receiver.stop()
        self.http.close()

    def __enter__(self) -> LiveConnection:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _target(self, config: HttpTargetConfig) -> HttpTarget:
        return HttpTarget(
            config,
            schema_set=self.settings.schema_set,
            session=self.http,
            receiver=self.receiver,
        )

    @property
    def receive_url(self) -> str:
        """Where the endpoint must POST asynchronous responses."""
        return self.config.receive_url or self.receiver.url

    def scenario_target(self) -> tuple[Target, str | None]:
        """A target for one scenario and the ``serve`` session it opened (None: live system)."""
        self.receiver.reset()
        if self.info is None:
            if self._shared is None:
                self._shared = self._target(self.config)
            return self._shared, None
        finished, self._finished = self._finished, None
        session_id = self.control.create_session(self.receive_url, replaces=finished)
        headers = {**self.config.headers, SESSION_HEADER: session_id}
        http = self._target(replace(self.config, headers=headers))
        return ServedTarget(http, self.control, session_id), session_id

    def counters(self) -> CounterSequence:
        """The RequestID counters for one scenario's DCC Users.

        A ``serve`` session is a fresh model, so counters start again; a live system remembers
        every counter it accepted, so they run on from the run's start time in milliseconds.
        """
        return CounterSequence() if self.info is not None else self._counters

    def end_scenario(self, session_id: str | None) -> None:
        """Mark the scenario's ``serve`` session done (closed with the next create, or at close)."""
        if session_id is not None:
            self._finished = session_id
