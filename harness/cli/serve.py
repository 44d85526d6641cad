"""``duis-harness serve``: the reference model behind a DCC Boxed style HTTP interface."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from harness.cli.options import add_max_bytes_option, add_xsd_option, schema_set_from
from harness.errors import UsageError
from harness.model.baselines import DEFAULT_BASELINE, Baseline
from harness.model.dmves import load_dmves
from harness.register import default_register
from harness.serve.config import ServeConfig
from harness.serve.server import Server
from harness.signing.hooks import signer_from


def add_parser(commands: Any) -> None:
    """Register the sub-command."""
    parser = commands.add_parser(
        "serve",
        help="serve the reference model over HTTP",
        description="Answer DUIS requests on POST /api/v1/serviceS|serviceD|serviceT as the "
        "reference model does, POSTing asynchronous responses and alerts to a Receive Response "
        "URL; the harness control API is under /harness/v1/ (docs/serve.md). Runs until "
        "interrupted.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port (0: any free port)")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE.name, help="baseline profile")
    add_xsd_option(parser)
    parser.add_argument("--dmves", metavar="FILE", help="DMVES CSV file (docs/dmves.md)")
    parser.add_argument(
        "--receive-url",
        metavar="URL",
        help="Receive Response URL for requests that name no session",
    )
    parser.add_argument("--sign-key", metavar="FILE", help="private key signing the responses")
    parser.add_argument("--sign-cert", metavar="FILE", help="certificate of --sign-key")
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        help="environment variable holding the password of --sign-key",
    )
    parser.add_argument(
        "--ready-file",
        metavar="FILE",
        help="write the base URL here once listening (for scripts using --port 0)",
    )
    add_max_bytes_option(parser)
    parser.set_defaults(execute=execute)


def config_from(args: argparse.Namespace) -> ServeConfig:
    """The server configuration the options describe."""
    register = default_register()
    if args.receive_url is not None and not args.receive_url.startswith(("http://", "https://")):
        raise UsageError(f"--receive-url must be an http(s) URL (got {args.receive_url!r})")
    return ServeConfig(
        baseline=Baseline.parse(args.baseline),
        schema_set=schema_set_from(args),
        dmves=load_dmves(args.dmves, known_clauses=register.s1sr_clauses()),
        receive_url=args.receive_url,
        signer=signer_from(args.sign_key, args.sign_cert, args.password_env),
        max_bytes=args.max_bytes,
    )


def execute(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    config = config_from(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    server = Server(config, host=args.host, port=args.port)
    # compile the schema set now, so the first request is answered as fast as the rest
    config.schema_set.lxml_schema()
    config.schema_set.xmlschema_schema()
    print(
        f"duis-harness serve: {server.url} ({config.baseline.name}, {config.schema_set.label})",
        file=sys.stderr,
        flush=True,
    )
    # SIGTERM and SIGINT (even where a shell started serve in the background with SIGINT
    # ignored) only set a flag; this thread then stops the server cleanly: queued deliveries
    # are sent, the port is released. Nothing is raised into the middle of serving.
    stopping = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda signum, frame: stopping.set())
    server.start()
    try:
        if args.ready_file:  # last: whoever waits for it may stop serve at once
            Path(args.ready_file).write_text(server.url + "\n", encoding="utf-8")
        while not stopping.wait(0.5):
            pass
    finally:
        server.stop()
    print("duis-harness serve: stopped", file=sys.stderr)
    return 0
