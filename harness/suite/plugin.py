"""The pytest plugin behind the feature suite (registered through the ``pytest11`` entry point).

- ``--duis-target reference|URL``, ``--duis-baseline``, ``--duis-xsd DIR``, ``--duis-dmves FILE``;
- registers the tag taxonomy (``docs/tags.md``) as markers, so ``-m`` expressions work and
  ``--strict-markers`` catches typos;
- runs a scenario about a Section 18 clause once per device model the DMVES maps to it (and a
  ``negative_control`` scenario once per model of the same device types it does not apply to);
- reports scenarios outside the run's baseline as not applicable;
- records each scenario's verdict (pass, fail, error, not-applicable) on its report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import Any

import pytest

from harness.duis.identifiers import CounterSequence
from harness.errors import HarnessError, TargetError
from harness.model.devices import Cohort, DeviceType
from harness.model.dmves import DeviceModel
from harness.register import Requirement, default_register
from harness.report.evidence import RecordingTarget, write_evidence
from harness.suite import scenario_record
from harness.suite.settings import REFERENCE, LiveOptions, Settings
from harness.suite.targets import LiveConnection
from harness.suite.verdicts import Verdict, classify, not_applicable
from harness.user import DccUser, Target

#: The step-definition modules of ``steps/`` (each is registered as a pytest plugin).
STEP_MODULES = (
    "steps.devices",
    "steps.history",
    "steps.requests",
    "steps.responses",
    "steps.clock",
    "steps.readings",
    "steps.prepayment",
    "steps.firmware",
    "steps.inventory",
    "steps.migration",
)

SETTINGS_KEY = pytest.StashKey[Settings]()
_FAILED_STEP = pytest.StashKey[str]()

FAMILIES = ("s1sr", "mp202", "tmad", "sec", "duis", "ssd")
LIFECYCLES = ("operation", "migration", "commissioning", "installation")
BASELINE_MARKS = (
    "baseline_s1sr_v10",
    "baseline_s1sr_v11",
    "baseline_mp202_tactical",
    "baseline_mp202_enduring",
)
DEVICE_MODEL_ARG = "duis_device_model"


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--duis-*`` options."""
    group = parser.getgroup("duis", "DUIS conformance harness")
    group.addoption("--duis-target", default=REFERENCE, help="'reference' (default) or an URL")
    group.addoption(
        "--duis-baseline",
        default="s1sr_v11+mp202_enduring",
        help="baseline profile, e.g. s1sr_v10 or s1sr_v11+mp202_tactical",
    )
    group.addoption("--duis-xsd", default=None, help="official DUIS XSD directory")
    group.addoption("--duis-dmves", default=None, help="DMVES CSV file (default: the sample)")
    group.addoption(
        "--duis-evidence",
        default=None,
        metavar="DIR",
        help="write every request, reply and delivery of each scenario under DIR",
    )
    live = parser.getgroup("duis-live", "DUIS harness: http(s) targets (docs/suite.md)")
    live.addoption(
        "--duis-receiver",
        default="127.0.0.1:0",
        metavar="HOST:PORT",
        help="where the asynchronous receiver listens (port 0: any free port)",
    )
    live.addoption(
        "--duis-receive-url",
        default=None,
        metavar="URL",
        help="Receive Response URL the target must POST to (default: the receiver's address)",
    )
    live.addoption("--duis-reply-timeout", type=float, default=10.0, metavar="S")
    live.addoption(
        "--duis-deadline",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds to wait for asynchronous responses (default 10)",
    )
    live.addoption(
        "--duis-header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="extra HTTP header on every request (repeatable; never logged)",
    )
    live.addoption("--duis-sign-key", default=None, metavar="FILE", help="sign requests")
    live.addoption("--duis-sign-cert", default=None, metavar="FILE", help="its certificate")
    live.addoption(
        "--duis-password-env", default=None, metavar="VAR", help="env var with the key password"
    )
    live.addoption(
        "--duis-verify-cert",
        action="append",
        default=[],
        metavar="FILE",
        help="verify replies and deliveries against these certificates (repeatable)",
    )
    live.addoption("--duis-client-cert", default=None, metavar="FILE", help="mutual TLS")
    live.addoption("--duis-client-key", default=None, metavar="FILE", help="mutual TLS key")
    live.addoption("--duis-ca-bundle", default=None, metavar="FILE", help="CA bundle for TLS")


