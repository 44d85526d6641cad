"""SRV handlers of the reference model; importing this package registers all of them."""

from __future__ import annotations

from importlib import import_module

_MODULES = ("firmware", "inventory", "logs", "prepayment")

for _name in _MODULES:
    import_module(f"{__name__}.{_name}")
