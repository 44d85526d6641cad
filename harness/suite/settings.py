"""What a suite run is configured with (the ``--duis-*`` options)."""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.duis.schemas import SchemaSet, load_schema_set
from harness.errors import UsageError
from harness.model.baselines import DEFAULT_BASELINE, Baseline
from harness.model.dmves import Dmves, load_dmves
from harness.register import Register, default_register
from harness.transport.config import HttpTargetConfig

REFERENCE = "reference"


@dataclass(frozen=True)
class LiveOptions:
    """The options that only matter for an http(s) target (docs/suite.md, "Live targets")."""

    #: ``HOST:PORT`` the asynchronous receiver listens on (port 0: any free port).
    receiver: str = "127.0.0.1:0"
    receive_url: str | None = None
    #: Seconds to wait for the synchronous reply and for the asynchronous responses.
    reply_timeout: float = 10.0
    deadline: float = 10.0
    #: Extra headers, each ``Name: value``.
    headers: tuple[str, ...] = ()
    sign_key: str | None = None
    sign_cert: str | None = None
    password_env: str | None = None
    verify_certs: tuple[str, ...] = ()
    client_cert: str | None = None
    client_key: str | None = None
    ca_bundle: str | None = None

    def config(self, base_url: str) -> HttpTargetConfig:
        """The HTTP target configuration for ``base_url``; UsageError on a bad value."""
        from harness.signing.hooks import signer_from, verifier_from

        host, _, port = self.receiver.rpartition(":")
        if not host or not port.isdigit():
            raise UsageError(f"--duis-receiver must be HOST:PORT (got {self.receiver!r})")
        return HttpTargetConfig(
            base_url=base_url,
            receiver_host=host.strip("[]"),
            receiver_port=int(port),
            receive_url=self.receive_url,
            reply_timeout=self.reply_timeout,
            response_deadline=self.deadline,
            headers=dict(_header(text) for text in self.headers),
            client_cert=self.client_cert,
            client_key=self.client_key,
            ca_bundle=self.ca_bundle,
            sign=signer_from(self.sign_key, self.sign_cert, self.password_env),
            verify=verifier_from(self.verify_certs),
        )


def _header(text: str) -> tuple[str, str]:
    name, colon, value = text.partition(":")
    if not colon or not name.strip():
        raise UsageError(f"--duis-header must be 'Name: value' (got {text!r})")
    return name.strip(), value.strip()


@dataclass(frozen=True)
class Settings:
    """A run's target, baseline, schema set, DMVES and register."""

    target: str = REFERENCE
    baseline: Baseline = DEFAULT_BASELINE
    schema_set: SchemaSet = field(default_factory=load_schema_set)
    dmves: Dmves = field(default_factory=load_dmves)
    register: Register = field(default_factory=default_register)
    #: How to talk to an http(s) target; None for the reference model.
    http: HttpTargetConfig | None = None

    @classmethod
    def from_options(
        cls,
        *,
        target: str,
        baseline: str,
        xsd: str | None,
        dmves: str | None,
        live: LiveOptions | None = None,
    ) -> Settings:
        """Validate and load what the options name; UsageError / DataFileError on faults."""
        if target != REFERENCE and not target.startswith(("http://", "https://")):
            raise UsageError(
                f"--duis-target must be 'reference' or an http(s) URL (got {target!r})"
            )
        http = None
        if target != REFERENCE:
            http = (live if live is not None else LiveOptions()).config(target)
        register = default_register()
        return cls(
            target=target,
            baseline=Baseline.parse(baseline),
            schema_set=load_schema_set(xsd),
            dmves=load_dmves(dmves, known_clauses=register.s1sr_clauses()),
            register=register,
            http=http,
        )