def marker_names() -> list[tuple[str, str]]:
    """Every marker of the taxonomy with its description."""
    names = [(r.tag, f"register requirement {r.id}") for r in default_register()]
    names += [(f, f"requirement family {f}") for f in FAMILIES]
    names += [(t.value.lower(), f"device type {t.value}") for t in DeviceType]
    names += [(c.tag, f"cohort {c.value}") for c in Cohort]
    names += [(b, f"expectation of {b.removeprefix('baseline_')}") for b in BASELINE_MARKS]
    names += [(name, f"lifecycle stage {name}") for name in LIFECYCLES]
    names.append(("negative_control", "runs on models the clause does not apply to"))
    names.append(("uncertain", "the regulation leaves the outcome uncertain"))
    return names


def pytest_configure(config: pytest.Config) -> None:
    """Load the settings once and register the markers."""
    for name, description in marker_names():
        config.addinivalue_line("markers", f"{name}: {description}")
    try:
        config.stash[SETTINGS_KEY] = Settings.from_options(
            target=config.getoption("--duis-target"),
            baseline=config.getoption("--duis-baseline"),
            xsd=config.getoption("--duis-xsd"),
            dmves=config.getoption("--duis-dmves"),
            live=_live_options(config),
        )
    except HarnessError as exc:
        raise pytest.UsageError(f"duis-harness: {exc}") from None
    for name in STEP_MODULES:
        if not config.pluginmanager.has_plugin(name):
            config.pluginmanager.register(importlib.import_module(name), name)


def _live_options(config: pytest.Config) -> LiveOptions:
    return LiveOptions(
        receiver=config.getoption("--duis-receiver"),
        receive_url=config.getoption("--duis-receive-url"),
        reply_timeout=config.getoption("--duis-reply-timeout"),
        deadline=config.getoption("--duis-deadline"),
        headers=tuple(config.getoption("--duis-header")),
        sign_key=config.getoption("--duis-sign-key"),
        sign_cert=config.getoption("--duis-sign-cert"),
        password_env=config.getoption("--duis-password-env"),
        verify_certs=tuple(config.getoption("--duis-verify-cert")),
        client_cert=config.getoption("--duis-client-cert"),
        client_key=config.getoption("--duis-client-key"),
        ca_bundle=config.getoption("--duis-ca-bundle"),
    )


def settings_of(config: pytest.Config) -> Settings:
    """The run's settings."""
    return config.stash[SETTINGS_KEY]


def _requirements(marks: Iterable[pytest.Mark]) -> list[Requirement]:
    register = default_register()
    tags = {r.tag for r in register}
    return [register.by_tag(m.name) for m in marks if m.name in tags]


def _models_for(settings: Settings, requirement: Requirement, negative: bool) -> list[DeviceModel]:
    clause = requirement.clause
    if clause is None:
        return []
    if not negative:
        return list(settings.dmves.subject_to(clause))
    types = {DeviceType(t) for t in requirement.device_types if t in DeviceType.__members__}
    return [m for m in settings.dmves.not_subject_to(clause) if m.device_type in types]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise clause scenarios by the device models the DMVES maps (or does not map)."""
    marks = list(metafunc.definition.iter_markers())
    clause_requirements = [r for r in _requirements(marks) if r.clause is not None]
    if not clause_requirements:
        return
    settings = settings_of(metafunc.config)
    negative = any(m.name == "negative_control" for m in marks)
    models = _models_for(settings, clause_requirements[0], negative)
    metafunc.fixturenames.append(DEVICE_MODEL_ARG)
    params = [pytest.param(m, id=m.id, marks=[getattr(pytest.mark, m.cohort.tag)]) for m in models]
    if not params:
        reason = not_applicable(
            f"the DMVES ({settings.dmves.source}) maps no device model "
            f"{'outside' if negative else 'to'} {clause_requirements[0].clause}"
        )
        params = [pytest.param(None, id="no-model", marks=pytest.mark.skip(reason=reason))]
    metafunc.parametrize(DEVICE_MODEL_ARG, params)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Scenarios whose baseline tags exclude the run's baseline are not applicable."""
    settings = settings_of(item.config)
    marks = {m.name for m in item.iter_markers()}
    for axis in ("s1sr", "mp202"):
        wanted = {m.removeprefix("baseline_") for m in marks if m.startswith(f"baseline_{axis}")}
        label = next(lab for lab in settings.baseline.labels if lab.startswith(axis))
        if wanted and label not in wanted:
            pytest.skip(
                not_applicable(f"expectation of {', '.join(sorted(wanted))}; run is {label}")
            )


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, exception: Exception) -> None:
    """Remember which kind of step failed (a Then means fail; anything else means error).

    A live target's transport fault (:class:`~harness.errors.TargetError`: no connection, time-out,
    unusable reply, no response by the deadline) is an error wherever it happens.
    """
    failed = "transport" if isinstance(exception, TargetError) else str(step.type)
    request.node.stash[_FAILED_STEP] = failed


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the verdict, requirements and device model to each report's user properties."""
    report: pytest.TestReport = yield
    if report.when != "call" and not (report.skipped or report.failed):
        return report
    reason = ""
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
    step_type = item.stash.get(_FAILED_STEP, None) if report.when == "call" else None
    verdict = classify(report.outcome, reason, step_type)
    report.user_properties.append(("duis_verdict", verdict.value))
    requirements = _requirements(item.iter_markers())
    report.user_properties.append(("duis_requirements", " ".join(r.id for r in requirements)))
    callspec = getattr(item, "callspec", None)
    model = callspec.params.get(DEVICE_MODEL_ARG) if callspec is not None else None
    report.user_properties.append(("duis_device_model", model.id if model is not None else "-"))
    if verdict is Verdict.NOT_APPLICABLE:
        report.user_properties.append(("duis_reason", reason.removeprefix("not applicable: ")))
    elif verdict in (Verdict.ERROR, Verdict.FAIL) and report.longrepr is not None:
        report.user_properties.append(("duis_reason", _first_line(report)))
    steps = scenario_record.record(item, report)
    if steps is not None:  # an attribute, not a user property: it stays out of junit.xml
        setattr(report, scenario_record.PROPERTY, steps)
    return report


