"""DUIS conformance harness: executable S1SR Section 18 and MP202 specifications."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
