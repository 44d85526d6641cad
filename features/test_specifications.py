"""Binds every feature file under features/ to pytest (run with ``duis-harness run``)."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("s1sr", "mp202", "migration")