def _first_line(report: pytest.TestReport) -> str:
    """The last line of a failure's representation (the exception and its message)."""
    lines = [line for line in str(report.longrepr).splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


@pytest.fixture
def duis_settings(request: pytest.FixtureRequest) -> Settings:
    """The run's settings (target, baseline, schema set, DMVES, register)."""
    return settings_of(request.config)


@pytest.fixture(scope="session")
def duis_live(request: pytest.FixtureRequest) -> Generator[LiveConnection | None, None, None]:
    """The HTTP session and receiver of an http(s) run, for the whole process (else None)."""
    settings = settings_of(request.config)
    if settings.http is None:
        yield None
        return
    try:
        connection = LiveConnection(settings).open()
    except HarnessError as exc:
        pytest.exit(f"duis-harness: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def duis_target(
    request: pytest.FixtureRequest, duis_settings: Settings, duis_live: LiveConnection | None
) -> Generator[Target, None, None]:
    """A fresh target for each scenario: a new reference model, or a new ``serve`` session.

    A live endpoint that is not ``serve`` is shared by every scenario (docs/suite.md). With
    ``--duis-evidence DIR`` every exchange is recorded and written there when the scenario ends.
    """
    session_id: str | None = None
    if duis_live is None:
        from harness.model.reference import ReferenceModel

        target: Target = ReferenceModel(
            baseline=duis_settings.baseline,
            dmves=duis_settings.dmves,
            schema_set=duis_settings.schema_set,
        )
    else:
        target, session_id = duis_live.scenario_target()
    evidence = request.config.getoption("--duis-evidence")
    recorder = RecordingTarget(target) if evidence else None
    try:
        yield recorder if recorder is not None else target
    finally:
        if recorder is not None:
            write_evidence(Path(evidence), request.node.nodeid, recorder.exchanges)
        if duis_live is not None:
            duis_live.end_scenario(session_id)


@pytest.fixture
def duis_counters(duis_live: LiveConnection | None) -> CounterSequence:
    """The RequestID counters of a scenario's DCC Users (run on across a live system)."""
    return CounterSequence() if duis_live is None else duis_live.counters()


@pytest.fixture
def supplier(
    duis_target: Target, duis_settings: Settings, duis_counters: CounterSequence
) -> DccUser:
    """The DCC User the scenarios speak as (an Import Supplier)."""
    return DccUser(duis_target, schema_set=duis_settings.schema_set, counters=duis_counters)


@pytest.fixture
def record_outcome(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Record the outcome seen for a regulation-uncertain scenario (A-UNCERTAIN-VERDICT).

    The report then shows the pass as "outcome allowed, not certain" with this text.
    """

    def record(outcome: str) -> None:
        request.node.user_properties.append(("duis_outcome", outcome))

    return record
